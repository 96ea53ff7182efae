"""Cases, their links and their events, as rows."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from typing import Any

from tousu_cli.chinatime import iso
from tousu_cli.domain.errors import InvalidInput, NotFound
from tousu_cli.domain.numbering import case_number, parse_case_number
from tousu_cli.domain.repeats import Key, Span
from tousu_cli.storage.events import unsealed
from tousu_cli.storage.jsontext import to_json


def find_case(conn: sqlite3.Connection, number: str) -> sqlite3.Row:
    row = conn.execute(f"{_CASE_ROW} WHERE number = ?", (number.strip(),)).fetchone()
    if row is None:
        raise NotFound(f"没有编号为 {number.strip()} 的投诉件")
    found: sqlite3.Row = row
    return found


_CASE_ROW = (
    "SELECT cases.*, u.name AS unit, h.name AS handler_unit FROM cases"
    " JOIN units u ON u.id = cases.unit_id"
    " LEFT JOIN units h ON h.id = cases.handler_unit_id"
)


def find_by_external_ids(conn: sqlite3.Connection, ids: list[str]) -> dict[str, sqlite3.Row]:
    """The cases with these external ids, by id: one query for a chunk of rows."""
    rows = conn.execute(
        f"{_CASE_ROW} WHERE external_id IN (SELECT value FROM json_each(?))", (to_json(ids),)
    )
    return {row["external_id"]: row for row in rows}


def find_by_numbers(conn: sqlite3.Connection, numbers: list[str]) -> dict[str, sqlite3.Row]:
    """The cases with these numbers, by number: one query for a chunk of rows."""
    rows = conn.execute(
        f"{_CASE_ROW} WHERE number IN (SELECT value FROM json_each(?))", (to_json(numbers),)
    )
    return {row["number"]: row for row in rows}


Facts = tuple[str, str | None, str, str]  # (received_at, complainant, unit, content)


def find_by_facts(conn: sqlite3.Connection, wanted: list[Facts]) -> dict[Facts, sqlite3.Row]:
    """The cases a record without an external id is about: the same received time,
    complainant, unit and content. One query for a chunk of rows, by when they
    were received."""
    received = sorted({facts[0] for facts in wanted})
    rows = conn.execute(
        f"{_CASE_ROW} WHERE received_at IN (SELECT value FROM json_each(?))", (to_json(received),)
    )
    found: dict[Facts, sqlite3.Row] = {}
    for row in rows:  # the first of equal cases
        found.setdefault((row["received_at"], row["complainant"], row["unit"], row["content"]), row)
    return found


def taken_numbers(conn: sqlite3.Connection, numbers: list[str]) -> set[str]:
    rows = conn.execute(
        "SELECT number FROM cases WHERE number IN (SELECT value FROM json_each(?))",
        (to_json(numbers),),
    )
    return {row[0] for row in rows}


def cases_of_people(
    conn: sqlite3.Connection, phones: list[str], since: str, until: str
) -> list[sqlite3.Row]:
    """The cases received between SINCE and UNTIL with one of these phones (id,
    number, phone, unit_id, received_at): where a chunk of new cases finds its
    repeats."""
    if not phones:
        return []
    return conn.execute(
        "SELECT id, number, phone, unit_id, received_at FROM cases"
        " WHERE phone IN (SELECT value FROM json_each(?)) AND received_at BETWEEN ? AND ?"
        " AND voided_at IS NULL",
        (to_json(phones), since, until),
    ).fetchall()


def next_number(conn: sqlite3.Connection, year: int) -> tuple[int, str]:
    """The next sequence of YEAR; called inside the write transaction, so unique."""
    (last,) = conn.execute(
        "SELECT COALESCE(MAX(seq), 0) FROM cases WHERE year = ?", (year,)
    ).fetchone()
    seq = last + 1
    return seq, case_number(year, seq)


def next_ids(conn: sqlite3.Connection) -> tuple[int, int]:
    """The ids the next case and the next clock get (inside the write transaction)."""
    (case,) = conn.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM cases").fetchone()
    (clock,) = conn.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM clocks").fetchone()
    return case, clock


def count_by_status(conn: sqlite3.Connection) -> dict[str, int]:
    return dict(conn.execute("SELECT status, count(*) FROM cases GROUP BY status").fetchall())


def recorded_kinds(conn: sqlite3.Connection, case_id: int) -> set[str]:
    """The kinds of record a case's history holds."""
    rows = conn.execute("SELECT DISTINCT action FROM events WHERE case_id = ?", (case_id,))
    return {row[0] for row in rows}


