"""tousu erase: a closed case's personal data erased from the file, its record
kept and its chain whole."""

from __future__ import annotations

import csv
import json
import os
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Invoke, at
from tests.test_kept_ledger import load
from tests.test_report_erasure import withdrawn
from tousu_cli.chinatime import now
from tousu_cli.domain.errors import InvalidMove
from tousu_cli.reports.erasure import erasure_report
from tousu_cli.services.erase import erase
from tousu_cli.services.office import Office
from tousu_cli.services.settings import set_policy
from tousu_cli.services.verify import verify

NAME, PHONE, ID = "张三丰", "13812345678", "11010519491231002X"
IN_CONTENT, IN_NOTE, IN_RESULT = "15955556666", "139-1234-5678", "0571-88886666"
EVERY_VALUE = (NAME, PHONE, ID, IN_CONTENT, IN_NOTE, IN_RESULT, "88886666")
TODAY = now().date().isoformat()


def handled_to_the_end(tousu: Invoke, *registered: str) -> None:
    """A case with the complainant's numbers in its fields and in its texts, archived
    (REGISTERED: more options of its registration)."""
    steps = [
        ("register", "--received", "2026-11-02 09:00", "--channel", "phone", "--unit", "税务窗口",
         "--category", "服务态度", "--complainant", NAME, "--phone", PHONE, "--id-number", ID,
         "--content", f"请回电{IN_CONTENT},态度差", *registered),
        ("accept", "1", "--at", "2026-11-02 10:00"),
        ("assign", "1", "--mode", "self", "--unit", "税务窗口", "--at", "2026-11-02 11:00"),
        ("investigate", "1", "--note", f"已致电投诉人 {IN_NOTE} 核实", "--at", "2026-11-03 10:00"),
        ("decide", "1", "--finding", "partly", "--result", f"已致歉,电话 {IN_RESULT} 回访",
         "--at", "2026-11-04 10:00"),
        ("notify", "1", "--method", "phone", "--at", "2026-11-04 11:00"),
        ("revisit", "1", "--satisfaction", "satisfied", "--at", "2026-11-05 10:00"),
        ("archive", "1", "--at", "2026-11-06 10:00"),
    ]  # fmt: skip
    for step in steps:
        done = tousu(*step)
        assert done.exit_code == 0, done.stderr


def raw_bytes(db: Path) -> bytes:
    """The file and its write-ahead log, as a disk holds them."""
    files = [db, db.with_name(db.name + "-wal")]
    return b"".join(path.read_bytes() for path in files if path.exists())


def test_the_values_are_nowhere_in_the_file_and_verify_passes(tousu: Invoke, db_path: Path) -> None:
    # Another program has the ledger open throughout (a second clerk's `list`):
    # the write-ahead log then outlives each command, its old pages with it.
    assert tousu("init").exit_code == 0
    other = sqlite3.connect(db_path)
    other.execute("SELECT count(*) FROM cases").fetchall()
    handled_to_the_end(tousu)
    before = raw_bytes(db_path)
    assert all(value.encode() in before for value in (NAME, PHONE, ID, IN_CONTENT))
    erased = tousu("erase", "1", "--early", "--reason", "投诉人来电要求删除")
    assert erased.exit_code == 0, erased.stderr
    assert "已删除投诉件 2026-0001 的个人信息(6 项)" in erased.stdout
    after = raw_bytes(db_path)
    other.close()
    for value in EVERY_VALUE:
        assert value.encode() not in after, value
    checked = tousu("verify")
    assert checked.exit_code == 0, checked.stdout + checked.stderr
    shown = tousu("show", "1", "--reveal").stdout
    assert f"投诉人:〔已删除〕(个人信息已于 {TODAY} 删除)" in shown
    assert "请回电〔已删除〕,态度差" in shown
    assert tousu("show", "1", "--json").json()["erased_at"][:10] == TODAY
    assert "已致电投诉人 〔已删除〕 核实" in shown
    assert "删除个人信息\t保存期满前应投诉人要求删除;理由:投诉人来电要求删除;删除 6 项" in shown
    assert "态度差" in tousu("show", "1").stdout  # the rest of the record stays


