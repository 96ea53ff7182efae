"""China time: every date the tool stores or counts is an Asia/Shanghai date.

China has kept UTC+8 without daylight saving since 1991, so a fixed offset is
exact for every date a complaint can carry, and needs no tz database (which a
Windows machine may lack).
"""

from __future__ import annotations

import re
import unicodedata
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


# What a clerk types besides ISO 8601: 2026-12-5 9:00, 2026/12/5, 2026年12月5日
# 9时30分, 12月5日 (this year), 今天 9:00, 昨天 16:30 (full-width digits too).
_TIME = r"(?:\s*(\d{1,2})\s*[:时点]\s*(?:(\d{1,2})\s*分?)?(?::(\d{1,2}))?)?"
_TYPED = re.compile(r"(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})(?:[ T]" + _TIME + ")?")
_CHINESE = re.compile(r"(?:(\d{4})\s*年)?\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?" + _TIME)
_RELATIVE = re.compile(r"(今天|昨天|前天)" + _TIME)
_DAYS_BACK = {"今天": 0, "昨天": 1, "前天": 2}
FORMS = "2026-12-05 09:00、2026/12/5 9:00、2026年12月5日9时30分、12月5日、今天 9:00、昨天 16:30"


def parse_datetime(
    text: str, what: str = "时间", years: range = YEARS, *, typed: bool = True
) -> datetime:
    """A moment typed by the clerk or read from a file, as an aware China datetime.

    ISO 8601 (read by dateutil): a time without a zone is China time whatever
    the machine's TZ; one with a zone (or Z) is converted to China time. Or one
    of the forms a clerk types (FORMS), always China time; a day alone is its
    first moment. TYPED False (a file's cell): ISO 8601 only, since 昨天 or a day
    without its year would be read as of the day of the import.
    """
    value = unicodedata.normalize("NFKC", text).strip().replace("点半", ":30")
    if not _DATETIME.fullmatch(value):
        if not typed:
            raise InvalidInput(
                f"{what}格式不对:{text!r}(应为 YYYY-MM-DD、YYYY-MM-DD HH:MM[:SS] 或 ISO 8601)"
            )
        return _typed(value, text, what, years)
    from dateutil.parser import isoparse  # 40 ms to load: only for a time typed in

    try:
        moment = isoparse(value.replace("z", "Z"))
    except ValueError:
        raise _no_such(what, text) from None
    # The range holds for the China date: 2000-01-01T00:00+09:00 is 1999 in Beijing.
    try:
        china = (
            moment.replace(tzinfo=CHINA_TZ)
            if moment.tzinfo is None
            else moment.astimezone(CHINA_TZ)
        )
    except OverflowError:  # 9999-12-31T23:00-09:00 is past the last year there is
        raise InvalidInput(f"{what}超出范围:{text!r}(只接受 {years[0]}–{years[-1]} 年)") from None
    check_year(china.year, text, what, years)
    return china


def _typed(value: str, text: str, what: str, years: range) -> datetime:
    """VALUE in one of the forms a clerk types, as China time."""
    today = now().date()
    if (relative := _RELATIVE.fullmatch(value)) is not None:
        day = today - timedelta(days=_DAYS_BACK[relative.group(1)])
        parts = (day.year, day.month, day.day, *relative.groups()[1:])
    elif (typed := _TYPED.fullmatch(value) or _CHINESE.fullmatch(value)) is not None:
        year, *rest = typed.groups()
        parts = (int(year) if year else today.year, *rest)
    else:
        raise InvalidInput(f"{what}格式不对:{text!r}(可写作 {FORMS})")
    year, month, day_, hour, minute, second = (int(p) if p else 0 for p in parts)
    try:
        moment = datetime(year, month, day_, hour, minute, second, tzinfo=CHINA_TZ)
    except ValueError:
        raise _no_such(what, text) from None
    check_year(moment.year, text, what, years)
    return moment


def parse_date(text: str, what: str = "日期", years: range = YEARS) -> date:
    """A China date. A full datetime is accepted and converted to its China date."""
    value = unicodedata.normalize("NFKC", text).strip()
    if _DATE.fullmatch(value):
        try:
            day = date.fromisoformat(value)
        except ValueError:
            raise _no_such(what, text, "2026-12-05") from None
        check_year(day.year, text, what, years)
        return day
    return parse_datetime(value, what, years).date()


def _no_such(what: str, text: str, example: str = "2026-12-05 09:00") -> InvalidInput:
    """2026-02-30 or 25:00: well formed, but no such day or time."""
    return InvalidInput(f"{what} 写的日期或时间不存在:{text!r}(应如 {example})")


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
