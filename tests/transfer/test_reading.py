"""Reading files: encodings, delimiters, Excel cells, and the times a file may hold."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from tousu_cli.chinatime import CHINA_TZ
from tousu_cli.domain.errors import InvalidInput
from tousu_cli.transfer.fields import Mapping, parse_time, resolve_headers
from tousu_cli.transfer.source import detect_encoding, open_source

CHINESE = "收到时间,投诉人,投诉内容\n2026-10-12 09:00,张三,窗口人员态度生硬,不耐烦解释\n" * 20


def test_gb18030_is_told_from_utf8() -> None:
    assert detect_encoding(CHINESE.encode("gb18030")) == "gb18030"
    assert detect_encoding(CHINESE.encode("gbk")) == "gb18030"
    assert detect_encoding(CHINESE.encode("utf-8")) == "utf-8"
    assert detect_encoding(CHINESE.encode("utf-8-sig")) == "utf-8-sig"


def test_a_damaged_byte_does_not_make_utf8_look_like_gb18030() -> None:
    damaged = CHINESE.encode("utf-8").replace("生硬".encode(), b"\xff\xfe", 1)
    assert detect_encoding(damaged) == "utf-8"


def test_a_sample_cut_inside_a_character_is_still_utf8() -> None:
    data = CHINESE.encode("utf-8")
    cut = next(i for i in range(len(data) - 200, len(data)) if data[i] >= 0xE0) + 1
    assert detect_encoding(data[:cut]) == "utf-8"


def test_utf16_is_refused_with_advice() -> None:
    with pytest.raises(InvalidInput, match="UTF-8"):
        detect_encoding(CHINESE.encode("utf-16"))


def test_tab_separated_text(tmp_path: Path) -> None:
    path = tmp_path / "orders.txt"
    path.write_text("收到时间\t投诉人\n2026-10-12 09:00\t张三, 李四\n", encoding="utf-8")
    source = open_source(path)
    try:
        assert source.headers == ["收到时间", "投诉人"]
        (row,) = list(source.rows)
        assert row.line == 2 and row.cells == ["2026-10-12 09:00", "张三, 李四"]
    finally:
        source.close()


def test_rows_are_numbered_as_a_spreadsheet_numbers_them(tmp_path: Path) -> None:
    path = tmp_path / "quoted.csv"
    path.write_text('a,b\n1,"two\nlines"\n\n3,x\n', encoding="utf-8")
    source = open_source(path)
    try:
        assert [(r.line, r.cells[0]) for r in source.rows] == [(2, "1"), (4, "3")]
    finally:
        source.close()


@pytest.mark.parametrize(
    ("text", "expected", "has_time"),
    [
        ("2026-03-02 09:05", datetime(2026, 3, 2, 9, 5), True),
        ("2026-03-02 09:05:30", datetime(2026, 3, 2, 9, 5, 30), True),
        ("2026/3/2 9:05", datetime(2026, 3, 2, 9, 5), True),
        ("2026年3月2日 9时5分", datetime(2026, 3, 2, 9, 5), True),
        ("2026-03-02", datetime(2026, 3, 2), False),
        ("2026-03-02T01:05:00Z", datetime(2026, 3, 2, 9, 5), True),
    ],
)
def test_the_times_a_file_may_hold(text: str, expected: datetime, has_time: bool) -> None:
    moment = parse_time(text)
    assert moment.at == expected.replace(tzinfo=CHINA_TZ) and moment.has_time is has_time


@pytest.mark.parametrize("text", ["2026-02-30 10:00", "2026-13-01", "昨天", "10:00"])
def test_times_that_are_not(text: str) -> None:
    with pytest.raises(InvalidInput):
        parse_time(text)


def test_headers_mean_what_the_file_around_them_says() -> None:
    # A 12345 work order: 受理时间 is when the call came in, 承办单位 the unit.
    order = resolve_headers(["受理时间", "来源", "承办单位", "投诉类别", "主要内容"], Mapping())
    assert [f.key for _, f in order.columns] == [
        "received_at",
        "channel",
        "unit",
        "category",
        "content",
    ]
    # The ledger has 收到时间 and 被投诉单位: there they are later stages.
    ledger = resolve_headers(
        ["收到时间", "渠道", "被投诉单位", "类别", "投诉内容", "受理时间", "承办单位"], Mapping()
    )
    assert [f.key for _, f in ledger.columns][-2:] == ["accepted_at", "handler_unit"]


def test_two_columns_for_one_field_are_refused() -> None:
    with pytest.raises(InvalidInput, match="都对应"):
        resolve_headers(
            ["来电时间", "投诉时间", "渠道", "被投诉单位", "类别", "投诉内容"], Mapping()
        )
