"""Several processes at once, processes killed mid-write, a file edited behind the
tool's back, backups and upgrades: real subprocesses against real files."""

from __future__ import annotations

import csv
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from tousu_cli.storage import migrations
from tousu_cli.storage.connection import open_db
from tousu_cli.storage.schema import schema_version

TOUSU = [sys.executable, "-m", "tousu_cli"]

# Registers N complaints through the service layer, in a process of its own,
# with its own connection: what a script looping over `tousu register` does,
# without paying the interpreter's start-up 50 times.
REGISTER_MANY = """
import sys
from datetime import datetime
from pathlib import Path
from tousu_cli.chinatime import CHINA_TZ, now
from tousu_cli.domain.model import Channel
from tousu_cli.domain.intake import NewCase
from tousu_cli.services.cases import register
from tousu_cli.services.office import Office
from tousu_cli.storage.connection import open_db

db, who, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
for i in range(count):
    conn = open_db(db)
    new = NewCase(
        received_at=datetime(2026, 10, 12, 9, i % 60, tzinfo=CHINA_TZ),
        channel=Channel.PHONE, complainant=f"{who}{i}", unit="不动产登记窗口",
        category="服务态度", content=f"{who} 第 {i} 件",
    )
    print(register(Office(conn, who, now()), new), flush=True)
    conn.close()
"""


def tousu(db: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*TOUSU, "--db", str(db), *args],
        capture_output=True,
        text=True,
        env=os.environ | {"TOUSU_USER": "测试员"} | env,
        check=False,
    )


def orders_file(path: Path, rows: int, first: int = 0) -> Path:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(
            [
                "工单编号",
                "来电时间",
                "受理渠道",
                "来电人",
                "被反映单位",
                "问题分类",
                "诉求内容",
                "办结时间",
                "满意度",
            ]
        )
        for i in range(first, first + rows):
            month = f"2026-0{1 + i % 9}"
            received, closed = f"{month}-{10 + i % 15} 09:{i % 60:02d}", f"{month}-26 10:00"
            writer.writerow(
                [f"K{i:06d}", received, "12345", f"市民{i}", "税务窗口", "服务态度",
                 f"第 {i} 件", closed, "满意"]
            )  # fmt: skip
    return path


def sound(db: Path) -> None:
    """The file passes SQLite's checks and tousu verify."""
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    result = tousu(db, "verify", "--json")
    assert result.returncode == 0, result.stdout + result.stderr


def case_count(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute("SELECT count(*) FROM cases").fetchone()[0])


@pytest.mark.slow
def test_four_writers_an_import_and_a_report_at_once(tmp_path: Path) -> None:
    db = tmp_path / "tousu.db"
    assert tousu(db, "init").returncode == 0
    orders = orders_file(tmp_path / "orders.csv", 300)
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", REGISTER_MANY, str(db), f"w{n}", "50"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(4)
    ]
    importer = subprocess.Popen(
        [*TOUSU, "--db", str(db), "import", str(orders), "--json"],
        stdout=subprocess.PIPE,
        text=True,
    )
    reports = [tousu(db, "report", "overdue", "--json") for _ in range(3)]
    numbers: list[str] = []
    for writer in writers:
        out, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err
        numbers += out.split()
    out, _ = importer.communicate(timeout=120)
    assert importer.returncode == 0 and json.loads(out)["new"] == 300
    assert all(r.returncode == 0 for r in reports)
    assert len(numbers) == len(set(numbers)) == 200
    with sqlite3.connect(db) as conn:
        stored = [r[0] for r in conn.execute("SELECT number FROM cases ORDER BY year, seq")]
    assert len(stored) == len(set(stored)) == 500  # no write lost, no number twice
    assert set(numbers) <= set(stored)
    sound(db)


