"""The working-day calendar's answers: a due date, a day, a confirmed year, the entries."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import TYPE_CHECKING

from tousu_cli import chinatime
from tousu_cli.calendar_cn import DayInfo, Override
from tousu_cli.cli.grid import Column
from tousu_cli.cli.output import Format, echo, emit_json, note, table
from tousu_cli.services.calendar import (
    CalendarListing,
    DaysChanged,
    DueAnswer,
    NoticeAnswer,
    YearAnswer,
)

if TYPE_CHECKING:
    from tousu_cli.services.deadlines import CaseMoved


def moved_json(moved: Iterable[CaseMoved]) -> list[dict[str, object]]:
    return [
        {
            "number": case.number,
            "clock": move.clock.value,
            "old_due": move.old_due,
            "new_due": move.new_due,
            "provisional": move.provisional,
        }
        for case in moved
        for move in case.moves
    ]


def present_moved(moved: Iterable[CaseMoved], would: bool = False) -> None:
    """The cases whose due dates a calendar change moved (WOULD: on a dry run)."""
    moved = list(moved)
    if not moved:
        echo(f"没有投诉件的期限{'会' if would else ''}随之调整。")
        return
    rows = [
        (
            case.number,
            move.clock.label,
            move.old_due,
            move.new_due + ("(暂定)" if move.provisional else ""),
        )
        for case in moved
        for move in case.moves
    ]
    title = f"{'将' if would else ''}随之调整期限的投诉件:{len(moved)} 件"
    table([Column(h, whole=True) for h in ("编号", "期限", "原期限", "新期限")], rows, title)


def day_json(info: DayInfo) -> dict[str, object]:
    return {
        "date": info.day.isoformat(),
        "weekday": chinatime.weekday_zh(info.day),
        "workday": info.workday,
        "provisional": info.provisional,
        "kind": info.kind.value,
        "holiday": info.holiday,
        "source": info.source.value,
        "reason": info.reason,
    }


def describe(info: DayInfo) -> str:
    verdict = "工作日" if info.workday else "休息日"
    return f"{info.day}({chinatime.weekday_zh(info.day)})是{verdict}:{info.reason}"


def decided(info: DayInfo) -> str:
    """What `calendar check` says: the day, and which source decided it."""
    return f"{describe(info)}。依据:{info.source.label}"


def present_days(infos: list[DayInfo], changed: DaysChanged, fmt: Format, said: str) -> None:
    """`calendar set/unset`: one day as `check` says it, a range in one line; what
    of the package it overrode, and the cases it moved."""
    if fmt is Format.JSON:
        emit_json(
            {
                "days": [day_json(info) for info in infos],
                "overridden": [day_json(info) for info in changed.overridden],
                "cases_changed": len(changed.moved),
                "moved": moved_json(changed.moved),
            }
        )
        return
    if len(infos) == 1:
        echo(f"{said}{describe(infos[0])}")
    else:
        first, last = infos[0].day, infos[-1].day
        kinds = "、".join(dict.fromkeys("工作日" if i.workday else "休息日" for i in infos))
        echo(f"{said}{first} 至 {last},共 {len(infos)} 天,现为{kinds}")
    for info in changed.overridden:
        note(f"已覆盖日历数据包:{describe(info)}")
    present_moved(changed.moved)


def present_day(info: DayInfo, fmt: Format) -> None:
    """`calendar check`: one day, why it is (or is not) a working day, and who said so."""
    if fmt is Format.JSON:
        emit_json(day_json(info))
    else:
        echo(decided(info))


def present_due(answer: DueAnswer, fmt: Format, *, explain: bool) -> None:
    """`calendar due`: the N-th working day after a start, day by day if EXPLAIN."""
    if fmt is Format.JSON:
        document: dict[str, object] = {
            "start": answer.start.isoformat(),
            "days": answer.days,
            "due": answer.due.isoformat(),
            "provisional": answer.provisional,
        }
        if explain:
            document["walked"] = [day_json(info) for info in answer.walked]
        emit_json(document)
        return
    mark = "(暂定)" if answer.provisional else ""
    echo(
        f"{answer.start} 后第 {answer.days} 个工作日是 "
        f"{answer.due}({chinatime.weekday_zh(answer.due)}){mark}"
    )
    if explain:
        counted = 0
        rows = []
        for info in answer.walked:
            counted += info.workday
            counts = f"第 {counted} 个工作日" if info.workday else "不计"
            rows.append((info.day, chinatime.weekday_zh(info.day), counts, info.reason))
        table([*(Column(h, whole=True) for h in ("日期", "星期", "计入")), Column("说明")], rows)
    if answer.provisional:
        note("注意:该期限经过放假安排尚未确认的年份,按周末和法定节假日暂定,安排公布后会变化。")


def present_confirmed(answer: YearAnswer, fmt: Format, *, undo: bool) -> None:
    """`calendar confirm [--undo]`: the year's schedule confirmed, or no longer."""
    if fmt is Format.JSON:
        emit_json(
            {
                "year": answer.year,
                "confirmed": answer.confirmed,
                "official": answer.official,
                "overrides": answer.overrides,
                "released": [day.isoformat() for day in answer.released],
                "cases_changed": len(answer.moved),
                "moved": moved_json(answer.moved),
            }
        )
        return
    if not undo and not answer.confirmed:  # --dry-run
        echo(f"试运行:确认 {answer.year} 年放假安排将会——")
        _said_confirmed(answer)
        echo("未写入任何数据。")
        return
    if undo:
        echo(f"已撤销 {answer.year} 年的确认:该年期限恢复为暂定(除非日历数据包已包含该年)。")
        return
    echo(f"已确认 {answer.year} 年的放假安排(经办人录入 {answer.overrides} 天)。")
    _said_confirmed(answer)
    if answer.official:
        note(f"提示:已安装的日历数据包本就包含 {answer.year} 年的官方安排。")
    elif answer.overrides == 0:
        note(
            f"提示:{answer.year} 年还没有录入任何日期;请确认已用 calendar set 录入放假和调休安排。"
        )


