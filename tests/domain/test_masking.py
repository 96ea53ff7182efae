"""A masked number hides enough: at most its last four digits, and its first
three only for a mobile or an ID number."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tousu_cli.domain.masking import id_check_character, mask, mask_numbers


@pytest.mark.parametrize(
    ("number", "masked"),
    [
        ("13812345678", "138****5678"),
        ("87654321", "****4321"),  # not 876*4321: one digit to guess
        ("02162345678", "*******5678"),
        ("0571-88888888", "*********8888"),
        ("110101199003077777", "110***********7777"),
        ("110101900307777", "110********7777"),
    ],
)
def test_known_numbers(number: str, masked: str) -> None:
    assert mask(number) == masked


@given(st.text(alphabet="0123456789", min_size=7, max_size=20))
def test_no_mask_shows_more_than_it_may(number: str) -> None:
    masked = mask(number)
    assert masked is not None and len(masked) == len(number)
    shown = [i for i, c in enumerate(masked) if c != "*"]
    leading = [i for i in shown if i < len(number) - 4]
    mobile_or_id = re.fullmatch(r"1[3-9]\d{9}|\d{15}|\d{17}[\dXx]", number)
    assert len(leading) <= (3 if mobile_or_id else 0)
    assert all(masked[i] == number[i] for i in shown)
    assert mask(masked) == masked  # masked once is masked


# -- numbers written in free text --------------------------------------------------


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("请回电15955556666", "请回电159****6666"),
        ("电话答复 139-1234-5678", "电话答复 139******5678"),
        ("+86 139 1234 5678 找王", "+************5678 找王"),
        ("座机0571-88888888转123", "座机*********8888转123"),
        ("（0571）8888 8888", "（**********8888"),
        ("家里电话 87654321", "家里电话 ****4321"),
        ("电话6234567", "电话***4567"),
        ("身份证11010519491231002X", "身份证110***********002X"),
        ("老身份证110105491231002", "老身份证110********1002"),
        ("两个号 13912345678 13812345678", "两个号 139****5678 138****5678"),
        ("电话13912345678号码", "电话139****5678号码"),
    ],
)
def test_numbers_in_text_are_masked(text: str, masked: str) -> None:
    assert mask_numbers(text) == masked


@pytest.mark.parametrize(
    "text",
    [
        "2026-10-12 09:30 来电",  # a date and a time
        "20261012 当日",  # a date
        "案件 2026-0012 的",  # a case number
        "内容过长:41900400 字",  # a count
        "第 1048577 行",
        "罚款 12000000 元",  # a sum
        "¥12345678",
        "工单号 GD20261012001",  # another system's id
        "编号123456789012345678",  # 18 digits, but no GB 11643 check character
        "金额12,345,678",
        '{"at":"2025-01-16T15:02:00+08:00"}',  # a history's time
    ],
)
def test_what_is_not_a_phone_or_id_number_stays(text: str) -> None:
    assert mask_numbers(text) == text


def _id_number(first17: str) -> str:
    return first17 + id_check_character(first17)


separators = st.sampled_from(["", " ", "-"])
mobiles = st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True)
ids = st.builds(
    lambda area, born, seq: _id_number(f"{area}{born:%Y%m%d}{seq:03d}"),
    st.from_regex(r"[1-6][0-9]{5}", fullmatch=True),
    st.dates(min_value=date(1920, 1, 1), max_value=date(2020, 12, 31)),
    st.integers(min_value=0, max_value=999),
)
words = st.text(alphabet="请回电话联系投诉人核实已致电,。 ", max_size=8)


@given(words, mobiles | ids, separators, words)
def test_a_number_in_text_never_shows_more_than_a_field_would(
    before: str, number: str, separator: str, after: str
) -> None:
    written = (
        f"{number[:3]}{separator}{number[3:7]}{separator}{number[7:]}"
        if len(number) == 11
        else number
    )
    masked = mask_numbers(before + written + after)
    digits = "".join(c for c in masked if c.isdigit() or c in "Xx")
    assert number not in digits
    assert masked.startswith(before) and masked.endswith(after)
    assert sum(c.isdigit() for c in masked) <= sum(c.isdigit() for c in before + after) + 7
