"""Every test runs against its own database file, with a fixed clerk and width."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tousu_cli.chinatime import CHINA_TZ
from tousu_cli.cli.app import app
from tousu_cli.storage.connection import open_db

Invoke = Callable[..., "Result"]


class Result:
    def __init__(self, exit_code: int, stdout: str, stderr: str) -> None:
        self.exit_code = exit_code
        self.stdout = stdout
        self.stderr = stderr

    def json(self) -> Any:
        return json.loads(self.stdout)


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    db = tmp_path / "tousu.db"
    monkeypatch.setenv("TOUSU_DB", str(db))
    monkeypatch.setenv("TOUSU_USER", "测试员")
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    return db


@pytest.fixture
def db_path(_isolated: Path) -> Path:
    return _isolated


@pytest.fixture
def tousu() -> Invoke:
    """Run `tousu ARGS…` in-process; returns exit code, stdout and stderr apart."""
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None) -> Result:
        outcome = runner.invoke(app, list(args), prog_name="tousu", input=input)
        return Result(outcome.exit_code, outcome.stdout, outcome.stderr)

    return invoke


def at(text: str) -> datetime:
    """A time written as the clerk writes it, in China time."""
    return datetime.fromisoformat(text).replace(tzinfo=CHINA_TZ)


@pytest.fixture
def conn(tmp_path: Path) -> Iterator[Any]:
    """A ledger of its own, opened as the services open it."""
    connection = open_db(tmp_path / "ledger.db")
    yield connection
    connection.close()
