"""The upgrade that seals the personal values of the events recorded before
sealing was (schema 10, docs/personal-data-erasure.md).

Those events hold the values in their chained data. Each is sealed as a new
one would be, and the chain is computed again from the first event, a chunk
at a time, since every hash after the first sealed event changes. The old
chain is checked on the way: over an edited or missing event nothing is
sealed, since computing the chain again would hide the edit (`verify` keeps
reporting it). Either way a record of it closes the chain: its head before
and after, or the event that did not check out.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from typing import Any

from tousu_cli.chinatime import now
from tousu_cli.domain.actions import Resealed
from tousu_cli.storage.events import GENESIS, chained_to, event_hash, record_now, sealed_text

CHUNK = 50_000
_GUARD = "events_append_only_update"


class _Broken(Exception):
    def __init__(self, event_id: int) -> None:
        self.event_id = event_id


def reseal_events(conn: sqlite3.Connection, actor: str) -> Resealed | None:
    """Seal the events not sealed yet and chain them again, inside the caller's
    transaction; record what was done (as ACTOR) and return it. None: a new
    ledger, with nothing to seal or record."""
    if conn.execute("SELECT 1 FROM events LIMIT 1").fetchone() is None:
        return None
    # The guard against edits is set aside for this one pass, then put back as it
    # was (if someone dropped it, verify has an edit to report, not this upgrade).
    guard = conn.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", (_GUARD,)
    ).fetchone()
    conn.execute(f"DROP TRIGGER IF EXISTS {_GUARD}")
    conn.execute("SAVEPOINT reseal")
    try:
        done = _reseal(conn)
    except _Broken as broken:
        conn.execute("ROLLBACK TO reseal")
        events, head = _tail(conn)
        done = Resealed(events, 0, head, head, broken.event_id)
    conn.execute("RELEASE reseal")
    if guard is not None:
        conn.execute(guard[0])
    record_now(conn, actor, now(), done)
    return done


def _reseal(conn: sqlite3.Connection) -> Resealed:
    old = new = GENESIS
    last_id = sealed = 0
    for chunk in _chunks(conn):
        rehashed, rewritten, renoted = [], [], []
        for event_id, case_id, at, recorded_at, actor, action, data, stored, vault in chunk:
            if event_id != last_id + 1 or stored != event_hash(
                old, event_id, (case_id, at, recorded_at, actor, action, data)
            ):
                raise _Broken(last_id + 1 if event_id != last_id + 1 else event_id)
            old, last_id = chained_to(stored), event_id
            written, kept = sealed_text(data) if vault is None else (data, None)
            new = event_hash(new, event_id, (case_id, at, recorded_at, actor, action, written))
            if kept is None:
                rehashed.append((new, event_id))
                continue
            sealed += 1
            rewritten.append((written, kept, new, event_id))
            if action == "investigate":  # its note, as the notes index holds it
                renoted.append((event_id, data, written))
        conn.executemany("UPDATE events SET hash = ? WHERE id = ?", rehashed)
        conn.executemany(
            "UPDATE events SET data = ?, personal = ?, hash = ? WHERE id = ?", rewritten
        )
        _index_notes_again(conn, renoted)
    return Resealed(last_id, sealed, old, new)


def _chunks(conn: sqlite3.Connection) -> Iterator[list[Any]]:
    after = 0
    while rows := conn.execute(
        "SELECT id, case_id, at, recorded_at, actor, action, data, hash, personal"
        " FROM events WHERE id > ? ORDER BY id LIMIT ?",
        (after, CHUNK),
    ).fetchall():
        yield rows
        after = rows[-1][0]


def _index_notes_again(conn: sqlite3.Connection, renoted: list[tuple[int, str, str]]) -> None:
    """The notes index is contentless: a note leaves it only when told what it
    held. The sealed note takes its place, so its numbers are no longer found."""
    conn.executemany(
        "INSERT INTO notes_fts (notes_fts, rowid, note)"
        " VALUES ('delete', ?, json_extract(?, '$.note'))",
        [(event_id, before) for event_id, before, _ in renoted],
    )
    conn.executemany(
        "INSERT INTO notes_fts (rowid, note) VALUES (?, json_extract(?, '$.note'))",
        [(event_id, after) for event_id, _, after in renoted],
    )


def _tail(conn: sqlite3.Connection) -> tuple[int, str]:
    count, head = conn.execute(
        "SELECT count(*), (SELECT hash FROM events ORDER BY id DESC LIMIT 1) FROM events"
    ).fetchone()
    return count, chained_to(head)
