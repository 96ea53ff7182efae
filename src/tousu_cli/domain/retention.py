"""How long a complainant's personal data is kept, and when it may be erased
(个人信息保护法 第十九条、第四十七条; docs/personal-data-erasure.md).

A case is closed when it is archived (归档), withdrawn (撤回) or voided (作废:
registered in error, its data kept no longer than any other's). Its data is
kept for the policy's retention period from that day, then erased; a
complainant may ask for it to go earlier (第四十七条), once the case is
closed: while it is handled, the office needs to reach them.
"""

from __future__ import annotations

from datetime import date

from tousu_cli.domain.errors import InvalidMove
from tousu_cli.domain.masking import ERASED, replace_numbers
from tousu_cli.domain.model import Status
from tousu_cli.domain.policy import Policy

CLOSED = frozenset({Status.ARCHIVED, Status.WITHDRAWN})  # and every voided case


def closed_on(
    status: Status, voided_at: str | None, archived_at: str | None, last_at: str
) -> date | None:
    """The day a case was closed (China time, as stored); None while it is open."""
    if voided_at is not None:
        return date.fromisoformat(voided_at[:10])
    if status not in CLOSED:
        return None
    return date.fromisoformat((archived_at or last_at)[:10])


def check_erasable(
    number: str,
    status: Status,
    closed: date | None,
    policy: Policy,
    today: date,
    *,
    early: bool,
) -> None:
    """Refuse to erase case NUMBER's personal data before its time: while it is
    open, or before its retention period ends unless the complainant asked
    (EARLY)."""
    if closed is None:
        raise InvalidMove(
            f"投诉件 {number} 尚未办结(状态:{status.label}),"
            "办结(归档、撤回或作废)后才能删除个人信息"
        )
    kept_until = policy.keep_until(closed)
    if kept_until >= today and not early:
        raise InvalidMove(
            f"投诉件 {number} 的个人信息应保存至 {kept_until}(办结于 {closed},"
            f"保存 {policy.retention_days} 天),尚未期满;投诉人依法要求删除的,"
            "加 --early 并在 --reason 中写明"
        )


def check_correctable(number: str, erased_at: str | None) -> None:
    """Refuse to correct the registered facts of case NUMBER once its personal
    data is erased (ERASED_AT): a correction would bring a value back."""
    if erased_at is not None:
        raise InvalidMove(f"投诉件 {number} 的个人信息已于 {erased_at[:10]} 删除,登记事项不再更正")


def erased_text(text: str | None) -> str | None:
    """TEXT with every phone and ID number in it erased, as unsealing an erased
    seal reads: the same numbers, found the same way, as sealing found."""
    return None if text is None else replace_numbers(text, _erased)


def erased_texts(texts: list[str]) -> list[str]:
    return [replace_numbers(text, _erased) for text in texts]


def _erased(_number: str) -> str:
    return ERASED
