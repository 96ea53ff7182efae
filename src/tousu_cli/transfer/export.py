"""The 台账 as a file: one row per case, with Chinese headers, for 月报 and 考核.

Rows stream to the file as storage reads them (openpyxl's write-only mode for
Excel), so a ledger of any size is written in flat memory.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from tousu_cli import paper
from tousu_cli.chinatime import readable
from tousu_cli.destination import PRIVATE, check_destination, pending_file, scratch_beside
from tousu_cli.domain.errors import InvalidInput
from tousu_cli.domain.masking import FREE_TEXT, PERSONAL, mask, mask_numbers, masked_json
from tousu_cli.domain.model import (
    Channel,
    Finding,
    Form,
    Method,
    Mode,
    Satisfaction,
    Status,
)
from tousu_cli.spreadsheet_text import csv_safe, text_cell
from tousu_cli.transfer.calendar_sheet import (
    HEADERS as CALENDAR_HEADERS,
)
from tousu_cli.transfer.calendar_sheet import (
    SHEET,
    OfficeCalendar,
    calendar_rows,
    side_file,
    write_side_file,
)


def _label(enum: Any) -> Callable[[Any], str]:
    labels = {member.value: member.label for member in enum}  # a dict, not an Enum per cell
    return lambda value: "" if value is None else labels[value]


def _yes(value: Any) -> str:
    return "" if value is None else ("是" if value else "否")


def _time(value: str | None) -> str:
    return "" if value is None else readable(value)


def _joined(value: str | None) -> str:
    return "、".join(json.loads(value)) if value else ""


# (heading, column of the query, how a value is shown); the headers import back.
COLUMNS: tuple[tuple[str, str, Callable[[Any], Any]], ...] = (
    ("编号", "number", str),
    ("收到时间", "received_at", _time),
    ("渠道", "channel", _label(Channel)),
    ("投诉形式", "form", _label(Form)),
    ("投诉人", "complainant", lambda v: v or "匿名"),
    ("联系电话", "phone", lambda v: v or ""),
    ("身份证号", "id_number", lambda v: v or ""),
    ("被投诉单位", "unit", str),
    ("窗口", "window_name", lambda v: v or ""),
    ("工作人员", "staff", lambda v: v or ""),
    ("类别", "category", str),
    ("投诉内容", "content", str),
    ("诉求", "demand", lambda v: v or ""),
    ("证据材料", "evidence", _joined),
    ("外部编号", "external_id", lambda v: v or ""),
    ("重大", "major", _yes),
    ("重复次数", "repeat_rank", int),
    ("督办", "escalated", _yes),
    ("状态", "status", _label(Status)),
    ("受理时间", "accepted_at", _time),
    ("分办方式", "mode", _label(Mode)),
    ("承办单位", "handler_unit", lambda v: v or ""),
    ("承办人", "handler", lambda v: v or ""),
    ("答复期限", "reply_due", lambda v: v or ""),
    ("答复时间", "replied_at", _time),
    ("是否超期", "late", _yes),
    ("处置结论", "finding", _label(Finding)),
    ("处理措施", "measures", _joined),
    ("处理结果", "result", lambda v: v or ""),
    ("答复方式", "notify_method", _label(Method)),
    ("满意度", "satisfaction", _label(Satisfaction)),
    ("问题是否解决", "resolved", _yes),
    ("不予受理理由", "reject_reason", lambda v: v or ""),
    ("撤回理由", "withdraw_reason", lambda v: v or ""),
    ("复核次数", "reviews", int),
    ("归档时间", "archived_at", _time),
    # The whole timeline, as JSON: what lets `tousu import` rebuild the case,
    # its clocks and its events in another database.
    ("处置记录", "history", lambda v: v),
)
HEADERS = [heading for heading, _, _ in COLUMNS]
# A workbook's column widths, so that on screen and on paper a value is seen
# whole (a time, a number) or most of it (a text); the others fit their heading.
_TIMES = ("received_at", "accepted_at", "replied_at", "archived_at")
_WIDTHS: dict[str, float] = {
    "number": 12, **dict.fromkeys(_TIMES, 19), "reply_due": 11, "channel": 11,
    "complainant": 10, "phone": 14, "id_number": 20, "unit": 16, "window_name": 10,
    "staff": 10, "category": 18, "content": 40, "demand": 20, "evidence": 16,
    "external_id": 24, "handler_unit": 14, "measures": 20, "result": 30,
    "reject_reason": 20, "withdraw_reason": 20, "history": 20,
}  # fmt: skip
EXCEL_CELL_LIMIT = 32_767  # characters: Excel cuts a longer cell, and its JSON with it
# Columns of people's words, which may begin with "=" (spreadsheet_text).
WRITTEN = frozenset({
    "complainant", "unit", "window_name", "staff", "category", "content", "demand", "evidence",
    "external_id", "handler_unit", "handler", "measures", "result", "reject_reason",
    "withdraw_reason",
})  # fmt: skip


def shown_rows(rows: Iterable[Sequence[Any]], *, reveal: bool) -> Iterator[list[Any]]:
    """ROWS of the ledger's columns (in COLUMNS order) as the file shows them:
    labels for keys, times as read, personal numbers masked unless REVEAL: in
    the fields, in the texts and in the history."""
    shows = [shown if reveal else _masking(column, shown) for _, column, shown in COLUMNS]
    for row in rows:
        yield [show(value) for show, value in zip(shows, row, strict=True)]


def _masking(column: str, shown: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """How COLUMN is shown masked: a number field, a text, the history's events."""
    if column in PERSONAL:
        return lambda value: shown(mask(value))
    if column in FREE_TEXT:
        return lambda value: mask_numbers(shown(value))
    if column == "history":
        return masked_json
    return shown


