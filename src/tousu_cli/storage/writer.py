"""Writing a batch of rows in a background thread, inside the caller's transaction.

A large import spends about as long in SQLite, storing rows and updating
indexes, as in Python, working out what the rows are. SQLite does not hold the
GIL while a statement runs, so the next batch can be worked out while this one
is stored. That needs whole batches per statement: a statement per row would
hand the GIL back and forth for every row. So each table's rows go in as one
JSON array, unpacked by SQLite's json_each.

The connection is shared: whoever else uses it waits while a statement runs
(SQLite serialises calls on one connection), so callers should look things up
before handing over a batch, not while it is written.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Sequence
from typing import Any

from tousu_cli.storage.jsontext import to_json

Statement = tuple[str, tuple[Any, ...]]


def insert_rows(table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> Statement:
    """One statement inserting ROWS (values in COLUMNS' order: text, integers, NULL)."""
    picks = ", ".join(f"json_extract(value, '$[{i}]')" for i in range(len(columns)))
    sql = f"INSERT INTO {table} ({', '.join(columns)}) SELECT {picks} FROM json_each(?)"
    return sql, (to_json(rows),)


class BackgroundWriter:
    """Runs one list of statements at a time in a thread of its own."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None

    def submit(self, statements: list[Statement]) -> None:
        """Start running STATEMENTS, after the ones submitted before."""
        self.wait()
        if not statements:
            return
        self._thread = threading.Thread(target=self._run, args=(statements,), daemon=True)
        self._thread.start()

    def _run(self, statements: list[Statement]) -> None:
        try:
            for sql, params in statements:
                self.conn.execute(sql, params)
        except BaseException as error:  # handed to the caller by wait()
            self._error = error

    def wait(self) -> None:
        """Until what was submitted is written; its error, if it failed, is raised here."""
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        if self._error is not None:
            error, self._error = self._error, None
            raise error
