"""Reading cases: one case whole, or many filtered, as plain data for any renderer."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, fields, replace
from datetime import date, timedelta
from typing import Any

from tousu_cli.domain.actions import Reveal, read_lenient
from tousu_cli.domain.clocks import Clock, evaluate
from tousu_cli.domain.errors import InvalidInput, NotFound
from tousu_cli.domain.lifecycle import needs_supervising
from tousu_cli.domain.masking import masked_json, masked_text
from tousu_cli.domain.model import (
    Action,
    Channel,
    Complainant,
    Finding,
    Form,
    Mode,
    Status,
)
from tousu_cli.domain.workdays import Workdays
from tousu_cli.services import repeats
from tousu_cli.services.office import Office
from tousu_cli.storage import cases_store
from tousu_cli.storage.clock_rows import load_clocks
from tousu_cli.storage.connection import Row
from tousu_cli.storage.events import record_now
from tousu_cli.storage.listing import CaseQuery, find_cases, running_clocks
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


def flags(row: Row) -> list[str]:
    found = []
    if row["major"]:
        found.append("重大")
    if row["escalated"]:
        found.append("督办")
    elif row["repeat_rank"] > 1:
        found.append(f"重复第{row['repeat_rank']}次")
    return found


def summary_json(row: Row, reveal: bool) -> dict[str, Any]:
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
        "flags": (["已作废"] if row["voided_at"] else []) + flags(row),
        "external_id": row["external_id"],
        "voided_at": row["voided_at"],
        "erased_at": row["erased_at"],  # its personal data erased (tousu erase)
    }


def _shown(value: Any) -> Any:
    return value


def case_json(office: Office, number: str, *, reveal: bool = False) -> dict[str, Any]:
    """Everything about one case: facts, clocks, repeats, the timeline."""
    conn = office.conn
    row = cases_store.find_case(conn, office.case_number(number))
    as_of = office.today
    hide = _shown if reveal else masked_text
    document = summary_json(row, reveal) | {
        "registered_at": row["registered_at"],
        "form": row["form"],
        "form_label": _label(Form, row["form"]),
        "staff": row["staff"],
        "content": hide(row["content"]),
        "demand": hide(row["demand"]),
        "evidence": hide(json.loads(row["evidence"])),
        "mode": row["mode"],
        "mode_label": _label(Mode, row["mode"]),
        "needs_supervising": needs_supervising(
            Status(row["status"]), bool(row["escalated"]), row["mode"] and Mode(row["mode"])
        ),
        "handler_unit": row["handler_unit"],
        "handler": row["handler"],
        "finding": row["finding"],
        "finding_label": _label(Finding, row["finding"]),
        "measures": hide(json.loads(row["measures"])),
        "result": hide(row["result"]),
        "notify_method": row["notify_method"],
        "satisfaction": row["satisfaction"],
        "resolved": None if row["resolved"] is None else bool(row["resolved"]),
        "reject_reason": hide(row["reject_reason"]),
        "withdraw_reason": hide(row["withdraw_reason"]),
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
        "suspected_repeats": suspected_repeats(office, row),
        "events": [_event_json(e, reveal) for e in cases_store.case_events(conn, row["id"])],
    }
    document["evidence_gathered"] = [  # by the investigations, after registration
        item
        for event in document["events"]
        if event["action"] == Action.INVESTIGATE.value
        for item in event["data"].get("evidence", [])
    ]
    if reveal:
        record_reveal(office, row["id"], Reveal.of_show(row["number"]))
    return document


def suspected_repeats(office: Office, row: Row) -> list[dict[str, Any]]:
    """疑似重复 of case ROW: the same name about the same unit, not both with a
    phone. The clerk links them (tousu link) if it is the same complainant;
    until then they do not count."""
    place = (row["received_at"], row["id"])
    return [
        {
            "number": other["number"],
            "received_at": other["received_at"],
            "status": other["status"],
            "relation": "earlier" if (other["received_at"], other["id"]) < place else "later",
        }
        for other in repeats.suspected(office, row)
    ]


def _event_json(row: Any, reveal: bool) -> dict[str, Any]:
    """An event as stored, with how `show` names and says it (personal data masked
    unless REVEAL; an event whose data does not fit its kind is said as stored)."""
    data = json.loads(row["data"] if reveal else masked_json(row["data"]))
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


def filter_as_given(f: Any) -> dict[str, Any]:
    """The settings of filter F that differ from its defaults, as a record keeps
    them (dates as ISO text, statuses by key): how a list chose its rows."""
    given: dict[str, Any] = {}
    for item in fields(f):
        value = getattr(f, item.name)
        if value == item.default:
            continue
        if isinstance(value, date):
            value = value.isoformat()
        elif isinstance(value, tuple):
            value = [getattr(v, "value", v) for v in value]
        else:
            value = getattr(value, "value", value)
        given[item.name] = value
    return given


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
    voided: bool = False  # only the voided cases (作废)


def _query(office: Office, f: CaseFilter) -> CaseQuery:
    """F as the query storage runs: "overdue" and "due within N working days" as days."""
    due_from = due_to = None
    if f.due_within is not None:
        due_to = office.workdays.add(office.today, f.due_within)
        due_from = None if f.overdue else office.today
    elif f.overdue:
        due_to = office.today - timedelta(days=1)
    return CaseQuery(
        statuses=[s.value for s in f.statuses],
        unit=f.unit,
        category=f.category,
        channel=None if f.channel is None else f.channel.value,
        received_from=f.received_from,
        received_to=f.received_to,
        flagged=f.flagged,
        due_from=due_from,
        due_to=due_to,
        limit=f.limit,
        voided=f.voided,
    )


def one_named(text: str, names: Iterable[str], what: str) -> str:
    """The one of NAMES that TEXT names: itself, or the only name it is part of.
    Part of several is refused with them listed; part of none is refused with
    the names nearest to it, since an empty list would read as "no cases"."""
    known = list(names)
    if text in known:
        return text
    candidates = [name for name in known if text in name]
    if len(candidates) > 1:
        shown = "、".join(candidates[:20]) + ("……" if len(candidates) > 20 else "")
        raise InvalidInput(f"「{text}」是多个{what}的一部分:{shown};请写得更完整")
    if candidates:
        return candidates[0]
    from difflib import get_close_matches

    near = (
        get_close_matches(text, known, n=5, cutoff=0.3)
        or [name for name in known if len(set(text) & set(name)) >= 2][:5]
    )
    hint = f";相近的有:{'、'.join(near)}" if near else ""
    raise NotFound(f"没有名为「{text}」的{what}{hint}")


def list_cases(office: Office, f: CaseFilter, *, reveal: bool = False) -> list[dict[str, Any]]:
    """The cases matching F, newest first, each with its running clock. A unit or
    category may be given by part of its name, when that part names only one."""
    if f.unit:
        f = replace(f, unit=one_named(f.unit, cases_store.unit_names(office.conn), "单位"))
    if f.category:
        f = replace(f, category=one_named(f.category, sorted(office.categories), "投诉类别"))
    rows = find_cases(office.conn, _query(office, f))
    running = running_clocks(office.conn, [row["id"] for row in rows])
    result = []
    for row in rows:
        item = summary_json(row, reveal)
        clock = running.get(row["id"])
        item["clock"] = None if clock is None else clock_json(clock, office.workdays, office.today)
        result.append(item)
    if reveal:
        numbers = [item["number"] for item in result]
        seen = Reveal.of_list(numbers, REVEAL_NAMED, chosen_by=filter_as_given(f))
        record_reveal(office, None, seen)
    return result
