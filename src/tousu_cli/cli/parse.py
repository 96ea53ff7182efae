"""Turning what the clerk typed into values, with Chinese refusals.

A value that cannot be read is a usage error (exit 2), refused before the
ledger is read; what the rules refuse once it is read exits 1. Everything
typed on the command line is read here, so the line between the two is drawn
once: every parser below raises BadUsage.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from enum import Enum
from typing import Any, TypeVar

from tousu_cli import chinatime
from tousu_cli.domain.errors import InvalidInput

E = TypeVar("E", bound=Enum)

__all__ = [
    "BadUsage",
    "as_usage",
    "choice",
    "number",
    "parse_date",
    "parse_datetime",
    "parse_int",
    "parse_year",
]


class BadUsage(InvalidInput):
    """What was typed cannot be read: a usage error, exit 2."""

    exit_code = 2


@contextmanager
def as_usage() -> Iterator[None]:
    """Refusals of what was typed, read by code outside cli/ (a report period)."""
    try:
        yield
    except BadUsage:
        raise
    except InvalidInput as error:
        raise BadUsage(error.message) from None


def parse_date(text: str, what: str = "日期", years: range = chinatime.YEARS) -> date:
    with as_usage():
        return chinatime.parse_date(text, what, years)


def parse_datetime(text: str, what: str = "时间", years: range = chinatime.YEARS) -> datetime:
    with as_usage():
        return chinatime.parse_datetime(text, what, years)


_LARGEST = 2**63 - 1


def parse_int(text: str, what: str, low: int | None = None, high: int | None = None) -> int:
    what = f"{what} " if what.startswith("-") else what  # --limit 须…, 延期天数须…
    try:
        value = int(unicodedata.normalize("NFKC", text).strip())
    except ValueError:
        raise BadUsage(f"{what}须为整数,收到 {text!r}") from None
    high = _LARGEST if high is None else high  # what the database can hold
    if low is not None and high is not None and not low <= value <= high:
        raise BadUsage(f"{what}须在 {low} 到 {high} 之间,收到 {value}")
    if low is not None and value < low:
        raise BadUsage(f"{what}须不小于 {low},收到 {value}")
    if high is not None and value > high:
        raise BadUsage(f"{what}须不大于 {high},收到 {value}")
    return value


def number(what: str, low: int | None = None, high: int | None = None) -> Callable[[Any], int]:
    """The parser of a whole-number option (typer.Option(parser=...))."""

    def parse(value: Any) -> int:
        if isinstance(value, int):  # the option's default, given as a number
            return value
        return parse_int(str(value), what, low, high)

    parse.__name__ = "N"  # how --help names the value
    return parse


def parse_year(text: str) -> int:
    value = unicodedata.normalize("NFKC", text).strip()
    if not (len(value) == 4 and value.isdigit()):
        raise BadUsage(f"年份格式不对:{text!r}(应为四位数字,如 2026)")
    return int(value)


def choice(text: str, options: dict[str, E], what: str) -> E:
    """An enum value typed as its English key or a Chinese label."""
    key = unicodedata.normalize("NFKC", text).strip()
    found = options.get(key) or options.get(key.lower())
    if found is None and key:  # part of one name (12345 for 12345转办) is enough
        partly = {value for name, value in options.items() if key in name}
        if len(partly) == 1:
            return partly.pop()
        if len(partly) > 1:
            names = "、".join(name for name, value in options.items() if key in name)
            raise BadUsage(f"{what}「{text}」不明确,可能是:{names}")
    if found is None:
        # The Chinese name of each, once: the English keys are in --help.
        labels = (getattr(value, "label", str(value.value)) for value in options.values())
        known = "、".join(dict.fromkeys(labels))
        raise BadUsage(f"{what}「{text}」无效,可选:{known}")
    return found
