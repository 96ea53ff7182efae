"""One row of a file as a case: its facts, and the stages it has been through.

A row either becomes an `Incoming` case or a list of `RowError`s naming every
cell that is wrong; a bad row is a value, never an exception.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, NamedTuple

from tousu_cli.domain import validation
from tousu_cli.domain.actions import (
    Accept,
    Amended,
    Archive,
    Assign,
    DeadlineChanged,
    Decide,
    Erased,
    Event,
    Imported,
    Investigate,
    Notify,
    Record,
    Reject,
    RepeatLinked,
    RepeatRecounted,
    RepeatUnlinked,
    Reveal,
    Revisit,
    Stage,
    Stated,
    Updated,
    Withdraw,
    decode,
)
from tousu_cli.domain.errors import InvalidInput
from tousu_cli.domain.intake import NewCase, form_of
from tousu_cli.domain.lifecycle import status_after
from tousu_cli.domain.masking import PERSONAL, mask, mask_numbers
from tousu_cli.domain.model import (
    Action,
    Channel,
    Form,
    Method,
    Mode,
    Status,
)
from tousu_cli.transfer.fields import BY_KEY, REQUIRED, Layout, Mapping, Moment, parser_for
from tousu_cli.transfer.source import SourceRow

UNRECORDED = "(导入的记录未载明)"


@dataclass(frozen=True, slots=True)
class RowError:
    line: int
    column: str
    reason: str

    def text(self) -> str:
        where = f"「{self.column}」" if self.column else ""
        return f"第 {self.line} 行{where}:{self.reason}"


class Step(NamedTuple):
    """A stage the case went through, and which column it came from (for errors)."""

    at: datetime
    stage: Stage
    blame: str  # field key
    actor: str | None = None


@dataclass
class Incoming:
    line: int
    values: dict[str, Any]  # field key → value, for the fields the file has
    new: NewCase
    registered_at: datetime | None
    register_actor: str | None
    # The stages to replay, and the events no rule produces, carried over as
    # they were (an earlier import, a correction, a reveal).
    history: list[Step | Event] = field(default_factory=list)
    status: Status = Status.REGISTERED  # where the history leaves the case

    @property
    def steps(self) -> list[Step]:
        return [s for s in self.history if isinstance(s, Step)]

    def identity(self) -> tuple[str, ...]:
        """What tells this complaint from another: the other system's id, else
        when it came in, from whom, against whom and what it said."""
        if self.new.external_id:
            return ("external_id", self.new.external_id)
        return self.facts()

    def facts(self) -> tuple[str, ...]:
        new = self.new
        return ("facts", new.received_at.isoformat(), new.complainant or "", new.unit, new.content)

    def found_by(self) -> tuple[tuple[str, ...], ...]:
        """Every identity a later row may find this one by, its own first: a row
        without an external id matches a case that has one by its facts."""
        return (self.identity(), self.facts()) if self.new.external_id else (self.facts(),)


class RowReader:
    """Cells to values for one file's layout."""

    def __init__(self, layout: Layout, mapping: Mapping) -> None:
        self.layout = layout
        self.parsers: list[tuple[int, str, str, Callable[[str], Any]]] = [
            (index, f.key, layout.headers[index], parser_for(f, mapping))
            for index, f in layout.columns
        ]
        self.defaults: dict[str, Any] = {}
        for key, text in mapping.defaults.items():
            try:
                self.defaults[key] = parser_for(BY_KEY[key], mapping)(text.strip())
            except InvalidInput as error:
                raise InvalidInput(f"映射文件 [defaults] {key}:{error}") from None
        self.width = len(layout.headers)
        self.unnamed = [index for index, header in enumerate(layout.headers) if not header]

    def read(self, row: SourceRow) -> Incoming | list[RowError]:
        if row.problem is not None:
            return [RowError(row.line, "", row.problem)]
        errors: list[RowError] = []
        if len(row.cells) > self.width or self.unnamed:
            errors += self._headless(row)
        values: dict[str, Any] = dict(self.defaults)
        cells = row.cells
        for index, key, header, parse in self.parsers:
            text = cells[index].strip() if index < len(cells) else ""
            if not text:
                continue
            try:
                values[key] = parse(text)
            except InvalidInput as error:  # it may quote the cell, a phone number perhaps
                errors.append(RowError(row.line, header, mask_numbers(str(error))))
        for key in REQUIRED:
            if values.get(key) is None and not any(
                e.column == self.layout.header_of(key) for e in errors
            ):
                errors.append(RowError(row.line, self.layout.header_of(key), "不能为空"))
        if errors:
            return errors
        try:
            return self._incoming(row.line, values)
        except RowProblem as problem:
            return [RowError(row.line, self.layout.header_of(problem.key), problem.reason)]

    def _headless(self, row: SourceRow) -> list[RowError]:
        """Text in a column without a header is refused, not dropped: most often
        an unquoted comma has split a cell and moved the rest of the row along."""
        cells = row.cells
        beyond = range(self.width, len(cells))
        found = [i + 1 for i in (*self.unnamed, *beyond) if i < len(cells) and cells[i].strip()]
        if not found:
            return []
        where = "、".join(str(column) for column in found)
        reason = (
            f"第 {where} 列没有表头却有内容:请检查是否错列(如单元格里的逗号没加引号),"
            "或给这一列加上表头"
        )
        return [RowError(row.line, "", reason)]

    def _incoming(self, line: int, values: dict[str, Any]) -> Incoming:
        received: Moment = values["received_at"]
        channel: Channel = values["channel"]
        new = NewCase(
            received_at=received.at,
            channel=channel,
            complainant=values.get("complainant"),
            unit=values["unit"],
            category=values["category"],
            content=values["content"],
            phone=values.get("phone"),
            id_number=values.get("id_number"),
            window=values.get("window"),
            staff=values.get("staff"),
            demand=values.get("demand"),
            form=values.get("form"),
            major=bool(values.get("major")),
            external_id=values.get("external_id"),
            evidence=tuple(values.get("evidence", ())),
            number=values.get("number"),
        )
        if "history" in values:
            incoming = _from_history(line, values, new)
        else:
            incoming = _from_columns(line, values, new)
        stated = values.get("status")
        if stated is not None and stated is not incoming.status:
            raise RowProblem("status", f"与各环节记录不符:按记录应为「{incoming.status.label}」")
        return incoming