def _said_confirmed(answer: YearAnswer) -> None:
    if answer.released:
        days = "、".join(f"{d}({chinatime.weekday_zh(d)})" for d in answer.released)
        echo(f"以下按法定节假日推算的日期没有录入,确认后按工作日计算:{days}")
    present_moved(answer.moved, would=not answer.confirmed)


def present_entries(listing: CalendarListing, fmt: Format) -> None:
    """`calendar list`: the clerk's own entries and the confirmed years."""
    official = f"{listing.official_years.start}-{listing.official_years.stop - 1}"
    if fmt is Format.JSON:
        emit_json(
            {
                "overrides": [
                    {"date": o.day.isoformat(), "workday": o.workday, "name": o.name}
                    for o in listing.overrides
                ],
                "confirmed_years": listing.confirmed_years,
                "official_years": [listing.official_years.start, listing.official_years.stop - 1],
                "disagreeing_with_package": [o.day.isoformat() for o in listing.disagreeing],
            }
        )
        return
    echo(f"日历数据包包含 {official} 年的国务院放假安排。")
    if listing.confirmed_years:
        echo("经办人已确认的年份:" + "、".join(map(str, listing.confirmed_years)))
    if not listing.overrides:
        echo("没有经办人录入的日期。")
        return
    odd = set(listing.disagreeing)

    def row(o: Override) -> tuple[object, ...]:
        kind = "工作日" if o.workday else "休息日"
        said = "与日历数据包不同(以录入为准)" if o in odd else ""
        return (o.day, chinatime.weekday_zh(o.day), kind, o.name, said)

    headings = ("日期", "星期", "类型")
    table(
        [*(Column(h, whole=True) for h in headings), Column("名称"), Column("说明")],
        [row(o) for o in listing.overrides],
    )
    if odd:
        note(f"有 {len(odd)} 天的录入与日历数据包不同;以数据包为准时用 calendar unset 取消。")


def _runs(days: Iterable[date]) -> str:
    """2月6日(六)至2月13日(六)、2月20日(六): consecutive days said as a range."""
    runs: list[list[date]] = []
    for day in sorted(days):
        if runs and day == runs[-1][-1] + timedelta(days=1):
            runs[-1].append(day)
        else:
            runs.append([day])

    def said(day: date) -> str:
        return f"{day.month}月{day.day}日({chinatime.weekday_zh(day).removeprefix('星期')})"

    return "、".join(
        said(run[0]) if len(run) == 1 else f"{said(run[0])}至{said(run[-1])},共{len(run)}天"
        for run in runs
    )


def present_notice(answer: NoticeAnswer, fmt: Format) -> None:
    """`calendar notice`: the days the notice declares, festival by festival, where
    the installed package disagrees, and what was stored."""
    notice = answer.notice
    if fmt is Format.JSON:
        emit_json(
            {
                "year": notice.year,
                "holidays": [d.isoformat() for d, o in answer.schedule.items() if not o.workday],
                "workdays": [d.isoformat() for d, o in answer.schedule.items() if o.workday],
                "festivals": [
                    {
                        "name": f.name,
                        "holidays": [d.isoformat() for d in sorted(f.holidays)],
                        "workdays": [d.isoformat() for d in sorted(f.workdays)],
                    }
                    for f in notice.festivals
                ],
                "differences": [
                    {
                        "date": d.day.isoformat(),
                        "notice": "workday" if d.notice_workday else "holiday",
                        "package": "workday" if d.package_workday else "holiday",
                    }
                    for d in answer.differences
                ],
                "applied": answer.applied,
                "cases_changed": answer.cases_changed,
                "moved": moved_json(answer.moved),
            }
        )
        return
    off = sum(1 for o in answer.schedule.values() if not o.workday)
    table(
        [Column("节日", whole=True), Column("放假"), Column("调休上班")],
        [
            (
                f.name,
                _runs(f.holidays) or _extension(f.extended_to),
                _runs(f.workdays),
            )
            for f in notice.festivals
        ],
        f"{notice.year} 年放假安排(放假 {off} 天,调休上班 {len(answer.schedule) - off} 天)",
    )
    for d in answer.differences:
        said = "上班" if d.notice_workday else "放假"
        package = "工作日" if d.package_workday else "休息日"
        note(
            f"与日历数据包不同:{d.day}({chinatime.weekday_zh(d.day)})通知为{said},数据包为{package}"
        )
    if answer.unchanged:
        echo(f"{notice.year} 年的放假安排已是这份通知的内容,并已确认;未做任何更改。")
    elif answer.applied:
        echo(f"已录入并确认 {notice.year} 年放假安排。")
        present_moved(answer.moved)
    else:
        present_moved(answer.moved, would=True)
        echo("试运行:未写入任何数据。去掉 --dry-run 即录入并确认该年放假安排。")


def _extension(until: date | None) -> str:
    return "" if until is None else f"延长至 {until.month}月{until.day}日"
