"""tousu amend: correcting what was registered, in any state, on the record.

Every corrected fact is recorded with its value before and after, who, when and
why (the hash chain covers it); what depends on it follows in the same
transaction: a new received time moves the accept clock it started, a new
phone, name or unit counts repeats again on both sides. The number stays.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from tousu_cli.chinatime import iso
from tousu_cli.domain import intake, retention, validation
from tousu_cli.domain.actions import Amended, ClockChange, Correction, Event, Voided
from tousu_cli.domain.errors import InvalidInput, InvalidMove
from tousu_cli.domain.model import Channel, Form
from tousu_cli.domain.policy import ClockName
from tousu_cli.services import repeats
from tousu_cli.services.office import Office
from tousu_cli.storage import cases_store
from tousu_cli.storage.clock_rows import load_clocks, save_clocks
from tousu_cli.storage.events import append_events
from tousu_cli.storage.transaction import write_transaction

# The facts a correction may change, and how each is checked as the clerk types it.
AMENDABLE = (
    "received_at", "channel", "form", "complainant", "phone", "id_number", "unit",
    "window_name", "staff", "category", "content", "demand", "evidence", "major", "external_id",
)  # fmt: skip
# Who the complainant is and what the complaint is about: what repeats are counted by.
_REPEAT_FACTS = frozenset({"complainant", "phone", "unit"})


def amend(office: Office, number: str, wanted: dict[str, Any], reason: str) -> str:
    """Correct the registered facts of case NUMBER to WANTED (field key → value as
    the clerk gave it; None clears an optional one); returns the case's number.
    Refused when nothing changes."""
    if not wanted:
        raise InvalidInput(
            "请写明要更正的项目,如 --phone、--unit、--received(见 tousu amend --help)"
        )
    unknown = set(wanted) - set(AMENDABLE)
    if unknown:
        raise InvalidInput(f"不能更正这些项目:{'、'.join(sorted(unknown))}")
    why = validation.text(reason, "更正理由", required=True, size="long") or ""
    conn = office.conn
    with write_transaction(conn):
        row = _live_case(office, number, "不能更正")
        retention.check_correctable(row["number"], row["erased_at"])
        current = _facts(row)
        new = {key: _checked(key, value) for key, value in wanted.items()}
        if "channel" in new and "form" not in new:
            # A form the old channel gave (not one stated) follows the new channel.
            derived = intake.form_of(Channel(current["channel"])).value
            if current["form"] == derived:
                new["form"] = intake.form_of(Channel(new["channel"])).value
        changes = [Correction(k, current[k], v) for k, v in new.items() if v != current[k]]
        if not changes:
            raise InvalidInput("没有需要更正的内容:所给的值与登记的相同")
        after = current | new
        _check(after, row, office.now)
        if "category" in new and new["category"] not in office.categories:
            cases_store.check_category(conn, new["category"])  # refuses, naming the known ones
        if "external_id" in new and new["external_id"] is not None:
            cases_store.check_external_id(conn, new["external_id"])
        cases_store.update_case(conn, row["id"], _columns(office, new))
        clocks = _received_moved(office, row, after) if "received_at" in new else ()
        append_events(
            conn, row["id"], office.actor, office.now,
            [Event(office.now, Amended(why, tuple(changes)), clocks)],
        )  # fmt: skip
        if _REPEAT_FACTS & set(new):
            affected = {row["id"], *cases_store.linked_later(conn, row["id"])}
            stored = cases_store.cases_by_id(conn, [row["id"]])[0]
            affected |= {r["id"] for r in repeats.later_of(office, stored)}
            affected |= {r["id"] for r in repeats.later_of(office, _as_before(row))}
            repeats.recount_exactly(office, affected)
    return str(row["number"])


def _facts(row: Any) -> dict[str, Any]:
    """The amendable facts of a stored case, as the correction compares them."""
    return {
        "received_at": row["received_at"],
        "channel": row["channel"],
        "form": row["form"],
        "complainant": row["complainant"],
        "phone": row["phone"],
        "id_number": row["id_number"],
        "unit": row["unit"],
        "window_name": row["window_name"],
        "staff": row["staff"],
        "category": row["category"],
        "content": row["content"],
        "demand": row["demand"],
        "evidence": json.loads(row["evidence"]),
        "major": bool(row["major"]),
        "external_id": row["external_id"],
    }


def _checked(key: str, value: Any) -> Any:
    """VALUE for KEY, checked as registering checks it, in the form it is stored."""
    match key:
        case "received_at":
            if not isinstance(value, datetime):
                raise TypeError(value)
            return iso(value)
        case "channel":
            return Channel(value).value
        case "form":
            return Form(value).value
        case "phone":
            return validation.phone(value)
        case "id_number":
            return validation.id_number(value)
        case "evidence":
            return [e for e in (validation.text(v, "证据材料") for v in value) if e]
        case "major":
            return bool(value)
        case "unit" | "category" | "content":
            size = "long" if key == "content" else "short"
            return validation.text(value, _LABELS[key], required=True, size=size)
        case "demand":
            return validation.text(value, _LABELS[key], size="long")
        case _:
            return validation.text(value, _LABELS[key])


_LABELS = {
    "complainant": "投诉人姓名", "unit": "被投诉单位", "window_name": "窗口",
    "staff": "工作人员", "category": "投诉类别", "content": "投诉内容", "demand": "诉求",
    "external_id": "外部编号",
}  # fmt: skip


def _check(after: dict[str, Any], row: Any, now: datetime) -> None:
    """The facts as corrected still make a registration, and fit the case's course."""
    received = datetime.fromisoformat(after["received_at"])
    intake.check_times(received, datetime.fromisoformat(row["registered_at"]), now)
    for stage, label in (("accepted_at", "受理"), ("replied_at", "答复"), ("archived_at", "归档")):
        if row[stage] is not None and datetime.fromisoformat(row[stage]) < received:
            raise InvalidInput(f"收到时间不能晚于{label}时间 {row[stage][:16].replace('T', ' ')}")


