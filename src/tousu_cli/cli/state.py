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

    def db(self) -> Connection:
        """The ledger, created on first use (services.ledger.open_ledger)."""
        if self._db is None:
            from tousu_cli.services.ledger import open_ledger

            self._db = open_ledger(self.db_path, self.actor).conn
        return self._db

    def close(self) -> None:
        """Closing the last connection folds the WAL back into the file."""
        if self._db is not None:
            self._db.close()
            self._db = None

    def office(self) -> Office:
        """The database, the clerk and the present moment, for a use case."""
        from tousu_cli.services.office import Office

        return Office(self.db(), self.actor, chinatime.now())

    def existing_db(self) -> Connection | None:
        """The database if there is one: reading never creates a file."""
        if self._db is None and not self.db_path.exists():
            return None
        return self.db()


def state(ctx: typer.Context) -> AppState:
    root = ctx.find_root()
    if not isinstance(root.obj, AppState):
        root.obj = AppState(default_path(), login_name())
    return root.obj
