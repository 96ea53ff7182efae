"""What `verify` reads: SQLite's own checks, and the log and the cases in order."""

from __future__ import annotations

import sqlite3

from tousu_cli.storage.events import unsealed


def damage(conn: sqlite3.Connection) -> list[str]:
    """What SQLite's integrity check finds wrong with the file (nothing: [])."""
    return [line for (line,) in conn.execute("PRAGMA integrity_check") if line != "ok"]


def broken_references(conn: sqlite3.Connection) -> list[tuple[str, int, str]]:
    """(table, rowid, parent table) of every row whose foreign key finds nothing."""
    return [(table, rowid, parent) for table, rowid, parent, _ in conn.execute(
        "PRAGMA foreign_key_check"
    )]  # fmt: skip


def case_count(conn: sqlite3.Connection) -> int:
    (count,) = conn.execute("SELECT count(*) FROM cases").fetchone()
    return int(count)


def events_in_order(conn: sqlite3.Connection) -> sqlite3.Cursor:
    """Every event as stored: id, case id, at, recorded at, actor, action, data,
    hash, and the vault of its personal values (domain/sealing.py)."""
    return conn.execute(
        "SELECT id, case_id, at, recorded_at, actor, action, data, hash, personal"
        " FROM events ORDER BY id"
    )


def ledger_events(conn: sqlite3.Connection) -> sqlite3.Cursor:
    """The events of no case: id, case id (None), at, action, data."""
    return conn.execute(
        f"SELECT id, case_id, at, action, {unsealed()} AS data FROM events"
        " WHERE case_id IS NULL ORDER BY id"
    )


def case_events_by_case(conn: sqlite3.Connection) -> sqlite3.Cursor:
    """The events of the cases, case by case in id order: id, case id, at, action, data."""
    return conn.execute(
        f"SELECT id, case_id, at, action, {unsealed()} AS data FROM events"
        " WHERE case_id IS NOT NULL"
        " ORDER BY case_id, id"
    )


def clock_facts(conn: sqlite3.Connection) -> sqlite3.Cursor:
    """Each clock, case by case in id order: case id, name, start, limit, policy
    version, due, stop, whether suspended, how many extensions and suspensions."""
    return conn.execute(
        "SELECT case_id, name, started_on, limit_days, policy_id, due, stopped_on, suspended,"
        " json_array_length(extensions), json_array_length(suspensions)"
        " FROM clocks ORDER BY case_id, id"
    )


def erased_cases(conn: sqlite3.Connection) -> set[int]:
    """The cases whose personal data was erased (tousu erase)."""
    return {row[0] for row in conn.execute("SELECT id FROM cases WHERE erased_at IS NOT NULL")}


def links_by_name(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    """Repeat links (case number, earlier number) that no shared phone makes and
    no clerk confirmed (tousu link): counted by a complainant's name alone, as
    ledgers did before a name became a 疑似重复."""
    return conn.execute(
        "SELECT c.number, e.number FROM case_links l"
        " JOIN cases c ON c.id = l.case_id JOIN cases e ON e.id = l.earlier_id"
        " WHERE (c.phone IS NULL OR e.phone IS NULL OR c.phone <> e.phone)"
        " AND NOT EXISTS (SELECT 1 FROM events v WHERE v.case_id = l.case_id"
        " AND v.action = 'link' AND json_extract(v.data, '$.earlier') = e.number)"
        " ORDER BY c.id, e.id"
    ).fetchall()


def repeat_links(conn: sqlite3.Connection) -> sqlite3.Cursor:
    """Each case's links to the earlier cases it repeats, by case id: case id, the
    earlier case's number."""
    return conn.execute(
        "SELECT l.case_id, c.number FROM case_links l JOIN cases c ON c.id = l.earlier_id"
        " ORDER BY l.case_id"
    )


def case_milestones(conn: sqlite3.Connection) -> sqlite3.Cursor:
    """What a case's row says of its course, in id order: id, number, status,
    received, accepted, replied and archived at, satisfaction, finding, result,
    mode, the reasons of a rejection and a withdrawal, repeat rank, 督办, measures,
    handler unit and handler, how the complainant was answered, resolved, when
    voided, when its personal data was erased; then its
    registered facts: channel, unit, category, form, complainant, phone, ID number,
    window, staff, content, demand, evidence, 重大, external id."""
    return conn.execute(
        "SELECT c.id, c.number, c.status, c.received_at, c.accepted_at, c.replied_at,"
        " c.archived_at, c.satisfaction, c.finding, c.result, c.mode, c.reject_reason,"
        " c.withdraw_reason, c.repeat_rank, c.escalated,"
        " c.measures, (SELECT name FROM units WHERE id = c.handler_unit_id), c.handler,"
        " c.notify_method, c.resolved, c.voided_at, c.erased_at,"
        " c.channel, u.name, c.category, c.form, c.complainant, c.phone, c.id_number,"
        " c.window_name, c.staff, c.content, c.demand, c.evidence, c.major, c.external_id"
        " FROM cases c JOIN units u ON u.id = c.unit_id ORDER BY c.id"
    )


def number_of(conn: sqlite3.Connection, case_id: int | None) -> str | None:
    found = conn.execute("SELECT number FROM cases WHERE id = ?", (case_id,)).fetchone()
    return None if found is None else str(found[0])


def triggers(conn: sqlite3.Connection) -> set[str]:
    return {
        name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
    }


def policy_versions(conn: sqlite3.Connection) -> list[int]:
    return [version for (version,) in conn.execute("SELECT id FROM policy ORDER BY id")]


def calendar_days(conn: sqlite3.Connection) -> dict[str, tuple[bool, str, str]]:
    """The office's calendar entries: day → (working day, name, source)."""
    rows = conn.execute("SELECT day, workday, name, source FROM calendar_day")
    return {day: (bool(workday), name, source) for day, workday, name, source in rows}


def added_categories(conn: sqlite3.Connection) -> list[str]:
    """The categories the office added (not the built-in ones)."""
    return [name for (name,) in conn.execute("SELECT name FROM categories WHERE builtin = 0")]
