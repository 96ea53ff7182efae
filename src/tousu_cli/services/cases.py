"""Registering a complaint and moving it through its stages: one transaction each."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, Protocol

from tousu_cli.chinatime import iso
from tousu_cli.domain import intake, lifecycle, validation
from tousu_cli.domain.actions import ClockChange, Event, Register, Stage, registered_facts
from tousu_cli.domain.clocks import Clock, ClockState, ClockStatus, evaluate
from tousu_cli.domain.errors import InvalidMove, TousuError
from tousu_cli.domain.intake import NewCase
from tousu_cli.domain.lifecycle import MILESTONES, CaseState
from tousu_cli.domain.model import (
    Action,
    Form,
    Satisfaction,
    Status,
)
from tousu_cli.domain.policy import ClockName
from tousu_cli.domain.repeats import Key, Span, count, earlier_span, sought_under
from tousu_cli.services import repeats
from tousu_cli.services.office import Office
from tousu_cli.storage import cases_store
from tousu_cli.storage.clock_rows import load_clocks, save_clocks
from tousu_cli.storage.connection import Connection
from tousu_cli.storage.events import append_events
from tousu_cli.storage.jsontext import to_json
from tousu_cli.storage.transaction import write_transaction


class StepRefused(TousuError):
    """A stage of a known history that the rules refuse: which one, and why."""

    def __init__(self, index: int, error: TousuError) -> None:
        super().__init__(str(error))
        self.index = index
        self.error = error


@dataclass
class Draft:
    """A case being changed in memory: stepped through the rules, then saved at once."""

    state: CaseState
    case_id: int | None = None
    facts: dict[str, Any] = field(default_factory=dict)  # a new case's columns
    changes: dict[str, Any] = field(default_factory=dict)  # columns to update
    clock_ids: list[int | None] = field(default_factory=list)
    changed_clocks: dict[int, ClockStatus] = field(default_factory=dict)
    events: list[Event] = field(default_factory=list)
    earlier: list[int] = field(default_factory=list)  # a new case's repeat links


def register(office: Office, new: NewCase, at: datetime | None = None) -> str:
    """登记: a new case, numbered in its registration year; starts the accept clock."""
    return register_with_history(office, new, (), at)


class Ledger(Protocol):
    """What registering needs to know of the cases already kept."""

    def number(self, year: int) -> tuple[int, str]: ...

    def claim(self, number: str) -> tuple[int, int]: ...

    def unit(self, name: str) -> int: ...

    def check_external_id(self, external_id: str | None) -> None: ...

    def earlier(self, key: Key, span: Span) -> list[tuple[int, str]]:
        """(id, number) of the cases found under KEY that came in within SPAN."""
        ...


class StoredLedger:
    """The cases in the database, for one command."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def number(self, year: int) -> tuple[int, str]:
        return cases_store.next_number(self.conn, year)

    def claim(self, number: str) -> tuple[int, int]:
        return cases_store.claim_number(self.conn, number)

    def unit(self, name: str) -> int:
        return cases_store.unit_id(self.conn, name)

    def check_external_id(self, external_id: str | None) -> None:
        cases_store.check_external_id(self.conn, external_id)

    def earlier(self, key: Key, span: Span) -> list[tuple[int, str]]:
        found = cases_store.earlier_repeats(self.conn, key, span)
        return [(case_id, number) for _, case_id, number in found]


class Keeper(Protocol):
    """Where a batch of drafts goes instead of being saved one by one."""

    @property
    def ledger(self) -> Ledger: ...

    def keep(self, draft: Draft) -> None: ...


def register_with_history(
    office: Office,
    new: NewCase,
    steps: Iterable[tuple[datetime, Stage]],
    at: datetime | None = None,
    batch: Keeper | None = None,
) -> str:
    """Register a case and apply the stages it has already been through, in one write.

    Each stage goes through the same rules as the command would; the first one
    refused ends the history there, and the case waits at that stage. For
    cases whose history is known already: the demo, imports.
    """
    if batch is not None:
        draft = draft_with_history(office, new, steps, at, batch.ledger)
        batch.keep(draft)
        return draft.state.number
    with write_transaction(office.conn):
        draft = draft_with_history(office, new, steps, at, StoredLedger(office.conn))
        _save(office, draft)
    return draft.state.number


def draft_with_history(
    office: Office,
    new: NewCase,
    steps: Iterable[tuple[datetime, Stage]],
    at: datetime | None,
    ledger: Ledger,
    *,
    strict: bool = False,
) -> Draft:
    """A new case and its known stages, in memory. Strict: a refused stage is
    a StepRefused naming it, instead of where the case stops."""
    draft = _new_draft(office, new, at, ledger)
    for index, (when, stage) in enumerate(steps):
        try:
            _step(office, draft, stage, when)
        except TousuError as error:
            if strict:
                raise StepRefused(index, error) from None
            break
    return draft


