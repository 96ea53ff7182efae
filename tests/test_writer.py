"""The background writer: rows in as given and in order, errors handed back."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tousu_cli.storage.writer import BackgroundWriter, insert_rows

COLUMNS = ("a", "b", "c")


@pytest.fixture
def conn() -> Iterator[sqlite3.Connection]:
    conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b INTEGER, c TEXT NOT NULL)")
    yield conn
    conn.close()


# Quotes, backslashes, Chinese, control characters. Not NUL, which SQLite's
# JSON functions end a text at, nor lone surrogates (not UTF-8, refused below):
# validation refuses both long before a text reaches the ledger.
texts = st.text(st.characters(exclude_characters="\x00", exclude_categories=["Cs"]), max_size=8)
values = st.one_of(st.none(), st.integers(-(2**63), 2**63 - 1), texts)
rows = st.lists(st.tuples(values, values, texts), max_size=40)


@settings(max_examples=60, deadline=None)
@given(batches=st.lists(rows, max_size=4))
def test_the_rows_are_stored_as_given_and_in_order(batches: list[list[tuple[Any, ...]]]) -> None:
    conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, a, b, c TEXT NOT NULL)")
    background = BackgroundWriter(conn)
    for batch in batches:
        background.submit([insert_rows("t", COLUMNS, batch)] if batch else [])
    background.close()
    stored = conn.execute("SELECT a, b, c FROM t ORDER BY id").fetchall()
    assert stored == [row for batch in batches for row in batch]


def test_a_refused_batch_is_raised_by_wait_and_the_writer_goes_on(
    conn: sqlite3.Connection,
) -> None:
    background = BackgroundWriter(conn)
    background.submit([insert_rows("t", COLUMNS, [("a", 1, None)])])  # c is NOT NULL
    with pytest.raises(sqlite3.IntegrityError):
        background.wait()
    background.submit([insert_rows("t", COLUMNS, [("b", 2, "ok")])])
    background.close()
    assert conn.execute("SELECT a, c FROM t").fetchall() == [("b", "ok")]


def test_text_that_is_not_utf8_is_refused_not_stored(conn: sqlite3.Connection) -> None:
    with pytest.raises(UnicodeEncodeError):
        insert_rows("t", COLUMNS, [("a", 1, "\ud800")])
    assert conn.execute("SELECT count(*) FROM t").fetchone() == (0,)


def test_close_ends_the_thread_and_a_later_submit_starts_another(
    conn: sqlite3.Connection,
) -> None:
    before = threading.active_count()
    background = BackgroundWriter(conn)
    background.submit([insert_rows("t", COLUMNS, [("a", 1, "x")])])
    assert threading.active_count() == before + 1
    background.close()
    assert threading.active_count() == before
    background.submit([insert_rows("t", COLUMNS, [("b", 2, "y")])])
    background.close()
    assert threading.active_count() == before
    assert conn.execute("SELECT count(*) FROM t").fetchone() == (2,)
