"""The vocabulary of a complaint: its states, channels and findings, in English
keys (stored, and typed by scripts) with the Chinese labels the clerk reads."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Self

from tousu_cli.domain.masking import mask


class Labelled(StrEnum):
    """An enum whose members carry a Chinese label, accepted as input too."""

    @property
    def label(self) -> str:
        return LABELS[type(self).__name__][self.value]

    @classmethod
    def choices(cls) -> dict[str, Self]:
        """Every spelling a clerk may type: the English key and the Chinese label."""
        found: dict[str, Self] = {}
        for member in cls:
            found[member.value] = member
            found[member.label] = member
        for alias, key in ALIASES.get(cls.__name__, {}).items():
            found[alias] = cls(key)
        return found


class Status(Labelled):
    REGISTERED = "registered"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    ASSIGNED = "assigned"
    INVESTIGATING = "investigating"
    DECIDED = "decided"
    NOTIFIED = "notified"
    REVISITED = "revisited"
    ARCHIVED = "archived"
    WITHDRAWN = "withdrawn"


class Channel(Labelled):
    VISIT = "visit"
    PHONE = "phone"
    LETTER = "letter"
    WEB = "web"
    EMAIL = "email"
    HOTLINE = "hotline"
    SUPERIOR = "superior"
    LEADER = "leader"
    BOX = "box"
    OTHER = "other"


class Form(Labelled):
    ORAL = "oral"
    WRITTEN = "written"


class Mode(Labelled):
    SELF = "self"
    TRANSFER = "transfer"
    SUPERVISE = "supervise"


class Finding(Labelled):
    SUBSTANTIATED = "substantiated"
    PARTLY = "partly"
    UNSUBSTANTIATED = "unsubstantiated"


class Method(Labelled):
    ORAL = "oral"
    WRITTEN = "written"
    PHONE = "phone"
    SMS = "sms"
    EMAIL = "email"
    ONLINE = "online"  # posted on the platform the complaint came from
    NONE = "none"

    @property
    def in_writing(self) -> bool:
        """A reply that is a written reply (书面答复): a letter, an e-mail, or one
        posted on the platform the complaint came in by."""
        return self in _IN_WRITING


_IN_WRITING = frozenset({Method.WRITTEN, Method.EMAIL, Method.ONLINE})


class Satisfaction(Labelled):
    SATISFIED = "satisfied"
    BASICALLY = "basically"
    DISSATISFIED = "dissatisfied"


class Action(Labelled):
    REGISTER = "register"
    ACCEPT = "accept"
    REJECT = "reject"
    ASSIGN = "assign"
    INVESTIGATE = "investigate"
    EXTEND = "extend"
    SUSPEND = "suspend"
    RESUME = "resume"
    DECIDE = "decide"
    NOTIFY = "notify"
    REVISIT = "revisit"
    REVIEW = "review"
    ARCHIVE = "archive"
    WITHDRAW = "withdraw"


LABELS: dict[str, dict[str, str]] = {
    "Action": {
        "register": "登记",
        "accept": "受理",
        "reject": "不予受理",
        "assign": "分办",
        "investigate": "调查",
        "extend": "延期",
        "suspend": "中止",
        "resume": "恢复",
        "decide": "处置",
        "notify": "答复",
        "revisit": "回访",
        "review": "复核",
        "archive": "归档",
        "withdraw": "撤回",
    },
    "Status": {
        "registered": "已登记",
        "accepted": "已受理",
        "rejected": "不予受理",
        "assigned": "已分办",
        "investigating": "调查中",
        "decided": "已处置",
        "notified": "已答复",
        "revisited": "已回访",
        "archived": "已归档",
        "withdrawn": "已撤回",
    },
    "Channel": {
        "visit": "来访",
        "phone": "来电",
        "letter": "来信",
        "web": "网上",
        "email": "电子邮件",
        "hotline": "12345转办",
        "superior": "上级转办",
        "leader": "领导交办",
        "box": "意见箱",
        "other": "其他",
    },
    "Form": {"oral": "口头", "written": "书面"},
    "Mode": {"self": "自办", "transfer": "转办", "supervise": "督办"},
    "Finding": {"substantiated": "属实", "partly": "部分属实", "unsubstantiated": "不属实"},
    "Method": {
        "oral": "口头",
        "written": "书面",
        "phone": "电话",
        "sms": "短信",
        "email": "电子邮件",
        "online": "网上答复",
        "none": "无法答复",
    },
    "Satisfaction": {"satisfied": "满意", "basically": "基本满意", "dissatisfied": "不满意"},
}

ALIASES: dict[str, dict[str, str]] = {
    "Channel": {
        "12345": "hotline",
        "热线": "hotline",
        "12345热线": "hotline",
        "网络": "web",
        "网站": "web",
        "邮件": "email",
    },
    "Method": {
        "短信息": "sms",
        "邮箱": "email",
        "邮件": "email",
        "网上": "online",
        "平台答复": "online",
        "网站答复": "online",
    },
}


@dataclass(frozen=True, slots=True)
class Complainant:
    name: str | None
    phone: str | None
    id_number: str | None

    @property
    def anonymous(self) -> bool:
        return self.name is None

    def as_json(self, reveal: bool = False) -> dict[str, object]:
        return {
            "name": self.name,
            "phone": self.phone if reveal else mask(self.phone),
            "id_number": self.id_number if reveal else mask(self.id_number),
            "anonymous": self.anonymous,
        }
