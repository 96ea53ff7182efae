"""重复投诉: who is the same complainant, over which span, and when a repeat goes to 督办.

The rule, here once: a complaint repeats the same complainant's earlier ones
about the same unit that came in within policy.repeat_window_days before it.
The same complainant is the same phone; a complaint without a phone is known
by its complainant's name (a 疑似重复 the clerk confirms by the link). A case's
rank is the number of its earlier cases plus one; from
policy.repeat_escalation_count on it is flagged for 督办 (12345督办工作制度:
"同一工单重复投诉3次及以上的,即进行督办").

Whoever reads the cases (the database, an import's cases kept in memory) asks
for them by the `Key`s and spans given here.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Literal, NamedTuple

from tousu_cli.domain.policy import Policy


class Key(NamedTuple):
    """Whose cases, about one unit. BY "phone": the cases with that phone; BY
    "name": the cases of that complainant, as one without a phone seeks them."""

    by: Literal["phone", "name"]
    value: str
    unit: int


def sought_under(unit: int, phone: str | None, name: str | None) -> Key | None:
    """The key a case looks for its earlier cases under: its phone, else its
    complainant's name; None for an anonymous complaint without a phone."""
    if phone is not None:
        return Key("phone", phone, unit)
    if name is not None:
        return Key("name", name, unit)
    return None


def found_under(unit: int, phone: str | None, name: str | None) -> tuple[Key, ...]:
    """Every key a later case may find this one under: its phone, and its
    complainant's name (a later complaint without a phone seeks by name)."""
    keys: list[Key] = []
    if phone is not None:
        keys.append(Key("phone", phone, unit))
    if name is not None:
        keys.append(Key("name", name, unit))
    return tuple(keys)


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