@pytest.mark.slow
def test_a_writer_kept_waiting_too_long_gives_up_cleanly(tmp_path: Path) -> None:
    db = tmp_path / "tousu.db"
    assert tousu(db, "init").returncode == 0
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another program holding the write lock
    try:
        result = tousu(
            db, "register", "--received", "2026-10-12 09:00", "--channel", "来电", "--anonymous",
            "--unit", "税务窗口", "--category", "服务态度", "--content", "态度差",
            TOUSU_BUSY_TIMEOUT="0.3",
        )  # fmt: skip
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "错误:数据库正被其他程序占用,等待超时;本次操作未做任何更改"
    ]
    assert case_count(db) == 0


def killed(cmd: list[str], after: float) -> int:
    """Run CMD and SIGKILL it AFTER seconds (if it is still running); its exit code."""
    process = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(after)
    process.send_signal(signal.SIGKILL)
    return process.wait()


@pytest.mark.slow
def test_an_import_killed_at_any_moment_is_all_or_nothing(tmp_path: Path) -> None:
    orders = orders_file(tmp_path / "orders.csv", 2000)
    # Kill points spread over the time a whole import takes on this machine.
    started = time.monotonic()
    assert tousu(tmp_path / "timing.db", "import", str(orders)).returncode == 0
    whole = time.monotonic() - started
    rnd = random.Random(7)
    codes = []
    for attempt in range(4):
        db = tmp_path / f"tousu{attempt}.db"
        assert tousu(db, "init").returncode == 0
        moment = rnd.uniform(0.1, 0.9) * whole
        codes.append(killed([*TOUSU, "--db", str(db), "import", str(orders)], moment))
        assert case_count(db) in {0, 2000}
        sound(db)
        assert tousu(db, "import", str(orders)).returncode == 0  # and it can be done again
        assert case_count(db) == 2000
    assert codes.count(-signal.SIGKILL) >= 2  # most were killed while they worked


@pytest.mark.slow
def test_registers_and_policy_changes_killed_midway(tmp_path: Path) -> None:
    db = tmp_path / "tousu.db"
    assert tousu(db, "init").returncode == 0

    def register(i: int) -> list[str]:
        return [*TOUSU, "--db", str(db), "register", "--received", "2026-10-12 09:00",
                "--channel", "来电", "--complainant", f"张{i}", "--unit", "税务窗口",
                "--category", "服务态度", "--content", "态度差"]  # fmt: skip

    def policy(i: int) -> list[str]:
        return [*TOUSU, "--db", str(db), "policy", "set", "reply_days", str(5 + i)]

    # Kill points spread over the time each command takes on this machine.
    whole = {}
    for command in (register, policy):
        started = time.monotonic()
        assert subprocess.run(command(0), check=False, capture_output=True).returncode == 0
        whole[command] = time.monotonic() - started
    rnd = random.Random(11)
    codes = []
    for i in range(6):
        for command in (register, policy):
            codes.append(killed(command(i), rnd.uniform(0.3, 0.95) * whole[command]))
            sound(db)
    assert codes.count(-signal.SIGKILL) >= 6  # half at least were killed while they worked
    with sqlite3.connect(db) as conn:
        # Each case is whole: its row, its accept clock, its register event.
        assert conn.execute(
            "SELECT count(*) FROM cases c WHERE NOT EXISTS"
            " (SELECT 1 FROM clocks k WHERE k.case_id = c.id)"
            " OR NOT EXISTS (SELECT 1 FROM events e WHERE e.case_id = c.id)"
        ).fetchone() == (0,)


def without_text_index(conn: sqlite3.Connection) -> None:
    """What versions before 4 had: no full-text index of the cases (nor, before 5,
    a mark for a voided case, nor, before 6, the registered facts in a registration,
    nor, before 7, the source of a calendar entry, nor, before 8, the day a policy
    version takes effect, nor, before 9, sealed personal values, nor, before 11,
    the day a case's personal data was erased)."""
    unsealed(conn)
    conn.execute("ALTER TABLE cases DROP COLUMN erased_at")
    registrations_without_facts(conn)
    conn.execute("ALTER TABLE calendar_day DROP COLUMN source")
    conn.execute("ALTER TABLE policy DROP COLUMN effective")
    conn.execute("ALTER TABLE cases DROP COLUMN voided_at")
    for trigger in ("cases_ai", "cases_ad", "cases_au", "events_notes_ai"):
        conn.execute(f"DROP TRIGGER {trigger}")
    conn.execute("DROP TABLE cases_fts")
    conn.execute("DROP TABLE notes_fts")
    conn.execute("DROP INDEX events_notes")


