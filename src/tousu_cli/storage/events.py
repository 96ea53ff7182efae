"""The append-only event log (留痕)."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from tousu_cli.chinatime import iso
from tousu_cli.storage.jsontext import to_json


def append_event(
    conn: sqlite3.Connection,
    *,
    case_id: int | None,
    at: datetime,
    recorded_at: datetime,
    actor: str,
    action: str,
    data: dict[str, Any],
) -> int:
    cursor = conn.execute(
        "INSERT INTO events (case_id, at, recorded_at, actor, action, data)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (case_id, iso(at), iso(recorded_at), actor, action, to_json(data)),
    )
    return int(cursor.lastrowid or 0)


def append_events(
    conn: sqlite3.Connection,
    case_id: int | None,
    actor: str,
    recorded_at: datetime,
    events: Sequence[tuple[datetime, str, dict[str, Any], str | None]],
) -> None:
    """Several events of one case, in order: (when it happened, action, data, by
    whom: None for `actor`, the clerk recording them)."""
    recorded = iso(recorded_at)
    conn.executemany(
        "INSERT INTO events (case_id, at, recorded_at, actor, action, data)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [
            (case_id, iso(at), recorded, by or actor, action, to_json(data))
            for at, action, data, by in events
        ],
    )


def record_now(
    conn: sqlite3.Connection,
    actor: str,
    now: datetime,
    action: str,
    data: dict[str, Any],
    *,
    case_id: int | None = None,
) -> int:
    """An event that happens as it is recorded: a setting changed, data looked at."""
    return append_event(
        conn, case_id=case_id, at=now, recorded_at=now, actor=actor, action=action, data=data
    )
