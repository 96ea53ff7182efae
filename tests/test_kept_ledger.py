"""A ledger written by an earlier build reads, replays and verifies as it did then.

tests/data/ledger-v3.sql was written by the commands themselves (every stage,
an import and its corrections, calendar and policy changes, reveals); the JSON
beside it holds what `show` said of each history at the time, and what a copy
made by `export --reveal` and `import` into a new ledger said.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
from pathlib import Path

import pytest

from tests.conftest import Invoke
from tousu_cli.storage.migrations import MIGRATIONS
from tousu_cli.storage.schema import schema_version

DATA = Path(__file__).parent / "data"
EXPECTED = json.loads((DATA / "ledger-v3-history.json").read_text(encoding="utf-8"))


def load(dump: str, path: Path) -> Path:
    """A ledger file from its dump, private as the tool makes it."""
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    conn = sqlite3.connect(path)
    conn.executescript((DATA / dump).read_text(encoding="utf-8"))
    conn.close()
    return path


@pytest.fixture
def kept(db_path: Path) -> Path:
    return load("ledger-v3.sql", db_path)


def history(tousu: Invoke, number: str) -> list[str]:
    shown = tousu("show", number)
    assert shown.exit_code == 0, shown.stderr
    lines = shown.stdout.splitlines()
    return lines[lines.index("处置记录") + 2 :]


def test_the_kept_ledger_verifies_with_its_chain_tail(tousu: Invoke, kept: Path) -> None:
    """Its 53 records as they were, then the upgrades to this version, the
    registered facts of each of its 9 cases stated by the upgrade to version 6,
    and the sealing of those facts by the upgrade to version 10. (Its own 53
    hold no personal value, so their hashes stay as they were.)"""
    checked = tousu("verify")
    assert checked.exit_code == 0, checked.stdout + checked.stderr
    upgrades = schema_version() - 3
    assert f"9 件投诉,{53 + upgrades + 9 + 1} 条处置记录" in checked.stdout
    with sqlite3.connect(kept) as conn:
        (tail,) = conn.execute("SELECT hash FROM events WHERE id = 53").fetchone()
        steps = conn.execute(
            "SELECT data FROM events WHERE id > 53 AND action = 'upgrade' ORDER BY id"
        ).fetchall()
        stated = conn.execute(
            "SELECT count(DISTINCT case_id), count(*) FROM events WHERE action = 'state'"
        ).fetchone()
    assert tail.startswith("60cd2e25a6faed93")
    assert [json.loads(data)["from"] for (data,) in steps] == list(range(3, schema_version()))
    assert stated == (9, 9)


@pytest.mark.parametrize(
    ("edit", "said"),
    [
        ("UPDATE cases SET content = '改过的内容' WHERE number = '2026-0001'", "投诉内容"),
        ("UPDATE cases SET phone = '13900000000' WHERE number = '2026-0001'", "联系电话"),
        ("UPDATE cases SET staff = '别人' WHERE number = '2026-0002'", "工作人员"),
    ],
)
def test_an_edit_after_the_upgrade_is_caught_by_the_facts_it_stated(
    tousu: Invoke, kept: Path, edit: str, said: str
) -> None:
    assert tousu("verify").exit_code == 0  # upgraded, and sound
    with sqlite3.connect(kept) as conn:
        conn.execute(edit)
    checked = tousu("verify", "--json")
    assert checked.exit_code == 1
    (problem,) = checked.json()["problems"]
    assert said in problem


@pytest.mark.parametrize("number", sorted(EXPECTED["show"]))
def test_show_tells_each_kept_history_as_it_did(tousu: Invoke, kept: Path, number: str) -> None:
    *kept_history, stated = history(tousu, number)
    assert kept_history == EXPECTED["show"][number]
    assert "\t登记事项(升级时记录)\t" in stated  # and then what the upgrade recorded


def test_a_copy_through_export_and_import_replays_the_same_history(
    tousu: Invoke, kept: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ledger = tmp_path / "台账.csv"
    assert tousu("export", str(ledger), "--reveal").exit_code == 0
    monkeypatch.setenv("TOUSU_DB", str(tmp_path / "copy.db"))
    imported = tousu("import", str(ledger))
    assert imported.exit_code == 0, imported.stderr
    assert tousu("verify").exit_code == 0
    lines = set()
    for number in sorted(EXPECTED["reimported"]):
        *replayed, last = history(tousu, number)
        assert replayed == EXPECTED["reimported"][number]
        found = re.search(rf"\t导入\t文件:{ledger.name};行:(\d+)$", last)
        assert found, last
        lines.add(int(found[1]))
    assert lines == set(range(2, 2 + len(EXPECTED["reimported"])))


def test_an_event_whose_data_does_not_fit_its_kind_is_named_by_verify(
    tousu: Invoke, kept: Path
) -> None:
    """Chained as the tool chains, so only its content can tell."""
    from tousu_cli.storage.events import insert_events

    conn = sqlite3.connect(kept)
    case_id = conn.execute("SELECT id FROM cases WHERE number = '2026-0002'").fetchone()[0]
    at = "2026-10-20T09:00:00+08:00"
    odd = '{"method":"fax","note":null}'
    insert_events(conn, [(case_id, at, at, "王芳", "notify", odd, None)])
    conn.commit()
    conn.close()
    checked = tousu("verify")
    assert checked.exit_code == 1
    said = checked.stdout + checked.stderr
    assert "投诉件 2026-0002 的事件 #54(答复,2026-10-20 09:00)的内容与其类型不符" in said
    assert "fax" in said
    # show still says it, as stored
    assert any(line.endswith("\t答复\t") for line in history(tousu, "2026-0002")[-2:])


# -- the oldest ledger an upgrade starts from ------------------------------------------


def schema_of(path: Path) -> dict[tuple[str, str], str]:
    """The DDL of every table, index and trigger, its spacing aside (a column added
    by ALTER TABLE is written on the line before the closing bracket)."""
    import sqlite_utils

    db = sqlite_utils.Database(path)
    found = {("table", t.name): t.schema for t in db.tables}
    found |= {("trigger", t.name): t.sql for t in db.triggers}
    for table in db.tables:
        found |= {("index", i.name): str(db.execute(
            "SELECT sql FROM sqlite_master WHERE name = ?", [i.name]
        ).fetchone()[0]) for i in table.indexes if not i.name.startswith("sqlite_")}  # fmt: skip
    db.close()
    return {key: "".join(sql.split()) for key, sql in found.items()}


def test_the_oldest_kept_ledger_upgrades_to_the_schema_of_a_new_one(
    tousu: Invoke, db_path: Path, tmp_path: Path
) -> None:
    old = load("ledger-v1.sql", db_path)
    checked = tousu("verify")
    assert checked.exit_code == 0, checked.stdout + checked.stderr
    assert "7 件投诉" in checked.stdout
    fresh = tmp_path / "fresh.db"
    assert tousu("--db", str(fresh), "init").exit_code == 0
    assert {kind for kind, _ in schema_of(fresh)} == {"table", "index", "trigger"}
    assert schema_of(old) == schema_of(fresh)
    with sqlite3.connect(old) as conn:
        assert conn.execute("PRAGMA user_version").fetchone() == (schema_version(),)
        steps = [json.loads(d) for (d,) in conn.execute(
            "SELECT data FROM events WHERE action = 'upgrade' ORDER BY id"
        )]  # fmt: skip
    assert [(s["from"], s["to"]) for s in steps] == [(v, v + 1) for v in range(1, schema_version())]


def test_there_is_one_migration_to_each_version_after_the_first() -> None:
    assert sorted(MIGRATIONS) == list(range(2, schema_version() + 1))


def test_a_database_of_another_program_is_refused_and_left_alone(
    tousu: Invoke, db_path: Path
) -> None:
    with sqlite3.connect(db_path) as conn:
        conn.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, item TEXT)")
    for command in (["list"], ["register", "--received", "2026-11-30 09:00", "--channel",
                    "phone", "--anonymous", "--unit", "税务窗口", "--category", "服务态度",
                    "--content", "x"]):  # fmt: skip
        refused = tousu(*command)
        assert refused.exit_code == 1
        assert "不是 tousu 数据库" in refused.stderr and refused.stderr.count("\n") == 1
    with sqlite3.connect(db_path) as conn:
        tables = [name for (name,) in conn.execute("SELECT name FROM sqlite_master")]
        assert tables == ["orders"]
        assert conn.execute("PRAGMA user_version").fetchone() == (0,)
