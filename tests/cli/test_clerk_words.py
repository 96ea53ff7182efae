"""What the clerk reads after each step: what was done, what was gathered, what stands."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.cli.test_cases_cli import REGISTER
from tests.cli.test_terminal_width import on_terminal
from tests.conftest import Invoke
from tousu_cli.cli import output

OPEN = {"已登记", "已受理", "已分办", "调查中", "已处置", "已答复", "已回访", "不予受理"}


def to_investigation(tousu: Invoke) -> None:
    assert tousu(*REGISTER).exit_code == 0
    for argv in (
        ("accept", "2026-0001", "--at", "2026-11-02 10:00"),
        ("assign", "2026-0001", "--mode", "自办", "--unit", "督查室", "--at", "2026-11-02 11:00"),
    ):
        assert tousu(*argv).exit_code == 0


def test_evidence_gathered_in_an_investigation_is_shown(tousu: Invoke) -> None:
    to_investigation(tousu)
    result = tousu(
        "investigate", "2026-0001", "--note", "调取监控", "--at", "2026-11-03 09:00",
        "--evidence", "监控录像截图3张", "--evidence", "询问笔录2份",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    # one note does not end the investigation
    assert "已记录调查情况" in result.stdout and "调查完成" not in result.stdout
    shown = tousu("show", "2026-0001").stdout
    (facts,) = [line for line in shown.splitlines() if "证据材料:" in line and "调查取得" in line]
    assert "监控录像截图3张、询问笔录2份" in facts
    (record,) = [line for line in shown.splitlines() if "调取监控" in line]
    assert "证据材料:监控录像截图3张、询问笔录2份" in record
    document = tousu("show", "2026-0001", "--json").json()
    assert document["evidence_gathered"] == ["监控录像截图3张", "询问笔录2份"]


def test_a_second_suspend_says_the_clock_is_already_stopped(tousu: Invoke) -> None:
    to_investigation(tousu)
    assert tousu("suspend", "2026-0001", "--reason", "等材料").exit_code == 0
    again = tousu("suspend", "2026-0001", "--reason", "等材料")
    assert again.exit_code == 1
    assert "已中止计时" in again.stderr and "已分办" not in again.stderr
    assert tousu("resume", "2026-0001").exit_code == 0
    twice = tousu("resume", "2026-0001")
    assert twice.exit_code == 1 and "没有中止" in twice.stderr


@pytest.fixture
def demo(tousu: Invoke, db_path: Path) -> Path:
    assert tousu("demo", "--db", str(db_path), "--cases", "160", "--seed", "7").exit_code == 0
    return db_path


def test_a_past_days_overdue_report_gives_the_status_of_that_day(tousu: Invoke, demo: Path) -> None:
    today = {c["number"]: c["status_label"] for c in tousu("list", "--json").json()}
    items = []
    for back in range(3, 90, 4):
        day = (date.today() - timedelta(days=back)).isoformat()
        then = tousu("report", "overdue", "--as-of", day, "--json").json()
        items += then["overdue"] + then["due_soon"]
    assert items
    assert {item["status_label"] for item in items} <= OPEN  # a clock ran: not closed yet
    assert any(today[item["number"]] != item["status_label"] for item in items)


@pytest.mark.parametrize("width", [80, 120])
def test_the_overdue_report_has_a_heading_per_unit_and_one_set_of_widths(
    tousu: Invoke, demo: Path, monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    report = tousu("report", "overdue", "--json").json()
    lines = on_terminal(tousu, monkeypatch, width, "report", "overdue")
    for kind in ("overdue", "due_soon"):
        units: dict[str, int] = {}
        for item in report[kind]:
            units[item["unit"]] = units.get(item["unit"], 0) + 1
        for unit, count in units.items():
            assert f"{unit}({count} 件)" in lines, unit
    rules = [line for line in lines if re.fullmatch(r"─+", line.strip())]
    assert len(rules) == 2 and len(set(rules)) == 1  # 已超期 and 即将到期 alike
    headers = [line for line in lines if line.startswith("编号")]
    assert len(headers) == 2 and len(set(headers)) == 1


def test_list_on_a_terminal_puts_the_most_urgent_open_cases_first(
    tousu: Invoke, demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cases = tousu("list", "--json").json()  # a script gets every case, newest first
    closed = [c for c in cases if c["status"] in {"archived", "withdrawn"}]
    assert closed and len(closed) < len(cases)
    lines = on_terminal(tousu, monkeypatch, 120, "list")
    numbers = [line.split()[0] for line in lines if re.match(r"\d{4}-\d{4} ", line)]
    assert not {c["number"] for c in closed} & set(numbers)
    open_cases = {c["number"]: c for c in cases if c not in closed}
    assert set(numbers) == set(open_cases)
    clocks = [open_cases[n]["clock"] for n in numbers]
    late = [c["overdue_days"] for c in clocks if c and c["state"] == "overdue"]
    assert late and late == sorted(late, reverse=True)
    first_running = next(i for i, c in enumerate(clocks) if c and c["state"] == "running")
    assert all(c and c["state"] == "overdue" for c in clocks[:first_running])
    every = on_terminal(tousu, monkeypatch, 120, "list", "--all")
    assert len([line for line in every if re.match(r"\d{4}-\d{4} ", line)]) == len(cases)


def test_list_says_what_it_leaves_out_and_pages_what_is_long(
    tousu: Invoke, demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rich.console import Console

    paged: list[bool] = []

    class Pager:
        def __enter__(self) -> None:
            paged.append(True)

        def __exit__(self, *exc: object) -> None:
            return None

    monkeypatch.setattr(Console, "pager", lambda self, **kw: Pager())
    monkeypatch.setattr(output, "is_terminal", lambda: True)
    monkeypatch.setattr(output, "can_page", lambda: True)
    monkeypatch.setenv("LINES", "8")
    result = tousu("list")
    assert paged == [True]
    (said,) = [line for line in result.stderr.splitlines() if "未列出" in line]
    assert "已办结" in said and "--all" in said
    paged.clear()
    assert tousu("list", "--limit", "3").exit_code == 0 and paged == []  # fits: no pager
