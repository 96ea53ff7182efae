"""A workbook's sheets as a printer puts them on A4 (the statistics, the
exported ledger): every column of a table on one page's width, its heading
row again on every page, a title above and page numbers below; text folded
within the table's width; a chart on a page of its own, as wide as the
table, never cut in two.

Sizes are in a sheet's own units: a column width counts characters of the
default font (a Chinese character takes two), a row height points.
"""

from __future__ import annotations

import math
import unicodedata
from typing import Any

PAPER_A4 = 9  # the paper size code of ECMA-376
LINE_POINTS = 15.0  # one line of the default 11-point font
_CM_PER_WIDTH_UNIT = 7 / 96 * 2.54  # a width unit is about 7 pixels at 96 dpi
_PAD_CM = 5 / 96 * 2.54  # and every column 5 pixels more
CHART_HEIGHT_CM = 11.0
CHART_MAX_WIDTH_CM = 25.0  # an A4 landscape page's printable width, less a margin


def for_paper(
    sheet: Any,
    title: str | None,
    *,
    landscape: bool,
    heading_rows: str | None,
    key_columns: str | None = None,
) -> None:
    """SHEET printed on A4, all its columns one page wide, as many pages long as
    it takes; TITLE above each page (None: the sheet has its own); HEADING_ROWS
    (as "1:1") printed again at the top of each page. With KEY_COLUMNS (as
    "A:A"), a table too wide for one page: printed at its size, page after page
    across, those columns again on the left of each, so every row is known."""
    setup = sheet.page_setup
    setup.paperSize = PAPER_A4
    setup.orientation = "landscape" if landscape else "portrait"
    if key_columns is None:
        setup.fitToWidth = 1
        setup.fitToHeight = 0  # as many pages as the rows take
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.print_options.horizontalCentered = True
    else:
        sheet.print_title_cols = key_columns
    if heading_rows is not None:
        sheet.print_title_rows = heading_rows
    if title is not None:
        sheet.oddHeader.center.text = title
    sheet.oddFooter.center.text = "第 &P 页,共 &N 页"


def text_width(text: str) -> float:
    """How many width units TEXT takes: two for a wide (Chinese) character."""
    return sum(2.0 if unicodedata.east_asian_width(c) in "WF" else 1.0 for c in text)


def fold(sheet: Any, row: int, text: str, columns: int, width: float, *, size: int = 11) -> None:
    """TEXT in ROW, across the first COLUMNS columns (WIDTH units together), in
    SIZE points (bold above 11), folded onto as many lines as it needs: a
    merged cell is not made taller by any program that opens it, so its
    height is set here."""
    from openpyxl.styles import Alignment, Font

    cell = sheet.cell(row, 1, text)
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    if size != 11:
        cell.font = Font(bold=True, size=size)
    if columns > 1:
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=columns)
    scale = size / 11
    lines = max(1, math.ceil(text_width(text) * scale / max(width - 1, 1)))
    sheet.row_dimensions[row].height = lines * LINE_POINTS * scale * 1.15


def ruled(sheet: Any, first_row: int, last_row: int, columns: int) -> None:
    """Thin lines around every cell of a table: on paper, figures without them
    are hard to follow along a row."""
    from openpyxl.styles import Border, Side

    line = Side(style="thin", color="808080")
    border = Border(left=line, right=line, top=line, bottom=line)
    for row in sheet.iter_rows(min_row=first_row, max_row=last_row, max_col=columns):
        for cell in row:
            cell.border = border


def table_width(sheet: Any, columns: int, default: float = 8.43) -> float:
    """The width units of the first COLUMNS columns of SHEET."""
    from openpyxl.utils import get_column_letter

    total = 0.0
    for index in range(1, columns + 1):
        width = sheet.column_dimensions[get_column_letter(index)].width
        total += width or default
    return total


def chart_on_its_own_page(sheet: Any, chart: Any, row: int, columns: int) -> None:
    """CHART from ROW, after a page break, as wide as the first COLUMNS columns
    (at most a page's width): printed whole, never across two pages."""
    from openpyxl.worksheet.pagebreak import Break

    width_cm = table_width(sheet, columns) * _CM_PER_WIDTH_UNIT + columns * _PAD_CM
    chart.width = min(max(width_cm, 12.0), CHART_MAX_WIDTH_CM)
    chart.height = CHART_HEIGHT_CM
    sheet.row_breaks.append(Break(id=row - 1))
    sheet.add_chart(chart, f"A{row}")
