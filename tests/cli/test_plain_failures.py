"""Failures of the machine said in one Chinese line naming the cause: a full
disk, a read-only folder, a bad setting, a number past what is stored."""

from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path

import pytest

from tests.cli.test_reports_cli import register
from tests.conftest import Invoke
from tousu_cli.domain.masking import mask_numbers
from tousu_cli.storage.errors import trouble
from tousu_cli.storage.transaction import roll_back


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "1e12", "-5", "abc"])
def test_a_busy_timeout_that_is_no_number_of_seconds_is_refused(
    tousu: Invoke, value: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    register(tousu, "2026-11-02 09:00")
    monkeypatch.setenv("TOUSU_BUSY_TIMEOUT", value)
    result = tousu("list")
    assert result.exit_code == 1 and result.stderr.count("\n") == 1
    assert "TOUSU_BUSY_TIMEOUT" in result.stderr and "Traceback" not in result.stderr


def test_a_limit_past_what_is_stored_is_a_usage_error(tousu: Invoke) -> None:
    register(tousu, "2026-11-02 09:00")
    result = tousu("list", "--limit", "1" + "0" * 31)
    assert result.exit_code == 2 and "须在 1 到" in result.stderr and "…" not in result.stderr


def test_a_full_disk_under_an_export_leaves_no_file_and_one_line(
    tousu: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tousu_cli.transfer import export

    register(tousu, "2026-11-02 09:00")

    def full(*args: object) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(export, "_write_xlsx", full)
    out = tmp_path / "台账.xlsx"
    result = tousu("export", str(out))
    assert result.exit_code == 1 and result.stderr.count("\n") == 1
    assert "磁盘空间已满" in result.stderr
    assert not out.exists() and not list(tmp_path.glob(".*partial"))


@pytest.mark.parametrize(
    ("error", "said"),
    [
        (sqlite3.OperationalError("database or disk is full"), "磁盘空间已满"),
        (sqlite3.OperationalError("disk I/O error"), "磁盘"),
        (sqlite3.OperationalError("attempt to write a readonly database"), "只读"),
        (sqlite3.OperationalError("unable to open database file"), "无法打开数据库文件"),
        (sqlite3.DatabaseError("database disk image is malformed"), "数据库文件已损坏"),
    ],
)
def test_the_database_failing_is_said_with_its_cause(error: Exception, said: str) -> None:
    assert said in trouble(error) and "\n" not in trouble(error)


def test_a_transaction_the_disk_ended_is_not_rolled_back_twice(tmp_path: Path) -> None:
    """SQLite ends a transaction itself on a full disk: a second ROLLBACK would
    say "cannot rollback - no transaction is active" instead of the cause."""
    conn = sqlite3.connect(tmp_path / "x.db", isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("ROLLBACK")  # as the disk did
    roll_back(conn)  # nothing left to undo, and no new error
    assert not conn.in_transaction


def test_a_ledger_that_cannot_be_written_is_still_read(
    tousu: Invoke, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A read-only folder (a copy on a CD, a colleague's share): the reports run,
    a write says why it cannot be made."""
    number = register(tousu, "2026-11-02 09:00")
    real_access = os.access

    def read_only(path: object, mode: int, **kwargs: object) -> bool:
        return False if mode == os.W_OK else real_access(path, mode)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "access", read_only)
    assert tousu("show", number).exit_code == 0
    assert tousu("report", "overdue").exit_code == 0
    refused = tousu("accept", number, "--at", "2026-11-02 10:00")
    assert refused.exit_code == 1 and "只读" in refused.stderr
    assert refused.stderr.count("\n") == 1


def test_a_count_in_a_message_is_not_masked_as_a_phone() -> None:
    assert mask_numbers("内容过长:41900400 字") == "内容过长:41900400 字"
    assert (
        mask_numbers("投诉类别 '13344445555' 不在类别表中") == "投诉类别 '133****5555' 不在类别表中"
    )


def test_an_encoding_of_host_names_is_not_one_of_files(tousu: Invoke, tmp_path: Path) -> None:
    orders = tmp_path / "o.csv"
    header = "来电时间,受理渠道,被反映单位,问题分类,诉求内容\n"
    orders.write_text(header + "2026-11-02 09:00,来电,税务窗口,服务态度,差\n")
    result = tousu("import", str(orders), "--encoding", "idna")
    assert result.exit_code == 1 and "不认识的编码" in result.stderr


def test_a_full_disk_is_said_and_reading_goes_on(
    tousu: Invoke, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite maps its -shm into memory: on a full disk a write could die of
    SIGBUS without a word. It is refused first; the ledger is read as it is."""
    import shutil
    from collections import namedtuple

    number = register(tousu, "2026-11-02 09:00")
    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(shutil, "disk_usage", lambda path: usage(10**9, 10**9, 4096))
    assert tousu("show", number).exit_code == 0
    for args in (("accept", number, "--at", "2026-11-02 10:00"), ("--db", str(tmp_path / "n.db"),
                 "register", "--received", "2026-11-02 09:00", "--channel", "来电", "--anonymous",
                 "--unit", "税务窗口", "--category", "服务态度", "--content", "差")):  # fmt: skip
        refused = tousu(*args)
        assert refused.exit_code == 1 and "磁盘空间已满" in refused.stderr
    assert not (tmp_path / "n.db").exists()
