"""Repeat complaints counted in the order they came in, not the order they were entered.

A case's repeat count (and its 督办 flag) is worked out when it is registered,
from the same complainant's earlier cases about the same unit. A complaint
registered after later ones (a letter entered late, a back-dated entry, an
import whose rows are not in time order) is one more earlier case for each of
them: their counts, links and flags are brought up to date here, each with an
event naming the cases that changed it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from tousu_cli.domain.actions import Event, RepeatRecounted
from tousu_cli.services.office import Office
from tousu_cli.storage import cases_store
from tousu_cli.storage.events import append_events


def recount_after_registering(office: Office, facts: dict[str, Any]) -> None:
    """After one new case (FACTS as stored): the later cases that count it."""
    _, policy = office.policy
    later = cases_store.later_repeats(
        office.conn, unit=facts["unit_id"], phone=facts["phone"], name=facts["complainant"],
        received_at=datetime.fromisoformat(facts["received_at"]),
        window_days=policy.repeat_window_days,
    )  # fmt: skip
    _recount(office, later)


def recount_after_import(office: Office, first_new_id: int) -> None:
    """After an import whose new cases have ids from FIRST_NEW_ID: every case
    registered before one of them that was received earlier."""
    _, policy = office.policy
    rows = cases_store.registered_before_earlier(
        office.conn, first_new_id, policy.repeat_window_days
    )
    _recount(office, rows)


def recount_cases(office: Office, case_ids: Iterable[int]) -> None:
    """After the phones of CASE_IDS were rewritten (an upgrade): each of them,
    and the later cases that count it, as their numbers now match."""
    _, policy = office.policy
    found: dict[int, sqlite3.Row] = {}
    for row in cases_store.cases_by_id(office.conn, list(case_ids)):
        found.setdefault(row["id"], row)
        for later in cases_store.later_repeats(
            office.conn, unit=row["unit_id"], phone=row["phone"], name=row["complainant"],
            received_at=datetime.fromisoformat(row["received_at"]),
            window_days=policy.repeat_window_days,
        ):  # fmt: skip
            found.setdefault(later["id"], later)
    _recount(office, sorted(found.values(), key=lambda row: (row["received_at"], row["id"])))


def _recount(office: Office, rows: Iterable[sqlite3.Row]) -> None:
    conn = office.conn
    _, policy = office.policy
    for row in rows:
        found = cases_store.earlier_repeats(
            conn, unit=row["unit_id"], phone=row["phone"], name=row["complainant"],
            received_at=datetime.fromisoformat(row["received_at"]),
            window_days=policy.repeat_window_days,
        )  # fmt: skip
        earlier = [(case_id, number) for _, case_id, number in found if case_id != row["id"]]
        rank = len(earlier) + 1
        if rank <= row["repeat_rank"]:
            continue
        linked = cases_store.linked_earlier(conn, row["id"])
        new = [(case_id, number) for case_id, number in earlier if case_id not in linked]
        escalated = bool(row["escalated"]) or rank >= policy.repeat_escalation_count
        cases_store.update_case(conn, row["id"], {"repeat_rank": rank, "escalated": int(escalated)})
        cases_store.link_repeats(conn, row["id"], [case_id for case_id, _ in new])
        recounted = RepeatRecounted(
            rank,
            row["repeat_rank"],
            tuple(number for _, number in new),
            escalated=escalated and not row["escalated"],  # flagged for 督办 by this recount
        )
        append_events(conn, row["id"], office.actor, office.now, [Event(office.now, recounted)])
