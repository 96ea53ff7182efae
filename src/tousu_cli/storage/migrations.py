"""Upgrade steps, one function per version: @migration(n) brings a version n - 1
database to version n.

Each step runs in the same transaction that sets user_version and records the
upgrade (calibre's pattern), after a backup of the file. A new database is
created from data/schema.sql directly. A step that leaves work only the
services can do (counting repeats again) says so in its `Upgrade`; the one who
opens the ledger does it inside the same transaction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
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