def unsealed(conn: sqlite3.Connection) -> None:
    """Events as versions before 9 recorded them, their personal values in place
    (the chain is hashed again after, by registrations_without_facts)."""
    from tousu_cli.domain.sealing import unseal

    conn.create_function("unseal", 2, unseal)
    conn.execute("DROP TRIGGER events_append_only_update")
    conn.execute("UPDATE events SET data = unseal(data, personal)")
    conn.execute("ALTER TABLE events DROP COLUMN personal")
    conn.execute(
        "CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events"
        " BEGIN SELECT RAISE(ABORT, 'events are append-only'); END"
    )


def registrations_without_facts(conn: sqlite3.Connection) -> None:
    """Registrations as versions before 6 recorded them, the chain hashed again."""
    from tousu_cli.storage.events import GENESIS, event_hash

    conn.execute("DROP TRIGGER events_append_only_update")
    conn.execute("UPDATE events SET data = json_remove(data, '$.facts') WHERE action = 'register'")
    previous = GENESIS
    rows = conn.execute(
        "SELECT id, case_id, at, recorded_at, actor, action, data FROM events ORDER BY id"
    ).fetchall()
    for event_id, *content in rows:
        previous = event_hash(previous, event_id, tuple(content))
        conn.execute("UPDATE events SET hash = ? WHERE id = ?", (previous, event_id))
    conn.execute(
        "CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events"
        " BEGIN SELECT RAISE(ABORT, 'events are append-only'); END"
    )


def as_version_1(db: Path) -> None:
    """Turn a current file back into what version 1 of the schema wrote: no hashes."""
    with sqlite3.connect(db) as conn:
        without_text_index(conn)
        conn.execute("DROP TRIGGER events_append_only_update")
        conn.execute("ALTER TABLE events DROP COLUMN hash")
        conn.execute(
            "CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events"
            " BEGIN SELECT RAISE(ABORT, 'events are append-only'); END"
        )
        conn.execute("PRAGMA user_version = 1")


@pytest.mark.slow
def test_an_older_file_is_backed_up_then_upgraded_step_by_step(tmp_path: Path) -> None:
    db = tmp_path / "tousu.db"
    assert tousu(db, "import", str(orders_file(tmp_path / "o.csv", 30))).returncode == 0
    as_version_1(db)
    listed = tousu(db, "list", "--json")
    assert listed.returncode == 0 and len(json.loads(listed.stdout)) == 30
    # One copy of the file as it was, whatever the number of steps: a copy per
    # step would take the ledger's size five times over.
    (backup,) = tmp_path.glob("tousu.db.*.bak")
    assert backup.name.startswith("tousu.db.v1-")
    with sqlite3.connect(backup) as old:
        assert old.execute("PRAGMA user_version").fetchone() == (1,)
        assert old.execute("SELECT count(*) FROM cases").fetchone() == (30,)
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA user_version").fetchone() == (schema_version(),)
        upgrades = conn.execute("SELECT data FROM events WHERE action = 'upgrade' ORDER BY id")
        steps = [json.loads(data) for (data,) in upgrades]
    assert steps[:2] == [
        {"from": 1, "to": 2, "backup": backup.name},
        {"from": 2, "to": 3, "backup": backup.name},
    ]
    assert len(steps) == schema_version() - 1
    sound(db)


def upgraded_from_version_2(tmp_path: Path, phones: list[str]) -> Path:
    """Four cases a month apart at one unit, their phones stored as version 2 kept
    them (as written), then opened by this version."""
    db = tmp_path / "tousu.db"
    assert tousu(db, "import", str(orders_file(tmp_path / "o.csv", len(phones)))).returncode == 0
    with sqlite3.connect(db) as conn:
        ids = [case_id for (case_id,) in conn.execute("SELECT id FROM cases ORDER BY id")]
        without_text_index(conn)
        conn.executemany("UPDATE cases SET phone = ? WHERE id = ?", zip(phones, ids, strict=True))
        conn.execute("PRAGMA user_version = 2")
    assert tousu(db, "list").returncode == 0
    return db


