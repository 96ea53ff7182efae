"""The background writer: rows in as multi-row statements, in order, errors handed back."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tousu_cli.storage import writer
from tousu_cli.storage.writer import BackgroundWriter, Insert, statements

COLUMNS = ("a", "b", "c")


@pytest.fixture
def conn() -> Iterator[sqlite3.Connection]:
    conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b INTEGER, c TEXT NOT NULL)")
    yield conn
    conn.close()


values = st.one_of(st.none(), st.integers(-(2**63), 2**63 - 1), st.text(max_size=8))
rows = st.lists(st.tuples(values, values, st.text(max_size=8)), max_size=40)


@settings(max_examples=60, deadline=None)
@given(batches=st.lists(rows, max_size=4), limit=st.integers(1, 10))
def test_the_rows_are_stored_as_given_and_in_order(
    batches: list[list[tuple[Any, ...]]], limit: int
) -> None:
    # A small parameter limit cuts even a few rows into several statements,
    # some of them with a column empty in every row.
    conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, a, b, c TEXT NOT NULL)")
    saved, writer.MAX_VALUES = writer.MAX_VALUES, limit
    try:
        background = BackgroundWriter(conn)
        for batch in batches:
            background.submit([Insert("t", COLUMNS, batch)])
        background.close()
    finally:
        writer.MAX_VALUES = saved
    stored = conn.execute("SELECT a, b, c FROM t ORDER BY id").fetchall()
    assert stored == [row for batch in batches for row in batch]


def test_no_statement_binds_more_than_the_limit() -> None:
    many = [(str(i), i, "x") for i in range(25_000)]
    made = statements(Insert("t", COLUMNS, many))
    assert len(made) == 3  # 32,766 parameters hold 10,922 rows of three
    assert all(len(params) <= writer.MAX_VALUES for _, params in made)
    assert sum(sql.count("(?, ?, ?)") for sql, _ in made) == len(many)


def test_a_column_empty_in_every_row_is_written_null_not_bound() -> None:
    [(sql, params)] = statements(Insert("t", COLUMNS, [(None, 1, "x"), (None, 2, "y")]))
    assert sql.endswith("VALUES (NULL, ?, ?), (NULL, ?, ?)")
    assert params == [1, "x", 2, "y"]
    [(sql, params)] = statements(Insert("t", COLUMNS, [(None, None, "x")]))
    assert sql.endswith("VALUES (NULL, NULL, ?)")
    assert params == ["x"]


def test_a_refused_batch_is_raised_by_wait_and_the_writer_goes_on(
    conn: sqlite3.Connection,
) -> None:
    background = BackgroundWriter(conn)
    background.submit([Insert("t", COLUMNS, [("a", 1, None)])])  # c is NOT NULL
    with pytest.raises(sqlite3.IntegrityError):
        background.wait()
    background.submit([Insert("t", COLUMNS, [("b", 2, "ok")])])
    background.close()
    assert conn.execute("SELECT a, c FROM t").fetchall() == [("b", "ok")]


def test_close_ends_the_thread_and_a_later_submit_starts_another(
    conn: sqlite3.Connection,
) -> None:
    before = threading.active_count()
    background = BackgroundWriter(conn)
    background.submit([Insert("t", COLUMNS, [("a", 1, "x")])])
    assert threading.active_count() == before + 1
    background.close()
    assert threading.active_count() == before
    background.submit([Insert("t", COLUMNS, [("b", 2, "y")])])
    background.close()
    assert threading.active_count() == before
    assert conn.execute("SELECT count(*) FROM t").fetchone() == (2,)
