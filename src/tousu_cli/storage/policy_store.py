"""The office's settings: versions of the deadline policy (the newest is in
force), and the complaint categories."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import fields
from datetime import datetime

from tousu_cli.chinatime import iso
from tousu_cli.domain.policy import DEFAULT_POLICY, Policy


def current_policy(conn: sqlite3.Connection) -> tuple[int | None, Policy]:
    """The policy in force and its version; the defaults (version None) until changed."""
    row = conn.execute("SELECT id, settings FROM policy ORDER BY id DESC LIMIT 1").fetchone()
    if row is None:
        return None, DEFAULT_POLICY
    stored = json.loads(row["settings"])
    known = {f.name for f in fields(Policy)}
    return row["id"], Policy(**{k: v for k, v in stored.items() if k in known})


def add_policy(conn: sqlite3.Connection, policy: Policy, actor: str, at: datetime) -> int:
    cursor = conn.execute(
        "INSERT INTO policy (settings, set_by, set_at) VALUES (?, ?, ?)",
        (json.dumps(policy.as_dict()), actor, iso(at)),
    )
    return int(cursor.lastrowid or 0)


def categories(conn: sqlite3.Connection) -> list[tuple[str, bool]]:
    """The complaint categories in the order they were added, each with whether
    it is one of the built-in ones."""
    rows = conn.execute("SELECT name, builtin FROM categories ORDER BY rowid")
    return [(row[0], bool(row[1])) for row in rows]


def add_category(conn: sqlite3.Connection, name: str) -> bool:
    """Add NAME; False when there is one of that name already."""
    if conn.execute("SELECT 1 FROM categories WHERE name = ?", (name,)).fetchone():
        return False
    conn.execute("INSERT INTO categories (name) VALUES (?)", (name,))
    return True