def same_complaints(conn: sqlite3.Connection, case_id: int, since: str) -> list[str]:
    """The numbers of other cases with the same complainant (phone, else name),
    unit and content as CASE_ID, received from SINCE up to it."""
    rows = conn.execute(
        "SELECT o.number FROM cases c JOIN cases o ON o.unit_id = c.unit_id"
        " AND o.content = c.content AND o.id <> c.id"
        " AND (o.phone = c.phone OR (c.phone IS NULL AND o.complainant = c.complainant))"
        " AND o.received_at >= ? AND o.received_at <= c.received_at"
        " WHERE c.id = ? ORDER BY o.received_at",
        (since, case_id),
    )
    return [row[0] for row in rows]


def number_taken(conn: sqlite3.Connection, number: str) -> bool:
    return conn.execute("SELECT 1 FROM cases WHERE number = ?", (number,)).fetchone() is not None


def numbers_with_sequence(conn: sqlite3.Connection, seq: int) -> list[str]:
    """The numbers of every year with sequence SEQ, newest first."""
    rows = conn.execute("SELECT number FROM cases WHERE seq = ? ORDER BY year DESC", (seq,))
    return [row[0] for row in rows]


def claim_number(conn: sqlite3.Connection, number: str) -> tuple[int, int]:
    """A number given from elsewhere (a ledger moved over): its year and sequence, if free."""
    year, seq = parse_case_number(number)
    taken = conn.execute("SELECT 1 FROM cases WHERE year = ? AND seq = ?", (year, seq))
    if taken.fetchone() is not None:
        raise InvalidInput(f"编号 {number} 已被另一件投诉使用")
    return year, seq


def unit_id(conn: sqlite3.Connection, name: str) -> int:
    return unit_row(conn, name)[0]


def open_numbers(conn: sqlite3.Connection, limit: int = 500) -> list[str]:
    """The numbers of the newest cases still being handled (not archived,
    withdrawn or voided), newest first."""
    rows = conn.execute(
        "SELECT number FROM cases WHERE status NOT IN ('archived', 'withdrawn')"
        " AND voided_at IS NULL ORDER BY received_at DESC LIMIT ?",
        (limit,),
    )
    return [row[0] for row in rows]


def unit_names(conn: sqlite3.Connection) -> list[str]:
    return [name for (name,) in conn.execute("SELECT name FROM units ORDER BY name")]


def unit_row(conn: sqlite3.Connection, name: str) -> tuple[int, bool]:
    """The unit's id, and whether it was added just now."""
    find = "SELECT id FROM units WHERE name = ?"
    row = conn.execute(find, (name,)).fetchone()
    if row is not None:
        return int(row[0]), False
    conn.execute("INSERT INTO units (name) VALUES (?)", (name,))
    # Read back, not lastrowid: during an import a background writer inserts on
    # the same connection, and the last rowid may already be one of its rows.
    return int(conn.execute(find, (name,)).fetchone()[0]), True


def remove_units(conn: sqlite3.Connection, ids: list[int]) -> None:
    """Units added for a record that was then refused (nothing refers to them)."""
    conn.executemany("DELETE FROM units WHERE id = ?", [(i,) for i in ids])


def check_category(conn: sqlite3.Connection, name: str) -> str:
    if conn.execute("SELECT 1 FROM categories WHERE name = ?", (name,)).fetchone() is None:
        known = "、".join(r[0] for r in conn.execute("SELECT name FROM categories ORDER BY rowid"))
        raise InvalidInput(f"投诉类别无效:{name!r}(可选:{known};可用 tousu category add 增加)")
    return name


def check_external_id(conn: sqlite3.Connection, external_id: str | None) -> None:
    if external_id is None:
        return
    row = conn.execute("SELECT number FROM cases WHERE external_id = ?", (external_id,)).fetchone()
    if row is not None:
        raise InvalidInput(f"外部编号 {external_id} 已登记为投诉件 {row[0]}")


def encoded(values: dict[str, Any]) -> dict[str, Any]:
    """Lists as JSON text, booleans as 0/1: what the STRICT columns hold."""
    return {
        k: to_json(v) if isinstance(v, list) else int(v) if isinstance(v, bool) else v
        for k, v in values.items()
    }


