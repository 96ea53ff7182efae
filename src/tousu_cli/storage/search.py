"""The queries `search` runs: by number, 工单号, phone, ID number, name, unit, and words.

Words of three characters or more go through the full-text index (cases_fts,
FTS5 with the trigram tokenizer, kept by triggers: see migrations.index_case_text);
shorter ones, which a trigram index cannot find, are looked for in the columns
themselves. Every query returns (case id, the field it matched in, a snippet).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import Any, NamedTuple

from tousu_cli.storage.events import unsealed
from tousu_cli.storage.jsontext import to_json
from tousu_cli.storage.migrations import SEARCHED_COLUMNS

MARK = ("【", "】")  # around the words found, in a snippet


class Found(NamedTuple):
    case_id: int
    field: str  # the column it matched in (or "unit", "note")
    snippet: str


def _like(text: str) -> str:
    """TEXT as a LIKE pattern that finds it anywhere ("\\" escapes % and _)."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def by_column(conn: sqlite3.Connection, column: str, value: str) -> list[Found]:
    """The cases whose COLUMN is VALUE exactly (number, external_id, phone, id_number)."""
    rows = conn.execute(f"SELECT id, {column} FROM cases WHERE {column} = ?", (value,))
    return [Found(case_id, column, text) for case_id, text in rows]


def by_number_sequence(conn: sqlite3.Connection, seq: int) -> list[Found]:
    """The cases numbered SEQ in any year (a number's tail: 0012 is 2026-0012, 2025-0012…)."""
    rows = conn.execute("SELECT id, number FROM cases WHERE seq = ?", (seq,))
    return [Found(case_id, "number", number) for case_id, number in rows]


def by_phone_tail(conn: sqlite3.Connection, digits: str, limit: int) -> list[Found]:
    """The newest LIMIT cases whose phone ends in DIGITS."""
    rows = conn.execute(
        "SELECT id, phone FROM cases WHERE phone LIKE ? ESCAPE '\\' ORDER BY id DESC LIMIT ?",
        (_like(digits)[:-1], limit),
    )
    return [Found(case_id, "phone", phone) for case_id, phone in rows]


def by_part(conn: sqlite3.Connection, text: str, limit: int) -> list[Found]:
    """The newest LIMIT cases with TEXT inside one of the searched columns, in one
    pass over them: for text the full-text index cannot find (one or two characters)."""
    pattern = _like(text)
    columns = [c for c in SEARCHED_COLUMNS if c != "number"]
    tests = " OR ".join(f"{c} LIKE ? ESCAPE '\\'" for c in columns)
    rows = conn.execute(
        f"SELECT id, {', '.join(columns)} FROM cases WHERE {tests} ORDER BY id DESC LIMIT ?",
        [*([pattern] * len(columns)), limit],
    )
    return [_where_found(row[0], zip(columns, row[1:], strict=True), text) for row in rows]


def _where_found(case_id: int, values: Iterable[tuple[str, Any]], text: str) -> Found:
    """The first column (in SEARCHED_COLUMNS' order: names before words) holding TEXT."""
    for column, value in values:
        if value and text in value:
            return Found(case_id, column, value)
    return Found(case_id, "words", "")


def by_unit(conn: sqlite3.Connection, text: str, limit: int) -> list[Found]:
    """The newest LIMIT cases about, or handled by, a unit whose name holds TEXT."""
    units = dict(
        conn.execute(
            "SELECT id, name FROM units WHERE name LIKE ? ESCAPE '\\'", (_like(text),)
        ).fetchall()
    )
    if not units:
        return []
    ids = _json(list(units))
    rows = conn.execute(
        "SELECT id, unit_id FROM cases WHERE unit_id IN (SELECT value FROM json_each(?))"
        " UNION SELECT id, handler_unit_id FROM cases"
        " WHERE handler_unit_id IN (SELECT value FROM json_each(?)) ORDER BY 1 DESC LIMIT ?",
        (ids, ids, limit),
    )
    return [Found(case_id, "unit", units[unit]) for case_id, unit in rows]


