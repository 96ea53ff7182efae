"""The installed program: entry points, the shipped schema, a quick start."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from tests.conftest import Invoke
from tousu_cli.storage.schema import base_version, schema_sql, schema_version
from tousu_cli.storage.schema_text import statements


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, env=env, check=False
    )


def test_python_dash_m_runs_the_cli() -> None:
    result = run("-m", "tousu_cli", "calendar", "due", "2026-09-30", "1", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["due"] == "2026-10-08"


def test_help_is_chinese_and_lists_the_commands(tousu: Invoke) -> None:
    result = tousu("--help")
    assert result.exit_code == 0
    for text in ("政务服务中心", "calendar", "init", "选项", "命令"):
        assert text in result.stdout
    sub = tousu("calendar", "--help").stdout
    for name in ("due", "check", "set", "unset", "list", "confirm"):
        assert name in sub


def test_starting_up_does_not_load_heavy_modules() -> None:
    probe = (
        "import sys, tousu_cli.cli.app\n"
        "heavy = ('rich', 'openpyxl', 'lunar_python', 'sqlite_utils')\n"
        "print(sorted(m for m in heavy if m in sys.modules))"
    )
    result = run("-c", probe)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_the_schema_is_found_and_versioned() -> None:
    sql = schema_sql()
    assert "CREATE TABLE events" in sql
    assert schema_version() >= 1
    conn = sqlite3.connect(":memory:")
    for statement in statements(sql):
        conn.execute(statement)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == base_version()
    assert base_version() <= schema_version()  # the migrations after it finish a new ledger


def test_init_creates_a_private_wal_database(tousu: Invoke, db_path: Path) -> None:
    result = tousu("init", "--json")
    assert result.exit_code == 0
    assert result.json() == {"db": str(db_path), "created": True, "version": schema_version()}
    assert db_path.stat().st_mode & 0o777 == 0o600
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert tousu("init", "--json").json()["created"] is False


def test_a_database_newer_than_the_program_is_refused(tousu: Invoke, db_path: Path) -> None:
    tousu("init")
    with sqlite3.connect(db_path) as conn:
        conn.execute(f"PRAGMA user_version = {schema_version() + 1}")
    result = tousu("calendar", "set", "2027-01-04", "holiday")
    assert result.exit_code == 1
    assert "请升级 tousu" in result.stderr


def test_the_default_database_lives_in_the_data_directory(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "TOUSU_DB"}
    env["XDG_DATA_HOME"] = str(tmp_path / "data")
    result = run("-m", "tousu_cli", "init", "--json", env=env)
    assert result.returncode == 0, result.stderr
    path = tmp_path / "data" / "tousu" / "tousu.db"
    assert json.loads(result.stdout)["db"] == str(path)
    assert path.parent.stat().st_mode & 0o777 == 0o700
