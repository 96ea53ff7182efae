"""Repeat complaints counted in the order they came in, not the order they were entered.

A case's repeat count (and its 督办 flag) is worked out when it is registered,
from the same complainant's earlier cases about the same unit. A complaint
registered after later ones (a letter entered late, a back-dated entry, an
import whose rows are not in time order) is one more earlier case for each of
them: their counts, links and flags are brought up to date here, each with an
event naming the cases that changed it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from tousu_cli.domain import repeats as rule
from tousu_cli.domain.actions import Event, RepeatRecounted
from tousu_cli.services.office import Office
from tousu_cli.storage import cases_store
from tousu_cli.storage.connection import Row
from tousu_cli.storage.events import append_events


def recount_after_registering(office: Office, facts: dict[str, Any]) -> None:
    """After one new case (FACTS as stored): the later cases that count it."""
    received_at = datetime.fromisoformat(facts["received_at"])
    _recount(office, _later(office, facts, received_at))


def recount_after_import(office: Office, first_new_id: int) -> None:
    """After an import whose new cases have ids from FIRST_NEW_ID: every case
    registered before one of them that was received earlier."""
    _, policy = office.policy
    rows = cases_store.registered_before_earlier(
        office.conn, first_new_id, policy.repeat_window_days
    )
    _recount(office, rows)


def recount_cases(office: Office, case_ids: Iterable[int]) -> None:
    """After the phones of CASE_IDS were rewritten (the version-3 upgrade): each of
    them, and the later cases that count it, as their numbers now match. It runs
    on a version-3 ledger, which knows no voided cases yet."""
    found: dict[int, Row] = {}
    for row in cases_store.cases_by_id(office.conn, list(case_ids)):
        found.setdefault(row["id"], row)
        received = datetime.fromisoformat(row["received_at"])
        for later in _later(office, row, received, voiding=False):
            found.setdefault(later["id"], later)
    rows = sorted(found.values(), key=lambda row: (row["received_at"], row["id"]))
    _recount(office, rows, voiding=False)


def later_of(office: Office, case: Any) -> list[Row]:
    """The stored cases that count CASE (a row, or its repeat facts) among their earlier ones."""
    return _later(office, case, datetime.fromisoformat(case["received_at"]))


def _later(office: Office, case: Any, received_at: datetime, *, voiding: bool = True) -> list[Row]:
    """The stored cases that count CASE (a row or facts as stored) among their earlier ones."""
    _, policy = office.policy
    keys = rule.found_under(case["unit_id"], case["phone"], case["complainant"])
    span = rule.later_span(received_at, policy)
    return cases_store.later_repeats(office.conn, keys, span, voiding=voiding)


def _recount(office: Office, rows: Iterable[Row], *, voiding: bool = True) -> None:
    conn = office.conn
    _, policy = office.policy
    for row in rows:
        key = rule.sought_under(row["unit_id"], row["phone"], row["complainant"])
        if key is None:
            continue
        span = rule.earlier_span(datetime.fromisoformat(row["received_at"]), policy)
        found = cases_store.earlier_repeats(conn, key, span, voiding=voiding)
        earlier = [(case_id, number) for _, case_id, number in found if case_id != row["id"]]
        stored = rule.Count(row["repeat_rank"], bool(row["escalated"]))
        counted = rule.recount(stored, len(earlier), policy)
        if counted is None:
            continue
        linked = cases_store.linked_earlier(conn, row["id"])
        new = [(case_id, number) for case_id, number in earlier if case_id not in linked]
        cases_store.update_case(
            conn, row["id"], {"repeat_rank": counted.rank, "escalated": int(counted.escalated)}
        )
        cases_store.link_repeats(conn, row["id"], [case_id for case_id, _ in new])
        recounted = RepeatRecounted(
            counted.rank,
            stored.rank,
            tuple(number for _, number in new),
            escalated=counted.escalated and not stored.escalated,  # flagged by this recount
        )
        append_events(conn, row["id"], office.actor, office.now, [Event(office.now, recounted)])


def recount_exactly(office: Office, case_ids: Iterable[int]) -> None:
    """After a registration was corrected (amend): each of CASE_IDS counted again
    from what is stored now, up or down, its links and 督办 flag made to match."""
    conn = office.conn
    _, policy = office.policy
    rows = cases_store.cases_by_id(conn, sorted(set(case_ids)))
    for row in sorted(rows, key=lambda row: (row["received_at"], row["id"])):
        key = rule.sought_under(row["unit_id"], row["phone"], row["complainant"])
        earlier: dict[int, str] = {}
        if key is not None:
            span = rule.earlier_span(datetime.fromisoformat(row["received_at"]), policy)
            found = cases_store.earlier_repeats(conn, key, span)
            earlier = {case_id: number for _, case_id, number in found if case_id != row["id"]}
        counted = rule.count(len(earlier), policy)
        linked = cases_store.linked_earlier(conn, row["id"])
        stored = rule.Count(row["repeat_rank"], bool(row["escalated"]))
        if counted == stored and linked == set(earlier):
            continue
        added = [case_id for case_id in earlier if case_id not in linked]
        dropped = sorted(linked - set(earlier))
        cases_store.update_case(
            conn, row["id"], {"repeat_rank": counted.rank, "escalated": int(counted.escalated)}
        )
        cases_store.unlink_repeats(conn, row["id"], dropped)
        cases_store.link_repeats(conn, row["id"], added)
        numbers = {r["id"]: r["number"] for r in cases_store.cases_by_id(conn, dropped)}
        recounted = RepeatRecounted(
            counted.rank,
            stored.rank,
            tuple(earlier[case_id] for case_id in added),
            escalated=counted.escalated and not stored.escalated,
            dropped=tuple(numbers[case_id] for case_id in dropped),
            unescalated=stored.escalated and not counted.escalated,
        )
        append_events(conn, row["id"], office.actor, office.now, [Event(office.now, recounted)])
