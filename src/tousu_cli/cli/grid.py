"""Tables that fit the terminal they are shown on.

Each column says what it may give up when the terminal is narrow: a column
kept whole (a case number, a status, a due date, a count of days) is never
cut; other text folds onto more lines rather than ending in "…"; and columns
with a drop rank leave, the highest rank first, until the rest fits. A column
with nothing in it is not drawn.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

GAP = 2  # cells between two columns
FOLD_MIN = 6  # the narrowest a folding column gets (three Chinese characters)


@dataclass(frozen=True, slots=True)
class Column:
    header: str
    whole: bool = False  # never cut or folded
    drop: int | None = None  # leaves when narrow, the highest first; None: stays
    least: int = FOLD_MIN  # the narrowest a folding column gets, in cells
    right: bool = False  # figures line up on their last digit


def as_columns(headers: Sequence[str | Column]) -> list[Column]:
    return [h if isinstance(h, Column) else Column(h) for h in headers]


def cell_text(value: Any) -> str:
    return "" if value is None else str(value)


def _width(text: str) -> int:
    from rich.cells import cell_len

    return max((cell_len(line) for line in text.splitlines()), default=0)


def fit(columns: Sequence[Column], rows: Sequence[Sequence[str]], width: int) -> list[int]:
    """The indices of the columns to draw in WIDTH cells: the empty ones left out,
    then the droppable ones, highest rank first, while the narrowest the rest can
    be is still wider than WIDTH."""
    shown = [i for i in range(len(columns)) if any(row[i] for row in rows)] if rows else []
    if not rows:
        shown = list(range(len(columns)))
    narrowest = {i: _narrowest(columns[i], [row[i] for row in rows]) for i in shown}

    def needed() -> int:
        return sum(narrowest[i] for i in shown) + GAP * (len(shown) - 1)

    by_rank = sorted(
        (i for i in shown if columns[i].drop is not None),
        key=lambda i: -(columns[i].drop or 0),
    )
    for index in by_rank:
        if needed() <= width:
            break
        shown.remove(index)
    return shown


def _narrowest(column: Column, cells: Sequence[str]) -> int:
    header = _width(column.header)
    longest = max((_width(cell) for cell in cells), default=0)
    if column.whole:
        return max(header, longest)
    return max(header, min(longest, column.least))


def render(
    columns: Sequence[Column],
    rows: Sequence[Sequence[Any]],
    *,
    width: int,
    title: str | None = None,
    color: bool = True,
) -> Any:
    """A rich Table of ROWS for a terminal WIDTH cells wide (a renderable)."""
    from rich import box
    from rich.table import Table

    texts = [[cell_text(cell) for cell in row] for row in rows]
    shown = fit(columns, texts, width)
    grid = Table(
        header_style="bold" if color else "",
        box=box.SIMPLE_HEAD,  # columns apart by a blank, a rule under the headers
        show_edge=False,
        pad_edge=False,
        padding=(0, GAP - 1, 0, 0),
    )
    for index in shown:
        column = columns[index]
        narrowest = _narrowest(column, [row[index] for row in texts])
        grid.add_column(
            column.header,
            no_wrap=column.whole,
            min_width=narrowest,
            overflow="fold",
            justify="right" if column.right else "left",
        )
    for row in texts:
        grid.add_row(*(row[index] for index in shown))
    if title is None:
        return grid
    from rich.console import Group
    from rich.text import Text

    # Above the table, not its caption: a caption would fold to a narrow
    # table's width, and a title is as wide as the terminal allows.
    return Group(Text(title, style="bold" if color else ""), grid)
