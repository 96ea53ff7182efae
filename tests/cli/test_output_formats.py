"""Every command gives a script one JSON document with --json; every table gives CSV."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from typer.main import get_command

from tests.conftest import Invoke
from tousu_cli.cli.app import app


def commands(group: Any = None, path: tuple[str, ...] = ()) -> Iterator[tuple[str, set[str]]]:
    """Each command's words and its options."""
    group = get_command(app) if group is None else group
    for name, command in group.commands.items():
        if hasattr(command, "commands"):
            yield from commands(command, (*path, name))
        else:
            yield " ".join((*path, name)), {o for p in command.params for o in p.opts}


def scenario(tmp: Path) -> list[list[str]]:
    """Every command, in an order that each can run in, on one ledger."""
    case = ["--received", "2026-11-02 09:00", "--channel", "phone", "--unit", "税务窗口",
            "--category", "服务态度"]  # fmt: skip
    return [
        ["init"],
        [
            "register",
            *case,
            "--content",
            "态度差",
            "--complainant",
            "张三",
            "--phone",
            "13812345678",
        ],
        ["register", *case, "--anonymous", "--content", "另一件"],
        ["register", *case, "--complainant", "李四", "--content", "第三件"],
        ["accept", "2026-0001", "--at", "2026-11-02 10:00"],
        ["assign", "2026-0001", "--mode", "self", "--unit", "税务窗口", "--at", "2026-11-02 11:00"],
        ["investigate", "2026-0001", "--note", "调取录像", "--at", "2026-11-03 09:00"],
        [
            "extend",
            "2026-0001",
            "--days",
            "2",
            "--reason",
            "核实",
            "--approved-by",
            "王主任",
            "--at",
            "2026-11-03 10:00",
        ],
        ["suspend", "2026-0001", "--reason", "等材料", "--at", "2026-11-03 11:00"],
        ["resume", "2026-0001", "--at", "2026-11-04 09:00"],
        [
            "decide",
            "2026-0001",
            "--finding",
            "属实",
            "--result",
            "已处理",
            "--at",
            "2026-11-05 09:00",
        ],
        ["notify", "2026-0001", "--method", "phone", "--at", "2026-11-05 10:00"],
        ["revisit", "2026-0001", "--satisfaction", "不满意", "--at", "2026-11-06 09:00"],
        ["review", "2026-0001", "--reason", "不认可", "--at", "2026-11-06 10:00"],
        [
            "decide",
            "2026-0001",
            "--finding",
            "属实",
            "--result",
            "维持",
            "--at",
            "2026-11-09 09:00",
        ],
        ["notify", "2026-0001", "--method", "phone", "--at", "2026-11-09 10:00"],
        ["revisit", "2026-0001", "--satisfaction", "满意", "--at", "2026-11-10 09:00"],
        ["archive", "2026-0001", "--at", "2026-11-10 10:00"],
        ["reject", "2026-0002", "--reason", "不属于受理范围", "--at", "2026-11-02 10:00"],
        ["withdraw", "2026-0003", "--reason", "撤回", "--at", "2026-11-02 10:00"],
        ["amend", "2026-0003", "--staff", "李四", "--reason", "补记工作人员"],
        ["register", *case, "--complainant", "王五", "--content", "测试数据"],
        ["void", "2026-0004", "--reason", "测试数据"],
        ["register", *case, "--complainant", "李四", "--content", "又一件"],
        ["link", "2026-0005", "2026-0003", "--reason", "电话核实为同一人"],
        ["unlink", "2026-0005", "2026-0003", "--reason", "核实有误"],
        ["show", "2026-0001"],
        ["list"],
        ["search", "态度"],
        ["report", "overdue", "--as-of", "2026-11-04"],
        ["report", "stats", "--month", "2026-11"],
        ["report", "erasure"],
        ["export", str(tmp / "台账.csv"), "--reveal"],
        ["import", str(tmp / "台账.csv")],
        ["calendar", "due", "2026-09-30", "5"],
        ["calendar", "check", "2026-10-10"],
        ["calendar", "set", "2026-11-20", "holiday", "--name", "检修"],
        ["calendar", "unset", "2026-11-20"],
        ["calendar", "notice", str(NOTICE_2026), "--dry-run"],
        ["calendar", "confirm", "2027"],
        ["calendar", "list"],
        ["policy", "show"],
        ["policy", "set", "reply_days", "6"],
        ["category", "list"],
        ["category", "add", "窗口环境"],
        ["erase", "2026-0003", "--early", "--reason", "投诉人申请删除"],
        ["verify"],
        ["backup", str(tmp)],
        ["demo", "--db", str(tmp / "demo.db"), "--cases", "20"],
    ]


NOTICE_2026 = Path(__file__).parents[1] / "data" / "notices" / "2026.txt"


def test_every_command_prints_one_json_document(tousu: Invoke, tmp_path: Path) -> None:
    every = dict(commands())
    ran = set()
    for argv in scenario(tmp_path):
        result = tousu(*argv, "--json")
        assert result.exit_code == 0, (argv, result.stderr)
        json.loads(result.stdout)  # one document, nothing before or after it
        ran.add(argv[0] if argv[0] in every else " ".join(argv[:2]))
    assert {name for name, options in every.items() if "--json" in options} == set(every)
    assert ran == set(every)


def test_every_table_comes_as_csv_with_its_header_row(tousu: Invoke, tmp_path: Path) -> None:
    for argv in scenario(tmp_path)[:20]:
        assert tousu(*argv).exit_code == 0
    tried = {
        "list": ["list", "--csv"],
        "report overdue": ["report", "overdue", "--as-of", "2026-11-04", "--csv"],
        "report stats": ["report", "stats", "--month", "2026-11", "--csv"],
        "report erasure": ["report", "erasure", "--csv"],
    }
    assert set(tried) == {name for name, options in commands() if "--csv" in options}
    for argv in tried.values():
        result = tousu(*argv)
        assert result.exit_code == 0, result.stderr
        header, *rows = list(csv.reader(io.StringIO(result.stdout)))
        assert header and all(header), (argv, header)
        assert all(len(row) == len(header) for row in rows if len(row) > 1), argv


def test_two_formats_at_once_are_a_usage_error(tousu: Invoke) -> None:
    result = tousu("list", "--json", "--csv")
    assert result.exit_code == 2
    assert "--json 与 --csv 只能选一个" in result.stderr


def test_policy_set_says_the_new_value_and_version(tousu: Invoke) -> None:
    assert tousu("init").exit_code == 0
    said = tousu("policy", "set", "reply_days", "7", "--from", "2026-11-01")
    assert said.exit_code == 0, said.stderr
    assert said.stdout.strip() == (
        "已设定 答复时限(工作日) = 7(第 1 版规则,自 2026-11-01 起开始计时的期限适用)"
    )
    shown = tousu("policy", "show").stdout
    assert "现行规则:第 1 版" in shown and "reply_days\t7" in shown
