"""Benchmark: storing an import's event rows, by the hand-written path or by sqlite-utils.

The import stores its rows a batch at a time (storage/writer.py): each table's
rows as one JSON array, unpacked by SQLite's json_each in one statement, while
the next batch is worked out in Python. sqlite-utils' Table.insert_all is the
library's way of doing the same job (executemany in chunks). Both store the
same rows into the events table of a new ledger, batch by batch, interleaved,
and the import keeps the faster (see the figures).

Figures only: always exits 0.
Run: python bench/bench_bulk_insert.py [--rows N] [--batch N] [--runs K]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from collections.abc import Callable
from pathlib import Path
from time import perf_counter
from typing import Any

from tousu_cli.storage.connection import open_db
from tousu_cli.storage.writer import insert_rows

COLUMNS = ("id", "case_id", "at", "recorded_at", "actor", "action", "data", "hash")


def event_rows(count: int) -> list[tuple[Any, ...]]:
    data = '{"clocks":[{"clock":"reply","due":"2026-10-14","change":"started","limit_days":5}]}'
    return [
        (i, None, "2026-10-08T09:00:00+08:00", "2026-10-08T09:00:00+08:00", "王芳", "accept",
         data, f"{i:064x}")
        for i in range(1, count + 1)
    ]  # fmt: skip


def by_json_each(conn: Any, batches: list[list[tuple[Any, ...]]]) -> None:
    for batch in batches:
        sql, rows = insert_rows("events", COLUMNS, batch)
        conn.execute(sql, (rows,))


def by_sqlite_utils(conn: Any, batches: list[list[tuple[Any, ...]]]) -> None:
    import sqlite_utils

    table = sqlite_utils.Database(conn).table("events")
    for batch in batches:
        table.insert_all(
            (dict(zip(COLUMNS, row, strict=True)) for row in batch), batch_size=len(batch)
        )


def timed(store: Callable[[Any, list[list[tuple[Any, ...]]]], None], batches: Any) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        conn = open_db(Path(tmp) / "tousu.db")
        conn.execute("DROP TRIGGER IF EXISTS events_append_only_update")
        conn.execute("BEGIN IMMEDIATE")
        started = perf_counter()
        store(conn, batches)
        conn.execute("COMMIT")
        elapsed = perf_counter() - started
        (count,) = conn.execute("SELECT count(*) FROM events").fetchone()
        conn.close()
    assert count == sum(len(b) for b in batches), count
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--batch", type=int, default=16_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    rows = event_rows(args.rows)
    batches = [rows[i : i + args.batch] for i in range(0, len(rows), args.batch)]
    times: dict[str, list[float]] = {"json_each (storage/writer.py)": [], "sqlite-utils": []}
    for _ in range(args.runs):  # interleaved: drift in machine load hits both alike
        times["json_each (storage/writer.py)"].append(timed(by_json_each, batches))
        times["sqlite-utils"].append(timed(by_sqlite_utils, batches))
    print(f"{args.rows:,} event rows in batches of {args.batch:,}, {args.runs} runs each")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"  {name:32} median {median:6.2f} s  ({args.rows / median:,.0f} rows/s)")
    fast, slow = sorted(times, key=lambda name: statistics.median(times[name]))
    ratio = statistics.median(times[slow]) / statistics.median(times[fast])
    print(f"faster: {fast} ({ratio:.2f}x)")


if __name__ == "__main__":
    main()
