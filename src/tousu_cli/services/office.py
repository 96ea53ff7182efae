"""What every use case works with: the database, who acts, and when it is."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from tousu_cli.domain.clocks import Clock, ClockStatus, settled_due
from tousu_cli.domain.errors import NotFound
from tousu_cli.domain.numbering import expand_number, parse_case_number
from tousu_cli.domain.policy import DEFAULT_POLICY, Policy
from tousu_cli.domain.workdays import Workdays
from tousu_cli.storage import cases_store
from tousu_cli.storage.calendar_store import load_calendar
from tousu_cli.storage.connection import Connection
from tousu_cli.storage.policy_store import (
    PolicyVersion,
    categories,
    policy_on,
    policy_versions,
)

# Clocks remembered with their due dates: a batch of cases received on the same
# days shares most of its clocks, and evaluating one is the costliest rule.
SETTLED_KEPT = 20_000


@dataclass
class Office:
    conn: Connection
    actor: str
    now: datetime
    _workdays: Workdays | None = field(default=None, repr=False)
    _policies: list[PolicyVersion] | None = field(default=None, repr=False)
    _categories: frozenset[str] | None = field(default=None, repr=False)
    _settled: dict[Clock, ClockStatus] = field(default_factory=dict, repr=False)
    units: dict[str, int] = field(default_factory=dict, repr=False)
    added_units: list[tuple[str, int]] = field(default_factory=list, repr=False)

    @property
    def today(self) -> date:
        return self.now.date()

    @property
    def workdays(self) -> Workdays:
        """The calendar as the clerk has it now (loaded once per command)."""
        if self._workdays is None:
            self._workdays = Workdays(load_calendar(self.conn))
        return self._workdays

    def forget_calendar(self) -> None:
        """The calendar changed under this command: read it again when next asked."""
        self._workdays = None
        self._settled.clear()

    @property
    def policy(self) -> tuple[int | None, Policy]:
        """The policy in force today and its version."""
        return self.policy_on(self.today)

    def policy_on(self, day: date) -> tuple[int | None, Policy]:
        """The policy in force on DAY and its version: a clock is held to the one
        of the day it starts (the versions loaded once per command)."""
        if self._policies is None:
            self._policies = policy_versions(self.conn)
        return policy_on(self._policies, day)

    @property
    def policies(self) -> list[Policy]:
        """Every policy a case may be held to: the defaults, in force before any
        version, and each version."""
        if self._policies is None:
            self._policies = policy_versions(self.conn)
        return [DEFAULT_POLICY, *(version.policy for version in self._policies)]

    def settled(self, clock: Clock) -> ClockStatus:
        """The clock's due date as far as it is settled, by this office's calendar."""
        status = self._settled.get(clock)
        if status is None:
            if len(self._settled) >= SETTLED_KEPT:
                self._settled.clear()
            status = self._settled[clock] = settled_due(clock, self.workdays)
        return status

    def case_number(self, typed: str) -> str:
        """The case number TYPED names (2026-0012, 26-12, or 12 within this year),
        refused with the candidates when no case has it but others end so."""
        number = expand_number(typed, self.today.year)
        if not cases_store.number_taken(self.conn, number):
            _, seq = parse_case_number(number)
            others = cases_store.numbers_with_sequence(self.conn, seq)
            hint = f";编号以此结尾的有:{'、'.join(others)}" if others else ""
            raise NotFound(f"没有编号为 {number} 的投诉件{hint}")
        return number

    def unit_id(self, name: str) -> int:
        """A unit's id, added on first mention (forget `units` after a rollback)."""
        found = self.units.get(name)
        if found is None:
            found, added = cases_store.unit_row(self.conn, name)
            self.units[name] = found
            if added:
                self.added_units.append((name, found))
        return found

    def take_back_units(self) -> None:
        """Remove the units in added_units: the record that named them was refused."""
        taken, self.added_units = self.added_units, []
        for name, _ in taken:
            self.units.pop(name, None)
        cases_store.remove_units(self.conn, [unit for _, unit in taken])

    @property
    def categories(self) -> frozenset[str]:
        """The categories a case may have (loaded once per command)."""
        if self._categories is None:
            self._categories = frozenset(name for name, _ in categories(self.conn))
        return self._categories
