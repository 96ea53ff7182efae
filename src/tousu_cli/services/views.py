"""Reading cases: one case whole, or many filtered, as plain data for any renderer."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import date
from typing import Any

from tousu_cli.domain.actions import Reveal, read_lenient
from tousu_cli.domain.clocks import Clock, evaluate
from tousu_cli.domain.model import (
    PERSONAL,
    Channel,
    Complainant,
    Finding,
    Form,
    Mode,
    Status,
    mask,
)
from tousu_cli.domain.workdays import Workdays
from tousu_cli.services.office import Office
from tousu_cli.storage import cases_store
from tousu_cli.storage.clock_rows import clock_from_row, load_clocks
from tousu_cli.storage.events import record_now
from tousu_cli.storage.transaction import write_transaction


def clock_json(clock: Clock, workdays: Workdays, as_of: date) -> dict[str, Any]:
    status = evaluate(clock, workdays, as_of)
    return {
        "name": clock.name.value,
        "label": clock.name.label,
        "started_on": clock.started_on.isoformat(),
        "limit_days": clock.limit_days,
        "due": status.due.isoformat(),
        "original_due": status.original_due.isoformat(),
        "stopped_on": clock.stopped_on and clock.stopped_on.isoformat(),
        "state": status.state.value,
        "state_label": status.state.label,
        "overdue_days": status.overdue_days,
        "days_left": status.days_left,
        "extended_days": status.extended_days,
        "suspended_days": status.suspended_days,
        "provisional": status.provisional,
    }


def _label(enum: type[Any], value: str | None) -> str | None:
    return None if value is None else str(enum(value).label)


def flags(row: sqlite3.Row) -> list[str]:
    found = []
    if row["major"]:
        found.append("重大")
    if row["escalated"]:
        found.append("督办")
    elif row["repeat_rank"] > 1:
        found.append(f"重复第{row['repeat_rank']}次")
    return found


def summary_json(row: sqlite3.Row, reveal: bool) -> dict[str, Any]:
    """The facts of a case that a list shows."""
    complainant = Complainant(row["complainant"], row["phone"], row["id_number"])
    return {
        "number": row["number"],
        "status": row["status"],
        "status_label": _label(Status, row["status"]),
        "received_at": row["received_at"],
        "channel": row["channel"],
        "channel_label": _label(Channel, row["channel"]),
        "unit": row["unit"],
        "window": row["window_name"],
        "category": row["category"],
        "complainant": complainant.as_json(reveal),
        "major": bool(row["major"]),
        "escalated": bool(row["escalated"]),
        "repeat_rank": row["repeat_rank"],
        "flags": flags(row),
        "external_id": row["external_id"],
    }


def _masked(data: dict[str, Any], reveal: bool) -> dict[str, Any]:
    if reveal:
        return data
    return {k: mask(v) if k in PERSONAL and isinstance(v, str) else v for k, v in data.items()}


def case_json(office: Office, number: str, *, reveal: bool = False) -> dict[str, Any]:
    """Everything about one case: facts, clocks, repeats, the timeline."""
    conn = office.conn
    row = cases_store.find_case(conn, number)
    as_of = office.today
    document = summary_json(row, reveal) | {
        "registered_at": row["registered_at"],
        "form": row["form"],
        "form_label": _label(Form, row["form"]),
        "staff": row["staff"],
        "content": row["content"],
        "demand": row["demand"],
        "evidence": json.loads(row["evidence"]),
        "mode": row["mode"],
        "mode_label": _label(Mode, row["mode"]),
        "handler_unit": row["handler_unit"],
        "handler": row["handler"],
        "finding": row["finding"],
        "finding_label": _label(Finding, row["finding"]),
        "measures": json.loads(row["measures"]),
        "result": row["result"],
        "notify_method": row["notify_method"],
        "satisfaction": row["satisfaction"],
        "resolved": None if row["resolved"] is None else bool(row["resolved"]),
        "reject_reason": row["reject_reason"],
        "withdraw_reason": row["withdraw_reason"],
        "reviews": row["reviews"],
        "as_of": as_of.isoformat(),
        "clocks": [clock_json(c, office.workdays, as_of) for _, c in load_clocks(conn, row["id"])],
        "repeats": [
            {
                "number": r["number"],
                "received_at": r["received_at"],
                "status": r["status"],
                "relation": r["relation"],
            }
            for r in cases_store.linked_cases(conn, row["id"])
        ],
        "events": [_event_json(e, reveal) for e in cases_store.case_events(conn, row["id"])],
    }
    if reveal:
        record_reveal(office, row["id"], Reveal.of_show(row["number"]))
    return document


def _event_json(row: Any, reveal: bool) -> dict[str, Any]:
    """An event as stored, with how `show` names and says it (personal data masked
    unless REVEAL; an event whose data does not fit its kind is said as stored)."""
    data = _masked(json.loads(row["data"]), reveal)
    event = read_lenient(row["action"], data)
    return {
        "at": row["at"],
        "recorded_at": row["recorded_at"],
        "by": row["actor"],
        "action": row["action"],
        "action_label": event.label,
        "data": data,
        "text": event.text(),
    }


# Up to this many cases revealed at once are named in the record one by one;
# beyond it, the record says how they were chosen.
REVEAL_NAMED = 1000


def record_reveal(office: Office, case_id: int | None, seen: Reveal) -> None:
    """Who looked at whose personal data, and when (保密原则)."""
    with write_transaction(office.conn):
        record_now(office.conn, office.actor, office.now, seen, case_id=case_id)


@dataclass(frozen=True, slots=True)
class CaseFilter:
    statuses: tuple[Status, ...] = ()
    unit: str | None = None
    category: str | None = None
    channel: Channel | None = None
    received_from: date | None = None
    received_to: date | None = None
    overdue: bool = False
    due_within: int | None = None
    flagged: bool = False
    limit: int | None = None


def _where(office: Office, f: CaseFilter) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    if f.statuses:
        clauses.append(f"c.status IN ({', '.join('?' for _ in f.statuses)})")
        params += [s.value for s in f.statuses]
    if f.unit:
        clauses.append("u.name = ?")
        params.append(f.unit)
    if f.category:
        clauses.append("c.category = ?")
        params.append(f.category)
    if f.channel:
        clauses.append("c.channel = ?")
        params.append(f.channel.value)
    if f.received_from:
        clauses.append("c.received_at >= ?")
        params.append(f.received_from.isoformat())
    if f.received_to:
        clauses.append("c.received_at < ?")
        params.append(date.fromordinal(f.received_to.toordinal() + 1).isoformat())
    if f.flagged:
        clauses.append("(c.major = 1 OR c.escalated = 1)")
    if f.overdue or f.due_within is not None:
        limit = office.today.isoformat()
        test = "k.due < ?"
        if f.due_within is not None:
            limit = office.workdays.add(office.today, f.due_within).isoformat()
            test = "k.due <= ?"
            if not f.overdue:
                test = "k.due >= ? AND k.due <= ?"
                params.append(office.today.isoformat())
        clauses.append(
            "c.id IN (SELECT k.case_id FROM clocks k WHERE k.stopped_on IS NULL"
            f" AND k.suspended = 0 AND {test})"
        )
        params.append(limit)
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def list_cases(office: Office, f: CaseFilter, *, reveal: bool = False) -> list[dict[str, Any]]:
    """The cases matching F, newest first, each with its running clock."""
    where, params = _where(office, f)
    sql = (
        "SELECT c.*, u.name AS unit FROM cases c JOIN units u ON u.id = c.unit_id"
        f"{where} ORDER BY c.received_at DESC, c.id DESC"
    )
    if f.limit is not None:
        sql += f" LIMIT {int(f.limit)}"
    rows = office.conn.execute(sql, params).fetchall()
    running = _running_clocks(office.conn, [row["id"] for row in rows])
    result = []
    for row in rows:
        item = summary_json(row, reveal)
        clock = running.get(row["id"])
        item["clock"] = None if clock is None else clock_json(clock, office.workdays, office.today)
        result.append(item)
    if reveal:
        numbers = [item["number"] for item in result]
        record_reveal(office, None, Reveal.of_list(numbers, REVEAL_NAMED))
    return result


def _running_clocks(conn: sqlite3.Connection, case_ids: list[int]) -> dict[int, Clock]:
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
