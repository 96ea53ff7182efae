"""Benchmark: building a large demo ledger, then reading it back from the command line.

Measures, in a temporary directory,
1. wall time and peak memory (max RSS of the child) of `tousu demo --cases N --json`,
   target < 60 s, with the resulting file size and number of cases and events;
2. on that ledger, interleaved with a bare `import typer, sqlite_utils, chinese_calendar`
   (A): `tousu show CASE --json` for an investigating case (B) and the shell pipeline
   `tousu list --status investigating --json | head` (C), which still makes tousu read and
   print every matching case, target median ratios B/A and C/A <= 1.5;
3. for information, the query plan of the `list --status` query, to show whether an index
   is used.

Figures only: it prints PASS/MISS but always exits 0 unless a command fails. It takes a few
minutes. Run: python bench/bench_lifecycle.py [--cases N]   (default N = 100000)
"""

from __future__ import annotations

import argparse
import platform
import resource
import shlex
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from time import perf_counter

from benchkit import tousu_script, verdict

DEFAULT_CASES = 100_000
DEMO_TARGET_SECONDS = 60.0
RUNS, WARMUPS = 15, 2
RATIO_TARGET = 1.5
LIST_SQL = (
    "SELECT c.*, u.name AS unit FROM cases c JOIN units u ON u.id = c.unit_id"
    " WHERE c.status IN (?) ORDER BY c.received_at DESC, c.id DESC"
)


def run(cmd: str | Sequence[str], *, shell: bool = False) -> str:
    """Run CMD with stdout discarded; stop on failure. Returns what it wrote on stderr."""
    proc = subprocess.run(
        cmd,
        shell=shell,
        executable=shutil.which("bash") if shell else None,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        encoding="utf-8",
        errors="replace",
        check=False,
    )
    if proc.returncode != 0:
        shown = cmd if isinstance(cmd, str) else " ".join(cmd)
        raise SystemExit(f"{shown} failed ({proc.returncode}):\n{proc.stderr}")
    return proc.stderr


def children_peak_mb() -> float:
    """Largest resident set of any finished child so far (Linux: KiB, macOS: bytes)."""
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def bench_demo(tousu: Path, db: Path, cases: int) -> None:
    cmd = [str(tousu), "demo", "--db", str(db), "--cases", str(cases), "--json"]
    t0 = perf_counter()
    run(cmd)  # the first child of this process, so the peak below is its own
    seconds = perf_counter() - t0
    print(
        f"tousu demo --cases {cases:,} --json: {seconds:.1f} s "
        f"(target < {DEMO_TARGET_SECONDS:.0f} s: {verdict(seconds < DEMO_TARGET_SECONDS)}), "
        f"peak memory {children_peak_mb():.0f} MB"
    )
    files = [Path(f"{db}{suffix}") for suffix in ("", "-wal", "-shm")]
    sizes = ", ".join(f"{f.name} {f.stat().st_size / 1e6:.1f} MB" for f in files if f.exists())
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        (n_cases,) = conn.execute("SELECT count(*) FROM cases").fetchone()
        (n_events,) = conn.execute("SELECT count(*) FROM events").fetchone()
        (n_clocks,) = conn.execute("SELECT count(*) FROM clocks").fetchone()
    print(
        f"  file: {sizes}; {n_cases:,} cases, {n_events:,} events, {n_clocks:,} clocks "
        f"({n_events / max(n_cases, 1):.1f} events per case)"
    )


def pick_case(db: Path) -> tuple[str, int]:
    """An investigating case (any case if none) and how many cases are investigating."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        row = (
            conn.execute(
                "SELECT number FROM cases WHERE status = 'investigating' LIMIT 1"
            ).fetchone()
            or conn.execute("SELECT number FROM cases LIMIT 1").fetchone()
        )
        (investigating,) = conn.execute(
            "SELECT count(*) FROM cases WHERE status = 'investigating'"
        ).fetchone()
    return str(row[0]), int(investigating)


def bench_reading(tousu: Path, db: Path) -> None:
    case, investigating = pick_case(db)
    baseline = [sys.executable, "-c", "import typer, sqlite_utils, chinese_calendar"]
    show = [str(tousu), "--db", str(db), "show", case, "--json"]
    pipeline = (
        f"{shlex.quote(str(tousu))} --db {shlex.quote(str(db))} "
        "list --status investigating --json | head"
    )
    commands: dict[str, tuple[str | Sequence[str], bool]] = {
        "A": (baseline, False),
        "B": (show, False),
        "C": (pipeline, True),
    }
    labels = {
        "A": f"baseline: {baseline[-1]}",
        "B": f"tousu show {case} --json",
        "C": f"tousu list --status investigating --json | head ({investigating:,} cases match)",
    }
    times: dict[str, list[float]] = {key: [] for key in commands}
    pipe_stderr = ""
    # Interleaved so drift in machine load hits all three alike.
    for i in range(WARMUPS + RUNS):
        for key, (cmd, shell) in commands.items():
            t0 = perf_counter()
            stderr = run(cmd, shell=shell)
            elapsed = perf_counter() - t0
            if i >= WARMUPS:
                times[key].append(elapsed)
            if key == "C" and stderr and not pipe_stderr:
                pipe_stderr = stderr
    medians = {key: statistics.median(values) for key, values in times.items()}
    for key, values in times.items():
        print(
            f"{key} ({labels[key]}): median {medians[key] * 1e3:7.1f} ms, "
            f"min {min(values) * 1e3:7.1f} ms ({RUNS} runs)"
        )
    for key in ("B", "C"):
        ratio = medians[key] / medians["A"]
        print(
            f"ratio median({key})/median(A): {ratio:.2f} "
            f"(target ≤ {RATIO_TARGET}: {verdict(ratio <= RATIO_TARGET)})"
        )
    if pipe_stderr:
        last = pipe_stderr.strip().splitlines()[-1] if pipe_stderr.strip() else ""
        print(f"  note: the pipeline wrote on stderr, e.g. {last!r}")


def report_plan(db: Path) -> None:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        rows = conn.execute(f"EXPLAIN QUERY PLAN {LIST_SQL}", ("investigating",)).fetchall()
    print("query plan of `list --status investigating`:")
    depth: dict[int, int] = {0: 0}
    for node, parent, _, detail in rows:
        depth[node] = depth.get(parent, 0) + 1
        print(f"  {'  ' * (depth[node] - 1)}{detail}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--cases", type=int, default=DEFAULT_CASES, help="demo size")
    args = parser.parse_args()
    print(
        f"Python {platform.python_version()} ({sys.implementation.name}) on {platform.platform()}"
    )
    tousu = tousu_script()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "demo.db"
        bench_demo(tousu, db, args.cases)
        bench_reading(tousu, db)
        report_plan(db)


if __name__ == "__main__":
    main()
