"""The morning check: clocks past their due date, and clocks due within N working days."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from tousu_cli.domain.clocks import ClockState, ClockStatus, as_it_stood, evaluate
from tousu_cli.domain.lifecycle import status_after
from tousu_cli.domain.model import Action, Status
from tousu_cli.domain.policy import ClockName
from tousu_cli.services.office import Office
from tousu_cli.services.views import flags
from tousu_cli.storage.clock_rows import clock_from_row
from tousu_cli.storage.transaction import ensure_sound

_COLUMNS = (
    "SELECT k.*, c.number, c.status, c.major, c.escalated, c.repeat_rank, u.name AS unit"
    " FROM clocks k JOIN cases c ON c.id = k.case_id JOIN units u ON u.id = c.unit_id"
)
# Today: the running, unsuspended clocks due by the warning limit (a partial index,
# named because the planner would otherwise take clocks_stopped for IS NULL).
CURRENT = (
    "SELECT k.name, k.due, k.provisional, c.number, c.status, c.major,"
    " c.escalated, c.repeat_rank, u.name AS unit"
    " FROM clocks k INDEXED BY clocks_running_due"
    " JOIN cases c ON c.id = k.case_id JOIN units u ON u.id = c.unit_id"
    " WHERE k.stopped_on IS NULL AND k.suspended = 0 AND k.due <= ? AND c.voided_at IS NULL"
)
# Today's overdue cases, for counting: the same clocks, by the index alone.
OVERDUE_NOW = (
    "SELECT case_id FROM clocks INDEXED BY clocks_running_due"
    " WHERE stopped_on IS NULL AND suspended = 0 AND due < ?"
)
# A past day: every clock alive that day; its state then is worked out clock by clock.
AS_OF = _COLUMNS + (
    " WHERE (k.stopped_on IS NULL OR k.stopped_on > ?) AND k.started_on <= ?"
    " AND c.voided_at IS NULL"
)


@dataclass
class OverdueReport:
    as_of: date
    warn_days: int
    overdue: list[dict[str, Any]] = field(default_factory=list)
    due_soon: list[dict[str, Any]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.overdue and not self.due_soon

    def as_json(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "warn_days": self.warn_days,
            "overdue": self.overdue,
            "due_soon": self.due_soon,
        }


def overdue_report(office: Office, as_of: date, warn_days: int) -> OverdueReport:
    """Grouped by unit (the unit with the worst delay first), most overdue first.
    A damaged file is said to be so: the nightly reminder must not go quiet."""
    ensure_sound(office.conn)
    workdays = office.workdays
    limit = workdays.add(as_of, warn_days)
    report = OverdueReport(as_of, warn_days)
    if as_of >= office.today:
        rows = office.conn.execute(CURRENT, (limit.isoformat(),))
        _from_stored_due(office, report, rows, limit)
    else:
        _replayed(office, report, limit)
    report.overdue = _by_unit(report.overdue, "overdue_days", worst_first=True)
    report.due_soon = _by_unit(report.due_soon, "days_left", worst_first=False)
    return report


_CLOCK_LABELS = {name.value: name.label for name in ClockName}
_STATUS_LABELS = {status.value: status.label for status in Status}


def _item(row: sqlite3.Row, clock: str, due: str, provisional: bool) -> dict[str, Any]:
    return {
        "number": row["number"],
        "clock": clock,
        "clock_label": _CLOCK_LABELS[clock],
        "due": due,
        "unit": row["unit"],
        "status": row["status"],
        "status_label": _STATUS_LABELS[row["status"]],
        "provisional": provisional,
        "flags": flags(row),
    }


def _from_stored_due(
    office: Office, report: OverdueReport, rows: Iterable[sqlite3.Row], limit: date
) -> None:
    """Today: a running, unsuspended clock's stored due date is its due date."""
    workdays, as_of = office.workdays, report.as_of
    today, last = as_of.isoformat(), limit.isoformat()
    counts: dict[str, int] = {}  # many clocks share a due date
    for row in rows:
        due = row["due"]
        if due not in counts:
            counts[due] = workdays.count(date.fromisoformat(due), as_of)
        item = _item(row, row["name"], due, bool(row["provisional"]))
        if due < today:
            item["overdue_days"] = counts[due]
            report.overdue.append(item)
        elif due <= last:
            item["days_left"] = -counts[due]
            report.due_soon.append(item)


def overdue_cases(office: Office, as_of: date) -> Iterator[int]:
    """The ids of the cases with a clock overdue at the end of AS_OF, as the
    report finds them (a case may come more than once)."""
    if as_of >= office.today:
        yield from (row[0] for row in office.conn.execute(OVERDUE_NOW, (as_of.isoformat(),)))
        return
    for row, status in _as_they_stood(office, as_of):
        if status.state is ClockState.OVERDUE:
            yield row["case_id"]


def _as_they_stood(office: Office, as_of: date) -> Iterator[tuple[sqlite3.Row, ClockStatus]]:
    """A past day: each clock alive then, as it stood then."""
    rows = office.conn.execute(AS_OF, (as_of.isoformat(), as_of.isoformat()))
    for row in rows:
        clock = as_it_stood(clock_from_row(row), as_of)
        yield row, evaluate(clock, office.workdays, as_of)


# The stages of some cases (a JSON list of ids) before a moment, case by case.
_STAGES_BEFORE = (
    "SELECT case_id, action FROM events"
    " WHERE at < ? AND case_id IN (SELECT value FROM json_each(?)) ORDER BY case_id, id"
)
_STAGES = {action.value for action in Action}


def _statuses_then(office: Office, case_ids: set[int], end: str) -> dict[int, Status]:
    """The status each case had before END (an ISO day): its stages replayed,
    every case in one read."""
    statuses = dict.fromkeys(case_ids, Status.REGISTERED)
    rows = office.conn.execute(_STAGES_BEFORE, (end, json.dumps(sorted(case_ids))))
    for case_id, action in rows:
        if action in _STAGES:
            statuses[case_id] = status_after(statuses[case_id], Action(action))
    return statuses


def _replayed(office: Office, report: OverdueReport, limit: date) -> None:
    found = []
    for row, status in _as_they_stood(office, report.as_of):
        item = _item(row, row["name"], status.due.isoformat(), status.provisional)
        if status.state is ClockState.OVERDUE:
            found.append(
                (row["case_id"], report.overdue, item | {"overdue_days": status.overdue_days})
            )
        elif status.state is ClockState.RUNNING and status.due <= limit:
            found.append((row["case_id"], report.due_soon, item | {"days_left": status.days_left}))
    # Each case's status then, not today's: 已归档 was not yet.
    end = (report.as_of + timedelta(days=1)).isoformat()
    then = _statuses_then(office, {case_id for case_id, _, _ in found}, end)
    for case_id, kind, item in found:
        kind.append(item | {"status": then[case_id].value, "status_label": then[case_id].label})


def _by_unit(items: list[dict[str, Any]], key: str, worst_first: bool) -> list[dict[str, Any]]:
    sign = -1 if worst_first else 1
    worst: dict[str, int] = {}
    for item in items:
        value = sign * item[key]
        worst[item["unit"]] = min(worst.get(item["unit"], value), value)
    return sorted(
        items, key=lambda i: (worst[i["unit"]], i["unit"], sign * i[key], i["due"], i["number"])
    )
