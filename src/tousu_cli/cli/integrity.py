"""tousu verify and tousu backup: is the record whole, and a copy of it."""

from pathlib import Path
from typing import Annotated

import typer

from tousu_cli.cli.base import command, new_app
from tousu_cli.cli.output import JsonFlag, OverwriteFlag, output_format
from tousu_cli.cli.present.integrity import present_backup, present_verdict
from tousu_cli.cli.reading import open_ledger

app = new_app()


@command(app, "verify")
def verify_command(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """检查数据库:文件完整性、外键、处置记录的哈希链、各投诉件与其处置记录是否一致。"""
    from tousu_cli.services.verify import verify

    verdict = verify(open_ledger(ctx).conn)
    present_verdict(verdict, output_format(ctx, json=as_json))
    if not verdict.ok:
        raise typer.Exit(1)


@command(app, "backup")
def backup_command(
    ctx: typer.Context,
    dest: Annotated[Path, typer.Argument(metavar="备份位置", help="备份文件,或存放备份的目录")],
    overwrite: OverwriteFlag = False,
    as_json: JsonFlag = False,
) -> None:
    """在使用中备份数据库(SQLite 在线备份),并校验备份。"""
    from tousu_cli.services.backups import back_up

    copy, verdict = back_up(open_ledger(ctx), dest, overwrite=overwrite)
    present_backup(copy, verdict, output_format(ctx, json=as_json))
