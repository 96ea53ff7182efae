"""Use cases: load, call the domain, save — one transaction each. They return
values and never print."""
