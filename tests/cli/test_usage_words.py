"""What a mistake on the command line gets: one Chinese line that says what was
wrong, and an exit status that tells a script which kind of mistake it was.

2: the command line cannot be read (refused before the ledger is read);
1: the rules refuse what was asked of the ledger.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.cli.test_cases_cli import REGISTER
from tests.conftest import Invoke

# (argv, exit status, words the line must hold)
MISTAKES = [
    (["lsit"], 2, ["没有这个命令", "list"]),
    (["repot"], 2, ["没有这个命令", "report"]),
    (["--db", "x.db"], 2, ["缺少要执行的命令"]),
    (["show", "2026-0001", "--reveal=yes"], 2, ["不带取值"]),
    (["list", "--nope"], 2, ["没有这个选项"]),
    (["show"], 2, ["缺少 编号"]),
    (["list", "--limit", "x"], 2, ["整数"]),
    (["list", "--limit", "0"], 2, ["须在 1 到 100000000 之间"]),
    (["list", "--from", "2026-13-01"], 2, ["不存在", "2026-12-05"]),
    (["list", "--from", "12/05"], 2, ["格式不对", "2026-12-05"]),
    (["list", "--from", "2026-11-01", "--to", "2026-10-01"], 2, ["颠倒"]),
    (["list", "--status", "办理中"], 2, ["调查中", "已归档"]),
    (["list", "--status", "超期"], 2, ["--overdue"]),
    (["list", "--channel", "来"], 2, ["不明确"]),
    (["report", "stats"], 2, ["请指定统计期间"]),
    (["report", "stats", "--month", "2026-11", "--year", "2026"], 2, ["只能指定一个"]),
    (["report", "stats", "--month", "2026-13"], 2, ["不存在"]),
    (["calendar", "check", "2026-02-30"], 2, ["不存在"]),
    (["search", "态度", "--from", "2026-12-01", "--to", "2026-11-01"], 2, ["颠倒"]),
    (["policy", "set", "nope", "3"], 2, ["没有这项时限规则", "reply_days 答复时限"]),
    (["export", "out.txt"], 2, [".xlsx"]),
    (["policy", "set", "reply_days", "0"], 1, ["须在"]),
    (["show", "2026-9999"], 1, ["没有编号为"]),
    (["list", "--unit", "不动产窗口"], 1, ["没有名为", "不动产登记窗口"]),
    (["archive", "2026-0001"], 1, ["不能归档"]),
    (["accept", "2026-0001", "--at", "2099-01-01 09:00"], 1, ["晚于当前时间"]),
]


def command_names() -> set[str]:
    """Command names are English (the contract scripts rely on): they may be named."""
    import typer

    from tousu_cli.cli.app import app

    def names(group: Any) -> set[str]:
        found = set(getattr(group, "commands", {}))
        for command in getattr(group, "commands", {}).values():
            found |= names(command)
        return found

    return names(typer.main.get_command(app))


def english_left(line: str, argv: list[str]) -> list[str]:
    """The English words of LINE once the options, values and commands are taken out."""
    for typed in sorted(argv, key=len, reverse=True):
        line = line.replace(typed, "")
    # options, setting keys (reply_days) and file types (.xlsx) are identifiers
    line = re.sub(r"--[a-z-]+|tousu|\b[a-z]+(?:_[a-z]+)+\b|\.[a-z]+\b", "", line)
    return [word for word in re.findall(r"[A-Za-z]{3,}", line) if word not in command_names()]


@pytest.mark.parametrize(("argv", "code", "words"), MISTAKES)
def test_each_mistake_gets_one_chinese_line_and_its_exit_status(
    tousu: Invoke, argv: list[str], code: int, words: list[str]
) -> None:
    assert tousu(*REGISTER).exit_code == 0
    result = tousu(*argv)
    assert result.exit_code == code, result.stderr
    (line,) = result.stderr.splitlines()
    assert line.startswith("错误:") and line != "错误:"
    for word in words:
        assert word in line, line
    assert not english_left(line, argv), line
    assert "…" not in line


@pytest.mark.parametrize("argv", [[], ["report"], ["calendar"], ["policy"], ["category"]])
def test_a_group_without_its_command_shows_its_help_and_no_empty_error(
    tousu: Invoke, argv: list[str]
) -> None:
    result = tousu(*argv)
    assert result.exit_code == 2
    assert "错误" not in result.stderr
    assert "用法:" in result.stdout + result.stderr


@pytest.mark.parametrize(
    "argv", [["--help"], ["list", "--help"], ["report", "--help"], ["show", "--help"]]
)
def test_usage_lines_and_value_hints_are_chinese(tousu: Invoke, argv: list[str]) -> None:
    text = tousu(*argv).stdout
    assert "用法:" in text and "[选项]" in text
    for english in ("[OPTIONS]", "COMMAND", "[ARGS]", "<str>", "<int>", "CASE"):
        assert english not in text
    if argv[0] == "list":
        assert re.search(r"--from\s+2026-12-05", text)  # a date's hint is an example


def every_command() -> list[list[str]]:
    import typer

    from tousu_cli.cli.app import app

    def walk(group: Any, path: list[str]) -> list[list[str]]:
        found = [path]
        for name, command in getattr(group, "commands", {}).items():
            found += walk(command, [*path, name])
        return found

    return walk(typer.main.get_command(app), [])


CLOSING = "、,。;:?!)」』》"
OPENING = "(「『《"


@pytest.mark.parametrize("path", every_command(), ids=lambda p: " ".join(p) or "tousu")
def test_help_fits_80_columns_and_breaks_lines_as_chinese_does(
    tousu: Invoke, monkeypatch: pytest.MonkeyPatch, path: list[str]
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    text = tousu(*path, "--help").stdout
    from rich.cells import cell_len

    lines = text.splitlines()
    assert all(cell_len(line) <= 80 for line in lines)
    assert "…" not in text  # nothing cut short
    for line in lines:
        inside = line.strip().strip("│").strip()
        assert not (inside and inside[0] in CLOSING), line
        assert not (inside and inside[-1] in OPENING), line
    if path == ["register"]:
        for pair in ("visit 来访", "hotline 12345转办", "superior 上级转办", "written 书面"):
            assert any(pair in line.replace("\u00a0", " ") for line in lines), pair


@pytest.mark.parametrize(
    "argv",
    [
        ["show", "２０２６-０００１"],
        ["show", "2026-1"],
        ["show", "0001"],
        ["list", "--limit", "３"],
        ["list", "--from", "2026-11-1"],
        ["list", "--from", "2026.11.01"],
        ["list", "--from", "2026年11月1日"],
        ["list", "--status", "ａｒｃｈｉｖｅｄ"],
        ["calendar", "check", "２０２６-１２-０５"],
    ],
)
def test_what_is_slightly_off_is_read_as_meant(tousu: Invoke, argv: list[str]) -> None:
    """Full-width digits and letters, short case numbers, the dates a clerk writes."""
    assert tousu(*REGISTER).exit_code == 0
    result = tousu(*argv)
    assert result.exit_code == 0, result.stderr
