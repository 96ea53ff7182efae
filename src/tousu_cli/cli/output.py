"""Shared output: one JSON document for scripts, plain lines or tables for people."""

from __future__ import annotations

import csv
import json
import os
import sys
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from pathlib import PurePath
from typing import Annotated, Any

import typer

from tousu_cli.cli.grid import Column, as_columns, cell_text, render

# The output options every command declares the same way.
JsonFlag = Annotated[bool, typer.Option("--json", help="输出一个 JSON 文档(供脚本使用)")]
CsvFlag = Annotated[bool, typer.Option("--csv", help="输出 CSV(带表头,Excel 可直接打开)")]
ModeOption = Annotated[
    str,
    typer.Option("--mode", help="写出文件的权限(八进制),默认 600 仅本人可读;如 644 为他人可读"),
]
OverwriteFlag = Annotated[
    bool, typer.Option("--overwrite", help="要写的文件已存在时替换它(正在使用的数据库除外)")
]


def json_text(document: Any, *, indent: int | None = None, ascii_only: bool = False) -> str:
    """The one way a document becomes JSON: Chinese as is (or as \\u escapes when
    ASCII_ONLY), dates as ISO text, enums as their keys, decimals as numbers;
    anything else is a mistake."""
    return json.dumps(document, ensure_ascii=ascii_only, indent=indent, default=_plain)


def _plain(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, PurePath):
        return str(value)
    raise TypeError(f"{type(value).__name__} has no JSON form")


def emit_json(document: Any) -> None:
    """Exactly one JSON document on stdout.

    Indented for a person at a terminal; compact when piped, where the C
    encoder is several times faster on a large list.
    """
    encoding = (getattr(sys.stdout, "encoding", None) or "utf-8").lower().replace("-", "")
    # On a console that is not UTF-8 (GBK), a rare character stays exact as \u9fae.
    ascii_only = not encoding.startswith("utf")
    indent = 2 if sys.stdout.isatty() else None
    sys.stdout.write(json_text(document, indent=indent, ascii_only=ascii_only) + "\n")


def emit_csv(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """A header row, then ROWS, on stdout; a cell that would start a formula in
    Excel or WPS is written after an apostrophe (spreadsheet_text)."""
    from tousu_cli.spreadsheet_text import csv_safe_rows

    # "\n": stdout is a text stream, which ends a line as the platform does (\r\n on
    # Windows); the csv module's own \r\n would come out as \r\r\n, a blank row
    # after every row in Excel.
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(headers)
    writer.writerows(csv_safe_rows(rows))


class Format(Enum):
    """How a result is shown: to a person, or to a script as JSON or CSV."""

    TERMINAL = "terminal"
    JSON = "json"
    CSV = "csv"
    MARKDOWN = "md"  # a paragraph for a report (report stats)


def one_format(ctx: typer.Context, **chosen: bool) -> None:
    """At most one output format: two are a usage error (exit 2)."""
    given = [f"--{name}" for name, flag in chosen.items() if flag]
    if len(given) > 1:
        ctx.fail(f"{' 与 '.join(given)} 只能选一个")


def output_format(
    ctx: typer.Context, *, json: bool = False, csv: bool = False, md: bool = False
) -> Format:
    """The format the --json / --csv / --md options ask for."""
    one_format(ctx, json=json, csv=csv, md=md)
    chosen = {Format.JSON: json, Format.CSV: csv, Format.MARKDOWN: md}
    return next((fmt for fmt, asked in chosen.items() if asked), Format.TERMINAL)


def echo(text: str = "") -> None:
    sys.stdout.write((_fitted(text) if is_terminal() else text) + "\n")


def note(text: str) -> None:
    """A remark for the person at the terminal, kept off stdout."""
    sys.stderr.write((_fitted(text) if sys.stderr.isatty() else text) + "\n")


def _fitted(text: str) -> str:
    """A line longer than the terminal, broken where Chinese may break
    (cli/linebreak.py), the rest under its value when it is "label:value" and
    under its indent otherwise: the terminal itself would cut it anywhere, 期限
    into 期 and 限, and start the next line at the edge."""
    import shutil

    from rich.cells import cell_len

    width = shutil.get_terminal_size().columns
    if "\n" in text or cell_len(text) <= width:
        return text
    from rich.console import Console
    from rich.text import Text

    from tousu_cli.cli import linebreak

    linebreak.install()
    body = text.lstrip(" ")
    indent = len(text) - len(body)
    label = body.find(":", 0, 12) + 1  # 投诉内容:…
    hang = indent + cell_len(body[:label])
    if width - hang < 20:
        hang, label = indent, 0
    first = body[:label]
    lines = Text(body[label:]).wrap(Console(width=width), width - hang)
    parts = [line.plain.rstrip() for line in lines]
    return "\n".join([" " * indent + first + parts[0], *(" " * hang + part for part in parts[1:])])


def is_terminal() -> bool:
    return sys.stdout.isatty()


def can_page() -> bool:
    """A person at both ends: typing (a pager waits for keys) and reading."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def table(
    headers: Sequence[str | Column],
    rows: Sequence[Sequence[Any]],
    title: str | None = None,
    *,
    page: bool = False,
) -> None:
    """A table fitted to the terminal (cli/grid.py); tab-separated lines, every
    column and whole, when piped. PAGE: longer than the screen, it goes through
    the pager ($PAGER, or less), as git does."""
    columns = as_columns(headers)
    if not is_terminal():
        if title:
            echo(title)
        echo("\t".join(column.header.replace("\n", "") for column in columns))
        for row in rows:
            echo("\t".join(cell_text(cell) for cell in row))
        return
    console = _console()
    plain = console.no_color
    drawn = render(columns, rows, width=console.width, title=title, color=not plain)
    if not (page and can_page()) or len(console.render_lines(drawn, pad=False)) < console.height:
        console.print(drawn)
        return
    # less: keep colours (R), leave the screen as it was (X); git's choice.
    os.environ.setdefault("LESS", "RX")
    with console.pager(styles=not plain):
        console.print(drawn)


def grouped_table(
    headers: Sequence[str | Column],
    groups: Sequence[tuple[str, Sequence[Sequence[Any]]]],
    *,
    group_header: str,
    title: str | None = None,
    like: Sequence[Sequence[Any]] = (),
) -> None:
    """Rows under a heading per group (its name and how many), lined up as one
    table (cli/grid.py) and with any other sized LIKE the same rows; piped,
    tab-separated lines with the group's name as their first column."""
    columns = as_columns(headers)
    if not is_terminal():
        table(
            [group_header, *columns],
            [(name, *row) for name, rows in groups for row in rows],
            title,
        )
        return
    from tousu_cli.cli.grid import render_groups

    console = _console()
    headed = [(f"{name}({len(rows)} 件)", rows) for name, rows in groups]
    renderable = render_groups(
        columns, headed, width=console.width, title=title, color=not console.no_color, like=like
    )
    console.print(renderable)


def _console() -> Any:
    """rich's console for this terminal: colour unless NO_COLOR is set."""
    from rich.console import Console

    return Console(no_color="NO_COLOR" in os.environ)


def short_time(stamp: str) -> str:
    """2026-11-11T16:16:00+08:00 as the clerk reads it: 2026-11-11 16:16."""
    return stamp[:16].replace("T", " ")
