"""The shell completes commands, fixed choices, and the ledger's own values."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import Invoke
from tousu_cli.cli import complete


def completed(db: Path, words: str) -> list[str]:
    """What bash's completion of WORDS (the last one being typed) offers."""
    env = {**os.environ, "TOUSU_DB": str(db), "_TOUSU_COMPLETE": "complete_bash",
           "COMP_WORDS": words, "COMP_CWORD": str(len(words.split(" ")) - 1)}  # fmt: skip
    result = subprocess.run(
        [sys.executable, "-m", "tousu_cli"], env=env, capture_output=True, text=True, check=True
    )
    return result.stdout.split()


def test_fixed_choices_complete_by_key_or_label() -> None:
    assert [key for key, _ in complete.channels("le")] == ["letter", "leader"]
    assert [key for key, _ in complete.findings("部分")] == ["partly"]


def test_the_shell_completes_commands_open_cases_and_units(tousu: Invoke, db_path: Path) -> None:
    case = ["--channel", "phone", "--category", "服务态度", "--content", "x", "--anonymous"]
    for unit, received in (("税务窗口", "2026-11-02 09:00"), ("社保窗口", "2026-11-03 09:00")):
        assert tousu("register", *case, "--unit", unit, "--received", received).exit_code == 0
    assert tousu("withdraw", "2026-0001", "--reason", "撤回").exit_code == 0
    assert completed(db_path, "tousu regi") == ["register"]
    assert completed(db_path, "tousu accept ") == ["2026-0002"]  # not the withdrawn one
    assert completed(db_path, "tousu list --unit 税") == ["税务窗口"]
    assert completed(db_path / "none.db", "tousu accept ") == []


def test_completion_is_offered_in_chinese(tousu: Invoke) -> None:
    shown = tousu("--help").stdout
    assert "为当前 shell 安装命令补全" in shown
