"""tousu show, tousu list: reading the ledger."""

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
    is_terminal,
    note,
    one_format,
    short_time,
    table,
)
from tousu_cli.cli.parse import choice, parse_date, parse_int
from tousu_cli.cli.state import state
from tousu_cli.domain.errors import NotFound
from tousu_cli.domain.model import Channel, Satisfaction, Status
from tousu_cli.domain.workdays import YEARS as CALENDAR_YEARS  # a filter may reach back
from tousu_cli.services.office import Office
from tousu_cli.services.views import CaseFilter, case_json, list_cases

app = new_app()

RevealFlag = Annotated[
    bool, typer.Option("--reveal", help="显示完整的电话和身份证号(将记录查看人)")
]
# What a narrow terminal keeps whole, and what it gives up first.
LIST_COLUMNS = (
    Column("编号", whole=True),
    Column("状态", whole=True),
    Column("收到时间", whole=True, drop=3),
    Column("渠道", drop=5),
    Column("被投诉单位"),
    Column("类别", drop=4),
    Column("投诉人", drop=2),
    Column("电话", whole=True, drop=6),
    Column("当前期限", whole=True),
    Column("剩余", whole=True),
    Column("标记"),
)
TERMINAL_ROWS = 200  # a terminal shows the newest; --json and --csv give every row


def open_ledger(ctx: typer.Context) -> Office:
    app_state = state(ctx)
    if not app_state.db_path.exists():
        raise NotFound(f"数据库 {app_state.db_path} 不存在:先用 tousu init 创建,或用 --db 指定")
    return app_state.office()


def clock_text(clock: dict[str, Any] | None, long: bool = False) -> tuple[str, str]:
    """A running clock as (which and when due, how it stands), short for tables."""
    if clock is None:
        return "", ""
    mark = "(暂定)" if clock["provisional"] else ""
    days = " 个工作日" if long else "天"
    if clock["state"] == "overdue":
        left = f"已超期 {clock['overdue_days']}{days}" if long else f"超期{clock['overdue_days']}天"
    elif clock["state"] == "suspended":
        left = "已中止计时" if long else "中止"
    else:
        left = f"还有 {clock['days_left']}{days}" if long else f"剩{clock['days_left']}天"
    return f"{clock['label']} {clock['due']}{mark}", left


@command(app, "show")
def show(
    ctx: typer.Context,
    case: Annotated[str, typer.Argument(metavar="CASE", help="案件编号,如 2026-0001")],
    reveal: RevealFlag = False,
    as_json: JsonFlag = False,
) -> None:
    """查看一件投诉:登记事项、各环节期限、重复投诉和全部记录。"""
    document = case_json(open_ledger(ctx), case, reveal=reveal)
    if as_json:
        emit_json(document)
        return
    person = document["complainant"]
    who = "匿名" if person["anonymous"] else person["name"]
    if person["phone"]:
        who += f"  电话 {person['phone']}"
    if person["id_number"]:
        who += f"  身份证 {person['id_number']}"
    flags = "  ".join(f"【{f}】" for f in document["flags"])
    echo(f"投诉件 {document['number']}  {document['status_label']}  {flags}".rstrip())
    facts = [
        ("收到时间", short_time(document["received_at"])),
        ("来源渠道", f"{document['channel_label']}({document['form_label']})"),
        ("投诉人", who),
        (
            "被投诉单位",
            " / ".join(filter(None, [document["unit"], document["window"], document["staff"]])),
        ),
        ("投诉类别", document["category"]),
        ("投诉内容", document["content"]),
        ("诉求", document["demand"]),
        ("证据材料", "、".join(document["evidence"])),
        ("外部编号", document["external_id"]),
        (
            "分办",
            " ".join(
                filter(
                    None, [document["mode_label"], document["handler_unit"], document["handler"]]
                )
            ),
        ),
        ("调查结论", document["finding_label"]),
        ("处理措施", "、".join(document["measures"])),
        ("处理结果", document["result"]),
        ("满意度", document["satisfaction"] and _satisfaction(document["satisfaction"])),
        ("不予受理理由", document["reject_reason"]),
        ("撤回理由", document["withdraw_reason"]),
    ]
    for label, value in facts:
        if value:
            echo(f"  {label}:{value}")
    if document["clocks"]:
        echo()
        table(
            [
                Column("时限", whole=True),
                Column("起算日", whole=True, drop=2),
                Column("期限(工作日)", whole=True, drop=1),
                Column("届满日", whole=True),
                Column("状态", whole=True),
                Column("说明"),
            ],
            [_clock_row(c) for c in document["clocks"]],
            title="时限",
        )
    if document["repeats"]:
        echo()
        table(
            [Column(h, whole=True) for h in ("编号", "收到时间", "状态", "关系")],
            [
                (
                    r["number"],
                    short_time(r["received_at"]),
                    Status(r["status"]).label,
                    "此前" if r["relation"] == "earlier" else "此后",
                )
                for r in document["repeats"]
            ],
            title="重复投诉",
        )
    echo()
    table(
        [
            Column("时间", whole=True),
            Column("经办人", drop=1),
            Column("环节", whole=True),
            Column("记录"),
        ],
        [(short_time(e["at"]), e["by"], e["action_label"], e["text"]) for e in document["events"]],
        title="处置记录",
    )


