"""Text that a spreadsheet must show as it was written.

openpyxl stores a string that begins with "=" as a formula. In the ledger and
the reports every string is somebody's words (a complaint, a unit's name): as
a formula, Excel and WPS would compute it, or run it (formula injection), and
show a result instead of the words.
"""

from __future__ import annotations

from typing import Any


def text_cell(sheet: Any, value: str) -> Any:
    """A cell of a write-only SHEET that holds VALUE as text, whatever it begins with."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    return cell


def no_formulas(book: Any) -> None:
    """Every cell of BOOK that openpyxl took for a formula holds text instead."""
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"