def check_file_type(path: Path) -> None:
    """A ledger file is .csv or .xlsx."""
    if path.suffix.lower() not in {".csv", ".xlsx"}:
        raise InvalidInput(f"导出文件须以 .csv 或 .xlsx 结尾:{path}")


def write_ledger(
    path: Path,
    rows: Iterator[list[Any]],
    *,
    mode: int = PRIVATE,
    calendar: OfficeCalendar | None = None,
    overwrite: bool = False,
    protected: Sequence[Path] = (),
    before_publishing: Callable[[int], None] | None = None,
    title: str = "投诉处置台账",
) -> int:
    """ROWS (shown_rows) written to PATH as its suffix says; returns how many.
    MODE: its permissions, readable by its owner only unless said. CALENDAR: the
    office's, in a sheet of the workbook or a CSV file beside. Neither replaces
    a file unless OVERWRITE, nor ever one of PROTECTED (the ledger's); a file
    half written is never left (storage.destination). BEFORE_PUBLISHING: told
    the count when the file is whole, before it is put in place; if it fails,
    no file is. TITLE: above each printed page of a workbook."""
    beside = calendar and path.suffix.lower() == ".csv"
    if beside:
        check_destination(side_file(path), overwrite=overwrite, protected=protected)
    with pending_file(path, overwrite=overwrite, protected=protected, mode=mode) as partial:
        if path.suffix.lower() == ".xlsx":
            with scratch_beside(path):  # openpyxl's sheet, streamed, stays beside it
                count = _write_xlsx(partial, rows, calendar, title)
        else:
            count = _write_csv(partial, rows)
        if beside and calendar:
            with pending_file(
                side_file(path), overwrite=overwrite, protected=protected, mode=mode
            ) as side:
                write_side_file(side, calendar)
        if before_publishing is not None:
            before_publishing(count)
    return count


def _write_csv(path: Path, rows: Iterator[list[Any]]) -> int:
    count = 0
    # UTF-8 with a BOM: how Excel on Chinese Windows knows the file is UTF-8.
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(HEADERS)
        # People's words and numbers: what may begin like a formula (spreadsheet_text).
        guarded = [i for i, (_, column, _) in enumerate(COLUMNS) if column in WRITTEN | PERSONAL]
        for row in rows:
            for index in guarded:
                row[index] = csv_safe(row[index])
            writer.writerow(row)
            count += 1
    return count


def _bold(sheet: Any, heading: str, font: Any) -> Any:
    """A heading cell of a write-only sheet, in FONT."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=heading)
    cell.font = font
    return cell


def _write_xlsx(
    path: Path, rows: Iterator[list[Any]], calendar: OfficeCalendar | None, title: str
) -> int:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    sheet = book.create_sheet("投诉台账")
    sheet.freeze_panes = "B2"
    for index, (heading, column, _) in enumerate(COLUMNS, start=1):
        width = _WIDTHS.get(column, max(8, paper.text_width(heading) + 2))
        sheet.column_dimensions[get_column_letter(index)].width = width
    # On paper: page after page across, 编号 and the headings on each.
    paper.for_paper(sheet, title, landscape=True, heading_rows="1:1", key_columns="A:A")
    bold = Font(bold=True)
    sheet.append([_bold(sheet, heading, bold) for heading in HEADERS])
    written = [index for index, (_, column, _) in enumerate(COLUMNS) if column in WRITTEN]
    # The people's words and the timeline: what may outgrow a cell.
    long = [i for i, (_, column, _) in enumerate(COLUMNS) if column in WRITTEN | {"history"}]
    count = 0
    try:
        for row in rows:
            # An empty cell left out is an XML element not written: a third of a row.
            cells = [None if value == "" else value for value in row]
            for index in written:
                if (value := cells[index]) is not None and value[:1] == "=":
                    cells[index] = text_cell(sheet, value)
            for index in long:
                if row[index] and len(row[index]) > EXCEL_CELL_LIMIT:
                    raise InvalidInput(
                        f"投诉件 {row[0]} 的「{HEADERS[index]}」有 {len(row[index])} 字,"
                        f"超过 Excel 单元格的上限 {EXCEL_CELL_LIMIT} 字:请导出为 .csv"
                    )
            sheet.append(cells)
            count += 1
    except BaseException:
        # Ends openpyxl's half-written sheet now: left to the garbage collector,
        # it prints tracebacks of its own after our one line (the caller removes the file).
        sheet.close()
        raise
    # The timeline, JSON for an import to read, is not printed.
    sheet.print_area = f"A1:{get_column_letter(HEADERS.index('处置记录'))}{count + 1}"
    if calendar:
        days = book.create_sheet(SHEET)
        days.column_dimensions["A"].width = 12
        days.column_dimensions["B"].width = 16
        days.append([_bold(days, heading, bold) for heading in CALENDAR_HEADERS])
        for entry in calendar_rows(calendar):
            days.append(entry)
    book.save(path)
    return count
