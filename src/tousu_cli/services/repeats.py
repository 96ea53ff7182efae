"""Repeat complaints counted in the order they came in, not the order they were entered.

A case's repeat count (and its 督办 flag) is worked out when it is registered,
from the same complainant's earlier cases about the same unit. A complaint
registered after later ones (a letter entered late, a back-dated entry, an
import whose rows are not in time order) is one more earlier case for each of
them: their counts, links and flags are brought up to date here, each with an
event naming the cases that changed it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, NamedTuple

from tousu_cli.domain import repeats as rule
from tousu_cli.domain import validation
from tousu_cli.domain.actions import Event, RepeatLinked, RepeatRecounted, RepeatUnlinked
from tousu_cli.domain.errors import InvalidMove, TousuError
from tousu_cli.domain.policy import Policy
from tousu_cli.services.office import Office
from tousu_cli.storage import cases_store
from tousu_cli.storage.connection import Row
from tousu_cli.storage.events import append_events
from tousu_cli.storage.transaction import write_transaction


def recount_after_registering(office: Office, facts: dict[str, Any]) -> None:
    """After one new case (FACTS as stored): the later cases that count it."""
    received_at = datetime.fromisoformat(facts["received_at"])
    _recount(office, _later(office, facts, received_at))


def recount_after_import(office: Office, first_new_id: int) -> None:
    """After an import whose new cases have ids from FIRST_NEW_ID: every case
    registered before one of them that was received earlier."""
    rows = cases_store.registered_before_earlier(
        office.conn, first_new_id, _widest(office).repeat_window_days
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
    """The stored cases that may count CASE (a row or facts as stored) among their
    earlier ones; each is counted again by its own day's policy (_recount)."""
    key = rule.sought_under(case["unit_id"], case["phone"])
    if key is None:
        return []
    span = rule.later_span(received_at, _widest(office))
    return cases_store.later_repeats(office.conn, key, span, voiding=voiding)


def _widest(office: Office) -> Policy:
    """The policy with the longest repeat window of all a case may be held to:
    a later case came in under its own, which may be longer than today's."""
    return max(office.policies, key=lambda policy: policy.repeat_window_days)


def _policy_for(office: Office, row: Row) -> Policy:
    """The policy a case's repeats are counted by: the one in force on the day it
    came in, as its registration counted them."""
    _, policy = office.policy_on(datetime.fromisoformat(row["received_at"]).date())
    return policy


def _found(office: Office, row: Row, *, voiding: bool = True) -> dict[int, str]:
    """The earlier cases the rule finds for ROW (id → number): the same phone."""
    key = rule.sought_under(row["unit_id"], row["phone"])
    if key is None:
        return {}
    policy = _policy_for(office, row)
    span = rule.earlier_span(datetime.fromisoformat(row["received_at"]), policy)
    found = cases_store.earlier_repeats(office.conn, key, span, voiding=voiding)
    return {case_id: number for _, case_id, number in found if case_id != row["id"]}


def _recount(office: Office, rows: Iterable[Row], *, voiding: bool = True) -> None:
    conn = office.conn
    for row in rows:
        found = _found(office, row, voiding=voiding)
        linked = cases_store.linked_earlier(conn, row["id"])
        stored = rule.Count(row["repeat_rank"], bool(row["escalated"]))
        counted = rule.recount(stored, len(linked | set(found)), _policy_for(office, row))
        if counted is None:
            continue
        new = [case_id for case_id in found if case_id not in linked]
        cases_store.update_case(
            conn, row["id"], {"repeat_rank": counted.rank, "escalated": int(counted.escalated)}
        )
        cases_store.link_repeats(conn, row["id"], new)
        recounted = RepeatRecounted(
            counted.rank,
            stored.rank,
            tuple(found[case_id] for case_id in new),
            escalated=counted.escalated and not stored.escalated,  # flagged by this recount
        )
        append_events(conn, row["id"], office.actor, office.now, [Event(office.now, recounted)])


def recount_exactly(office: Office, case_ids: Iterable[int]) -> None:
    """After a registration was corrected (amend) or a case voided: each of
    CASE_IDS counted again from what is stored now, up or down, its links and
    督办 flag made to match. A link the clerk confirmed stays while the rule's
    unit and window still hold."""
    conn = office.conn
    rows = cases_store.cases_by_id(conn, sorted(set(case_ids)))
    for row in sorted(rows, key=lambda row: (row["received_at"], row["id"])):
        policy = _policy_for(office, row)
        earlier = _found(office, row) | _still_confirmed(office, row, policy)
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


def _still_confirmed(office: Office, row: Row, policy: Policy) -> dict[int, str]:
    """The live earlier cases the clerk linked ROW to that the rule still allows."""
    confirmed = cases_store.confirmed_earlier(office.conn, row["id"])
    case = _linked(row)
    return {
        other["id"]: other["number"]
        for other in cases_store.cases_by_id(office.conn, sorted(confirmed), live=True)
        if rule.link_refusal(case, _linked(other), policy) is None
    }


def _linked(row: Row) -> rule.Linked:
    return rule.Linked(
        row["id"], row["number"], row["unit_id"], datetime.fromisoformat(row["received_at"])
    )


# -- the clerk's word: tousu link / unlink ------------------------------------------


def link(
    office: Office, number: str, earlier_numbers: Sequence[str], reason: str | None
) -> Linking:
    """确认重复: case NUMBER is the same complainant's repeat of each of
    EARLIER_NUMBERS; all of them or, one refused, none."""
    why = validation.text(reason, "理由", size="long")
    with write_transaction(office.conn):
        row = _live(office, office.case_number(number))
        linking = Linking(row["number"], (), row["repeat_rank"], bool(row["escalated"]))
        for typed in earlier_numbers:
            earlier = _live(office, office.case_number(typed))
            linking = _confirm(office, row, earlier, why)._replace(
                earlier=(*linking.earlier, earlier["number"])
            )
            row = _live(office, row["number"])  # its count as it stands now
        return linking


