"""One command, one transaction."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass


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
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
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
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT" if decision.keep else "ROLLBACK")
