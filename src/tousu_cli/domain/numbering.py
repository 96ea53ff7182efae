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