def insert_case(conn: sqlite3.Connection, values: dict[str, Any]) -> int:
    values = encoded(values)
    columns = ", ".join(values)
    marks = ", ".join(f":{k}" for k in values)
    return int(
        conn.execute(f"INSERT INTO cases ({columns}) VALUES ({marks})", values).lastrowid or 0
    )


def update_case(conn: sqlite3.Connection, case_id: int, values: dict[str, Any]) -> None:
    columns = encoded(values)
    sets = ", ".join(f"{k} = :{k}" for k in columns)
    conn.execute(f"UPDATE cases SET {sets} WHERE id = :_id", columns | {"_id": case_id})


def _live(voiding: bool) -> str:
    """The test that leaves voided cases out; none in a ledger older than version 5
    (an upgrade's follow-up runs on the schema of its own version)."""
    return " AND voided_at IS NULL" if voiding else ""


# INDEXED BY: the planner otherwise prefers cases_unit and reads every case of
# the unit in the span, which grows with the ledger.
def earlier_repeats(
    conn: sqlite3.Connection, key: Key, span: Span, *, voiding: bool = True
) -> list[tuple[datetime, int, str]]:
    """The live cases (received, id, number) found under KEY that came in within
    SPAN (both ends included), in the order they came in."""
    rows = conn.execute(
        "SELECT received_at, id, number FROM cases"
        " INDEXED BY cases_phone WHERE phone = ? AND unit_id = ?"
        f" AND received_at BETWEEN ? AND ?{_live(voiding)} ORDER BY received_at, id",
        (key.phone, key.unit, iso(span.since), iso(span.until)),
    )
    return [(datetime.fromisoformat(row[0]), row[1], row[2]) for row in rows]


# What a recount reads of a case (services.repeats).
_REPEAT_COLUMNS = "id, number, unit_id, phone, complainant, received_at, repeat_rank, escalated"


def later_repeats(
    conn: sqlite3.Connection, key: Key, span: Span, *, voiding: bool = True
) -> list[sqlite3.Row]:
    """The cases found under KEY that came in within SPAN (its start excluded),
    in the order they came in."""
    return conn.execute(
        f"SELECT {_REPEAT_COLUMNS} FROM cases INDEXED BY cases_phone"
        " WHERE phone = ? AND unit_id = ?"
        f" AND received_at > ? AND received_at <= ?{_live(voiding)}"
        " ORDER BY received_at, id",
        (key.phone, key.unit, iso(span.since), iso(span.until)),
    ).fetchall()


def registered_before_earlier(
    conn: sqlite3.Connection, first_new_id: int, window_days: int
) -> list[sqlite3.Row]:
    """Cases registered before a case with an id from FIRST_NEW_ID that came in
    earlier, within the repeat window (by the day: a few more than needed), and
    that count it (earlier_repeats' rule: the same phone)."""
    window = f"+{int(window_days) + 1} days"
    rows = conn.execute(
        f"SELECT {', '.join('l.' + c for c in _REPEAT_COLUMNS.split(', '))}"
        " FROM cases x JOIN cases l INDEXED BY cases_phone ON l.phone = x.phone"
        " AND l.unit_id = x.unit_id AND l.received_at > x.received_at"
        " AND l.voided_at IS NULL AND x.voided_at IS NULL"
        " WHERE x.id >= ? AND l.id < x.id"
        " AND substr(l.received_at, 1, 10) <= date(substr(x.received_at, 1, 10), ?)",
        (first_new_id, window),
    )
    found = {row["id"]: row for row in rows}
    return sorted(found.values(), key=lambda row: (row["received_at"], row["id"]))


def named_alike(
    conn: sqlite3.Connection, case_id: int, name: str, unit: int, span: Span
) -> list[sqlite3.Row]:
    """The other live cases of complainant NAME about UNIT received within SPAN
    (both ends included), in the order they came in: the candidates of a 疑似重复."""
    return conn.execute(
        "SELECT id, number, phone, received_at, status FROM cases"
        " INDEXED BY cases_complainant WHERE complainant = ? AND unit_id = ?"
        " AND received_at BETWEEN ? AND ? AND id <> ? AND voided_at IS NULL"
        " ORDER BY received_at, id",
        (name, unit, iso(span.since), iso(span.until), case_id),
    ).fetchall()


