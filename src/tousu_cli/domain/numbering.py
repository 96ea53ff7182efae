"""Case numbers: the registration year and its sequence, as 2026-0001."""

from __future__ import annotations

import re

from tousu_cli.domain.errors import InvalidInput

# Four digits of sequence at least; a year past 9,999 cases goes on to 2026-10000.
_NUMBER = re.compile(r"(\d{4})-(\d{4,})")


def case_number(year: int, seq: int) -> str:
    return f"{year:04d}-{seq:04d}"


def parse_case_number(text: str) -> tuple[int, int]:
    """The year and sequence of a case number written with any number of leading
    zeros (2026-12 is refused, 2026-00012 is 2026-0012); InvalidInput otherwise."""
    found = _NUMBER.fullmatch(text.strip())
    if found is None or int(found.group(2)) == 0:
        raise InvalidInput(f"编号格式不对:{text!r}(应为 年份-序号,如 2026-0001)")
    return int(found.group(1)), int(found.group(2))


_SHORT = re.compile(r"(?:(\d{2}|\d{4})-)?(\d{1,6})")


def expand_number(text: str, this_year: int) -> str:
    """A case number as the clerk may type it, written out: whole (2026-0012,
    2026-12), a two-digit year and the sequence (26-12), or the sequence alone
    within THIS_YEAR (12, 0012). InvalidInput when it is none of these."""
    typed = text.strip()
    short = _SHORT.fullmatch(typed)
    if short is not None and int(short.group(2)) > 0:
        written = short.group(1)
        year = this_year if written is None else int(written) % 100 + 2000
        return case_number(year, int(short.group(2)))
    return case_number(*parse_case_number(typed))