def continue_history(
    office: Office,
    number: str,
    steps: Iterable[tuple[datetime, Stage]],
    extra: Iterable[Event] = (),
) -> Draft:
    """Stages a case went through elsewhere, applied to the stored case by the rules
    (a refused one is a StepRefused), with events recorded now (`extra`)."""
    with write_transaction(office.conn):
        draft = _load_draft(office.conn, number)
        for index, (when, stage) in enumerate(steps):
            try:
                _step(office, draft, stage, when)
            except TousuError as error:
                raise StepRefused(index, error) from None
        draft.events.extend(extra)
        _save(office, draft)
    return draft


def act(office: Office, number: str, stage: Stage, at: datetime | None = None) -> str:
    """One stage of the procedure: checked against the case's state, then recorded."""
    with write_transaction(office.conn):
        draft = _load_draft(office.conn, office.case_number(number))
        _step(office, draft, stage, at or office.now)
        _save(office, draft)
    return draft.state.number


def _new_draft(office: Office, new: NewCase, at: datetime | None, ledger: Ledger) -> Draft:
    when = at or new.received_at
    intake.check_times(new.received_at, when, office.now)
    form = intake.form_of(new.channel, new.form)
    facts = _checked_facts(new, form)
    conn = office.conn
    if facts["category"] not in office.categories:
        cases_store.check_category(conn, facts["category"])  # refuses, naming the known ones
    ledger.check_external_id(facts["external_id"])
    # The rules in force on the day it came in: its accept clock starts then.
    policy_id, policy = office.policy_on(new.received_at.date())
    if new.number is not None:
        year, seq = ledger.claim(new.number)
        number = new.number
    else:
        year = when.year
        seq, number = ledger.number(year)
    unit = ledger.unit(facts.pop("unit"))
    key = sought_under(unit, facts["phone"])
    # (id, number) of the same person's earlier cases about the unit
    earlier = [] if key is None else ledger.earlier(key, earlier_span(new.received_at, policy))
    rank, escalated = count(len(earlier), policy)
    facts |= {
        "number": number,
        "year": year,
        "seq": seq,
        "received_at": iso(new.received_at),
        "registered_at": iso(when),
        "unit_id": unit,
        "repeat_rank": rank,
        "escalated": int(escalated),
    }
    anonymous = facts["complainant"] is None
    state = CaseState(number, Status.REGISTERED, anonymous, form, when)
    draft = Draft(state=state, facts=facts, earlier=[case_id for case_id, _ in earlier])
    clocks = lifecycle.register(new.received_at.date(), policy)
    started = _set_clocks(office, draft, clocks, policy_id)
    draft.state = CaseState(number, Status.REGISTERED, anonymous, form, when, clocks)
    record = Register(
        number=number,
        received_at=iso(new.received_at),
        channel=new.channel.value,
        unit=new.unit,
        category=facts["category"],
        repeat_rank=rank,
        repeats=tuple(earlier_number for _, earlier_number in earlier),
        escalated=escalated,
        policy=policy_id,
        facts=registered_facts(facts),
    )
    draft.events.append(Event(when, record, started))
    return draft


def _load_draft(conn: Connection, number: str) -> Draft:
    row = cases_store.find_case(conn, number)
    if row["voided_at"] is not None:
        raise InvalidMove(f"投诉件 {row['number']} 已作废,不能再办理")
    clocks = load_clocks(conn, row["id"])
    state = CaseState(
        number=row["number"],
        status=Status(row["status"]),
        anonymous=row["complainant"] is None,
        form=Form(row["form"]),
        last_at=datetime.fromisoformat(row["last_at"]),  # as stored: not re-checked as input
        clocks=tuple(clock for _, clock in clocks),
        rejection_notified=bool(row["rejection_notified"]),
        satisfaction=Satisfaction(row["satisfaction"]) if row["satisfaction"] else None,
        reviews=row["reviews"],
    )
    return Draft(state=state, case_id=row["id"], clock_ids=[clock_id for clock_id, _ in clocks])


