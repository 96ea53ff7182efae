"""verify's check of a case's clocks: each clock row against what the events say.

A stage records each clock it starts, stops or moves (ClockChange), on the day
it happened; an extension, a suspension and a resumption name their clock; a
settled calendar records each due date it moved (期限调整); the accept clock
starts on the day the complaint came in, and moves with a corrected received
time. Replayed in order they give each clock's start, limit, policy version,
due date, stop, whether it is suspended, and how many extensions and
suspensions it has had, which the clock rows must show: an edited, added or
deleted clock is named.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from tousu_cli.domain.actions import (
    Amended,
    ClockChange,
    DeadlineChanged,
    Extend,
    Record,
    Register,
    Resume,
    Suspend,
)
from tousu_cli.domain.policy import ClockName


@dataclass
class ReplayedClock:
    name: str
    started_on: str
    limit_days: int | None
    policy: int | None
    due: str
    stopped_on: str | None = None
    suspended: bool = False
    extensions: int = 0
    suspensions: int = 0

    @property
    def stopped(self) -> bool:
        return self.stopped_on is not None

    def facts(self) -> tuple[Any, ...]:
        return (
            self.name, self.started_on, self.limit_days, self.policy, self.due, self.stopped_on,
            self.suspended, self.extensions, self.suspensions,
        )  # fmt: skip


# What a clock row is compared on, in facts()' order after the name.
_FIELDS = (
    "起算日", "期限(工作日)", "时限规则版本", "届满日", "停止日", "是否中止计时", "延期次数",
    "中止次数",
)  # fmt: skip


class ClockReplay:
    """A case's clocks, as its events replayed in order make them."""

    def __init__(self) -> None:
        self.clocks: list[ReplayedClock] = []

    def _latest(self, name: str | None) -> ReplayedClock | None:
        """The clock a change names (or, unnamed, the one still running)."""
        for clock in reversed(self.clocks):
            if (name is None and not clock.stopped) or clock.name == name:
                return clock
        return None

    def apply(
        self, record: Record | None, changes: Sequence[ClockChange], on: str, *, carried: bool
    ) -> None:
        """One event, recorded as happening on ON (its China date); CARRIED: one
        of another ledger's, brought in by an import."""
        if isinstance(record, Register):  # the accept clock counts from the complaint's day
            on = record.received_at[:10]
        elif not (carried and isinstance(record, DeadlineChanged)):
            self._record(record)
        for change in changes:
            if change.change == "started":
                started = (change.clock.value, on, change.limit_days, change.policy)
                self.clocks.append(ReplayedClock(*started, change.due.isoformat()))
            elif (clock := self._latest(change.clock.value)) is not None:
                clock.due = change.due.isoformat()
                if change.change == "stopped":
                    clock.stopped_on, clock.suspended = on, False

    def _record(self, record: Record | None) -> None:
        """What a record besides its clock changes does to the clock it names."""
        named = getattr(record, "clock", None)
        clock = self._latest(named.value if isinstance(named, ClockName) else None)
        match record:
            case Amended(changes=corrections):
                accept = self._latest(ClockName.ACCEPT.value)
                for correction in corrections:
                    if correction.fact == "received_at" and accept is not None:
                        accept.started_on = str(correction.after)[:10]
            case Extend() if clock is not None:
                clock.extensions += 1
            case Suspend() if clock is not None:
                clock.suspensions += 1
                clock.suspended = True
            case Resume() if clock is not None:
                clock.suspended = False
            case DeadlineChanged(moves=moves):
                for move in moves:
                    latest = self._latest(move.clock.value)
                    if latest is not None and latest.due == move.old_due:
                        latest.due = move.new_due


def compare_clocks(
    number: str,
    replayed: Sequence[ReplayedClock],
    stored: Sequence[tuple[Any, ...]],
    add: Callable[[str], None],
) -> None:
    """STORED clock rows (name, start, limit, policy, due, stop, suspended,
    extensions, suspensions, in id order) against the REPLAYED clocks of case NUMBER."""
    found_all = [(*row[:6], bool(row[6]), row[7], row[8]) for row in stored]
    if found_all == [clock.facts() for clock in replayed]:
        return  # as nearly always: started in the order they were stored
    for name in dict.fromkeys([c.name for c in replayed] + [row[0] for row in stored]):
        label = ClockName(name).label
        wanted = [c.facts() for c in replayed if c.name == name]
        found = [row for row in found_all if row[0] == name]
        if len(found) > len(wanted):
            add(f"投诉件 {number} 多出 {len(found) - len(wanted)} 个{label}时限(处置记录中没有)")
        elif len(found) < len(wanted):
            add(f"投诉件 {number} 的{label}时限少了 {len(wanted) - len(found)} 个(已被删除)")
        for expected, actual in zip(wanted, found, strict=False):
            for field, want, have in zip(_FIELDS, expected[1:], actual[1:], strict=True):
                if want != have:
                    add(
                        f"投诉件 {number} 的{label}时限的{field}为 {_said(have)},"
                        f"按处置记录应为 {_said(want)}"
                    )


def _said(value: Any) -> str:
    if value is None:
        return "(空)"
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)
