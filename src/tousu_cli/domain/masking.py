"""Personal numbers masked (保密原则): the phone and ID number fields, and the
numbers people write into free text (a complaint's content, a note, a result,
a reason).

In text a number is known by its shape, as a reader would know it: a mobile
(with spaces, dashes or +86), a landline with its area code or without (seven
or eight digits, not starting with 0 or 1), an ID number (15 digits, or 18
with the GB 11643 check character). Dates, case numbers, counts and sums of
money have other shapes and stay as written.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

# The complainant's numbers, masked in every list, report and export.
PERSONAL = frozenset({"phone", "id_number"})
# A case's columns of people's words, where a phone or ID number may be written
# in the text (two of them lists of texts: evidence, measures).
FREE_TEXT = frozenset({
    "content", "demand", "evidence", "measures", "result", "reject_reason", "withdraw_reason",
})  # fmt: skip
# What stands where a personal value was erased (tousu erase): shown as it is.
ERASED = "〔已删除〕"


def mask(value: str | None) -> str | None:
    """A phone or ID number masked: at most its last four characters shown, and
    its first three only for a mobile or an ID number, whose first three say a
    carrier or a province and not whose it is. 87654321 is ****4321: 876*4321
    would leave one digit to guess."""
    if not value or "*" in value or value == ERASED:  # none, masked already, or gone
        return value
    digits = value.replace(" ", "").replace("-", "").removeprefix("+86")
    if len(value) > 7 and (_MOBILE.fullmatch(digits) or _ID.fullmatch(digits)):
        return value[:3] + "*" * (len(value) - 7) + value[-4:]
    shown = 4 if len(value) > 6 else max(len(value) - 4, 0)  # a short one: less
    return "*" * (len(value) - shown) + value[len(value) - shown :]


_MOBILE = re.compile(r"1[3-9][0-9]{9}")
_ID = re.compile(r"[0-9]{15}|[0-9]{17}[0-9Xx]")

# Digits in groups, as people write a number: 139 1234 5678, 0571-8888 8888,
# (0571)88888888, +86 139…; an ID number may end in X.
# It scans every text of an export, so it is built to be quick: a digit not
# after another, not the start of a time or date as stored (2026-10-12T09:30…,
# "2026-10-12" in JSON text), then digits and separators, ending in a digit
# (and the X of an ID number).
NUMBER_RUN = re.compile(
    r"[0-9](?<![0-9][0-9])(?![0-9]{3}-[0-9]{2}-[0-9]{2}[T\"])[0-9 \-()（）]{5,}[0-9][Xx]?"
)
_DATE = re.compile(r"(?:19|20)[0-9]{2}-[01][0-9]-[0-3][0-9](?: [0-2][0-9])?")  # and an hour
_GROUP = re.compile(r"\+?[0-9]+[Xx]?")
# What follows a count or a sum (41900400 字, 第 1048577 行, 12000000 元), or
# comes before a sum (¥12345678): not a phone.
_COUNTED = re.compile(r"\s*[字行个件天次列位项元年月日号人份岁万亿%]")
_MONEY = frozenset("¥￥$")
_LANDLINE = re.compile(r"0[1-9][0-9]{8,10}")  # area code and number: 10 to 12 digits
_LOCAL = re.compile(r"[2-9][0-9]{6,7}")  # a landline without its area code
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def id_check_character(first17: str) -> str:
    """The check character GB 11643 gives an ID number's first 17 digits."""
    total = sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True))
    return "10X98765432"[total % 11]


def mask_numbers(text: str) -> str:
    """TEXT with every phone and ID number in it masked (mask)."""
    return replace_numbers(text, lambda number: mask(number) or number)


def replace_numbers(text: str, replace: Callable[[str], str]) -> str:
    """TEXT with every phone and ID number in it, as written, put through REPLACE."""
    return NUMBER_RUN.sub(lambda run: _replaced_run(run, text, replace), text)


