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


def stored_events(db: Path, where: str, *args: Any) -> list[dict[str, Any]]:
    """The data of the events WHERE selects (alias e, cases as c), unsealed, as
    the ledger reads them."""
    import sqlite3

    from tousu_cli.domain.sealing import unseal

    with sqlite3.connect(db) as connection:
        rows = connection.execute(
            "SELECT e.data, e.personal FROM events e LEFT JOIN cases c ON c.id = e.case_id"
            f" WHERE {where} ORDER BY e.id",
            args,
        ).fetchall()
    return [json.loads(unseal(data, personal)) for data, personal in rows]


def fixed_salts(monkeypatch: pytest.MonkeyPatch) -> None:
    """The seals' salts, the one random thing a ledger holds, counted from zero
    again: two ledgers written alike come out byte for byte alike."""
    import itertools

    from tousu_cli.domain import sealing

    salts = (n.to_bytes(16, "big") for n in itertools.count())
    monkeypatch.setattr(sealing, "new_salt", lambda: next(salts))
