"""The office's settings: versions of the deadline policy (the newest is in
force), and the complaint categories."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, fields
from datetime import date, datetime

from tousu_cli.chinatime import iso
from tousu_cli.domain.policy import DEFAULT_POLICY, Policy


@dataclass(frozen=True, slots=True)
class PolicyVersion:
    """A version of the office's policy, in force from a day until the next one's."""

    id: int
    effective: date
    policy: Policy
    set_by: str
    set_at: str


def policy_versions(conn: sqlite3.Connection) -> list[PolicyVersion]:
    """Every version, in the order they take effect (a few rows: read whole)."""
    # An upgrade's follow-up reads the policy before version 8 dated it: from
    # the day each was set, as the upgrade will make it.
    columns = {row[1] for row in conn.execute("PRAGMA table_info(policy)")}
    effective = "effective" if "effective" in columns else "substr(set_at, 1, 10)"
    rows = conn.execute(
        f"SELECT id, {effective} AS effective, settings, set_by, set_at FROM policy"
        " ORDER BY effective, id"
    )
    known = {f.name for f in fields(Policy)}
    return [
        PolicyVersion(
            row["id"],
            date.fromisoformat(row["effective"]),
            Policy(**{k: v for k, v in json.loads(row["settings"]).items() if k in known}),
            row["set_by"],
            row["set_at"],
        )
        for row in rows
    ]


def policy_on(versions: list[PolicyVersion], day: date) -> tuple[int | None, Policy]:
    """The version in force on DAY; the defaults (version None) before any."""
    found = None
    for version in versions:
        if version.effective > day:
            break
        found = version
    return (None, DEFAULT_POLICY) if found is None else (found.id, found.policy)


def current_policy(
    conn: sqlite3.Connection, today: date | None = None
) -> tuple[int | None, Policy]:
    """The policy in force today (China time) and its version."""
    from tousu_cli.chinatime import now

    return policy_on(policy_versions(conn), today or now().date())


def add_policy(
    conn: sqlite3.Connection, policy: Policy, actor: str, at: datetime, effective: date
) -> int:
    cursor = conn.execute(
        "INSERT INTO policy (settings, set_by, set_at, effective) VALUES (?, ?, ?, ?)",
        (json.dumps(policy.as_dict()), actor, iso(at), effective.isoformat()),
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