@pytest.mark.slow
def test_mobile_numbers_kept_as_written_are_compacted_by_the_upgrade(tmp_path: Path) -> None:
    written = ["138-1234-5678", "+8613912345678", "0571-88888888", "13712345678"]
    db = upgraded_from_version_2(tmp_path, written)
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA user_version").fetchone() == (schema_version(),)
        phones = [phone for (phone,) in conn.execute("SELECT phone FROM cases ORDER BY id")]
    assert phones == ["13812345678", "13912345678", "0571-88888888", "13712345678"]
    sound(db)


@pytest.mark.slow
def test_numbers_that_match_once_compacted_make_repeats_after_the_upgrade(
    tmp_path: Path,
) -> None:
    """One caller, four ways of writing the number, a month apart at one unit."""
    written = ["138-1234-5678", "+86 138 1234 5678", "0086 13812345678", "13812345678"]
    db = upgraded_from_version_2(tmp_path, written)
    with sqlite3.connect(db) as conn:
        counted = conn.execute(
            "SELECT substr(received_at, 1, 10), repeat_rank, escalated FROM cases ORDER BY id"
        ).fetchall()
        (recounts,) = conn.execute(
            "SELECT count(*) FROM events WHERE action = 'repeat_recounted' AND actor = 'tousu'"
        ).fetchone()
    # 90 days back from 2026-04-13 does not reach 2026-01-10.
    assert counted == [
        ("2026-01-10", 1, 0), ("2026-02-11", 2, 0), ("2026-03-12", 3, 1), ("2026-04-13", 3, 1)
    ]  # fmt: skip
    assert recounts == 3
    sound(db)


@pytest.mark.slow
def test_an_upgrade_killed_midway_leaves_the_old_file_or_the_new(tmp_path: Path) -> None:
    db = tmp_path / "tousu.db"
    assert tousu(db, "import", str(orders_file(tmp_path / "o.csv", 1500))).returncode == 0
    as_version_1(db)
    started = time.monotonic()  # an upgrade, timed on this machine
    assert tousu(db, "list", "--limit", "1").returncode == 0
    whole = time.monotonic() - started
    states = []
    # Kill points spread over the upgrade's time: the early ones land before
    # any step is done, however long the first, timed run happened to take.
    for fraction in (0.9, 0.7, 0.5, 0.3, 0.1):
        as_version_1(db)
        killed([*TOUSU, "--db", str(db), "list", "--json"], fraction * whole)
        with sqlite3.connect(db) as conn:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            columns = [r[1] for r in conn.execute("PRAGMA table_info(events)")]
        states.append((version, "hash" in columns))
        assert tousu(db, "list", "--limit", "1").returncode == 0  # finishes the upgrade
        sound(db)
    assert set(states) <= {(1, False), *((v, True) for v in range(2, schema_version() + 1))}
    assert (1, False) in states  # some were killed before the upgrade was done


def test_an_upgrade_that_fails_keeps_the_file_and_leaves_no_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "tousu.db"
    assert tousu(db, "import", str(orders_file(tmp_path / "o.csv", 5))).returncode == 0
    as_version_1(db)

    def broken(conn: sqlite3.Connection) -> migrations.Upgrade:
        conn.execute("ALTER TABLE events ADD COLUMN hash TEXT")
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setitem(migrations.MIGRATIONS, 2, broken)
    with pytest.raises(sqlite3.OperationalError):
        open_db(db)
    assert list(tmp_path.glob("tousu.db.v1-*.bak")) == []
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA user_version").fetchone() == (1,)
        assert "hash" not in [r[1] for r in conn.execute("PRAGMA table_info(events)")]


def test_a_newer_file_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "tousu.db"
    assert tousu(db, "init").returncode == 0
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA user_version = 99")
    result = tousu(db, "list")
    assert result.returncode == 1 and "升级 tousu" in result.stderr
    assert result.stderr.count("\n") == 1


