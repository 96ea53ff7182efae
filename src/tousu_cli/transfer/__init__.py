"""Files in and out: the ledger export, and (later) imports."""
