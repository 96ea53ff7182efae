"""sqlite-utils on one of our connections, inside the transaction it is in.

sqlite-utils runs the scripts it generates (an FTS table, its triggers, filling
it) through sqlite3's executescript, which first commits whatever transaction is
open: an upgrade would be committed half done. Here each statement of such a
script runs on its own in the caller's transaction instead.
"""

from __future__ import annotations

import sqlite3
from typing import Any

import sqlite_utils

from tousu_cli.storage.schema_text import statements


class Database(sqlite_utils.Database):
    def __init__(self, conn: sqlite3.Connection) -> None:
        super().__init__(conn)

    def executescript(self, sql: str) -> Any:
        for statement in statements(sql):
            self.conn.execute(statement)