def _step(office: Office, draft: Draft, stage: Stage, when: datetime) -> None:
    """Apply one stage to the draft, or refuse it and leave the draft as it was."""
    case = draft.state
    action = stage.action
    lifecycle.check_allowed(case, action)
    lifecycle.check_time(case, when, office.now)
    policy_id, policy = office.policy_on(when.date())  # clocks it starts: the day's rules
    running = case.running_clock
    # The rule of a late extension asks whether the running clock is overdue,
    # which takes the calendar to work out: only when an extension is asked for.
    due = None
    if running is not None and action is Action.EXTEND:
        status = evaluate(running, office.workdays, when.date())
        due = status.due if status.state is ClockState.OVERDUE else None
    move = lifecycle.apply(case, stage.checked(), when.date(), policy, overdue_since=due)
    changes = dict(move.changes)
    if "handler_unit" in changes:
        changes["handler_unit_id"] = office.unit_id(changes.pop("handler_unit"))
    # Most stages leave the clocks as they were: the very same tuple.
    clock_changes = (
        _set_clocks(office, draft, move.clocks, policy_id) if move.clocks is not case.clocks else ()
    )
    at = iso(when)
    stored = draft.changes
    stored.update(changes)
    stored["status"] = move.status.value
    stored["last_at"] = at
    if (milestone := MILESTONES.get(action)) is not None:
        stored[milestone] = at
    satisfaction = case.satisfaction
    if "satisfaction" in changes:
        satisfaction = Satisfaction(changes["satisfaction"])
    draft.state = CaseState(  # built whole: _replace costs more than a step's rules
        case.number,
        move.status,
        case.anonymous,
        case.form,
        when,
        move.clocks,
        changes.get("rejection_notified", case.rejection_notified),
        satisfaction,
        changes.get("reviews", case.reviews),
    )
    draft.events.append(Event(when, move.record, clock_changes))


def _set_clocks(
    office: Office, draft: Draft, after: tuple[Clock, ...], policy_id: int | None = None
) -> tuple[ClockChange, ...]:
    """Take the clocks after a move; what started, stopped or moved, for the event."""
    before = draft.state.clocks
    changes: list[ClockChange] = []
    for index, clock in enumerate(after):
        old = before[index] if index < len(before) else None
        if old is clock or old == clock:  # unchanged clocks are the same objects
            continue
        if index >= len(draft.clock_ids):
            draft.clock_ids.append(None)
        status = office.settled(clock)
        draft.changed_clocks[index] = status
        if clock.name is ClockName.REPLY:
            draft.changes |= reply_columns(status, clock.stopped_on)
        provisional = status.provisional
        if old is None:
            change = ClockChange(
                clock.name, "started", status.due, clock.limit_days, policy_id, None, provisional
            )
        elif old.running and not clock.running:
            met = status.state is not ClockState.LATE
            change = ClockChange(
                clock.name, "stopped", status.due, met=met, provisional=provisional
            )
        else:
            change = ClockChange(clock.name, "moved", status.due, provisional=provisional)
        changes.append(change)
    return tuple(changes)


def reply_columns(status: ClockStatus, stopped_on: date | None) -> dict[str, Any]:
    """The case's copy of its reply clock's dates."""
    return {
        "reply_original_due": status.original_due.isoformat(),
        "reply_due": status.due.isoformat(),
        "reply_stopped_on": stopped_on and stopped_on.isoformat(),
    }


def _save(office: Office, draft: Draft) -> None:
    """Write what the draft changed: the case, its clocks, its events."""
    conn = office.conn
    state = draft.state
    if draft.case_id is None:
        row = draft.facts | draft.changes
        row |= {"status": state.status.value, "last_at": iso(state.last_at)}
        draft.case_id = cases_store.insert_case(conn, row)
        cases_store.link_repeats(conn, draft.case_id, draft.earlier)
        repeats.recount_after_registering(office, draft.facts)
    elif draft.changes:
        cases_store.update_case(conn, draft.case_id, draft.changes)
    changed = [
        (draft.clock_ids[i], state.clocks[i], status) for i, status in draft.changed_clocks.items()
    ]
    save_clocks(conn, draft.case_id, changed, lambda clock: office.policy_on(clock.started_on)[0])
    append_events(conn, draft.case_id, office.actor, office.now, draft.events)


def _checked_facts(new: NewCase, form: Form) -> dict[str, Any]:
    evidence = [validation.text(e, "证据材料") for e in new.evidence]
    external = validation.text(new.external_id, "外部编号")
    return {
        "channel": new.channel.value,
        "form": form.value,
        "complainant": validation.text(new.complainant, "投诉人姓名"),
        "phone": validation.phone(new.phone),
        "id_number": validation.id_number(new.id_number),
        "unit": validation.text(new.unit, "被投诉单位", required=True),
        "window_name": validation.text(new.window, "窗口"),
        "staff": validation.text(new.staff, "工作人员"),
        "category": validation.text(new.category, "投诉类别", required=True),
        "content": validation.text(new.content, "投诉内容", required=True, size="long"),
        "demand": validation.text(new.demand, "诉求", size="long"),
        "evidence": to_json([e for e in evidence if e]),
        "major": int(new.major),
        "external_id": external,
    }


DUPLICATE_DAYS = 7  # the same words again within a week: most likely entered twice


def entered_twice(office: Office, number: str) -> list[str]:
    """The earlier cases that case NUMBER may repeat by mistake: the same complainant
    and unit, the same content, received within the week before it."""
    row = cases_store.find_case(office.conn, number)
    received = datetime.fromisoformat(row["received_at"])
    since = iso(received - timedelta(days=DUPLICATE_DAYS))
    return cases_store.same_complaints(office.conn, row["id"], since)
