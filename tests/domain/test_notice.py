"""Reading the State Council's holiday notices: every sample year against the
independent record of what each year declared, generated notices in the
official phrasing, and the texts that must be refused."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tousu_cli.domain.errors import InvalidInput
from tousu_cli.domain.notice import Notice, amended, read_notice

DATA = Path(__file__).parents[1] / "data"
NOTICES = DATA / "notices"
OFFICIAL = json.loads((DATA / "cn-official-days-2007-2026.json").read_text("utf-8"))["days"]


def declared(year: int) -> tuple[set[date], set[date]]:
    """What the record says the notice of YEAR declared: its days off, and its
    make-up working days that fall on a weekend (a weekday "workday" changes
    nothing). A 元旦 day of the December before belongs to YEAR's notice."""
    holidays, workdays = set(), set()
    for text, entry in OFFICIAL.items():
        day = date.fromisoformat(text)
        belongs = day.year == year and not (day.month == 12 and "元旦" in entry["name"])
        belongs |= day.year == year - 1 and day.month == 12 and "元旦" in entry["name"]
        if not belongs:
            continue
        if entry["kind"] == "holiday":
            holidays.add(day)
        elif day.weekday() >= 5:
            workdays.add(day)
    return holidays, workdays


def effect(schedule: dict[date, bool]) -> tuple[set[date], set[date]]:
    holidays = {day for day, works in schedule.items() if not works}
    workdays = {day for day, works in schedule.items() if works and day.weekday() >= 5}
    return holidays, workdays


def schedule_of(notice: Notice) -> dict[date, bool]:
    return amended({}, notice)


@pytest.mark.parametrize("year", [2010, 2014, 2016, 2024, 2026])
def test_each_sample_notice_reads_as_the_record_has_it(year: int) -> None:
    notice = read_notice((NOTICES / f"{year}.txt").read_text("utf-8"))
    assert notice.year == year
    assert effect(schedule_of(notice)) == declared(year)


def test_a_later_notice_applied_on_top_gives_the_year_as_it_ended() -> None:
    """2020: 国办发明电〔2020〕1号 extended 春节 to 2 February, a Sunday that had
    been a make-up working day."""
    base = read_notice((NOTICES / "2020.txt").read_text("utf-8"))
    extension = read_notice((NOTICES / "2020-extension.txt").read_text("utf-8"))
    assert extension.year == 2020 and extension.festivals[0].extended_to == date(2020, 2, 2)
    assert effect(amended(schedule_of(base), extension)) == declared(2020)
    assert effect(schedule_of(base)) != declared(2020)  # the first notice alone was not it


def test_festivals_are_named_as_the_notice_names_them() -> None:
    notice = read_notice((NOTICES / "2026.txt").read_text("utf-8"))
    spring = next(f for f in notice.festivals if f.name == "春节")
    assert min(spring.holidays) == date(2026, 2, 15) and max(spring.holidays) == date(2026, 2, 23)
    assert spring.workdays == {date(2026, 2, 14), date(2026, 2, 28)}
    new_year = next(f for f in notice.festivals if f.name == "元旦")
    assert new_year.workdays == {date(2026, 1, 4)}


