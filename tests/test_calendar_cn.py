"""The calendar's three layers: the clerk's entries, the package, the statutory fallback."""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tousu_cli.calendar_cn import (
    ChinaCalendar,
    DayKind,
    DaySource,
    Override,
    package_years,
    statutory_holidays,
)


@pytest.mark.parametrize("year", [2025, 2026])
def test_the_statutory_rule_matches_the_announced_holidays(year: int) -> None:
    # The 2024 revision took effect in 2025: every statutory day was a holiday.
    for day in statutory_holidays(year):
        assert not chinese_calendar.is_workday(day), day


def test_statutory_holidays_of_2027_are_computed_from_the_lunar_calendar() -> None:
    days = statutory_holidays(2027)
    assert {d for d, name in days.items() if name == "春节"} == {
        date(2027, 2, 5),  # 除夕
        date(2027, 2, 6),
        date(2027, 2, 7),
        date(2027, 2, 8),
    }
    assert days[date(2027, 4, 5)] == "清明节"
    assert days[date(2027, 6, 9)] == "端午节"
    assert days[date(2027, 9, 15)] == "中秋节"
    assert days[date(2027, 1, 1)] == "元旦"
    assert {date(2027, 5, 1), date(2027, 5, 2), date(2027, 10, 3)} <= days.keys()


@given(st.integers(min_value=1901, max_value=2199))
def test_every_year_has_the_statutory_shape(year: int) -> None:
    days = statutory_holidays(year)
    assert all(d.year == year for d in days)
    # 中秋 can fall on 10-01 (as in 2020), so 12 or 13 distinct days.
    assert 12 <= len(days) <= 13
    spring = sorted(d for d, name in days.items() if name == "春节")
    assert spring == [spring[0] + timedelta(days=i) for i in range(4)]
    qingming = next(d for d, name in days.items() if name == "清明节")
    assert qingming.month == 4 and 3 <= qingming.day <= 6


def test_a_known_year_is_official_an_unknown_one_provisional() -> None:
    calendar = ChinaCalendar()
    assert 2026 in package_years()
    assert not calendar.is_provisional(2026)
    assert calendar.is_provisional(2027)
    assert calendar.is_provisional(2003)  # before the package's first year
    assert not ChinaCalendar(confirmed_years=[2027]).is_provisional(2027)


def test_days_are_explained() -> None:
    calendar = ChinaCalendar()
    makeup = calendar.describe(date(2026, 10, 10))
    assert (makeup.workday, makeup.kind, makeup.holiday) == (True, DayKind.MAKEUP_WORKDAY, "国庆节")
    assert makeup.reason == "国庆节调休上班"
    national = calendar.describe(date(2026, 10, 1))
    assert (national.workday, national.kind, national.reason) == (
        False,
        DayKind.HOLIDAY,
        "国庆节假期",
    )
    weekend = calendar.describe(date(2026, 11, 21))
    assert (weekend.kind, weekend.reason) == (DayKind.WEEKEND, "周末(星期六)")
    statutory = calendar.describe(date(2027, 10, 1))
    assert statutory.kind is DayKind.STATUTORY_HOLIDAY
    assert statutory.provisional
    assert "暂按" in statutory.reason


def test_the_clerks_entry_wins_over_the_package() -> None:
    calendar = ChinaCalendar([Override(date(2026, 10, 10), False, "停电闭厅")])
    info = calendar.describe(date(2026, 10, 10))
    assert not info.workday
    assert info.source is DaySource.OVERRIDE
    assert info.reason == "经办人设定的休息日(停电闭厅)"
    # A confirmed year is exact: the clerk's entries and the weekends, no
    # statutory guess left (除夕 2027-02-05 was guessed off and stayed so).
    confirmed = ChinaCalendar([Override(date(2027, 1, 4), False)], confirmed_years=[2027])
    assert confirmed.is_workday(date(2027, 1, 1))  # not entered: a Friday like any
    assert confirmed.is_workday(date(2027, 2, 5))
    assert not confirmed.is_workday(date(2027, 1, 4))
    assert not confirmed.describe(date(2027, 1, 5)).provisional
    guessed = ChinaCalendar()
    assert (
        not guessed.is_workday(date(2027, 2, 5)) and guessed.describe(date(2027, 2, 5)).provisional
    )
