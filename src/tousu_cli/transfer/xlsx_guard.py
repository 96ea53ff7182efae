"""A workbook looked over before openpyxl reads it: within Excel's own limits.

openpyxl trusts a file: a row numbered 999,999,999 makes it yield a billion
empty rows, ten million shared strings squeezed into 4 MB are all loaded at
once, and a DTD is expanded. A scan of the decompressed XML, a megabyte at a
time, refuses in flat memory what no spreadsheet program writes:

- a document type declaration or entity (XML that a worksheet never has);
- a row past 1,048,576, a column past XFD (16,384), a cell reference that is
  not one, more rows than Excel has;
- a cell longer than Excel's 32,767 characters;
- more shared strings than the sheets have cells (each cell uses at most one).
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

from tousu_cli.domain.errors import InvalidInput

MAX_ROWS = 1_048_576
MAX_COLUMNS = 16_384
CELL_CHARS = 32_767
# A character may be written as a reference (&#12345;, 8 bytes): a cell's XML
# longer than this holds more than Excel allows.
CELL_BYTES = CELL_CHARS * 8 + 4096
CHUNK = 1 << 20
_OVERLAP = 4096  # a tag cut at a chunk's end is read whole with the next
_HEAD = 1 << 16

# A row number past Excel's last (1,048,576), as the digits of one.
_PAST_LAST_ROW = (
    rb"(?:[0-9]{8,}|[2-9][0-9]{6}|1[1-9][0-9]{5}|10[5-9][0-9]{4}|1049[0-9]{3}"
    rb"|1048[6-9][0-9]{2}|10485[89][0-9]|104857[7-9])"
)
# A column past XFD (16,384).
_PAST_LAST_COLUMN = rb"(?:[A-Z]{4,}|[Y-Z][A-Z]{2}|X[G-Z][A-Z]|XF[E-Z])"
_ATTRIBUTES = rb"[^>]{0,2048}?\s"
# A row or cell whose number or reference is not one Excel writes: searched
# for, not checked one by one (a real sheet has millions of cells).
# One pass over the window finds either: group 1 a row's, group 2 a cell's.
_BAD_PLACE = re.compile(
    rb"<(?:row\b"
    + _ATTRIBUTES
    + rb'r="((?![1-9][0-9]{0,6}")[^"]{0,64}|'
    + _PAST_LAST_ROW
    + rb')"|c\b'
    + _ATTRIBUTES
    + rb'r="((?![A-Z]{1,3}[1-9][0-9]{0,6}")[^"]{0,64}|'
    + _PAST_LAST_COLUMN
    + rb"[0-9]*|[A-Z]{1,3}"
    + _PAST_LAST_ROW
    + rb')")'
)
_ROW_TAG = re.compile(rb"<row\b")
_CELL_TAG = re.compile(rb"<c[\s>/]")
_SHARED = re.compile(rb"<si[\s>/]")
_END_OF_CELLS = b"</sheetData>"


def check_workbook(path: Path) -> None:
    """Refuse PATH, in one Chinese line, where it is past what Excel writes."""
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
            for info in parts:
                if info.filename.endswith((".xml", ".rels")):
                    _no_document_type(archive, info, path)
            cells = sum(
                _scan_sheet(archive, info, path)
                for info in parts
                if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")
            )
            for info in parts:
                if info.filename.lower() == "xl/sharedstrings.xml":
                    _scan_shared_strings(archive, info, path, bound=cells)
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError) as error:
        raise InvalidInput(f"无法读取 Excel 文件 {path.name}:{error}") from None


def _refused(path: Path, why: str) -> InvalidInput:
    return InvalidInput(f"Excel 文件 {path.name} {why},不像表格软件保存的文件,未导入")


def _no_document_type(archive: zipfile.ZipFile, info: zipfile.ZipInfo, path: Path) -> None:
    with archive.open(info) as part:
        head = part.read(_HEAD)
    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
        raise _refused(path, f"的 {info.filename} 含有 DTD 或实体声明")


def _windows(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> Iterator[tuple[int, bytes, int]]:
    """(offset, bytes, safe) over the decompressed part, a megabyte at a time: a
    tag beginning before SAFE is whole in the bytes; the rest comes again next."""
    with archive.open(info) as part:
        offset, pending = 0, b""
        while block := part.read(CHUNK):
            window = pending + block
            safe = max(len(window) - _OVERLAP, 0)
            yield offset, window, safe
            offset += safe
            pending = window[safe:]
        if pending:
            yield offset, pending, len(pending)


def _count_before(pattern: re.Pattern[bytes], window: bytes, limit: int) -> int:
    """Matches that begin before LIMIT (counted in C: a sheet has millions)."""
    return len(pattern.findall(window)) - len(pattern.findall(window, limit))


def _bad_place(window: bytes, limit: int, path: Path) -> None:
    """A row or cell numbered past Excel's range, or not numbered as Excel does."""
    found = _BAD_PLACE.search(window)
    if found is None or found.start() >= limit:
        return
    row, cell = found.groups()
    if row is not None:
        raise _refused(path, f"有第 {row.decode(errors='replace')[:20]} 行")
    said = cell.decode(errors="replace")[:20]
    raise _refused(path, f"有格式不对或超出 Excel 范围的单元格位置 {said!r}")


class _TextRuns:
    """The longest stretch without a tag across the windows of a part: a cell's
    text is one, and no cell's may pass CELL_BYTES."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.run = 0  # the stretch that ends where the last window's safe part did

    def check(self, window: bytes, limit: int) -> None:
        pieces = window[:limit].split(b"<")
        self.run += len(pieces[0])
        longest = self.run if len(pieces) == 1 else max(self.run, *map(len, pieces[1:-1]), 0)
        if len(pieces) > 1:
            self.run = len(pieces[-1])
        if max(longest, self.run) > CELL_BYTES:
            raise _refused(self.path, f"有单元格超过 {CELL_CHARS:,} 字")


def _scan_sheet(archive: zipfile.ZipFile, info: zipfile.ZipInfo, path: Path) -> int:
    """The sheet's cells, counted; refused past Excel's limits."""
    rows = cells = 0
    runs = _TextRuns(path)
    for _, window, safe in _windows(archive, info):
        end = window.find(_END_OF_CELLS)
        limit = safe if end < 0 else min(end, len(window))
        runs.check(window, limit)
        _bad_place(window, limit, path)
        rows += _count_before(_ROW_TAG, window, limit)
        if rows > MAX_ROWS:
            raise _refused(path, f"有超过 {MAX_ROWS:,} 行")
        cells += _count_before(_CELL_TAG, window, limit)
        if end >= 0:
            break
    return cells


def _scan_shared_strings(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, path: Path, *, bound: int
) -> None:
    """No more shared strings than cells to use them, none longer than a cell."""
    count = 0
    runs = _TextRuns(path)
    for _, window, safe in _windows(archive, info):
        runs.check(window, safe)
        count += _count_before(_SHARED, window, safe)
        if count > max(bound, 1):
            raise _refused(path, f"的共享字符串({count:,} 个以上)多于全部单元格({bound:,} 个)")
