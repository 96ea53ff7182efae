"""Shared output: one JSON document for scripts, plain lines or tables for people."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Sequence
from typing import Annotated, Any

import typer

JsonFlag = Annotated[bool, typer.Option("--json", help="输出一个 JSON 文档(供脚本使用)")]


def emit_json(document: Any) -> None:
    """Exactly one JSON document on stdout, Chinese as is.

    Indented for a person at a terminal; compact when piped, where the C
    encoder is several times faster on a large list.
    """
    indent = 2 if sys.stdout.isatty() else None
    sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=indent, default=str) + "\n")


def echo(text: str = "") -> None:
    sys.stdout.write(text + "\n")


def note(text: str) -> None:
    """A remark for the person at the terminal, kept off stdout."""
    sys.stderr.write(text + "\n")


def is_terminal() -> bool:
    return sys.stdout.isatty()


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]], title: str | None = None) -> None:
    """A rich table on a terminal; tab-separated lines when piped."""
    if not is_terminal():
        if title:
            echo(title)
        echo("\t".join(headers))
        for row in rows:
            echo("\t".join("" if cell is None else str(cell) for cell in row))
        return
    from rich.console import Console
    from rich.table import Table

    grid = Table(*headers, title=title, title_justify="left", header_style="bold")
    for row in rows:
        grid.add_row(*("" if cell is None else str(cell) for cell in row))
    Console(no_color="NO_COLOR" in os.environ).print(grid)


def short_time(stamp: str) -> str:
    """2026-11-11T16:16:00+08:00 as the clerk reads it: 2026-11-11 16:16."""
    return stamp[:16].replace("T", " ")
