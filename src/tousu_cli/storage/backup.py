"""Copies of the database taken while it is in use (SQLite's online backup)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from tousu_cli.destination import PendingFile, ledger_files


def database_path(conn: sqlite3.Connection) -> Path | None:
    """The main database's file; None for one in memory."""
    for _, name, file in conn.execute("PRAGMA database_list"):
        if name == "main":
            return Path(file) if file else None
    return None


def backup_to(
    conn: sqlite3.Connection,
    dest: Path,
    *,
    overwrite: bool = False,
    check: Callable[[Path], None] | None = None,
) -> Path:
    """A consistent copy of the whole database at DEST (over an existing file only
    with OVERWRITE, never over the ledger itself).

    One backup step copies every page under a single read transaction: a
    snapshot, however many writers come and go meanwhile. The copy is written
    under a name of its own, readable by its owner only, CHECKed there, and
    put in place when whole and sound; otherwise nothing is left at DEST.
    """
    pending = PendingFile(dest, overwrite=overwrite, protected=ledger_files(database_path(conn)))
    try:
        target = sqlite3.connect(pending.partial)
        try:
            conn.backup(target)
            target.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        finally:
            target.close()
        if check is not None:
            check(pending.partial)
        return pending.publish()
    finally:
        pending.discard()
