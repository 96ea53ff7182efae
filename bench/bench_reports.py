"""Benchmark: the reports and the ledger export on a large demo ledger.

Measures, on a demo ledger of N cases (built by `tousu demo`, or an existing one),
1. wall time of `tousu report overdue --json` interleaved with a "bare SQL" process that
   imports the query the report starts from (`tousu_cli.reports.overdue.CURRENT`), runs it
   with the same warning limit (1 working day after today, China time) and fetches every
   row; targets: report median <= 2 s and median ratio report/bare <= 3; with the number of
   rows each side returns (report: overdue + due_soon);
2. wall time of `tousu report stats --year 2026 --json`, target median <= 3 s;
3. `tousu export FILE.xlsx --from A --to B` over the newest ~100,000 cases: wall time
   (target <= 30 s) and peak memory of the export process (target <= 300 MB), then the
   file is opened with openpyxl in read-only mode and its data rows counted.

Figures only: it prints PASS/MISS but always exits 0 unless a command fails.
Run: python bench/bench_reports.py [--cases N] [--db PATH]   (default N = 1,000,000)
With --db, PATH is an existing ledger built by `tousu demo --db PATH --cases N` (building a
million cases takes about ten minutes, so keep one and reuse it); without it the ledger is
built in a temporary directory first.
"""

from __future__ import annotations

import argparse
import json
import platform
import sqlite3
import statistics
import sys
import tempfile
from pathlib import Path
from time import perf_counter

from benchkit import run, run_with_peak, timed, tousu_script, verdict

DEFAULT_CASES = 1_000_000
RUNS, WARMUPS = 10, 2
STATS_RUNS, STATS_WARMUPS = 5, 1
STATS_YEAR = "2026"
OVERDUE_TARGET_SECONDS = 2.0
OVERDUE_RATIO_TARGET = 3.0
STATS_TARGET_SECONDS = 3.0
EXPORT_ROWS = 100_000
EXPORT_TARGET_SECONDS = 30.0
EXPORT_TARGET_MB = 300.0

# The "bare SQL" side: the selection `report overdue` starts from, every row fetched.
BARE_SQL = """\
import sqlite3, sys
from tousu_cli.calendar_cn import ChinaCalendar
from tousu_cli.chinatime import today
from tousu_cli.domain.workdays import Workdays
from tousu_cli.reports.overdue import CURRENT
limit = Workdays(ChinaCalendar()).add(today(), 1).isoformat()
conn = sqlite3.connect(sys.argv[1])
rows = conn.execute(CURRENT, (limit,)).fetchall()
if len(sys.argv) > 2:
    print(len(rows), limit)
"""


def build_demo(tousu: Path, db: Path, cases: int) -> None:
    print(f"building the demo ledger ({cases:,} cases) ...", flush=True)
    cmd = [str(tousu), "demo", "--db", str(db), "--cases", str(cases), "--json"]
    seconds = timed(cmd)
    print(f"tousu demo --cases {cases:,} --json: {seconds:.1f} s")


def describe(db: Path, cases: int) -> None:
    files = [Path(f"{db}{suffix}") for suffix in ("", "-wal", "-shm")]
    sizes = ", ".join(f"{f.name} {f.stat().st_size / 1e6:.1f} MB" for f in files if f.exists())
    with connect_ro(db) as conn:
        (n_cases,) = conn.execute("SELECT count(*) FROM cases").fetchone()
        (n_clocks,) = conn.execute("SELECT count(*) FROM clocks").fetchone()
    print(f"ledger {db}: {sizes}; {n_cases:,} cases, {n_clocks:,} clocks")
    if n_cases != cases:
        print(f"  note: --cases says {cases:,} but the ledger holds {n_cases:,}")


