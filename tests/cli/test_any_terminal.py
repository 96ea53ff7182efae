"""Output that survives any terminal: a console that is not UTF-8, Windows line
ends, and terminals that draw ambiguous-width characters wide."""

from __future__ import annotations

import io
import json
import os
import sqlite3
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from tests.cli.test_cases_cli import REGISTER
from tests.cli.test_terminal_width import on_terminal
from tests.conftest import Invoke
from tousu_cli.cli import output

RARE = "王䶮𠮷😀"


def gbk_console(db: Path, *argv: str) -> subprocess.CompletedProcess[bytes]:
    """tousu ARGV with its output redirected on a Chinese Windows console (cp936)."""
    env = dict(os.environ, TOUSU_DB=str(db), PYTHONIOENCODING="gbk")
    return subprocess.run(
        [sys.executable, "-m", "tousu_cli", *argv], env=env, capture_output=True, check=False
    )


def test_a_saved_case_is_never_reported_as_failed_on_a_gbk_console(db_path: Path) -> None:
    rare = {"张三": RARE, "不动产登记窗口": "税务•窗口"}
    registered = gbk_console(db_path, *(rare.get(a, a) for a in REGISTER), "--json")
    assert registered.returncode == 0, registered.stderr.decode("gbk")
    assert "未做任何更改" not in registered.stderr.decode("gbk")
    document = json.loads(registered.stdout.decode("gbk"))  # \\u escapes: exact
    assert document["complainant"]["name"] == RARE and document["unit"] == "税务•窗口"

    shown = gbk_console(db_path, "show", "2026-0001", "--reveal")
    assert shown.returncode == 0, shown.stderr.decode("gbk")
    text = shown.stdout.decode("gbk")
    assert "王???" in text and "13812345678" in text  # what GBK lacks is a "?"
    with sqlite3.connect(db_path) as conn:
        (name,) = conn.execute("SELECT complainant FROM cases").fetchone()
        (reveals,) = conn.execute("SELECT count(*) FROM events WHERE action = 'reveal'").fetchone()
    assert name == RARE and reveals == 1


def test_an_output_that_cannot_show_chinese_is_said_so_in_ascii(db_path: Path) -> None:
    gbk_console(db_path, *REGISTER)
    env = dict(os.environ, TOUSU_DB=str(db_path), PYTHONIOENCODING="ascii")
    listed = subprocess.run(
        [sys.executable, "-m", "tousu_cli", "list"], env=env, capture_output=True, check=False
    )
    assert listed.returncode == 0
    said = listed.stderr.decode("ascii")
    assert "cannot show Chinese" in said and "PYTHONIOENCODING=utf-8" in said
    # A console that shows Chinese (GBK) is not warned.
    assert b"cannot show" not in gbk_console(db_path, "list").stderr


def test_csv_rows_end_in_one_line_break_on_windows(monkeypatch: pytest.MonkeyPatch) -> None:
    raw = io.BytesIO()
    windows = io.TextIOWrapper(raw, encoding="utf-8", newline="\r\n")  # text mode there
    monkeypatch.setattr(sys, "stdout", windows)
    output.emit_csv(["编号", "内容"], [["2026-0001", "态度"], ["2026-0002", "第一行\n第二行"]])
    windows.flush()
    data = raw.getvalue()
    assert b"\r\r\n" not in data
    assert data.count(b"\r\n") == 4  # three rows, and the line break inside a cell


def test_stats_csv_goes_through_the_one_csv_writer(
    tousu: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    written: list[list[str]] = []
    monkeypatch.setattr(output, "emit_csv", lambda headers, rows: written.append(headers))
    from tousu_cli.cli.present import stats

    monkeypatch.setattr(stats, "emit_csv", output.emit_csv)
    assert tousu(*REGISTER).exit_code == 0
    assert tousu("report", "stats", "--month", "2026-11", "--csv").exit_code == 0
    assert written and written[0][:2] == ["维度", "项目"]


@pytest.mark.parametrize(
    "argv",
    [
        ("list",),
        ("report", "overdue"),
        ("report", "stats", "--year", "2026"),
        ("show", "2026-0001"),
        ("search", "态度"),
    ],
)
def test_ascii_tables_hold_no_ambiguous_width_character(
    tousu: Invoke, db_path: Path, monkeypatch: pytest.MonkeyPatch, argv: tuple[str, ...]
) -> None:
    assert tousu("demo", "--db", str(db_path), "--cases", "60", "--seed", "7").exit_code == 0
    monkeypatch.setenv("TOUSU_TABLE", "ascii")
    text = "\n".join(on_terminal(tousu, monkeypatch, 100, *argv))
    ambiguous = {c for c in text if unicodedata.east_asian_width(c) == "A"}
    assert not ambiguous, ambiguous
    monkeypatch.delenv("TOUSU_TABLE")
    drawn = "\n".join(on_terminal(tousu, monkeypatch, 100, *argv))
    assert "─" in drawn  # without it, the rules are drawn as before
