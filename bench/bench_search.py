"""Benchmark: `tousu search` on a large demo ledger, and what its index costs in space.

Builds a demo of N cases (default 100,000; or uses --db), then times the
installed command, start-up included, for a three-character word and for a
phone's last four digits (targets ≤ 0.3 s wall each, median of the runs), and
reports the full-text indexes' share of the file (target ≤ 30 %).

Figures only: it prints PASS/MISS but always exits 0 unless a command fails.
Run: python bench/bench_search.py [--cases N] [--runs K] [--db FILE]
"""

from __future__ import annotations

import os
import sqlite3
import statistics
import subprocess
import tempfile
from pathlib import Path
from time import perf_counter

from benchkit import large_ledger, tousu_script, verdict

TARGET_SECONDS = 0.3
TARGET_SHARE = 0.30
QUERIES = {"a three-character word": "态度生", "a phone's last four digits": "尾号5678"}


def index_share(db: Path) -> float:
    with sqlite3.connect(db) as conn:
        (index,) = conn.execute(
            "SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'cases_fts%' OR name LIKE 'notes_fts%'"
        ).fetchone()
        (whole,) = conn.execute("SELECT sum(pgsize) FROM dbstat").fetchone()
    return float(index) / float(whole)


def main() -> None:
    args, ledger = large_ledger(__doc__.splitlines()[0] if __doc__ else None, runs=5)
    tousu = str(tousu_script())
    with tempfile.TemporaryDirectory() as tmp:
        db = ledger(Path(tmp))
        env = {**os.environ, "TOUSU_DB": str(db)}
        for what, query in QUERIES.items():
            times = []
            for _ in range(args.runs):
                started = perf_counter()
                subprocess.run([tousu, "search", query, "--json"], env=env, check=True,
                               stdout=subprocess.DEVNULL)  # fmt: skip
                times.append(perf_counter() - started)
            median = statistics.median(times)
            print(
                f"search {what} ({query}): median {median:.3f} s, min {min(times):.3f} s "
                f"(target ≤ {TARGET_SECONDS} s: {verdict(median <= TARGET_SECONDS)})"
            )
        share = index_share(db)
        size = db.stat().st_size / 1e6
        print(
            f"full-text indexes: {share:.1%} of the {size:.0f} MB file "
            f"(target ≤ {TARGET_SHARE:.0%}: {verdict(share <= TARGET_SHARE)})"
        )


if __name__ == "__main__":
    main()
