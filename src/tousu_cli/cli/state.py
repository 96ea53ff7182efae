"""What every command gets from the root: which database, who is acting."""

from __future__ import annotations

import getpass
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from tousu_cli import chinatime
from tousu_cli.services.location import Connection, default_path

if TYPE_CHECKING:
    from tousu_cli.services.office import Office


def login_name() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


@dataclass
class AppState:
    db_path: Path
    actor: str
    _db: Connection | None = None
    # Made by this command (register or import into a new path): removed again
    # if the command recorded nothing, so a refusal leaves the disk as it was.
    _made: bool = False

    def db(self, *, create: bool = False, adopt_empty: bool = False) -> Connection:
        """The ledger (services.ledger.open_ledger). Only `init` (ADOPT_EMPTY: an
        empty file too) and the commands that record a first case (CREATE) make
        one; every other command refuses a missing, empty or foreign file."""
        if self._db is None:
            from tousu_cli.services.ledger import open_ledger

            made = create and not self.db_path.exists()
            self._db = open_ledger(
                self.db_path, self.actor, create=create or adopt_empty, adopt_empty=adopt_empty
            ).conn
            self._made = made and not adopt_empty
        return self._db

    def close(self) -> None:
        """Closing the last connection folds the WAL back into the file."""
        if self._db is not None:
            unused = self._made and not _records_anything(self._db)
            self._db.close()
            self._db = None
            if unused:
                for suffix in ("", "-wal", "-shm", "-journal"):
                    Path(f"{self.db_path}{suffix}").unlink(missing_ok=True)

    def office(self, *, create: bool = False) -> Office:
        """The database, the clerk and the present moment, for a use case."""
        from tousu_cli.services.office import Office

        return Office(self.db(create=create), self.actor, chinatime.now())

    def existing_db(self) -> Connection | None:
        """The database if there is one (a question the defaults can answer):
        reading never creates a file."""
        if self._db is None and not self.db_path.exists():
            return None
        return self.db()


def _records_anything(conn: Connection) -> bool:
    try:
        return conn.execute("SELECT 1 FROM events LIMIT 1").fetchone() is not None
    except Exception:  # a file in trouble is left as it is for the clerk to see
        return True


def state(ctx: typer.Context) -> AppState:
    root = ctx.find_root()
    if not isinstance(root.obj, AppState):
        root.obj = AppState(default_path(), login_name())
    return root.obj
