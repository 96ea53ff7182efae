"""Keeping stored due dates true when the calendar changes under them.

A due date is stored so the overdue check is one indexed query; when the
calendar it was computed with changes (the clerk's entries, a confirmed year,
a newer calendar package), the affected clocks are recomputed, and each case
whose dates move is given one record naming every clock moved, with the reason.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tousu_cli.domain.clocks import settled_due
from tousu_cli.domain.policy import ClockName
from tousu_cli.services.office import Office
from tousu_cli.storage.cases_store import update_case
from tousu_cli.storage.clock_rows import (
    StoredDue,
    provisional_clocks,
    provisional_years,
    set_due,
    settle_stopped,
)
from tousu_cli.storage.events import EventRow, event_row, insert_events
from tousu_cli.storage.transaction import write_transaction

if TYPE_CHECKING:
    from tousu_cli.domain.actions import ClockMove


@dataclass(frozen=True, slots=True)
class CaseMoved:
    """A case whose due dates a calendar change moved, and how."""

    number: str
    moves: tuple[ClockMove, ...]


def recompute(office: Office, reason: str, clocks: Iterable[StoredDue]) -> list[CaseMoved]:
    """Recompute the running and suspended CLOCKS by today's calendar: each case
    that changed is given one record of every clock of it that moved. A stopped
    clock keeps its due date."""
    # Loaded here, not at start-up: every command opens the ledger through
    # settle_known_years, and almost never has a due date to move.
    from tousu_cli.domain.actions import ClockMove, DeadlineChanged, Event
    from tousu_cli.services.cases import reply_columns

    moved: dict[int, list[ClockMove]] = {}
    numbers: dict[int, str] = {}
    for row in clocks:
        clock = row.clock
        if clock.stopped_on is not None:
            # History: a clock met stays met, whatever the calendar learns later.
            if row.provisional:
                settle_stopped(office.conn, row.id)
            continue
        status = settled_due(clock, office.workdays)
        due, provisional = status.due.isoformat(), status.provisional
        if (due, provisional) == (row.due, row.provisional):
            continue
        set_due(office.conn, row.id, status)
        if clock.name is ClockName.REPLY:
            columns = reply_columns(status, clock.stopped_on)
            update_case(office.conn, row.case_id, columns)
        move = ClockMove(clock.name, row.due, due, row.provisional, provisional)
        moved.setdefault(row.case_id, []).append(move)
        numbers[row.case_id] = row.number
    events: list[EventRow] = [
        event_row(case_id, Event(office.now, DeadlineChanged(tuple(moves), reason)),
                  office.actor, office.now)
        for case_id, moves in moved.items()
    ]  # fmt: skip
    insert_events(office.conn, events)  # one step of the chain for them all
    return [CaseMoved(numbers[case_id], tuple(moves)) for case_id, moves in moved.items()]


def settle_known_years(office: Office) -> int:
    """Provisional due dates whose year the calendar now knows are recomputed.

    Runs whenever a command opens the database: installing a newer calendar
    package needs no other step.
    """
    years = provisional_years(office.conn)
    if not years:
        return 0  # the usual case: a read, no lock taken
    calendar = office.workdays.calendar
    known = [y for y in years if not calendar.is_provisional(y)]
    if not known:
        return 0
    from tousu_cli.calendar_cn import package_years

    names = "、".join(map(str, known))
    source = "日历数据包" if all(y in package_years() for y in known) else "经办人确认"
    reason = f"{names} 年放假安排已知({source}),重新计算期限"
    with write_transaction(office.conn):
        return len(recompute(office, reason, provisional_clocks(office.conn)))