@pytest.fixture
def ledger(tmp_path: Path) -> Path:
    db = tmp_path / "tousu.db"
    assert tousu(db, "demo", "--db", str(db), "--cases", "40").returncode == 0
    return db


GUARDS = {
    "events_append_only_update": "BEFORE UPDATE",
    "events_append_only_delete": "BEFORE DELETE",
}


def tamper(db: Path, *statements: str, restore: bool = True) -> None:
    """What someone with another SQLite tool could do: drop the guards, edit,
    and (RESTORE) put the guards back to cover the tracks."""
    with sqlite3.connect(db) as conn:
        for guard in GUARDS:
            conn.execute(f"DROP TRIGGER IF EXISTS {guard}")
        for statement in statements:
            conn.execute(statement)
        if restore:
            for guard, when in GUARDS.items():
                conn.execute(
                    f"CREATE TRIGGER {guard} {when} ON events"
                    " BEGIN SELECT RAISE(ABORT, 'events are append-only'); END"
                )


def problems(db: Path) -> list[str]:
    result = tousu(db, "verify", "--json")
    assert result.returncode == 1
    found: list[str] = json.loads(result.stdout)["problems"]
    return found


def test_verify_passes_a_clean_ledger(ledger: Path) -> None:
    result = tousu(ledger, "verify")
    assert result.returncode == 0 and result.stdout.startswith("校验通过:40 件投诉")


def test_the_log_refuses_edits_through_sqlite_itself(ledger: Path) -> None:
    with sqlite3.connect(ledger) as conn, pytest.raises(sqlite3.IntegrityError):
        conn.execute("UPDATE events SET actor = 'x' WHERE id = 5")


def test_verify_names_an_edited_event(ledger: Path) -> None:
    tamper(ledger, "UPDATE events SET data = json_set(data, '$.note', '改过') WHERE id = 12")
    (found,) = problems(ledger)
    assert "事件 #12" in found and "改动" in found


def test_verify_names_a_deleted_event(ledger: Path) -> None:
    tamper(ledger, "DELETE FROM events WHERE id = 20")
    assert any("#20 已被删除" in p for p in problems(ledger))


def test_verify_names_an_inserted_event(ledger: Path) -> None:
    tamper(
        ledger,
        "INSERT INTO events (case_id, at, recorded_at, actor, action, data)"
        " VALUES (1, '2026-11-01T09:00:00+08:00', '2026-11-01T09:00:00+08:00', '某人',"
        " 'withdraw', '{\"reason\": \"x\"}')",
    )
    found = problems(ledger)
    assert any("不是由本程序写入" in p for p in found)
    assert any("按处置记录应为" in p for p in found)  # and the case no longer agrees


def test_an_event_slipped_in_without_a_hash_is_the_only_one_named(ledger: Path) -> None:
    tamper(
        ledger,
        "INSERT INTO events (case_id, at, recorded_at, actor, action, data)"
        " VALUES (NULL, '2026-11-01T09:00:00+08:00', '2026-11-01T09:00:00+08:00', '某人',"
        " 'note', '{}')",
    )
    (slipped,) = sqlite3.connect(ledger).execute("SELECT max(id) FROM events").fetchone()
    # The tool goes on writing after it: its next event chains to what is stored.
    assert tousu(ledger, "policy", "set", "revisit_days", "6").returncode == 0
    (found,) = problems(ledger)
    assert f"事件 #{slipped}" in found


def test_verify_names_a_case_row_edited_without_an_event(ledger: Path) -> None:
    with sqlite3.connect(ledger) as conn:
        (number,) = conn.execute("SELECT number FROM cases WHERE status = 'archived'").fetchone()
        conn.execute("UPDATE cases SET status = 'registered' WHERE number = ?", (number,))
    (found,) = problems(ledger)
    assert number in found and "已登记" in found and "已归档" in found


def test_verify_warns_when_others_can_read_the_file(ledger: Path) -> None:
    ledger.chmod(0o644)
    result = tousu(ledger, "verify")
    assert result.returncode == 0 and "0644" in result.stderr and "chmod 600" in result.stderr


