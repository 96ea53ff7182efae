"""The README's promises: its commands exist, and CI runs its test command."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from tests.conftest import Invoke

ROOT = Path(__file__).parents[1]
README = (ROOT / "README.md").read_text("utf-8")


def _quick_start_commands() -> list[str]:
    section = README.split("## 快速开始", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^(python3 -m venv .*)$", section, re.MULTILINE)


def test_the_quick_start_has_the_two_set_up_commands() -> None:
    main_job, tests = _quick_start_commands()
    assert ".venv/bin/tousu" in main_job
    assert "pytest" in tests


def test_ci_runs_the_readmes_test_command_word_for_word() -> None:
    _, tests = _quick_start_commands()
    assert tests in (ROOT / ".ci" / "run").read_text("utf-8")


def test_every_command_in_the_readme_exists_and_has_help(tousu: Invoke) -> None:
    shown = set(re.findall(r"`tousu ([a-z][a-z ]*?)(?: [0-9A-Z\-`]|`)", README))
    assert {"init", "calendar due", "calendar check"} <= shown
    for words in shown:
        result = tousu(*shlex.split(words), "--help")
        assert result.exit_code == 0, words
        assert "用法" in result.stdout, words
