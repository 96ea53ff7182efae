"""Where the schema lives, and how a database is brought up to it."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from functools import cache
from importlib import resources
from pathlib import Path

from tousu_cli.domain.errors import TousuError
from tousu_cli.storage.migrations import MIGRATIONS, Upgrade
from tousu_cli.storage.schema_text import statements
from tousu_cli.storage.transaction import roll_back


@cache
def schema_sql() -> str:
    """data/schema.sql: inside the wheel, or in the source tree of an editable install."""
    packaged = resources.files("tousu_cli").joinpath("data", "schema.sql")
    if packaged.is_file():
        return packaged.read_text(encoding="utf-8")
    source = Path(__file__).resolve().parents[3] / "data" / "schema.sql"
    return source.read_text(encoding="utf-8")


@cache
def base_version() -> int:
    """The version data/schema.sql makes; the migrations after it finish a new ledger."""
    match = re.search(r"PRAGMA\s+user_version\s*=\s*(\d+)", schema_sql(), re.IGNORECASE)
    if match is None:
        raise RuntimeError("data/schema.sql does not set user_version")
    return int(match.group(1))


def schema_version() -> int:
    """The version this program writes: the last migration's."""
    return max(MIGRATIONS, default=base_version())


FollowUp = Callable[[sqlite3.Connection, Upgrade], None]


def bring_up_to_date(conn: sqlite3.Connection, follow_up: FollowUp | None = None) -> None:
    """Create the schema in a new database, or upgrade an older one, atomically.

    Each step runs under BEGIN IMMEDIATE and re-reads user_version once it holds
    the write lock, so two processes opening a new file at once create it once.
    An upgrade first copies the file aside, and records itself as an event.
    FOLLOW_UP does, in the step's transaction, what the step leaves to the
    services; without one, such a step is refused rather than left half done.
    """
    target = schema_version()
    backup: Path | None = None  # one copy, of the file as it was: not one per step
    while True:
        current = conn.execute("PRAGMA user_version").fetchone()[0]
        if current == target:
            return
        if current > target:
            raise TousuError(
                f"数据库版本({current})比本程序支持的版本({target})新,请升级 tousu 后再使用"
            )
        if current == 0 and _has_tables(conn):
            raise TousuError(f"{_name(conn)}不是 tousu 数据库(其中已有别的表),不会改动它")
        copied = backup is None and current != 0
        if copied:
            backup = backup_before_upgrade(conn, current)
        upgraded = False
        conn.execute("BEGIN IMMEDIATE")
        try:
            locked = conn.execute("PRAGMA user_version").fetchone()[0]
            if locked == current == 0:
                _create(conn, target)
            elif locked == current:
                left = MIGRATIONS[current + 1](conn)
                if not left.done:
                    if follow_up is None:
                        raise RuntimeError(f"upgrading to version {current + 1} needs a follow-up")
                    follow_up(conn, left)
                conn.execute(f"PRAGMA user_version = {current + 1}")
                _record_upgrade(conn, current, backup)
            conn.execute("COMMIT")
            upgraded = locked == current
        except BaseException:
            roll_back(conn)
            raise
        finally:
            # Another process upgraded the file first (keeping its own copy), or
            # this upgrade was undone (the file is as the copy has it): not needed.
            if copied and backup is not None and not upgraded:
                backup.unlink(missing_ok=True)
                backup = None


def _create(conn: sqlite3.Connection, target: int) -> None:
    """A new ledger: schema.sql, then the structure the later versions added
    (nothing of theirs to record or back up: there is nothing in it yet)."""
    for statement in statements(schema_sql()):
        conn.execute(statement)
    for version in range(base_version() + 1, target + 1):
        if not MIGRATIONS[version](conn).done:
            raise RuntimeError(f"version {version} left work in a new ledger")
    conn.execute(f"PRAGMA user_version = {target}")


def _has_tables(conn: sqlite3.Connection) -> bool:
    """Whether a file without a tousu version holds tables: another program's."""
    import sqlite_utils  # 100 ms to load: paid once, by a file that is no ledger yet

    return bool(sqlite_utils.Database(conn).table_names())


def _name(conn: sqlite3.Connection) -> str:
    from tousu_cli.storage.backup import database_path

    path = database_path(conn)
    return "这个数据库" if path is None else f"{path} "


def backup_before_upgrade(conn: sqlite3.Connection, version: int) -> Path | None:
    """A copy of the file as it is, next to it, before an upgrade touches it."""
    from tousu_cli.storage.backup import backup_to, database_path

    path = database_path(conn)
    if path is None:
        return None
    from tousu_cli.chinatime import now

    stamp = now().strftime("%Y%m%d-%H%M%S")
    dest = path.with_name(f"{path.name}.v{version}-{stamp}.bak")
    tries = 1
    while dest.exists():  # an upgrade retried within the same second
        tries += 1
        dest = path.with_name(f"{path.name}.v{version}-{stamp}-{tries}.bak")
    return backup_to(conn, dest)


def _record_upgrade(conn: sqlite3.Connection, version: int, backup: Path | None) -> None:
    from tousu_cli import chinatime
    from tousu_cli.domain.actions import Upgraded
    from tousu_cli.storage.events import record_now

    upgraded = Upgraded(version, version + 1, None if backup is None else backup.name)
    record_now(conn, "tousu", chinatime.now(), upgraded)
