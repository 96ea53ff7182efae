"""Registering, moving, showing and listing cases through the command line."""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import Invoke

REGISTER = [
    "register", "--received", "2026-11-02 09:30", "--channel", "来电",
    "--complainant", "张三", "--phone", "13812345678", "--unit", "不动产登记窗口",
    "--category", "服务态度", "--content", "工作人员态度生硬",
]  # fmt: skip


def test_register_prints_the_case_as_json(tousu: Invoke) -> None:
    result = tousu(*REGISTER, "--json")
    assert result.exit_code == 0, result.stderr
    document = result.json()
    assert isinstance(document, dict)
    assert (document["number"], document["status"]) == ("2026-0001", "registered")
    assert document["received_at"] == "2026-11-02T09:30:00+08:00"
    assert document["complainant"] == {
        "name": "张三", "phone": "138****5678", "id_number": None, "anonymous": False,
    }  # fmt: skip
    assert document["clocks"][0]["due"] == "2026-11-03"
    assert tousu(*REGISTER, "--json").json()["number"] == "2026-0002"


def test_a_naive_time_is_china_time_whatever_the_machines_zone(db_path: Path) -> None:
    env = dict(os.environ, TZ="America/New_York")
    args = [a if a != "2026-11-02 09:30" else "2026-11-20 09:00" for a in REGISTER]
    result = subprocess.run(
        [sys.executable, "-m", "tousu_cli", *args, "--json"],
        capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["received_at"] == "2026-11-20T09:00:00+08:00"
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT received_at FROM cases").fetchone() == (
            "2026-11-20T09:00:00+08:00",
        )


def test_a_time_with_a_zone_is_converted_to_china_time(tousu: Invoke) -> None:
    args = [a if a != "2026-11-02 09:30" else "2026-11-01T17:30:00Z" for a in REGISTER]
    document = tousu(*args, "--json").json()
    assert document["received_at"] == "2026-11-02T01:30:00+08:00"


@pytest.mark.parametrize(
    ("change", "message", "code"),
    [
        ({"--phone": "138abc45678"}, "联系电话格式不对", 1),
        ({"--category": "不存在的类别"}, "投诉类别无效", 1),
        ({"--channel": "飞鸽"}, "来源渠道「飞鸽」无效", 2),  # cannot be read: a usage error
        ({"--content": "   "}, "须填写投诉内容", 1),
        ({"--received": "2026-02-30 09:00"}, "不存在", 2),
        ({"--received": "2099-01-01 09:00"}, "晚于当前时间", 1),
        ({"--id-number": "110105194912310021"}, "校验位", 1),
    ],
)
def test_bad_registrations_are_refused_and_write_nothing(
    tousu: Invoke, db_path: Path, change: dict[str, str], message: str, code: int
) -> None:
    args = list(REGISTER)
    for option, value in change.items():
        if option in args:
            args[args.index(option) + 1] = value
        else:
            args += [option, value]
    result = tousu(*args)
    assert result.exit_code == code
    assert result.stderr.count("\n") == 1 and message in result.stderr
    if db_path.exists():
        with sqlite3.connect(db_path) as conn:
            assert conn.execute("SELECT count(*) FROM cases").fetchone() == (0,)
            assert conn.execute("SELECT count(*) FROM events").fetchone() == (0,)


def test_name_or_anonymous_but_not_both(tousu: Invoke) -> None:
    result = tousu(*REGISTER, "--anonymous")
    assert result.exit_code == 1
    assert "二选一" in result.stderr


def decided(tousu: Invoke) -> None:
    """Case 2026-0001, registered on 11-02, taken to its decision by 11-04."""
    for args in (
        ["accept", "2026-0001", "--at", "2026-11-02 10:00"],
        ["assign", "2026-0001", "--mode", "自办", "--unit", "督查室", "--at", "2026-11-02 11:00"],
        ["investigate", "2026-0001", "--note", "核实", "--at", "2026-11-03 10:00"],
        ["decide", "2026-0001", "--finding", "不属实", "--result", "解释", "--at", "2026-11-04"],
    ):
        assert tousu(*args).exit_code == 0, args


