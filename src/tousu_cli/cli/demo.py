"""tousu demo: a demo database to try the tool on, never the clerk's own."""

from pathlib import Path
from typing import Annotated

import typer

from tousu_cli.cli.base import command, new_app
from tousu_cli.cli.output import JsonFlag, echo, emit_json, is_terminal, note, short_time, table
from tousu_cli.cli.parse import BadUsage, number
from tousu_cli.cli.present.cases import LIST_COLUMNS, clock_text
from tousu_cli.cli.present.overdue import show_overdue
from tousu_cli.cli.state import state
from tousu_cli.domain.errors import InvalidInput
from tousu_cli.domain.model import Status

app = new_app()
DEFAULT_DEMO_DB = Path("tousu-demo.db")


def _replaceable(path: Path) -> bool:
    """Only a previous demo is ever replaced: never a real ledger."""
    from tousu_cli.services.ledger import is_demo

    return not path.exists() or is_demo(path)


def _demo_file(ctx: typer.Context, own: Path) -> Path:
    """The file to build: `tousu --db X demo` means X, as for every command (and
    X is refused like any file that is not a demo); TOUSU_DB, the clerk's own
    ledger, is never meant. Two different --db are refused."""
    from typer._click.core import ParameterSource

    root = ctx.find_root()
    if root.get_parameter_source("db") is not ParameterSource.COMMANDLINE:
        return own
    named = state(ctx).db_path
    if ctx.get_parameter_source("db") is ParameterSource.COMMANDLINE and own != named:
        raise BadUsage(f"给了两个不同的数据库文件:tousu --db {named} 和 demo --db {own}")
    return named


@command(app, "demo")
def demo(
    ctx: typer.Context,
    db: Annotated[
        Path, typer.Option("--db", help="演示数据库文件(不会使用正式数据库)")
    ] = DEFAULT_DEMO_DB,
    cases: Annotated[
        int, typer.Option("--cases", help="投诉件数量", parser=number("投诉件数量", 1, 2_000_000))
    ] = 300,
    seed: Annotated[
        int,
        typer.Option("--seed", help="随机种子(相同种子得到相同数据)", parser=number("随机种子")),
    ] = 2026,
    as_json: JsonFlag = False,
) -> None:
    """生成演示数据库:2025–2026 年各种状态的投诉件,然后列出最新投诉和超期情况。"""
    from tousu_cli.reports.overdue import overdue_report
    from tousu_cli.services.demo import build_demo
    from tousu_cli.services.ledger import open_ledger
    from tousu_cli.services.views import CaseFilter, list_cases

    count, the_seed = cases, seed
    db = _demo_file(ctx, db)
    if not _replaceable(db):
        raise InvalidInput(f"{db} 已存在且不是演示数据库,不会覆盖;请用 --db 指定别的文件")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    office = open_ledger(db, state(ctx).actor, scratch=True)
    conn = office.conn
    progress = None
    if is_terminal() and not as_json and count >= 5000:

        def progress(done: int) -> None:
            note(f"已生成 {done}/{count} 件")

    summary = build_demo(office, count, the_seed, progress)
    newest = list_cases(office, CaseFilter(limit=10))
    overdue = overdue_report(office, office.today, 1)
    conn.close()
    if as_json:
        emit_json({"db": str(db), "cases": summary.cases, "by_status": summary.by_status,
                   "newest": newest, "overdue": overdue.as_json()})  # fmt: skip
        return
    counts = "、".join(f"{Status(k).label} {v}" for k, v in sorted(summary.by_status.items()))
    echo(f"已生成演示数据库 {db}:{summary.cases} 件投诉({counts})")
    echo(f"试试:tousu --db {db} list    tousu --db {db} show {newest[-1]['number']}")
    echo()
    table(
        [LIST_COLUMNS[i] for i in (0, 1, 2, 3, 4, 5, 8)],
        [(r["number"], r["status_label"], short_time(r["received_at"]),
          r["channel_label"], r["unit"], r["category"], clock_text(r["clock"])[0]) for r in newest],
        title="最新的投诉",
    )  # fmt: skip
    echo()
    show_overdue(overdue)
