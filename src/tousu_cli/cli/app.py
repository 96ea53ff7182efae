"""The root command: global options, the command groups, and the entry point."""

from pathlib import Path
from typing import Annotated

import typer

from tousu_cli import __version__
from tousu_cli.cli import (
    calendar,
    demo,
    erasing,
    integrity,
    reading,
    report,
    settings,
    stages,
    transfer,
)
from tousu_cli.cli.base import command, new_app
from tousu_cli.cli.output import JsonFlag, echo, emit_json
from tousu_cli.cli.state import AppState, login_name, state
from tousu_cli.domain.errors import InvalidInput
from tousu_cli.services.location import default_path, ledger_version

app = new_app(
    "tousu — 政务服务中心服务投诉处置台账。\n\n"
    "登记投诉,按工作日计算各环节时限,提醒超期,统计和导出台账。",
    add_completion=True,
)


def _show_version(value: bool) -> None:
    if value:
        echo(f"tousu {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    db: Annotated[
        Path | None,
        typer.Option(
            "--db",
            envvar="TOUSU_DB",
            help="数据库文件(默认 ~/.local/share/tousu/tousu.db)",
            show_default=False,
        ),
    ] = None,
    by: Annotated[
        str | None,
        typer.Option("--by", envvar="TOUSU_USER", help="经办人姓名(默认为登录名)"),
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_show_version, is_eager=True, help="显示版本并退出"),
    ] = False,
) -> None:
    """tousu — 政务服务中心服务投诉处置台账。"""
    ctx.obj = AppState(db or default_path(), _actor(by))
    ctx.call_on_close(ctx.obj.close)


def _actor(by: str | None) -> str:
    """Who acts, as every record will name them: one plain line of text, so that
    no escape sequence or forged line reaches a printed history."""
    from tousu_cli.domain.validation import text

    name = text(by, "经办人姓名(--by 或 TOUSU_USER)") if by and by.strip() else None
    if name is not None and len(name) > 50:
        raise InvalidInput(f"经办人姓名过长:{len(name)} 字,最多 50 字")
    return name or login_name()


@command(app, "init")
def init(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """创建数据库(首次使用时也会自动创建)。"""
    app_state = state(ctx)
    existed = app_state.db_path.exists() and app_state.db_path.stat().st_size > 0
    app_state.db(adopt_empty=True)
    if as_json:
        emit_json(
            {"db": str(app_state.db_path), "created": not existed, "version": ledger_version()}
        )
    elif existed:
        echo(f"数据库已存在,结构为最新版本:{app_state.db_path}")
    else:
        echo(f"已创建数据库:{app_state.db_path}")


app.add_typer(stages.app)
app.add_typer(reading.app)
app.add_typer(report.app, name="report")
app.add_typer(transfer.app)
app.add_typer(calendar.app, name="calendar")
app.add_typer(settings.policy_app, name="policy")
app.add_typer(settings.category_app, name="category")
app.add_typer(demo.app)
app.add_typer(integrity.app)
app.add_typer(erasing.app)


def main() -> None:
    app(prog_name="tousu")


__all__ = ["app", "login_name", "main"]
