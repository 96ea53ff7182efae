"""What every use case works with: the database, who acts, and when it is."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import date, datetime

from tousu_cli.domain.policy import Policy
from tousu_cli.domain.workdays import Workdays
from tousu_cli.storage.calendar_store import load_calendar
from tousu_cli.storage.policy_store import current_policy


@dataclass
class Office:
    conn: sqlite3.Connection
    actor: str
    now: datetime
    _workdays: Workdays | None = field(default=None, repr=False)
    _policy: tuple[int | None, Policy] | None = field(default=None, repr=False)
    _categories: frozenset[str] | None = field(default=None, repr=False)

    @property
    def today(self) -> date:
        return self.now.date()

    @property
    def workdays(self) -> Workdays:
        """The calendar as the clerk has it now (loaded once per command)."""
        if self._workdays is None:
            self._workdays = Workdays(load_calendar(self.conn))
        return self._workdays

    @property
    def policy(self) -> tuple[int | None, Policy]:
        """The policy in force and its version (loaded once per command)."""
        if self._policy is None:
            self._policy = current_policy(self.conn)
        return self._policy

    @property
    def categories(self) -> frozenset[str]:
        """The categories a case may have (loaded once per command)."""
        if self._categories is None:
            rows = self.conn.execute("SELECT name FROM categories")
            self._categories = frozenset(row[0] for row in rows)
        return self._categories