def _satisfaction(key: str) -> str:
    return Satisfaction(key).label


def _clock_row(clock: dict[str, Any]) -> tuple[Any, ...]:
    notes = []
    if clock["extended_days"]:
        notes.append(f"延期{clock['extended_days']}天")
    if clock["suspended_days"]:
        notes.append(f"中止顺延{clock['suspended_days']}天")
    if clock["provisional"]:
        notes.append("暂定:跨未公布放假安排的年份")
    state_text = clock["state_label"]
    if clock["state"] in {"overdue", "late"}:
        state_text += f" {clock['overdue_days']} 个工作日"
    elif clock["state"] == "running":
        state_text += f",剩 {clock['days_left']} 个工作日"
    return (
        clock["label"],
        clock["started_on"],
        clock["limit_days"],
        clock["due"],
        state_text,
        ";".join(notes),
    )


@command(app, "list")
def list_command(
    ctx: typer.Context,
    status: Annotated[
        list[str] | None, typer.Option("--status", help="状态(可多次),如 investigating 或 调查中")
    ] = None,
    unit: Annotated[str | None, typer.Option("--unit", help="被投诉单位")] = None,
    category: Annotated[str | None, typer.Option("--category", help="投诉类别")] = None,
    channel: Annotated[str | None, typer.Option("--channel", help="来源渠道")] = None,
    received_from: Annotated[str | None, typer.Option("--from", help="收到日期起")] = None,
    received_to: Annotated[str | None, typer.Option("--to", help="收到日期止(含)")] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="只看已超期的")] = False,
    due_within: Annotated[
        str | None,
        typer.Option("--due-within", help="N 个工作日内到期(不含已超期;同时加 --overdue 则都列出)"),
    ] = None,
    flagged: Annotated[bool, typer.Option("--flagged", help="只看重大或督办件")] = False,
    limit: Annotated[str | None, typer.Option("--limit", help="最多列出 N 件")] = None,
    as_csv: CsvFlag = False,
    reveal: RevealFlag = False,
    as_json: JsonFlag = False,
) -> None:
    """列出投诉件,可按状态、单位、类别、渠道、日期、超期筛选。"""
    one_format(ctx, json=as_json, csv=as_csv)
    the_filter = CaseFilter(
        statuses=tuple(choice(s, Status.choices(), "状态") for s in status or ()),
        unit=unit,
        category=category,
        channel=None if channel is None else choice(channel, Channel.choices(), "来源渠道"),
        received_from=None
        if received_from is None
        else parse_date(received_from, "--from", CALENDAR_YEARS),
        received_to=None
        if received_to is None
        else parse_date(received_to, "--to", CALENDAR_YEARS),
        overdue=overdue,
        due_within=None if due_within is None else parse_int(due_within, "--due-within", 0, 1000),
        flagged=flagged,
        limit=None if limit is None else parse_int(limit, "--limit", 1),
    )
    rows = list_cases(open_ledger(ctx), the_filter, reveal=reveal)
    if as_json:
        emit_json(rows)
        return
    headers = [column.header for column in LIST_COLUMNS]
    lines = []
    shown = rows[:TERMINAL_ROWS] if is_terminal() and not as_csv else rows
    for r in shown:
        person = r["complainant"]
        due, left = clock_text(r["clock"])
        lines.append(
            (
                r["number"],
                r["status_label"],
                short_time(r["received_at"]),
                r["channel_label"],
                r["unit"],
                r["category"],
                "匿名" if person["anonymous"] else person["name"],
                person["phone"] or "",
                due,
                left,
                " ".join(r["flags"]),
            )
        )
    if as_csv:
        emit_csv(headers, lines)
        return
    if not rows:
        echo("没有符合条件的投诉件。")
        return
    table(LIST_COLUMNS, lines)
    if len(shown) < len(rows):
        note(f"共 {len(rows)} 件,终端只显示最新 {len(shown)} 件;用 --json 或 --csv 取全部。")
