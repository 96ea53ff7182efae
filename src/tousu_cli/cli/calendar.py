"""tousu calendar …: the working-day calendar and the clerk's own entries."""

from datetime import date, timedelta
from typing import Annotated

import typer

from tousu_cli import chinatime
from tousu_cli.cli.base import command, new_app
from tousu_cli.cli.output import JsonFlag, output_format
from tousu_cli.cli.parse import BadUsage, number, parse_date, parse_year
from tousu_cli.cli.present.calendar import (
    present_confirmed,
    present_day,
    present_days,
    present_due,
    present_entries,
    present_notice,
)
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
    present_due(answer, output_format(ctx, json=as_json), explain=explain)


@command(app, "check")
def check(
    ctx: typer.Context,
    day: Annotated[str, typer.Argument(metavar="日期", help="要查询的日期")],
    as_json: JsonFlag = False,
) -> None:
    """DATE 是否为工作日,以及原因。"""
    calendar = service.load_calendar(state(ctx).existing_db())
    info = calendar.describe(parse_date(day, years=CALENDAR_YEARS))
    present_day(info, output_format(ctx, json=as_json))


DAYS_HELP = "日期,或一段日期:2027-02-06..2027-02-13"
MOST_DAYS = 366  # a year at once: a longer range is a typing mistake


def _days(text: str) -> list[date]:
    """One day, or every day of FIRST..LAST."""
    if ".." not in text:
        return [parse_date(text, years=CALENDAR_YEARS)]
    first_text, last_text = text.split("..", 1)
    first = parse_date(first_text, "起始日期", CALENDAR_YEARS)
    last = parse_date(last_text, "截止日期", CALENDAR_YEARS)
    if last < first:
        raise BadUsage(f"日期范围前后颠倒:{text}")
    if (last - first).days >= MOST_DAYS:
        raise BadUsage(f"日期范围超过一年:{text}")
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


@command(app, "set")
def set_day(
    ctx: typer.Context,
    day: Annotated[str, typer.Argument(metavar="日期", help=DAYS_HELP)],
    kind: Annotated[str, typer.Argument(metavar="holiday|workday", help="休息日或工作日")],
    name: Annotated[str, typer.Option("--name", help="名称,如 春节、调休上班")] = "",
    force: Annotated[
        bool, typer.Option("--force", help="改动日历数据包中的国务院安排(须同时给出 --reason)")
    ] = False,
    reason: Annotated[str, typer.Option("--reason", help="改动国务院安排的理由")] = "",
    as_json: JsonFlag = False,
) -> None:
    """把该日期(或一段日期)设为休息日(holiday)或工作日(workday),优先于日历数据包。"""
    days = _days(day)
    workday = _KINDS.get(kind.strip().lower())
    if workday is None:
        raise BadUsage(f"日期类型无效:{kind!r}(应为 holiday 休息日 或 workday 工作日)")
    app_state = state(ctx)
    changed = service.set_days(
        app_state.db(), days, workday=workday, name=name,
        actor=app_state.actor, now=chinatime.now(), force=force, reason=reason,
    )  # fmt: skip
    calendar = service.load_calendar(app_state.db())
    fmt = output_format(ctx, json=as_json)
    present_days([calendar.describe(d) for d in days], changed, fmt, "已设定:")


@command(app, "unset")
def unset_day(
    ctx: typer.Context,
    day: Annotated[str, typer.Argument(metavar="日期", help=DAYS_HELP)],
    as_json: JsonFlag = False,
) -> None:
    """取消经办人对该日期(或一段日期)的设定,恢复日历数据包或法定节假日规则。"""
    days = _days(day)
    app_state = state(ctx)
    changed = service.unset_days(app_state.db(), days, app_state.actor, chinatime.now())
    calendar = service.load_calendar(app_state.db())
    fmt = output_format(ctx, json=as_json)
    present_days([calendar.describe(d) for d in days], changed, fmt, "已取消设定:")


@command(app, "confirm")
def confirm(
    ctx: typer.Context,
    year: Annotated[str, typer.Argument(metavar="年份", help="年份")],
    undo: Annotated[bool, typer.Option("--undo", help="撤销确认")] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="只显示确认将改变什么(推算的假日、调整的期限)")
    ] = False,
    as_json: JsonFlag = False,
) -> None:
    """确认 YEAR 年的放假安排已全部录入:此后该年的期限不再是暂定。"""
    the_year = parse_year(year)
    app_state = state(ctx)
    change = service.unconfirm_year if undo else service.confirm_year
    if dry_run and not undo:
        change = service.rehearse_confirm
    answer = change(app_state.db(), the_year, app_state.actor, chinatime.now())
    present_confirmed(answer, output_format(ctx, json=as_json), undo=undo)


@command(app, "notice")
def notice_command(
    ctx: typer.Context,
    file: Annotated[str, typer.Argument(metavar="文件", help="通知全文的文本文件;- 为标准输入")],
    year: Annotated[str | None, typer.Option("--year", help="通知未写明年份时指明")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="只显示读到的日期,不录入")] = False,
    amend: Annotated[
        bool, typer.Option("--amend", help="补充通知:在该年已有安排上修改,而不是整年替换")
    ] = False,
    as_json: JsonFlag = False,
) -> None:
    """读取国务院办公厅节假日安排通知:列出放假和调休上班日期,录入并确认该年安排。"""
    from tousu_cli.domain.notice import read_notice

    the_year = None if year is None else parse_year(year)
    notice = read_notice(_notice_text(file), the_year)
    app_state = state(ctx)
    answer = service.apply_notice(
        app_state.db(), notice, amend=amend, dry_run=dry_run,
        actor=app_state.actor, now=chinatime.now(),
    )  # fmt: skip
    present_notice(answer, output_format(ctx, json=as_json))


def _notice_text(file: str) -> str:
    """The notice as the clerk saved it: UTF-8, or GB18030 as Chinese Windows saves."""
    import sys
    from pathlib import Path

    raw = sys.stdin.buffer.read() if file == "-" else Path(file).read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InvalidInput(f"读不懂文件的编码(应为 UTF-8 或 GB18030):{file}")


@command(app, "list")
def list_entries(
    ctx: typer.Context,
    year: Annotated[str | None, typer.Option("--year", help="只看某一年")] = None,
    as_json: JsonFlag = False,
) -> None:
    """列出经办人录入的日期和已确认的年份。"""
    the_year = None if year is None else parse_year(year)
    listing = service.list_entries(state(ctx).existing_db(), the_year)
    present_entries(listing, output_format(ctx, json=as_json))
