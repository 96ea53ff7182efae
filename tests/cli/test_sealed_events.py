"""The chain covers seals, not the complainant's values: they are kept beside it,
and a value changed there is caught as an edited event is."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.conftest import Invoke

PHONE, OTHER, ID = "13812345678", "13912345678", "11010519491231002X"


def test_no_personal_value_is_in_the_chained_data(tousu: Invoke, db_path: Path) -> None:
    steps = [
        ("register", "--received", "2026-11-02 09:00", "--channel", "phone", "--unit", "税务窗口",
         "--category", "服务态度", "--complainant", "张三丰", "--phone", PHONE,
         "--id-number", ID, "--content", f"请回电{OTHER}"),
        ("amend", "2026-0001", "--phone", OTHER, "--reason", "电话记错"),
        ("accept", "2026-0001", "--at", "2026-11-02 10:00"),
    ]  # fmt: skip
    for step in steps:
        assert tousu(*step).exit_code == 0
    with sqlite3.connect(db_path) as conn:
        chained = " ".join(data for (data,) in conn.execute("SELECT data FROM events"))
        kept = " ".join(v for (v,) in conn.execute("SELECT personal FROM events") if v)
    for value in (PHONE, OTHER, ID, "张三丰"):
        assert value not in chained and value in kept
    shown = tousu("show", "2026-0001", "--reveal").stdout
    assert ID in shown and f"请回电{OTHER}" in shown
    assert tousu("verify").exit_code == 0


def test_a_value_changed_beside_the_chain_is_caught(tousu: Invoke, db_path: Path) -> None:
    registered = tousu(
        "register", "--received", "2026-11-02 09:00", "--channel", "phone", "--unit", "税务窗口",
        "--category", "服务态度", "--anonymous", "--content", f"请回电{PHONE}",
    )  # fmt: skip
    assert registered.exit_code == 0
    with sqlite3.connect(db_path) as conn:
        conn.execute("DROP TRIGGER events_append_only_update")
        conn.execute("UPDATE events SET personal = replace(personal, ?, ?)", (PHONE, OTHER))
    checked = tousu("verify")
    assert checked.exit_code == 1 and "个人信息与封存时不一致" in checked.stdout + checked.stderr
