"""重复投诉: who is the same complainant, over which span, and when a repeat goes to 督办.

The rule, here once: a complaint repeats the same complainant's earlier ones
about the same unit that came in within policy.repeat_window_days before it.
The same complainant is the same phone. A name is not enough (张伟 is many
people): cases of one name about one unit, not both with a phone, are shown
as 疑似重复 and count only once the clerk links them (`tousu link`). A case's
rank is the number of its earlier cases (found, or linked) plus one; from
policy.repeat_escalation_count on it is flagged for 督办 (12345督办工作制度:
"同一工单重复投诉3次及以上的,即进行督办").

Whoever reads the cases (the database, an import's cases kept in memory) asks
for them by the `Key`s and spans given here.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import NamedTuple

from tousu_cli.domain.policy import Policy


class Key(NamedTuple):
    """Whose cases, about one unit: the cases with this phone."""

    phone: str
    unit: int


def sought_under(unit: int, phone: str | None) -> Key | None:
    """The key a case looks for its earlier cases under, and is found under by
    later ones: its phone; None without one (a name alone makes a 疑似重复)."""
    return None if phone is None else Key(phone, unit)


def suspected(phone: str | None, other_phone: str | None) -> bool:
    """Whether two cases of one name about one unit may be the same complainant's
    (a 疑似重复): unless both have a phone, the name is all there is to go by.
    Two different phones are two people; the same phone counts already."""
    return phone is None or other_phone is None


class Span(NamedTuple):
    """When cases came in: from SINCE to UNTIL, both included unless said."""

    since: datetime
    until: datetime


def earlier_span(received_at: datetime, policy: Policy) -> Span:
    """When the earlier cases of a case received at RECEIVED_AT came in (both ends
    included: one received at the same moment and registered before counts)."""
    return Span(received_at - timedelta(days=policy.repeat_window_days), received_at)


def later_span(received_at: datetime, policy: Policy) -> Span:
    """When the cases that count one received at RECEIVED_AT came in (SINCE
    excluded: a case received at the same moment counts it only if registered
    after it, which registering it in turn takes care of)."""
    return Span(received_at, received_at + timedelta(days=policy.repeat_window_days))


def in_earlier_span(received_at: datetime, span: Span) -> bool:
    return span.since <= received_at <= span.until


class Linked(NamedTuple):
    """What the link rule reads of a case."""

    id: int
    number: str
    unit: int
    received_at: datetime


def link_refusal(case: Linked, earlier: Linked, policy: Policy) -> str | None:
    """Why CASE cannot be linked as a repeat of EARLIER; None when it can. The
    clerk vouches that it is the same complainant; the rest of the rule holds:
    the same unit, an earlier case, within the window."""
    if case.id == earlier.id:
        return f"{case.number} 不能关联它自己"
    if (earlier.received_at, earlier.id) > (case.received_at, case.id):
        return (
            f"{earlier.number} 收到在 {case.number} 之后;"
            f"请把后收到的写在前面:tousu link {earlier.number} {case.number}"
        )
    if case.unit != earlier.unit:
        return f"{case.number} 与 {earlier.number} 的被投诉单位不同,不算重复投诉"
    if not in_earlier_span(earlier.received_at, earlier_span(case.received_at, policy)):
        return (
            f"{earlier.number} 收到在 {case.number} 之前超过 {policy.repeat_window_days} 天,"
            "不在重复投诉的统计期内"
        )
    return None


class Count(NamedTuple):
    rank: int  # 1 for a first complaint
    escalated: bool  # flagged for 督办


def count(earlier: int, policy: Policy) -> Count:
    """The count of a case with EARLIER earlier cases."""
    rank = earlier + 1
    return Count(rank, rank >= policy.repeat_escalation_count)


def recount(stored: Count, earlier: int, policy: Policy) -> Count | None:
    """A stored count against EARLIER earlier cases found now; None when it stands.

    A count only grows: a recount follows a case registered late, or numbers
    that now match, never a case taken away; and a case flagged for 督办 stays so.
    """
    found = count(earlier, policy)
    if found.rank <= stored.rank:
        return None
    return Count(found.rank, found.escalated or stored.escalated)
