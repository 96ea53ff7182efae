"""Working-day arithmetic over any calendar.

Counting follows 民法典 第201、203条: the start day is not counted, the N-th
working day after it is the due date. The arithmetic runs on a per-year table
of cumulative working-day counts, so a due date costs one bisection instead of
a walk over every day (the calendar itself is consulted once per day per year).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol

from tousu_cli.domain.errors import InvalidInput

ONE_DAY = timedelta(days=1)


class WorkCalendar(Protocol):
    """Which days are working days, and which years are only guessed."""

    def is_workday(self, day: date) -> bool: ...

    def is_provisional(self, year: int) -> bool:
        """True when the year's official schedule is not known yet."""
        ...


@dataclass(frozen=True, slots=True)
class _Year:
    first_ordinal: int
    # cum[i] = working days among the year's first i days; len(cum) = days + 1
    cum: tuple[int, ...]
    provisional: bool

    @property
    def total(self) -> int:
        return self.cum[-1]


# The years whose holidays can be worked out: the lunar festivals are computed
# for these, and no complaint deadline falls outside them.
YEARS = range(1900, 2200)


class Workdays:
    """Due dates and working-day counts over one calendar snapshot."""

    def __init__(self, calendar: WorkCalendar) -> None:
        self.calendar = calendar
        self._years: dict[int, _Year] = {}

    def _year(self, year: int) -> _Year:
        table = self._years.get(year)
        if table is None:
            if year not in YEARS:
                raise InvalidInput(
                    f"日期超出可计算的范围:{year} 年(可计算 {YEARS[0]}–{YEARS[-1]} 年)"
                )
            first = date(year, 1, 1)
            days = (date(year, 12, 31) - first).days + 1
            cum = [0] * (days + 1)
            day = first
            for i in range(days):
                cum[i + 1] = cum[i] + (1 if self.calendar.is_workday(day) else 0)
                if i + 1 < days:
                    day += ONE_DAY
            table = _Year(first.toordinal(), tuple(cum), self.calendar.is_provisional(year))
            self._years[year] = table
        return table

    def _through(self, day: date) -> tuple[_Year, int]:
        """The day's year table and the working days from 1 January through the day."""
        table = self._year(day.year)
        return table, table.cum[day.toordinal() - table.first_ordinal + 1]

    def is_workday(self, day: date) -> bool:
        table = self._year(day.year)
        i = day.toordinal() - table.first_ordinal
        return table.cum[i + 1] > table.cum[i]

    def add(self, start: date, n: int) -> date:
        """The N-th working day after START (START itself is not counted)."""
        if n < 0:
            raise InvalidInput(f"工作日天数不能为负数:{n}")
        if n == 0:
            return start
        year = start.year
        table, done = self._through(start)
        target = done + n
        while target > table.total:
            target -= table.total
            year += 1
            table = self._year(year)
        k = bisect_left(table.cum, target)
        return date.fromordinal(table.first_ordinal + k - 1)

    def count(self, after: date, upto: date) -> int:
        """Working days d with AFTER < d <= UPTO; negative when UPTO is before AFTER."""
        if upto < after:
            return -self.count(upto, after)
        table_a, through_a = self._through(after)
        _, through_u = self._through(upto)
        if after.year == upto.year:
            return through_u - through_a
        between = sum(self._year(y).total for y in range(after.year + 1, upto.year))
        return (table_a.total - through_a) + between + through_u

    def provisional(self, first: date, last: date) -> bool:
        """Whether any day from FIRST to LAST lies in a year not announced yet."""
        lo, hi = sorted((first, last))
        return any(self._year(y).provisional for y in range(lo.year, hi.year + 1))

    def walk(self, start: date, end: date) -> Iterator[tuple[date, bool]]:
        """Every day after START up to END, with whether it is a working day."""
        day = start + ONE_DAY
        while day <= end:
            yield day, self.is_workday(day)
            day += ONE_DAY
