"""Tables fit the terminal: at 80, 100 and 120 columns every case number, status
and due date is shown whole, no line is wider than the terminal, nothing ends in "…"."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import Invoke
from tousu_cli.cli import output
from tousu_cli.cli.grid import Column, fit

WIDTHS = (80, 100, 120)


@pytest.fixture
def demo(tousu: Invoke, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    assert tousu("demo", "--db", str(db_path), "--cases", "120", "--seed", "7").exit_code == 0
    return db_path


def on_terminal(
    tousu: Invoke, monkeypatch: pytest.MonkeyPatch, width: int, *argv: str
) -> list[str]:
    """What ARGV shows on a terminal WIDTH columns wide."""
    monkeypatch.setattr(output, "is_terminal", lambda: True)
    monkeypatch.setenv("COLUMNS", str(width))
    monkeypatch.setenv("NO_COLOR", "1")
    result = tousu(*argv)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    from rich.cells import cell_len

    assert not any("\t" in line for line in lines)  # a table drawn, not lines for a script
    assert all(cell_len(line) <= width for line in lines), max(lines, key=cell_len)
    assert not any("…" in line for line in lines)
    return lines


@pytest.mark.parametrize("width", WIDTHS)
def test_list_shows_every_number_status_and_due_date_whole(
    tousu: Invoke, demo: Path, monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    cases = tousu("list", "--limit", "60", "--json").json()
    lines = on_terminal(tousu, monkeypatch, width, "list", "--limit", "60", "--all")
    for case in cases:
        (line,) = [line for line in lines if line.startswith(case["number"] + " ")]
        assert case["status_label"] in line
        if case["clock"] is not None:
            assert case["clock"]["due"] in line


@pytest.mark.parametrize("width", WIDTHS)
def test_search_shows_every_number_and_status_whole(
    tousu: Invoke, demo: Path, monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    found = tousu("search", "态度", "--limit", "20", "--json").json()
    assert found
    lines = on_terminal(tousu, monkeypatch, width, "search", "态度", "--limit", "20")
    for case in found:
        (line,) = [line for line in lines if line.startswith(case["number"] + " ")]
        assert case["status_label"] in line


@pytest.mark.parametrize("width", WIDTHS)
def test_the_overdue_report_shows_every_due_date_whole(
    tousu: Invoke, demo: Path, monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    report = tousu("report", "overdue", "--json").json()
    items = report["overdue"] + report["due_soon"]
    assert items
    text = "\n".join(on_terminal(tousu, monkeypatch, width, "report", "overdue"))
    for item in items:
        assert re.search(rf"^{item['number']}\s.*{item['due']}", text, re.M), item


@pytest.mark.parametrize("width", WIDTHS)
def test_show_keeps_every_date_of_the_history_whole(
    tousu: Invoke, demo: Path, monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    busiest = max(tousu("list", "--json").json(), key=lambda c: c["repeat_rank"])
    document = tousu("show", busiest["number"], "--json").json()
    text = "\n".join(on_terminal(tousu, monkeypatch, width, "show", busiest["number"]))
    for event in document["events"]:
        for day in re.findall(r"\d{4}-\d{2}-\d{2}", event["text"]):
            assert day in text, (event, width)
    for clock in document["clocks"]:
        assert clock["due"] in text


def test_a_narrow_terminal_drops_the_highest_ranked_columns_first() -> None:
    columns = [
        Column("编号", whole=True),
        Column("渠道", drop=2),
        Column("电话", whole=True, drop=3),
        Column("单位"),
        Column("空", drop=None),
    ]
    rows = [["2026-0001", "12345转办", "138****5678", "不动产登记窗口", ""]]
    assert fit(columns, rows, 200) == [0, 1, 2, 3]  # the empty column is not drawn
    assert fit(columns, rows, 36) == [0, 1, 3]  # 9 + 9 + 14 and two gaps: each on one line
    assert fit(columns, rows, 35) == [0, 3]  # 渠道 would fold: it leaves instead
    assert fit(columns, rows, 20) == [0, 3]
    assert fit(columns, rows, 5) == [0, 3]  # what never leaves stays, however narrow


def test_a_clock_past_due_with_no_working_day_gone_by_is_not_said_late_by_0() -> None:
    """Due on Friday 2026-12-04, seen on Sunday 2026-12-06: overdue, by less than a day."""
    from tousu_cli.cli.present.cases import clock_text, overdue_text

    assert overdue_text(0) == "已超期(未满 1 个工作日)"
    assert overdue_text(3) == "已超期 3 个工作日"
    clock = {"provisional": False, "state": "overdue", "overdue_days": 0, "label": "答复",
             "due": "2026-12-04"}  # fmt: skip
    assert clock_text(clock) == ("答复 2026-12-04", "超期未满1个工作日")
    assert clock_text(clock, long=True)[1] == "已超期(未满 1 个工作日)"
    running = clock | {"state": "running", "days_left": 5}
    assert clock_text(running) == ("答复 2026-12-04", "剩5个工作日")
    assert clock_text(running | {"days_left": 0}, long=True)[1] == "今天到期"


@pytest.mark.parametrize(
    "argv",
    [
        ("list", "--limit", "80"),
        ("report", "overdue"),
        ("show", "{busiest}"),
        ("show", "{extended}"),
    ],
)
def test_working_days_are_never_called_days(
    tousu: Invoke, demo: Path, monkeypatch: pytest.MonkeyPatch, argv: tuple[str, ...]
) -> None:
    """剩5天 read as five calendar days; the counts are in working days."""
    cases = tousu("list", "--json").json()
    extended = [c for c in cases for clock in tousu("show", c["number"], "--json").json()["clocks"]
                if clock["extended_days"] or clock["suspended_days"]]  # fmt: skip
    numbers = {
        "{busiest}": max(cases, key=lambda c: c["repeat_rank"])["number"],
        "{extended}": extended[0]["number"],
    }
    text = "\n".join(on_terminal(tousu, monkeypatch, 120, *(numbers.get(arg, arg) for arg in argv)))
    assert "工作日" in text
    assert not re.search(r"\d\s*天|超期 ?0 ", text), text


def test_a_long_line_of_prose_is_broken_between_words_not_cut_by_the_terminal(
    tousu: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = "窗口工作人员态度生硬,多次催办仍不答复,要求说明理由并公开道歉" * 2
    registered = tousu(
        "register", "--received", "2026-11-02 09:00", "--channel", "phone",
        "--unit", "税务窗口", "--category", "服务态度", "--anonymous", "--content", content,
    )  # fmt: skip
    assert registered.exit_code == 0, registered.stderr
    lines = on_terminal(tousu, monkeypatch, 60, "show", "2026-0001")  # none wider than 60
    start = next(i for i, line in enumerate(lines) if line.startswith("  投诉内容:"))
    said = lines[start : lines.index("", start)]
    assert len(said) > 1 and "".join(line.strip() for line in said) == f"投诉内容:{content}"
    # The rest hangs under the value; closing punctuation never starts a line (禁则).
    assert all(line.startswith(" " * 11) and line[11] != " " for line in said[1:])
    assert not any(line.strip()[:1] in ",、。)" for line in said)
