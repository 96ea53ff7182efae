"""Dates and times as a clerk types them, always China time; the rest refused in Chinese."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from tousu_cli import chinatime
from tousu_cli.chinatime import CHINA_TZ, parse_date, parse_datetime
from tousu_cli.domain.errors import InvalidInput


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=CHINA_TZ)


@pytest.mark.parametrize(
    ("typed", "moment"),
    [
        ("2026-12-05 09:00", at(2026, 12, 5, 9, 0)),
        ("2026-12-5 9:00", at(2026, 12, 5, 9, 0)),
        ("2026/12/5", at(2026, 12, 5)),
        ("2026/12/5 9:05", at(2026, 12, 5, 9, 5)),
        ("2026.12.05", at(2026, 12, 5)),
        ("2026年12月5日", at(2026, 12, 5)),
        ("2026年12月5日 9时30分", at(2026, 12, 5, 9, 30)),
        ("2026年12月5日9点半", at(2026, 12, 5, 9, 30)),
        ("２０２６－１２－０５ ０９：００", at(2026, 12, 5, 9, 0)),
        ("2026-11-23T17:30:00Z", at(2026, 11, 24, 1, 30)),  # a zone: converted
        ("2026-11-24 01:30:00+08:00", at(2026, 11, 24, 1, 30)),
    ],
)
def test_the_forms_a_clerk_types_are_read_as_china_time(typed: str, moment: datetime) -> None:
    assert parse_datetime(typed) == moment


def test_relative_days_and_a_day_without_its_year() -> None:
    today = chinatime.today()
    assert parse_datetime("今天 9:00") == at(today.year, today.month, today.day, 9, 0)
    yesterday = today - timedelta(days=1)
    assert parse_datetime("昨天 16:30") == at(
        yesterday.year, yesterday.month, yesterday.day, 16, 30
    )
    assert parse_date("前天") == today - timedelta(days=2)
    assert parse_date("3月1日") == today.replace(month=3, day=1)


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("2026-02-30", "不存在"),
        ("2026-12-05 25:00", "不存在"),
        ("明天", "格式不对"),
        ("12/5", "格式不对"),
        ("2026年13月1日", "不存在"),
        ("1926-12-05", "超出范围"),
    ],
)
def test_what_cannot_be_read_is_refused_with_the_forms(typed: str, said: str) -> None:
    with pytest.raises(InvalidInput, match=said) as refused:
        parse_datetime(typed)
    if said == "格式不对":
        assert "今天 9:00" in str(refused.value)  # says what may be written
