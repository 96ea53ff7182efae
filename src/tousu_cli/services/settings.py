"""The office's settings: the deadline policy and the list of categories."""

from __future__ import annotations

from datetime import datetime

from tousu_cli.domain import validation
from tousu_cli.domain.actions import CategoryAdded, PolicySet
from tousu_cli.domain.errors import InvalidInput
from tousu_cli.domain.policy import Policy
from tousu_cli.storage import policy_store
from tousu_cli.storage.connection import Connection, blank_db
from tousu_cli.storage.events import record_now
from tousu_cli.storage.policy_store import add_policy, current_policy
from tousu_cli.storage.transaction import write_transaction


def show_policy(conn: Connection | None) -> tuple[int | None, Policy]:
    if conn is None:
        return None, Policy()
    return current_policy(conn)


def set_policy(
    conn: Connection, key: str, value: int, actor: str, now: datetime
) -> tuple[int, Policy]:
    """A new policy version; clocks already running keep the limits they started with."""
    with write_transaction(conn):
        old_id, old = current_policy(conn)
        new = old.with_value(key, value)
        version = add_policy(conn, new, actor, now)
        change = PolicySet(key, old.as_dict()[key], value, version, old_id)
        record_now(conn, actor, now, change)
    return version, new


def categories(conn: Connection | None) -> list[tuple[str, bool]]:
    if conn is None:
        conn = blank_db()  # the built-in list, as schema.sql seeds it
    return policy_store.categories(conn)


def add_category(conn: Connection, name: str, actor: str, now: datetime) -> str:
    cleaned = validation.text(name, "类别名称", required=True) or ""
    with write_transaction(conn):
        if not policy_store.add_category(conn, cleaned):
            raise InvalidInput(f"投诉类别「{cleaned}」已存在")
        record_now(conn, actor, now, CategoryAdded(cleaned))
    return cleaned
