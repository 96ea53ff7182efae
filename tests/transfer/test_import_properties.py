"""What an import must keep true for any file: closed in time is never overdue,
a second import adds nothing, and a bulk load leaves the indexes as they were."""

from __future__ import annotations

import csv
import gc
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import fixed_salts
from tousu_cli.chinatime import CHINA_TZ
from tousu_cli.domain.clocks import ClockState
from tousu_cli.services.importing import ImportOptions, import_file
from tousu_cli.services.office import Office
from tousu_cli.storage.bulk import REPORT_INDEXES, report_indexes_set_aside
from tousu_cli.storage.clock_rows import load_clocks
from tousu_cli.storage.connection import blank_db

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=CHINA_TZ)
HEADERS = [
    "工单编号",
    "来电时间",
    "受理渠道",
    "来电人",
    "被反映单位",
    "问题分类",
    "诉求内容",
    "办结时间",
]

orders = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=300),  # received, days after 2026-01-05
        st.integers(min_value=0, max_value=8 * 60),  # minutes after 09:00
        st.one_of(st.none(), st.integers(min_value=0, max_value=20)),  # closed, days later
        st.sampled_from(["张三", "李四", "匿名"]),
    ),
    min_size=1,
    max_size=12,
)


def write(path: Path, rows: list[tuple[int, int, int | None, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(HEADERS)
        for i, (day, minute, closed, who) in enumerate(rows):
            received = datetime(2026, 1, 5, 9) + timedelta(days=day, minutes=minute)
            done = (
                ""
                if closed is None
                else f"{received + timedelta(days=closed, hours=1):%Y-%m-%d %H:%M}"
            )
            writer.writerow(
                [
                    f"P{i}",
                    f"{received:%Y-%m-%d %H:%M}",
                    "12345",
                    who,
                    "税务窗口",
                    "服务态度",
                    "态度差",
                    done,
                ]
            )


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=orders)
def test_imported_history_is_judged_by_its_own_times(
    tmp_path: Path, rows: list[tuple[int, int, int | None, str]]
) -> None:
    path = tmp_path / "orders.csv"
    write(path, rows)
    office = Office(blank_db(), "测试员", NOW)
    result = import_file(office, path, ImportOptions())
    assert (result.new, result.bad) == (len(rows), 0)
    conn = office.conn
    for case_id, external in conn.execute("SELECT id, external_id FROM cases"):
        day, minute, closed, _ = rows[int(external[1:])]
        for _, clock in load_clocks(conn, case_id):
            status = office.settled(clock)
            received = (datetime(2026, 1, 5, 9) + timedelta(days=day, minutes=minute)).date()
            if clock.name.value == "reply":
                # Counted from the day it was received, not the day of the import.
                assert clock.started_on == received
                assert status.due == office.workdays.add(received, 5)
                if closed is not None:
                    answered = datetime(2026, 1, 5, 10) + timedelta(
                        days=day + closed, minutes=minute
                    )
                    assert clock.stopped_on == answered.date()
                    late = answered.date() > status.due
                    assert status.state is (ClockState.LATE if late else ClockState.MET)
    # Nothing closed is ever running, so nothing closed can be overdue today.
    running = conn.execute(
        "SELECT count(*) FROM clocks JOIN cases ON cases.id = clocks.case_id"
        " WHERE clocks.stopped_on IS NULL AND cases.replied_at IS NOT NULL"
        " AND clocks.name = 'reply'"
    ).fetchone()[0]
    assert running == 0
    again = import_file(office, path, ImportOptions())
    assert (again.new, again.present) == (0, len(rows))


def index_names(conn: sqlite3.Connection) -> set[str]:
    return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}


def test_report_indexes_come_back_after_a_bulk_load() -> None:
    conn = blank_db()
    before = index_names(conn)
    assert set(REPORT_INDEXES) <= before
    conn.execute("BEGIN")
    with report_indexes_set_aside(conn, when=True):
        assert not set(REPORT_INDEXES) & index_names(conn)
    conn.execute("COMMIT")
    assert index_names(conn) == before


def test_a_rolled_back_bulk_load_keeps_its_indexes() -> None:
    conn = blank_db()
    before = index_names(conn)
    conn.execute("BEGIN")
    with pytest.raises(RuntimeError), report_indexes_set_aside(conn, when=True):
        raise RuntimeError("a bad row")
    conn.execute("ROLLBACK")
    assert index_names(conn) == before


# Rows from a few people with a few phones, some of them the same work order twice:
# what a chunk asks of the database, of the chunk being written and of itself.
people_rows = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=40),  # received, days after 2026-01-05
        st.sampled_from(["张三", "李四", "匿名"]),
        st.sampled_from(["", "13800000001", "13900000002"]),
        st.sampled_from(["税务窗口", "社保窗口"]),
        st.integers(min_value=0, max_value=6),  # work-order number: equal ones are one order
        st.booleans(),  # whether the file names the order at all
    ),
    min_size=1,
    max_size=14,
)


PEOPLE_HEADERS = [
    "工单编号", "来电时间", "受理渠道", "来电人", "来电号码", "被反映单位", "问题分类", "诉求内容",
]  # fmt: skip


