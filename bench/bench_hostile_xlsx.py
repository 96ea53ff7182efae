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

import re
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path
from time import perf_counter

from benchkit import rss_mb, tousu_script, verdict

TARGET_SECONDS = 2.0
TARGET_PEAK_MB = 200.0
HEADER = ("来电时间", "受理渠道", "被反映单位", "问题分类", "诉求内容")
ROW = ("2026-11-02 09:00", "来电", "税务窗口", "服务态度", "差")

PEAK = """
import resource, subprocess, sys
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, done.returncode)
sys.stdout.write(done.stderr.decode("utf-8", "replace"))
"""


def workbook(path: Path, sheet: Callable[[bytes], bytes], shared: bytes = b"") -> Path:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(HEADER)
    book.active.append(ROW)
    plain = path.with_suffix(".plain.xlsx")
    book.save(plain)
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name in source.namelist():
            data = source.read(name)
            out.writestr(name, sheet(data) if name == "xl/worksheets/sheet1.xml" else data)
        if shared:
            out.writestr("xl/sharedStrings.xml", shared)
    plain.unlink()
    return path


def far_row(data: bytes) -> bytes:
    data = data.replace(b'<row r="2"', b'<row r="999999999"')
    return re.sub(rb'r="([A-E])2"', rb'r="\g<1>999999999"', data)


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
