"""Writing a batch of rows in a background thread, inside the caller's transaction.

A large import spends about as long in SQLite, storing rows and updating
indexes, as in Python, working out what the rows are. SQLite does not hold the
GIL while a statement runs, so the next batch can be worked out while this one
is stored. That needs many rows per statement: a statement per row would hand
the GIL back and forth for every row. So rows go in as multi-row VALUES
statements of up to MAX_VALUES parameters each; binding them is C work too.

The connection is shared: whoever else uses it waits while a statement runs
(SQLite serialises calls on one connection), so callers should look things up
before handing over a batch, not while it is written.
"""

from __future__ import annotations

import queue
import sqlite3
import threading
from collections.abc import Sequence
from itertools import chain
from operator import itemgetter
from typing import Any, NamedTuple

# SQLite's own default limit on a statement's parameters since 3.32; builds
# may allow more, but longer statements were no faster.
MAX_VALUES = 32_766


class Insert(NamedTuple):
    """Rows for one table: values in COLUMNS' order (text, integers, NULL)."""

    table: str
    columns: Sequence[str]
    rows: Sequence[Sequence[Any]]


def statements(insert: Insert) -> list[tuple[str, list[Any]]]:
    """INSERT's rows as multi-row VALUES statements, with their parameters."""
    per = max(MAX_VALUES // len(insert.columns), 1)
    head = f"INSERT INTO {insert.table} ({', '.join(insert.columns)}) VALUES "
    rows = insert.rows
    return [_values(head, rows[i : i + per]) for i in range(0, len(rows), per)]


def _values(head: str, rows: Sequence[Sequence[Any]]) -> tuple[str, list[Any]]:
    # A column empty in every row is written as NULL, not bound: binding None
    # takes sqlite3's adapter look-up, with the GIL held (a dozen columns of a
    # new case are empty).
    empty = {
        i for i, column in enumerate(zip(*rows, strict=True)) if column.count(None) == len(rows)
    }
    bound = [i for i in range(len(rows[0])) if i not in empty]
    one = "(" + ", ".join("NULL" if i in empty else "?" for i in range(len(rows[0]))) + ")"
    if len(bound) == len(rows[0]):
        params = list(chain.from_iterable(rows))
    elif len(bound) > 1:  # itemgetter of one index gives a value, not a tuple
        params = list(chain.from_iterable(map(itemgetter(*bound), rows)))
    else:
        params = [row[i] for row in rows for i in bound]
    return head + ", ".join([one] * len(rows)), params


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
                for insert in inserts:
                    for sql, params in statements(insert):
                        self.conn.execute(sql, params)
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
