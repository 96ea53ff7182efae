"""What the shell completes a value to (tousu --install-completion).

These run only when the shell asks, never when a command runs: a command
pays nothing for them at start-up. The ledger's own values (open case
numbers, units, categories) are read from the file the command line names.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import typer

from tousu_cli.domain.model import (
    Channel,
    Finding,
    Labelled,
    Method,
    Mode,
    Satisfaction,
    Status,
)

Choices = Callable[[str], list[tuple[str, str]]]


def _keys(enum: type[Labelled]) -> Choices:
    """An enum's keys, each with its label, that begin with what is typed."""

    def complete(incomplete: str) -> list[tuple[str, str]]:
        return [
            (member.value, member.label)
            for member in enum
            if member.value.startswith(incomplete) or member.label.startswith(incomplete)
        ]

    return complete


channels = _keys(Channel)
modes = _keys(Mode)
findings = _keys(Finding)
methods = _keys(Method)
satisfactions = _keys(Satisfaction)
statuses = _keys(Status)


def _ledger(ctx: typer.Context) -> Path | None:
    root = ctx.find_root()
    given = root.params.get("db") or os.environ.get("TOUSU_DB")
    if given:
        return Path(given)
    from tousu_cli.services.location import default_path

    return default_path()


def _from_ledger(ctx: typer.Context, ask: Callable[[Any], list[str]], incomplete: str) -> list[str]:
    path = _ledger(ctx)
    if path is None or not path.exists():
        return []
    from tousu_cli.services.completion import read_only_ledger

    try:
        with read_only_ledger(path) as conn:
            return [value for value in ask(conn) if incomplete in value]
    except Exception:  # a shell completing must never print a traceback
        return []


def open_cases(ctx: typer.Context, incomplete: str) -> list[str]:
    from tousu_cli.services.completion import open_numbers

    return _from_ledger(ctx, open_numbers, incomplete)


def units(ctx: typer.Context, incomplete: str) -> list[str]:
    from tousu_cli.services.completion import unit_names

    return _from_ledger(ctx, unit_names, incomplete)


def categories(ctx: typer.Context, incomplete: str) -> list[str]:
    from tousu_cli.services.completion import category_names

    return _from_ledger(ctx, category_names, incomplete)
