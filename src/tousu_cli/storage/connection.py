"""Opening the database file: where it is, how it is protected, how it is locked."""

from __future__ import annotations

import math
import os
import sqlite3
from contextlib import suppress
from pathlib import Path
from typing import TypeAlias

from tousu_cli.domain.errors import InvalidInput, NotFound
from tousu_cli.storage.schema import FollowUp, bring_up_to_date
from tousu_cli.storage.transaction import LedgerConnection, disk_full

BUSY_TIMEOUT_SECONDS = 30.0

# The types the layers above hold a ledger by, without importing sqlite3 themselves.
Connection: TypeAlias = sqlite3.Connection
Row: TypeAlias = sqlite3.Row


def default_db_path() -> Path:
    """$XDG_DATA_HOME/tousu/tousu.db, i.e. ~/.local/share/tousu/tousu.db."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "tousu" / "tousu.db"


LONGEST_WAIT = 3600.0  # seconds: a cron job that waits longer has another problem


def _busy_timeout() -> float:
    """How long a writer waits for another: TOUSU_BUSY_TIMEOUT seconds, else 30.
    A value that is not a number of seconds from 0 to an hour is refused: a
    mistyped setting must not make a cron job wait forever, or not at all."""
    text = os.environ.get("TOUSU_BUSY_TIMEOUT")
    if text is None or not text.strip():
        return BUSY_TIMEOUT_SECONDS
    try:
        seconds = float(text)
    except ValueError:
        seconds = math.nan
    if not 0 <= seconds <= LONGEST_WAIT:  # nan and inf too
        raise InvalidInput(
            f"环境变量 TOUSU_BUSY_TIMEOUT 应为 0 到 {LONGEST_WAIT:.0f} 之间的秒数,收到 {text!r}"
        )
    return seconds


def _create_private_file(path: Path) -> None:
    """An empty file readable by its owner only: it will hold personal data."""
    if not path.parent.exists():
        path.parent.mkdir(mode=0o700, parents=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)


def open_db(
    path: Path,
    *,
    create: bool = True,
    adopt_empty: bool = False,
    busy_timeout: float | None = None,
    follow_up: FollowUp | None = None,
) -> sqlite3.Connection:
    """Open (and if CREATE, create) the database, up to date with the schema
    (FOLLOW_UP: what an upgrade leaves to the services; see bring_up_to_date).
    A file that exists but is empty is no ledger, and refused: a truncated or
    mistyped one would otherwise become an empty ledger without a word (and a
    nightly reminder fall silent). ADOPT_EMPTY: `init`, which was asked to.

    Every connection: foreign keys on, WAL so readers never block the writer,
    a busy timeout so a second writer waits instead of failing, and full sync
    because the ledger is an official record.

    A plain sqlite3 connection: every command is a handful of statements, and
    importing sqlite-utils would cost each of them 45 ms.
    """
    if not path.exists():
        if not create:
            raise NotFound(f"数据库 {path} 不存在:先用 tousu init 创建,或用 --db 指定")
        if disk_full(path):
            raise sqlite3.OperationalError("database or disk is full")
        # Another process may have created it a moment ago.
        with suppress(FileExistsError):
            _create_private_file(path)
    elif path.is_dir():
        raise InvalidInput(f"--db 指定的 {path} 是一个目录,应为数据库文件")
    elif path.stat().st_size == 0 and not adopt_empty:
        raise InvalidInput(
            f"数据库 {path} 是空文件(0 字节),不是 tousu 台账:可能已被截断或指错了文件;"
            "请从备份恢复,或用 --db 指定正确的文件(新建台账用 tousu init)"
        )
    timeout = _busy_timeout() if busy_timeout is None else busy_timeout
    # Not tied to this thread: an import's background writer uses it too, one
    # statement at a time (storage.writer). A file or folder that cannot be
    # written is opened to read only, so that the reports still run from it
    # (a write then says the file is read-only).
    conn = sqlite3.connect(
        _address(path),
        timeout=timeout,
        isolation_level=None,
        check_same_thread=False,
        factory=LedgerConnection,
        uri=True,
    )
    conn.row_factory = sqlite3.Row
    _opens_seals(conn)
    try:
        _check_is_database(conn, path)
        conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA cache_size = -32768")  # 32 MB: a year's ledger stays in memory
        if not (create or adopt_empty) and conn.execute("PRAGMA user_version").fetchone()[0] == 0:
            raise InvalidInput(f"{path} 不是 tousu 数据库(没有台账的版本标记),不会改动它")
        bring_up_to_date(conn, follow_up)
    except BaseException:
        conn.close()
        raise
    return conn


def _address(path: Path) -> str:
    """The file as SQLite is to open it: read only, and as unchanging when not
    even its -shm could be made beside it (no one can write there either). On
    a full disk too: SQLite maps its -shm into memory, and a page of it that
    the disk cannot hold kills the process (SIGBUS) without a word."""
    address = path.resolve().as_uri()
    full = disk_full(path)
    if os.access(path, os.W_OK) and os.access(path.parent, os.W_OK) and not full:
        return address
    if (full or not os.access(path.parent, os.W_OK)) and not _live_wal(path):
        return address + "?mode=ro&immutable=1"
    return address + "?mode=ro"


def _live_wal(path: Path) -> bool:
    """A -wal with pages in it: another process may be writing the ledger."""
    try:
        return Path(f"{path}-wal").stat().st_size > 0
    except OSError:
        return False


def _check_is_database(conn: sqlite3.Connection, path: Path) -> None:
    """The file's first read: a file of something else is named as such."""
    try:
        conn.execute("PRAGMA schema_version").fetchone()
    except sqlite3.DatabaseError as error:
        if "not a database" not in str(error):
            raise
        raise InvalidInput(f"{path} 不是 tousu 数据库(不是 SQLite 数据库文件),不会改动它") from None


def blank_db() -> sqlite3.Connection:
    """A new database in memory: what a fresh file would hold."""
    conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    _opens_seals(conn)
    bring_up_to_date(conn)
    return conn


def _opens_seals(conn: sqlite3.Connection) -> None:
    """unseal(data, personal) in SQL: an event's data with its personal values
    put back (domain/sealing.py), for every query that shows or replays one."""
    from tousu_cli.domain.sealing import unseal

    conn.create_function("unseal", 2, unseal, deterministic=True)


def holds_event(path: Path, kind: str) -> bool:
    """Whether the file at PATH is a ledger with an event of KIND; read only, and
    False for a file that is not a database at all."""
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
            found = conn.execute("SELECT 1 FROM events WHERE action = ? LIMIT 1", (kind,))
            return found.fetchone() is not None
    except sqlite3.DatabaseError:
        return False


def without_sync(conn: sqlite3.Connection) -> None:
    """Writes not forced to the disk: for a file that can be made again (a demo)."""
    conn.execute("PRAGMA synchronous = OFF")


def open_read_only(path: Path) -> sqlite3.Connection:
    """PATH opened for reading only, as it is (no upgrade, nothing written)."""
    conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    _opens_seals(conn)
    return conn
