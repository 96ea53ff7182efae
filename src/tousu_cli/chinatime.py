"""China time: every date the tool stores or counts is an Asia/Shanghai date.

China has kept UTC+8 without daylight saving since 1991, so a fixed offset is
exact for every date a complaint can carry, and needs no tz database (which a
Windows machine may lack).
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache

from tousu_cli.domain.errors import InvalidInput

CHINA_TZ = timezone(timedelta(hours=8), "Asia/Shanghai")
# Complaints are dated in this century: another year is a typo (1926 for
# 2026), and would carry a case's deadlines far past the calendar.
YEARS = range(2000, 2100)

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# YYYY-MM-DD, then optionally a time (T or space), seconds, fraction and a zone.
_DATETIME = re.compile(
    r"\d{4}-\d{2}-\d{2}"
    r"(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?)?"
    r"(?:Z|z|[+-]\d{2}:?\d{2})?"
)


def now() -> datetime:
    """The current moment, in China time, to the second."""
    return datetime.now(CHINA_TZ).replace(microsecond=0)


def today() -> date:
    return now().date()


def parse_datetime(text: str, what: str = "时间", years: range = YEARS) -> datetime:
    """A moment typed by the clerk or read from a file, as an aware China datetime.

    A time without a zone is China time whatever the machine's TZ; one with a
    zone (or Z) is converted to China time.
    """
    value = text.strip()
    if not _DATETIME.fullmatch(value):
        raise InvalidInput(
            f"{what}格式不对:{text!r}(应为 YYYY-MM-DD、YYYY-MM-DD HH:MM[:SS] 或 ISO 8601)"
        )
    from dateutil.parser import isoparse  # 40 ms to load: only for a time typed in

    try:
        moment = isoparse(value.replace("z", "Z"))
    except ValueError:
        raise InvalidInput(f"{what}不存在:{text!r}") from None
    check_year(moment.year, text, what, years)
    if moment.tzinfo is None:
        return moment.replace(tzinfo=CHINA_TZ)
    return moment.astimezone(CHINA_TZ)


def parse_date(text: str, what: str = "日期", years: range = YEARS) -> date:
    """A China date. A full datetime is accepted and converted to its China date."""
    value = text.strip()
    if _DATE.fullmatch(value):
        try:
            day = date.fromisoformat(value)
        except ValueError:
            raise InvalidInput(f"{what}不存在:{text!r}") from None
        check_year(day.year, text, what, years)
        return day
    return parse_datetime(value, what, years).date()


def check_year(year: int, text: str, what: str, years: range = YEARS) -> None:
    if year not in years:
        raise InvalidInput(f"{what}超出范围:{text!r}(只接受 {years[0]}–{years[-1]} 年)")


@lru_cache(maxsize=4096)  # a batch writes the same moments many times over
def iso(moment: datetime) -> str:
    """How a moment is stored and printed: ISO 8601 with +08:00."""
    if moment.tzinfo is not CHINA_TZ:
        moment = moment.astimezone(CHINA_TZ)
    return moment.isoformat(timespec="seconds")


WEEKDAYS_ZH = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")


def weekday_zh(day: date) -> str:
    return WEEKDAYS_ZH[day.weekday()]


def readable(stored: str) -> str:
    """A stored time as a clerk reads it: 2026-10-12T09:30:00+08:00 → 2026-10-12 09:30:00."""
    return stored[:19].replace("T", " ")
