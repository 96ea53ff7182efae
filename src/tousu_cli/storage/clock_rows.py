"""Clocks as rows: the rules' inputs as JSON, the derived due date alongside."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any, NamedTuple

from tousu_cli.domain.clocks import Clock, ClockStatus, Extension, Suspension
from tousu_cli.domain.policy import ClockName
from tousu_cli.storage.jsontext import to_json


def _day(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)


def _list(text: str) -> list[dict[str, Any]]:
    return [] if text == "[]" else list(json.loads(text))


def clock_from_row(row: sqlite3.Row) -> Clock:
    extensions = tuple(
        Extension(
            e["days"],
            e["reason"],
            e["approved_by"],
            date.fromisoformat(e["on"]),
            e.get("late", False),
        )
        for e in _list(row["extensions"])
    )
    suspensions = tuple(
        Suspension(date.fromisoformat(s["start"]), s["reason"], _day(s["end"]))
        for s in _list(row["suspensions"])
    )
    return Clock(
        ClockName(row["name"]),
        date.fromisoformat(row["started_on"]),
        row["limit_days"],
        extensions,
        suspensions,
        _day(row["stopped_on"]),
    )


def _extensions(clock: Clock) -> str:
    return to_json(
        [
            {"days": e.days, "reason": e.reason, "approved_by": e.approved_by, "on": str(e.on)}
            | ({"late": True} if e.late else {})
            for e in clock.extensions
        ]
    )


def _suspensions(clock: Clock) -> str:
    return to_json(
        [
            {"start": str(s.start), "reason": s.reason, "end": s.end and str(s.end)}
            for s in clock.suspensions
        ]
    )


def load_clocks(conn: sqlite3.Connection, case_id: int) -> list[tuple[int, Clock]]:
    rows = conn.execute("SELECT * FROM clocks WHERE case_id = ? ORDER BY id", (case_id,))
    return [(row["id"], clock_from_row(row)) for row in rows]


# A clock's columns, in the order `clock_row` gives them.
CLOCK_VALUE_COLUMNS = (
    "name", "started_on", "limit_days", "extensions", "suspensions", "stopped_on", "suspended",
    "due", "original_due", "provisional",
)  # fmt: skip


def clock_row(clock: Clock, status: ClockStatus) -> tuple[Any, ...]:
    """A clock's columns: the rules' inputs and the due dates they give. A tuple:
    an import builds one for every clock of every case."""
    return (
        clock.name.value,
        clock.started_on.isoformat(),
        clock.limit_days,
        # Most clocks are never extended or suspended: no JSON to write for those.
        _extensions(clock) if clock.extensions else "[]",
        _suspensions(clock) if clock.suspensions else "[]",
        clock.stopped_on and clock.stopped_on.isoformat(),
        int(clock.suspended),
        status.due.isoformat(),
        status.original_due.isoformat(),
        int(status.provisional),
    )


def clock_values(clock: Clock, status: ClockStatus) -> dict[str, Any]:
    """The same columns by name."""
    return dict(zip(CLOCK_VALUE_COLUMNS, clock_row(clock, status), strict=True))


def save_clocks(
    conn: sqlite3.Connection,
    case_id: int,
    changed: Sequence[tuple[int | None, Clock, ClockStatus]],
    policy_of: Callable[[Clock], int | None],
) -> None:
    """Write changed clocks (id given) and insert new ones (id None), each new one
    with the policy version it started under (POLICY_OF)."""
    new: list[dict[str, Any]] = []
    for clock_id, clock, status in changed:
        values = clock_values(clock, status)
        if clock_id is None:
            new.append(values | {"case_id": case_id, "policy_id": policy_of(clock)})
            continue
        sets = ", ".join(f"{k} = :{k}" for k in values)
        conn.execute(f"UPDATE clocks SET {sets} WHERE id = :id", values | {"id": clock_id})
    if new:
        columns = ", ".join(new[0])
        marks = ", ".join(f":{k}" for k in new[0])
        conn.executemany(f"INSERT INTO clocks ({columns}) VALUES ({marks})", new)


def set_due(conn: sqlite3.Connection, clock_id: int, status: ClockStatus) -> None:
    conn.execute(
        "UPDATE clocks SET due = ?, original_due = ?, provisional = ? WHERE id = ?",
        (
            status.due.isoformat(),
            status.original_due.isoformat(),
            int(status.provisional),
            clock_id,
        ),
    )


def settle_stopped(conn: sqlite3.Connection, clock_id: int) -> None:
    """A stopped clock's year became known: its due date stays as it was met or missed."""
    conn.execute("UPDATE clocks SET provisional = 0 WHERE id = ?", (clock_id,))


class StoredDue(NamedTuple):
    """A stored clock, with the due date stored for it."""

    id: int
    case_id: int
    number: str  # the case's, for saying which cases a change moved
    clock: Clock
    due: str
    provisional: bool


def _stored_dues(conn: sqlite3.Connection, where: str, params: Sequence[Any]) -> list[StoredDue]:
    rows = conn.execute(
        "SELECT clocks.*, cases.number AS case_number FROM clocks"
        f" JOIN cases ON cases.id = clocks.case_id WHERE {where} ORDER BY clocks.id",
        params,
    )
    return [
        StoredDue(
            row["id"],
            row["case_id"],
            row["case_number"],
            clock_from_row(row),
            row["due"],
            bool(row["provisional"]),
        )
        for row in rows
    ]


def clocks_counting_through(
    conn: sqlite3.Connection, first: date, last: date | None = None
) -> list[StoredDue]:
    """The clocks started before a day from FIRST to LAST (or FIRST alone) and due
    on it or later: one read, however long the range."""
    end = (last or first).isoformat()
    return _stored_dues(conn, "started_on < ? AND due >= ?", (end, first.isoformat()))


def clocks_of_year(conn: sqlite3.Connection, year: int) -> list[StoredDue]:
    """The clocks counting through any day of YEAR, and every provisional one."""
    first, last = date(year, 1, 1).isoformat(), date(year, 12, 31).isoformat()
    return _stored_dues(conn, "provisional = 1 OR (started_on <= ? AND due >= ?)", (last, first))


def provisional_clocks(conn: sqlite3.Connection) -> list[StoredDue]:
    return _stored_dues(conn, "provisional = 1", ())


def provisional_years(conn: sqlite3.Connection) -> list[int]:
    """The years of the provisional due dates (an indexed read: every command asks)."""
    rows = conn.execute(
        "SELECT DISTINCT CAST(substr(due, 1, 4) AS INTEGER) FROM clocks WHERE provisional = 1"
    )
    return [row[0] for row in rows]


def clocks_started_since(conn: sqlite3.Connection, day: date) -> int:
    """How many clocks started on DAY or later (a policy set from a past day)."""
    row = conn.execute("SELECT count(*) FROM clocks WHERE started_on >= ?", (day.isoformat(),))
    return int(row.fetchone()[0])
