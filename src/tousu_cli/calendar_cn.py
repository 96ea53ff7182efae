"""The Chinese working-day calendar.

Three layers, the first that speaks wins:
1. days the office entered: a State Council notice read in (`tousu calendar
   notice`), or the clerk's own entries (`tousu calendar set`), for local
   closures and for a year typed in before a newer calendar package is installed;
2. the State Council schedules shipped in the `chinese-calendar` package
   (holidays and 调休 make-up working days);
3. for a year the package does not know: weekends plus the statutory holidays
   of 全国年节及纪念日放假办法 (2024 revision), with lunar dates computed.
   Answers from this layer are provisional until the year is known: a newer
   package, or the clerk's `calendar confirm YEAR` after typing it in.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import cache

from tousu_cli.chinatime import weekday_zh


class DayKind(StrEnum):
    WORKDAY = "workday"
    WEEKEND = "weekend"
    HOLIDAY = "holiday"
    MAKEUP_WORKDAY = "makeup_workday"
    STATUTORY_HOLIDAY = "statutory_holiday"
    OVERRIDE_HOLIDAY = "override_holiday"
    OVERRIDE_WORKDAY = "override_workday"


class DaySource(StrEnum):
    """Who decided a day: what `calendar check` names."""

    RULE = "weekday_rule"
    PACKAGE = "chinese_calendar"
    STATUTORY = "statutory"
    OVERRIDE = "override"  # the clerk's own entry
    NOTICE = "notice"  # a State Council notice the office read in

    @property
    def label(self) -> str:
        return _SOURCE_LABELS[self]


_SOURCE_LABELS = {
    DaySource.RULE: "周末与工作日规则",
    DaySource.PACKAGE: "日历数据包(国务院放假安排)",
    DaySource.STATUTORY: "法定节假日推算(暂定)",
    DaySource.OVERRIDE: "经办人录入",
    DaySource.NOTICE: "本单位录入的国务院办公厅通知",
}


class EntrySource(StrEnum):
    """Where an entry of the office's calendar came from."""

    CLERK = "clerk"
    NOTICE = "notice"


@dataclass(frozen=True, slots=True)
class Override:
    """A day the office declared a holiday or a working day: the clerk's own
    entry, or one of a notice read in."""

    day: date
    workday: bool
    name: str = ""
    source: EntrySource = EntrySource.CLERK


@dataclass(frozen=True, slots=True)
class DayInfo:
    day: date
    workday: bool
    kind: DayKind
    source: DaySource
    provisional: bool
    holiday: str | None = None

    @property
    def reason(self) -> str:
        name = self.holiday or ""
        text = {
            DayKind.WORKDAY: "工作日",
            DayKind.WEEKEND: f"周末({weekday_zh(self.day)})",
            DayKind.HOLIDAY: f"{name}假期",
            DayKind.MAKEUP_WORKDAY: f"{name}调休上班",
            DayKind.STATUTORY_HOLIDAY: f"{name}法定节假日",
            DayKind.OVERRIDE_HOLIDAY: "经办人设定的休息日" + (f"({name})" if name else ""),
            DayKind.OVERRIDE_WORKDAY: "经办人设定的工作日" + (f"({name})" if name else ""),
        }[self.kind]
        if self.provisional:
            text += "(该年放假安排尚未确认,暂按周末和法定节假日推算)"
        return text


# chinese-calendar names holidays in English; the clerk reads Chinese.
_PACKAGE_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}


@cache
def package_years() -> range:
    """The years whose official schedule the installed chinese-calendar knows."""
    import chinese_calendar

    years = [d.year for d in chinese_calendar.holidays]
    return range(min(years), max(years) + 1)


def _package_day(day: date) -> tuple[bool, str] | None:
    """(workday, holiday name) when the package lists DAY as special, else None."""
    import chinese_calendar

    if (name := chinese_calendar.workdays.get(day)) is not None:
        return True, _PACKAGE_NAMES.get(name, name)
    if (name := chinese_calendar.holidays.get(day)) is not None:
        return False, _PACKAGE_NAMES.get(name, name)
    return None


@cache
def statutory_holidays(year: int) -> dict[date, str]:
    """全国年节及纪念日放假办法 (2024 revision): the holidays every year has by law.

    元旦 1 day; 春节 除夕 to 初三; 清明 1; 劳动节 5/1–5/2; 端午 1; 中秋 1;
    国庆 10/1–10/3. The State Council's schedule adds bridging days and 调休
    on top; those cannot be known in advance.
    """
    from lunar_python import Lunar, Solar

    def solar(s: Solar) -> date:
        return date(s.getYear(), s.getMonth(), s.getDay())

    days = {date(year, 1, 1): "元旦"}
    new_year = solar(Lunar.fromYmd(year, 1, 1).getSolar())
    for offset in range(-1, 3):
        days[new_year + timedelta(days=offset)] = "春节"
    qingming = solar(Solar.fromYmd(year, 4, 15).getLunar().getJieQiTable()["清明"])
    days[qingming] = "清明节"
    days[date(year, 5, 1)] = days[date(year, 5, 2)] = "劳动节"
    days[solar(Lunar.fromYmd(year, 5, 5).getSolar())] = "端午节"
    days[solar(Lunar.fromYmd(year, 8, 15).getSolar())] = "中秋节"
    for d in (1, 2, 3):
        days[date(year, 10, d)] = "国庆节"
    return days


class ChinaCalendar:
    """One snapshot of the calendar: package data plus the clerk's entries."""

    def __init__(
        self, overrides: Iterable[Override] = (), confirmed_years: Iterable[int] = ()
    ) -> None:
        self._overrides = {o.day: o for o in overrides}
        self._confirmed = frozenset(confirmed_years)

    def official(self, year: int) -> bool:
        return year in package_years()

    def is_provisional(self, year: int) -> bool:
        return not self.official(year) and year not in self._confirmed

    def is_workday(self, day: date) -> bool:
        return self.describe(day).workday

    def describe(self, day: date) -> DayInfo:
        provisional = self.is_provisional(day.year)
        override = self._overrides.get(day)
        if override is not None:
            name = override.name or None
            if override.source is EntrySource.NOTICE:
                kind = DayKind.MAKEUP_WORKDAY if override.workday else DayKind.HOLIDAY
                return DayInfo(day, override.workday, kind, DaySource.NOTICE, provisional, name)
            kind = DayKind.OVERRIDE_WORKDAY if override.workday else DayKind.OVERRIDE_HOLIDAY
            return DayInfo(day, override.workday, kind, DaySource.OVERRIDE, provisional, name)
        if self.official(day.year):
            special = _package_day(day)
            if special is not None:
                workday, name = special
                kind = DayKind.MAKEUP_WORKDAY if workday else DayKind.HOLIDAY
                return DayInfo(day, workday, kind, DaySource.PACKAGE, False, name)
        elif day.year not in self._confirmed and (
            (statutory := statutory_holidays(day.year).get(day)) is not None
        ):  # a confirmed year is exact: its entries and the weekends, no guess
            return DayInfo(
                day, False, DayKind.STATUTORY_HOLIDAY, DaySource.STATUTORY, provisional, statutory
            )
        if day.weekday() >= 5:
            return DayInfo(day, False, DayKind.WEEKEND, DaySource.RULE, provisional)
        return DayInfo(day, True, DayKind.WORKDAY, DaySource.RULE, provisional)