def cases_by_id(
    conn: sqlite3.Connection, case_ids: list[int], *, live: bool = False
) -> list[sqlite3.Row]:
    """The cases' columns a repeat count is worked out from (earlier_repeats);
    LIVE: only those not voided."""
    found: list[sqlite3.Row] = []
    for start in range(0, len(case_ids), 500):  # bound the statement's parameters
        chunk = case_ids[start : start + 500]
        marks = ", ".join("?" for _ in chunk)
        found += conn.execute(
            f"SELECT {_REPEAT_COLUMNS} FROM cases WHERE id IN ({marks}){_live(live)}", chunk
        ).fetchall()
    return found


def linked_earlier(conn: sqlite3.Connection, case_id: int) -> set[int]:
    rows = conn.execute("SELECT earlier_id FROM case_links WHERE case_id = ?", (case_id,))
    return {row[0] for row in rows}


def linked_later(conn: sqlite3.Connection, case_id: int) -> list[int]:
    """The cases that count CASE_ID among their earlier ones."""
    rows = conn.execute("SELECT case_id FROM case_links WHERE earlier_id = ?", (case_id,))
    return [row[0] for row in rows]


def unlink_repeats(conn: sqlite3.Connection, case_id: int, earlier: list[int]) -> None:
    conn.executemany(
        "DELETE FROM case_links WHERE case_id = ? AND earlier_id = ?",
        [(case_id, e) for e in earlier],
    )


def link_repeats(conn: sqlite3.Connection, case_id: int, earlier: list[int]) -> None:
    conn.executemany(
        "INSERT INTO case_links (case_id, earlier_id) VALUES (?, ?)",
        [(case_id, e) for e in earlier],
    )


def confirmed_earlier(conn: sqlite3.Connection, case_id: int) -> set[int]:
    """The cases the clerk linked CASE_ID to as the same complainant's earlier ones
    (tousu link) and did not unlink since: its history says so, the links do not.
    A link carried over by an import (before its last 导入) was the other
    ledger's: it is on record, but counts only once confirmed here."""
    rows = conn.execute(
        "SELECT e.action, c.id FROM events e JOIN cases c"
        " ON c.number = json_extract(e.data, '$.earlier')"
        " WHERE e.case_id = ? AND e.action IN ('link', 'unlink') AND e.id >"
        " (SELECT coalesce(max(id), 0) FROM events WHERE case_id = ? AND action = 'import')"
        " ORDER BY e.id",
        (case_id, case_id),
    )
    confirmed: set[int] = set()
    for action, earlier_id in rows:
        if action == "link":
            confirmed.add(earlier_id)
        else:
            confirmed.discard(earlier_id)
    return confirmed


def carried_links(conn: sqlite3.Connection, first_new_id: int) -> list[tuple[int, str]]:
    """The links the history of each case from FIRST_NEW_ID (new by an import)
    carries over as confirmed by the other ledger's clerk and not unlinked
    there: (case id, earlier number), in the order they were confirmed."""
    rows = conn.execute(
        "SELECT case_id, action, json_extract(data, '$.earlier') FROM events"
        " WHERE case_id >= ? AND action IN ('link', 'unlink') ORDER BY case_id, id",
        (first_new_id,),
    )
    kept: dict[tuple[int, str], None] = {}
    for case_id, action, earlier in rows:
        if action == "link":
            kept[(case_id, earlier)] = None
        else:
            kept.pop((case_id, earlier), None)
    return list(kept)


def linked_cases(conn: sqlite3.Connection, case_id: int) -> list[sqlite3.Row]:
    """Earlier and later cases linked to this one as repeats."""
    return conn.execute(
        "SELECT c.number, c.received_at, c.status, 'earlier' AS relation FROM case_links l"
        " JOIN cases c ON c.id = l.earlier_id WHERE l.case_id = ?"
        " UNION ALL"
        " SELECT c.number, c.received_at, c.status, 'later' FROM case_links l"
        " JOIN cases c ON c.id = l.case_id WHERE l.earlier_id = ?"
        " ORDER BY 2",
        (case_id, case_id),
    ).fetchall()


def case_events(conn: sqlite3.Connection, case_id: int) -> list[sqlite3.Row]:
    return conn.execute(
        f"SELECT at, recorded_at, actor, action, {unsealed()} AS data FROM events"
        " WHERE case_id = ? ORDER BY id",
        (case_id,),
    ).fetchall()
