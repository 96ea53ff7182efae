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

# East Asian "ambiguous width" characters, which terminals set to draw them wide
# (PuTTY, Xshell, GNOME Terminal) draw in two cells, breaking every table apart:
# TOUSU_TABLE=ascii draws tables with ASCII alone.
_ASCII = str.maketrans({"—": "-", "…": "...", "█": "#", "─": "-", "•": "*", "·": "*"})


def ascii_only() -> bool:
    import os

    return os.environ.get("TOUSU_TABLE", "").strip().lower() == "ascii"


def _plain_text(text: str) -> str:
    return text.translate(_ASCII) if ascii_only() else text


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
    then the droppable ones, highest rank first, while the rest would not fit
    with most of their cells on one line (a row folded onto three lines is
    harder to read than a column left to --json or --csv)."""
    shown = [i for i in range(len(columns)) if any(row[i] for row in rows)] if rows else []
    if not rows:
        shown = list(range(len(columns)))
    comfortable = {i: _comfortable(columns[i], [row[i] for row in rows]) for i in shown}

    def needed() -> int:
        return sum(comfortable[i] for i in shown) + GAP * (len(shown) - 1)

    by_rank = sorted(
        (i for i in shown if columns[i].drop is not None),
        key=lambda i: -(columns[i].drop or 0),
    )
    for index in by_rank:
        if needed() <= width:
            break
        shown.remove(index)
    return shown


def _comfortable(column: Column, cells: Sequence[str]) -> int:
    """How wide a column is with nine cells in ten on one line."""
    narrowest = _narrowest(column, cells)
    if column.whole or not cells:
        return narrowest
    widths = sorted(_width(cell) for cell in cells)
    return max(narrowest, widths[min(len(widths) - 1, len(widths) * 9 // 10)])


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
    texts = [[_plain_text(cell_text(cell)) for cell in row] for row in rows]
    shown = fit(columns, texts, width)
    # Widths fixed here, not left to rich: rich takes a whole Chinese phrase for
    # one word it will not fold, and then squeezes the columns kept whole.
    grid = _table(columns, shown, color=color, fixed=_shared_widths(columns, shown, texts, width))
    for row in texts:
        grid.add_row(*(row[index] for index in shown))
    return _titled(grid, title, color)


def render_groups(
    columns: Sequence[Column],
    groups: Sequence[tuple[str, Sequence[Sequence[Any]]]],
    *,
    width: int,
    title: str | None = None,
    color: bool = True,
    like: Sequence[Sequence[Any]] = (),
) -> Any:
    """ROWS under a heading per group (a unit's name), the columns of every group
    as wide as in the others, so that the groups line up as one table; and as in
    any other table sized LIKE the same rows."""
    from rich.console import Group
    from rich.text import Text

    texts = [[[_plain_text(cell_text(cell)) for cell in row] for row in rows] for _, rows in groups]
    every = [row for rows in texts for row in rows]
    every += [[_plain_text(cell_text(cell)) for cell in row] for row in like]
    shown = fit(columns, every, width)
    fixed = _shared_widths(columns, shown, every, width)
    parts: list[Any] = [_table(columns, shown, color=color, fixed=fixed)]  # headings once
    for (heading, _), rows in zip(groups, texts, strict=True):
        parts.append(Text(_plain_text(heading), style="bold" if color else ""))
        part = _table(columns, shown, color=color, fixed=fixed, header=False)
        for row in rows:
            part.add_row(*(row[index] for index in shown))
        parts.append(part)
    return _titled(Group(*parts), title, color)


def _shared_widths(
    columns: Sequence[Column], shown: Sequence[int], rows: Sequence[Sequence[str]], width: int
) -> dict[int, int]:
    """Fixed widths for the SHOWN columns of ROWS in WIDTH cells: whole columns as
    wide as their widest cell, the others at their narrowest, and what room is
    left shared among these in proportion to what more they would take."""
    longest = {
        i: max(_width(columns[i].header), 0, *(_width(row[i]) for row in rows)) for i in shown
    }
    widths = {i: longest[i] for i in shown if columns[i].whole}
    folding = [i for i in shown if not columns[i].whole]
    for i in folding:
        widths[i] = _narrowest(columns[i], [row[i] for row in rows])
    room = max(0, width - sum(widths.values()) - GAP * (len(shown) - 1))
    more = {i: longest[i] - widths[i] for i in folding}
    wanted = sum(more.values())
    for i in folding:
        widths[i] += more[i] if wanted <= room else room * more[i] // wanted
    return widths


def _table(
    columns: Sequence[Column],
    shown: Sequence[int],
    *,
    color: bool,
    fixed: dict[int, int],
    header: bool = True,
) -> Any:
    """An empty rich Table of the SHOWN columns, each as wide as FIXED says:
    tables given the same widths draw their columns alike."""
    from rich import box
    from rich.table import Table

    from tousu_cli.cli import linebreak

    linebreak.install()

    # Columns apart by a blank, a rule under the headers (in ASCII when asked).
    rule = box.Box("    \n    \n -- \n    \n    \n    \n    \n    \n", ascii=True)

    grid = Table(
        header_style="bold" if color else "",
        box=rule if ascii_only() else box.SIMPLE_HEAD,
        show_edge=False,
        show_header=header,
        pad_edge=False,
        padding=(0, GAP - 1, 0, 0),
    )
    for index in shown:
        column = columns[index]
        grid.add_column(
            _plain_text(column.header),
            no_wrap=column.whole,
            width=fixed[index],
            overflow="fold",
            justify="right" if column.right else "left",
        )
    return grid


def _titled(renderable: Any, title: str | None, color: bool) -> Any:
    if title is None:
        return renderable
    from rich.console import Group
    from rich.text import Text

    # Above the table, not its caption: a caption would fold to a narrow
    # table's width, and a title is as wide as the terminal allows.
    return Group(Text(_plain_text(title), style="bold" if color else ""), renderable)
