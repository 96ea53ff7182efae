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

_ROW = re.compile(rb"<row\b[^>]{0,2048}?\sr=\"([^\"]{0,64})\"")
_ROW_TAG = re.compile(rb"<row\b")
_CELL = re.compile(rb"<c\b[^>]{0,2048}?\sr=\"([^\"]{0,64})\"")
_CELL_TAG = re.compile(rb"<c[\s>/]")
_REFERENCE = re.compile(rb"([A-Z]{1,3})([0-9]{1,7})")
_SHARED = re.compile(rb"<si[\s>/]")
_END_OF_CELLS = b"</sheetData>"
_LONG_TEXT = re.compile(rb"[^<]{%d}" % (CELL_BYTES + 1))


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


def _starting_before(
    pattern: re.Pattern[bytes], window: bytes, limit: int
) -> Iterator[re.Match[bytes]]:
    for found in pattern.finditer(window):
        if found.start() >= limit:
            return
        yield found


class _TextRuns:
    """The longest stretch without a tag across the windows of a part: a cell's
    text is one, and no cell's may pass CELL_BYTES."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.run = 0  # the stretch that ends where the last window's safe part did

    def check(self, window: bytes, safe: int) -> None:
        first = window.find(b"<", 0, safe)
        if first < 0:
            self.run += safe
        else:
            self.run += first
            if self.run <= CELL_BYTES and _LONG_TEXT.search(window, first, safe) is None:
                self.run = safe - (window.rfind(b"<", 0, safe) + 1)
        if self.run > CELL_BYTES:
            raise _refused(self.path, f"有单元格超过 {CELL_CHARS:,} 字")


def _scan_sheet(archive: zipfile.ZipFile, info: zipfile.ZipInfo, path: Path) -> int:
    """The sheet's cells, counted; refused past Excel's limits."""
    rows = cells = 0
    runs = _TextRuns(path)
    for _, window, safe in _windows(archive, info):
        end = window.find(_END_OF_CELLS)
        limit = safe if end < 0 else min(end, len(window))
        runs.check(window, limit)
        for found in _starting_before(_ROW, window, limit):
            number = found.group(1)
            if not number.isdigit() or int(number) > MAX_ROWS:
                raise _refused(path, f"有第 {number.decode(errors='replace')[:20]} 行")
        for found in _starting_before(_CELL, window, limit):
            _check_reference(found.group(1), path)
        rows += sum(1 for _ in _starting_before(_ROW_TAG, window, limit))
        if rows > MAX_ROWS:
            raise _refused(path, f"有超过 {MAX_ROWS:,} 行")
        cells += sum(1 for _ in _starting_before(_CELL_TAG, window, limit))
        if end >= 0:
            break
    return cells


def _check_reference(reference: bytes, path: Path) -> None:
    found = _REFERENCE.fullmatch(reference)
    if found is None:
        said = reference.decode(errors="replace")[:20]
        raise _refused(path, f"有格式不对的单元格位置 {said!r}")
    letters, digits = found.groups()
    column = 0
    for letter in letters:
        column = column * 26 + letter - 64
    if column > MAX_COLUMNS or not 1 <= int(digits) <= MAX_ROWS:
        raise _refused(path, f"有超出 Excel 范围的单元格 {reference.decode()}")


def _scan_shared_strings(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, path: Path, *, bound: int
) -> None:
    """No more shared strings than cells to use them, none longer than a cell."""
    count = 0
    runs = _TextRuns(path)
    for _, window, safe in _windows(archive, info):
        runs.check(window, safe)
        count += sum(1 for _ in _starting_before(_SHARED, window, safe))
        if count > max(bound, 1):
            raise _refused(path, f"的共享字符串({count:,} 个以上)多于全部单元格({bound:,} 个)")
