"""Which action is allowed in which state, and what each one does to the case.

Every move is a pure function of the case as it stands and the typed stage
(domain/actions.py): it returns the new status, the case's clocks after the
move, the facts to update and the stage as its event records it. The service
layer only loads and saves.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import date, datetime
from types import MappingProxyType
from typing import Any, NamedTuple

from tousu_cli.domain.actions import (
    Accept,
    Archive,
    Assign,
    Decide,
    Extend,
    Investigate,
    Notify,
    Reject,
    Resume,
    Review,
    Revisit,
    Stage,
    Suspend,
    Withdraw,
)
from tousu_cli.domain.clocks import Clock
from tousu_cli.domain.errors import InvalidInput, InvalidMove
from tousu_cli.domain.model import Action, Form, Method, Mode, Satisfaction, Status
from tousu_cli.domain.policy import ClockName, Policy

MAX_REVIEWS = 1  # 复核 is one second look, not an open-ended appeal
_NOTHING: Mapping[str, Any] = MappingProxyType({})


class CaseState(NamedTuple):
    """What the rules need to know about a case.

    A named tuple, like the other values the rules make at every step: built
    several times per stage of every imported case, and a tuple is built in a
    third of the time a frozen dataclass takes."""

    number: str
    status: Status
    anonymous: bool
    form: Form
    last_at: datetime
    clocks: tuple[Clock, ...] = ()
    rejection_notified: bool = False
    satisfaction: Satisfaction | None = None
    reviews: int = 0

    @property
    def running_clock(self) -> Clock | None:
        index = self.running_index
        return None if index is None else self.clocks[index]

    @property
    def running_index(self) -> int | None:
        """Where the running clock is (the latest one started): at most one runs."""
        clocks = self.clocks
        for index in range(len(clocks) - 1, -1, -1):
            if clocks[index].stopped_on is None:
                return index
        return None


class Transition(NamedTuple):
    status: Status
    clocks: tuple[Clock, ...]
    record: Stage  # the stage as its event records it
    changes: Mapping[str, Any] = _NOTHING  # the case's columns to update


OPEN = frozenset(
    {Status.REGISTERED, Status.ACCEPTED, Status.ASSIGNED, Status.INVESTIGATING, Status.DECIDED}
)


def _running(case: CaseState) -> Clock | None:
    return case.running_clock


# The state table: which action each state allows, in the order of the procedure.
RULES: dict[Action, Callable[[CaseState], bool]] = {
    Action.ACCEPT: lambda c: c.status is Status.REGISTERED,
    Action.REJECT: lambda c: c.status is Status.REGISTERED,
    Action.ASSIGN: lambda c: c.status in {Status.ACCEPTED, Status.ASSIGNED, Status.INVESTIGATING},
    Action.INVESTIGATE: lambda c: c.status in {Status.ASSIGNED, Status.INVESTIGATING},
    Action.DECIDE: lambda c: c.status is Status.INVESTIGATING,
    Action.NOTIFY: lambda c: (
        c.status is Status.DECIDED or (c.status is Status.REJECTED and not c.rejection_notified)
    ),
    Action.REVISIT: lambda c: c.status is Status.NOTIFIED and not c.anonymous,
    Action.REVIEW: lambda c: (
        c.status is Status.REVISITED
        and c.satisfaction is Satisfaction.DISSATISFIED
        and c.reviews < MAX_REVIEWS
    ),
    Action.ARCHIVE: lambda c: (
        c.status is Status.REVISITED
        or (c.status is Status.NOTIFIED and c.anonymous)
        or (c.status is Status.REJECTED and c.rejection_notified)
    ),
    Action.EXTEND: lambda c: _running(c) is not None,
    Action.SUSPEND: lambda c: (clock := _running(c)) is not None and not clock.suspended,
    Action.RESUME: lambda c: (clock := _running(c)) is not None and clock.suspended,
    Action.WITHDRAW: lambda c: c.status in OPEN,
}


# When a case reached the stages the ledger (台账) has columns for; the latest wins
# (a review's second answer replaces the first).
MILESTONES = {
    Action.ACCEPT: "accepted_at",
    Action.NOTIFY: "replied_at",
    Action.ARCHIVE: "archived_at",
}

# Where each stage leaves a case; the others (extend, suspend, resume) leave it where it is.
_STATUS_AFTER = {
    Action.REGISTER: Status.REGISTERED,
    Action.ACCEPT: Status.ACCEPTED,
    Action.REJECT: Status.REJECTED,
    Action.ASSIGN: Status.ASSIGNED,
    Action.INVESTIGATE: Status.INVESTIGATING,
    Action.DECIDE: Status.DECIDED,
    Action.NOTIFY: Status.NOTIFIED,
    Action.REVISIT: Status.REVISITED,
    Action.REVIEW: Status.INVESTIGATING,
    Action.ARCHIVE: Status.ARCHIVED,
    Action.WITHDRAW: Status.WITHDRAWN,
}


# Where nothing more is done on a case: no supervision to start either.
FINISHED = frozenset({Status.ARCHIVED, Status.WITHDRAWN, Status.REJECTED})


def needs_supervising(status: Status, escalated: bool, mode: Mode | None) -> bool:
    """A complaint flagged for 督办 (the repeat rule) that is still open and not
    yet assigned as supervised: what the clerk is reminded of."""
    return escalated and mode is not Mode.SUPERVISE and status not in FINISHED


def status_after(status: Status, action: Action) -> Status:
    """The status a stage leaves a case in (a rejection's notice leaves it rejected)."""
    if action is Action.NOTIFY and status is Status.REJECTED:
        return Status.REJECTED
    return _STATUS_AFTER.get(action, status)


def allowed_actions(case: CaseState) -> list[Action]:
    """Every action the case's state allows, in the order of the procedure."""
    return [action for action, allowed in RULES.items() if allowed(case)]


def check_allowed(case: CaseState, action: Action) -> None:
    rule = RULES.get(action)
    if rule is not None and rule(case):
        return
    clock = case.running_clock
    if clock is not None and action in {Action.SUSPEND, Action.RESUME}:
        # The status allows it; the clock is already where the clerk wants it.
        which = clock.name.label
        if clock.suspended:
            raise InvalidMove(
                f"案件 {case.number} 的{which}时限已中止计时,不能再次中止;恢复请用 resume"
            )
        raise InvalidMove(f"案件 {case.number} 的{which}时限正在计时,没有中止,无需恢复")
    possible = allowed_actions(case)
    state = case.status.label
    if case.status is Status.REJECTED and case.rejection_notified:
        state += "(已告知)"
    options = "、".join(a.label for a in possible) or "无(已办结)"
    raise InvalidMove(
        f"案件 {case.number} 当前状态为「{state}」,不能{action.label};此状态下可以:{options}"
    )


def check_time(case: CaseState, at: datetime, now: datetime) -> None:
    if at > now:
        raise InvalidInput(f"时间 {at:%Y-%m-%d %H:%M} 晚于当前时间,不能预先登记")
    if at < case.last_at:
        raise InvalidInput(
            f"时间 {at:%Y-%m-%d %H:%M} 早于本案上一事件的时间 {case.last_at:%Y-%m-%d %H:%M}"
        )


def _replace_running(case: CaseState, change: Callable[[Clock], Clock]) -> tuple[Clock, ...]:
    index = case.running_index
    assert index is not None  # guaranteed by check_allowed
    clocks = case.clocks
    return (*clocks[:index], change(clocks[index]), *clocks[index + 1 :])


def _stop_running(case: CaseState, on: date) -> tuple[Clock, ...]:
    index = case.running_index
    if index is None:
        return case.clocks
    clocks = case.clocks
    return (*clocks[:index], clocks[index].stop(on), *clocks[index + 1 :])


def _start(clocks: Sequence[Clock], name: ClockName, on: date, policy: Policy) -> tuple[Clock, ...]:
    return (*clocks, Clock(name, on, policy.limit(name)))


def _required(text: str | None, what: str) -> str:
    if text is None or not text.strip():
        raise InvalidInput(f"须填写{what}")
    return text.strip()


def register(received_on: date, policy: Policy) -> tuple[Clock, ...]:
    """A new case: the accept clock starts the day it was received."""
    return _start((), ClockName.ACCEPT, received_on, policy)


def apply(
    case: CaseState, stage: Stage, on: date, policy: Policy, *, overdue_since: date | None = None
) -> Transition:
    """What STAGE does to CASE on ON. OVERDUE_SINCE: the due date of the running
    clock when it is overdue on ON (asked for an extension only)."""
    """What STAGE, taken on ON, does to CASE (check_allowed first): the new status,
    the clocks, the columns to update, and the stage as its event records it."""
    match stage:
        case Accept():
            clocks = _start(_stop_running(case, on), ClockName.REPLY, on, policy)
            return Transition(Status.ACCEPTED, clocks, stage)
        case Reject(reason=reason):
            reason = _required(reason, "不予受理的理由")
            clocks = _start(_stop_running(case, on), ClockName.REJECT_NOTICE, on, policy)
            return Transition(Status.REJECTED, clocks, Reject(reason), {"reject_reason": reason})
        case Assign(mode=mode, unit=unit, handler=handler):
            unit = _required(unit, "承办单位")
            columns = {"mode": mode.value, "handler_unit": unit, "handler": handler}
            return Transition(Status.ASSIGNED, case.clocks, Assign(mode, unit, handler), columns)
        case Investigate(note=note, evidence=evidence):
            note = _required(note, "调查情况")
            return Transition(Status.INVESTIGATING, case.clocks, Investigate(note, evidence))
        case Decide():
            return _decide(case, stage)
        case Notify():
            return _notify(case, stage, on, policy)
        case Revisit(satisfaction=satisfaction, resolved=resolved):
            answer: dict[str, Any] = {"satisfaction": satisfaction.value, "resolved": resolved}
            return Transition(Status.REVISITED, _stop_running(case, on), stage, answer)
        case Review(reason=reason):
            reason = _required(reason, "复核理由")
            clocks = _start(_stop_running(case, on), ClockName.REVIEW, on, policy)
            # The dissatisfied answer stands until the review's own revisit replaces
            # it: statistics must not lose it while the review runs.
            return Transition(
                Status.INVESTIGATING, clocks, Review(reason), {"reviews": case.reviews + 1}
            )
        case Archive():
            return Transition(Status.ARCHIVED, _stop_running(case, on), stage)
        case Withdraw(reason=reason):
            reason = _required(reason, "撤回理由")
            return Transition(
                Status.WITHDRAWN,
                _stop_running(case, on),
                Withdraw(reason),
                {"withdraw_reason": reason},
            )
        case Extend() | Suspend() | Resume():
            return _on_running_clock(case, stage, on, policy, overdue_since)
    raise TypeError(f"no rule for {type(stage).__name__}")


def _on_running_clock(
    case: CaseState,
    stage: Extend | Suspend | Resume,
    on: date,
    policy: Policy,
    overdue_since: date | None,
) -> Transition:
    """延期, 中止 and 恢复 act on the running clock, and record which one it was.
    An extension is approved while the clock still runs in time; one on an
    overdue clock (OVERDUE_SINCE: its due date) is refused unless said late,
    with a reason, and then it moves no date (clocks.Extension)."""
    running = case.running_clock
    name = None if running is None else running.name
    match stage:
        case Extend(days=days, reason=reason, approved_by=approved_by):
            late = overdue_since is not None
            if late and not (stage.late_reason and stage.late_reason.strip()):
                label = name.label if name else ""
                raise InvalidMove(
                    f"{label}时限已于 {overdue_since} 届满,超期后不能再延期;确需补办,请加 --late "
                    "并写明理由(补办的延期不改变期限,仍按超期计)"
                )
            if stage.late_reason and not late:
                raise InvalidInput(f"{name.label if name else ''}时限尚未超期,延期无需 --late")
            clocks = _replace_running(
                case, lambda c: c.extend(days, reason, approved_by, on, policy, late=late)
            )
            return Transition(case.status, clocks, replace(stage, clock=name))
        case Suspend(reason=reason):
            clocks = _replace_running(case, lambda c: c.suspend(on, reason))
            return Transition(case.status, clocks, replace(stage, clock=name))
        case Resume():
            clocks = _replace_running(case, lambda c: c.resume(on))
            return Transition(case.status, clocks, Resume(name))


def _decide(case: CaseState, stage: Decide) -> Transition:
    """A decision without a finding is only for a case closed in another system that
    kept none (a 12345 work order); it counts in no finding rate."""
    if stage.finding is None and not stage.finding_unrecorded:
        raise InvalidInput("处置须写明调查结论(属实 / 部分属实 / 不属实)")
    result = _required(stage.result, "处理结果")
    measures = tuple(m.strip() for m in stage.measures if m.strip())
    finding = stage.finding and stage.finding.value
    columns = {"finding": finding, "measures": list(measures), "result": result}
    record = replace(stage, result=result, measures=measures)
    return Transition(Status.DECIDED, case.clocks, record, columns)


def _notify(case: CaseState, stage: Notify, on: date, policy: Policy) -> Transition:
    method, note, forced = stage.method, stage.note, None
    if case.anonymous:
        if method is not Method.NONE:
            raise InvalidInput("匿名投诉无法答复,答复方式应为 none(匿名无法答复)")
        note = note or "匿名无法答复"
    else:
        if method is Method.NONE:
            raise InvalidInput("实名投诉须答复投诉人,请写明答复方式")
        if case.form is Form.WRITTEN and not method.in_writing:
            reason = stage.force_reason
            if not (reason and reason.strip()):
                raise InvalidInput(
                    "书面投诉须书面答复(书面、电子邮件或网上答复);"
                    "确需改用其他方式,请加 --force 并写明理由"
                )
            forced = reason.strip()
    record = Notify(method, note, forced)
    clocks = _stop_running(case, on)
    if case.status is Status.REJECTED:
        return Transition(Status.REJECTED, clocks, record, {"rejection_notified": True})
    if not case.anonymous:
        clocks = _start(clocks, ClockName.REVISIT, on, policy)
    return Transition(Status.NOTIFIED, clocks, record, {"notify_method": method.value})
