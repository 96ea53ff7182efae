"""The upgrade to version 10 seals the personal values of the events recorded
before, and chains them again; over a broken chain it seals nothing."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from tests.conftest import Invoke
from tests.test_kept_ledger import load
from tousu_cli.storage.events import GENESIS, event_hash

# Every complainant's name, phone and ID number in the kept ledger.
PERSONAL = ("张三", "李梅", "赵七", "13812345678", "110101199003071233", "13700002222")
NOTE = "已致电 0571-88886666 核实情况"


def write_note(path: Path, event_id: int, note: str) -> None:
    """The ledger at PATH as an earlier build would have written it had the
    investigation EVENT_ID noted NOTE: its chain made again. (Its version has no
    notes index yet: the upgrade to version 4 indexes the note as it stands.)"""
    with sqlite3.connect(path) as conn:
        (guard,) = conn.execute(
            "SELECT sql FROM sqlite_master WHERE name = 'events_append_only_update'"
        ).fetchone()
        conn.execute("DROP TRIGGER events_append_only_update")
        data = json.dumps({"note": note, "evidence": []}, ensure_ascii=False)
        conn.execute("UPDATE events SET data = ? WHERE id = ?", (data, event_id))
        previous = GENESIS
        for event_id_, *content in conn.execute(
            "SELECT id, case_id, at, recorded_at, actor, action, data FROM events ORDER BY id"
        ).fetchall():
            previous = event_hash(previous, event_id_, content)
            conn.execute("UPDATE events SET hash = ? WHERE id = ?", (previous, event_id_))
        conn.execute(guard)


def test_the_values_leave_the_chain_and_the_history_reads_as_before(
    tousu: Invoke, db_path: Path
) -> None:
    load("ledger-v3.sql", db_path)
    write_note(db_path, 21, NOTE)  # 2026-0002's investigation
    checked = tousu("verify")
    assert checked.exit_code == 0, checked.stdout + checked.stderr
    with sqlite3.connect(db_path) as conn:
        chained = " ".join(d for (d,) in conn.execute("SELECT data FROM events"))
        kept = " ".join(v for (v,) in conn.execute("SELECT personal FROM events") if v)
        record, reseal_id = conn.execute(
            "SELECT data, id FROM events WHERE action = 'reseal'"
        ).fetchone()
        (previous_hash,) = conn.execute(
            "SELECT hash FROM events WHERE id = ?", (reseal_id - 1,)
        ).fetchone()
    for value in (*PERSONAL, "88886666"):
        assert value not in chained and value in kept
    done = json.loads(record)
    assert done["broken_at"] is None and done["sealed"] >= len(PERSONAL) - 1
    assert done["new_head"] == previous_hash != done["old_head"]  # the chain ends as it says
    # Read back as written (the kept histories: test_kept_ledger).
    assert f"说明:{NOTE}" in tousu("show", "2026-0002", "--reveal").stdout
    # The notes index holds the sealed note: its words are found, its number no longer.
    assert "2026-0002" in tousu("search", "核实情况").stdout
    assert "2026-0002" not in tousu("search", "88886666").stdout


def test_over_a_broken_chain_nothing_is_sealed_and_the_edit_is_still_reported(
    tousu: Invoke, db_path: Path
) -> None:
    load("ledger-v3.sql", db_path)
    with sqlite3.connect(db_path) as conn:
        conn.execute("DROP TRIGGER events_append_only_update")
        conn.execute("UPDATE events SET data = replace(data, '调取录像', '没有调取') WHERE id = 6")
    checked = tousu("verify", "--json")
    assert checked.exit_code == 1
    assert any(
        "事件 #6" in problem and "被改动" in problem for problem in checked.json()["problems"]
    )
    warned = checked.json()["warnings"]
    assert any("事件 #6 与哈希链不符,此前的处置记录未封存" in warning for warning in warned)
    with sqlite3.connect(db_path) as conn:
        (record,) = conn.execute("SELECT data FROM events WHERE action = 'reseal'").fetchone()
        chained = " ".join(d for (d,) in conn.execute("SELECT data FROM events"))
        sealed = conn.execute("SELECT count(*) FROM events WHERE personal IS NOT NULL").fetchone()
    assert json.loads(record)["broken_at"] == 6 and json.loads(record)["sealed"] == 0
    assert "13812345678" in chained and sealed == (0,)
    shown = tousu("show", "2026-0001", "--reveal").stdout
    assert "没有调取" in shown
