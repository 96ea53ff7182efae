"""The append-only event log (留痕), chained by hashes.

Each event's hash covers the previous event's hash and the event's own id and
content, so an event edited, deleted or slipped in with another SQLite tool
breaks the chain from that point on (`tousu verify` finds where). Every
insert goes through `insert_events`, inside the writer's transaction, which
is what makes "the previous event" well defined.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from tousu_cli.chinatime import iso
from tousu_cli.domain.sealing import OPEN, may_need_sealing, needs_sealing, seal
from tousu_cli.storage.jsontext import from_json, to_json

if TYPE_CHECKING:  # the typed records load with the first command that writes one
    from tousu_cli.domain.actions import Event, Record
from tousu_cli.storage.transaction import write_transaction

GENESIS = "0" * 64  # the "previous hash" of the first event
EVENT_COLUMNS = (
    "id", "case_id", "at", "recorded_at", "actor", "action", "data", "personal", "hash",
)  # fmt: skip
# (case_id, at, recorded_at, actor, action, data as JSON text, sealed; the vault
# of its personal values as JSON text, None when it has none). The chain covers
# all but the vault (domain/sealing.py).
EventRow = tuple[int | None, str, str, str, str, str, str | None]


def unsealed(data: str = "data", personal: str = "personal") -> str:
    """SQL for an event's data with its personal values put back (domain/sealing.py,
    storage.connection): unseal() is called only for data that holds a seal, not
    for each of the millions of events verify reads."""
    sealed = f"instr({data}, char({ord(OPEN)}))"
    return f"CASE WHEN {sealed} THEN unseal({data}, {personal}) ELSE {data} END"


def event_hash(previous: str, event_id: int, row: Sequence[Any]) -> str:
    import hashlib  # 5 ms to load OpenSSL: only commands that write or verify pay it

    case_id, at, recorded_at, actor, action, data = row[:6]
    case = "" if case_id is None else case_id
    text = (  # the fields joined by U+001F
        f"{previous}\x1f{event_id}\x1f{case}\x1f{at}\x1f{recorded_at}\x1f{actor}\x1f{action}"
        f"\x1f{data}"
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def chained(
    previous: str, first_id: int, rows: Iterable[Sequence[Any]]
) -> Iterator[tuple[Any, ...]]:
    """The rows with their ids and hashes, each hash over the one before."""
    event_id = first_id
    for row in rows:
        previous = event_hash(previous, event_id, row)
        yield (event_id, *row, previous)
        event_id += 1


def chain_tail(conn: sqlite3.Connection) -> tuple[int, str]:
    """The id the next event gets, and the hash it chains to."""
    last = conn.execute("SELECT id, hash FROM events ORDER BY id DESC LIMIT 1").fetchone()
    return (1, GENESIS) if last is None else (last[0] + 1, chained_to(last[1]))


def chained_to(stored: str | None) -> str:
    """The hash the event after one stored with STORED chains to: an event
    without a hash (slipped in by hand) starts the chain again."""
    return stored or GENESIS


def insert_events(conn: sqlite3.Connection, rows: Sequence[EventRow]) -> int:
    """Append events in order; returns the last id (0 when there were none)."""
    if not rows:
        return 0
    with write_transaction(conn):  # the chain's tail cannot move under us
        first_id, previous = chain_tail(conn)
        columns: tuple[str, ...] = EVENT_COLUMNS
        if all(row[6] is None for row in rows):
            # Nothing sealed: also what an upgrade step writes before version 9,
            # which has no vault column yet.
            columns = tuple(c for c in EVENT_COLUMNS if c != "personal")
            rows = [row[:6] for row in rows]  # type: ignore[misc]
        marks = ", ".join("?" for _ in columns)
        conn.executemany(
            f"INSERT INTO events ({', '.join(columns)}) VALUES ({marks})",
            chained(previous, first_id, rows),
        )
    return first_id + len(rows) - 1


def event_row(
    case_id: int | None,
    event: Event,
    actor: str,
    recorded_at: str | datetime,
    *,
    sealed: bool = True,
) -> EventRow:
    """An event as insert_events takes it: recorded by ACTOR unless the event names
    who did it (a history carried over from another ledger), its personal values
    SEALED (not by an upgrade step before version 9, which has nowhere to keep them)."""
    recorded = recorded_at if isinstance(recorded_at, str) else iso(recorded_at)
    data, vault = stored_data(event.data()) if sealed else (to_json(event.data()), None)
    return (case_id, iso(event.at), recorded, event.by or actor, event.kind, data, vault)


def stored_data(data: Mapping[str, Any]) -> tuple[str, str | None]:
    """An event's DATA as stored: its JSON text with its personal values sealed,
    and its vault's JSON text (None: nothing in it to seal)."""
    if not needs_sealing(data):
        return to_json(data), None
    sealed, vault = seal(data)
    return to_json(sealed), to_json(vault) if vault else None


def sealed_text(data: str) -> tuple[str, str | None]:
    """Stored event data (JSON text, spaced as any version wrote it) with its
    personal values sealed, and its vault; DATA as it is and None when it holds
    nothing to seal. Most data is told apart without being parsed."""
    if not may_need_sealing(data):
        return data, None
    written, vault = stored_data(from_json(data))
    return (written, vault) if vault is not None else (data, None)


def append_events(
    conn: sqlite3.Connection,
    case_id: int | None,
    actor: str,
    recorded_at: datetime,
    events: Sequence[Event],
) -> None:
    """Several events of one case, in order."""
    recorded = iso(recorded_at)
    insert_events(conn, [event_row(case_id, event, actor, recorded) for event in events])


def record_now(
    conn: sqlite3.Connection,
    actor: str,
    now: datetime,
    record: Record,
    *,
    case_id: int | None = None,
) -> int:
    """An event that happens as it is recorded: a setting changed, data looked at."""
    from tousu_cli.domain.actions import Event

    return insert_events(conn, [event_row(case_id, Event(now, record), actor, now)])
