"""What a case's record can say: one frozen type per action and per non-stage record.

Each type turns itself into the data stored with its event (`to_data`) and back
(`from_data`), and says itself in a line of Chinese for `show` (`parts`). This is
the only module that knows the keys of an event's data: the commands build these
types from their options, the rules take them, the importer reads them back from
a ledger's history, `show` renders them and `verify` replays them.

Stored data is JSON: dates as ISO text, enums as their English keys.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any, ClassVar, Literal, NamedTuple, Self

from tousu_cli.domain import validation
from tousu_cli.domain.model import Action, Finding, Labelled, Method, Mode, Satisfaction
from tousu_cli.domain.policy import ClockName

Data = dict[str, Any]
# The key of an event's data under which it keeps the clocks it moved: what an
# export leaves out, since an import works them out again.
CLOCKS = "clocks"


class Record:
    """Something recorded in a case's history, or the ledger's."""

    __slots__ = ()
    kind: ClassVar[str]  # the stored action name
    label: ClassVar[str]  # how `show` names it
    _kinds: ClassVar[dict[str, type[Record]]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "kind" in cls.__dict__:
            Record._kinds[cls.kind] = cls

    def to_data(self) -> Data:
        raise NotImplementedError

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Self:
        raise NotImplementedError

    def parts(self) -> list[str]:
        """What `show` says of it, phrase by phrase."""
        return []


class Stage(Record):
    """A step of the procedure: what the clerk (or a file's history) asks for."""

    __slots__ = ()
    action: ClassVar[Action]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        if "action" in cls.__dict__:
            cls.kind = cls.action.value
            cls.label = cls.action.label
        super().__init_subclass__(**kwargs)

    def checked(self) -> Self:
        """Its free text checked as any field a clerk types (trimmed, bounded, one
        line where it must be); an empty text becomes "" for the rule to refuse."""
        return self

    def _with(self, **checked: Any) -> Self:
        """Itself when checking changed nothing (the usual case, and a batch
        import checks hundreds of thousands), else a copy with the checked values."""
        if all(getattr(self, name) == value for name, value in checked.items()):
            return self
        return replace(self, **checked)  # type: ignore[type-var]  # every stage is a dataclass


def _phrase(label: str, value: object) -> list[str]:
    """One phrase `label:value`, or none when there is nothing to say."""
    if not value:
        return []
    if isinstance(value, Labelled):
        value = value.label
    elif value is True:
        value = "是"
    elif isinstance(value, (list, tuple)):
        value = "、".join(str(item) for item in value)
    return [f"{label}:{value}"]


def _text(value: str | None, what: str, size: str = "short") -> str:
    return validation.text(value, what, size=size) or ""


def _optional_text(value: str | None, what: str, size: str = "short") -> str | None:
    return None if value is None else _text(value, what, size)


def _texts(values: Iterable[str], what: str) -> tuple[str, ...]:
    return tuple(_text(value, what) for value in values)


# Readers of stored data: a value of the wrong type is an error, never a default.


# The registered facts a registration records besides its number, received time,
# channel, unit and category: the case row's columns of the same names.
REGISTERED_FACTS = (
    "form", "complainant", "phone", "id_number", "window_name", "staff", "content",
    "demand", "evidence", "major", "external_id",
)  # fmt: skip


def registered_facts(columns: Mapping[str, Any]) -> dict[str, Any]:
    """The facts a registration records, from a case's COLUMNS as stored (evidence
    as its JSON text, 重大 as 0 or 1): evidence as its list, 重大 as yes or no, as
    a correction compares them."""
    import json

    facts = {key: columns[key] for key in REGISTERED_FACTS}
    return facts | {"evidence": json.loads(facts["evidence"]), "major": bool(facts["major"])}


def _registered_facts(value: Any) -> dict[str, Any] | None:
    if value is None:
        return None
    if not isinstance(value, dict) or set(value) != set(REGISTERED_FACTS):
        raise ValueError(f"「facts」应为登记事项 {'、'.join(REGISTERED_FACTS)},实为 {value!r}")
    return value


def _str(data: Mapping[str, Any], key: str) -> str:
    value = data[key]
    if not isinstance(value, str):
        raise ValueError(f"「{key}」应为文字,实为 {value!r}")
    return value


def _optional(data: Mapping[str, Any], key: str) -> str | None:
    """A text that may be absent or null."""
    value = data.get(key)
    return None if value is None else _str(data, key)


def _int(data: Mapping[str, Any], key: str) -> int:
    value = data[key]
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValueError(f"「{key}」应为整数,实为 {value!r}")
    return value


def _optional_int(data: Mapping[str, Any], key: str) -> int | None:
    return None if data.get(key) is None else _int(data, key)


def _bool(data: Mapping[str, Any], key: str) -> bool:
    value = data[key]
    if not isinstance(value, bool):
        raise ValueError(f"「{key}」应为是或否,实为 {value!r}")
    return value


def _flag(data: Mapping[str, Any], key: str) -> bool:
    """A mark stored only when it is set."""
    return key in data and _bool(data, key)


def _optional_bool(data: Mapping[str, Any], key: str) -> bool | None:
    return None if data.get(key) is None else _bool(data, key)


def _stored_texts(data: Mapping[str, Any], key: str) -> tuple[str, ...]:
    values = data[key]
    if not isinstance(values, list) or not all(isinstance(item, str) for item in values):
        raise ValueError(f"「{key}」应为文字列表,实为 {values!r}")
    return tuple(values)


def _day(data: Mapping[str, Any], key: str) -> date:
    return date.fromisoformat(_str(data, key))


def _optional_object(data: Mapping[str, Any], key: str) -> Mapping[str, Any] | None:
    value = data.get(key)
    if value is not None and not isinstance(value, dict):
        raise ValueError(f"「{key}」应为对象,实为 {value!r}")
    return value


def _clock(data: Mapping[str, Any]) -> ClockName | None:
    """Which clock a stage acted on: null when none was running."""
    name = _optional(data, "clock")
    return None if name is None else ClockName(name)


# -- how a stage moved the case's clocks ---------------------------------------------

Change = Literal["started", "stopped", "moved"]


class ClockChange(NamedTuple):
    """A clock a stage started, stopped or moved, as its event records it (a named
    tuple, as Event: an import makes several per row)."""

    clock: ClockName
    change: Change
    due: date
    limit_days: int | None = None  # started
    policy: int | None = None  # started: the policy version whose limit it took
    met: bool | None = None  # stopped: within its due date
    provisional: bool = False

    def to_data(self) -> Data:
        data: Data = {"clock": self.clock.value, "due": self.due.isoformat()}
        if self.change == "started":
            data |= {"change": "started", "limit_days": self.limit_days, "policy": self.policy}
        elif self.change == "stopped":
            data |= {"change": "stopped", "state": "met" if self.met else "late"}
        else:
            data["change"] = "moved"
        if self.provisional:
            data["provisional"] = True
        return data

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> ClockChange:
        change = _str(data, "change")
        if change not in {"started", "stopped", "moved"}:
            raise ValueError(f"时限变化「{change}」无法识别")
        met = None
        if change == "stopped":
            state = _str(data, "state")
            if state not in {"met", "late"}:
                raise ValueError(f"时限状态「{state}」无法识别")
            met = state == "met"
        return cls(
            clock=ClockName(_str(data, "clock")),
            change=change,  # type: ignore[arg-type]  # one of the three, checked above
            due=_day(data, "due"),
            limit_days=_int(data, "limit_days") if change == "started" else None,
            policy=_optional_int(data, "policy") if change == "started" else None,
            met=met,
            provisional=_flag(data, "provisional"),
        )

    def text(self) -> str:
        name = self.clock.label
        mark = "(暂定)" if self.provisional else ""
        if self.change == "started":
            return f"{name}时限起算,{self.due}{mark}届满"
        if self.change == "stopped":
            return f"{name}时限{'按期' if self.met else '逾期'}完成"
        return f"{name}期限改为 {self.due}{mark}"


# -- the stages ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Register(Record):
    """登记: what the registration settled, and every fact registered (FACTS, as the
    case's row keeps them), so that the hash chain covers them all. Registrations
    recorded before FACTS was kept have none; the upgrade states them (Stated)."""

    kind: ClassVar[str] = Action.REGISTER.value
    label: ClassVar[str] = Action.REGISTER.label

    number: str
    received_at: str  # ISO text, as stored
    channel: str
    unit: str
    category: str
    repeat_rank: int = 1
    repeats: tuple[str, ...] = ()  # the same person's earlier cases about the unit
    escalated: bool = False
    policy: int | None = None
    facts: Mapping[str, Any] | None = None  # REGISTERED_FACTS → value as stored

    def to_data(self) -> Data:
        data = {
            "number": self.number,
            "received_at": self.received_at,
            "channel": self.channel,
            "unit": self.unit,
            "category": self.category,
            "repeat_rank": self.repeat_rank,
            "repeats": list(self.repeats),
            "escalated": self.escalated,
            "policy": self.policy,
        }
        if self.facts is not None:
            data["facts"] = dict(self.facts)
        return data

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Self:
        return cls(
            number=_str(data, "number"),
            received_at=_str(data, "received_at"),
            channel=_str(data, "channel"),
            unit=_str(data, "unit"),
            category=_str(data, "category"),
            repeat_rank=_int(data, "repeat_rank"),
            repeats=_stored_texts(data, "repeats"),
            escalated=_bool(data, "escalated"),
            policy=_optional_int(data, "policy"),
            facts=_registered_facts(data.get("facts")),
        )

    def parts(self) -> list[str]:
        rank = self.repeat_rank if self.repeat_rank != 1 else None  # a first complaint
        return [
            *_phrase("单位", self.unit),
            *_phrase("重复次数", rank),
            *(["转督办"] if self.escalated else []),
        ]


@dataclass(frozen=True, slots=True)
class Accept(Stage):
    action: ClassVar[Action] = Action.ACCEPT

    def to_data(self) -> Data:
        return {}

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Self:
        return cls()


@dataclass(frozen=True, slots=True)
class _Reasoned(Stage):
    """A stage whose one fact is a reason (long text)."""

    reason: str

    def checked(self) -> Self:
        return self._with(reason=_text(self.reason, "理由", "long"))

    def to_data(self) -> Data:
        return {"reason": self.reason}

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Self:
        return cls(_str(data, "reason"))

    def parts(self) -> list[str]:
        return _phrase("理由", self.reason)


@dataclass(frozen=True, slots=True)
class Reject(_Reasoned):
    action: ClassVar[Action] = Action.REJECT


@dataclass(frozen=True, slots=True)
class Assign(Stage):
    action: ClassVar[Action] = Action.ASSIGN

    mode: Mode
    unit: str
    handler: str | None = None

    def checked(self) -> Self:
        handler = _optional_text(self.handler, "承办人")
        return self._with(unit=_text(self.unit, "承办单位"), handler=handler)

    def to_data(self) -> Data:
        return {"mode": self.mode.value, "unit": self.unit, "handler": self.handler}

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Self:
        return cls(Mode(_str(data, "mode")), _str(data, "unit"), _optional(data, "handler"))

    def parts(self) -> list[str]:
        return [*_phrase("方式", self.mode), *_phrase("单位", self.unit)]


@dataclass(frozen=True, slots=True)
class Investigate(Stage):
    action: ClassVar[Action] = Action.INVESTIGATE

    note: str
    evidence: tuple[str, ...] = ()

    def checked(self) -> Self:
        note = _text(self.note, "说明", "long")
        return self._with(note=note, evidence=_texts(self.evidence, "证据材料"))

    def to_data(self) -> Data:
        return {"note": self.note, "evidence": list(self.evidence)}

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Self:
        return cls(_str(data, "note"), _stored_texts(data, "evidence"))

    def parts(self) -> list[str]:
        return [*_phrase("说明", self.note), *_phrase("证据材料", self.evidence)]


@dataclass(frozen=True, slots=True)
class Extend(Stage):
    action: ClassVar[Action] = Action.EXTEND

    days: int
    reason: str
    approved_by: str
    clock: ClockName | None = None  # which clock it extended: the rule fills it in
    # --late: why an extension comes after the due date; it then moves no date.
    late_reason: str | None = None

    def checked(self) -> Self:
        return self._with(
            reason=_text(self.reason, "理由", "long"),
            approved_by=_text(self.approved_by, "批准人"),
            late_reason=_optional_text(self.late_reason, "逾期延期理由", "long"),
        )

    def to_data(self) -> Data:
        data: Data = {
            "clock": self.clock and self.clock.value,
            "days": self.days,
            "reason": self.reason,
            "approved_by": self.approved_by,
        }
        if self.late_reason is not None:
            data["late_reason"] = self.late_reason
        return data

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Self:
        late = _str(data, "late_reason") if "late_reason" in data else None
        return cls(
            _int(data, "days"), _str(data, "reason"), _str(data, "approved_by"), _clock(data), late
        )

    def parts(self) -> list[str]:
        return [
            *_phrase("理由", self.reason),
            *_phrase("延长工作日", self.days),
            *_phrase("批准人", self.approved_by),
            *_phrase("逾期后补办,不改变期限;理由", self.late_reason),
        ]


@dataclass(frozen=True, slots=True)
class Suspend(Stage):
    action: ClassVar[Action] = Action.SUSPEND

    reason: str
    clock: ClockName | None = None  # which clock it stopped: the rule fills it in

    def checked(self) -> Self:
        return self._with(reason=_text(self.reason, "理由", "long"))

    def to_data(self) -> Data:
        return {"clock": self.clock and self.clock.value, "reason": self.reason}

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Self:
        return cls(_str(data, "reason"), _clock(data))

    def parts(self) -> list[str]:
        return _phrase("理由", self.reason)


@dataclass(frozen=True, slots=True)
class Resume(Stage):
    action: ClassVar[Action] = Action.RESUME

    clock: ClockName | None = None  # which clock it restarted: the rule fills it in

    def to_data(self) -> Data:
        return {"clock": self.clock and self.clock.value}

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Self:
        return cls(_clock(data))


@dataclass(frozen=True, slots=True)
class Decide(Stage):
    action: ClassVar[Action] = Action.DECIDE

    finding: Finding | None
    result: str
    measures: tuple[str, ...] = ()
    # A case closed in another system that kept no finding (a 12345 work order):
    # it counts in no finding rate. Not stored: a stored decision without a
    # finding is such a case.
    finding_unrecorded: bool = False

    def checked(self) -> Self:
        return self._with(
            result=_text(self.result, "处理结果", "long"),
            measures=_texts(self.measures, "处理措施"),
        )

    def to_data(self) -> Data:
        return {
            "finding": self.finding and self.finding.value,
            "measures": list(self.measures),
            "result": self.result,
        }

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Self:
        finding = _optional(data, "finding")
        return cls(
            finding=None if finding is None else Finding(finding),
            result=_str(data, "result"),
            measures=_stored_texts(data, "measures"),
            finding_unrecorded=finding is None,
        )

    def parts(self) -> list[str]:
        return [
            *_phrase("结果", self.result),
            *_phrase("结论", self.finding),
            *_phrase("措施", self.measures),
        ]


@dataclass(frozen=True, slots=True)
class Notify(Stage):
    action: ClassVar[Action] = Action.NOTIFY

    method: Method
    note: str | None = None
    # Why a written complaint was answered otherwise (书面投诉须书面答复).
    force_reason: str | None = None

    def checked(self) -> Self:
        return self._with(
            note=_optional_text(self.note, "说明", "long"),
            force_reason=_optional_text(self.force_reason, "改变答复方式的理由"),
        )

    def to_data(self) -> Data:
        data: Data = {"method": self.method.value, "note": self.note}
        if self.force_reason is not None:
            data["forced"] = self.force_reason
        return data

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Self:
        return cls(Method(_str(data, "method")), _optional(data, "note"), _optional(data, "forced"))

    def parts(self) -> list[str]:
        return [
            *_phrase("说明", self.note),
            *_phrase("方式", self.method),
            *_phrase("改变方式理由", self.force_reason),
        ]


@dataclass(frozen=True, slots=True)
class Revisit(Stage):
    action: ClassVar[Action] = Action.REVISIT

    satisfaction: Satisfaction
    resolved: bool | None = None
    note: str | None = None

    def checked(self) -> Self:
        return self._with(note=_optional_text(self.note, "说明", "long"))

    def to_data(self) -> Data:
        return {
            "satisfaction": self.satisfaction.value,
            "resolved": self.resolved,
            "note": self.note,
        }

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Self:
        return cls(
            Satisfaction(_str(data, "satisfaction")),
            _optional_bool(data, "resolved"),
            _optional(data, "note"),
        )

    def parts(self) -> list[str]:
        return [*_phrase("说明", self.note), *_phrase("满意度", self.satisfaction)]


@dataclass(frozen=True, slots=True)
class Review(_Reasoned):
    action: ClassVar[Action] = Action.REVIEW


@dataclass(frozen=True, slots=True)
class Archive(Stage):
    action: ClassVar[Action] = Action.ARCHIVE

    def to_data(self) -> Data:
        return {}

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Self:
        return cls()


@dataclass(frozen=True, slots=True)
class Withdraw(_Reasoned):
    action: ClassVar[Action] = Action.WITHDRAW


# -- what the tool records besides the stages ----------------------------------------


@dataclass(frozen=True, slots=True)
class Imported(Record):
    """导入: the row of a file a case came from."""

    kind: ClassVar[str] = "import"
    label: ClassVar[str] = "导入"

    file: str
    row: int
    time_limit: str | None = None  # the source system's own time limit, as written

    def to_data(self) -> Data:
        data: Data = {"file": self.file, "row": self.row}
        if self.time_limit is not None:
            data["time_limit"] = self.time_limit
        return data

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Self:
        return cls(_str(data, "file"), _int(data, "row"), _optional(data, "time_limit"))

    def parts(self) -> list[str]:
        return [
            *_phrase("文件", self.file),
            *_phrase("行", self.row),
            *_phrase("原办理时限", self.time_limit),
        ]


@dataclass(frozen=True, slots=True)
class Updated(Record):
    """导入更正: a fact a later file corrected (personal data kept masked)."""

    kind: ClassVar[str] = "update"
    label: ClassVar[str] = "导入更正"

    fact: str  # the case's field key
    before: Any
    after: Any
    # Where the correction came from: a history carried over from elsewhere
    # may not say.
    column: str | None = None  # the file's header
    file: str | None = None
    row: int | None = None

    def to_data(self) -> Data:
        data: Data = {"field": self.fact}
        if self.column is not None:
            data["column"] = self.column
        data |= {"from": self.before, "to": self.after}
        if self.file is not None:
            data["file"] = self.file
        if self.row is not None:
            data["row"] = self.row
        return data

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Self:
        return cls(
            _str(data, "field"),
            data["from"],
            data["to"],
            _optional(data, "column"),
            _optional(data, "file"),
            _optional_int(data, "row"),
        )

    def parts(self) -> list[str]:
        return [
            *_phrase("项目", self.column),
            *_phrase("原为", self.before),
            *_phrase("改为", self.after),
            *_phrase("文件", self.file),
            *_phrase("行", self.row),
        ]


@dataclass(frozen=True, slots=True)
class Correction:
    """One registered fact before and after a correction (values as stored)."""

    fact: str  # the case's field key
    before: Any
    after: Any

    def to_data(self) -> Data:
        return {"field": self.fact, "from": self.before, "to": self.after}

    @classmethod
    def from_data(cls, data: Any) -> Correction:
        if not isinstance(data, dict):
            raise ValueError(f"「changes」的一项应为对象,实为 {data!r}")
        if set(data) != {"field", "from", "to"}:
            raise ValueError(f"「changes」的一项应有 field、from、to,实为 {sorted(data)}")
        return cls(_str(data, "field"), data["from"], data["to"])


@dataclass(frozen=True, slots=True)
class Amended(Record):
    """更正登记: registered facts corrected, each before and after, and why. The
    record keeps personal numbers whole (the hash covers them); show masks them."""

    kind: ClassVar[str] = "amend"
    label: ClassVar[str] = "更正登记"

    reason: str
    changes: tuple[Correction, ...]

    def to_data(self) -> Data:
        return {"reason": self.reason, "changes": [c.to_data() for c in self.changes]}

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Self:
        changes = data["changes"]
        if not isinstance(changes, list):
            raise ValueError(f"「changes」应为列表,实为 {changes!r}")
        return cls(_str(data, "reason"), tuple(Correction.from_data(c) for c in changes))

    def parts(self) -> list[str]:
        said = [
            f"{FACT_LABELS.get(c.fact, c.fact)}:{_shown(c.before, c.fact)} → "
            f"{_shown(c.after, c.fact)}"
            for c in self.changes
        ]
        return [*_phrase("理由", self.reason), *said]


@dataclass(frozen=True, slots=True)
class Voided(Record):
    """作废: registered in error (a duplicate, a test). The case stays on record."""

    kind: ClassVar[str] = "void"
    label: ClassVar[str] = "作废"

    reason: str

    def to_data(self) -> Data:
        return {"reason": self.reason}

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Self:
        return cls(_str(data, "reason"))

    def parts(self) -> list[str]:
        return _phrase("理由", self.reason)


@dataclass(frozen=True, slots=True)
class Erased(Record):
    """删除个人信息: the complainant's name, phone and ID number, and the numbers in
    the case's texts, erased at the end of their retention period, or EARLY at
    the complainant's request. VALUES: how many sealed values went; never the
    values themselves."""

    kind: ClassVar[str] = "erase"
    label: ClassVar[str] = "删除个人信息"

    reason: str
    early: bool
    values: int

    def to_data(self) -> Data:
        return {"reason": self.reason, "early": self.early, "values": self.values}

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Self:
        return cls(_str(data, "reason"), _bool(data, "early"), _int(data, "values"))

    def parts(self) -> list[str]:
        when = "保存期满前应投诉人要求删除" if self.early else "保存期满删除"
        return [when, *_phrase("理由", self.reason), f"删除 {self.values} 项"]


@dataclass(frozen=True, slots=True)
class Stated(Record):
    """登记事项(升级时记录): a case's registered facts as they stood when its ledger
    was upgraded, for a registration recorded before it kept them: from here on,
    the hash chain covers them and verify holds the row to them."""

    kind: ClassVar[str] = "state"
    label: ClassVar[str] = "登记事项(升级时记录)"

    received_at: str
    channel: str
    unit: str
    category: str
    facts: Mapping[str, Any]

    def to_data(self) -> Data:
        return {
            "received_at": self.received_at,
            "channel": self.channel,
            "unit": self.unit,
            "category": self.category,
            "facts": dict(self.facts),
        }

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Self:
        facts = _registered_facts(data["facts"])
        if facts is None:
            raise ValueError("「facts」不能为空")
        return cls(
            _str(data, "received_at"),
            _str(data, "channel"),
            _str(data, "unit"),
            _str(data, "category"),
            facts,
        )

    def parts(self) -> list[str]:
        return ["升级台账时记录当时的全部登记事项,此后的改动可由校验发现"]


# How show names a registered fact.
FACT_LABELS = {
    "received_at": "收到时间", "channel": "来源渠道", "form": "投诉形式", "complainant": "投诉人",
    "phone": "联系电话", "id_number": "身份证号", "unit": "被投诉单位", "window_name": "窗口",
    "staff": "工作人员", "category": "投诉类别", "content": "投诉内容", "demand": "诉求",
    "evidence": "证据材料", "major": "重大", "external_id": "外部编号",
}  # fmt: skip


def _shown(value: Any, fact: str = "") -> str:
    if value is None or value in ("", []):
        return "(空)"
    if fact == "received_at" and isinstance(value, str):
        return value[:16].replace("T", " ")  # a stored moment, as the clerk reads it
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    return str(value)


@dataclass(frozen=True, slots=True)
class Reveal(Record):
    """查看个人信息: who saw full phone and ID numbers, with which command (保密原则)."""

    kind: ClassVar[str] = "reveal"
    label: ClassVar[str] = "查看个人信息"

    command: str
    # What was shown: the case number (show), the numbers or how many (list,
    # export), the file and how its rows were chosen (export).
    details: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def of_show(cls, number: str) -> Reveal:
        return cls("show", {"number": number})

    @classmethod
    def of_list(
        cls,
        numbers: list[str],
        named_up_to: int,
        command: str = "list",
        chosen_by: Mapping[str, Any] | None = None,
    ) -> Reveal:
        """The cases a list showed, and how they were chosen (CHOSEN_BY: the
        filter as given); beyond NAMED_UP_TO cases it says how many, not which."""
        details: Data = {"rows": len(numbers)}
        if len(numbers) <= named_up_to:
            details["numbers"] = numbers
        if chosen_by is not None:
            details["filter"] = dict(chosen_by)
        return cls(command, details)

    @classmethod
    def of_export(
        cls, file: str, rows: int, start: date | None, end: date | None, statuses: list[str]
    ) -> Reveal:
        """An export names the file and how its rows were chosen."""
        period = {"from": start and start.isoformat(), "to": end and end.isoformat()}
        return cls("export", {"file": file, "rows": rows, **period, "statuses": statuses})

    def to_data(self) -> Data:
        return {"command": self.command, **self.details}

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Self:
        details = {key: value for key, value in data.items() if key not in {"command", CLOCKS}}
        return cls(_str(data, "command"), details)


@dataclass(frozen=True, slots=True)
class ClockMove:
    """One clock's due date as a calendar change moved it."""

    clock: ClockName
    old_due: str
    new_due: str
    was_provisional: bool
    provisional: bool

    def to_data(self) -> Data:
        return {
            "clock": self.clock.value,
            "old_due": self.old_due,
            "new_due": self.new_due,
            "was_provisional": self.was_provisional,
            "provisional": self.provisional,
        }

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> ClockMove:
        return cls(
            ClockName(data["clock"]),
            _str(data, "old_due"),
            _str(data, "new_due"),
            _bool(data, "was_provisional"),
            _bool(data, "provisional"),
        )

    def phrases(self, named: bool) -> list[str]:
        """Alone in its record, the words it always had; with others, each named."""
        settled = self.was_provisional and not self.provisional
        if named:
            note = "(由暂定转为确定)" if settled else ""
            return [f"{self.clock.label}期限:{self.old_due} → {self.new_due}{note}"]
        return [
            *_phrase("原期限", self.old_due),
            *_phrase("新期限", self.new_due),
            *(["期限由暂定转为确定"] if settled else []),
        ]


@dataclass(frozen=True, slots=True)
class DeadlineChanged(Record):
    """期限调整: the due dates of a case's clocks recomputed after the calendar
    changed, every clock one change moved in one record."""

    kind: ClassVar[str] = "deadline_changed"
    label: ClassVar[str] = "期限调整"

    moves: tuple[ClockMove, ...]
    reason: str

    def to_data(self) -> Data:
        # One clock (nearly always) is written as it always was, so that every
        # record of one shape reads back the same and scripts reading it go on.
        if len(self.moves) == 1:
            return {**self.moves[0].to_data(), "reason": self.reason}
        return {"reason": self.reason, "moves": [move.to_data() for move in self.moves]}

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Self:
        if "moves" not in data:
            return cls((ClockMove.from_data(data),), _str(data, "reason"))
        moves = data["moves"]
        if not isinstance(moves, list) or not moves:
            raise ValueError("「moves」须为非空列表")
        return cls(tuple(ClockMove.from_data(move) for move in moves), _str(data, "reason"))

    def parts(self) -> list[str]:
        named = len(self.moves) > 1
        moves = [phrase for move in self.moves for phrase in move.phrases(named)]
        return [*_phrase("理由", self.reason), *moves]


@dataclass(frozen=True, slots=True)
class RepeatRecounted(Record):
    """重复次数更正: an earlier complaint registered after this one counted it again."""

    kind: ClassVar[str] = "repeat_recounted"
    label: ClassVar[str] = "重复次数更正"

    repeat_rank: int
    was: int
    because: tuple[str, ...]  # the earlier cases it now counts
    escalated: bool = False  # flagged for 督办 by this recount
    # After a registration was corrected (更正登记): the cases it no longer
    # counts, and whether its 督办 flag went with them.
    dropped: tuple[str, ...] = ()
    unescalated: bool = False

    def to_data(self) -> Data:
        data: Data = {"repeat_rank": self.repeat_rank, "was": self.was, "because": [*self.because]}
        if self.escalated:
            data["escalated"] = True
        if self.dropped:
            data["dropped"] = [*self.dropped]
        if self.unescalated:
            data["unescalated"] = True
        return data

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Self:
        return cls(
            _int(data, "repeat_rank"),
            _int(data, "was"),
            _stored_texts(data, "because"),
            _flag(data, "escalated"),
            _stored_texts(data, "dropped") if "dropped" in data else (),
            _flag(data, "unescalated"),
        )

    def parts(self) -> list[str]:
        rank = self.repeat_rank if self.repeat_rank != 1 else None
        return [
            *_phrase("重复次数", rank),
            *_phrase("原为", self.was),
            *_phrase("因补登", self.because),
            *_phrase("不再计入", self.dropped),
            *(["转督办"] if self.escalated else []),
            *(["撤销督办"] if self.unescalated else []),
        ]


@dataclass(frozen=True, slots=True)
class _Relinked(Record):
    """A repeat link the clerk made or took back, and the count it leaves."""

    _SAYS: ClassVar[str]  # what it did to the link, before the earlier case's number
    _FLAG: ClassVar[tuple[str, str]]  # (data key, phrase) of the 督办 flag it changed

    earlier: str
    reason: str | None
    repeat_rank: int
    was: int
    flag_changed: bool = False  # the 督办 flag set by a link, cleared by an unlink

    def to_data(self) -> Data:
        data: Data = {"earlier": self.earlier, "reason": self.reason,
                      "repeat_rank": self.repeat_rank, "was": self.was}  # fmt: skip
        if self.flag_changed:
            data[self._FLAG[0]] = True
        return data

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Self:
        return cls(
            _str(data, "earlier"),
            _optional(data, "reason"),
            _int(data, "repeat_rank"),
            _int(data, "was"),
            _flag(data, cls._FLAG[0]),
        )

    def parts(self) -> list[str]:
        return [
            f"{self._SAYS} {self.earlier}",
            *_phrase("重复次数", self.repeat_rank),
            *_phrase("原为", self.was),
            *([self._FLAG[1]] if self.flag_changed else []),
            *_phrase("理由", self.reason),
        ]


@dataclass(frozen=True, slots=True)
class RepeatLinked(_Relinked):
    """确认重复: the clerk vouches that this case repeats EARLIER (a 疑似重复 by
    name, or numbers that differ), and it counts from now on."""

    kind: ClassVar[str] = "link"
    label: ClassVar[str] = "确认重复"
    _SAYS: ClassVar[str] = "重复"
    _FLAG: ClassVar[tuple[str, str]] = ("escalated", "转督办")


@dataclass(frozen=True, slots=True)
class RepeatUnlinked(_Relinked):
    """解除重复: this case no longer counts EARLIER among its earlier ones (not
    the same complainant after all), and why (always given)."""

    kind: ClassVar[str] = "unlink"
    label: ClassVar[str] = "解除重复"
    _SAYS: ClassVar[str] = "不再计为重复"
    _FLAG: ClassVar[tuple[str, str]] = ("unescalated", "撤销督办")


@dataclass(frozen=True, slots=True)
class CalendarSet(Record):
    """The office declared a day a holiday or a working day: by the clerk's own
    entry, or reading in a notice."""

    kind: ClassVar[str] = "calendar_set"
    label: ClassVar[str] = "设定日历"

    day: date
    workday: bool
    name: str
    before: Mapping[str, Any] | None = None  # the setting it replaced
    source: str = "clerk"  # "notice": an entry of a State Council notice
    # Overriding what the installed calendar package says of the day (--force):
    # what the package said, and the clerk's reason.
    overrides: str = ""
    reason: str = ""

    def to_data(self) -> Data:
        data: Data = {
            "day": self.day.isoformat(),
            "workday": self.workday,
            "name": self.name,
            "before": None if self.before is None else dict(self.before),
        }
        if self.source != "clerk":
            data["source"] = self.source
        if self.overrides:
            data["overrides"], data["reason"] = self.overrides, self.reason
        return data

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Self:
        return cls(
            _day(data, "day"),
            _bool(data, "workday"),
            _str(data, "name"),
            _optional_object(data, "before"),
            _str(data, "source") if "source" in data else "clerk",
            _str(data, "overrides") if "overrides" in data else "",
            _str(data, "reason") if "reason" in data else "",
        )

    def parts(self) -> list[str]:
        kind = "工作日" if self.workday else "休息日"
        return [
            f"{self.day} 设为{kind}",
            *_phrase("名称", self.name),
            *(["依据国务院办公厅通知"] if self.source == "notice" else []),
            *_phrase("覆盖日历数据包", self.overrides),
            *_phrase("理由", self.reason),
        ]


@dataclass(frozen=True, slots=True)
class CalendarUnset(Record):
    kind: ClassVar[str] = "calendar_unset"
    label: ClassVar[str] = "取消日历设定"

    day: date
    before: Mapping[str, Any] | None = None

    def to_data(self) -> Data:
        return {
            "day": self.day.isoformat(),
            "before": None if self.before is None else dict(self.before),
        }

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Self:
        return cls(_day(data, "day"), _optional_object(data, "before"))


@dataclass(frozen=True, slots=True)
class CalendarConfirm(Record):
    kind: ClassVar[str] = "calendar_confirm"
    label: ClassVar[str] = "确认放假安排"

    year: int
    overrides: int

    def to_data(self) -> Data:
        return {"year": self.year, "overrides": self.overrides}

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Self:
        return cls(_int(data, "year"), _int(data, "overrides"))


@dataclass(frozen=True, slots=True)
class CalendarUnconfirm(Record):
    kind: ClassVar[str] = "calendar_unconfirm"
    label: ClassVar[str] = "撤销放假安排确认"

    year: int

    def to_data(self) -> Data:
        return {"year": self.year}

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Self:
        return cls(_int(data, "year"))


@dataclass(frozen=True, slots=True)
class PolicySet(Record):
    """A rule of the office's policy changed: a new policy version."""

    kind: ClassVar[str] = "policy_set"
    label: ClassVar[str] = "修改规则"

    key: str
    old: Any
    new: Any
    version: int
    previous_version: int | None
    effective: str | None = None  # the day it is in force from (recorded since v8)

    def to_data(self) -> Data:
        data: Data = {
            "key": self.key,
            "old": self.old,
            "new": self.new,
            "version": self.version,
            "previous_version": self.previous_version,
        }
        if self.effective is not None:
            data["effective"] = self.effective
        return data

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Self:
        return cls(
            _str(data, "key"),
            data["old"],
            data["new"],
            _int(data, "version"),
            _optional_int(data, "previous_version"),
            _str(data, "effective") if "effective" in data else None,
        )


@dataclass(frozen=True, slots=True)
class CategoryAdded(Record):
    kind: ClassVar[str] = "category_add"
    label: ClassVar[str] = "新增投诉类别"

    name: str

    def to_data(self) -> Data:
        return {"name": self.name}

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Self:
        return cls(_str(data, "name"))


@dataclass(frozen=True, slots=True)
class DemoBuilt(Record):
    kind: ClassVar[str] = "demo"
    label: ClassVar[str] = "生成演示数据"

    cases: int
    seed: int

    def to_data(self) -> Data:
        return {"cases": self.cases, "seed": self.seed}

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Self:
        return cls(_int(data, "cases"), _int(data, "seed"))


@dataclass(frozen=True, slots=True)
class Upgraded(Record):
    """The file's schema upgraded one version, after a backup."""

    kind: ClassVar[str] = "upgrade"
    label: ClassVar[str] = "升级数据库"

    from_version: int
    to_version: int
    backup: str | None

    def to_data(self) -> Data:
        return {"from": self.from_version, "to": self.to_version, "backup": self.backup}

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Self:
        return cls(_int(data, "from"), _int(data, "to"), _optional(data, "backup"))


@dataclass(frozen=True, slots=True)
class Resealed(Record):
    """The upgrade that sealed the personal values of the events recorded before
    (docs/personal-data-erasure.md): the chain computed again over the sealed
    data, its head before and after (OLD_HEAD, NEW_HEAD), so that a backup made
    before the upgrade is checked against the one and the file against the other. Nothing is
    sealed over a chain that does not check out (BROKEN_AT: the first event
    found edited or missing): computing it again would hide the edit."""

    kind: ClassVar[str] = "reseal"
    label: ClassVar[str] = "升级封存个人信息"

    events: int  # the events the chain held
    sealed: int  # those whose data held a personal value
    old_head: str
    new_head: str
    broken_at: int | None = None

    def to_data(self) -> Data:
        return {"events": self.events, "sealed": self.sealed, "old_head": self.old_head,
                "new_head": self.new_head, "broken_at": self.broken_at}  # fmt: skip

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Self:
        return cls(
            _int(data, "events"), _int(data, "sealed"), _str(data, "old_head"),
            _str(data, "new_head"), _optional_int(data, "broken_at"),
        )  # fmt: skip

    def parts(self) -> list[str]:
        if self.broken_at is not None:
            return [f"未封存:事件 #{self.broken_at} 与哈希链不符,重算哈希链会掩盖这一改动"]
        return [
            f"封存 {self.sealed} 条记录中的个人信息(共 {self.events} 条)",
            f"哈希链尾:{self.old_head[:16]} → {self.new_head[:16]}",
        ]


@dataclass(frozen=True, slots=True)
class Unrecognised(Record):
    """An event this version does not know (written by hand, or by a newer version):
    shown and carried as it is, never replayed."""

    name: str
    data: Mapping[str, Any]

    label: ClassVar[str] = "未知记录"

    def to_data(self) -> Data:
        return dict(self.data)


# -- an event: a record, when it happened, by whom, and what it did to the clocks -----


class Event(NamedTuple):
    """A record, when it happened, by whom, and what it did to the clocks (a named
    tuple: a batch import makes hundreds of thousands)."""

    at: datetime
    record: Record
    clocks: tuple[ClockChange, ...] = ()
    by: str | None = None  # None: the clerk recording it

    @property
    def kind(self) -> str:
        record = self.record
        return record.name if isinstance(record, Unrecognised) else record.kind

    @property
    def label(self) -> str:
        record = self.record
        if isinstance(record, Unrecognised):  # perhaps a known kind whose data did not decode
            return label_of(record.name)
        return record.label

    def data(self) -> Data:
        """The data stored with the event."""
        data = self.record.to_data()
        if self.clocks:
            data[CLOCKS] = [clock.to_data() for clock in self.clocks]
        return data

    def text(self) -> str:
        """The event in one line of Chinese, for `show`."""
        parts = self.record.parts() + [clock.text() for clock in self.clocks]
        return ";".join(parts)


class BadRecord(ValueError):
    """Stored event data that is not what its kind records."""

    def __init__(self, kind: str, problem: str) -> None:
        super().__init__(f"「{kind}」记录的内容与其类型不符:{problem}")
        self.kind = kind
        self.problem = problem


def decode(kind: str, data: Mapping[str, Any]) -> tuple[Record, tuple[ClockChange, ...]]:
    """The record and clock changes of stored event data, which must be exactly
    what they store: a missing, mistyped or extra key is a BadRecord."""
    cls = Record._kinds.get(kind)
    if cls is None:
        return Unrecognised(kind, data), ()
    try:
        entries = data.get(CLOCKS, [])
        if not isinstance(entries, list):
            raise ValueError(f"「clocks」应为列表,实为 {entries!r}")
        clocks = tuple(ClockChange.from_data(entry) for entry in entries)
        record = cls.from_data(data)
    except KeyError as missing:
        raise BadRecord(kind, f"缺少「{missing.args[0]}」") from None
    except (TypeError, ValueError, AttributeError) as error:
        raise BadRecord(kind, str(error)) from None
    again = Event(datetime.min, record, clocks).data()
    if again != data:
        extra = sorted(set(data) - set(again))
        problem = f"多出「{'、'.join(extra)}」" if extra else "内容无法按原样写回"
        raise BadRecord(kind, problem)
    return record, clocks


def read_lenient(kind: str, data: Mapping[str, Any]) -> Event:
    """For display: an event whose data does not decode is shown as it is stored
    (verify is the one to report it)."""
    try:
        record, clocks = decode(kind, data)
    except BadRecord:
        record, clocks = Unrecognised(kind, data), ()
    return Event(datetime.min, record, clocks)


def label_of(kind: str) -> str:
    """How `show` names a record of KIND: as stored when this version does not know it."""
    known = Record._kinds.get(kind)
    return kind if known is None else known.label


def stage_of(action: Action) -> type[Stage]:
    cls = Record._kinds[action.value]
    assert issubclass(cls, Stage)
    return cls


def known_kinds() -> frozenset[str]:
    return frozenset(Record._kinds)
