"""Text that a spreadsheet must show as it was written.

In the ledger and the reports every string is somebody's words (a complaint,
a unit's name). Taken for a formula, Excel and WPS would compute it, or run
it (formula injection), and show a result instead of the words.

- openpyxl stores a string that begins with "=" as a formula: such cells are
  written as text.
- In a CSV, Excel takes a cell beginning with =, +, - or @ for a formula
  (+86-571-8888 would be computed). Such a cell is written after an
  apostrophe, Excel's mark for text, which an import takes off again; an
  apostrophe that begins the words themselves is doubled, so it survives.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

_FORMULA_STARTS = frozenset("=+-@\t\r'")


def csv_safe(value: Any) -> Any:
    """VALUE as a CSV cell that Excel shows as written."""
    if isinstance(value, str) and value[:1] in _FORMULA_STARTS:
        return "'" + value
    return value


def csv_safe_rows(rows: Iterable[Iterable[Any]]) -> Iterator[list[Any]]:
    for row in rows:
        yield [csv_safe(value) for value in row]


def from_csv(cells: list[str]) -> list[str]:
    """A CSV row's cells as they were before csv_safe."""
    if "'" not in "".join(cells):  # nearly every row: one pass in C
        return cells
    return [c[1:] if c[:1] == "'" and c[1:2] in _FORMULA_STARTS else c for c in cells]


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