@pytest.mark.slow
def test_backup_while_in_use_is_a_verified_private_copy(ledger: Path, tmp_path: Path) -> None:
    dest = tmp_path / "copies"
    dest.mkdir()
    writer = subprocess.Popen(
        [sys.executable, "-c", REGISTER_MANY, str(ledger), "b", "30"], stdout=subprocess.DEVNULL
    )
    result = tousu(ledger, "backup", str(dest), "--json")
    writer.wait(timeout=60)
    assert result.returncode == 0, result.stderr
    made: dict[str, Any] = json.loads(result.stdout)
    copy = Path(made["file"])
    assert copy.parent == dest and made["verified"] is True and made["cases"] >= 40
    assert copy.stat().st_mode & 0o777 == 0o600
    sound(copy)
    again = tousu(ledger, "backup", str(copy))
    assert again.returncode == 1 and "已存在" in again.stderr and "--overwrite" in again.stderr


def test_a_reader_never_blocks_a_writer(tmp_path: Path) -> None:
    db = tmp_path / "tousu.db"
    assert tousu(db, "init").returncode == 0
    reader = sqlite3.connect(db, isolation_level=None)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM cases").fetchone()  # a long report, mid-read
    try:
        started = time.monotonic()
        result = tousu(
            db, "register", "--received", "2026-10-12 09:00", "--channel", "来电", "--anonymous",
            "--unit", "税务窗口", "--category", "服务态度", "--content", "态度差",
            TOUSU_BUSY_TIMEOUT="5",
        )  # fmt: skip
        assert result.returncode == 0 and time.monotonic() - started < 4
        # The reader still sees the ledger as it was when its read began.
        assert reader.execute("SELECT count(*) FROM cases").fetchone() == (0,)
    finally:
        reader.execute("COMMIT")
        reader.close()
    assert case_count(db) == 1


def test_verify_names_a_dropped_guard_and_office_data_changed_without_its_record(
    ledger: Path,
) -> None:
    tamper(
        ledger,
        "INSERT INTO policy (settings, set_by, set_at) VALUES ('{}', '某人', '2026-11-01')",
        "INSERT INTO calendar_day (day, workday, name, set_by, set_at)"
        " VALUES ('2026-11-20', 0, '某日', '某人', '2026-11-01')",
        "INSERT INTO categories (name) VALUES ('未经记录的类别')",
        restore=False,
    )
    found = problems(ledger)
    assert any("触发器 events_append_only_update" in p for p in found)
    assert any("时限规则第" in p and "没有对应的修改记录" in p for p in found)
    assert any("日历 2026-11-20 的设定与处置记录不符" in p for p in found)
    assert any("投诉类别「未经记录的类别」没有对应的增加记录" in p for p in found)


NAMED = "id = (SELECT min(id) FROM cases WHERE phone IS NOT NULL AND complainant IS NOT NULL)"
HANDLED = "id = (SELECT min(id) FROM cases WHERE handler_unit_id < (SELECT max(id) FROM units))"
LAST_UNIT = "(SELECT max(id) FROM units)"
WITH_HANDLER = "id = (SELECT min(id) FROM cases WHERE mode IS NOT NULL)"
OTHER = "id = (SELECT min(id) FROM cases WHERE unit_id <> (SELECT max(id) FROM units))"


