"""The ledger's values a shell completes to, read without writing anything."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tousu_cli.storage import cases_store, policy_store
from tousu_cli.storage.connection import Connection, open_read_only


@contextmanager
def read_only_ledger(path: Path) -> Iterator[Connection]:
    conn = open_read_only(path)
    try:
        yield conn
    finally:
        conn.close()


def open_numbers(conn: Connection) -> list[str]:
    return cases_store.open_numbers(conn)


def unit_names(conn: Connection) -> list[str]:
    return cases_store.unit_names(conn)


def category_names(conn: Connection) -> list[str]:
    return [name for name, _ in policy_store.categories(conn)]
