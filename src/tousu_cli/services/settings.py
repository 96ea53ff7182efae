"""The office's settings: the deadline policy and the list of categories."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from tousu_cli.domain import validation
from tousu_cli.domain.actions import CategoryAdded, PolicySet
from tousu_cli.domain.errors import InvalidInput, InvalidMove
from tousu_cli.domain.policy import Policy
from tousu_cli.storage import policy_store
from tousu_cli.storage.clock_rows import clocks_started_since
from tousu_cli.storage.connection import Connection, blank_db
from tousu_cli.storage.events import record_now
from tousu_cli.storage.policy_store import (
    PolicyVersion,
    add_policy,
    current_policy,
    policy_on,
    policy_versions,
)
from tousu_cli.storage.transaction import write_transaction

__all__ = ["PolicyChange", "PolicyVersion", "policy_history", "set_policy", "show_policy"]


def show_policy(conn: Connection | None) -> tuple[int | None, Policy]:
    if conn is None:
        return None, Policy()
    return current_policy(conn)


def policy_history(conn: Connection | None) -> list[PolicyVersion]:
    """Every version of the policy, in the order they take effect."""
    return [] if conn is None else policy_versions(conn)


@dataclass(frozen=True, slots=True)
class PolicyChange:
    version: int
    policy: Policy
    effective: date
    # Clocks started on or after EFFECTIVE under the version before: they keep
    # the limits they started with (nothing stored is rewritten).
    started_before_it: int = 0


def set_policy(
    conn: Connection,
    key: str,
    value: int,
    actor: str,
    now: datetime,
    *,
    effective: date | None = None,
) -> PolicyChange:
    """A new policy version, in force from EFFECTIVE (today unless said); a clock
    is held to the version in force on the day it starts. Versions take effect
    in the order they are set: one cannot slip in before the latest."""
    day = effective or now.date()
    with write_transaction(conn):
        versions = policy_versions(conn)
        if versions and day < versions[-1].effective:
            latest = versions[-1]
            raise InvalidMove(
                f"第 {latest.id} 版规则自 {latest.effective} 起生效,新的修改只能自该日或以后生效"
            )
        old_id, old = policy_on(versions, day)
        new = old.with_value(key, value)
        version = add_policy(conn, new, actor, now, day)
        change = PolicySet(key, old.as_dict()[key], value, version, old_id, day.isoformat())
        record_now(conn, actor, now, change)
        started = clocks_started_since(conn, day)
    return PolicyChange(version, new, day, started)


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
