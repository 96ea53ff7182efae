"""Reading a table from a file: CSV in whatever encoding Chinese offices write, or
an Excel sheet, row by row, so a file of any size is read in flat memory.

A row is numbered as a spreadsheet numbers it (the header is row 1), which is
how a clerk finds it again in Excel or WPS.
"""

from __future__ import annotations

import codecs
import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import IO, Any

from tousu_cli.domain.errors import InvalidInput
from tousu_cli.spreadsheet_text import from_csv
from tousu_cli.transfer.calendar_sheet import (
    HEADERS as CALENDAR_HEADERS,
)
from tousu_cli.transfer.calendar_sheet import (
    SHEET,
    OfficeCalendar,
    read_calendar,
    read_side_file,
    side_file,
)
from tousu_cli.transfer.xlsx_guard import CELL_CHARS, MAX_COLUMNS, MAX_ROWS, check_workbook

SAMPLE_BYTES = 1 << 16


@dataclass(frozen=True, slots=True)
class SourceRow:
    line: int  # the spreadsheet row number
    cells: list[str]
    problem: str | None = None  # why the row cannot be read as it stands


@dataclass
class Source:
    """An open table: its headers, then its rows on demand."""

    path: Path
    kind: str  # "csv" or "xlsx"
    encoding: str | None
    headers: list[str]
    rows: Iterator[SourceRow]
    size: int  # for progress: bytes (CSV) or rows (Excel), 0 when unknown
    handle: Any = None
    sheet: str | None = None
    other_sheets: bool = False
    sample_bytes_per_row: int = 0

    def rows_estimate(self) -> int:
        """About how many rows there are, before reading them."""
        if self.kind != "csv":
            return self.size
        return self.size // max(self.sample_bytes_per_row, 1)

    def done(self) -> int:
        """How far the reading has got, in the unit of `size`."""
        return int(self.handle.tell()) if self.kind == "csv" and self.handle else 0

    def close(self) -> None:
        if self.handle is not None:
            self.handle.close()
            self.handle = None


def open_source(path: Path, *, sheet: str | None = None, encoding: str | None = None) -> Source:
    if not path.exists():
        raise InvalidInput(f"文件不存在:{path}")
    if path.is_dir():
        raise InvalidInput(f"这是一个目录,不是文件:{path}")
    kind = path.suffix.lower()
    if kind == ".xlsx":
        if encoding is not None:
            raise InvalidInput("--encoding 只用于 CSV 文件")
        return _open_xlsx(path, sheet)
    if kind in {".csv", ".txt"}:
        if sheet is not None:
            raise InvalidInput("--sheet 只用于 Excel(.xlsx)文件")
        return _open_csv(path, encoding)
    if kind == ".xls":
        raise InvalidInput("不支持旧版 Excel(.xls)文件,请在 Excel/WPS 中另存为 .xlsx 或 CSV")
    raise InvalidInput(f"只能导入 .csv 或 .xlsx 文件:{path}")


# -- CSV ----------------------------------------------------------------------


def detect_encoding(sample: bytes) -> str:
    """UTF-8 (with or without a BOM) when the bytes are valid UTF-8, else GB18030.

    GB18030 is a superset of GBK and GB2312, what Excel and WPS on Chinese
    Windows write as "CSV". Almost any byte string decodes as GB18030, so
    UTF-8, which rarely decodes by accident, is tried first.
    """
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise InvalidInput("不支持 UTF-16 编码的文件,请在 Excel/WPS 中另存为「CSV UTF-8」")
    # final=False: the sample may end inside a character.
    text = codecs.getincrementaldecoder("utf-8")(errors="replace").decode(sample, final=False)
    broken = text.count("\ufffd")
    chinese = sum(1 for char in text if char > "\x7f") - broken
    # GB18030 text read as UTF-8 breaks at nearly every character; a UTF-8 file
    # with a damaged byte or two stays UTF-8, and those rows are refused by name.
    return "utf-8" if chinese >= 10 * broken else "gb18030"


_NOT_FOR_FILES = frozenset({"idna", "punycode", "raw-unicode-escape", "unicode-escape"})


def _checked_encoding(name: str) -> str:
    try:
        codec = codecs.lookup(name.strip())
    except LookupError:
        codec = None
    # rot13, base64 and the like are codecs too, but not of text; idna and
    # punycode encode host names, not files.
    if (
        codec is None
        or not getattr(codec, "_is_text_encoding", True)
        or codec.name in _NOT_FOR_FILES
    ):
        raise InvalidInput(f"不认识的编码:{name!r}(可用 utf-8、gb18030、gbk 等)")
    found = codec.name
    return "utf-8-sig" if found == "utf-8" else found  # a BOM is never data