class RowProblem(Exception):
    def __init__(self, key: str, reason: str) -> None:
        super().__init__(reason)
        self.key = key
        self.reason = reason


# -- the stages, from a full timeline (the ledger's 处置记录) -------------------------


def _from_history(line: int, values: dict[str, Any], new: NewCase) -> Incoming:
    from tousu_cli.chinatime import parse_datetime

    events: list[dict[str, Any]] = values["history"]
    if not events or events[0].get("action") != Action.REGISTER.value:
        raise RowProblem("history", "处置记录应以登记开始")
    try:
        registered = parse_datetime(events[0]["at"], typed=False)
        incoming = Incoming(line, values, new, registered, _actor(events[0]))
        status = Status.REGISTERED
        for index, event in enumerate(events[1:], start=2):
            at = parse_datetime(event["at"], typed=False)
            data = event.get("data") or {}
            kind = event["action"]
            if not isinstance(data, dict):
                raise ValueError(f"第 {index} 条记录的 data 不是对象")
            if kind == Action.REGISTER.value:  # every other stage is replayed
                raise ValueError(f"「{kind}」不能出现在处置记录的这个位置")
            if kind == Stated.kind:  # the other ledger's upgrade: this registration
                continue  # records the facts itself
            if kind in _STAGES:
                stage, _ = decode(kind, data)  # the clocks it moved are worked out again
                assert isinstance(stage, Stage)
                incoming.history.append(Step(at, stage, "history", _actor(event)))
                status = status_after(status, stage.action)
            else:
                kept = _kept(index, kind, at, registered, data)
                incoming.history.append(Event(at, kept, by=_actor(event)))
    except (KeyError, TypeError, ValueError, InvalidInput) as error:
        raise RowProblem("history", f"处置记录无法读取:{error}") from None
    incoming.status = status
    return incoming


# What the tool records on a case besides its stages: carried over as written,
# so checked as a clerk's input would be.
# (A correction, 更正登记, is carried over as it was: the row's columns already
# hold the corrected facts. A link the other ledger's clerk confirmed is kept as
# written, and counts once the import has confirmed it again by this ledger's
# rule: services.repeats.confirm_carried. An erasure, 删除个人信息, keeps the
# case erased here: its columns came over erased.)
_KEPT = frozenset(
    kind.kind
    for kind in (
        Imported, Updated, Reveal, DeadlineChanged, RepeatRecounted, Amended,
        RepeatLinked, RepeatUnlinked, Erased,
    )
)  # fmt: skip
_STAGES = frozenset(action.value for action in Action) - {Action.REGISTER.value}


def _kept(index: int, kind: str, at: datetime, registered: datetime, data: Any) -> Record:
    where = f"第 {index} 条记录"
    if kind not in _KEPT:
        raise ValueError(f"{where}的类型「{kind}」不是本系统记录的")
    if at < registered:
        raise ValueError(f"{where}的时间早于登记")
    for text in _strings(data):
        validation.text(text, where, size="long")
    record, _ = decode(kind, data)
    if isinstance(record, Updated) and record.fact in PERSONAL:
        # Kept masked, as the tool records a corrected phone or ID number.
        return replace(record, before=_masked(record.before), after=_masked(record.after))
    return record


def _masked(value: Any) -> Any:
    return mask(value) if isinstance(value, str) else value


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _actor(event: dict[str, Any]) -> str | None:
    by = event.get("by")
    return str(by) if by else None


# -- the stages, from the columns of a ledger or a work order --------------------

