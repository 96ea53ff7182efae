"""Benchmark: `tousu import --dry-run` of workbooks no spreadsheet program writes.

Each is the size that hung the importer or ate gigabytes before it was guarded:
a sheet whose one row is numbered 999,999,999; ten million shared strings in a
few megabytes; three million blank rows; one 400 MB cell; a cell reference that
is not one. Each must be refused (exit 1, one line) in under 2 s with a peak
resident memory under 200 MB.

Figures only: it prints PASS/MISS but always exits 0.
Run: python bench/bench_hostile_xlsx.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from time import perf_counter

from benchkit import rss_mb, tousu_script, verdict

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository: its tests
from tests.transfer.test_hostile_workbooks import far_row, workbook

TARGET_SECONDS = 2.0
TARGET_PEAK_MB = 200.0

PEAK = """
import resource, subprocess, sys
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, done.returncode)
sys.stdout.write(done.stderr.decode("utf-8", "replace"))
"""


CASES: dict[str, tuple[Callable[[bytes], bytes], bytes]] = {
    "row 999,999,999": (far_row, b""),
    "10,000,000 shared strings": (
        lambda d: d,
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + b"<si><t>x</t></si>" * 10_000_000
        + b"</sst>",
    ),
    "3,000,000 blank rows": (
        lambda d: d.replace(
            b"</sheetData>",
            b"".join(b'<row r="%d"/>' % n for n in range(3, 3_000_000)) + b"</sheetData>",
        ),
        b"",
    ),
    "one 400 MB cell": (lambda d: d.replace(b"&#24046;", b"x" * 400_000_000), b""),
    "reference ZZZZZZ-1": (lambda d: d.replace(b'r="A2"', b'r="ZZZZZZ-1"', 1), b""),
}


def main() -> None:
    tousu = str(tousu_script())
    print(f"Each refused within {TARGET_SECONDS} s and {TARGET_PEAK_MB:.0f} MB:")
    with tempfile.TemporaryDirectory() as tmp:
        for name, (sheet, shared) in CASES.items():
            path = workbook(Path(tmp) / "hostile.xlsx", sheet, shared)
            size = path.stat().st_size / 1e6
            db = str(Path(tmp) / "bench.db")
            started = perf_counter()
            helper = [sys.executable, "-c", PEAK, tousu, "--db", db, "import", str(path)]
            done = subprocess.run(
                [*helper, "--dry-run"], check=True, capture_output=True, text=True
            )
            answer = done.stdout
            seconds = perf_counter() - started
            head, _, said = answer.partition("\n")
            peak, code = head.split()
            megabytes = rss_mb(int(peak))
            ok = code == "1" and seconds < TARGET_SECONDS and megabytes < TARGET_PEAK_MB
            print(
                f"  {name:<28} file {size:7.1f} MB  {seconds:5.2f} s  {megabytes:6.1f} MB"
                f"  exit {code}  {verdict(ok)}  {said.strip()[:60]}"
            )
            path.unlink()


if __name__ == "__main__":
    main()
