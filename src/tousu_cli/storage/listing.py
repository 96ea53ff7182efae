"""The cases a list asks for: the query `list` (and `demo`) run."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any, NamedTuple

from tousu_cli.domain.clocks import Clock
from tousu_cli.storage.clock_rows import clock_from_row


class CaseQuery(NamedTuple):
    """Which cases: every condition given must hold. Days are inclusive."""

    statuses: Sequence[str] = ()
    unit: str | None = None
    category: str | None = None
    channel: str | None = None
    received_from: date | None = None
    received_to: date | None = None
    flagged: bool = False  # 重大 or 督办
    # A running clock, not suspended, due within these days (None: open-ended).
    due_from: date | None = None
    due_to: date | None = None
    limit: int | None = None
    voided: bool = False  # only the voided cases (作废), which are otherwise left out


def _where(query: CaseQuery) -> tuple[str, list[Any]]:
    clauses: list[str] = ["c.voided_at IS NOT NULL" if query.voided else "c.voided_at IS NULL"]
    params: list[Any] = []
    if query.statuses:
        clauses.append(f"c.status IN ({', '.join('?' for _ in query.statuses)})")
        params += list(query.statuses)
    for column, value in (("u.name", query.unit), ("c.category", query.category),
                          ("c.channel", query.channel)):  # fmt: skip
        if value:
            clauses.append(f"{column} = ?")
            params.append(value)
    if query.received_from:
        clauses.append("c.received_at >= ?")
        params.append(query.received_from.isoformat())
    if query.received_to:
        clauses.append("c.received_at < ?")
        params.append((query.received_to + timedelta(days=1)).isoformat())
    if query.flagged:
        clauses.append("(c.major = 1 OR c.escalated = 1)")
    if query.due_to is not None:
        test = "k.due <= ?"
        if query.due_from is not None:
            test = "k.due >= ? AND k.due <= ?"
            params.append(query.due_from.isoformat())
        params.append(query.due_to.isoformat())
        clauses.append(
            "c.id IN (SELECT k.case_id FROM clocks k WHERE k.stopped_on IS NULL"
            f" AND k.suspended = 0 AND {test})"
        )
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def find_cases(conn: sqlite3.Connection, query: CaseQuery) -> list[sqlite3.Row]:
    """The cases QUERY asks for, newest first, each with its unit's name."""
    where, params = _where(query)
    sql = (
        "SELECT c.*, u.name AS unit FROM cases c JOIN units u ON u.id = c.unit_id"
        f"{where} ORDER BY c.received_at DESC, c.id DESC"
    )
    if query.limit is not None:
        sql += f" LIMIT {int(query.limit)}"
    return conn.execute(sql, params).fetchall()


def running_clocks(conn: sqlite3.Connection, case_ids: list[int]) -> dict[int, Clock]:
    """The clock running on each of CASE_IDS that has one."""
    found: dict[int, Clock] = {}
    for start in range(0, len(case_ids), 500):
        chunk = case_ids[start : start + 500]
        rows = conn.execute(
            "SELECT * FROM clocks WHERE stopped_on IS NULL AND case_id IN"
            f" ({', '.join('?' for _ in chunk)}) ORDER BY id",
            chunk,
        )
        for row in rows:
            found[row["case_id"]] = clock_from_row(row)
    return found
