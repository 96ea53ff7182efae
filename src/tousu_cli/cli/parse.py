"""Turning what the clerk typed into values, with Chinese refusals."""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from typing import Any, TypeVar

from tousu_cli.chinatime import parse_date, parse_datetime
from tousu_cli.domain.errors import InvalidInput

E = TypeVar("E", bound=Enum)

__all__ = ["choice", "number", "parse_date", "parse_datetime", "parse_int", "parse_year"]


def parse_int(text: str, what: str, low: int | None = None, high: int | None = None) -> int:
    try:
        value = int(text.strip())
    except ValueError:
        raise InvalidInput(f"{what}须为整数,收到 {text!r}") from None
    if (low is not None and value < low) or (high is not None and value > high):
        bounds = f"{low if low is not None else '…'} 到 {high if high is not None else '…'}"
        raise InvalidInput(f"{what}须在 {bounds} 之间,收到 {value}")
    return value


def number(what: str, low: int | None = None, high: int | None = None) -> Callable[[Any], int]:
    """The parser of a whole-number option (typer.Option(parser=...)): a value out of
    shape or bounds is refused in Chinese, exit 1, as any other refused input."""

    def parse(value: Any) -> int:
        if isinstance(value, int):  # the option's default, given as a number
            return value
        return parse_int(str(value), what, low, high)

    parse.__name__ = "int"  # how --help names the value: <int>
    return parse


def parse_year(text: str) -> int:
    value = text.strip()
    if not (len(value) == 4 and value.isdigit()):
        raise InvalidInput(f"年份格式不对:{text!r}(应为 YYYY)")
    return int(value)


def choice(text: str, options: dict[str, E], what: str) -> E:
    """An enum value typed as its English key or a Chinese label."""
    key = text.strip()
    found = options.get(key) or options.get(key.lower())
    if found is None and key:  # part of one name (12345 for 12345转办) is enough
        partly = {value for name, value in options.items() if key in name}
        if len(partly) == 1:
            return partly.pop()
        if len(partly) > 1:
            names = "、".join(name for name, value in options.items() if key in name)
            raise InvalidInput(f"{what}「{text}」不明确,可能是:{names}")
    if found is None:
        known = "、".join(dict.fromkeys(options))
        raise InvalidInput(f"{what}无效:{text!r}(可选:{known})")
    return found
