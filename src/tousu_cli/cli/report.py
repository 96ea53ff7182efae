"""tousu report overdue | stats: what the clerk's superiors read."""

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from tousu_cli.cli.base import command, new_app
from tousu_cli.cli.grid import Column
from tousu_cli.cli.output import (
    CsvFlag,
    JsonFlag,
    echo,
    emit_csv,
    emit_json,
    note,
    one_format,
    table,
)
from tousu_cli.cli.parse import parse_date, parse_int
from tousu_cli.cli.reading import open_ledger
from tousu_cli.domain.errors import InvalidInput
from tousu_cli.reports.overdue import OverdueReport, overdue_report
from tousu_cli.reports.stats import Period, period_stats
from tousu_cli.reports.stats_render import csv_text, markdown, terminal, workbook

app = new_app("报表:每日超期提醒、期间统计。")

AsOfOption = Annotated[str | None, typer.Option("--as-of", help="统计截至日期(默认今天)")]


@command(app, "overdue")
def overdue(
    ctx: typer.Context,
    as_of: AsOfOption = None,
    warn_days: Annotated[
        str, typer.Option("--warn-days", help="提前提醒的工作日数(当天到期也算)")
    ] = "1",
    quiet: Annotated[
        bool,
        typer.Option(
            "--quiet", help="没有超期和即将到期时不输出任何内容(供 cron 使用;--json 时仍输出)"
        ),
    ] = False,
    as_csv: CsvFlag = False,
    as_json: JsonFlag = False,
) -> None:
    """超期和即将到期的时限,按单位分组,超期最久的在前。"""
    one_format(ctx, json=as_json, csv=as_csv)
    day = None if as_of is None else parse_date(as_of, "--as-of")
    warn = parse_int(warn_days, "--warn-days", 0, 60)
    office = open_ledger(ctx)
    report = overdue_report(office, day or office.today, warn)
    if as_json:  # a script reads one document, empty or not
        emit_json(report.as_json())
        return
    if quiet and report.empty:
        return
    if as_csv:
        emit_csv(OVERDUE_HEADERS, _overdue_rows(report))
        return
    show_overdue(report)


OVERDUE_HEADERS = ["类别", "编号", "时限", "届满日", "天数", "状态", "被投诉单位", "标记"]
OVERDUE_COLUMNS = (
    Column("编号", whole=True),
    Column("时限", whole=True),
    Column("届满日", whole=True),
    Column("天数", whole=True),
    Column("状态", whole=True),
    Column("被投诉单位"),
    Column("标记"),
)


def _overdue_rows(report: OverdueReport) -> list[tuple[str, ...]]:
    rows = [_row("超期", item, f"超期 {item['overdue_days']} 个工作日") for item in report.overdue]
    return rows + [_row("即将到期", item, _left(item["days_left"])) for item in report.due_soon]


def show_overdue(report: OverdueReport) -> None:
    """The report as the clerk reads it in the morning (or cron mails it)."""
    echo(
        f"截至 {report.as_of}:已超期 {len(report.overdue)} 件,"
        f"{report.warn_days} 个工作日内到期 {len(report.due_soon)} 件。"
    )
    rows = _overdue_rows(report)
    for kind, title in (("超期", "已超期"), ("即将到期", "即将到期")):
        chosen = [row[1:] for row in rows if row[0] == kind]
        if chosen:
            echo()
            table(OVERDUE_COLUMNS, chosen, title)


def _left(days: int) -> str:
    return "今天到期" if days == 0 else f"还有 {days} 个工作日"


def _row(kind: str, item: dict[str, Any], days: str) -> tuple[str, ...]:
    marks = list(item["flags"])
    if item["provisional"]:
        marks.append("期限暂定")
    return (
        kind,
        item["number"],
        item["clock_label"],
        item["due"],
        days,
        item["status_label"],
        item["unit"],
        " ".join(marks),
    )


@command(app, "stats")
def stats(
    ctx: typer.Context,
    month: Annotated[str | None, typer.Option("--month", help="月份,如 2026-10")] = None,
    quarter: Annotated[str | None, typer.Option("--quarter", help="季度,如 2026-Q4")] = None,
    year: Annotated[str | None, typer.Option("--year", help="年份,如 2026")] = None,
    start: Annotated[str | None, typer.Option("--from", help="起始日期(含)")] = None,
    end: Annotated[str | None, typer.Option("--to", help="截止日期(含)")] = None,
    as_of: AsOfOption = None,
    as_csv: CsvFlag = False,
    as_md: Annotated[bool, typer.Option("--md", help="输出 Markdown(月报段落)")] = False,
    xlsx: Annotated[
        Path | None, typer.Option("--xlsx", help="另存为 Excel 文件(含图表)", metavar="FILE")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """期间统计:收到、受理、办结、超期,按时办结率、属实率、满意率,按单位、窗口、类别、渠道分列。"""
    one_format(ctx, json=as_json, csv=as_csv, md=as_md)
    period = Period.parse(
        month,
        quarter,
        year,
        None if start is None else parse_date(start, "--from"),
        None if end is None else parse_date(end, "--to"),
    )
    day = None if as_of is None else parse_date(as_of, "--as-of")
    if xlsx is not None and xlsx.suffix.lower() != ".xlsx":
        raise InvalidInput(f"Excel 文件名应以 .xlsx 结尾:{xlsx}")
    office = open_ledger(ctx)
    result = period_stats(office, period, day or office.today)
    if xlsx is not None:
        workbook(result, xlsx)
        note(f"已保存:{xlsx}")
    if as_json:
        emit_json(result.as_json())
    elif as_csv:
        sys.stdout.write(csv_text(result))
    elif as_md:
        sys.stdout.write(markdown(result))
    elif xlsx is None:
        terminal(result, table)
