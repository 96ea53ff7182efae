"""Checks on what a clerk or a file supplies, shared by the commands and the importer."""

from __future__ import annotations

import re
import unicodedata

from tousu_cli.domain.errors import InvalidInput
from tousu_cli.domain.masking import id_check_character

_PHONE = re.compile(r"\+?[0-9][0-9\- ]{4,22}[0-9]")
# 138-1234-5678, +86 138 1234 5678 and 13812345678 are one number, and a
# complainant's repeats are found by it: a mobile number is kept as its 11 digits.
_MOBILE = re.compile(r"(?:\+86|0086|86)?(1[3-9][0-9]{9})")
# Tab and newline are text; other control characters (NUL among them) are
# damage from a copy-paste or a broken file, never what the clerk meant.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
# Lone surrogates are bytes that were not UTF-8 (how Python carries them from argv).
_NOT_TEXT = re.compile(r"[\ud800-\udfff]")
# Noncharacters (U+FDD0–FDEF, U+FFFE, U+FFFF) are never text either: Unicode keeps
# them for a program's own marks, and the ledger's seals are made of them
# (docs/personal-data-erasure.md), which no typed text may forge.
_NONCHARACTER = re.compile(r"[\ufdd0-\ufdef\ufffe\uffff]")
# A name, a unit or a category is one line: a tab or a line break would split
# it in every tab-separated list, and a format character (Unicode category Cf:
# zero-width characters, LRM/RLM, RLO/PDF, isolates, the soft hyphen …),
# unseen, would make 张三 another person when repeats are counted, or turn the
# printed text around.
_NOT_ONE_LINE = re.compile(r"[\t\n\r\u2028\u2029]")


def _has_format_character(text: str) -> bool:
    return not text.isascii() and any(unicodedata.category(c) == "Cf" for c in text)


LIMITS = {"short": 200, "long": 20_000}
# Short fields' texts that passed, as they were cleaned: an import meets the
# same units, categories and stock phrases on row after row. Such a text passes
# as any field, short or long. Long fields' texts (a complaint's content) are
# rarely the same twice, and would pin megabytes.
PASSED_KEPT = 10_000
_PASSED: dict[str, str] = {}
# The last texts that passed, of any field, with the size they passed as: an
# import checks a row's texts as it reads them, and registering the row checks
# them again (the rule of every registration), a few calls later.
RECENT_KEPT = 64
_RECENT: dict[tuple[str, str], str] = {}


def text(
    value: str | None, what: str, *, required: bool = False, size: str = "short"
) -> str | None:
    """A text field: trimmed, bounded, free of control characters; None when empty."""
    if value and (known := _PASSED.get(value) or _RECENT.get((value, size))) is not None:
        return known
    cleaned = (value or "").strip()
    if not cleaned:
        if required:
            raise InvalidInput(f"须填写{what}")
        return None
    if size == "short":
        if _NOT_ONE_LINE.search(cleaned):
            raise InvalidInput(f"{what}只能写一行,不能含有换行或制表符")
        if _has_format_character(cleaned):
            raise InvalidInput(
                f"{what}含有看不见的格式字符(零宽字符、文字方向控制符等,多为复制粘贴带入),"
                "请删去后重新输入"
            )
    elif "\r" in cleaned:  # a line break as Windows writes it is a line break
        cleaned = cleaned.replace("\r\n", "\n")
    if _CONTROL.search(cleaned):
        raise InvalidInput(f"{what}含有不可见的控制字符,请检查后重新输入")
    if _NOT_TEXT.search(cleaned):
        raise InvalidInput(f"{what}含有无法识别的字节(不是 UTF-8 文字),请检查输入的编码")
    if _NONCHARACTER.search(cleaned):
        raise InvalidInput(f"{what}含有非文字字符(U+FDD0 一类,不是正常文字),请删去后重新输入")
    limit = LIMITS[size]
    if len(cleaned) > limit:
        raise InvalidInput(f"{what}过长:{len(cleaned)} 字,最多 {limit} 字")
    return _passed(value or "", cleaned, size)


def _passed(value: str, cleaned: str, size: str) -> str:
    """CLEANED, remembered as what VALUE (and CLEANED itself) passes as."""
    if size == "short" and len(_PASSED) < PASSED_KEPT:
        _PASSED[value] = cleaned
    if len(_RECENT) >= RECENT_KEPT:
        _RECENT.clear()
    _RECENT[value, size] = _RECENT[cleaned, size] = cleaned
    return cleaned


# A landline's digits: 0, an area code of two or three more digits, seven or
# eight digits, and an extension of up to six perhaps (0571-8888 8888-123).
_LANDLINE = re.compile(r"0\d{2,3}\d{7,8}\d{0,6}")


def phone(value: str | None) -> str | None:
    """A phone as the clerk or a file writes it, checked and kept in one form: a
    mobile number as its 11 digits (1[3-9]…), a landline with its area code.
    Full-width digits are digits. The number is never repeated in a refusal:
    error lines are free of personal data."""
    cleaned = unicodedata.normalize("NFKC", value or "").strip()
    if not cleaned:
        return None
    if not _PHONE.fullmatch(cleaned):
        raise InvalidInput("联系电话格式不对(只能包含数字、+、- 和空格)")
    digits = cleaned.replace(" ", "").replace("-", "")
    if _MOBILE.fullmatch(digits):
        return compact_phone(cleaned)
    national = re.sub(r"^(?:\+86|0086)", "", digits)
    if national.startswith("1") and len(national) >= 10:  # a mobile number, mistyped
        raise InvalidInput("手机号码应为 11 位,以 13–19 开头")
    if not _LANDLINE.fullmatch(digits):
        hint = ""
        if _LANDLINE.fullmatch("0" + digits):  # 02162345678 saved by a spreadsheet
            hint = ";开头的 0 可能被表格软件去掉了,请核对原始号码"
        raise InvalidInput(f"固定电话须带区号(0 加 2–3 位区号,再加 7–8 位号码,可带分机){hint}")
    return compact_phone(cleaned)


def compact_phone(number: str) -> str:
    """A number as it is stored: without spaces; a mobile number as its 11 digits."""
    number = number.replace(" ", "")
    mobile = _MOBILE.fullmatch(number.replace("-", ""))
    return mobile.group(1) if mobile else number


def id_number(value: str | None) -> str | None:
    """A 居民身份证号码: 15 digits (old), or 17 digits and a GB 11643 check character."""
    cleaned = (value or "").strip().upper()
    if not cleaned:
        return None
    if re.fullmatch(r"\d{15}", cleaned):
        return cleaned
    if not re.fullmatch(r"\d{17}[\dX]", cleaned):
        raise InvalidInput("身份证号码格式不对(应为 18 位,最后一位可为 X)")
    if id_check_character(cleaned[:17]) != cleaned[-1]:
        raise InvalidInput("身份证号码校验位不对,请核对")
    return cleaned