def test_refused_while_open_or_kept_or_gone_and_all_or_none(tousu: Invoke, db_path: Path) -> None:
    handled_to_the_end(tousu)
    assert tousu("register", "--received", "2026-11-10 09:00", "--channel", "phone",
                 "--unit", "税务窗口", "--category", "服务态度", "--complainant", "李四",
                 "--phone", "13900001111", "--content", "未办结").exit_code == 0  # fmt: skip
    with sqlite3.connect(db_path) as conn:
        vaults = conn.execute("SELECT count(*) FROM events WHERE personal IS NOT NULL").fetchone()
    kept = tousu("erase", "1", "--reason", "保存期满")
    assert kept.exit_code == 1 and kept.stdout == ""
    assert "应保存至 2029-11-05(办结于 2026-11-06,保存 1095 天),尚未期满" in kept.stderr
    both = tousu("erase", "1", "2", "--early", "--reason", "投诉人要求")
    assert both.exit_code == 1 and "投诉件 2026-0002 尚未办结(状态:已登记)" in both.stderr
    dry = tousu("erase", "1", "--early", "--reason", "投诉人要求", "--dry-run", "--json")
    assert dry.json()["cases"] == [{"number": "2026-0001", "values": 6}]
    with sqlite3.connect(db_path) as conn:  # none of it erased
        assert (
            conn.execute("SELECT count(*) FROM events WHERE personal IS NOT NULL").fetchone()
            == vaults
        )
        assert conn.execute(
            "SELECT count(*) FROM cases WHERE erased_at IS NOT NULL"
        ).fetchone() == (0,)
    assert tousu("erase", "1", "--early", "--reason", "投诉人要求").exit_code == 0
    again = tousu("erase", "1", "--early", "--reason", "投诉人要求")
    assert again.exit_code == 1 and "个人信息已于" in again.stderr
    back = tousu("amend", "1", "--phone", PHONE, "--reason", "补录")
    assert back.exit_code == 1 and "登记事项不再更正" in back.stderr
    assert tousu("erase", "1").exit_code == 2  # no reason given


def test_due_the_day_after_the_period_ends_and_then_off_the_report(conn: Any) -> None:
    o = Office(conn, "李明", at("2026-11-20 18:00"))
    set_policy(conn, "retention_days", 365, "李明", o.now)
    due = withdrawn(o, "2025-11-19")  # kept until 2026-11-19
    kept = withdrawn(o, "2025-11-20", phone="13900002222")  # kept until today
    with pytest.raises(InvalidMove, match="应保存至 2026-11-20"):
        erase(o, [kept], "保存期满")
    assert [row["number"] for row in erasure_report(o).due] == [due]
    assert erase(o, [due], "保存期满").cases == [{"number": due, "values": 2}]
    assert [row["number"] for row in erasure_report(o).due] == []
    assert verify(conn).ok


def test_the_events_guard_lets_only_a_vault_go(tousu: Invoke, db_path: Path) -> None:
    handled_to_the_end(tousu)
    with sqlite3.connect(db_path) as conn:
        for edit in (
            "UPDATE events SET data = '{}' WHERE action = 'register'",
            "UPDATE events SET personal = '{}' WHERE personal IS NULL",
            "UPDATE events SET personal = NULL, actor = '别人' WHERE personal IS NOT NULL",
        ):
            with pytest.raises(sqlite3.IntegrityError, match="append-only"):
                conn.execute(edit)
        conn.execute("UPDATE events SET personal = NULL WHERE action = 'register'")
    # A vault emptied without `erase` is a value missing, as verify says.
    checked = tousu("verify")
    assert checked.exit_code == 1 and "封存的个人信息缺失" in checked.stdout + checked.stderr


def test_a_number_put_back_after_the_erasure_is_caught(tousu: Invoke, db_path: Path) -> None:
    handled_to_the_end(tousu)
    assert tousu("erase", "1", "--early", "--reason", "投诉人要求").exit_code == 0
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE cases SET phone = ? WHERE number = '2026-0001'", (PHONE,))
    checked = tousu("verify")
    assert checked.exit_code == 1 and "联系电话" in checked.stdout + checked.stderr


def test_no_word_of_the_name_stays_in_the_search_index(tousu: Invoke, tmp_path: Path) -> None:
    """A full-text index keeps a changed row's old words in its older segments
    until they are merged: in a ledger with some history, they would stay."""
    db = tmp_path / "demo.db"
    assert tousu("demo", "--db", str(db), "--cases", "100", "--json").exit_code == 0
    registered = tousu(
        "--db", str(db), "register", "--received", "2026-11-02 09:00", "--channel", "phone",
        "--unit", "税务窗口", "--category", "服务态度", "--complainant", "欧阳震华",
        "--phone", "13812349876", "--content", "态度差", "--json",
    )  # fmt: skip
    number = registered.json()["number"]
    assert tousu("--db", str(db), "withdraw", number, "--reason", "问题已解决").exit_code == 0
    assert "欧阳震".encode() in raw_bytes(db)
    assert (
        tousu("--db", str(db), "erase", number, "--early", "--reason", "投诉人要求").exit_code == 0
    )
    assert "欧阳震".encode() not in raw_bytes(db) and "阳震华".encode() not in raw_bytes(db)