def write_people(path: Path, rows: list[tuple[int, str, str, str, int, bool]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(PEOPLE_HEADERS)
        for day, who, phone, unit, order, named in rows:
            received = datetime(2026, 1, 5, 9) + timedelta(days=day, minutes=order)
            order_id = f"W{order}-{day}" if named else ""
            writer.writerow(
                [
                    order_id,
                    f"{received:%Y-%m-%d %H:%M}",
                    "12345",
                    who,
                    phone,
                    unit,
                    "服务态度",
                    "态度差",
                ]
            )


def ledger_after(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, files: list[Path], chunk: int
) -> dict[str, list[tuple[object, ...]]]:
    from tousu_cli.services import importing as importer

    monkeypatch.setattr(importer, "BATCH_ROWS", chunk)
    fixed_salts(monkeypatch)
    office = Office(blank_db(), "测试员", NOW)
    for path in files:
        import_file(office, path, ImportOptions())
    tables = ("cases", "case_links", "clocks", "events")
    return {t: [tuple(r) for r in office.conn.execute(f"SELECT * FROM {t} ORDER BY id")]
            if t != "case_links" else
            [tuple(r) for r in office.conn.execute("SELECT * FROM case_links ORDER BY 1, 2")]
            for t in tables}  # fmt: skip


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@pytest.mark.slow
@given(first=people_rows, second=people_rows, chunk=st.integers(min_value=1, max_value=3))
def test_how_a_file_is_cut_into_chunks_changes_nothing(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    first: list[tuple[int, str, str, str, int, bool]],
    second: list[tuple[int, str, str, str, int, bool]],
    chunk: int,
) -> None:
    """Small chunks rotate the cases kept in memory through the writer many times:
    numbers, repeat ranks and links, matches and the event chain must come out
    as from one chunk holding the whole file."""
    files = [tmp_path / "first.csv", tmp_path / "second.csv"]
    write_people(files[0], first)
    write_people(files[1], second + first[:2])  # the second file repeats orders of the first
    whole = ledger_after(tmp_path, monkeypatch, files, chunk=10_000)
    assert ledger_after(tmp_path, monkeypatch, files, chunk=chunk) == whole


def test_repeats_are_counted_across_chunks_and_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One person, four times within the repeat window, a row per chunk: the first
    case is in the database, the second being written, the third kept in memory
    when the fourth comes; the last row of the second file is the first order again."""
    calls = [(day, "张三", "13800000001", "税务窗口", day, True) for day in (0, 2, 4)]
    files = [tmp_path / "first.csv", tmp_path / "second.csv"]
    write_people(files[0], calls)
    write_people(files[1], [(6, "张三", "13800000001", "税务窗口", 6, True), calls[0]])
    ledger = ledger_after(tmp_path, monkeypatch, files, chunk=1)
    assert [row[0] for row in ledger["cases"]] == [1, 2, 3, 4]  # the repeated order: not again
    ranks = {r[0]: r[1] for r in blank_ranks(ledger)}
    assert ranks == {1: 1, 2: 2, 3: 3, 4: 4}
    assert sorted(ledger["case_links"]) == [(2, 1), (3, 1), (3, 2), (4, 1), (4, 2), (4, 3)]


def blank_ranks(ledger: dict[str, list[tuple[object, ...]]]) -> list[tuple[object, object]]:
    columns = [r[1] for r in blank_db().execute("PRAGMA table_info(cases)")]
    rank = columns.index("repeat_rank")
    return [(row[0], row[rank]) for row in ledger["cases"]]


def cycles_left_by_import(tmp_path: Path, rows: int) -> int:
    """Reference cycles an import of ROWS rows (every tenth one bad) leaves behind."""
    path = tmp_path / f"orders-{rows}.csv"
    people = ["张三", "李四", "匿名"]
    write(path, [(i % 300, i % 480, None if i % 3 else i % 20, people[i % 3]) for i in range(rows)])
    lines = path.read_text("utf-8").splitlines()
    for i in range(1, len(lines), 10):  # a date that does not exist
        lines[i] = lines[i].replace("2026-", "2026-02-30 ", 1).replace(" 0", "", 1)
    path.write_text("\n".join(lines) + "\n", "utf-8")
    office = Office(blank_db(), "测试员", NOW)
    options = ImportOptions(skip_bad=True, reject_path=tmp_path / f"rejected-{rows}.csv")
    gc.collect()
    gc.disable()
    try:
        result = import_file(office, path, options)
        assert result.bad >= rows // 10 and result.new > 0
        return gc.collect()
    finally:
        gc.enable()


@pytest.mark.slow
def test_an_import_makes_no_cycles_for_the_collector_it_pauses(tmp_path: Path) -> None:
    cycles_left_by_import(tmp_path, 5)  # whatever a first import sets up once
    few, many = cycles_left_by_import(tmp_path, 20), cycles_left_by_import(tmp_path, 2000)
    assert many - few < 20


def test_the_collector_runs_again_after_an_import_even_one_that_fails(tmp_path: Path) -> None:
    path = tmp_path / "orders.csv"
    write(path, [(i, i, None, "张三") for i in range(3)])
    office = Office(blank_db(), "测试员", NOW)
    assert gc.isenabled()
    seen: list[bool] = []

    def progress(done: int, size: int) -> None:
        seen.append(gc.isenabled())
        raise KeyboardInterrupt  # the clerk gives up half-way

    with pytest.raises(KeyboardInterrupt):
        import_file(office, path, ImportOptions(), progress)
    assert seen == [False]  # paused while the rows were read
    assert gc.isenabled()
    import_file(office, path, ImportOptions())
    assert gc.isenabled()
