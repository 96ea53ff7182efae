"""tousu erase: a closed case's personal data erased when its retention period
ends (个人信息保护法 第十九条), or earlier at the complainant's request (第四十七条)."""

from typing import Annotated

import typer

from tousu_cli.cli import complete
from tousu_cli.cli.base import command, new_app
from tousu_cli.cli.output import JsonFlag, output_format
from tousu_cli.cli.parse import BadUsage
from tousu_cli.cli.present.erasure import present_compacted, present_erased
from tousu_cli.cli.reading import open_ledger

app = new_app()


@command(app, "erase")
def erase_command(
    ctx: typer.Context,
    cases: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="编号...",
            help="已办结投诉件的编号(可写多个;report erasure 列出保存期满的)",
            autocompletion=complete.open_cases,
        ),
    ] = None,
    reason: Annotated[
        str | None,
        typer.Option("--reason", help="删除依据,如 保存期满、投诉人申请删除(第四十七条)"),
    ] = None,
    early: Annotated[
        bool,
        typer.Option("--early", help="保存期满前删除(投诉人依法申请);须在 --reason 中写明"),
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="只检查能否删除、各有几项,不删除")
    ] = False,
    due: Annotated[
        bool,
        typer.Option(
            "--due",
            help="删除 report erasure 列出的全部保存期满的投诉件;没有时不输出(供 cron 使用)",
        ),
    ] = False,
    compact_only: Annotated[
        bool,
        typer.Option(
            "--compact", help="只整理文件(此前的删除因有程序在读取台账而未能整理完毕时使用)"
        ),
    ] = False,
    as_json: JsonFlag = False,
) -> None:
    """删除个人信息:投诉人姓名、电话、身份证号和记录中写到的号码。处置记录保留,哈希链不受影响,删除本身记入处置记录。"""
    from tousu_cli.reports.erasure import erasure_report
    from tousu_cli.services.erase import compact, erase

    fmt = output_format(ctx, json=as_json)
    if compact_only:
        if cases or reason is not None or early or dry_run or due:
            raise BadUsage("--compact 只整理文件,不能同时给出编号或其他选项")
        present_compacted(compact(open_ledger(ctx)), fmt)
        return
    if due and (cases or early):
        raise BadUsage("--due 删除全部保存期满的投诉件,不能再给出编号或 --early")
    if not cases and not due:
        raise BadUsage("请给出要删除个人信息的投诉件编号,或用 --due 删除全部保存期满的")
    if reason is None:
        raise BadUsage("请用 --reason 写明删除依据")
    office = open_ledger(ctx)
    if due:  # what `report erasure` lists today, each checked again as it is erased
        cases = [row["number"] for row in erasure_report(office).due]
    done = erase(office, cases or [], reason, early=early, dry_run=dry_run)
    present_erased(done, fmt, quiet=due)
