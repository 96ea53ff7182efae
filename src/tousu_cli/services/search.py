"""tousu search: a case found by whatever the complainant or the clerk remembers of it.

What the text looks like decides where it is looked for: a case number or its
tail, a 12345 工单号, a phone (or its last four digits: 尾号5678), an ID number,
a name, a unit, window or member of staff, or words of the complaint, its
demand, notes, decision and results. The exact finds come first (a number, a
工单号, a phone), then the partial ones, then the words, newest first within each.
"""

from __future__ import annotations

import re
from contextlib import suppress
from dataclasses import dataclass
from datetime import date
from typing import Any

from tousu_cli.domain import validation
from tousu_cli.domain.actions import FACT_LABELS, Reveal
from tousu_cli.domain.errors import InvalidInput
from tousu_cli.domain.masking import PERSONAL, mask, mask_numbers
from tousu_cli.domain.model import Status
from tousu_cli.domain.numbering import case_number, parse_case_number
from tousu_cli.services.office import Office
from tousu_cli.services.views import REVEAL_NAMED, filter_as_given, record_reveal, summary_json
from tousu_cli.storage import search as store
from tousu_cli.storage.search import MARK, TRIGRAM, Found

_TAIL = re.compile(r"(?:尾号)?(\d{4})")
_ID = re.compile(r"\d{17}[\dXx]")

# How good a find is, the lower the better: a whole number, 工单号 or phone; a
# number's or a phone's tail; part of a name, 工单号 or unit; words.
EXACT, TAIL, PARTIAL, WORDS = 0, 1, 2, 3
# Where a find matched: a registered fact by its own name, or a stage's words.
FIELD_LABELS = FACT_LABELS | {
    "number": "编号", "external_id": "工单号", "unit": "单位", "words": "内容",
    "result": "处理结果", "measures": "处理措施", "reject_reason": "不予受理理由",
    "withdraw_reason": "撤回理由", "note": "调查情况",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class SearchFilter:
    statuses: tuple[Status, ...] = ()
    received_from: date | None = None
    received_to: date | None = None
    limit: int = 50
    voided: bool = False  # the voided cases (作废) too


def search(
    office: Office, text: str, f: SearchFilter = SearchFilter(), *, reveal: bool = False
) -> list[dict[str, Any]]:
    """The cases TEXT finds, best first, each with where and how it matched."""
    query = text.strip()
    if not query:
        raise InvalidInput("请写明要查找的内容:编号、工单号、姓名、电话、单位或投诉中的词语")
    best: dict[int, tuple[int, Found]] = {}
    for grade, found in _finds(office, query, f.limit):
        for hit in found:
            if hit.case_id not in best or grade < best[hit.case_id][0]:
                best[hit.case_id] = (grade, hit)
    rows = store.cases_found(
        office.conn,
        best,
        statuses=[s.value for s in f.statuses],
        received_from=f.received_from,
        received_to=f.received_to,
        voided=f.voided,
    )
    # Newest first within a grade: a stable sort by grade of the newest-first list.
    order = sorted(
        sorted(rows, key=lambda case_id: rows[case_id]["received_at"], reverse=True),
        key=lambda case_id: best[case_id][0],
    )[: f.limit]
    result = [_result(rows[case_id], *best[case_id], query, reveal) for case_id in order]
    if reveal:
        numbers = [item["number"] for item in result]
        # The words looked for, as the filter: a number among them is kept masked.
        chosen = {"text": mask_numbers(query)} | filter_as_given(f)
        seen = Reveal.of_list(numbers, REVEAL_NAMED, command="search", chosen_by=chosen)
        record_reveal(office, None, seen)
    return result


def _finds(office: Office, query: str, limit: int) -> list[tuple[int, list[Found]]]:
    """Every way QUERY can find a case, with how good each is."""
    conn = office.conn
    # Each way finds at most this many: what is shown, and room for the better
    # finds of other ways to come first.
    enough = 4 * limit
    finds: list[tuple[int, list[Found]]] = []
    with suppress(InvalidInput):  # not a whole case number
        finds.append((EXACT, store.by_column(conn, "number", _number(query))))
    if query.isdigit() and len(query) <= 5:  # a number's tail: 12, 0012
        finds.append((TAIL, store.by_number_sequence(conn, int(query))))
    finds.append((EXACT, store.by_column(conn, "external_id", query)))
    phone = _phone(query)
    if phone is not None:
        finds.append((EXACT, store.by_column(conn, "phone", phone)))
    if (tail := _TAIL.fullmatch(query)) is not None:
        finds.append((TAIL, store.by_phone_tail(conn, tail.group(1), enough)))
    if _ID.fullmatch(query):
        finds.append((EXACT, store.by_column(conn, "id_number", query.upper())))
    finds.append((PARTIAL, store.by_unit(conn, query, enough)))
    if len(query) >= TRIGRAM:
        in_text = store.by_words(conn, query, enough)
    else:  # too short for the index
        in_text = store.by_part(conn, query, enough)
    finds.append((PARTIAL, [hit for hit in in_text if hit.field in store.NAMES]))
    finds.append((WORDS, [hit for hit in in_text if hit.field not in store.NAMES]))
    finds.append((WORDS, store.by_notes(conn, query, enough)))
    return finds


def _number(query: str) -> str:
    return case_number(*parse_case_number(query))


def _phone(query: str) -> str | None:
    """QUERY as a stored phone number, if it is one (written any way a phone is)."""
    if not re.fullmatch(r"[\d\s+()-]{7,}", query):
        return None
    try:
        return validation.phone(query)
    except InvalidInput:
        return None


def _result(row: Any, grade: int, hit: Found, query: str, reveal: bool) -> dict[str, Any]:
    item = summary_json(row, reveal)
    snippet = hit.snippet if hit.field == "words" else _marked(hit.snippet, query)
    if hit.field in PERSONAL and not reveal:
        snippet = mask(hit.snippet) or ""  # a phone found whole is not shown whole
    elif not reveal:
        snippet = mask_numbers(snippet)
    item |= {
        "match": hit.field,
        "match_label": FIELD_LABELS.get(hit.field, hit.field),
        "exact": grade == EXACT,
        "snippet": snippet,
    }
    return item


def _marked(text: str, query: str, around: int = 12) -> str:
    """TEXT cut to the words around QUERY, QUERY between the marks."""
    at = text.find(query)
    if at < 0:
        return text
    start, end = max(at - around, 0), min(at + len(query) + around, len(text))
    before = ("…" if start else "") + text[start:at]
    after = text[at + len(query) : end] + ("…" if end < len(text) else "")
    return f"{before}{MARK[0]}{query}{MARK[1]}{after}"