def _open_csv(path: Path, encoding: str | None) -> Source:
    handle = path.open("rb")
    try:
        sample = handle.read(SAMPLE_BYTES)
        handle.seek(0)
        chosen = _checked_encoding(encoding) if encoding else detect_encoding(sample)
        lines = _DecodedLines(handle, chosen)
        first = next(iter(lines), None)
        if first is None or not first.strip():
            raise InvalidInput(f"文件是空的,没有表头:{path}")
        if lines.bad:
            raise InvalidInput(
                f"第 1 行(表头)含有无法按 {chosen} 解码的字节,请用 --encoding 指定编码"
            )
        if "\r" in first.rstrip("\r\n"):
            raise InvalidInput("文件只用回车符(CR)换行,请在 Excel/WPS 中另存为 CSV 后再导入")
        # Excel saves "文本文件(制表符分隔)" with tabs; everything else here uses commas.
        delimiter = "\t" if "\t" in first and "," not in first else ","
        try:
            headers = next(csv.reader([first], delimiter=delimiter, strict=True))
        except csv.Error as error:
            raise InvalidInput(f"第 1 行(表头)不是有效的 CSV:{_csv_reason(error)}") from None
    except BaseException:
        handle.close()
        raise
    size = path.stat().st_size
    rows = _csv_rows(lines, delimiter)
    per_row = len(sample) // max(sample.count(b"\n"), 1)
    source = Source(path, "csv", chosen, [h.strip() for h in headers], rows, size, handle)
    source.sample_bytes_per_row = per_row
    return source


class _DecodedLines:
    """The file's lines decoded one by one; a line that will not decode is kept
    (with replacement marks) and its physical line number noted, so the row it
    belongs to is refused by name instead of reaching the database as mojibake."""

    def __init__(self, handle: IO[bytes], encoding: str) -> None:
        self.handle = handle
        self.encoding = encoding
        self.bad: set[int] = set()
        self.count = 0
        self._iter = self._lines()

    def __iter__(self) -> Iterator[str]:
        return self._iter

    def _lines(self) -> Iterator[str]:
        encoding = self.encoding
        # A BOM is stripped from the first line only; utf-8-sig does that itself.
        for raw in self.handle:
            self.count += 1
            try:
                yield raw.decode(encoding)
            except UnicodeDecodeError:
                self.bad.add(self.count)
                yield raw.decode(encoding, errors="replace")
            if encoding == "utf-8-sig":
                encoding = "utf-8"


# A cell longer than any field may hold is still read, so that its row is
# refused by name (too long) instead of the whole file as "not CSV".
CELL_LIMIT = 64 * 1024 * 1024


def _csv_rows(lines: _DecodedLines, delimiter: str) -> Iterator[SourceRow]:
    csv.field_size_limit(max(csv.field_size_limit(), CELL_LIMIT))
    # Strict: a quoted cell that never closes is refused, not read on to the end
    # of the file, swallowing the rows after it. A quote inside an unquoted cell
    # is still kept as it stands.
    reader = csv.reader(lines, delimiter=delimiter, strict=True)
    row_number = 1
    last_line = lines.count
    try:
        for cells in reader:
            row_number += 1
            first_line, last_line = last_line + 1, lines.count
            if not any(cell.strip() for cell in cells):
                continue
            problem = None
            if lines.bad and any(first_line <= n <= last_line for n in lines.bad):
                problem = f"含有无法按 {lines.encoding} 解码的字节(可用 --encoding 指定编码)"
                lines.bad = {n for n in lines.bad if n > last_line}
            yield SourceRow(row_number, from_csv(cells), problem)
    except csv.Error as error:
        reason = _csv_reason(error)
        raise InvalidInput(f"第 {row_number + 1} 行不是有效的 CSV:{reason}") from None


def _csv_reason(error: csv.Error) -> str:
    text = str(error)
    if "unexpected end of data" in text:
        return "有单元格以引号开头却没有结束的引号,其后各行都被当成了这一格的内容"
    if "expected after" in text:
        return '引号结束后紧跟着其他文字(如 "张三" 后多了空格;单元格里的引号应写成两个引号)'
    return text


# -- Excel --------------------------------------------------------------------


SheetRows = Iterator[tuple[int, tuple[Any, ...]]]  # (row number, cells)


def _open_xlsx(path: Path, sheet: str | None) -> Source:
    import zipfile

    from openpyxl import load_workbook

    check_workbook(path)  # within Excel's limits before openpyxl trusts it
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, SyntaxError) as error:
        raise InvalidInput(f"无法读取 Excel 文件 {path.name}:{error}") from None
    try:
        if sheet is None:  # the first sheet the clerk sees: a hidden one holds no orders
            shown = [ws for ws in book.worksheets if ws.sheet_state == "visible"]
            table = (shown or book.worksheets)[0]
        elif sheet in book.sheetnames:
            table = book[sheet]
        else:
            known = "、".join(book.sheetnames)
            raise InvalidInput(f"没有名为 {sheet!r} 的工作表(本文件有:{known})")
        size = max((table.max_row or 1) - 1, 0)  # as the file says: for the progress bar only
        rows = _guarded(_present_rows(table), path)
        first = next(rows, None)
        if first is None or not any(cell.value is not None for cell in first[1]):
            raise InvalidInput(f"工作表「{table.title}」是空的,没有表头")
        headers = [_cell_text(cell).strip() for cell in first[1]]
        while headers and not headers[-1]:
            headers.pop()
    except BaseException:
        book.close()
        raise
    rows_read = _xlsx_rows(rows)
    many = len(book.sheetnames) > 1
    return Source(path, "xlsx", None, headers, rows_read, size, book, table.title, many)


