"""tousu export: the ledger to a file."""

from pathlib import Path
from typing import Annotated

import typer

from tousu_cli.cli.base import command, new_app
from tousu_cli.cli.output import JsonFlag, ModeOption, OverwriteFlag, output_format
from tousu_cli.cli.parse import as_usage, choice, parse_date
from tousu_cli.cli.reading import RevealFlag, open_ledger
from tousu_cli.destination import file_mode
from tousu_cli.domain.model import Status
from tousu_cli.domain.workdays import YEARS as CALENDAR_YEARS

app = new_app()


@command(app, "export")
def export(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(metavar="文件", help="导出文件:.xlsx 或 .csv")],
    start: Annotated[str | None, typer.Option("--from", help="收到日期起")] = None,
    end: Annotated[str | None, typer.Option("--to", help="收到日期止(含)")] = None,
    status: Annotated[
        list[str] | None, typer.Option("--status", help="只导出某些状态(可多次)")
    ] = None,
    reveal: RevealFlag = False,
    overwrite: OverwriteFlag = False,
    mode: ModeOption = "600",
    as_json: JsonFlag = False,
) -> None:
    """导出投诉台账(一件一行,中文表头);电话和身份证号默认打码,文件默认仅本人可读。"""
    from tousu_cli.transfer.export import check_file_type

    with as_usage():  # a file type typed wrong: refused before the ledger is read
        check_file_type(file)
        the_mode = file_mode(mode)
    first = None if start is None else parse_date(start, "--from", CALENDAR_YEARS)
    last = None if end is None else parse_date(end, "--to", CALENDAR_YEARS)
    statuses = tuple(choice(s, Status.choices(), "状态") for s in status or ())
    from tousu_cli.cli.present.export import present_export
    from tousu_cli.services.exporting import export_ledger

    result = export_ledger(
        open_ledger(ctx), file, start=first, end=last, statuses=statuses, reveal=reveal,
        overwrite=overwrite, mode=the_mode,
    )  # fmt: skip
    present_export(result, output_format(ctx, json=as_json))


@command(app, "import")
def import_command(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(metavar="文件", help="导入文件:.csv 或 .xlsx")],
    sheet: Annotated[str | None, typer.Option("--sheet", help="Excel 工作表名(默认第一个)")] = None,
    encoding: Annotated[
        str | None,
        typer.Option("--encoding", help="CSV 编码(默认自动识别 UTF-8 / GB18030)"),
    ] = None,
    mapping: Annotated[
        Path | None,
        typer.Option("--map", help="TOML 映射文件:其他表头、取值写法、缺省值"),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="只检查并报告将会发生什么,不写入")
    ] = False,
    skip_bad: Annotated[
        bool,
        typer.Option("--skip-bad", help="导入无误的行,有错误的行写入退回文件"),
    ] = False,
    update: Annotated[
        bool,
        typer.Option("--update", help="已有投诉件与文件不一致时按文件更新(逐项留痕)"),
    ] = False,
    reject: Annotated[
        Path | None,
        typer.Option("--reject-file", help="退回文件路径(默认:原文件名.rejected.csv)"),
    ] = None,
    overwrite: OverwriteFlag = False,
    as_json: JsonFlag = False,
) -> None:
    """导入投诉:12345 工单导出表、手工台账或本系统导出的台账(.csv / .xlsx)。

    按表头识别各列;所有行先逐行校验,默认有一行出错就整批不写入。
    已导入过的行不会重复导入(按外部编号,或收到时间+投诉人+单位+内容识别)。
    """
    from tousu_cli.cli.importing import run_import
    from tousu_cli.services.importing import ImportOptions

    options = ImportOptions(
        sheet=sheet,
        encoding=encoding,
        mapping=mapping,
        dry_run=dry_run,
        skip_bad=skip_bad,
        update=update,
        reject_path=reject,
        overwrite=overwrite,
    )
    run_import(ctx, file, options, as_json=as_json)
