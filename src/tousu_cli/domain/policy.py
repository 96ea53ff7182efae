"""The deadline policy: limits per clock, extension bounds, the repeat window.

Defaults come from the seeds (domain.md); a center changes them with
`tousu policy set`, and a clock keeps the policy it was started under.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import date, timedelta
from enum import StrEnum

from tousu_cli.domain.errors import InvalidInput


class ClockName(StrEnum):
    ACCEPT = "accept"
    REPLY = "reply"
    REJECT_NOTICE = "reject_notice"
    REVISIT = "revisit"
    REVIEW = "review"

    @property
    def label(self) -> str:
        return _CLOCK_LABELS[self]


_CLOCK_LABELS = {
    ClockName.ACCEPT: "受理",
    ClockName.REPLY: "答复",
    ClockName.REJECT_NOTICE: "不予受理告知",
    ClockName.REVISIT: "回访",
    ClockName.REVIEW: "复核",
}


# The setting that holds each clock's limit (looked up for every clock started).
_LIMIT_FIELDS = {name: f"{name.value}_days" for name in ClockName}


@dataclass(frozen=True, slots=True)
class Policy:
    accept_days: int = 1
    reply_days: int = 5
    reject_notice_days: int = 1
    revisit_days: int = 5
    review_days: int = 10
    max_extensions: int = 1
    max_extension_days: int = 10
    repeat_window_days: int = 90
    repeat_escalation_count: int = 3
    # How long a closed case keeps its complainant's personal data (个人信息保护法
    # 第十九条: no longer than its purpose needs). Three years unless the office's
    # own archive rules say otherwise.
    retention_days: int = 1095

    def limit(self, clock: ClockName) -> int:
        return int(getattr(self, _LIMIT_FIELDS[clock]))

    def with_value(self, key: str, value: int) -> Policy:
        """A copy with one setting changed, checked against its allowed range."""
        low, high = policy_key(key).bounds
        if not low <= value <= high:
            raise InvalidInput(f"{POLICY_KEYS[key].label}须在 {low} 到 {high} 之间,收到 {value}")
        changed = replace(self, **{key: value})
        if changed.retention_days <= changed.repeat_window_days:
            # A case whose data is gone must no longer be one a new case repeats.
            raise InvalidInput(
                f"个人信息保存期限({changed.retention_days} 天)须长于"
                f"重复投诉认定期({changed.repeat_window_days} 天)"
            )
        return changed

    def keep_until(self, closed_on: date) -> date:
        """The last day a case closed on CLOSED_ON keeps its personal data."""
        return closed_on + timedelta(days=self.retention_days)

    def as_dict(self) -> dict[str, int]:
        return {f.name: int(getattr(self, f.name)) for f in fields(self)}


def policy_key(key: str) -> PolicyKey:
    """The setting KEY names; an unknown one is refused with the known ones."""
    found = POLICY_KEYS.get(key)
    if found is None:
        known = "、".join(f"{name} {rule.label}" for name, rule in POLICY_KEYS.items())
        raise InvalidInput(f"没有这项时限规则:{key}(可设置:{known})")
    return found


@dataclass(frozen=True, slots=True)
class PolicyKey:
    label: str
    bounds: tuple[int, int]
    # Held by a clock from its start (most keys); else read as of today.
    by_clock: bool = True


POLICY_KEYS: dict[str, PolicyKey] = {
    "accept_days": PolicyKey("受理时限(工作日)", (1, 60)),
    "reply_days": PolicyKey("答复时限(工作日)", (1, 60)),
    "reject_notice_days": PolicyKey("不予受理告知时限(工作日)", (1, 60)),
    "revisit_days": PolicyKey("回访时限(工作日)", (1, 60)),
    "review_days": PolicyKey("复核时限(工作日)", (1, 60)),
    "max_extensions": PolicyKey("每个时限最多延期次数", (0, 10)),
    "max_extension_days": PolicyKey("单次延期最多工作日", (1, 60)),
    "repeat_window_days": PolicyKey("重复投诉认定期(自然日)", (1, 3650)),
    "repeat_escalation_count": PolicyKey("第几次重复投诉起督办", (2, 100)),
    "retention_days": PolicyKey("个人信息保存期限(自办结起,自然日)", (180, 36500), by_clock=False),
}

DEFAULT_POLICY = Policy()
