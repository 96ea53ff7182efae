"""Copies of the database taken while it is in use (SQLite's online backup)."""

from __future__ import annotations

import os
import sqlite3
import tempfile
from pathlib import Path

from tousu_cli.domain.errors import InvalidInput


def database_path(conn: sqlite3.Connection) -> Path | None:
    """The main database's file; None for one in memory."""
    for _, name, file in conn.execute("PRAGMA database_list"):
        if name == "main":
            return Path(file) if file else None
    return None


def backup_to(conn: sqlite3.Connection, dest: Path) -> Path:
    """A consistent copy of the whole database at DEST (never over an existing file).

    One backup step copies every page under a single read transaction: a
    snapshot, however many writers come and go meanwhile. The copy is written
    under a temporary name, readable by its owner only, and renamed when whole.
    """
    if dest.exists():
        raise _exists(dest)
    if not dest.parent.is_dir():
        raise InvalidInput(f"目录不存在:{dest.parent}")
    # A name of its own (mkstemp makes it 0600): two backups at once never share it.
    handle, name = tempfile.mkstemp(dir=dest.parent, prefix=f".{dest.name}.", suffix=".partial")
    os.close(handle)
    partial = Path(name)
    try:
        target = sqlite3.connect(partial)
        try:
            conn.backup(target)
            target.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        finally:
            target.close()
        _move_without_replacing(partial, dest)
    finally:
        partial.unlink(missing_ok=True)
    return dest


def _move_without_replacing(partial: Path, dest: Path) -> None:
    """A link fails where a rename would replace a file made at DEST meanwhile."""
    try:
        os.link(partial, dest)
    except FileExistsError:
        raise _exists(dest) from None
    except OSError:  # a file system without hard links (a FAT USB stick, say)
        if dest.exists():
            raise _exists(dest) from None
        partial.replace(dest)


def _exists(dest: Path) -> InvalidInput:
    return InvalidInput(f"{dest} 已存在,备份不会覆盖已有文件")
