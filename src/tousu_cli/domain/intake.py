"""登记: what a complaint must say to be registered, whoever registers it."""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from tousu_cli.domain.errors import InvalidInput
from tousu_cli.domain.model import Channel, Form


class NewCase(NamedTuple):
    """A complaint as it comes in (a named tuple: an import builds one per row)."""

    received_at: datetime
    channel: Channel
    complainant: str | None  # None: anonymous
    unit: str
    category: str
    content: str
    phone: str | None = None
    id_number: str | None = None
    window: str | None = None
    staff: str | None = None
    demand: str | None = None
    form: Form | None = None
    major: bool = False
    external_id: str | None = None
    evidence: tuple[str, ...] = ()
    number: str | None = None  # kept when a ledger moves from one database to another


# 书面投诉: what comes in writing is answered in writing (domain.md, 答复).
WRITTEN_CHANNELS = frozenset({Channel.LETTER, Channel.EMAIL, Channel.WEB, Channel.BOX})


def form_of(channel: Channel, stated: Form | None = None) -> Form:
    """The complaint's form: as STATED, else by the channel it came in by."""
    if stated is not None:
        return stated
    return Form.WRITTEN if channel in WRITTEN_CHANNELS else Form.ORAL


def complainant(name: str | None, anonymous: bool) -> str | None:
    """Who complains: a name, or None for an anonymous complaint; one of the two."""
    if anonymous == (name is not None):
        raise InvalidInput("须写明 --complainant 投诉人姓名,或注明 --anonymous(二选一)")
    if name is not None and not name.strip():
        raise InvalidInput("投诉人姓名不能为空;匿名投诉请用 --anonymous")
    return name


def check_times(received_at: datetime, registered_at: datetime, now: datetime) -> None:
    """A complaint is received, then registered, and neither in the future."""
    if received_at > now:
        raise InvalidInput("收到时间晚于当前时间")
    if registered_at < received_at:
        raise InvalidInput("登记时间早于收到时间")
    if registered_at > now:
        raise InvalidInput("登记时间晚于当前时间")
