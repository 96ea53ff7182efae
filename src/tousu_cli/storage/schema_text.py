"""SQL scripts cut into their statements, so that each runs in the caller's transaction."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator


def statements(script: str) -> Iterator[str]:
    """The complete SQL statements of SCRIPT, triggers included."""
    pending = ""
    for piece in script.split(";"):
        pending += piece + ";"
        if sqlite3.complete_statement(pending):
            text = "\n".join(
                line for line in pending.splitlines() if not line.lstrip().startswith("--")
            ).strip()
            if text != ";":
                yield text
            pending = ""
