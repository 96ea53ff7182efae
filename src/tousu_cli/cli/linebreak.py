"""Chinese line breaking for everything rich wraps: help, tables, titles.

rich breaks lines only at spaces, so a Chinese sentence is one "word": it is
cut with "…" or folded anywhere, 、 and ) landing at the start of a line, and
"2025–2026 年" split at its one space. Here a line may break between any two
Chinese characters, but not before closing punctuation nor after opening
punctuation (the 禁则 of GB/T 15834), and a run of Latin letters or digits
stays whole. rich looks its word splitter up at each call, so replacing it
once serves every Text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

_CJK = "\u2e80-\u2fff\u3000-\u303f\u3040-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
_OPENING = "(「『《〈【〔“‘"
_CLOSING = "、,。.;:?!)」』》〉】〕”’…%"
_WORD = re.compile(
    # a key and its label glued by a no-break space (visit 来访), a Chinese
    # character, or a run of anything else; with the punctuation that cleaves
    rf"\s*[{_OPENING}]*(?:[a-z0-9]+\u00a0[^\s、,;/((]+|[{_CJK}]|[^\s{_CJK}]+)[{_CLOSING}]*\s*",
)
_PAIR = re.compile(r"\b([a-z]+) ([^\sa-z、,;/((]+)")
GLUED_MOST = 18  # cells: a longer pair could not fit a narrow help column whole


def glue_pairs(text: str) -> str:
    """visit 来访、phone 来电: each English key kept on the line of its label."""
    from rich.cells import cell_len

    def glued(pair: re.Match[str]) -> str:
        key, label = pair.groups()
        fits = cell_len(key) + 1 + cell_len(label) <= GLUED_MOST
        return f"{key}\u00a0{label}" if fits else pair.group(0)

    return _PAIR.sub(glued, text)


def words(text: str) -> Iterable[tuple[int, int, str]]:
    """rich._wrap.words, with a break opportunity between Chinese characters."""
    position = 0
    match = _WORD.match(text, position)
    while match is not None and match.end() > position:
        yield match.start(), match.end(), match.group(0)
        position = match.end()
        match = _WORD.match(text, position)


def install() -> None:
    from rich import _wrap
    from rich.text import Text

    _wrap.words = words
    Text.rstrip_end = _rstrip_end  # type: ignore[method-assign]


def _rstrip_end(self: Any, size: int) -> None:
    """Text.rstrip_end measuring in cells, not characters: a line of Chinese
    that fits but for its trailing blank would otherwise be cut with "…"."""
    from rich.cells import cell_len

    excess = cell_len(self.plain) - size
    if excess > 0:
        blanks = len(self.plain) - len(self.plain.rstrip())
        if blanks:
            self.right_crop(min(blanks, excess))