def _confirm(office: Office, row: Row, earlier: Row, why: str | None) -> Linking:
    conn = office.conn
    linked = cases_store.linked_earlier(conn, row["id"])
    # A link an older version made by the name alone is confirmed as it stands.
    if earlier["id"] in linked and (
        earlier["id"] in cases_store.confirmed_earlier(conn, row["id"])
        or (row["phone"] is not None and row["phone"] == earlier["phone"])
    ):
        raise InvalidMove(f"{row['number']} 已计为 {earlier['number']} 的重复投诉,无需再关联")
    policy = _policy_for(office, row)
    refusal = rule.link_refusal(_linked(row), _linked(earlier), policy)
    if refusal is not None:
        raise InvalidMove(refusal)
    stored = rule.Count(row["repeat_rank"], bool(row["escalated"]))
    counted = rule.count(len(linked | {earlier["id"]}), policy)
    escalated = counted.escalated or stored.escalated
    if earlier["id"] not in linked:
        cases_store.link_repeats(conn, row["id"], [earlier["id"]])
    cases_store.update_case(
        conn, row["id"], {"repeat_rank": counted.rank, "escalated": int(escalated)}
    )
    record = RepeatLinked(
        earlier["number"], why, counted.rank, stored.rank,
        flag_changed=escalated and not stored.escalated,
    )  # fmt: skip
    append_events(conn, row["id"], office.actor, office.now, [Event(office.now, record)])
    return Linking(row["number"], (earlier["number"],), counted.rank, escalated)


def confirm_carried(office: Office, first_new_id: int) -> tuple[int, list[str]]:
    """After an import whose new cases have ids from FIRST_NEW_ID: the links the
    other ledger's clerk confirmed (carried over in their history), confirmed
    again here by the same rule as `tousu link`. Returns how many were, and
    those the rule refused here ("case→earlier:why")."""
    confirmed, refused = 0, []
    for case_id, earlier_number in cases_store.carried_links(office.conn, first_new_id):
        row = cases_store.cases_by_id(office.conn, [case_id])[0]
        try:
            earlier = _live(office, earlier_number)
            _confirm(office, row, earlier, "沿用导入文件中原台账的确认")
        except TousuError as error:
            refused.append(f"{row['number']}→{earlier_number}:{error}")
        else:
            confirmed += 1
    return confirmed, refused


def unlink(office: Office, number: str, earlier_number: str, reason: str) -> Linking:
    """解除重复: case NUMBER is not a repeat of EARLIER_NUMBER after all. A link
    the same phone makes is the rule's: corrected by amending the phone."""
    why = validation.text(reason, "解除理由", required=True, size="long") or ""
    conn = office.conn
    with write_transaction(conn):
        row = _live(office, office.case_number(number))
        earlier = _live(office, office.case_number(earlier_number))
        linked = cases_store.linked_earlier(conn, row["id"])
        if earlier["id"] not in linked:
            raise InvalidMove(f"{row['number']} 没有计为 {earlier['number']} 的重复投诉")
        if row["phone"] is not None and row["phone"] == earlier["phone"]:
            raise InvalidMove(
                f"{row['number']} 与 {earlier['number']} 的联系电话相同,按规则计为重复;"
                "电话登记有误的,请用 tousu amend 更正"
            )
        stored = rule.Count(row["repeat_rank"], bool(row["escalated"]))
        counted = rule.count(len(linked) - 1, _policy_for(office, row))
        cases_store.unlink_repeats(conn, row["id"], [earlier["id"]])
        cases_store.update_case(
            conn, row["id"], {"repeat_rank": counted.rank, "escalated": int(counted.escalated)}
        )
        record = RepeatUnlinked(
            earlier["number"], why, counted.rank, stored.rank,
            flag_changed=stored.escalated and not counted.escalated,
        )  # fmt: skip
        append_events(conn, row["id"], office.actor, office.now, [Event(office.now, record)])
    return Linking(row["number"], (earlier["number"],), counted.rank, counted.escalated)


class Linking(NamedTuple):
    """Where a link or an unlink leaves the case."""

    number: str
    earlier: tuple[str, ...]
    rank: int
    escalated: bool


def _live(office: Office, number: str) -> Row:
    """The live case NUMBER (its repeat columns); a voided one is refused."""
    case = cases_store.find_case(office.conn, number)
    if case["voided_at"] is not None:
        raise InvalidMove(f"投诉件 {case['number']} 已作废,不计入重复投诉")
    return cases_store.cases_by_id(office.conn, [case["id"]])[0]


def suspected(office: Office, row: Row) -> list[Row]:
    """疑似重复 of case ROW: the live cases of its complainant's name about its unit
    within the window either side, not both with a phone, not linked either way."""
    name = row["complainant"]
    if name is None:
        return []
    policy = _policy_for(office, row)
    received = datetime.fromisoformat(row["received_at"])
    span = rule.Span(
        rule.earlier_span(received, policy).since, rule.later_span(received, policy).until
    )
    linked = cases_store.linked_earlier(office.conn, row["id"])
    linked |= set(cases_store.linked_later(office.conn, row["id"]))
    return [
        other
        for other in cases_store.named_alike(office.conn, row["id"], name, row["unit_id"], span)
        if other["id"] not in linked and rule.suspected(row["phone"], other["phone"])
    ]