def connect_ro(db: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{db}?mode=ro", uri=True)


def median_line(label: str, values: list[float]) -> str:
    return (
        f"{label}: median {statistics.median(values):6.3f} s, "
        f"min {min(values):6.3f} s ({len(values)} runs)"
    )


def bench_overdue(tousu: Path, db: Path) -> None:
    report = [str(tousu), "--db", str(db), "report", "overdue", "--json"]
    bare = [sys.executable, "-c", BARE_SQL, str(db)]
    document = json.loads(run(report, capture=True))
    report_rows = len(document["overdue"]) + len(document["due_soon"])
    bare_rows, limit = run([*bare, "count"], capture=True).split()
    commands = {"report": report, "bare": bare}
    times: dict[str, list[float]] = {key: [] for key in commands}
    # Interleaved so drift in machine load hits both sides alike.
    for i in range(WARMUPS + RUNS):
        for key, cmd in commands.items():
            elapsed = timed(cmd)
            if i >= WARMUPS:
                times[key].append(elapsed)
    print(
        f"1. report overdue (as of {document['as_of']}, warning limit {limit}): "
        f"report {len(document['overdue']):,} overdue + {len(document['due_soon']):,} due soon "
        f"= {report_rows:,} rows; bare SQL {int(bare_rows):,} rows"
    )
    labels = {"report": "tousu report overdue --json", "bare": "bare SQL (CURRENT, fetchall)"}
    for key, values in times.items():
        print(f"   {median_line(labels[key], values)}")
    report_median = statistics.median(times["report"])
    ratio = report_median / statistics.median(times["bare"])
    print(
        f"   report median {report_median:.3f} s (target ≤ {OVERDUE_TARGET_SECONDS:.0f} s: "
        f"{verdict(report_median <= OVERDUE_TARGET_SECONDS)}); ratio report/bare {ratio:.2f} "
        f"(target ≤ {OVERDUE_RATIO_TARGET:.0f}: {verdict(ratio <= OVERDUE_RATIO_TARGET)})"
    )


def bench_stats(tousu: Path, db: Path) -> None:
    cmd = [str(tousu), "--db", str(db), "report", "stats", "--year", STATS_YEAR, "--json"]
    times = [timed(cmd) for _ in range(STATS_WARMUPS + STATS_RUNS)][STATS_WARMUPS:]
    median = statistics.median(times)
    print(f"2. {median_line(f'tousu report stats --year {STATS_YEAR} --json', times)}")
    print(f"   target ≤ {STATS_TARGET_SECONDS:.0f} s: {verdict(median <= STATS_TARGET_SECONDS)}")


def export_range(db: Path) -> tuple[str, str, int]:
    """The dates from the case EXPORT_ROWS from the newest to the newest, and how many
    cases were received in that range (whole days, so a little more than EXPORT_ROWS)."""
    with connect_ro(db) as conn:
        (total,) = conn.execute("SELECT count(*) FROM cases").fetchone()
        (first,) = conn.execute(
            "SELECT received_at FROM cases ORDER BY received_at, id LIMIT 1 OFFSET ?",
            (max(total - EXPORT_ROWS, 0),),
        ).fetchone()
        (last,) = conn.execute("SELECT max(received_at) FROM cases").fetchone()
        start, end = str(first)[:10], str(last)[:10]
        (count,) = conn.execute(
            "SELECT count(*) FROM cases WHERE received_at >= ? AND received_at < ?",
            (start, end + "~"),  # '~' sorts after any time that follows the date
        ).fetchone()
    return start, end, int(count)


def bench_export(tousu: Path, db: Path, tmp: Path) -> None:
    start, end, expected = export_range(db)
    xlsx = tmp / "台账.xlsx"
    cmd = [str(tousu), "--db", str(db), "export", str(xlsx), "--from", start, "--to", end]
    seconds, peak_mb, output = run_with_peak([*cmd, "--json"])
    result = json.loads(output)
    print(
        f"3. tousu export 台账.xlsx --from {start} --to {end}: {result['rows']:,} rows "
        f"(the ledger holds {expected:,} in that range), file {xlsx.stat().st_size / 1e6:.1f} MB"
    )
    print(
        f"   wall time {seconds:.1f} s (target ≤ {EXPORT_TARGET_SECONDS:.0f} s: "
        f"{verdict(seconds <= EXPORT_TARGET_SECONDS)}), peak memory {peak_mb:.0f} MB "
        f"(target ≤ {EXPORT_TARGET_MB:.0f} MB: {verdict(peak_mb <= EXPORT_TARGET_MB)})"
    )
    from openpyxl import load_workbook

    t0 = perf_counter()
    book = load_workbook(xlsx, read_only=True)
    try:
        sheet = book.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = next(rows, None)
        data_rows = sum(1 for _ in rows)
    finally:
        book.close()
    ok = header is not None and data_rows == result["rows"]
    print(
        f"   openpyxl read-only: sheet {sheet.title!r}, {len(header or ())} columns, "
        f"{data_rows:,} data rows ({'matches' if ok else 'DOES NOT match'} the command's "
        f"count; read in {perf_counter() - t0:.1f} s)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--cases", type=int, default=DEFAULT_CASES, help="demo size")
    parser.add_argument("--db", type=Path, help="an existing demo ledger to use")
    args = parser.parse_args()
    print(
        f"Python {platform.python_version()} ({sys.implementation.name}) on {platform.platform()}"
    )
    tousu = tousu_script()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        if args.db is None:
            db = tmp / "demo.db"
            build_demo(tousu, db, args.cases)
        else:
            db = args.db.resolve()
            if not db.exists():
                raise SystemExit(f"{db} does not exist: build it with tousu demo --db {db}")
        describe(db, args.cases)
        bench_overdue(tousu, db)
        bench_stats(tousu, db)
        bench_export(tousu, db, tmp)


if __name__ == "__main__":
    main()