def by_words(conn: sqlite3.Connection, text: str, limit: int) -> list[Found]:
    """The cases holding TEXT (three characters or more) in any searched column,
    best first: the column it is in, and a snippet of it with TEXT marked."""
    phrase = '"' + text.replace('"', '""') + '"'
    opening, closing = MARK
    rows = conn.execute(
        f"SELECT c.id, snippet(cases_fts, -1, ?, ?, '…', 12), {', '.join(_COLUMNS)}"
        " FROM cases_fts JOIN cases c ON c.id = cases_fts.rowid"
        " WHERE cases_fts MATCH ? ORDER BY rank LIMIT ?",
        (opening, closing, phrase, limit),
    )
    found = []
    for case_id, snippet, *values in rows:
        where = _where_found(case_id, zip(SEARCHED_COLUMNS, values, strict=True), text)
        found.append(where if where.field in NAMES else where._replace(snippet=snippet))
    return found


_COLUMNS = [f"c.{column}" for column in SEARCHED_COLUMNS]
# The columns that name a case, its complainant or its place: a find in one of
# them ranks before a find in the words of the complaint.
NAMES = frozenset({"number", "external_id", "complainant", "window_name", "staff"})


def by_notes(conn: sqlite3.Connection, text: str, limit: int) -> list[Found]:
    """The newest LIMIT cases whose investigation notes hold TEXT: through their
    index (notes_fts) for three characters or more, else looked for in the stored
    JSON, which keeps Chinese as it is."""
    if len(text) >= TRIGRAM:
        rows = conn.execute(
            f"SELECT e.case_id, json_extract({unsealed('e.data', 'e.personal')}, '$.note')"
            " FROM notes_fts"
            " JOIN events e ON e.id = notes_fts.rowid WHERE notes_fts MATCH ?"
            " ORDER BY notes_fts.rowid DESC LIMIT ?",
            ('"' + text.replace('"', '""') + '"', limit),
        )
    else:
        rows = conn.execute(
            f"SELECT case_id, json_extract({unsealed()}, '$.note')"
            " FROM events INDEXED BY events_notes"
            " WHERE action = 'investigate' AND data LIKE ? ESCAPE '\\' ORDER BY id DESC LIMIT ?",
            (_like(text), limit),
        )
    return [Found(case_id, "note", note) for case_id, note in rows if note and text in note]


TRIGRAM = 3  # the shortest text a trigram index finds


def cases_found(
    conn: sqlite3.Connection,
    case_ids: Iterable[int],
    *,
    statuses: Sequence[str] = (),
    received_from: date | None = None,
    received_to: date | None = None,
    voided: bool = False,
) -> dict[int, sqlite3.Row]:
    """The rows of CASE_IDS (with their unit's name) that the filters keep; the
    voided cases (作废) only when VOIDED."""
    ids = list(dict.fromkeys(case_ids))
    clauses, params = ["c.id IN (SELECT value FROM json_each(?))"], [_json(ids)]
    if not voided:
        clauses.append("c.voided_at IS NULL")
    if statuses:
        clauses.append(f"c.status IN ({', '.join('?' for _ in statuses)})")
        params += list(statuses)
    if received_from:
        clauses.append("c.received_at >= ?")
        params.append(received_from.isoformat())
    if received_to:
        clauses.append("c.received_at < ?")
        params.append((received_to + timedelta(days=1)).isoformat())
    rows = conn.execute(
        "SELECT c.*, u.name AS unit FROM cases c JOIN units u ON u.id = c.unit_id"
        f" WHERE {' AND '.join(clauses)}",
        params,
    )
    return {row["id"]: row for row in rows}


def _json(values: list[Any]) -> str:
    return to_json(values)
