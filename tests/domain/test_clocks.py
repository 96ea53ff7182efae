"""The deadline rules of domain.md, on real 2026 dates."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tousu_cli.calendar_cn import ChinaCalendar
from tousu_cli.domain.clocks import Clock, ClockState, evaluate, suspended_workdays
from tousu_cli.domain.errors import InvalidInput, InvalidMove
from tousu_cli.domain.policy import DEFAULT_POLICY, ClockName, Policy
from tousu_cli.domain.workdays import Workdays

WD = Workdays(ChinaCalendar())
REPLY = Clock(ClockName.REPLY, date(2026, 9, 30), 5)  # due 2026-10-13


def test_a_running_clock_counts_the_days_left() -> None:
    status = evaluate(REPLY, WD, as_of=date(2026, 10, 9))
    assert status.due == date(2026, 10, 13)
    assert status.state is ClockState.RUNNING
    assert status.days_left == 3  # 10-10 (a make-up Saturday), 10-12 and 10-13
    assert not status.provisional


def test_due_today_is_not_overdue() -> None:
    status = evaluate(REPLY, WD, as_of=date(2026, 10, 13))
    assert status.state is ClockState.RUNNING
    assert status.days_left == 0


def test_overdue_from_the_next_day_counting_working_days() -> None:
    # Due 2026-09-30; 10-01..10-07 are holidays, 10-08 and 10-09 count.
    clock = Clock(ClockName.REPLY, date(2026, 9, 22), 5)
    assert evaluate(clock, WD, date(2026, 9, 22)).due == date(2026, 9, 30)
    status = evaluate(clock, WD, as_of=date(2026, 10, 9))
    assert status.state is ClockState.OVERDUE
    assert status.overdue_days == 2
    holiday = evaluate(clock, WD, as_of=date(2026, 10, 5))
    assert holiday.state is ClockState.OVERDUE
    assert holiday.overdue_days == 0


def test_stopped_on_or_before_the_due_date_is_met_after_it_late() -> None:
    met = evaluate(REPLY.stop(date(2026, 10, 13)), WD, as_of=date(2026, 12, 1))
    assert (met.state, met.overdue_days) == (ClockState.MET, 0)
    late = evaluate(REPLY.stop(date(2026, 10, 15)), WD, as_of=date(2026, 12, 1))
    assert (late.state, late.overdue_days) == (ClockState.LATE, 2)


def test_an_extension_adds_working_days_to_the_current_due_date() -> None:
    clock = REPLY.extend(3, "需现场核实", "王主任", date(2026, 10, 12), DEFAULT_POLICY)
    status = evaluate(clock, WD, as_of=date(2026, 10, 12))
    assert status.original_due == date(2026, 10, 13)
    assert status.due == date(2026, 10, 16)
    assert status.extended_days == 3


def test_extensions_are_bounded_by_policy() -> None:
    with pytest.raises(InvalidInput, match="1 到 10"):
        REPLY.extend(11, "理由", "王主任", date(2026, 10, 9), DEFAULT_POLICY)
    with pytest.raises(InvalidInput, match="理由"):
        REPLY.extend(2, " ", "王主任", date(2026, 10, 9), DEFAULT_POLICY)
    with pytest.raises(InvalidInput, match="批准人"):
        REPLY.extend(2, "理由", "", date(2026, 10, 9), DEFAULT_POLICY)
    once = REPLY.extend(2, "理由", "王主任", date(2026, 10, 9), DEFAULT_POLICY)
    with pytest.raises(InvalidMove, match="最多 1 次"):
        once.extend(2, "理由", "王主任", date(2026, 10, 9), DEFAULT_POLICY)
    twice = once.extend(2, "理由", "王主任", date(2026, 10, 9), Policy(max_extensions=2))
    assert evaluate(twice, WD, date(2026, 10, 9)).due == date(2026, 10, 19)


def test_a_suspension_pushes_the_due_date_by_the_working_days_strictly_inside() -> None:
    # Suspended Friday 10-09, resumed Wednesday 10-14: 10-10 (make-up Saturday),
    # 10-12 and 10-13 lie strictly between.
    clock = REPLY.suspend(date(2026, 10, 9), "等待补充材料").resume(date(2026, 10, 14))
    status = evaluate(clock, WD, as_of=date(2026, 10, 14))
    assert status.suspended_days == 3
    assert status.due == date(2026, 10, 16)
    assert status.state is ClockState.RUNNING


def test_suspended_and_resumed_on_consecutive_days_shifts_nothing() -> None:
    clock = REPLY.suspend(date(2026, 10, 9), "鉴定").resume(date(2026, 10, 10))
    assert evaluate(clock, WD, date(2026, 10, 10)).due == date(2026, 10, 13)
    same_day = REPLY.suspend(date(2026, 10, 9), "鉴定").resume(date(2026, 10, 9))
    assert evaluate(same_day, WD, date(2026, 10, 10)).due == date(2026, 10, 13)


def test_a_suspended_clock_is_not_overdue() -> None:
    clock = REPLY.suspend(date(2026, 10, 12), "等待鉴定")
    status = evaluate(clock, WD, as_of=date(2026, 11, 20))
    assert status.state is ClockState.SUSPENDED
    assert status.overdue_days == 0
    # Suspended on 10-12 with one working day (10-13) left: were it resumed
    # today, today would be that last day.
    assert status.due == date(2026, 11, 20)
    assert status.days_left == 0


def test_suspend_and_resume_refuse_impossible_moves() -> None:
    with pytest.raises(InvalidMove, match="未中止"):
        REPLY.resume(date(2026, 10, 9))
    suspended = REPLY.suspend(date(2026, 10, 9), "等待")
    with pytest.raises(InvalidMove, match="尚未恢复"):
        suspended.suspend(date(2026, 10, 10), "再等")
    with pytest.raises(InvalidInput, match="早于中止日期"):
        suspended.resume(date(2026, 10, 8))
    with pytest.raises(InvalidMove, match="已于"):
        REPLY.stop(date(2026, 10, 9)).extend(1, "理由", "王主任", date(2026, 10, 9), DEFAULT_POLICY)


def test_a_clock_reaching_an_unannounced_year_is_provisional() -> None:
    clock = Clock(ClockName.REVIEW, date(2026, 12, 24), 10)
    status = evaluate(clock, WD, as_of=date(2026, 12, 24))
    assert status.due == date(2027, 1, 8)
    assert status.provisional


days = st.dates(min_value=date(2025, 1, 1), max_value=date(2026, 12, 31))


@given(days, st.integers(1, 20), st.integers(0, 40), st.integers(0, 40))
def test_a_suspension_of_k_working_days_moves_the_due_date_by_exactly_k(
    start: date, limit: int, offset: int, length: int
) -> None:
    clock = Clock(ClockName.REPLY, start, limit)
    s = start + timedelta(days=offset)
    r = s + timedelta(days=length)
    k = suspended_workdays(WD, s, r)
    before = evaluate(clock, WD, r).due
    after = evaluate(clock.suspend(s, "等待").resume(r), WD, r).due
    assert WD.count(before, after) == k
