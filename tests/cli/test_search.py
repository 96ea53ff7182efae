"""tousu search finds a case by whatever is remembered of it; list takes part of a name."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Invoke

CASE = ["--channel", "phone", "--category", "服务态度"]


@pytest.fixture
def ledger(tousu: Invoke, db_path: Path) -> Path:
    registered = [
        ["--received", "2026-11-02 09:00", "--complainant", "张三丰", "--phone", "13812345678",
         "--unit", "税务窗口", "--window", "3号窗口", "--staff", "李晓明",
         "--external-id", "12345-20261102-0000123",
         "--content", "窗口工作人员态度生硬,拒绝解释政策"],
        ["--received", "2026-11-03 10:00", "--complainant", "王五", "--phone", "13987655678",
         "--unit", "不动产登记窗口", "--content", "排队时间过长,叫号系统故障"],
        ["--received", "2026-11-04 11:00", "--anonymous", "--unit", "不动产交易窗口",
         "--content", "办事指南与实际要求不一致"],
    ]  # fmt: skip
    for options in registered:
        result = tousu("register", *CASE, *options)
        assert result.exit_code == 0, result.stderr
    assert tousu("accept", "2026-0001", "--at", "2026-11-02 10:00").exit_code == 0
    assert tousu("assign", "2026-0001", "--mode", "self", "--unit", "税务窗口").exit_code == 0
    assert tousu("investigate", "2026-0001", "--note", "调取监控录像核实").exit_code == 0
    return db_path


def found(tousu: Invoke, *argv: str) -> list[dict[str, Any]]:
    result = tousu("search", *argv, "--json")
    assert result.exit_code == 0, result.stderr
    hits: list[dict[str, Any]] = result.json()
    return hits


def numbers(hits: list[dict[str, Any]]) -> list[str]:
    return [hit["number"] for hit in hits]


@pytest.mark.parametrize(
    ("query", "first", "field"),
    [
        ("2026-0002", "2026-0002", "number"),
        ("0002", "2026-0002", "number"),
        ("2", "2026-0002", "number"),
        ("12345-20261102-0000123", "2026-0001", "external_id"),
        ("0000123", "2026-0001", "external_id"),
        ("三丰", "2026-0001", "complainant"),
        ("李晓", "2026-0001", "staff"),
        ("3号窗口", "2026-0001", "window_name"),
        ("叫号系统", "2026-0002", "content"),
        ("排队", "2026-0002", "content"),
        ("监控", "2026-0001", "note"),
    ],
)
def test_a_case_is_found_by_what_is_remembered_of_it(
    tousu: Invoke, ledger: Path, query: str, first: str, field: str
) -> None:
    hits = found(tousu, query)
    assert hits[0]["number"] == first
    assert hits[0]["match"] == field


def test_words_are_found_inside_a_sentence_with_the_hit_marked(tousu: Invoke, ledger: Path) -> None:
    (two,) = found(tousu, "排队")
    assert "【排队】" in two["snippet"]
    (four,) = found(tousu, "叫号系统")
    assert "【叫号系统】" in four["snippet"]
    assert found(tousu, "没有的词语") == []


def test_a_phone_is_found_whole_or_by_its_tail_and_stays_masked(
    tousu: Invoke, ledger: Path, db_path: Path
) -> None:
    (whole,) = found(tousu, "13812345678")
    assert whole["number"] == "2026-0001" and whole["exact"]
    assert "13812345678" not in json.dumps(whole, ensure_ascii=False)
    assert set(numbers(found(tousu, "尾号5678"))) == {"2026-0001", "2026-0002"}
    assert set(numbers(found(tousu, "5678"))) >= {"2026-0001", "2026-0002"}
    shown = tousu("search", "13812345678").stdout
    assert "138****5678" in shown and "13812345678" not in shown
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT count(*) FROM events WHERE action = 'reveal'").fetchone() == (
            0,
        )


def test_reveal_shows_the_phone_and_is_recorded(tousu: Invoke, ledger: Path, db_path: Path) -> None:
    (hit,) = found(tousu, "三丰", "--reveal")
    assert hit["complainant"]["phone"] == "13812345678"
    with sqlite3.connect(db_path) as conn:
        (data,) = conn.execute("SELECT data FROM events WHERE action = 'reveal'").fetchone()
    assert json.loads(data) == {
        "command": "search", "rows": 1, "numbers": ["2026-0001"], "filter": {"text": "三丰"},
    }  # fmt: skip


def test_exact_finds_come_before_words(tousu: Invoke, ledger: Path) -> None:
    assert tousu(
        "register", *CASE, "--received", "2026-11-05 09:00", "--complainant", "赵六",
        "--unit", "税务窗口", "--content", "询问编号2026-0002的办理进度",
    ).exit_code == 0  # fmt: skip
    hits = found(tousu, "2026-0002")
    assert numbers(hits)[:2] == ["2026-0002", "2026-0004"]


def test_the_filters_narrow_what_is_found(tousu: Invoke, ledger: Path) -> None:
    assert numbers(found(tousu, "窗口", "--status", "调查中")) == ["2026-0001"]
    assert numbers(found(tousu, "窗口", "--from", "2026-11-03", "--to", "2026-11-03")) == [
        "2026-0002"
    ]
    assert len(found(tousu, "窗口", "--limit", "1")) == 1


def test_the_index_follows_every_change_an_import_included(
    tousu: Invoke, ledger: Path, tmp_path: Path
) -> None:
    orders = tmp_path / "工单.csv"
    orders.write_text(
        "工单编号,来电时间,受理渠道,来电人,联系电话,被投诉单位,问题分类,诉求内容\n"
        "GD-9,2026-11-06 10:00,12345转办,周九,13600004444,医保窗口,服务态度,报销窗口推诿扯皮\n",
        encoding="utf-8",
    )
    assert tousu("import", str(orders)).exit_code == 0
    (hit,) = found(tousu, "推诿扯皮")
    assert hit["external_id"] == "GD-9"
    assert (
        tousu("decide", "2026-0001", "--finding", "属实", "--result", "已约谈当事人").exit_code == 0
    )
    assert numbers(found(tousu, "约谈当事人")) == ["2026-0001"]


def test_an_empty_search_is_refused(tousu: Invoke, ledger: Path) -> None:
    result = tousu("search", "  ")
    assert result.exit_code == 1 and "请写明要查找的内容" in result.stderr


def test_list_takes_part_of_a_unit_when_it_names_only_one(tousu: Invoke, ledger: Path) -> None:
    listed = tousu("list", "--unit", "税务", "--json").json()
    assert [case["number"] for case in listed] == ["2026-0001"]
    several = tousu("list", "--unit", "不动产")
    assert several.exit_code == 1
    assert "不动产登记窗口" in several.stderr and "不动产交易窗口" in several.stderr
    by_channel = tousu("list", "--channel", "来", "--json")
    assert by_channel.exit_code == 2  # 来访, 来电, 来信: not one, and known without the ledger
    assert len(tousu("list", "--channel", "来电", "--json").json()) == 3