def test_the_nightly_job_says_nothing_when_nothing_is_due(tousu: Invoke) -> None:
    handled_to_the_end(tousu)  # closed this year: kept until 2029
    quiet = tousu("erase", "--due", "--reason", "保存期满")
    assert (quiet.exit_code, quiet.stdout, quiet.stderr) == (0, "", "")
    assert tousu("erase", "--due", "--reason", "保存期满", "--json").json()["cases"] == []
    assert tousu("erase", "--due", "1", "--reason", "保存期满").exit_code == 2


def test_an_erased_case_stays_erased_in_a_copy_made_by_export_and_import(
    tousu: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    handled_to_the_end(tousu)
    assert tousu("erase", "1", "--early", "--reason", "投诉人要求").exit_code == 0
    ledger = tmp_path / "台账.csv"
    assert tousu("export", str(ledger), "--reveal").exit_code == 0
    monkeypatch.setenv("TOUSU_DB", str(tmp_path / "copy.db"))
    imported = tousu("import", str(ledger))
    assert imported.exit_code == 0, imported.stdout + imported.stderr
    checked = tousu("verify")
    assert checked.exit_code == 0, checked.stdout + checked.stderr
    shown = tousu("show", "2026-0001", "--reveal").stdout
    assert "投诉人:〔已删除〕" in shown and "删除个人信息" in shown
    again = tousu("erase", "2026-0001", "--early", "--reason", "投诉人要求")
    assert again.exit_code == 1 and "个人信息已于" in again.stderr
    for value in EVERY_VALUE:
        assert value.encode() not in raw_bytes(tmp_path / "copy.db"), value


def test_a_file_from_before_the_erasure_does_not_bring_the_values_back(
    tousu: Invoke, tmp_path: Path, db_path: Path
) -> None:
    handled_to_the_end(tousu, "--external-id", "12345-20261102-0001")
    exported = tmp_path / "台账.csv"
    assert tousu("export", str(exported), "--reveal").exit_code == 0
    assert tousu("erase", "1", "--early", "--reason", "投诉人要求").exit_code == 0
    # The work order as another system still has it: known by its 工单号 alone.
    with exported.open(encoding="utf-8-sig", newline="") as file:
        rows = list(csv.DictReader(file))
    before = tmp_path / "工单.csv"
    with before.open("w", encoding="utf-8-sig", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=[h for h in rows[0] if h != "编号"])
        writer.writeheader()
        writer.writerows({k: v for k, v in row.items() if k != "编号"} for row in rows)
    updated = tousu("import", str(before), "--update", "--skip-bad", "--json")
    assert "个人信息已于" in json.dumps(updated.json(), ensure_ascii=False)
    with sqlite3.connect(db_path) as conn:
        row = conn.execute("SELECT complainant, phone FROM cases").fetchone()
    assert row == ("〔已删除〕", None)
    assert tousu("verify").exit_code == 0


def test_the_report_names_the_upgrade_copies_that_still_hold_erased_data(
    tousu: Invoke, db_path: Path
) -> None:
    load("ledger-v3.sql", db_path)  # opened: upgraded, after a copy beside it
    assert tousu("verify").exit_code == 0
    (copy,) = db_path.parent.glob(f"{db_path.name}.v3-*.bak")
    later = db_path.with_name(f"{db_path.name}.v9-29991231-000000.bak")
    later.write_bytes(b"")  # made after the erasure: it holds none of it
    os.utime(later, (4102444800, 4102444800))  # 2100-01-01
    assert tousu("report", "erasure", "--json").json()["stale_copies"] == []  # none erased yet
    assert tousu("erase", "2026-0004", "--early", "--reason", "投诉人申请").exit_code == 0
    stale = tousu("report", "erasure", "--json").json()["stale_copies"]
    assert [item["file"] for item in stale] == [str(copy)]
    assert copy.name in tousu("report", "erasure").stdout


def test_a_reader_holding_the_ledger_delays_only_the_tidying(
    tousu: Invoke, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    handled_to_the_end(tousu)
    monkeypatch.setenv("TOUSU_BUSY_TIMEOUT", "1")
    reader = sqlite3.connect(db_path)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM cases").fetchall()  # a clerk's `list`, still reading
    erased = tousu("erase", "1", "--early", "--reason", "投诉人要求")
    reader.rollback()
    reader.close()
    assert erased.exit_code == 0 and "已删除投诉件 2026-0001" in erased.stdout
    assert "tousu erase --compact" in erased.stderr  # done and recorded; tidy later
    assert tousu("erase", "--compact", "--json").json() == {"compacted": True}
    assert all(value.encode() not in raw_bytes(db_path) for value in EVERY_VALUE)
    assert tousu("verify").exit_code == 0
