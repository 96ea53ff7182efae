"""Registering a complaint and moving it through its stages: one transaction each."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from tousu_cli.chinatime import iso, parse_datetime
from tousu_cli.domain import lifecycle, validation
from tousu_cli.domain.clocks import Clock, ClockState, ClockStatus, settled_due
from tousu_cli.domain.errors import InvalidInput
from tousu_cli.domain.lifecycle import CaseState, Transition
from tousu_cli.domain.model import (
    Action,
    Channel,
    Finding,
    Form,
    Method,
    Mode,
    Satisfaction,
    Status,
)
from tousu_cli.domain.policy import Policy
from tousu_cli.services.office import Office
from tousu_cli.storage import cases_store
from tousu_cli.storage.clock_rows import load_clocks, save_clocks
from tousu_cli.storage.connection import write_transaction
from tousu_cli.storage.events import append_event

# Letters, e-mails, web forms and the suggestion box are written complaints,
# and a written complaint must be answered in writing.
WRITTEN_CHANNELS = frozenset({Channel.LETTER, Channel.EMAIL, Channel.WEB, Channel.BOX})


@dataclass(frozen=True, slots=True)
class NewCase:
    received_at: datetime
    channel: Channel
    complainant: str | None  # None: anonymous
    unit: str
    category: str
    content: str
    phone: str | None = None
    id_number: str | None = None
    window: str | None = None
    staff: str | None = None
    demand: str | None = None
    form: Form | None = None
    major: bool = False
    external_id: str | None = None
    evidence: tuple[str, ...] = ()


def register(office: Office, new: NewCase, at: datetime | None = None) -> str:
    """登记: a new case, numbered in its registration year; starts the accept clock."""
    when = at or new.received_at
    if new.received_at > office.now:
        raise InvalidInput("收到时间晚于当前时间")
    if when < new.received_at:
        raise InvalidInput("登记时间早于收到时间")
    if when > office.now:
        raise InvalidInput("登记时间晚于当前时间")
    facts = _checked_facts(new)
    conn = office.conn
    with write_transaction(conn):
        cases_store.check_category(conn, facts["category"])
        cases_store.check_external_id(conn, facts["external_id"])
        policy_id, policy = office.policy
        seq, number = cases_store.next_number(conn, when.year)
        unit = cases_store.unit_id(conn, facts.pop("unit"))
        case_id = cases_store.insert_case(
            conn,
            facts
            | {
                "number": number,
                "year": when.year,
                "seq": seq,
                "status": Status.REGISTERED.value,
                "received_at": iso(new.received_at),
                "registered_at": iso(when),
                "unit_id": unit,
                "last_at": iso(when),
            },
        )
        earlier = cases_store.earlier_repeats(
            conn,
            case_id=case_id,
            unit=unit,
            phone=facts["phone"],
            name=facts["complainant"],
            received_at=new.received_at,
            window_days=policy.repeat_window_days,
        )
        rank = len(earlier) + 1
        escalated = rank >= policy.repeat_escalation_count
        if earlier:
            cases_store.link_repeats(conn, case_id, earlier)
            cases_store.update_case(conn, case_id, {"repeat_rank": rank, "escalated": escalated})
        clocks = lifecycle.register(new.received_at.date(), policy)
        started = _save(office, case_id, [], clocks, policy_id)
        append_event(
            conn,
            case_id=case_id,
            at=when,
            recorded_at=office.now,
            actor=office.actor,
            action=Action.REGISTER.value,
            data={
                "number": number,
                "received_at": iso(new.received_at),
                "channel": new.channel.value,
                "unit": new.unit,
                "category": facts["category"],
                "repeat_rank": rank,
                "escalated": escalated,
                "policy": policy_id,
                "clocks": started,
            },
        )
    return number


def _checked_facts(new: NewCase) -> dict[str, Any]:
    import json

    form = new.form or (Form.WRITTEN if new.channel in WRITTEN_CHANNELS else Form.ORAL)
    evidence = [validation.text(e, "证据材料") for e in new.evidence]
    external = validation.text(new.external_id, "外部编号")
    return {
        "channel": new.channel.value,
        "form": form.value,
        "complainant": validation.text(new.complainant, "投诉人姓名"),
        "phone": validation.phone(new.phone),
        "id_number": validation.id_number(new.id_number),
        "unit": validation.text(new.unit, "被投诉单位", required=True),
        "window_name": validation.text(new.window, "窗口"),
        "staff": validation.text(new.staff, "工作人员"),
        "category": validation.text(new.category, "投诉类别", required=True),
        "content": validation.text(new.content, "投诉内容", required=True, size="long"),
        "demand": validation.text(new.demand, "诉求", size="long"),
        "evidence": json.dumps([e for e in evidence if e], ensure_ascii=False),
        "major": int(new.major),
        "external_id": external,
    }


def _save(
    office: Office,
    case_id: int,
    before: list[tuple[int, Clock]],
    after: tuple[Clock, ...],
    policy_id: int | None,
) -> list[dict[str, Any]]:
    """Store the clocks that a move changed; what started, stopped or moved, for the event."""
    changed: list[tuple[int, Clock, ClockStatus]] = []
    changes: list[dict[str, Any]] = []
    for index, clock in enumerate(after):
        old = before[index][1] if index < len(before) else None
        if old == clock:
            continue
        status = settled_due(clock, office.workdays)
        changed.append((index, clock, status))
        entry: dict[str, Any] = {"clock": clock.name.value, "due": status.due.isoformat()}
        if old is None:
            entry |= {"change": "started", "limit_days": clock.limit_days, "policy": policy_id}
        elif old.running and not clock.running:
            late = status.state is ClockState.LATE
            entry |= {"change": "stopped", "state": "late" if late else "met"}
        else:
            entry["change"] = "moved"
        if status.provisional:
            entry["provisional"] = True
        changes.append(entry)
    save_clocks(office.conn, case_id, before, changed, policy_id)
    return changes


def _state(row: sqlite3.Row, clocks: list[tuple[int, Clock]]) -> CaseState:
    return CaseState(
        number=row["number"],
        status=Status(row["status"]),
        anonymous=row["complainant"] is None,
        form=Form(row["form"]),
        last_at=parse_datetime(row["last_at"]),
        clocks=tuple(clock for _, clock in clocks),
        rejection_notified=bool(row["rejection_notified"]),
        satisfaction=Satisfaction(row["satisfaction"]) if row["satisfaction"] else None,
        reviews=row["reviews"],
    )


Move = Callable[[CaseState, date, Policy, dict[str, Any]], Transition]

MOVES: dict[Action, Move] = {
    Action.ACCEPT: lambda c, on, p, a: lifecycle.accept(c, on, p),
    Action.REJECT: lambda c, on, p, a: lifecycle.reject(c, on, p, a["reason"]),
    Action.ASSIGN: lambda c, on, p, a: lifecycle.assign(c, a["mode"], a["unit"], a.get("handler")),
    Action.INVESTIGATE: lambda c, on, p, a: lifecycle.investigate(
        c, a["note"], a.get("evidence", ())
    ),
    Action.EXTEND: lambda c, on, p, a: lifecycle.extend(
        c, on=on, policy=p, days=a["days"], reason=a["reason"], approved_by=a["approved_by"]
    ),
    Action.SUSPEND: lambda c, on, p, a: lifecycle.suspend(c, on, a["reason"]),
    Action.RESUME: lambda c, on, p, a: lifecycle.resume(c, on),
    Action.DECIDE: lambda c, on, p, a: lifecycle.decide(
        c, a.get("finding"), a.get("measures", ()), a["result"]
    ),
    Action.NOTIFY: lambda c, on, p, a: lifecycle.notify(
        c, on=on, policy=p, method=a["method"], note=a.get("note"), force_reason=a.get("force")
    ),
    Action.REVISIT: lambda c, on, p, a: lifecycle.revisit(
        c, on, a["satisfaction"], a.get("resolved"), a.get("note")
    ),
    Action.REVIEW: lambda c, on, p, a: lifecycle.review(c, on, p, a["reason"]),
    Action.ARCHIVE: lambda c, on, p, a: lifecycle.archive(c, on),
    Action.WITHDRAW: lambda c, on, p, a: lifecycle.withdraw(c, on, a["reason"]),
}


def act(
    office: Office, number: str, action: Action, at: datetime | None = None, **args: Any
) -> str:
    """One stage of the procedure: checked against the case's state, then recorded."""
    conn = office.conn
    with write_transaction(conn):
        row = cases_store.find_case(conn, number)
        before = load_clocks(conn, row["id"])
        case = _state(row, before)
        lifecycle.check_allowed(case, action)
        when = at or office.now
        lifecycle.check_time(case, when, office.now)
        policy_id, policy = office.policy
        move = MOVES[action](case, when.date(), policy, _clean(args))
        clock_changes = _save(office, row["id"], before, move.clocks, policy_id)
        changes = dict(move.changes)
        if "handler_unit" in changes:
            changes["handler_unit_id"] = cases_store.unit_id(conn, changes.pop("handler_unit"))
        cases_store.update_case(
            conn, row["id"], changes | {"status": move.status.value, "last_at": iso(when)}
        )
        data = dict(move.data)
        if clock_changes:
            data["clocks"] = clock_changes
        append_event(
            conn,
            case_id=row["id"],
            at=when,
            recorded_at=office.now,
            actor=office.actor,
            action=action.value,
            data=data,
        )
    return str(row["number"])


def _clean(args: dict[str, Any]) -> dict[str, Any]:
    """Free text checked like any other field; enums pass through."""
    cleaned: dict[str, Any] = {}
    for key, value in args.items():
        if isinstance(value, str) and not isinstance(value, Mode | Finding | Method | Satisfaction):
            size = "long" if key in {"note", "result", "reason"} else "short"
            cleaned[key] = validation.text(value, _FIELD_NAMES.get(key, key), size=size) or ""
        elif isinstance(value, list | tuple) and key in {"evidence", "measures"}:
            cleaned[key] = [validation.text(v, _FIELD_NAMES[key]) or "" for v in value]
        else:
            cleaned[key] = value
    return cleaned


_FIELD_NAMES = {
    "reason": "理由",
    "note": "说明",
    "result": "处理结果",
    "unit": "承办单位",
    "handler": "承办人",
    "approved_by": "批准人",
    "force": "改变答复方式的理由",
    "evidence": "证据材料",
    "measures": "处理措施",
}