@pytest.mark.parametrize(
    ("text", "holidays", "workdays"),
    [
        # a range that crosses into the next year, with the years written out
        ("一、元旦:2018年12月30日至2019年1月1日放假调休,共3天。2018年12月29日(星期六)上班。",
         (date(2018, 12, 30), date(2019, 1, 1)), {date(2018, 12, 29)}),
        # the December of a 元旦 item is the year before; "——" between the days
        ("一、元旦:12月30日——1月1日放假,共3天。12月29日(星期六)上班。",
         (date(2018, 12, 30), date(2019, 1, 1)), {date(2018, 12, 29)}),
        # a "至" inside brackets is not a range; 补休 is a day off
        ("三、清明节:4月5日(农历三月初一至初二)放假,4月6日(星期一)补休。",
         (date(2019, 4, 5), date(2019, 4, 6)), set()),
        # the 2008 style: a rest day moved, and the day worked named apart
        ("二、春节:2月6日至12日放假,共7天。其中,2月6日(除夕)、2月7日、2月8日为法定节假日,"
         "将2月2日(星期六)、2月3日(星期日)两个公休日分别调至2月11日(星期一)、2月12日(星期二),"
         "2月2日(星期六)、2月3日(星期日)上班。",
         (date(2019, 2, 6), date(2019, 2, 12)), {date(2019, 2, 2), date(2019, 2, 3)}),
        # not a day off: an encouragement, and a "不调休"
        ("一、元旦:1月1日(周三)放假1天,不调休。鼓励各单位安排职工在除夕(1月28日)休息。",
         (date(2019, 1, 1), date(2019, 1, 1)), set()),
    ],
)  # fmt: skip
def test_the_wordings_of_the_years_read_alike(
    text: str, holidays: tuple[date, date], workdays: set[date]
) -> None:
    notice = read_notice(text, year=2019)
    first, last = holidays
    assert notice.holidays == [first + timedelta(days=n) for n in range((last - first).days + 1)]
    assert set(notice.workdays) == workdays


NUMERALS = "一二三四五六七"
FESTIVALS = ("元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节")
WEEKDAYS = "一二三四五六日"


@st.composite
def schedules(draw: st.DrawFn) -> tuple[int, list[tuple[str, date, date, list[date]]]]:
    """A year and up to seven festivals: a range of days off, and make-up days."""
    year = draw(st.integers(2008, 2040))
    festivals = []
    for index, name in enumerate(
        ["元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节"]
    ):
        if not draw(st.booleans()):
            continue
        start = date(year, index + 1, draw(st.integers(1, 20)))
        end = start + timedelta(days=draw(st.integers(0, 8)))
        make_up = draw(st.lists(st.integers(1, 8), max_size=2, unique=True))
        workdays = sorted({end + timedelta(days=n) for n in make_up})
        festivals.append((name, start, end, workdays))
    return year, festivals


def said(day: date, month_too: bool = True, full_width: bool = False) -> str:
    weekday = f"(星期{WEEKDAYS[day.weekday()]})"
    if full_width:
        weekday = weekday.replace("(", "(").replace(")", ")")
    return (f"{day.month}月" if month_too else "") + f"{day.day}日" + weekday


@given(schedules(), st.booleans())
def test_a_notice_in_the_official_phrasing_reads_back_to_its_days(
    drawn: tuple[int, list[tuple[str, date, date, list[date]]]], full_width: bool
) -> None:
    year, festivals = drawn
    lines = [f"经国务院批准,现将{year}年部分节假日的具体安排通知如下。"]
    for numeral, (name, start, end, workdays) in zip(NUMERALS, festivals, strict=False):
        span = said(start, full_width=full_width)
        if end != start:
            span += "至" + said(end, end.month != start.month, full_width)
        line = f"{numeral}、{name}:{span}放假调休,共{(end - start).days + 1}天。"
        if workdays:
            line += "、".join(said(day, full_width=full_width) for day in workdays) + "上班。"
        lines.append(line)
    if not festivals:
        return
    notice = read_notice("\n".join(lines))
    expected = {start + timedelta(days=n) for _, start, end, _ in festivals
                for n in range((end - start).days + 1)}  # fmt: skip
    assert notice.year == year
    assert set(notice.holidays) == expected
    assert set(notice.workdays) == {day for *_, workdays in festivals for day in workdays}


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("", "通知文本是空的"),
        ("一、春节:2月10日至16日放假调休,共7天。", "没有写明年份"),
        ("国家统计局今日发布数据,2027年居民消费价格同比上涨。", "没有读到任何放假"),
        ("现将2027年元旦、春节放假安排通知如下。\n一、春节:2月30日至3月2日放假调休,共3天。",
         "日期不存在"),
        ("现将2027年元旦放假安排通知如下。\n一、国庆节:10月7日至10月1日放假调休。", "前后颠倒"),
    ],
)  # fmt: skip
def test_a_text_that_cannot_be_read_is_refused_with_its_line(text: str, said: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        read_notice(text)
    assert said in refused.value.message
