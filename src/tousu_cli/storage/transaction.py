"""One command, one transaction."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tousu_cli.storage.errors import DAMAGED


class LedgerConnection(sqlite3.Connection):
    """A connection to a ledger file, which remembers that the file was found
    sound: checked once per command, however many transactions it has."""

    sound = False


LOW_SPACE = 2 << 20  # bytes: less, and a write (its -wal, its -shm) may not fit


def disk_full(path: Path) -> bool:
    """Whether the disk of PATH has too little room left for a write."""
    try:
        return shutil.disk_usage(path.parent).free < LOW_SPACE
    except OSError:
        return False


def _file_of(conn: sqlite3.Connection) -> Path | None:
    for _, name, file in conn.execute("PRAGMA database_list"):
        if name == "main" and file:
            return Path(file)
    return None


def ensure_sound(conn: sqlite3.Connection) -> None:
    """Before the first write: every page of the file read and found whole
    (PRAGMA quick_check; about 1.4 s for 100,000 cases, 0.15 s for 10,000).
    A damaged file is written no more: what is written into it may be lost, or
    damage it further, and the clerk must restore a backup first."""
    if getattr(conn, "sound", False):
        return
    file = _file_of(conn)
    if file is not None and disk_full(file):
        raise sqlite3.OperationalError("database or disk is full")
    found = [row[0] for row in conn.execute("PRAGMA quick_check(5)")]
    if found != ["ok"]:
        lines = [line for text in found for line in text.splitlines() if "***" not in line]
        raise sqlite3.DatabaseError(f"{DAMAGED}:{lines[0] if lines else found[0]}")
    if isinstance(conn, LedgerConnection):
        conn.sound = True


def roll_back(conn: sqlite3.Connection) -> None:
    """Undo the transaction, if SQLite has not undone it already: a full disk or
    an I/O error ends it by itself, and a second ROLLBACK would replace the real
    cause with "cannot rollback - no transaction is active"."""
    if conn.in_transaction:
        conn.execute("ROLLBACK")


@contextmanager
def write_transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One command, one transaction: all of it is written, or none of it.

    BEGIN IMMEDIATE takes the write lock up front, so a second writer waits
    out the busy timeout instead of failing half-way through. Inside an outer
    transaction (a batch such as the demo) it is a savepoint, so a refused
    step still leaves no trace.
    """
    if conn.in_transaction:
        conn.execute("SAVEPOINT step")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK TO step")
            conn.execute("RELEASE step")
            raise
        conn.execute("RELEASE step")
        return
    ensure_sound(conn)
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        roll_back(conn)
        raise
    conn.execute("COMMIT")


@contextmanager
def read_snapshot(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One read transaction: every query inside sees the same state of the file,
    whoever writes meanwhile (WAL)."""
    conn.execute("BEGIN")
    try:
        yield conn
    finally:
        conn.execute("COMMIT")


@dataclass
class Decision:
    """Whether a decided transaction keeps what it wrote: set by its body."""

    keep: bool = False


@contextmanager
def decided_transaction(conn: sqlite3.Connection, decision: Decision) -> Iterator[None]:
    """A write transaction whose body decides, when it is done, whether all of it
    is kept (a dry run, or a file with bad rows, is not); an error undoes it."""
    ensure_sound(conn)
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        roll_back(conn)
        raise
    conn.execute("COMMIT" if decision.keep else "ROLLBACK")
