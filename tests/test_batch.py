"""Batched writing gives exactly the rows that saving case by case gives."""

from __future__ import annotations

import random
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

from tousu_cli.chinatime import CHINA_TZ
from tousu_cli.services import demo
from tousu_cli.services.office import Office
from tousu_cli.storage.connection import open_db, write_transaction

NOW = datetime(2026, 11, 20, 18, 0, tzinfo=CHINA_TZ)
TABLES = ("cases", "units", "case_links", "clocks", "events")


def dump(conn: sqlite3.Connection) -> dict[str, list[tuple[object, ...]]]:
    return {t: [tuple(r) for r in conn.execute(f"SELECT * FROM {t} ORDER BY 1, 2")] for t in TABLES}


def ledger(path: Path, batched: bool) -> dict[str, list[tuple[object, ...]]]:
    conn = open_db(path)
    maker = demo._Maker(Office(conn, "测试员", NOW), seed=11)
    if not batched:
        maker.batch = None  # each case saved by itself, as a command saves it
    days = random.Random(5).choices(range(680), k=500)
    with write_transaction(conn):
        for offset in sorted(days):
            demo._one_case(maker, demo.FIRST_DAY + timedelta(days=offset))
        if maker.batch is not None:
            maker.batch.flush()
    return dump(conn)


def test_batched_and_single_saving_write_the_same_rows(tmp_path: Path) -> None:
    batched = ledger(tmp_path / "batched.db", batched=True)
    single = ledger(tmp_path / "single.db", batched=False)
    assert len(batched["cases"]) == 500 and len(batched["events"]) > 2000
    assert batched["case_links"], "the sample should hold repeat complainants"
    for table in TABLES:
        assert batched[table] == single[table], table
