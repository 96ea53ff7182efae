"""Upgrade steps, one function per version: @migration(n) brings a version n - 1
database to version n.

Each step runs in the same transaction that sets user_version and records the
upgrade (calibre's pattern), after a backup of the file. A new database is
created from data/schema.sql directly. A step that leaves work only the
services can do (counting repeats again) says so in its `Upgrade`; the one who
opens the ledger does it inside the same transaction, on the schema of that
step's version: the code it runs must not read a column a later version adds.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import datetime
from typing import NamedTuple

CHUNK = 50_000


class Upgrade(NamedTuple):
    """What a step leaves to be done in its transaction by the one opening the ledger."""

    recount: tuple[int, ...] = ()  # cases whose repeats must be counted again

    @property
    def done(self) -> bool:
        return not self.recount


Migration = Callable[[sqlite3.Connection], Upgrade]
MIGRATIONS: dict[int, Migration] = {}


def migration(version: int) -> Callable[[Migration], Migration]:
    """Register the step that brings a database to VERSION."""

    def register(step: Migration) -> Migration:
        if version in MIGRATIONS:
            raise RuntimeError(f"two migrations to version {version}")
        MIGRATIONS[version] = step
        return step

    return register


@migration(2)
def chain_events(conn: sqlite3.Connection) -> Upgrade:
    """v2: every event gets its place in the hash chain."""
    from tousu_cli.storage.events import GENESIS, event_hash  # events needs connection

    conn.execute("ALTER TABLE events ADD COLUMN hash TEXT")
    # The guard against edits is set aside for this one fill, then put back as it was.
    (guard,) = conn.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?",
        ("events_append_only_update",),
    ).fetchone()
    conn.execute("DROP TRIGGER events_append_only_update")
    previous, after = GENESIS, 0
    while True:
        rows = conn.execute(
            "SELECT id, case_id, at, recorded_at, actor, action, data FROM events"
            " WHERE id > ? ORDER BY id LIMIT ?",
            (after, CHUNK),
        ).fetchall()
        if not rows:
            break
        hashes = []
        for event_id, case_id, at, recorded_at, actor, action, data in rows:
            content = (case_id, at, recorded_at, actor, action, data)
            previous = event_hash(previous, event_id, content)
            hashes.append((previous, event_id))
        conn.executemany("UPDATE events SET hash = ? WHERE id = ?", hashes)
        after = rows[-1][0]
    conn.execute(guard)
    return Upgrade()


@migration(3)
def compact_mobiles(conn: sqlite3.Connection) -> Upgrade:
    """v3: mobile numbers kept as their 11 digits (validation.compact_phone), so
    that a complainant's repeats are found however the number was written; the
    repeats of the cases whose numbers now match are counted again."""
    from tousu_cli.domain.validation import compact_phone

    after, rewritten = 0, []
    while True:
        rows = conn.execute(
            "SELECT id, phone FROM cases WHERE id > ? AND phone IS NOT NULL ORDER BY id LIMIT ?",
            (after, CHUNK),
        ).fetchall()
        if not rows:
            break
        changed = [(new, case_id) for case_id, old in rows if (new := compact_phone(old)) != old]
        conn.executemany("UPDATE cases SET phone = ? WHERE id = ?", changed)
        rewritten += [case_id for _, case_id in changed]
        after = rows[-1][0]
    # Numbers that now match make repeats of cases that were first complaints.
    return Upgrade(recount=tuple(rewritten))


# The case's own words a search finds (storage/search.py): number, 工单号,
# complainant, window, staff, content, demand, result, measures and reasons.
SEARCHED_COLUMNS = (
    "number", "external_id", "complainant", "window_name", "staff", "content", "demand",
    "result", "measures", "reject_reason", "withdraw_reason",
)  # fmt: skip


@migration(4)
def index_case_text(conn: sqlite3.Connection) -> Upgrade:
    """v4: a full-text index of the cases' words (FTS5, trigram: Chinese has no
    spaces, so any run of three characters is a word), kept current by triggers
    inside every transaction that writes a case, an import's included."""
    from tousu_cli.storage.sqlite_utils_db import Database

    Database(conn).table("cases").enable_fts(
        SEARCHED_COLUMNS, create_triggers=True, tokenize="trigram"
    )
    # Investigation notes stay in their events, which are never changed or
    # deleted: a contentless index of the notes, filled as events come.
    conn.execute("CREATE INDEX events_notes ON events (case_id) WHERE action = 'investigate'")
    conn.execute("CREATE VIRTUAL TABLE notes_fts USING fts5(note, content='', tokenize='trigram')")
    conn.execute(
        "CREATE TRIGGER events_notes_ai AFTER INSERT ON events WHEN new.action = 'investigate'"
        " BEGIN INSERT INTO notes_fts (rowid, note)"
        " VALUES (new.id, json_extract(new.data, '$.note')); END"
    )
    conn.execute(
        "INSERT INTO notes_fts (rowid, note) SELECT id, json_extract(data, '$.note')"
        " FROM events WHERE action = 'investigate'"
    )
    return Upgrade()


