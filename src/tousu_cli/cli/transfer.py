"""tousu export: the ledger to a file."""

from pathlib import Path
from typing import Annotated

import typer

from tousu_cli.cli.base import command, new_app
from tousu_cli.cli.output import JsonFlag, echo, emit_json
from tousu_cli.cli.parse import choice, parse_date
from tousu_cli.cli.reading import RevealFlag, open_ledger
from tousu_cli.domain.model import Status
from tousu_cli.transfer.export import export_ledger

app = new_app()


@command(app, "export")
def export(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(metavar="FILE", help="导出文件:.xlsx 或 .csv")],
    start: Annotated[str | None, typer.Option("--from", help="收到日期起")] = None,
    end: Annotated[str | None, typer.Option("--to", help="收到日期止(含)")] = None,
    status: Annotated[
        list[str] | None, typer.Option("--status", help="只导出某些状态(可多次)")
    ] = None,
    reveal: RevealFlag = False,
    as_json: JsonFlag = False,
) -> None:
    """导出投诉台账(一件一行,中文表头);电话和身份证号默认打码。"""
    first = None if start is None else parse_date(start, "--from")
    last = None if end is None else parse_date(end, "--to")
    statuses = tuple(choice(s, Status.choices(), "状态") for s in status or ())
    result = export_ledger(
        open_ledger(ctx), file, start=first, end=last, statuses=statuses, reveal=reveal
    )
    if as_json:
        emit_json({"file": str(result.path), "rows": result.rows, "revealed": result.revealed})
    else:
        shown = "(含完整个人信息,已记录)" if result.revealed else ""
        echo(f"已导出 {result.rows} 件到 {result.path}{shown}")
