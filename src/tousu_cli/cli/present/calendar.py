"""The working-day calendar's answers: a due date, a day, a confirmed year, the entries."""

from __future__ import annotations

from tousu_cli import chinatime
from tousu_cli.calendar_cn import DayInfo
from tousu_cli.cli.grid import Column
from tousu_cli.cli.output import Format, echo, emit_json, note, table
from tousu_cli.services.calendar import CalendarListing, DueAnswer, YearAnswer


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


def present_day(info: DayInfo, fmt: Format, said: str = "") -> None:
    """One day and why it is (or is not) a working day; SAID: what was just done to it."""
    if fmt is Format.JSON:
        emit_json(day_json(info))
    else:
        echo(f"{said}{describe(info)}")


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
            }
        )
        return
    if undo:
        echo(f"已撤销 {answer.year} 年的确认:该年期限恢复为暂定(除非日历数据包已包含该年)。")
        return
    echo(f"已确认 {answer.year} 年的放假安排(经办人录入 {answer.overrides} 天)。")
    if answer.official:
        note(f"提示:已安装的日历数据包本就包含 {answer.year} 年的官方安排。")
    elif answer.overrides == 0:
        note(
            f"提示:{answer.year} 年还没有录入任何日期;请确认已用 calendar set 录入放假和调休安排。"
        )


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
            }
        )
        return
    echo(f"日历数据包包含 {official} 年的国务院放假安排。")
    if listing.confirmed_years:
        echo("经办人已确认的年份:" + "、".join(map(str, listing.confirmed_years)))
    if not listing.overrides:
        echo("没有经办人录入的日期。")
        return
    table(
        [*(Column(h, whole=True) for h in ("日期", "星期", "类型")), Column("名称")],
        [
            (o.day, chinatime.weekday_zh(o.day), "工作日" if o.workday else "休息日", o.name)
            for o in listing.overrides
        ],
    )