def _replaced_run(run: re.Match[str], text: str, replace: Callable[[str], str]) -> str:
    """A run of digit groups, each number in it replaced: the longest groups from
    the left that make one, then on from the group after it."""
    written = run.group()
    if sum(map(str.isdigit, written)) < 7 or _DATE.fullmatch(written):
        return written  # most runs: nothing shorter is a phone; a date or a time
    # A count or a sum may have a local landline's shape, never a mobile's.
    counted = bool(_COUNTED.match(text, run.end())) or (
        run.start() > 0 and text[run.start() - 1] in _MONEY
    )
    groups = [(g.start(), g.end()) for g in _GROUP.finditer(written)]
    pieces, shown_to, i = [], 0, 0
    while i < len(groups):
        for j in range(len(groups), i, -1):
            start, end = groups[i][0], groups[j - 1][1]
            if is_personal_number(written[start:end], j - i, local=not counted):
                pieces += [written[shown_to:start], replace(written[start:end])]
                shown_to, i = end, j
                break
        else:
            i += 1
    return "".join(pieces) + written[shown_to:]


def is_personal_number(written: str, groups: int = 1, *, local: bool = True) -> bool:
    """Whether WRITTEN (digits in GROUPS, with separators) is a phone or ID
    number; LOCAL: a landline without its area code too."""
    digits = re.sub(r"[^0-9Xx]", "", written).upper()
    if len(digits) in (13, 15) and digits.removeprefix("00").startswith("86"):
        digits = digits.removeprefix("00").removeprefix("86")  # +86, 0086: China
    if _MOBILE.fullmatch(digits) or _LANDLINE.fullmatch(digits) or _is_id(digits):
        return True
    if not local or not _LOCAL.fullmatch(digits):
        return False
    # A date (20261012, 2026-10-12) or a case number (2026-0012) is not one.
    year = re.match(r"(19|20)[0-9]{2}", written)
    return not (year and (groups > 1 or _is_date(digits)))


def _is_id(digits: str) -> bool:
    if len(digits) == 15:  # the old kind: area, yymmdd, sequence
        return digits.isdigit() and _is_date("19" + digits[6:12])
    if len(digits) != 18 or not digits[:17].isdigit():
        return False
    return id_check_character(digits[:17]) == digits[17] and _is_date(digits[6:14])


def _is_date(digits: str) -> bool:
    try:
        date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return False
    return True


def masked_text(value: Any) -> Any:
    """VALUE with the numbers written in its texts masked, however deep."""
    if isinstance(value, str):
        return mask_numbers(value)
    if isinstance(value, list):
        return [masked_text(item) for item in value]
    if isinstance(value, dict):
        return {key: masked_text(item) for key, item in value.items()}
    return value


# The number fields of an event's data as JSON text: a phone or ID number of the
# facts a registration or an upgrade recorded, and the before and after of a
# corrected one (更正登记, keys in the order it records them). A number holds no
# quote and no backslash.
_NUMBER_FIELD = re.compile(r'("(?:phone|id_number)"\s*:\s*")([^"\\]*)"')
_CORRECTED_NUMBER = re.compile(
    r'("field"\s*:\s*"(?:phone|id_number)"\s*,\s*"from"\s*:\s*)(null|"[^"\\]*")'
    r'(\s*,\s*"to"\s*:\s*)(null|"[^"\\]*")'
)


def masked_json(text: str) -> str:
    """Event data as JSON TEXT (one event's, or a history of them) with its
    number fields masked, and the numbers written in its texts, each where it
    stands. The JSON stays whole: a mask adds no quote and no backslash. Text
    patterns rather than a parse: an export masks every row's history this way."""
    text = _NUMBER_FIELD.sub(lambda m: f'{m[1]}{mask(m[2])}"', text)
    text = _CORRECTED_NUMBER.sub(
        lambda m: f"{m[1]}{_masked_value(m[2])}{m[3]}{_masked_value(m[4])}", text
    )
    return mask_numbers(text)


def _masked_value(value: str) -> str:
    return value if value == "null" else f'"{mask(value[1:-1])}"'