@pytest.mark.parametrize(
    ("edit", "said"),
    [
        ("UPDATE cases SET finding = 'partly' WHERE finding = 'substantiated'", "调查结论"),
        ("UPDATE cases SET result = '改过的结果' WHERE result IS NOT NULL", "处理结果"),
        ("UPDATE cases SET mode = 'supervise' WHERE mode = 'self'", "分办方式"),
        ("UPDATE cases SET repeat_rank = 5 WHERE id = 3", "重复次数"),
        ("UPDATE cases SET escalated = 1 WHERE id = 4 AND escalated = 0", "督办标记"),
        ("UPDATE cases SET content = '改过的内容' WHERE id = 2", "投诉内容"),
        (f"UPDATE cases SET complainant = '李四' WHERE {NAMED}", "投诉人"),
        (f"UPDATE cases SET phone = '13900000000' WHERE {NAMED}", "联系电话为 139****0000"),
        (f"UPDATE cases SET unit_id = (SELECT max(id) FROM units) WHERE {OTHER}", "被投诉单位"),
        ("UPDATE cases SET major = 1 - major WHERE id = 2", "重大"),
        ("UPDATE cases SET evidence = '[\"伪造的录音\"]' WHERE id = 2", "证据材料"),
        ("UPDATE cases SET measures = '[\"通报批评\"]' WHERE id = 2", "处理措施"),
        (f"UPDATE cases SET handler = '别人' WHERE {WITH_HANDLER}", "承办人"),
        (f"UPDATE cases SET handler_unit_id = {LAST_UNIT} WHERE {HANDLED}", "承办单位"),
        ("UPDATE cases SET notify_method = 'sms' WHERE notify_method = 'phone'", "答复方式"),
        ("INSERT INTO case_links VALUES (3, 1)", "关联的此前投诉为"),
        ("UPDATE cases SET voided_at = '2026-12-01T09:00:00+08:00' WHERE id = 2", "作废时间"),
    ],
)
def test_verify_names_a_fact_of_a_stage_edited_in_the_row(
    ledger: Path, edit: str, said: str
) -> None:
    tamper(ledger, edit)
    found = problems(ledger)
    assert found and all(said in p for p in found), found


RUNNING_REPLY = "(SELECT min(id) FROM clocks WHERE name = 'reply' AND stopped_on IS NULL)"


@pytest.mark.parametrize(
    ("edit", "said"),
    [
        (f"UPDATE clocks SET due = '2027-06-30' WHERE id = {RUNNING_REPLY}", "届满日为 2027-06-30"),
        (f"UPDATE clocks SET limit_days = 30 WHERE id = {RUNNING_REPLY}", "期限(工作日)为 30"),
        (f"UPDATE clocks SET stopped_on = '2026-11-30' WHERE id = {RUNNING_REPLY}", "停止日为"),
        (f"UPDATE clocks SET started_on = '2026-01-02' WHERE id = {RUNNING_REPLY}", "起算日为"),
        (
            "UPDATE clocks SET stopped_on = date(stopped_on, '+1 day')"
            " WHERE id = (SELECT min(id) FROM clocks WHERE stopped_on IS NOT NULL)",
            "停止日为",
        ),
        (f"UPDATE clocks SET suspended = 1 WHERE id = {RUNNING_REPLY}", "是否中止计时"),
        (
            f"UPDATE clocks SET extensions = '[{{\"days\": 5}}]' WHERE id = {RUNNING_REPLY}",
            "延期次数为 1",
        ),
        (f"DELETE FROM clocks WHERE id = {RUNNING_REPLY}", "已被删除"),
        (
            "INSERT INTO clocks (case_id, name, started_on, limit_days, due, original_due)"
            " VALUES (1, 'review', '2026-01-05', 10, '2026-01-19', '2026-01-19')",
            "多出 1 个复核时限",
        ),
    ],
)
def test_verify_names_a_clock_edited_added_or_deleted(ledger: Path, edit: str, said: str) -> None:
    tamper(ledger, edit)
    found = problems(ledger)
    assert len(found) == 1 and said in found[0], found


def test_verify_names_a_repeat_link_deleted(tmp_path: Path) -> None:
    db = tmp_path / "tousu.db"
    register = [
        "register", "--channel", "来电", "--complainant", "张三", "--phone", "13812345678",
        "--unit", "税务窗口", "--category", "服务态度", "--content", "态度生硬",
    ]  # fmt: skip
    for day in ("2026-11-02 09:00", "2026-11-09 09:00"):
        assert tousu(db, *register, "--received", day).returncode == 0
    assert tousu(db, "verify").returncode == 0
    tamper(db, "DELETE FROM case_links")
    (found,) = problems(db)
    assert "投诉件 2026-0002 关联的此前投诉为 (空),按处置记录应为 2026-0001" in found
