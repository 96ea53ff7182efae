"""JSON text as the database keeps it: Chinese as is."""

import json

# One encoder for every call: json.dumps with any option builds a new encoder
# each time, which is most of its cost on the small objects stored here.
to_json = json.JSONEncoder(ensure_ascii=False).encode
