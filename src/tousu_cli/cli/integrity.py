"""tousu verify and tousu backup: is the record whole, and a copy of it."""

from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer

from tousu_cli.cli.base import command, new_app
from tousu_cli.cli.output import JsonFlag, echo, emit_json, note
from tousu_cli.cli.reading import open_ledger

app = new_app()


@command(app, "verify")
def verify_command(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """检查数据库:文件完整性、外键、处置记录的哈希链、各投诉件与其处置记录是否一致。"""
    from tousu_cli.services.verify import verify

    verdict = verify(open_ledger(ctx).conn)
    if as_json:
        emit_json(verdict.as_json())
    else:
        for warning in verdict.warnings:
            note(f"注意:{warning}")
        for problem in verdict.problems:
            note(problem)
        if verdict.more:
            note(f"……另有 {verdict.more} 处问题未列出")
        if verdict.ok:
            echo(
                f"校验通过:{verdict.cases} 件投诉,{verdict.events} 条处置记录,"
                f"哈希链完整(链尾 {verdict.chain_head[:16]})"
            )
    if not verdict.ok:
        if not as_json:
            note(f"校验未通过:发现 {len(verdict.problems) + verdict.more} 处问题")
        raise typer.Exit(1)


@command(app, "backup")
def backup_command(
    ctx: typer.Context,
    dest: Annotated[Path, typer.Argument(metavar="DEST", help="备份文件,或存放备份的目录")],
    as_json: JsonFlag = False,
) -> None:
    """在使用中备份数据库(SQLite 在线备份),并校验备份。"""
    from tousu_cli.services.backups import back_up

    copy, verdict = back_up(open_ledger(ctx), dest, datetime.now())
    if as_json:
        emit_json({"file": str(copy), "cases": verdict.cases, "events": verdict.events,
                   "chain_head": verdict.chain_head, "verified": True})  # fmt: skip
    else:
        echo(f"已备份到 {copy}({verdict.cases} 件投诉,{verdict.events} 条处置记录,校验通过)")
