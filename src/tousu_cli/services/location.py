"""Where the ledger is, and what it is held by: light enough for every command's start."""

from __future__ import annotations

from pathlib import Path
from typing import TypeAlias

from tousu_cli.storage import connection, schema

Connection: TypeAlias = connection.Connection  # what a command holds a ledger by


def default_path() -> Path:
    """Where the clerk's ledger is when no --db or TOUSU_DB says otherwise."""
    return connection.default_db_path()


def ledger_version() -> int:
    """The version of the ledger's structure this program writes."""
    return schema.schema_version()