_LATER = (
    "mode",
    "handler_unit",
    "handler",
    "finding",
    "measures",
    "result",
    "replied_at",
    "notify_method",
    "satisfaction",
    "resolved",
    "revisited_at",
    "archived_at",
)
# Columns whose presence says the case got as far as being assigned, or decided.
_ASSIGNED = frozenset({"mode", "handler_unit", "handler"})
_DECIDED = frozenset({"finding", "measures", "result", "replied_at"})
_DEPTH = {
    Status.REGISTERED: 0, Status.ACCEPTED: 1, Status.ASSIGNED: 2, Status.INVESTIGATING: 3,
    Status.DECIDED: 4, Status.NOTIFIED: 5, Status.REVISITED: 6, Status.ARCHIVED: 7,
}  # fmt: skip


def _from_columns(line: int, values: dict[str, Any], new: NewCase) -> Incoming:
    incoming = Incoming(line, values, new, None, None)
    anonymous = new.complainant is None
    clock = _Clock(new.received_at)
    status = Status.REGISTERED
    stated: Status | None = values.get("status")

    def step(stage: Stage, at: datetime, blame: str) -> None:
        nonlocal status
        incoming.history.append(Step(at, stage, blame))
        status = status_after(status, stage.action)

    def answered() -> None:  # the answer (or the rejection's notice) as the file dates it
        at = clock.at(values["replied_at"], "replied_at")
        method, force = _method(values, new, anonymous), _force(values, new)
        step(Notify(method, None, force), at, "replied_at")

    depth = _DEPTH.get(stated, 0) if stated is not None else 0
    rejected = "reject_reason" in values or stated is Status.REJECTED
    if rejected:
        at = clock.at(values.get("accepted_at"), "accepted_at")
        step(Reject(values.get("reject_reason") or UNRECORDED), at, "reject_reason")
        if "replied_at" in values:
            answered()
    else:
        later = not values.keys().isdisjoint(_LATER) or depth >= 1
        if "accepted_at" in values or later:
            step(Accept(), clock.at(values.get("accepted_at"), "accepted_at"), "accepted_at")
        decided = not values.keys().isdisjoint(_DECIDED)
        decided = decided or depth >= _DEPTH[Status.DECIDED] or "satisfaction" in values
        if not values.keys().isdisjoint(_ASSIGNED) or decided or depth >= 2:
            unit = values.get("handler_unit") or new.unit
            mode = values.get("mode") or (Mode.SELF if unit == new.unit else Mode.TRANSFER)
            step(Assign(mode, unit, values.get("handler")), clock.last, "mode")
        if decided or depth >= 3:
            step(Investigate(UNRECORDED), clock.last, "status")
        if decided:
            at = clock.at(values.get("replied_at"), "replied_at")
            step(
                Decide(
                    values.get("finding"),
                    values.get("result") or UNRECORDED,
                    tuple(values.get("measures", ())),
                    finding_unrecorded="finding" not in values,
                ),
                at,
                "finding",
            )
        notified = "replied_at" in values or "notify_method" in values or "satisfaction" in values
        if notified or depth >= 5:
            if "replied_at" not in values:
                said = f"状态为「{stated.label}」" if depth >= 5 and stated else "有答复或回访记录"
                raise RowProblem("replied_at", f"{said},须填写答复时间")
            answered()
        if "satisfaction" in values:
            at = clock.at(values.get("revisited_at"), "revisited_at")
            step(Revisit(values["satisfaction"], values.get("resolved")), at, "satisfaction")
    if "archived_at" in values:
        step(Archive(), clock.at(values["archived_at"], "archived_at"), "archived_at")
    if "withdraw_reason" in values or stated is Status.WITHDRAWN:
        reason = values.get("withdraw_reason") or UNRECORDED
        step(Withdraw(reason), clock.last, "withdraw_reason")
    incoming.status = status
    return incoming


class _Clock:
    """The time of each stage: never before the one before it when the file gives
    only a date (a date alone means some time that day, not midnight)."""

    def __init__(self, start: datetime) -> None:
        self.last = start

    def at(self, moment: Moment | None, key: str) -> datetime:
        if moment is None:
            return self.last
        at = moment.at
        if not moment.has_time and at.date() == self.last.date() and at < self.last:
            at = self.last
        if at < self.last:
            raise RowProblem(
                key, f"{at:%Y-%m-%d %H:%M} 早于前一环节的时间 {self.last:%Y-%m-%d %H:%M}"
            )
        self.last = at
        return at


def _method(values: dict[str, Any], new: NewCase, anonymous: bool) -> Method:
    if "notify_method" in values:
        method: Method = values["notify_method"]
        return method
    if anonymous:
        return Method.NONE
    return Method.WRITTEN if form_of(new.channel, new.form) is Form.WRITTEN else Method.PHONE


def _force(values: dict[str, Any], new: NewCase) -> str | None:
    """A written complaint answered otherwise in the source system is taken as it was."""
    return "按导入记录" if form_of(new.channel, new.form) is Form.WRITTEN else None
