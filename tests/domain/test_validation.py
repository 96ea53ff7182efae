"""A text passes or fails by itself: what passed just before, as another field or
size, changes nothing (the texts that passed are remembered, for an import)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tousu_cli.domain import validation
from tousu_cli.domain.errors import InvalidInput

# Texts near the rules' edges: line breaks and tabs (long only), a zero-width
# space (short refuses it), spaces to trim, and lengths either side of 200.
pieces = st.sampled_from(["态度", "差", "\n", "\t", "\u200b", " ", "号", "x" * 60])
texts = st.lists(pieces, max_size=12).map("".join)
sizes = st.sampled_from(["short", "long"])


def outcome(value: str, size: str) -> str | type[InvalidInput] | None:
    try:
        return validation.text(value, "内容", size=size)
    except InvalidInput:
        return InvalidInput


@given(st.lists(st.tuples(texts, sizes), max_size=6), texts, sizes)
def test_a_text_is_judged_the_same_whatever_passed_before(
    before: list[tuple[str, str]], value: str, size: str
) -> None:
    validation._RECENT.clear()
    validation._PASSED.clear()
    fresh = outcome(value, size)
    for earlier, earlier_size in before:
        outcome(earlier, earlier_size)
    assert outcome(value, size) == fresh


def test_a_multi_line_text_that_passed_as_long_is_still_refused_as_short() -> None:
    assert validation.text("第一行\n第二行", "投诉内容", size="long") == "第一行\n第二行"
    with pytest.raises(InvalidInput, match="只能写一行"):
        validation.text("第一行\n第二行", "投诉人姓名")
