"""Opening a ledger: the one way every command gets at the file.

Open it (creating it where the command may), refuse a file that is not a tousu
ledger or is newer than this program, upgrade an older one (counting repeats
again where an upgrade asks for it, in the upgrade's own transaction), and
settle the provisional due dates of years the calendar has come to know.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from tousu_cli import chinatime
from tousu_cli.services.deadlines import settle_known_years
from tousu_cli.services.office import Office
from tousu_cli.storage import errors
from tousu_cli.storage.connection import (
    Connection,
    blank_db,
    holds_event,
    open_db,
    without_sync,
)
from tousu_cli.storage.migrations import UPGRADER, Upgrade

DATABASE_ERRORS = errors.DATABASE_ERRORS  # what a command catches as the database failing


def database_trouble(error: Exception) -> str:
    """The database's failure in one line for the clerk."""
    return errors.trouble(error)


def open_ledger(
    path: Path,
    actor: str,
    *,
    create: bool = True,
    adopt_empty: bool = False,
    now: datetime | None = None,
    scratch: bool = False,
) -> Office:
    """The ledger at PATH, ready for a command by ACTOR. CREATE: made where there
    is none; ADOPT_EMPTY: an empty file made one (init). SCRATCH: a ledger that
    can be made again (a demo), written without waiting for the disk."""
    conn = open_db(path, create=create, adopt_empty=adopt_empty, follow_up=_follow_up)
    try:
        if scratch:
            without_sync(conn)
        office = Office(conn, actor, now or chinatime.now())
        settle_known_years(office)
    except BaseException:
        conn.close()
        raise
    return office


def _follow_up(conn: Connection, upgrade: Upgrade) -> None:
    from tousu_cli.services.repeats import recount_cases

    if upgrade.recount:
        recount_cases(Office(conn, UPGRADER, chinatime.now()), upgrade.recount)


def is_demo(path: Path) -> bool:
    """Whether PATH holds a ledger `demo` made (the only kind it may replace)."""
    from tousu_cli.domain.actions import DemoBuilt

    return holds_event(path, DemoBuilt.kind)


def blank_ledger(actor: str) -> Office:
    """A new ledger in memory: what a file created now would hold."""
    return Office(blank_db(), actor, chinatime.now())
