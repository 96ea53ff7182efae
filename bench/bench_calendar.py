"""Benchmark: due-date throughput and `tousu calendar due` start-up time.

Measures
1. how many `Workdays.add` computations per second run over start dates in 2025-2027
   (per-year table build reported separately), target >= 200,000/s;
2. wall time of `tousu calendar due` against a bare `import typer, sqlite_utils,
   chinese_calendar`, target median ratio <= 1.3, plus the largest imports of that process.

Figures only: it prints PASS/MISS but always exits 0. Run: python bench/bench_calendar.py
"""

from __future__ import annotations

import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from pathlib import Path
from time import perf_counter

from benchkit import verdict
from tousu_cli.calendar_cn import ChinaCalendar
from tousu_cli.domain.workdays import Workdays

FIRST, LAST = date(2025, 1, 1), date(2027, 12, 31)
PAIRS_PER_DAY = 200  # x 1,095 days = 219,000 pairs
ROUNDS = 5
RUNS, WARMUPS = 20, 2
THROUGHPUT_TARGET = 200_000
RATIO_TARGET = 1.3
WATCH = ("pydantic", "rich", "lunar_python", "dateutil", "openpyxl")


def make_pairs() -> list[tuple[date, int]]:
    days = [FIRST + timedelta(days=i) for i in range((LAST - FIRST).days + 1)]
    rng = random.Random(0)
    pairs = [(day, rng.randint(1, 30)) for day in days for _ in range(PAIRS_PER_DAY)]
    # Shuffled so consecutive calls do not hit the same year table in order.
    rng.shuffle(pairs)
    return pairs


def bench_throughput() -> None:
    wd = Workdays(ChinaCalendar())
    # 2025 also pays the chinese_calendar import, 2027 the lunar_python one (provisional
    # year); 2028 is warmed because n up to 30 from late December 2027 spills into it.
    for year in range(2025, 2029):
        t0 = perf_counter()
        wd.add(date(year, 1, 1), 1)
        print(f"first call / table build time {year}: {(perf_counter() - t0) * 1e3:8.2f} ms")
    pairs = make_pairs()
    add = wd.add  # bound once so the loop measures add(), not attribute lookup
    rates = []
    for _ in range(ROUNDS):
        t0 = perf_counter()
        for start, n in pairs:
            add(start, n)
        rates.append(len(pairs) / (perf_counter() - t0))
    best, median = max(rates), statistics.median(rates)
    print(
        f"due-date computations ({len(pairs):,} pairs x {ROUNDS}): best {best:,.0f}/s, "
        f"median {median:,.0f}/s (target ≥ {THROUGHPUT_TARGET:,}/s on the median: "
        f"{verdict(median >= THROUGHPUT_TARGET)})"
    )


def run(cmd: Sequence[str], env: Mapping[str, str]) -> subprocess.CompletedProcess[str]:
    # Decoded as UTF-8 whatever the locale: the CLI prints Chinese.
    proc = subprocess.run(
        cmd, env=env, capture_output=True, encoding="utf-8", errors="replace", check=False
    )
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stderr}")
    return proc


def import_lines(stderr: str) -> list[tuple[int, int, str]]:
    """(depth, cumulative µs, module) for each `-X importtime` line."""
    rows = []
    for line in stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        _, cumulative, name = line.split("|", 2)
        depth = (len(name) - len(name.lstrip()) - 1) // 2
        rows.append((depth, int(cumulative), name.strip()))
    return rows


def bench_startup() -> None:
    tousu = Path(sys.executable).parent / "tousu"
    if not tousu.exists():
        raise SystemExit(f"no tousu script next to {sys.executable}; install the project there")
    baseline = [sys.executable, "-c", "import typer, sqlite_utils, chinese_calendar"]
    args = ["calendar", "due", "2026-09-30", "5"]
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "TOUSU_DB": str(Path(tmp) / "tousu.db")}
        run([str(tousu), "init"], env)
        commands = {"A": baseline, "B": [str(tousu), *args]}
        times: dict[str, list[float]] = {"A": [], "B": []}
        # Interleaved so drift in machine load hits both sides alike.
        for i in range(WARMUPS + RUNS):
            for key, cmd in commands.items():
                t0 = perf_counter()
                run(cmd, env)
                if i >= WARMUPS:
                    times[key].append(perf_counter() - t0)
        profile = run([sys.executable, "-X", "importtime", "-m", "tousu_cli", *args], env)

    labels = {"A": f"baseline: {baseline[-1]}", "B": "tousu " + " ".join(args)}
    medians = {key: statistics.median(values) for key, values in times.items()}
    for key, values in times.items():
        print(
            f"start-up {key} ({labels[key]}): median {medians[key] * 1e3:6.1f} ms, "
            f"min {min(values) * 1e3:6.1f} ms ({RUNS} runs)"
        )
    ratio = medians["B"] / medians["A"]
    print(
        f"start-up ratio median(B)/median(A): {ratio:.2f} "
        f"(target ≤ {RATIO_TARGET}: {verdict(ratio <= RATIO_TARGET)})"
    )
    report_imports(import_lines(profile.stderr))


def report_imports(rows: list[tuple[int, int, str]]) -> None:
    total = sum(cumulative for depth, cumulative, _ in rows if depth == 0)
    print(
        f"imports of `tousu calendar due` (-X importtime, total {total / 1e3:.1f} ms), "
        "8 largest cumulative at depth ≤ 1:"
    )
    shallow = sorted((r for r in rows if r[0] <= 1), key=lambda r: r[1], reverse=True)
    for depth, cumulative, name in shallow[:8]:
        print(f"  {cumulative / 1e3:7.1f} ms  {'  ' * depth}{name}")
    # A package's first line can be a cheap __init__; its heaviest submodule tells more.
    family = {m: [c for _, c, n in rows if n == m or n.startswith(m + ".")] for m in WATCH}
    seen = [f"{m} {max(c) / 1e3:.1f} ms" for m, c in family.items() if c]
    print(f"  watched heavy modules imported: {', '.join(seen) or 'none'}")


def main() -> None:
    print(
        f"Python {platform.python_version()} ({sys.implementation.name}) on {platform.platform()}"
    )
    bench_throughput()
    bench_startup()


if __name__ == "__main__":
    main()