def test_a_written_complaint_is_answered_in_writing_unless_forced(tousu: Invoke) -> None:
    tousu(*REGISTER, "--form", "书面")
    decided(tousu)
    refused = tousu("notify", "2026-0001", "--method", "phone", "--at", "2026-11-05 10:00")
    assert refused.exit_code == 1 and "书面答复" in refused.stderr
    forced = tousu(
        "notify", "2026-0001", "--method", "phone", "--force", "投诉人要求电话告知",
        "--at", "2026-11-05 10:00", "--json",
    )  # fmt: skip
    assert forced.exit_code == 0
    last = forced.json()["events"][-1]
    assert last["data"]["forced"] == "投诉人要求电话告知"


@pytest.mark.parametrize("method", ["email", "电子邮件", "online", "网上答复"])
def test_an_email_or_a_reply_on_the_platform_is_a_written_reply(tousu: Invoke, method: str) -> None:
    """A web complaint is written: its answer by e-mail or on the platform needs no --force."""
    args = [a if a != "来电" else "网上" for a in REGISTER]
    assert tousu(*args).exit_code == 0
    decided(tousu)
    answered = tousu("notify", "2026-0001", "--method", method, "--at", "2026-11-05 10:00")
    assert answered.exit_code == 0, answered.stderr


def test_an_at_before_the_previous_event_is_refused(tousu: Invoke) -> None:
    tousu(*REGISTER)
    result = tousu("accept", "2026-0001", "--at", "2026-11-01 09:00")
    assert result.exit_code == 1 and "早于本案上一事件" in result.stderr


def test_show_in_words(tousu: Invoke) -> None:
    tousu(*REGISTER)
    tousu("accept", "2026-0001", "--at", "2026-11-02 10:00")
    text = tousu("show", "2026-0001").stdout
    for expected in ("投诉件 2026-0001", "已受理", "138****5678", "答复", "2026-11-09", "处置记录"):
        assert expected in text
    assert "13812345678" not in text


def test_list_filters_and_formats(tousu: Invoke) -> None:
    tousu(*REGISTER)
    other = [a if a != "不动产登记窗口" else "社保医保窗口" for a in REGISTER]
    tousu(*other)
    tousu("accept", "2026-0002", "--at", "2026-11-02 10:00")
    rows = tousu("list", "--json").json()
    assert [r["number"] for r in rows] == ["2026-0002", "2026-0001"]
    only = tousu("list", "--status", "已受理", "--json").json()
    assert [r["number"] for r in only] == ["2026-0002"]
    unit = tousu("list", "--unit", "不动产登记窗口", "--json").json()
    assert [r["number"] for r in unit] == ["2026-0001"]
    # Both clocks are past due by now (the accept clock ended 11-03, reply 11-09).
    overdue = tousu("list", "--overdue", "--json").json()
    assert {r["number"] for r in overdue} == {"2026-0001", "2026-0002"}
    assert tousu("list", "--limit", "1", "--json").json()[0]["number"] == "2026-0002"
    table = list(csv.reader(io.StringIO(tousu("list", "--csv").stdout)))
    assert table[0][:2] == ["编号", "状态"]
    assert table[1][0] == "2026-0002" and "138****5678" in table[1]
    assert tousu("list", "--from", "2026-12-01", "--json").json() == []


def test_reading_a_missing_database_says_so(tousu: Invoke, db_path: Path) -> None:
    result = tousu("list")
    assert result.exit_code == 1 and "不存在" in result.stderr
    assert not db_path.exists()


def test_policy_show_and_set(tousu: Invoke) -> None:
    assert tousu("policy", "show", "--json").json() == {
        "version": None,
        "settings": {
            "accept_days": 1, "reply_days": 5, "reject_notice_days": 1, "revisit_days": 5,
            "review_days": 10, "max_extensions": 1, "max_extension_days": 10,
            "repeat_window_days": 90, "repeat_escalation_count": 3, "retention_days": 1095,
        },
    }  # fmt: skip
    refused = tousu("policy", "set", "reply_days", "7")  # no ledger yet: nothing made
    assert refused.exit_code == 1 and "tousu init" in refused.stderr
    assert tousu("init").exit_code == 0
    assert tousu("policy", "set", "reply_days", "7").exit_code == 0
    assert tousu("policy", "show", "--json").json()["settings"]["reply_days"] == 7
    bad = tousu("policy", "set", "reply_days", "0")
    assert bad.exit_code == 1 and "1 到 60" in bad.stderr
    assert tousu("policy", "set", "nonsense", "3").exit_code == 2  # a fixed key: usage error
    # Personal data outlives the repeat window: an erased case is never one a new case repeats.
    short = tousu("policy", "set", "retention_days", "200")
    assert short.exit_code == 0, short.stderr
    longer_window = tousu("policy", "set", "repeat_window_days", "365")
    assert longer_window.exit_code == 1 and "须长于重复投诉认定期" in longer_window.stderr


