"""tousu show, tousu list: reading the ledger."""

from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer

from tousu_cli.cli import complete
from tousu_cli.cli.base import command, new_app
from tousu_cli.cli.output import CsvFlag, JsonFlag, output_format
from tousu_cli.cli.parse import BadUsage, choice, number, parse_date
from tousu_cli.cli.present.cases import present_case, present_cases, present_search
from tousu_cli.cli.state import state
from tousu_cli.domain.model import Channel, Status
from tousu_cli.domain.workdays import YEARS as CALENDAR_YEARS  # a filter may reach back

if TYPE_CHECKING:  # the services load when a command runs, not at start-up
    from tousu_cli.services.office import Office
    from tousu_cli.services.views import CaseFilter

app = new_app()

RevealFlag = Annotated[
    bool, typer.Option("--reveal", help="显示完整的电话和身份证号(将记录查看人)")
]


def open_ledger(ctx: typer.Context) -> "Office":
    return state(ctx).office()  # a missing, empty or foreign file is refused


MOST_LISTED = 100_000_000  # more than any ledger holds: a larger number is a typing slip


@command(app, "show")
def show(
    ctx: typer.Context,
    case: Annotated[
        str,
        typer.Argument(
            metavar="编号",
            help="案件编号,如 2026-0001,本年可只写序号",
            autocompletion=complete.open_cases,
        ),
    ],
    reveal: RevealFlag = False,
    as_json: JsonFlag = False,
) -> None:
    """查看一件投诉:登记事项、各环节期限、重复投诉和全部记录。"""
    fmt = output_format(ctx, json=as_json)
    from tousu_cli.services.views import case_json

    present_case(case_json(open_ledger(ctx), case, reveal=reveal), fmt)


@command(app, "list")
def list_command(
    ctx: typer.Context,
    status: Annotated[
        list[str] | None,
        typer.Option(
            "--status",
            help="状态(可多次),如 investigating 或 调查中",
            autocompletion=complete.statuses,
        ),
    ] = None,
    unit: Annotated[
        str | None,
        typer.Option("--unit", help="被投诉单位(可只写一部分)", autocompletion=complete.units),
    ] = None,
    category: Annotated[
        str | None,
        typer.Option(
            "--category", help="投诉类别(可只写一部分)", autocompletion=complete.categories
        ),
    ] = None,
    channel: Annotated[
        str | None, typer.Option("--channel", help="来源渠道", autocompletion=complete.channels)
    ] = None,
    received_from: Annotated[str | None, typer.Option("--from", help="收到日期起")] = None,
    received_to: Annotated[str | None, typer.Option("--to", help="收到日期止(含)")] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="只看已超期的")] = False,
    due_within: Annotated[
        int | None,
        typer.Option(
            "--due-within",
            help="N 个工作日内到期(不含已超期;同时加 --overdue 则都列出)",
            parser=number("--due-within", 0, 1000),
        ),
    ] = None,
    flagged: Annotated[bool, typer.Option("--flagged", help="只看重大或督办件")] = False,
    voided: Annotated[bool, typer.Option("--voided", help="只看已作废的")] = False,
    everything: Annotated[
        bool, typer.Option("--all", help="终端上也列出已办结的(--json、--csv 总是全部)")
    ] = False,
    limit: Annotated[
        int | None,
        typer.Option("--limit", help="最多列出 N 件", parser=number("--limit", 1, MOST_LISTED)),
    ] = None,
    as_csv: CsvFlag = False,
    reveal: RevealFlag = False,
    as_json: JsonFlag = False,
) -> None:
    """列出投诉件,可按状态、单位、类别、渠道、日期、超期筛选。"""
    fmt = output_format(ctx, json=as_json, csv=as_csv)
    the_filter = _case_filter(
        status=status, unit=unit, category=category, channel=channel, received_from=received_from,
        received_to=received_to, overdue=overdue, due_within=due_within, flagged=flagged,
        limit=limit, voided=voided,
    )  # fmt: skip
    from tousu_cli.services.views import list_cases

    rows = list_cases(open_ledger(ctx), the_filter, reveal=reveal)
    present_cases(rows, fmt, everything=everything or bool(status) or voided)


def _case_filter(
    *,
    status: list[str] | None,
    unit: str | None,
    category: str | None,
    channel: str | None,
    received_from: str | None,
    received_to: str | None,
    overdue: bool,
    due_within: int | None,
    flagged: bool,
    limit: int | None,
    voided: bool,
) -> "CaseFilter":
    """The options of `list`, checked, as the filter the service takes."""
    from tousu_cli.services.views import CaseFilter

    received = _received(received_from, received_to)
    return CaseFilter(
        statuses=tuple(_status(s) for s in status or ()),
        unit=unit,
        category=category,
        channel=None if channel is None else choice(channel, Channel.choices(), "来源渠道"),
        received_from=received[0],
        received_to=received[1],
        overdue=overdue,
        due_within=due_within,
        flagged=flagged,
        limit=limit,
        voided=voided,
    )


def _status(text: str) -> Status:
    if "超期" in text or "逾期" in text:  # a clock's state, not the case's
        raise BadUsage(f"「{text}」不是投诉件的状态;只看已超期的请用 --overdue")
    return choice(text, Status.choices(), "状态")


def _received(start: str | None, end: str | None) -> tuple[date | None, date | None]:
    """--from and --to, in order: reversed, they would find nothing and say so."""
    first, last = _day(start, "--from"), _day(end, "--to")
    if first and last and first > last:
        raise BadUsage(f"--from {first} 晚于 --to {last}:起止日期颠倒了")
    return first, last


def _day(text: str | None, option: str) -> date | None:
    return None if text is None else parse_date(text, option, CALENDAR_YEARS)


@command(app, "search")
def search_command(
    ctx: typer.Context,
    text: Annotated[
        str,
        typer.Argument(
            metavar="查找内容", help="编号或其尾号、工单号、姓名、电话或尾号、单位、词语"
        ),
    ],
    status: Annotated[list[str] | None, typer.Option("--status", help="状态(可多次)")] = None,
    received_from: Annotated[str | None, typer.Option("--from", help="收到日期起")] = None,
    received_to: Annotated[str | None, typer.Option("--to", help="收到日期止(含)")] = None,
    limit: Annotated[
        int, typer.Option("--limit", help="最多列出 N 件", parser=number("--limit", 1, 10_000))
    ] = 50,
    voided: Annotated[bool, typer.Option("--voided", help="也查找已作废的")] = False,
    reveal: RevealFlag = False,
    as_json: JsonFlag = False,
) -> None:
    """查找投诉件:按编号、工单号、投诉人、电话(或尾号)、身份证号、单位、窗口、投诉中的词语。"""
    from tousu_cli.services.search import SearchFilter, search

    fmt = output_format(ctx, json=as_json)
    statuses = tuple(_status(s) for s in status or ())
    the_filter = SearchFilter(statuses, *_received(received_from, received_to), limit, voided)
    present_search(search(open_ledger(ctx), text, the_filter, reveal=reveal), fmt)
