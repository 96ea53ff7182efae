"""A case, a list of cases, and where a stage leaves a case."""

from __future__ import annotations

from typing import Any

from tousu_cli.cli.grid import Column
from tousu_cli.cli.output import (
    Format,
    echo,
    emit_csv,
    emit_json,
    is_terminal,
    note,
    short_time,
    table,
)
from tousu_cli.domain.model import Action, Satisfaction, Status

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
TERMINAL_ROWS = 500  # a terminal shows the most urgent; --json and --csv give every row
CLOSED = {"archived", "withdrawn"}


def urgency(row: dict[str, Any]) -> tuple[int, int]:
    """The order a clerk works in: the longest overdue first, then the nearest
    due, then the stopped clocks, then the cases with no clock running."""
    clock = row["clock"]
    if clock is None:
        return (3, 0)
    if clock["state"] == "overdue":
        return (0, -clock["overdue_days"])
    if clock["state"] == "suspended":
        return (2, 0)
    return (1, clock["days_left"])


def overdue_text(days: int, short: bool = False) -> str:
    """Past due by DAYS working days. A clock due on a Friday is overdue on the
    Saturday with no working day gone by yet: "0" would read as not yet due."""
    if short:
        return "超期未满1个工作日" if days == 0 else f"超期{days}个工作日"
    return "已超期(未满 1 个工作日)" if days == 0 else f"已超期 {days} 个工作日"


def left_text(days: int, short: bool = False) -> str:
    """DAYS working days left before the due date."""
    if days == 0:
        return "今天到期"
    return f"剩{days}个工作日" if short else f"还有 {days} 个工作日"


def clock_text(clock: dict[str, Any] | None, long: bool = False) -> tuple[str, str]:
    """A running clock as (which and when due, how it stands), short for tables."""
    if clock is None:
        return "", ""
    mark = "(暂定)" if clock["provisional"] else ""
    if clock["state"] == "overdue":
        left = overdue_text(clock["overdue_days"], short=not long)
    elif clock["state"] == "suspended":
        left = "已中止计时" if long else "中止"
    else:
        left = left_text(clock["days_left"], short=not long)
    return f"{clock['label']} {clock['due']}{mark}", left


def present_case(document: dict[str, Any], fmt: Format) -> None:
    """`show`: the facts, the clocks, the repeats and the whole history."""
    if fmt is Format.JSON:
        emit_json(document)
        return
    person = document["complainant"]
    who = "匿名" if person["anonymous"] else person["name"]
    if person["phone"]:
        who += f"  电话 {person['phone']}"
    if person["id_number"]:
        who += f"  身份证 {person['id_number']}"
    if document["erased_at"]:
        who += f"(个人信息已于 {document['erased_at'][:10]} 删除)"
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
        ("证据材料", _evidence(document)),
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
        _repeat_table(document["repeats"], "重复投诉")
    if document["suspected_repeats"]:
        echo()
        _repeat_table(document["suspected_repeats"], "疑似重复(同名、同单位,未计入重复次数)")
        echo(suspicion_hint(document["number"], document["suspected_repeats"]))
    echo()
    table(
        [
            Column("时间", whole=True),
            Column("经办人", drop=1),
            Column("环节", whole=True),
            Column("记录"),
        ],
        [
            (short_time(e["at"]), e["by"], e["action_label"], _spaced(e["text"]))
            for e in document["events"]
        ],
        title="处置记录",
    )


def _evidence(document: dict[str, Any]) -> str:
    """What came with the complaint, then what the investigations gathered."""
    given, gathered = "、".join(document["evidence"]), "、".join(document["evidence_gathered"])
    if gathered:
        return f"{given};调查取得:{gathered}" if given else f"调查取得:{gathered}"
    return given


def _spaced(text: str) -> str:
    """A record's phrases apart by a blank on a terminal: a long one folds between
    them, never inside a date. Piped, as stored."""
    return text.replace(";", "; ") if is_terminal() else text


def _satisfaction(key: str) -> str:
    return Satisfaction(key).label


def _clock_row(clock: dict[str, Any]) -> tuple[Any, ...]:
    notes = []
    if clock["extended_days"]:
        notes.append(f"延期 {clock['extended_days']} 个工作日")
    if clock["suspended_days"]:
        notes.append(f"中止顺延 {clock['suspended_days']} 个工作日")
    if clock["provisional"]:
        notes.append("暂定:跨未公布放假安排的年份")
    state_text = clock["state_label"]
    if clock["state"] == "overdue":
        state_text = overdue_text(clock["overdue_days"])
    elif clock["state"] == "late":  # 逾期完成(超期 2 个工作日)
        state_text += f"({overdue_text(clock['overdue_days']).removeprefix('已')})"
    elif clock["state"] == "running":
        state_text += f",{left_text(clock['days_left'])}"
    return (
        clock["label"],
        clock["started_on"],
        clock["limit_days"],
        clock["due"],
        state_text,
        ";".join(notes),
    )


