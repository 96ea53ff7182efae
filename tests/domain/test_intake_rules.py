"""The rules of registering and of repeats, each kept once in domain/."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tousu_cli.domain import intake, validation
from tousu_cli.domain.errors import InvalidInput
from tousu_cli.domain.model import Channel, Form
from tousu_cli.domain.numbering import case_number, expand_number, parse_case_number
from tousu_cli.domain.policy import Policy
from tousu_cli.domain.repeats import (
    Count,
    Linked,
    count,
    earlier_span,
    in_earlier_span,
    later_span,
    link_refusal,
    recount,
    sought_under,
    suspected,
)

# -- case numbers ---------------------------------------------------------------------


@given(st.integers(2000, 2099), st.integers(1, 99_999))
def test_a_number_reads_back_as_its_year_and_sequence(year: int, seq: int) -> None:
    number = case_number(year, seq)
    assert parse_case_number(number) == (year, seq)
    assert len(number.split("-")[1]) == max(4, len(str(seq)))


def test_numbers_are_written_as_register_writes_them() -> None:
    assert case_number(2026, 1) == "2026-0001"
    assert case_number(2026, 12345) == "2026-12345"
    assert parse_case_number("2026-00012") == (2026, 12)


@pytest.mark.parametrize(
    ("typed", "number"),
    [("12", "2026-0012"), ("0012", "2026-0012"), ("26-12", "2026-0012"), ("25-3", "2025-0003"),
     ("2026-12", "2026-0012"), ("2026-0012", "2026-0012"), (" 7 ", "2026-0007"),
     ("2026-12345", "2026-12345")],
)  # fmt: skip
def test_a_number_may_be_typed_short(typed: str, number: str) -> None:
    assert expand_number(typed, 2026) == number


@pytest.mark.parametrize("typed", ["0", "26-0", "abc", "2026/12", "12a", ""])
def test_what_names_no_number_is_refused(typed: str) -> None:
    with pytest.raises(InvalidInput, match="编号格式不对"):
        expand_number(typed, 2026)


@pytest.mark.parametrize("text", ["2026-12", "2026-0000", "26-0001", "2026/0001", "2026-0001x"])
def test_what_is_not_a_number_is_refused(text: str) -> None:
    with pytest.raises(InvalidInput, match="编号格式不对"):
        parse_case_number(text)


# -- intake ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("channel", "form"),
    [
        (Channel.LETTER, Form.WRITTEN),
        (Channel.EMAIL, Form.WRITTEN),
        (Channel.WEB, Form.WRITTEN),
        (Channel.BOX, Form.WRITTEN),
        (Channel.PHONE, Form.ORAL),
        (Channel.VISIT, Form.ORAL),
        (Channel.HOTLINE, Form.ORAL),
    ],
)
def test_the_form_follows_the_channel_unless_stated(channel: Channel, form: Form) -> None:
    assert intake.form_of(channel) is form
    other = Form.ORAL if form is Form.WRITTEN else Form.WRITTEN
    assert intake.form_of(channel, other) is other


def test_a_complaint_is_named_or_anonymous_and_not_both() -> None:
    assert intake.complainant("张三", anonymous=False) == "张三"
    assert intake.complainant(None, anonymous=True) is None
    for name, anonymous in ((None, False), ("张三", True)):
        with pytest.raises(InvalidInput, match="二选一"):
            intake.complainant(name, anonymous)
    with pytest.raises(InvalidInput, match="不能为空"):
        intake.complainant("  ", anonymous=False)


NOW = datetime(2026, 11, 30, 12, 0)


@pytest.mark.parametrize(
    ("received", "registered", "refused"),
    [
        (NOW - timedelta(hours=2), NOW - timedelta(hours=1), None),
        (NOW, NOW, None),
        (NOW + timedelta(minutes=1), NOW + timedelta(minutes=1), "收到时间晚于当前时间"),
        (NOW - timedelta(hours=1), NOW - timedelta(hours=2), "登记时间早于收到时间"),
        (NOW - timedelta(hours=1), NOW + timedelta(hours=1), "登记时间晚于当前时间"),
    ],
)
def test_a_complaint_is_received_then_registered_and_neither_later_than_now(
    received: datetime, registered: datetime, refused: str | None
) -> None:
    if refused is None:
        intake.check_times(received, registered, NOW)
    else:
        with pytest.raises(InvalidInput, match=refused):
            intake.check_times(received, registered, NOW)


# -- repeats --------------------------------------------------------------------------

policies = st.builds(
    Policy, repeat_window_days=st.integers(1, 365), repeat_escalation_count=st.integers(2, 10)
)


@given(st.integers(0, 50), policies)
def test_a_case_ranks_after_its_earlier_ones_and_goes_to_supervision_at_the_threshold(
    earlier: int, policy: Policy
) -> None:
    rank, escalated = count(earlier, policy)
    assert rank == earlier + 1
    assert escalated == (rank >= policy.repeat_escalation_count)


def test_the_third_complaint_goes_to_supervision_by_default() -> None:
    assert [count(n, Policy()).escalated for n in range(4)] == [False, False, True, True]


@given(st.integers(1, 20), st.booleans(), st.integers(0, 30), policies)
def test_a_recount_only_grows_and_a_flag_stays(
    rank: int, escalated: bool, earlier: int, policy: Policy
) -> None:
    counted = recount(Count(rank, escalated), earlier, policy)
    if earlier + 1 <= rank:
        assert counted is None
    else:
        assert counted is not None
        assert counted.rank == earlier + 1
        assert counted.escalated == (escalated or counted.rank >= policy.repeat_escalation_count)


@given(st.datetimes(datetime(2020, 1, 1), datetime(2030, 1, 1)), policies)
def test_a_case_in_anothers_earlier_span_has_it_in_its_later_span(
    received: datetime, policy: Policy
) -> None:
    """Seen from either side, the window is the same: B repeats A exactly when A
    came in within B's earlier span, i.e. B within A's later span."""
    for offset in (0, 1, policy.repeat_window_days - 1, policy.repeat_window_days):
        later = received + timedelta(days=offset)
        assert in_earlier_span(received, earlier_span(later, policy))
        since, until = later_span(received, policy)
        assert since <= later <= until
    too_late = received + timedelta(days=policy.repeat_window_days, seconds=1)
    assert not in_earlier_span(received, earlier_span(too_late, policy))


phones = st.none() | st.sampled_from(["13812345678", "13912345678"])


@given(phones, phones)
def test_only_the_same_phone_counts_and_a_name_alone_is_a_suspicion(
    phone: str | None, later_phone: str | None
) -> None:
    key = sought_under(7, later_phone)
    counted = key is not None and key == sought_under(7, phone)
    assert counted == (later_phone is not None and phone == later_phone)
    # Two different phones are two people; without a phone on both, a name may be one.
    assert suspected(phone, later_phone) == (phone is None or later_phone is None)


@given(
    st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2030, 1, 1)),
    st.integers(min_value=0, max_value=200),
    st.integers(min_value=1, max_value=3),
)
def test_a_link_holds_the_rule_but_for_who_the_complainant_is(
    received: datetime, days_before: int, unit: int
) -> None:
    policy = Policy()
    case = Linked(2, "2026-0002", 1, received)
    earlier = Linked(1, "2026-0001", unit, received - timedelta(days=days_before))
    refusal = link_refusal(case, earlier, policy)
    allowed = unit == 1 and days_before <= policy.repeat_window_days
    assert (refusal is None) == allowed
    if unit != 1:
        assert refusal is not None and "单位不同" in refusal
    assert link_refusal(case, case, policy) is not None
    backwards = link_refusal(earlier._replace(unit=1), case, policy)
    assert backwards is not None and "tousu link 2026-0002 2026-0001" in backwards


# -- phones ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "kept"),
    [
        ("13812345678", "13812345678"),
        ("138-1234-5678", "13812345678"),
        ("+86 138 1234 5678", "13812345678"),
        ("１３８１２３４５６７８", "13812345678"),
        ("0571-88888888", "0571-88888888"),
        ("010 12345678", "01012345678"),
        ("0571-8888 8888-123", "0571-88888888-123"),
    ],
)
def test_a_phone_is_kept_in_one_form(written: str, kept: str) -> None:
    assert validation.phone(written) == kept


@pytest.mark.parametrize(
    ("written", "said"),
    [
        ("1381234567", "手机号码应为 11 位"),
        ("12812345678", "手机号码应为 11 位"),
        ("12345678", "固定电话须带区号"),
        ("0571-123", "固定电话须带区号"),
        ("138abc45678", "格式不对"),
    ],
)
def test_a_phone_that_is_none_is_refused_without_repeating_it(written: str, said: str) -> None:
    with pytest.raises(InvalidInput, match=said) as refused:
        validation.phone(written)
    assert written not in str(refused.value)
