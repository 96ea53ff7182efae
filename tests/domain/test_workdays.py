"""Working-day arithmetic with real dates of the 2025 and 2026 State Council schedules."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tousu_cli.calendar_cn import ChinaCalendar
from tousu_cli.domain.errors import InvalidInput
from tousu_cli.domain.workdays import Workdays

ORACLE = json.loads(
    (Path(__file__).parents[1] / "data" / "cn-official-days-2007-2026.json").read_text("utf-8")
)
WORKDAYS = Workdays(ChinaCalendar())


@pytest.mark.parametrize(
    ("start", "n", "due"),
    [
        # domain.md, "Verified 2026 examples"
        (date(2026, 9, 30), 1, date(2026, 10, 8)),
        (date(2026, 9, 18), 5, date(2026, 9, 24)),
        (date(2026, 9, 30), 5, date(2026, 10, 13)),
        (date(2026, 2, 13), 1, date(2026, 2, 14)),  # a make-up Saturday
        (date(2026, 2, 13), 10, date(2026, 3, 5)),
        # the foundation issue
        (date(2026, 2, 12), 5, date(2026, 2, 26)),
        # 2026-09-20 is a make-up Sunday; 09-25 中秋 is a holiday
        (date(2026, 9, 18), 1, date(2026, 9, 20)),
        (date(2026, 9, 24), 1, date(2026, 9, 28)),
        # 2026-01-04 (Sunday) is worked after 元旦
        (date(2025, 12, 31), 1, date(2026, 1, 4)),
        (date(2026, 9, 30), 0, date(2026, 9, 30)),
    ],
)
def test_verified_due_dates(start: date, n: int, due: date) -> None:
    assert WORKDAYS.add(start, n) == due
    assert WORKDAYS.count(start, due) == n


@pytest.mark.parametrize("year", [2025, 2026])
def test_a_year_has_248_working_days(year: int) -> None:
    assert WORKDAYS.count(date(year - 1, 12, 31), date(year, 12, 31)) == 248


def test_every_day_2007_to_2026_agrees_with_the_independent_oracle() -> None:
    special = ORACLE["days"]
    day = date(2007, 1, 1)
    while day <= date(2026, 12, 31):
        entry = special.get(day.isoformat())
        expected = day.weekday() < 5 if entry is None else entry["kind"] == "workday"
        assert WORKDAYS.is_workday(day) is expected, day
        day += timedelta(days=1)


def test_counting_back_and_forth_across_years() -> None:
    # 2026-12-31 to 2027-01-08 crosses into a provisional year: 2027-01-01 is 元旦.
    assert WORKDAYS.count(date(2026, 12, 24), date(2027, 1, 8)) == 10
    assert WORKDAYS.count(date(2027, 1, 8), date(2026, 12, 24)) == -10
    assert WORKDAYS.provisional(date(2026, 12, 24), date(2027, 1, 8))
    assert not WORKDAYS.provisional(date(2026, 1, 1), date(2026, 12, 31))


def test_a_negative_count_is_refused() -> None:
    with pytest.raises(InvalidInput, match="负数"):
        WORKDAYS.add(date(2026, 1, 1), -3)


def test_walk_lists_every_day_after_the_start() -> None:
    walked = list(WORKDAYS.walk(date(2026, 9, 30), date(2026, 10, 8)))
    assert next(d for d, _ in walked) == date(2026, 10, 1)
    assert [d for d, counted in walked if counted] == [date(2026, 10, 8)]
    assert len(walked) == 8


dates = st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 12, 31))
limits = st.integers(min_value=1, max_value=60)


@given(dates, limits)
def test_a_due_date_is_always_a_working_day(start: date, n: int) -> None:
    assert WORKDAYS.is_workday(WORKDAYS.add(start, n))


@given(dates, st.integers(min_value=0, max_value=400))
def test_n_working_days_forward_then_counted_back_gives_n(start: date, n: int) -> None:
    assert WORKDAYS.count(start, WORKDAYS.add(start, n)) == n


@given(dates, limits, limits)
def test_adding_in_two_steps_is_adding_once(start: date, a: int, b: int) -> None:
    assert WORKDAYS.add(WORKDAYS.add(start, a), b) == WORKDAYS.add(start, a + b)


@given(dates, limits)
def test_the_due_date_is_the_first_day_with_n_working_days(start: date, n: int) -> None:
    due = WORKDAYS.add(start, n)
    assert WORKDAYS.count(start, due - timedelta(days=1)) == n - 1