def present_cases(rows: list[dict[str, Any]], fmt: Format, *, everything: bool = False) -> None:
    """`list`: every matching case for a script (JSON, CSV), newest first. On a
    terminal, the open cases, the most urgent first, paged when long; the closed
    ones only with EVERYTHING (--all, or a --status asked for)."""
    if fmt is Format.JSON:
        emit_json(rows)
        return
    if fmt is Format.CSV:
        emit_csv([column.header for column in LIST_COLUMNS], [_list_line(r) for r in rows])
        return
    wanted = rows if everything else [r for r in rows if r["status"] not in CLOSED]
    ordered = sorted(wanted, key=urgency)  # stable: newest first within each rank
    shown = ordered[:TERMINAL_ROWS] if is_terminal() else ordered
    if shown:
        table(LIST_COLUMNS, [_list_line(r) for r in shown], page=True)
    else:
        echo("没有符合条件的未办结投诉件。" if rows else "没有符合条件的投诉件。")
    if len(wanted) < len(rows):
        note(f"另有 {len(rows) - len(wanted)} 件已办结(已归档或已撤回)未列出;加 --all 一并列出。")
    if len(shown) < len(ordered):
        note(f"共 {len(ordered)} 件,终端只列出最紧急的 {len(shown)} 件;用 --json 或 --csv 取全部。")


def _list_line(r: dict[str, Any]) -> tuple[str, ...]:
    person = r["complainant"]
    due, left = clock_text(r["clock"])
    return (
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


# What a stage did, said as done: one investigation note does not end the
# investigation, and 不予受理 is a decision.
_DONE = {
    Action.REJECT: "已决定不予受理",
    Action.INVESTIGATE: "已记录调查情况",
    Action.SUSPEND: "已中止计时",
    Action.RESUME: "已恢复计时",
    Action.REVIEW: "已启动复核",
}


def done_text(action: Action) -> str:
    return _DONE.get(action, f"已{action.label}")


def _repeat_table(cases: list[dict[str, Any]], title: str) -> None:
    table(
        [Column(h, whole=True) for h in ("编号", "收到时间", "状态", "关系")],
        [
            (
                r["number"],
                short_time(r["received_at"]),
                Status(r["status"]).label,
                "此前" if r["relation"] == "earlier" else "此后",
            )
            for r in cases
        ],
        title=title,
    )


def suspicion_hint(number: str, suspected: list[dict[str, Any]]) -> str:
    """How the clerk confirms a 疑似重复: a case links to the earlier ones."""
    earlier = [r["number"] for r in suspected if r["relation"] == "earlier"]
    later = [r["number"] for r in suspected if r["relation"] == "later"]
    how = f"tousu link {number} {' '.join(earlier)}" if earlier else ""
    if later:
        how += ("," if how else "") + f"tousu link {later[0]} {number}"
    return f"核实为同一投诉人的,请确认:{how}(同名不同人的无需处理)"


def present_stage(number: str, done: str, document: dict[str, Any], fmt: Format) -> None:
    """Where a stage leaves the case: its status, its running clock, a 督办 hint."""
    if fmt is Format.JSON:
        emit_json(document)
        return
    if document["voided_at"]:  # its clocks no longer count: nothing is due
        echo(f"{number} 已作废:记录保留,不再出现在列表、查找、报表和统计中")
        return
    echo(f"{number} {done},当前状态:{document['status_label']}")
    for clock in document["clocks"]:
        if clock["stopped_on"] is None:
            due, left = clock_text(clock, long=True)
            echo(f"{due},{left}")
    if document["needs_supervising"]:  # until assigned as 督办, or the case is done
        note(
            f"提示:{number} 为同一投诉人对同一单位的"
            f"第 {document['repeat_rank']} 次投诉,应督办(assign --mode supervise)。"
        )


SEARCH_COLUMNS = (
    Column("编号", whole=True),
    Column("收到时间", whole=True, drop=3),
    Column("状态", whole=True),
    Column("被投诉单位", drop=2, least=10),
    Column("投诉人", whole=True, drop=4),
    Column("命中", whole=True, drop=1),
    Column("内容", least=24),  # the words found, readable
)


def present_search(found: list[dict[str, Any]], fmt: Format) -> None:
    """`search`: the best finds first, each with where it matched and the words around."""
    if fmt is Format.JSON:
        emit_json(found)
        return
    if not found:
        echo("没有找到符合的投诉件。")
        return
    rows = []
    for item in found:
        person = item["complainant"]
        who = "匿名" if person["anonymous"] else person["name"]
        if person["phone"]:
            who += f" {person['phone']}"
        rows.append(
            (
                item["number"],
                short_time(item["received_at"]),
                item["status_label"],
                item["unit"],
                who,
                item["match_label"],
                item["snippet"],
            )
        )
    table(SEARCH_COLUMNS, rows)
