"""Writing a batch of rows in a background thread, inside the caller's transaction.

A large import spends about as long in SQLite, storing rows and updating
indexes, as in Python, working out what the rows are. SQLite does not hold the
GIL while a statement runs, so the next batch can be worked out while this one
is stored. That needs whole batches per statement: a statement per row would
hand the GIL back and forth for every row. So each table's rows go in as one
JSON array, unpacked by SQLite's json_each.

The array is bound as UTF-8 bytes and read as text by SQLite: bound as a
Python str it would be decoded and encoded again with the GIL held. Binding
the rows as parameters of multi-row VALUES statements took SQLite less time,
but held the GIL longer (sqlite3 binds each value in Python's C code), and
every prepared statement of 30,000 parameters kept 4.6 MB in sqlite3's
statement cache.

The connection is shared: whoever else uses it waits while a statement runs
(SQLite serialises calls on one connection), so callers should look things up
before handing over a batch, not while it is written.
"""

from __future__ import annotations

import queue
import sqlite3
import threading
from collections.abc import Sequence
from typing import Any, NamedTuple

from tousu_cli.storage.jsontext import to_json_bytes


class Insert(NamedTuple):
    """One statement inserting many rows, and its one parameter."""

    sql: str
    rows: bytes  # the rows as a JSON array of arrays


def insert_rows(table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> Insert:
    """ROWS (values in COLUMNS' order: text, integers, NULL) as one statement."""
    picks = ", ".join(f"json_extract(value, '$[{i}]')" for i in range(len(columns)))
    sql = (
        f"INSERT INTO {table} ({', '.join(columns)}) SELECT {picks} FROM json_each(CAST(? AS TEXT))"
    )
    return Insert(sql, to_json_bytes(rows))


class BackgroundWriter:
    """Writes one list of inserts at a time, in order, in a thread of its own.

    The thread lives from the first submit to `close`: starting one per batch
    kept the caller waiting for each new thread to be scheduled.
    """

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._jobs: queue.SimpleQueue[list[Insert] | None] = queue.SimpleQueue()
        self._idle = threading.Event()
        self._idle.set()
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None

    def submit(self, inserts: list[Insert]) -> None:
        """Start writing INSERTS, after the ones submitted before."""
        self.wait()
        if not inserts:
            return
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, daemon=True)
            self._thread.start()
        self._idle.clear()
        self._jobs.put(inserts)

    def _run(self) -> None:
        while (inserts := self._jobs.get()) is not None:
            try:
                for sql, rows in inserts:
                    self.conn.execute(sql, (rows,))
            except BaseException as error:  # handed to the caller by wait()
                self._error = error
            self._idle.set()

    def wait(self) -> None:
        """Until what was submitted is written; its error, if it failed, is raised here."""
        self._idle.wait()
        if self._error is not None:
            error, self._error = self._error, None
            raise error

    def close(self) -> None:
        """Wait for what was submitted and end the thread; a later submit starts another."""
        if self._thread is not None:
            self._jobs.put(None)
            self._thread.join()
            self._thread = None
        self.wait()
