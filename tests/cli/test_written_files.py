"""Files the tool writes for the clerk: never over a file without --overwrite,
never over the ledger, never half written, never a revealed one unrecorded."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from tests.cli.test_reports_cli import register
from tests.conftest import Invoke

ORDERS = Path(__file__).parents[1] / "data" / "import" / "orders-12345-gb18030.csv"


def case_count(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute("SELECT count(*) FROM cases").fetchone()[0])


@pytest.fixture
def ledger(tousu: Invoke, db_path: Path) -> Path:
    for day in ("2026-10-12 09:00", "2026-10-13 09:00"):
        register(tousu, day)
    return db_path


@pytest.mark.parametrize("suffix", ["", "-wal", "-shm"])
def test_no_written_file_replaces_the_ledger_whatever_the_flag(
    tousu: Invoke, ledger: Path, suffix: str
) -> None:
    """(An export's name ends .csv or .xlsx: a ledger so named is the next test.)"""
    target = ledger.with_name(ledger.name + suffix)
    before = ledger.read_bytes()
    for args in (
        ("import", str(ORDERS), "--skip-bad", "--reject-file", str(target), "--overwrite"),
        ("backup", str(target), "--overwrite"),
    ):
        result = tousu(*args)
        assert result.exit_code == 1, (args, result.stdout)
        assert "正在使用的数据库" in result.stderr and result.stderr.count("\n") == 1
        assert ledger.read_bytes() == before
    assert case_count(ledger) == 2


def test_a_ledger_named_like_an_export_is_not_replaced(tousu: Invoke, tmp_path: Path) -> None:
    db = tmp_path / "台账.xlsx"  # odd, but a clerk may name it so
    assert tousu("--db", str(db), "init").exit_code == 0
    before = db.read_bytes()
    result = tousu("--db", str(db), "export", str(db), "--overwrite")
    assert result.exit_code == 1 and "正在使用的数据库" in result.stderr
    report = tousu("--db", str(db), "report", "stats", "--year", "2026", "--xlsx", str(db),
                   "--overwrite")  # fmt: skip
    assert report.exit_code == 1 and "正在使用的数据库" in report.stderr
    assert db.read_bytes() == before


def test_an_existing_file_is_replaced_only_with_overwrite(
    tousu: Invoke, ledger: Path, tmp_path: Path
) -> None:
    kept = "上个月的台账"
    for args, name in (
        (("export",), "台账.csv"),
        (("export",), "台账.xlsx"),
        (("report", "stats", "--year", "2026", "--xlsx"), "统计.xlsx"),
        (("backup",), "备份.db"),
    ):
        file = tmp_path / name
        file.write_text(kept, "utf-8")
        refused = tousu(*args, str(file))
        assert (
            refused.exit_code == 1
            and "已存在" in refused.stderr
            and "--overwrite" in refused.stderr
        )
        assert file.read_text("utf-8") == kept
        replaced = tousu(*args, str(file), "--overwrite")
        assert replaced.exit_code == 0, replaced.stderr
        assert file.read_bytes() != kept.encode()
    assert not list(tmp_path.glob(".*.partial"))


def test_a_reject_file_is_not_written_over_an_existing_file(
    tousu: Invoke, tmp_path: Path, db_path: Path
) -> None:
    rejects = tmp_path / "退回.csv"
    rejects.write_text("别的文件", "utf-8")
    refused = tousu("import", str(ORDERS), "--skip-bad", "--reject-file", str(rejects))
    assert refused.exit_code == 1 and "已存在" in refused.stderr
    assert rejects.read_text("utf-8") == "别的文件"
    taken = tousu("import", str(ORDERS), "--skip-bad", "--reject-file", str(rejects), "--overwrite")
    assert "已导入无误的行" in taken.stderr and case_count(db_path) > 0
    assert "错误原因" in rejects.read_text("utf-8-sig")


def test_a_revealed_export_exists_only_once_its_reveal_is_recorded(
    tousu: Invoke, ledger: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another writer holds the lock: the reveal cannot be recorded, so the
    file of full numbers is not left either."""
    out = tmp_path / "全号.csv"
    monkeypatch.setenv("TOUSU_BUSY_TIMEOUT", "0.2")
    holder = sqlite3.connect(ledger)
    holder.execute("BEGIN IMMEDIATE")
    try:
        result = tousu("export", str(out), "--reveal")
    finally:
        holder.rollback()
        holder.close()
    assert result.exit_code == 1 and result.stderr.count("\n") == 1
    assert not out.exists() and not list(tmp_path.glob(".*partial"))
    done = tousu("export", str(out), "--reveal", "--json")
    assert done.exit_code == 0 and out.exists()
    assert oct(out.stat().st_mode & 0o777) == "0o600"


def test_a_partial_file_left_by_a_killed_writer_is_removed_by_the_next(
    tousu: Invoke, ledger: Path, tmp_path: Path
) -> None:
    out = tmp_path / "全号.xlsx"
    dead = 2**22 + 12345  # above any pid this machine hands out
    left = tmp_path / f".{out.name}.{dead}.abcd1234.partial"
    left.write_text("13812345678", "utf-8")
    alive = tmp_path / f".{out.name}.{os.getpid()}.efgh5678.partial"
    alive.write_text("in use", "utf-8")
    assert tousu("export", str(out), "--reveal").exit_code == 0
    assert not left.exists() and alive.exists()


def test_a_backup_of_a_damaged_ledger_leaves_nothing(
    tousu: Invoke, ledger: Path, tmp_path: Path
) -> None:
    with sqlite3.connect(ledger) as conn:
        conn.execute("PRAGMA journal_mode = DELETE")
        conn.execute("DROP TRIGGER events_append_only_update")
        conn.execute("UPDATE events SET actor = '别人' WHERE id = 1")
    copy = tmp_path / "copies" / "备份.db"
    copy.parent.mkdir()
    result = tousu("backup", str(copy))
    assert result.exit_code == 1 and "未做备份" in result.stderr
    assert list(copy.parent.iterdir()) == []


@pytest.mark.parametrize(("stop", "status"), [("SIGINT", 130), ("SIGTERM", 143), ("SIGHUP", 129)])
def test_an_export_stopped_half_way_leaves_no_file_and_says_so(
    tousu: Invoke, ledger: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stop: str,
    status: int,
) -> None:  # fmt: skip
    import signal

    from tousu_cli.transfer import export

    def stopped(*args: object) -> int:
        os.kill(os.getpid(), getattr(signal, stop))  # Ctrl-C is SIGINT
        return 0

    saved = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
    monkeypatch.setattr(export, "_write_csv", stopped)
    out = tmp_path / "全号.csv"
    try:
        result = tousu("export", str(out), "--reveal")
    finally:
        for signum, handler in saved.items():
            signal.signal(signum, handler)
    assert result.exit_code == status and result.stderr == "错误:已中断,未做任何更改\n"
    assert not out.exists() and not list(tmp_path.glob(".*partial"))


def test_every_export_is_private_unless_the_clerk_says_otherwise(
    tousu: Invoke, ledger: Path, tmp_path: Path
) -> None:
    """A masked export still has names and complaint text in it."""
    masked = tmp_path / "台账.csv"
    assert tousu("export", str(masked)).exit_code == 0
    assert oct(masked.stat().st_mode & 0o777) == "0o600"
    shared = tmp_path / "共享.xlsx"
    assert tousu("export", str(shared), "--mode", "644").exit_code == 0
    assert oct(shared.stat().st_mode & 0o777) == "0o644"
    figures = tmp_path / "统计.xlsx"
    assert tousu("report", "stats", "--year", "2026", "--xlsx", str(figures)).exit_code == 0
    assert oct(figures.stat().st_mode & 0o777) == "0o600"
    refused = tousu("export", str(tmp_path / "全号.csv"), "--reveal", "--mode", "644")
    assert refused.exit_code == 1 and "600" in refused.stderr
    bad = tousu("export", str(tmp_path / "x.csv"), "--mode", "777")
    assert bad.exit_code == 2 and "八进制" in bad.stderr


def test_verify_names_what_beside_the_ledger_others_can_read(tousu: Invoke, ledger: Path) -> None:
    export = ledger.with_name("台账.xlsx")
    assert tousu("export", str(export), "--mode", "644").exit_code == 0
    warnings = tousu("verify", "--json").json()["warnings"]
    assert any("台账.xlsx" in w and "0644" in w for w in warnings)


def test_openpyxl_streams_the_sheet_beside_the_export_not_in_tmpdir(
    tousu: Invoke, ledger: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A revealed workbook's sheet, streamed to a temporary file: one left in
    $TMPDIR by a killed export outlives it, with the full numbers in it."""
    from openpyxl.worksheet import _writer

    made: list[Path] = []
    real = _writer.create_temporary_file

    def recorded(suffix: str = "") -> str:
        name = str(real(suffix))
        made.append(Path(name))
        return name

    monkeypatch.setattr(_writer, "create_temporary_file", recorded)
    folder = tmp_path / "导出"
    folder.mkdir()
    dead = folder / f".tousu-tmp.{2**22 + 12345}.abcd"
    dead.mkdir()
    (dead / "openpyxl.xml").write_text("13812345678", "utf-8")
    assert tousu("export", str(folder / "全号.xlsx"), "--reveal").exit_code == 0
    assert made and all(p.parent.parent == folder for p in made)
    assert sorted(p.name for p in folder.iterdir()) == ["全号.xlsx"]  # the stale one too
