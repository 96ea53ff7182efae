"""Benchmark: importing a 12345 work-order export.

Writes GB18030 CSVs of N work orders with 12345 headers (default 100,000), two
kinds: the new orders a nightly script pushes (none closed yet), and a backfill
of two years' orders, 85 % of them closed with 办结时间 and most of those with
满意度 (each such row is replayed through five or six stages). For each file,
side by side and interleaved:
1. `tousu import FILE --json` into a new ledger, target ≤ 20 s for 100,000 rows;
2. `sqlite-utils insert bare.db orders FILE --csv --encoding gb18030` into a bare
   table; target: the import within 2× of it (median of the runs).
With --million, also imports 1,000,000 backfill rows once and reports the
import's peak memory (target ≤ 300 MB: the file is streamed, not loaded).

Figures only: it prints PASS/MISS but always exits 0 unless a command fails.
Run: python bench/bench_import.py [--rows N] [--runs K] [--closed F ...] [--million]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import random
import statistics
import sys
import tempfile
from datetime import datetime, timedelta
from pathlib import Path
from time import perf_counter

from benchkit import children_cpu, run, run_with_peak, timed, tousu_script, verdict

TARGET_SECONDS = 20.0
TARGET_RATIO = 2.0
TARGET_MB = 300.0
HEADERS = [
    "工单编号", "来电时间", "受理渠道", "来电人", "来电号码", "被反映单位", "问题分类",
    "诉求内容", "诉求目的", "办理时限", "办结时间", "满意度",
]  # fmt: skip
UNITS = ["不动产登记窗口", "社保医保窗口", "公积金窗口", "企业开办窗口", "税务窗口",
         "公安户政窗口", "出入境窗口", "交通运输窗口", "住建窗口", "婚姻登记窗口"]  # fmt: skip
CATEGORIES = ["服务态度", "办事效率/拖延超时", "推诿扯皮", "不一次性告知", "空岗脱岗", "其他"]
CHANNELS = ["12345热线"] * 6 + ["来电"] * 2 + ["网站", "来访"]
CONTENTS = [
    "窗口工作人员态度生硬,不耐烦解释政策",
    "材料齐全但超过承诺时限仍未办结,多次催办无果",
    "两个窗口互相推诿,让群众来回跑",
    "第三次来才被告知还缺一份证明材料",
    "上午十点窗口无人,等了四十分钟",
]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超霞"


def write_orders(path: Path, rows: int, closed_share: float = 0.85, seed: int = 12345) -> None:
    """N work orders received from 2024-11-01 to about two weeks ago, CLOSED_SHARE
    of them closed (办结) with most of those revisited."""
    rnd = random.Random(seed)
    first = datetime(2024, 11, 1, 8, 0)
    span = (datetime(2026, 11, 6) - first).total_seconds()
    with path.open("w", encoding="gb18030", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(HEADERS)
        for i in range(rows):
            received = first + timedelta(seconds=int(span * i / rows))
            received = received.replace(hour=8 + received.hour % 10)
            closed = rnd.random() < closed_share
            done = received + timedelta(days=rnd.randint(1, 9), hours=rnd.randint(0, 6))
            satisfaction = rnd.choice(["满意", "满意", "基本满意", "不满意", ""])
            writer.writerow(
                [
                    f"GD{20000000 + i}",
                    received.strftime("%Y-%m-%d %H:%M:%S"),
                    rnd.choice(CHANNELS),
                    rnd.choice(SURNAMES) + rnd.choice(GIVEN) + rnd.choice(GIVEN),
                    f"1{rnd.randint(3, 9)}{rnd.randint(0, 999_999_999):09d}",
                    rnd.choice(UNITS),
                    rnd.choice(CATEGORIES),
                    rnd.choice(CONTENTS),
                    rnd.choice(["要求道歉", "要求尽快办理", ""]),
                    "5个工作日",
                    done.strftime("%Y-%m-%d %H:%M:%S") if closed else "",
                    satisfaction if closed else "",
                ]
            )


def bench_speed(tousu: Path, orders: Path, rows: int, runs: int, tmp: Path) -> None:
    mine: list[float] = []
    mine_cpu: list[float] = []
    bare: list[float] = []
    sqlite_utils = Path(sys.executable).parent / "sqlite-utils"
    for i in range(runs):
        ledger = tmp / f"ledger{i}.db"
        t0, cpu0 = perf_counter(), children_cpu()
        summary = json.loads(
            run([str(tousu), "--db", str(ledger), "import", str(orders), "--json"], capture=True)
        )
        mine.append(perf_counter() - t0)
        mine_cpu.append(children_cpu() - cpu0)
        if summary["new"] != rows or summary["bad"]:
            raise SystemExit(
                f"the import took {summary['new']:,} of {rows:,} rows: {summary['errors'][:3]}"
            )
        table = tmp / f"bare{i}.db"
        bare.append(
            timed(
                [
                    str(sqlite_utils),
                    "insert",
                    str(table),
                    "orders",
                    str(orders),
                    "--csv",
                    "--encoding",
                    "gb18030",
                ]
            )
        )
        ledger.unlink()
        table.unlink()
    median, bare_median = statistics.median(mine), statistics.median(bare)
    ratio = median / bare_median
    cpu, cores = statistics.median(mine_cpu), os.cpu_count() or 1
    print(
        f"1. tousu import, {rows:,} rows: median {median:.1f} s over {runs} runs "
        f"({', '.join(f'{t:.1f}' for t in mine)}; target ≤ {TARGET_SECONDS:.0f} s: "
        f"{verdict(median <= TARGET_SECONDS)})"
    )
    print(
        f"2. sqlite-utils insert of the same file into a bare table: median {bare_median:.1f} s "
        f"({', '.join(f'{t:.1f}' for t in bare)}); ratio {ratio:.2f} "
        f"(target ≤ {TARGET_RATIO:.0f}: {verdict(ratio <= TARGET_RATIO)})"
    )
    # Whatever runs in parallel, the import cannot take less than this.
    print(
        f"   the import used {cpu:.1f} s of CPU (median), all threads: at least "
        f"{cpu / cores:.1f} s on this machine's {cores} cores"
    )


def bench_memory(tousu: Path, tmp: Path, closed_share: float) -> None:
    orders = tmp / "orders-1m.csv"
    write_orders(orders, 1_000_000, closed_share)
    ledger = tmp / "million.db"
    cmd = [str(tousu), "--db", str(ledger), "import", str(orders), "--json"]
    seconds, peak_mb, output = run_with_peak(cmd)
    summary = json.loads(output)
    print(
        f"3. tousu import, 1,000,000 rows ({orders.stat().st_size / 1e6:.0f} MB file): "
        f"{summary['new']:,} new in {seconds:.0f} s, peak memory {peak_mb:.0f} MB "
        f"(target ≤ {TARGET_MB:.0f} MB: {verdict(peak_mb <= TARGET_MB)})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--closed",
        type=float,
        nargs="+",
        default=[0.0, 0.85],
        help="share of orders already closed, one file per value (default: 0 and 0.85)",
    )
    parser.add_argument("--million", action="store_true", help="also the 1,000,000-row memory run")
    args = parser.parse_args()
    print(
        f"Python {platform.python_version()} ({sys.implementation.name}) on {platform.platform()}"
    )
    tousu = tousu_script()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        for closed in args.closed:
            orders = tmp / f"orders-{closed:.2f}.csv"
            write_orders(orders, args.rows, closed)
            size = orders.stat().st_size / 1e6
            print(f"work orders: {args.rows:,} rows, {closed:.0%} closed, {size:.1f} MB, GB18030")
            bench_speed(tousu, orders, args.rows, args.runs, tmp)
        if args.million:
            bench_memory(tousu, tmp, max(args.closed))


if __name__ == "__main__":
    main()
