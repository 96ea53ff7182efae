"""tousu calendar …: the working-day calendar and the clerk's own entries."""

from typing import Annotated

import typer

from tousu_cli import chinatime
from tousu_cli.calendar_cn import DayInfo
from tousu_cli.cli.base import command, new_app
from tousu_cli.cli.grid import Column
from tousu_cli.cli.output import JsonFlag, echo, emit_json, note, table
from tousu_cli.cli.parse import number, parse_date, parse_year
from tousu_cli.cli.state import state
from tousu_cli.domain.errors import InvalidInput
from tousu_cli.domain.workdays import YEARS as CALENDAR_YEARS
from tousu_cli.services import calendar as service

app = new_app("工作日历:法定节假日、调休上班日,以及经办人自己录入的日期。")

_KINDS = {
    "holiday": False,
    "休息": False,
    "休息日": False,
    "假日": False,
    "节假日": False,
    "放假": False,
    "workday": True,
    "工作日": True,
    "上班": True,
    "调休上班": True,
}


def _day_json(info: DayInfo) -> dict[str, object]:
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


def _describe(info: DayInfo) -> str:
    verdict = "工作日" if info.workday else "休息日"
    return f"{info.day}({chinatime.weekday_zh(info.day)})是{verdict}:{info.reason}"


@command(app, "due")
def due(
    ctx: typer.Context,
    start: Annotated[str, typer.Argument(help="起算日(当日不计入),YYYY-MM-DD 或带时间")],
    days: Annotated[
        int, typer.Argument(metavar="N", help="工作日天数", parser=number("工作日天数"))
    ],
    explain: Annotated[bool, typer.Option("--explain", help="逐日列出是否计入")] = False,
    as_json: JsonFlag = False,
) -> None:
    """START 之后第 N 个工作日(期限届满日)。"""
    start_day = parse_date(start, "起算日", CALENDAR_YEARS)
    answer = service.due_date(
        service.load_calendar(state(ctx).existing_db()), start_day, days, explain=explain
    )
    if as_json:
        document: dict[str, object] = {
            "start": answer.start.isoformat(),
            "days": answer.days,
            "due": answer.due.isoformat(),
            "provisional": answer.provisional,
        }
        if explain:
            document["walked"] = [_day_json(info) for info in answer.walked]
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
            rows.append(
                (
                    info.day,
                    chinatime.weekday_zh(info.day),
                    f"第 {counted} 天" if info.workday else "不计",
                    info.reason,
                )
            )
        table([*(Column(h, whole=True) for h in ("日期", "星期", "计入")), Column("说明")], rows)
    if answer.provisional:
        note("注意:该期限经过放假安排尚未确认的年份,按周末和法定节假日暂定,安排公布后会变化。")


@command(app, "check")
def check(
    ctx: typer.Context,
    day: Annotated[str, typer.Argument(metavar="DATE", help="要查询的日期")],
    as_json: JsonFlag = False,
) -> None:
    """DATE 是否为工作日,以及原因。"""
    info = service.load_calendar(state(ctx).existing_db()).describe(
        parse_date(day, years=CALENDAR_YEARS)
    )
    if as_json:
        emit_json(_day_json(info))
    else:
        echo(_describe(info))


@command(app, "set")
def set_day(
    ctx: typer.Context,
    day: Annotated[str, typer.Argument(metavar="DATE", help="日期")],
    kind: Annotated[str, typer.Argument(metavar="holiday|workday", help="休息日或工作日")],
    name: Annotated[str, typer.Option("--name", help="名称,如 春节、调休上班")] = "",
    as_json: JsonFlag = False,
) -> None:
    """把 DATE 设为休息日(holiday)或工作日(workday),优先于日历数据包。"""
    the_day = parse_date(day, years=CALENDAR_YEARS)
    workday = _KINDS.get(kind.strip().lower())
    if workday is None:
        raise InvalidInput(f"日期类型无效:{kind!r}(应为 holiday 休息日 或 workday 工作日)")
    app_state = state(ctx)
    override = service.set_day(
        app_state.db(),
        the_day,
        workday=workday,
        name=name,
        actor=app_state.actor,
        now=chinatime.now(),
    )
    info = service.load_calendar(app_state.db()).describe(override.day)
    if as_json:
        emit_json(_day_json(info))
    else:
        echo(f"已设定:{_describe(info)}")


@command(app, "unset")
def unset_day(
    ctx: typer.Context,
    day: Annotated[str, typer.Argument(metavar="DATE", help="日期")],
    as_json: JsonFlag = False,
) -> None:
    """取消经办人对 DATE 的设定,恢复日历数据包或法定节假日规则。"""
    the_day = parse_date(day, years=CALENDAR_YEARS)
    app_state = state(ctx)
    service.unset_day(app_state.db(), the_day, app_state.actor, chinatime.now())
    info = service.load_calendar(app_state.db()).describe(the_day)
    if as_json:
        emit_json(_day_json(info))
    else:
        echo(f"已取消设定:{_describe(info)}")


@command(app, "confirm")
def confirm(
    ctx: typer.Context,
    year: Annotated[str, typer.Argument(metavar="YEAR", help="年份")],
    undo: Annotated[bool, typer.Option("--undo", help="撤销确认")] = False,
    as_json: JsonFlag = False,
) -> None:
    """确认 YEAR 年的放假安排已全部录入:此后该年的期限不再是暂定。"""
    the_year = parse_year(year)
    app_state = state(ctx)
    change = service.unconfirm_year if undo else service.confirm_year
    answer = change(app_state.db(), the_year, app_state.actor, chinatime.now())
    if as_json:
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


@command(app, "list")
def list_entries(
    ctx: typer.Context,
    year: Annotated[str | None, typer.Option("--year", help="只看某一年")] = None,
    as_json: JsonFlag = False,
) -> None:
    """列出经办人录入的日期和已确认的年份。"""
    the_year = None if year is None else parse_year(year)
    listing = service.list_entries(state(ctx).existing_db(), the_year)
    official = f"{listing.official_years.start}-{listing.official_years.stop - 1}"
    if as_json:
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