@migration(5)
def add_voiding(conn: sqlite3.Connection) -> Upgrade:
    """v5: a case registered in error (作废) keeps its record but leaves the lists,
    the reports and the repeat counts: when it was voided, NULL for a live case."""
    conn.execute("ALTER TABLE cases ADD COLUMN voided_at TEXT")
    return Upgrade()


@migration(7)
def source_calendar_entries(conn: sqlite3.Connection) -> Upgrade:
    """v7: an entry of the office's calendar says where it came from, a notice
    read in or the clerk's own typing (`calendar check` names it); the entries
    made before were typed."""
    conn.execute(
        "ALTER TABLE calendar_day ADD COLUMN source TEXT NOT NULL DEFAULT 'clerk'"
        " CHECK (source IN ('clerk', 'notice'))"
    )
    return Upgrade()


@migration(8)
def date_policy_versions(conn: sqlite3.Connection) -> Upgrade:
    """v8: a policy version is in force from a day (policy set --from), and a
    clock is held to the version in force on the day it started. The versions
    set before were in force from the day they were set (China time)."""
    conn.execute("ALTER TABLE policy ADD COLUMN effective TEXT")
    conn.execute("UPDATE policy SET effective = substr(set_at, 1, 10)")
    return Upgrade()


@migration(9)
def add_personal_vault(conn: sqlite3.Connection) -> Upgrade:
    """v9: an event's personal values (name, phone, ID number, the numbers in
    its texts) are sealed in its data and kept beside it, outside the chain, so
    that they can be erased (docs/personal-data-erasure.md). Events recorded
    before keep theirs in place."""
    conn.execute("ALTER TABLE events ADD COLUMN personal TEXT")
    return Upgrade()


UPGRADER = "tousu"  # who an upgrade's records name


_UNSTATED = (
    "SELECT c.id, c.received_at, c.channel, u.name AS unit, c.category, c.form, c.complainant,"
    " c.phone, c.id_number, c.window_name, c.staff, c.content, c.demand, c.evidence, c.major,"
    " c.external_id, (SELECT max(at) FROM events WHERE case_id = c.id) AS last_at"
    " FROM cases c JOIN units u ON u.id = c.unit_id"
    " JOIN events r ON r.case_id = c.id AND r.action = 'register'"
    " WHERE c.id > ? AND json_type(r.data, '$.facts') IS NULL ORDER BY c.id LIMIT ?"
)


@migration(6)
def state_registered_facts(conn: sqlite3.Connection) -> Upgrade:
    """v6: a registration records every registered fact, and verify holds the case
    row to them. A case registered before records them now: one hash-chained
    record (登记事项(升级时记录)) of its facts as they stand, dated with its last
    event, so that an edit made after the upgrade is caught."""
    from tousu_cli.chinatime import now
    from tousu_cli.domain.actions import REGISTERED_FACTS, Event, Stated, registered_facts
    from tousu_cli.storage.events import event_row, insert_events

    recorded, after = now(), 0
    while True:
        rows = conn.execute(_UNSTATED, (after, CHUNK)).fetchall()
        if not rows:
            break
        events = []
        for row in rows:
            facts = registered_facts(dict(zip(REGISTERED_FACTS, row[5:16], strict=True)))
            stated = Stated(row[1], row[2], row[3], row[4], facts)
            when = datetime.fromisoformat(row[16])
            events.append(event_row(row[0], Event(when, stated), UPGRADER, recorded, sealed=False))
        insert_events(conn, events)
        after = rows[-1][0]
    return Upgrade()


@migration(10)
def seal_recorded_events(conn: sqlite3.Connection) -> Upgrade:
    """v10: the events recorded before version 9 have their personal values
    sealed as later ones have, and the chain is computed again over them; the
    record of it names the chain's head before and after (storage/reseal.py)."""
    from tousu_cli.storage.reseal import reseal_events

    reseal_events(conn, UPGRADER)
    return Upgrade()


@migration(11)
def allow_erasure(conn: sqlite3.Connection) -> Upgrade:
    """v11: a complainant's personal data is erased when its retention period ends
    (tousu erase): the case row says when, and the guard that keeps events
    append-only lets one thing through, an event's vault going from its values
    to nothing. The chain does not cover the vault, so it stays whole."""
    conn.execute("ALTER TABLE cases ADD COLUMN erased_at TEXT")
    conn.execute("DROP TRIGGER IF EXISTS events_append_only_update")
    conn.execute(ERASABLE_GUARD)
    return Upgrade()


ERASABLE_GUARD = (
    "CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events"
    " WHEN NOT (old.personal IS NOT NULL AND new.personal IS NULL"
    " AND new.id IS old.id AND new.case_id IS old.case_id AND new.at IS old.at"
    " AND new.recorded_at IS old.recorded_at AND new.actor IS old.actor"
    " AND new.action IS old.action AND new.data IS old.data AND new.hash IS old.hash)"
    " BEGIN SELECT RAISE(ABORT, 'events are append-only'); END"
)
