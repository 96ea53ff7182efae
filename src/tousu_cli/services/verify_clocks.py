"""verify's check of a case's clocks: each clock row against what the events say.

A stage records each clock it starts, stops or moves (ClockChange); an
extension, a suspension and a resumption name their clock; a settled calendar
records each due date it moved (期限调整). Replayed in order they give each
clock's limit, policy version, due date, whether it stopped, whether it is
suspended, and how many extensions and suspensions it has had, which the
clock rows must show: an edited, added or deleted clock is named.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from tousu_cli.domain.actions import ClockChange, DeadlineChanged, Extend, Record, Resume, Suspend
from tousu_cli.domain.policy import ClockName


@dataclass
class ReplayedClock:
    name: str
    limit_days: int | None
    policy: int | None
    due: str
    stopped: bool = False
    suspended: bool = False
    extensions: int = 0
    suspensions: int = 0

    def facts(self) -> tuple[Any, ...]:
        return (
            self.name, self.limit_days, self.policy, self.due, self.stopped, self.suspended,
            self.extensions, self.suspensions,
        )  # fmt: skip


# What a clock row is compared on, in facts()' order after the name.
_FIELDS = (
    "期限(工作日)",
    "时限规则版本",
    "届满日",
    "是否已停止",
    "是否中止计时",
    "延期次数",
    "中止次数",
)


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

    def apply(self, record: Record | None, changes: Sequence[ClockChange]) -> None:
        named = getattr(record, "clock", None)
        name = named.value if isinstance(named, ClockName) else None
        match record:
            case Extend():
                if (clock := self._latest(name)) is not None:
                    clock.extensions += 1
            case Suspend():
                if (clock := self._latest(name)) is not None:
                    clock.suspensions += 1
                    clock.suspended = True
            case Resume():
                if (clock := self._latest(name)) is not None:
                    clock.suspended = False
            case DeadlineChanged(clock=which, old_due=old, new_due=due):
                # From where this ledger had it: one carried over by an import
                # tells of the other ledger's clock, recomputed here.
                if (clock := self._latest(which.value)) is not None and clock.due == old:
                    clock.due = due
        for change in changes:
            if change.change == "started":
                started = (change.clock.value, change.limit_days, change.policy)
                self.clocks.append(ReplayedClock(*started, change.due.isoformat()))
            elif (clock := self._latest(change.clock.value)) is not None:
                clock.due = change.due.isoformat()
                if change.change == "stopped":
                    clock.stopped, clock.suspended = True, False


def compare_clocks(
    number: str,
    replayed: Sequence[ReplayedClock],
    stored: Sequence[tuple[Any, ...]],
    add: Callable[[str], None],
) -> None:
    """STORED clock rows (name, limit, policy, due, stopped, suspended, extensions,
    suspensions, in id order) against the REPLAYED clocks of case NUMBER."""
    found_all = [
        (row[0], row[1], row[2], row[3], bool(row[4]), bool(row[5]), row[6], row[7])
        for row in stored
    ]
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
