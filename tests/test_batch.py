"""Batched writing gives exactly the rows that saving case by case gives."""

from __future__ import annotations

import random
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from tests.conftest import fixed_salts
from tousu_cli.chinatime import CHINA_TZ
from tousu_cli.services import demo
from tousu_cli.services.office import Office
from tousu_cli.storage.connection import open_db
from tousu_cli.storage.transaction import write_transaction

NOW = datetime(2026, 11, 20, 18, 0, tzinfo=CHINA_TZ)
TABLES = ("cases", "units", "case_links", "clocks", "events")


def dump(conn: sqlite3.Connection) -> dict[str, list[tuple[object, ...]]]:
    return {t: [tuple(r) for r in conn.execute(f"SELECT * FROM {t} ORDER BY 1, 2")] for t in TABLES}


def ledger(
    path: Path, batched: bool, monkeypatch: pytest.MonkeyPatch
) -> dict[str, list[tuple[object, ...]]]:
    fixed_salts(monkeypatch)
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


@pytest.mark.slow
def test_batched_and_single_saving_write_the_same_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    batched = ledger(tmp_path / "batched.db", batched=True, monkeypatch=monkeypatch)
    single = ledger(tmp_path / "single.db", batched=False, monkeypatch=monkeypatch)
    assert len(batched["cases"]) == 500 and len(batched["events"]) > 2000
    assert batched["case_links"], "the sample should hold repeat complainants"
    for table in TABLES:
        assert batched[table] == single[table], table


def test_a_batch_hands_out_ids_after_whatever_was_written_meanwhile(tmp_path: Path) -> None:
    from tousu_cli.domain.intake import NewCase
    from tousu_cli.domain.model import Channel
    from tousu_cli.services.batch import Batch
    from tousu_cli.services.cases import register, register_with_history

    conn = open_db(tmp_path / "tousu.db")
    office = Office(conn, "测试员", NOW)
    batch = Batch(office)  # made before anything is written, as the demo makes it
    case = NewCase(
        received_at=NOW - timedelta(days=3), channel=Channel.PHONE, complainant=None,
        unit="税务窗口", category="服务态度", content="态度差",
    )  # fmt: skip
    register(office, case)  # a writer outside the batch takes case and clock ids
    with write_transaction(conn):
        register_with_history(office, case, (), batch=batch)
        batch.flush()
    ids = [r[0] for r in conn.execute("SELECT id FROM cases ORDER BY id")]
    clocks = [r[0] for r in conn.execute("SELECT id FROM clocks ORDER BY id")]
    assert ids == [1, 2] and clocks == [1, 2]
