"""Deadlines (时限) as clocks: start, limit, extensions, suspensions, stop.

A clock is a value; its due date and state are derived from it, the working-day
calendar and the date asked about. Nothing here reads the time of day: the
cut-off is 24:00 of the due date, so only China dates matter.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from typing import NamedTuple

from tousu_cli.domain.errors import InvalidInput, InvalidMove
from tousu_cli.domain.policy import ClockName, Policy
from tousu_cli.domain.workdays import ONE_DAY, Workdays


class ClockState(StrEnum):
    RUNNING = "running"
    SUSPENDED = "suspended"
    MET = "met"
    LATE = "late"
    OVERDUE = "overdue"

    @property
    def label(self) -> str:
        return _STATE_LABELS[self]


_STATE_LABELS = {
    ClockState.RUNNING: "计时中",
    ClockState.SUSPENDED: "已中止",
    ClockState.MET: "按期完成",
    ClockState.LATE: "逾期完成",
    ClockState.OVERDUE: "已超期",
}


@dataclass(frozen=True, slots=True)
class Extension:
    days: int
    reason: str
    approved_by: str
    on: date
    # Approved after the due date had passed (--late): recorded, but it moves
    # no due date, so a clock late before it stays late in every rate.
    late: bool = False


@dataclass(frozen=True, slots=True)
class Suspension:
    start: date
    reason: str
    end: date | None = None


class Clock(NamedTuple):
    """A value: every change makes a new one (a named tuple, for the speed of
    building one at every stage of every imported case)."""

    name: ClockName
    started_on: date
    limit_days: int
    extensions: tuple[Extension, ...] = ()
    suspensions: tuple[Suspension, ...] = ()
    stopped_on: date | None = None

    @property
    def running(self) -> bool:
        return self.stopped_on is None

    @property
    def suspended(self) -> bool:
        return bool(self.suspensions) and self.suspensions[-1].end is None

    def _require_running(self, doing: str) -> None:
        if not self.running:
            raise InvalidMove(f"{self.name.label}时限已于 {self.stopped_on} 停止,不能{doing}")

    def extend(
        self,
        days: int,
        reason: str,
        approved_by: str,
        on: date,
        policy: Policy,
        *,
        late: bool = False,
    ) -> Clock:
        """延期: add working days to the current due date, within the policy's
        bounds. LATE: approved once the clock was already overdue (see Extension)."""
        self._require_running("延期")
        if not reason.strip():
            raise InvalidInput("延期须写明理由")
        if not approved_by.strip():
            raise InvalidInput("延期须写明批准人")
        if not 1 <= days <= policy.max_extension_days:
            raise InvalidInput(
                f"延期天数须在 1 到 {policy.max_extension_days} 个工作日之间,收到 {days}"
            )
        if len(self.extensions) >= policy.max_extensions:
            raise InvalidMove(
                f"{self.name.label}时限已延期 {len(self.extensions)} 次,"
                f"按规定最多 {policy.max_extensions} 次"
            )
        return self._replace(
            extensions=(*self.extensions, Extension(days, reason, approved_by, on, late))
        )

    def suspend(self, on: date, reason: str) -> Clock:
        """中止: the clock stops running until resumed."""
        self._require_running("中止")
        if self.suspended:
            raise InvalidMove(
                f"{self.name.label}时限已于 {self.suspensions[-1].start} 中止,尚未恢复"
            )
        if not reason.strip():
            raise InvalidInput("中止须写明理由")
        if on < self.started_on:
            raise InvalidInput(f"中止日期 {on} 早于时限起算日 {self.started_on}")
        return self._replace(suspensions=(*self.suspensions, Suspension(on, reason)))

    def resume(self, on: date) -> Clock:
        """恢复: the clock runs again; the working days in between push the due date."""
        self._require_running("恢复")
        if not self.suspended:
            raise InvalidMove(f"{self.name.label}时限未中止,无需恢复")
        last = self.suspensions[-1]
        if on < last.start:
            raise InvalidInput(f"恢复日期 {on} 早于中止日期 {last.start}")
        return self._replace(suspensions=(*self.suspensions[:-1], replace(last, end=on)))

    def stop(self, on: date) -> Clock:
        self._require_running("停止")
        # Built whole: the commonest move, and _replace is slower.
        return Clock(
            self.name, self.started_on, self.limit_days, self.extensions, self.suspensions, on
        )


@dataclass(frozen=True, slots=True)
class ClockStatus:
    due: date
    original_due: date
    state: ClockState
    overdue_days: int
    days_left: int | None
    extended_days: int
    suspended_days: int
    provisional: bool


def suspended_workdays(workdays: Workdays, start: date, end: date) -> int:
    """Working days strictly between START and END (both ends count as running)."""
    last = end - ONE_DAY
    return workdays.count(start, last) if last > start else 0


def evaluate(clock: Clock, workdays: Workdays, as_of: date) -> ClockStatus:
    """Due date, state and day counts of CLOCK as seen on AS_OF."""
    original_due = workdays.add(clock.started_on, clock.limit_days)
    extended = sum(e.days for e in clock.extensions if not e.late)
    # An open suspension is measured as if resumed today (or at the stop):
    # the smallest push it can still cause.
    open_end = clock.stopped_on or as_of
    suspended = sum(
        suspended_workdays(workdays, s.start, s.end or open_end) for s in clock.suspensions
    )
    due = workdays.add(original_due, extended + suspended)
    provisional = workdays.provisional(clock.started_on, due)

    if clock.stopped_on is not None:
        late = clock.stopped_on > due
        return ClockStatus(
            due=due,
            original_due=original_due,
            state=ClockState.LATE if late else ClockState.MET,
            overdue_days=workdays.count(due, clock.stopped_on) if late else 0,
            days_left=None,
            extended_days=extended,
            suspended_days=suspended,
            provisional=provisional,
        )
    if clock.suspended:
        state, overdue = ClockState.SUSPENDED, 0
    elif as_of > due:
        state, overdue = ClockState.OVERDUE, workdays.count(due, as_of)
    else:
        state, overdue = ClockState.RUNNING, 0
    return ClockStatus(
        due=due,
        original_due=original_due,
        state=state,
        overdue_days=overdue,
        days_left=max(0, workdays.count(as_of, due)),
        extended_days=extended,
        suspended_days=suspended,
        provisional=provisional,
    )


def settled_due(clock: Clock, workdays: Workdays) -> ClockStatus:
    """The due date as far as it is settled: an open suspension adds nothing yet.

    This is what is stored for the overdue query; a suspended clock is never
    overdue, and resuming it settles the days it was suspended.
    """
    if clock.stopped_on is not None:
        as_of = clock.stopped_on
    elif clock.suspended:
        as_of = clock.suspensions[-1].start
    else:
        as_of = clock.started_on
    return evaluate(clock, workdays, as_of)


def as_it_stood(clock: Clock, day: date) -> Clock:
    """The clock as it was known at the end of DAY: later extensions, suspensions
    and a later stop had not happened yet."""
    suspensions = tuple(
        s if s.end is None or s.end <= day else replace(s, end=None)
        for s in clock.suspensions
        if s.start <= day
    )
    return clock._replace(
        extensions=tuple(e for e in clock.extensions if e.on <= day),
        suspensions=suspensions,
        stopped_on=clock.stopped_on if clock.stopped_on and clock.stopped_on <= day else None,
    )
