"""Writing many cases at once.

Each index is one more B-tree to update per row. The ones only reports read can
be set aside while a large batch is written and built again afterwards, in one
sort each, which is several times cheaper than updating them row by row. The
indexes a batch itself looks things up by (numbers, external ids, repeat
complainants, a unit's cases, a case's clocks and events) stay.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

REPORT_INDEXES = (
    "cases_status",
    "cases_received",
    "cases_category",
    "cases_channel",
    "cases_flagged",
    "cases_period",
    "clocks_running_due",
    "clocks_stopped",
)


@contextmanager
def report_indexes_set_aside(conn: sqlite3.Connection, *, when: bool) -> Iterator[None]:
    """Inside a write transaction: drops the report indexes, rebuilds them on the way
    out. If the transaction is rolled back, so is the drop."""
    if not when:
        yield
        return
    marks = ", ".join("?" for _ in REPORT_INDEXES)
    definitions = conn.execute(
        f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND name IN ({marks})",
        REPORT_INDEXES,
    ).fetchall()
    for name, _ in definitions:
        conn.execute(f"DROP INDEX {name}")
    yield
    for _, sql in definitions:
        conn.execute(sql)


def worth_setting_aside(conn: sqlite3.Connection, rows_coming: int) -> bool:
    """When rebuilding costs less than updating: a batch as large as what is kept."""
    (kept,) = conn.execute("SELECT count(*) FROM cases").fetchone()
    return rows_coming >= 20_000 and rows_coming >= kept