def test_categories_are_data(tousu: Invoke) -> None:
    assert tousu("init").exit_code == 0
    assert tousu("category", "add", "收费不透明").exit_code == 0
    names = [c["name"] for c in tousu("category", "list", "--json").json()]
    assert names[0] == "服务态度" and names[-1] == "收费不透明"
    args = [a if a != "服务态度" else "收费不透明" for a in REGISTER]
    assert tousu(*args).exit_code == 0


def test_the_demo_has_every_state_and_is_reproducible(tmp_path: Path, tousu: Invoke) -> None:
    first = tousu("demo", "--db", str(tmp_path / "a.db"), "--cases", "120", "--json").json()
    assert isinstance(first, dict)
    assert first["cases"] == 120
    assert set(first["by_status"]) == {
        "registered", "accepted", "rejected", "assigned", "investigating", "decided",
        "notified", "revisited", "archived", "withdrawn",
    }  # fmt: skip
    again = tousu("demo", "--db", str(tmp_path / "a.db"), "--cases", "120", "--json").json()
    assert again["by_status"] == first["by_status"]


def test_the_demo_never_overwrites_a_real_ledger(tousu: Invoke, db_path: Path) -> None:
    tousu(*REGISTER)
    result = tousu("demo", "--db", str(db_path))
    assert result.exit_code == 1 and "不会覆盖" in result.stderr
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT count(*) FROM cases").fetchone() == (1,)


def test_the_timeline_tells_a_provisional_date_and_its_settling(tousu: Invoke) -> None:
    tousu("init")
    tousu("policy", "set", "reply_days", "30", "--from", "2026-11-01")
    tousu(*REGISTER)
    tousu("accept", "2026-0001", "--at", "2026-11-03 10:00")
    assert "2026-12-15届满" in tousu("show", "2026-0001").stdout  # inside 2026: not provisional
    tousu("policy", "set", "reply_days", "40", "--from", "2026-11-20")
    other = [a if a != "13812345678" else "13900000000" for a in REGISTER]
    tousu(*other)
    tousu("accept", "2026-0002", "--at", "2026-11-20 10:00")
    assert "(暂定)届满" in tousu("show", "2026-0002").stdout
    tousu("calendar", "confirm", "2027")
    assert "期限由暂定转为确定" in tousu("show", "2026-0002").stdout


def test_the_supervision_hint_stops_once_supervised(tousu: Invoke) -> None:
    """The third complaint of one person about one unit is flagged for 督办: the
    hint is shown until it is assigned as such, and never on a finished case."""
    for day in ("2026-10-12", "2026-10-19", "2026-10-26", "2026-10-27"):
        received = [a if a != "2026-11-02 09:30" else f"{day} 09:30" for a in REGISTER]
        assert tousu(*received).exit_code == 0
    assert "应督办" in tousu("accept", "2026-0003", "--at", "2026-10-26 10:00").stderr
    supervised = ("--mode", "督办", "--unit", "督查室", "--at", "2026-10-26 11:00")
    assert "应督办" not in tousu("assign", "2026-0003", *supervised).stderr
    investigated = ("--note", "核实", "--at", "2026-10-26 12:00")
    assert "应督办" not in tousu("investigate", "2026-0003", *investigated).stderr
    withdrawn = ("--reason", "投诉人撤回", "--at", "2026-10-27 10:00")
    assert "应督办" not in tousu("withdraw", "2026-0004", *withdrawn).stderr
    shown = tousu("show", "2026-0004", "--json").json()
    assert shown["escalated"] is True and shown["needs_supervising"] is False
