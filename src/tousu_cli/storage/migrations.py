"""Numbered upgrade steps: MIGRATIONS[n] brings a version-n database to n + 1.

Each step runs in its own transaction that also sets user_version (calibre's
pattern). A new database is created from data/schema.sql directly.
"""

MIGRATIONS: dict[int, str] = {}
