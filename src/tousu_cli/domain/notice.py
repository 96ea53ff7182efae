"""Reading 《国务院办公厅关于YYYY年部分节假日安排的通知》: the days it declares.

The notices of every year since 2008 say the same few things in a few ways, so
the reader is a small grammar of those phrases rather than a rule per year:

    notice  := preamble naming the year, then items "一、元旦:…"
    item    := clauses apart by "。" and ",", each one of
               DAYS 放假|补休|调休 …    every day of each range or date is off
               DAYS 上班                   each date is a make-up working day
               anything else               declares nothing (其中…为法定节假日,
                                           鼓励…休息, 共3天, 与周末连休)
    DAYS    := DATE or DATE 至|—|-|—— DATE, listed with "、"
    DATE    := [YYYY年][M月]D日, its month (and year) carried from the one before

What brackets hold (the weekday, the lunar day, even a "至") is left out. A
December date in a 元旦 item belongs to the year before the notice's. A later
notice that changes part of a year (国办发明电〔2020〕1号) says "延长…假期至M月D日":
the festival's days off run on to that date.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta

from tousu_cli.domain.errors import InvalidInput

_NUMBERED = re.compile(r"^[一二三四五六七八九十]+、([^:]{1,20}):(.*)$")
_YEAR = re.compile(r"(?:现将|关于|延长)(\d{4})年")
_DATE = re.compile(r"(?:(\d{4})年)?(?:(\d{1,2})月)?(\d{1,2})日")
_RANGE = re.compile(rf"({_DATE.pattern})(?:至|——|—|-|~)({_DATE.pattern})")
_OFF = re.compile(r"放假|补休|调休")
_EXTENDED = re.compile(rf"延长(?:\d{{4}}年)?(\S+?)假期至({_DATE.pattern})")


_NOTHING = "没有读到任何放假或上班的日期:这不像国务院办公厅的节假日安排通知(“一、元旦:……”)"


@dataclass
class Festival:
    name: str
    holidays: set[date] = field(default_factory=set)
    workdays: set[date] = field(default_factory=set)
    # 延长…假期至: the days off run on to this date (a later notice)
    extended_to: date | None = None


@dataclass
class Notice:
    year: int
    festivals: list[Festival]

    @property
    def holidays(self) -> list[date]:
        return sorted({day for f in self.festivals for day in f.holidays})

    @property
    def workdays(self) -> list[date]:
        return sorted({day for f in self.festivals for day in f.workdays})


def read_notice(text: str, year: int | None = None) -> Notice:
    """The days TEXT declares, festival by festival; YEAR where TEXT names none.
    A line that cannot be read is refused with the line; so is a text that
    declares nothing."""
    plain = _plain(text)
    if not plain.strip():
        raise InvalidInput("通知文本是空的:请把通知全文从网页复制到文件中")
    items = [line for line in plain.splitlines() if _NUMBERED.match(line) or _EXTENDED.search(line)]
    if not items:
        raise InvalidInput(_NOTHING)
    named = _YEAR.search(plain)
    if named is None and year is None:
        raise InvalidInput("通知中没有写明年份(如“现将2027年……”),请用 --year 指明")
    the_year = int(named.group(1)) if named is not None else year
    assert the_year is not None
    festivals: list[Festival] = []
    for line in items:
        if (item := _NUMBERED.match(line)) is not None:
            festivals.append(_item(item.group(1), item.group(2), the_year, line))
        elif (extension := _EXTENDED.search(line)) is not None:
            festivals.append(_extension(extension, the_year, line))
    if not any(f.holidays or f.workdays or f.extended_to for f in festivals):
        raise InvalidInput(_NOTHING)
    return Notice(the_year, festivals)


def _plain(text: str) -> str:
    """Half-width punctuation, no blanks, nothing in brackets."""
    text = unicodedata.normalize("NFKC", text).replace("\u3000", "")
    text = re.sub(r"[ \t]+", "", text)
    return re.sub(r"\([^)]*\)", "", text)


def _item(name: str, body: str, year: int, line: str) -> Festival:
    festival = Festival(name)
    december_before = "元旦" in name  # a 元旦 item's December is the year before
    for sentence in re.split(r"[。;]", body):
        carried: tuple[int, int] | None = None  # (year, month) of the date before
        for clause in sentence.split(","):
            if "上班" in clause and not re.search(r"起(?:正常)?上班", clause):
                days, carried = _dates(clause, year, december_before, carried, line)
                festival.workdays |= days
            elif _OFF.search(clause) and not clause.startswith("不"):
                days, carried = _dates(clause, year, december_before, carried, line)
                festival.holidays |= days
    return festival


def _dates(
    clause: str,
    year: int,
    december_before: bool,
    carried: tuple[int, int] | None,
    line: str,
) -> tuple[set[date], tuple[int, int] | None]:
    """Every day CLAUSE names: its ranges whole, its single dates; and the
    (year, month) the next clause carries on from."""
    days: set[date] = set()
    position = 0
    while (found := _DATE.search(clause, position)) is not None:
        ranged = _RANGE.match(clause, found.start())
        if ranged is not None:
            start, carried = _day(ranged.groups()[1:4], year, december_before, carried, line)
            end, carried = _day(ranged.groups()[5:8], year, False, carried, line)
            if end < start and ranged.group(6) is None and end.month < start.month:
                end = end.replace(year=end.year + 1)  # 12月30日至1月1日
            if end < start:
                raise InvalidInput(f"日期范围前后颠倒:「{line}」")
            days |= {start + timedelta(days=n) for n in range((end - start).days + 1)}
            position = ranged.end()
        else:
            day, carried = _day(found.groups(), year, december_before, carried, line)
            days.add(day)
            position = found.end()
    return days, carried


def _day(
    parts: tuple[str | None, ...],
    year: int,
    december_before: bool,
    carried: tuple[int, int] | None,
    line: str,
) -> tuple[date, tuple[int, int]]:
    written_year, written_month, day = parts
    if written_month is not None:
        month = int(written_month)
        the_year = int(written_year) if written_year else year
        if written_year is None and december_before and month == 12:
            the_year = year - 1
    elif carried is not None:
        the_year, month = carried
    else:
        raise InvalidInput(f"日期没有写明月份:「{line}」")
    try:
        found = date(the_year, month, int(day or 0))
    except ValueError:
        raise InvalidInput(f"日期不存在({month}月{day}日):「{line}」") from None
    return found, (found.year, found.month)


def _extension(found: re.Match[str], year: int, line: str) -> Festival:
    name = found.group(1).removesuffix("的")
    until, _ = _day(found.groups()[2:5], year, False, None, line)
    return Festival(name, extended_to=until)


def amended(base: dict[date, bool], notice: Notice) -> dict[date, bool]:
    """A year's schedule (day → is a working day) with NOTICE applied on top of
    it: its days replace those of the same dates, and a festival it extends has
    its days off run on from its last one to the new end, make-up days between
    them cancelled."""
    schedule = dict(base)
    for festival in notice.festivals:
        schedule |= dict.fromkeys(festival.holidays, False)
        schedule |= dict.fromkeys(festival.workdays, True)
        if festival.extended_to is not None:
            last = max(
                (
                    day
                    for day, works in schedule.items()
                    if not works and day < festival.extended_to
                ),
                default=None,
            )
            day = (last or festival.extended_to) + timedelta(days=1)
            while day <= festival.extended_to:
                schedule[day] = False
                day += timedelta(days=1)
    return schedule