def _columns(office: Office, new: dict[str, Any]) -> dict[str, Any]:
    """The case's columns to write (lists and flags are encoded by update_case)."""
    columns = dict(new)
    if "unit" in columns:
        columns["unit_id"] = office.unit_id(columns.pop("unit"))
    return columns


def _received_moved(office: Office, row: Any, after: dict[str, Any]) -> tuple[ClockChange, ...]:
    """The accept clock starts on the day the complaint came in: it moves with it."""
    received = datetime.fromisoformat(after["received_at"]).date()
    changed = []
    for clock_id, clock in load_clocks(office.conn, row["id"]):
        if clock.name is not ClockName.ACCEPT or clock.started_on == received:
            continue
        moved = clock._replace(started_on=received)
        status = office.settled(moved)
        changed.append((clock_id, moved, status))
    save_clocks(
        office.conn, row["id"], changed, lambda clock: office.policy_on(clock.started_on)[0]
    )
    return tuple(
        ClockChange(clock.name, "moved", status.due, provisional=status.provisional)
        for _, clock, status in changed
    )


def _as_before(row: Any) -> dict[str, Any]:
    """The repeat facts of ROW as they were before the correction."""
    return {key: row[key] for key in ("unit_id", "phone", "complainant", "received_at")}


def void(office: Office, number: str, reason: str) -> str:
    """作废: case NUMBER was registered in error. It stays on record, in show and
    verify, but leaves lists, search, reports, statistics and repeat counts: the
    cases that counted it are counted again."""
    why = validation.text(reason, "作废理由", required=True, size="long") or ""
    conn = office.conn
    with write_transaction(conn):
        row = _live_case(office, number, "无需再作废")
        cases_store.update_case(conn, row["id"], {"voided_at": iso(office.now)})
        append_events(conn, row["id"], office.actor, office.now, [Event(office.now, Voided(why))])
        repeats.recount_exactly(office, cases_store.linked_later(conn, row["id"]))
    return str(row["number"])


def _live_case(office: Office, number: str, refused: str) -> Any:
    """The stored case NUMBER names; a voided one is REFUSED (said why)."""
    row = cases_store.find_case(office.conn, office.case_number(number))
    if row["voided_at"] is not None:
        raise InvalidMove(f"投诉件 {row['number']} 已于 {row['voided_at'][:10]} 作废,{refused}")
    return row
