"""Files in and out, never the database: a work order or a ledger read into typed
rows, and the ledger written from rows storage reads."""
