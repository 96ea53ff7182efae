"""Copies of the database taken while it is in use (SQLite's online backup)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tousu_cli.domain.errors import InvalidInput
from tousu_cli.storage.whole_files import made_whole


def database_path(conn: sqlite3.Connection) -> Path | None:
    """The main database's file; None for one in memory."""
    for _, name, file in conn.execute("PRAGMA database_list"):
        if name == "main":
            return Path(file) if file else None
    return None


def backup_to(conn: sqlite3.Connection, dest: Path) -> Path:
    """A consistent copy of the whole database at DEST (never over an existing file).

    One backup step copies every page under a single read transaction: a
    snapshot, however many writers come and go meanwhile. The copy is made
    whole under a private name first (storage.whole_files).
    """
    exists = f"{dest} 已存在,备份不会覆盖已有文件"
    if dest.exists():
        raise InvalidInput(exists)
    if not dest.parent.is_dir():
        raise InvalidInput(f"目录不存在:{dest.parent}")
    with made_whole(dest, exists) as partial:
        target = sqlite3.connect(partial.path)
        try:
            conn.backup(target)
            target.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        finally:
            target.close()
        partial.kept = True
    return dest