def _present_rows(table: Any) -> SheetRows:
    """(row number, cells) of each row the sheet has, as its XML numbers them.

    Read with openpyxl's own sheet parser, not iter_rows: iter_rows makes up
    every row missing between two (a billion, after a row numbered 999,999,999)
    and stops at the extent the file claims, which some programs write too small.
    """
    from openpyxl.cell.read_only import EMPTY_CELL, ReadOnlyCell
    from openpyxl.worksheet._reader import WorkSheetParser

    book = table.parent
    with table._get_source() as source:
        parser = WorkSheetParser(
            source,
            table._shared_strings,
            data_only=book.data_only,
            epoch=book.epoch,
            date_formats=book._date_formats,
            timedelta_formats=book._timedelta_formats,
        )
        for number, cells in parser.parse():
            if not cells:
                continue
            width = max(cell["column"] for cell in cells)
            if number > MAX_ROWS or width > MAX_COLUMNS:
                raise InvalidInput(f"工作表「{table.title}」第 {number} 行超出 Excel 的范围")
            row = [EMPTY_CELL] * width
            for cell in cells:
                value = cell["value"]
                if isinstance(value, str) and len(value) > CELL_CHARS:
                    raise InvalidInput(
                        f"工作表「{table.title}」第 {number} 行有单元格超过 Excel 的上限"
                        f" {CELL_CHARS:,} 字,不像表格软件保存的文件,未导入"
                    )
                row[cell["column"] - 1] = ReadOnlyCell(table, **cell)
            yield number, tuple(row)


def _guarded(
    rows: Iterator[tuple[int, tuple[Any, ...]]], path: Path
) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """The rows, or one line saying the sheet's XML cannot be read."""
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except (ValueError, KeyError, TypeError, SyntaxError) as error:  # ParseError is one
            raise InvalidInput(f"Excel 文件 {path.name} 的工作表无法读取:{error}") from None
        yield row


# Excel keeps 15 significant digits of a number: an ID number, or a long order
# number, typed into a cell formatted as a number has lost its last digits.
EXACT_DIGITS = 15


def _xlsx_rows(rows: SheetRows) -> Iterator[SourceRow]:
    for number, row in rows:
        cells = [_cell_text(cell) for cell in row]
        if any(cell.strip() for cell in cells):
            lost = [
                str(index)
                for index, cell in enumerate(row, start=1)
                if type(cell.value) is float and abs(cell.value) >= 10**EXACT_DIGITS
            ]
            problem = (
                f"第 {'、'.join(lost)} 列是 16 位以上的数字,Excel 存成数值时已丢失末几位:"
                "请把这一列设为文本格式,重新录入"
                if lost
                else None
            )
            yield SourceRow(number, cells, problem)


def _cell_text(cell: Any) -> str:
    """A cell as the text a CSV would have carried."""
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, datetime):
        # Excel keeps a date as a datetime at midnight: only the cell's format
        # tells 2026-10-12 from 2026-10-12 00:00:00.
        if value.time() == time() and not _shows_time(cell):
            return value.date().isoformat()
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M:%S")
    if isinstance(value, float) and value.is_integer() and abs(value) < 10**EXACT_DIGITS:
        return str(int(value))  # a phone number Excel turned into a number
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


# Quoted text, escaped characters and bracketed tags ([$-zh-CN], [Red]) in a
# number format are not its date and time tokens, though they may hold an h or
# an s. (A cell shown as elapsed time, [h]:mm, is read as a duration, not here.)
_NOT_TOKENS = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')


def _shows_time(cell: Any) -> bool:
    from openpyxl.styles.numbers import is_datetime  # loaded with the workbook

    first = (cell.number_format or "").split(";")[0]  # the format for positive numbers
    # Tokens may be written in capitals (YYYY-MM-DD HH:MM); is_datetime reads small ones.
    shown: str | None = is_datetime(_NOT_TOKENS.sub("", first).lower())
    return shown == "datetime"


def carried_calendar(source: Source) -> OfficeCalendar | None:
    """The office calendar an exported ledger carries: its workbook's sheet, or
    the CSV file beside it; None for a file that has none."""
    if source.kind == "csv":
        return read_side_file(side_file(source.path))
    book = source.handle
    if SHEET not in book.sheetnames or source.sheet == SHEET:
        return None
    # Read as the ledger's sheet is: the rows the file has, within Excel's range.
    rows = _guarded(_present_rows(book[SHEET]), source.path)
    cells = ([_calendar_cell(cell) for cell in row[: len(CALENDAR_HEADERS)]] for _, row in rows)
    return read_calendar(cells, f"工作表「{SHEET}」")


def _calendar_cell(cell: Any) -> str:
    """A day as a spreadsheet program may have saved it back: a date, not text."""
    value = cell.value
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return _cell_text(cell)
