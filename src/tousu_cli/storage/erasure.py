"""Erasing a case's personal data from the file itself, not only from its rows
(docs/personal-data-erasure.md): its events' vaults emptied, the text indexes
merged so that no old segment keeps a number, and the freed space overwritten.
"""

from __future__ import annotations

import sqlite3


def overwrite_freed_space(conn: sqlite3.Connection) -> None:
    """From now on this connection overwrites with zeros what it deletes: an
    erased value must not stay readable in a free page."""
    conn.execute("PRAGMA secure_delete = ON")


def vault_values(conn: sqlite3.Connection, case_id: int) -> int:
    """How many personal values the vaults of the case's events hold."""
    (count,) = conn.execute(
        "SELECT coalesce(sum((SELECT count(*) FROM json_each(personal))), 0) FROM events"
        " WHERE case_id = ? AND personal IS NOT NULL",
        (case_id,),
    ).fetchone()
    return int(count)


def unvaulted_events(conn: sqlite3.Connection, case_id: int) -> list[tuple[int, str]]:
    """The case's events with no vault (id, data as stored): whatever personal
    value they hold stands in their chained data."""
    return conn.execute(
        "SELECT id, data FROM events WHERE case_id = ? AND personal IS NULL ORDER BY id",
        (case_id,),
    ).fetchall()


def empty_vaults(conn: sqlite3.Connection, case_id: int) -> None:
    """The one change the events' guard lets through (schema 11)."""
    conn.execute(
        "UPDATE events SET personal = NULL WHERE case_id = ? AND personal IS NOT NULL",
        (case_id,),
    )


def merge_text_indexes(conn: sqlite3.Connection) -> None:
    """A full-text index keeps a deleted row's words in its old segments until
    they are merged: merged now, each into one."""
    for index in ("cases_fts", "notes_fts"):
        conn.execute(f"INSERT INTO {index} ({index}) VALUES ('optimize')")


def compact(conn: sqlite3.Connection) -> bool:
    """The write-ahead log copied into the file and cut to nothing, and the file
    rebuilt (VACUUM): no page keeps what was erased. False when another
    connection still reads and the log could not be emptied."""
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("VACUUM")
        busy, _, _ = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    except sqlite3.OperationalError as error:
        # The erasure is done and recorded; only the tidying waits for the others.
        if "locked" in str(error) or "busy" in str(error):
            return False
        raise
    return not busy
