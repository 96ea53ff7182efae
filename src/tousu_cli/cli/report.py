"""tousu report overdue | stats: what the clerk's superiors read."""

from pathlib import Path
from typing import Annotated

import typer

from tousu_cli.cli.base import command, new_app
from tousu_cli.cli.output import (
    CsvFlag,
    JsonFlag,
    ModeOption,
    OverwriteFlag,
    output_format,
)
from tousu_cli.cli.parse import BadUsage, as_usage, number, parse_date
from tousu_cli.cli.reading import open_ledger
from tousu_cli.cli.state import state
from tousu_cli.destination import Target, file_mode, ledger_files

app = new_app("报表:每日超期提醒、期间统计、个人信息保存期满。")

AsOfOption = Annotated[str | None, typer.Option("--as-of", help="统计截至日期(默认今天)")]


@command(app, "overdue")
def overdue(
    ctx: typer.Context,
    as_of: AsOfOption = None,
    warn_days: Annotated[
        int,
        typer.Option(
            "--warn-days",
            help="提前提醒的工作日数(当天到期也算)",
            parser=number("--warn-days", 0, 60),
        ),
    ] = 1,
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
    from tousu_cli.cli.present.overdue import present_overdue
    from tousu_cli.reports.overdue import overdue_report

    fmt = output_format(ctx, json=as_json, csv=as_csv)
    day = None if as_of is None else parse_date(as_of, "--as-of")
    office = open_ledger(ctx)
    present_overdue(overdue_report(office, day or office.today, warn_days), fmt, quiet=quiet)


@command(app, "erasure")
def erasure(
    ctx: typer.Context,
    quiet: Annotated[
        bool,
        typer.Option("--quiet", help="没有保存期满的投诉件时不输出任何内容(供 cron 使用)"),
    ] = False,
    as_csv: CsvFlag = False,
    as_json: JsonFlag = False,
) -> None:
    """个人信息保存期满:已归档、撤回或作废的投诉件,自办结起超过保存期限(retention_days)。"""
    from tousu_cli.cli.present.erasure import present_erasure
    from tousu_cli.reports.erasure import erasure_report

    fmt = output_format(ctx, json=as_json, csv=as_csv)
    present_erasure(erasure_report(open_ledger(ctx)), fmt, quiet=quiet)


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
        Path | None, typer.Option("--xlsx", help="另存为 Excel 文件(含图表)", metavar="文件")
    ] = None,
    overwrite: OverwriteFlag = False,
    mode: ModeOption = "600",
    as_json: JsonFlag = False,
) -> None:
    """期间统计:收到、受理、办结、超期,按时办结率、属实率、满意率,按单位、窗口、类别、渠道分列。"""
    from tousu_cli.cli.present.stats import present_stats
    from tousu_cli.reports.stats import Period, period_stats

    fmt = output_format(ctx, json=as_json, csv=as_csv, md=as_md)
    with as_usage():
        period = Period.parse(
            month,
            quarter,
            year,
            None if start is None else parse_date(start, "--from"),
            None if end is None else parse_date(end, "--to"),
        )
    day = None if as_of is None else parse_date(as_of, "--as-of")
    if xlsx is not None and xlsx.suffix.lower() != ".xlsx":
        raise BadUsage(f"Excel 文件名应以 .xlsx 结尾:{xlsx}")
    office = open_ledger(ctx)
    # Checked before the statistics are worked out: a refusal comes at once.
    target = None
    if xlsx is not None:
        with as_usage():
            the_mode = file_mode(mode)
        target = Target(xlsx, overwrite, ledger_files(state(ctx).db_path), the_mode)
    present_stats(period_stats(office, period, day or office.today), fmt, target)
