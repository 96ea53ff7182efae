"""A masked number hides enough: at most its last four digits, and its first
three only for a mobile or an ID number."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tousu_cli.domain.model import mask


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
