"""tousu amend: a registration corrected on the record, and what follows from it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Invoke, stored_events
from tousu_cli import chinatime

CASE = ["--channel", "phone", "--category", "服务态度", "--unit", "税务窗口", "--content", "态度差"]


def register(tousu: Invoke, received: str, phone: str, *more: str) -> None:
    result = tousu("register", *CASE, "--received", received, "--complainant", "张三",
                   "--phone", phone, *more)  # fmt: skip
    assert result.exit_code == 0, result.stderr


def case(tousu: Invoke, number: str) -> dict[str, Any]:
    document: dict[str, Any] = tousu("show", number, "--json").json()
    return document


def last_amend(db: Path, number: str) -> dict[str, Any]:
    return stored_events(db, "c.number = ? AND e.action = 'amend'", number)[-1]


@pytest.mark.parametrize(
    ("option", "value", "field", "stored"),
    [
        ("--complainant", "张珊", "complainant", "张珊"),
        ("--phone", "139-0000-1111", "phone", "13900001111"),
        ("--id-number", "110101199003071233", "id_number", "110101199003071233"),
        ("--unit", "社保窗口", "unit", "社保窗口"),
        ("--window", "5号窗口", "window_name", "5号窗口"),
        ("--staff", "李四", "staff", "李四"),
        ("--category", "办事效率/拖延超时", "category", "办事效率/拖延超时"),
        ("--content", "排队太久", "content", "排队太久"),
        ("--demand", "道歉", "demand", "道歉"),
        ("--evidence", "录音", "evidence", ["录音"]),
        ("--external-id", "GD-7", "external_id", "GD-7"),
        ("--channel", "visit", "channel", "visit"),
        ("--form", "written", "form", "written"),
    ],
)
def test_each_fact_is_corrected_with_its_value_before_and_after(
    tousu: Invoke, db_path: Path, option: str, value: str, field: str, stored: Any
) -> None:
    register(tousu, "2026-11-02 09:00", "13812345678")
    before = case(tousu, "2026-0001")
    result = tousu("amend", "2026-0001", option, value, "--reason", "登记有误")
    assert result.exit_code == 0, result.stderr
    (change,) = last_amend(db_path, "2026-0001")["changes"]
    assert change["field"] == field and change["to"] == stored
    assert change["from"] != stored
    assert last_amend(db_path, "2026-0001")["reason"] == "登记有误"
    after = case(tousu, "2026-0001")
    assert after["number"] == before["number"]  # the number never changes
    assert after != before
    assert tousu("verify").exit_code == 0


def test_a_corrected_phone_is_whole_on_record_and_masked_in_show(
    tousu: Invoke, db_path: Path
) -> None:
    register(tousu, "2026-11-02 09:00", "13812345678")
    assert tousu("amend", "2026-0001", "--phone", "13900001111", "--reason", "错号").exit_code == 0
    assert last_amend(db_path, "2026-0001")["changes"][0]["to"] == "13900001111"
    shown = tousu("show", "2026-0001").stdout
    assert "联系电话:138****5678 → 139****1111" in shown
    assert "13900001111" not in shown
    assert "13900001111" in tousu("show", "2026-0001", "--reveal").stdout


def test_a_received_time_corrected_moves_the_accept_clock(tousu: Invoke, db_path: Path) -> None:
    register(tousu, "2026-10-09 16:00", "13812345678")  # due 2026-10-10, a make-up Saturday
    assert case(tousu, "2026-0001")["clocks"][0]["due"] == "2026-10-10"
    result = tousu("amend", "2026-0001", "--received", "2026-09-30 16:00", "--reason", "录错")
    assert result.exit_code == 0, result.stderr
    (accept,) = case(tousu, "2026-0001")["clocks"]
    assert (accept["started_on"], accept["due"]) == ("2026-09-30", "2026-10-08")  # after 国庆
    assert tousu("verify").exit_code == 0


def test_a_phone_corrected_counts_repeats_again_on_both_sides(tousu: Invoke, db_path: Path) -> None:
    register(tousu, "2026-11-02 09:00", "13812345678")
    register(tousu, "2026-11-09 09:00", "13812345678")
    register(tousu, "2026-11-16 09:00", "13900001111")
    assert case(tousu, "2026-0003")["repeat_rank"] == 1
    assert tousu("amend", "2026-0003", "--phone", "13812345678", "--reason", "错号").exit_code == 0
    third = case(tousu, "2026-0003")
    assert (third["repeat_rank"], third["escalated"]) == (3, True)  # the third: 督办
    assert tousu("amend", "2026-0002", "--phone", "13700000000", "--reason", "错号").exit_code == 0
    third = case(tousu, "2026-0003")
    assert (third["repeat_rank"], third["escalated"]) == (2, False)  # amended away
    assert [r["number"] for r in third["repeats"]] == ["2026-0001"]
    assert case(tousu, "2026-0002")["repeat_rank"] == 1
    assert tousu("verify").exit_code == 0


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["--reason", "x"], "请写明要更正的项目"),
        (["--phone", "13812345678", "--reason", "x"], "所给的值与登记的相同"),
        (["--phone", "1381234", "--reason", "  "], "须填写更正理由"),
        (["--received", "2026-11-02 11:00", "--reason", "x"], "登记时间早于收到时间"),
        (["--complainant", "李四", "--anonymous", "--reason", "x"], "只能选一个"),
        (["--content", " ", "--reason", "x"], "须填写投诉内容"),
    ],
)
def test_a_correction_that_cannot_be_is_refused_and_changes_nothing(
    tousu: Invoke, db_path: Path, argv: list[str], said: str
) -> None:
    register(tousu, "2026-11-02 09:00", "13812345678")
    assert tousu("accept", "2026-0001", "--at", "2026-11-02 10:00").exit_code == 0
    before = case(tousu, "2026-0001")
    result = tousu("amend", "2026-0001", *argv)
    assert result.exit_code == 1 and said in result.stderr, result.stderr
    assert case(tousu, "2026-0001") == before


def test_an_archived_case_is_corrected_too(tousu: Invoke, db_path: Path) -> None:
    register(tousu, "2026-11-02 09:00", "13812345678")
    assert (
        tousu("reject", "2026-0001", "--reason", "不属实", "--at", "2026-11-02 10:00").exit_code
        == 0
    )
    assert (
        tousu("notify", "2026-0001", "--method", "phone", "--at", "2026-11-02 11:00").exit_code == 0
    )
    assert tousu("archive", "2026-0001", "--at", "2026-11-02 12:00").exit_code == 0
    assert tousu("amend", "2026-0001", "--staff", "王五", "--reason", "补记").exit_code == 0
    assert case(tousu, "2026-0001")["staff"] == "王五"


def test_a_case_is_named_by_its_number_short(tousu: Invoke, db_path: Path) -> None:
    """Within this year by its sequence (12, 0012), else with a two-digit year (26-12)."""
    today = chinatime.today()
    last = today.year - 1
    for day in (f"{last}-03-02 09:00", f"{last}-03-03 09:00", f"{today} 00:00"):
        register(tousu, day, "13812345678")
    assert case(tousu, "1")["number"] == f"{today.year}-0001"
    assert case(tousu, f"{last % 100:02d}-2")["number"] == f"{last}-0002"
    assert case(tousu, "0001")["number"] == f"{today.year}-0001"
    assert tousu("accept", "1").exit_code == 0
    missing = tousu("show", "2")
    assert missing.exit_code == 1
    said = f"没有编号为 {today.year}-0002 的投诉件;编号以此结尾的有:{last}-0002"
    assert said in missing.stderr


def test_registering_the_same_complaint_again_within_a_week_is_warned_of(
    tousu: Invoke, db_path: Path
) -> None:
    register(tousu, "2026-11-02 09:00", "13812345678")
    again = tousu("register", *CASE, "--received", "2026-11-05 09:00", "--complainant", "张三",
                  "--phone", "13812345678")  # fmt: skip
    assert again.exit_code == 0
    assert again.stderr.strip() == "可能重复登记:2026-0001"
    assert case(tousu, "2026-0002")["number"] == "2026-0002"  # registered all the same
    later = tousu("register", *CASE, "--received", "2026-11-20 09:00", "--complainant", "张三",
                  "--phone", "13812345678")  # fmt: skip
    other = tousu("register", "--channel", "phone", "--category", "服务态度", "--unit", "税务窗口",
                  "--content", "另一件事", "--received", "2026-11-21 09:00",
                  "--complainant", "张三", "--phone", "13812345678")  # fmt: skip
    assert "可能重复登记" not in later.stderr + other.stderr


def test_a_voided_case_leaves_the_lists_reports_and_repeat_counts(
    tousu: Invoke, db_path: Path
) -> None:
    for day, content in (("02", "态度差"), ("03", "又一次"), ("04", "第三次")):
        result = tousu("register", *CASE[:-2], "--content", content, "--complainant", "张三",
                       "--phone", "13812345678", "--received", f"2026-11-{day} 09:00")  # fmt: skip
        assert result.exit_code == 0, result.stderr
    assert case(tousu, "2026-0003")["escalated"] is True
    voided = tousu("void", "2", "--reason", "重复登记")
    assert voided.exit_code == 0, voided.stderr
    assert voided.stdout.startswith("2026-0002 已作废") and "受理" not in voided.stdout
    assert case(tousu, "2026-0003")["repeat_rank"] == 2  # counted again, 督办 gone
    assert case(tousu, "2026-0003")["escalated"] is False
    listed = [c["number"] for c in tousu("list", "--json").json()]
    assert listed == ["2026-0003", "2026-0001"]
    assert [c["number"] for c in tousu("list", "--voided", "--json").json()] == ["2026-0002"]
    assert tousu("search", "又一次", "--json").json() == []
    assert [c["number"] for c in tousu("search", "又一次", "--voided", "--json").json()] == [
        "2026-0002"
    ]
    stats = tousu("report", "stats", "--month", "2026-11", "--json").json()
    assert stats["received"] == 2
    overdue = tousu("report", "overdue", "--json").json()
    assert "2026-0002" not in [item["number"] for item in overdue["overdue"]]
    shown = case(tousu, "2026-0002")  # still on record, and said so
    assert "已作废" in shown["flags"]
    assert tousu("accept", "2026-0002").exit_code == 1
    again = tousu("void", "2026-0002", "--reason", "x")
    assert again.exit_code == 1 and "已于" in again.stderr
    assert tousu("verify").exit_code == 0


def test_a_re_imported_ledger_corrects_its_cases_by_their_numbers(
    tousu: Invoke, db_path: Path, tmp_path: Path
) -> None:
    """Corrected 投诉人, 收到时间 and 被投诉单位 in an exported ledger: amends of the
    same cases, the file as the reason; never 编号已被另一件投诉使用."""
    import csv

    register(tousu, "2026-11-02 09:00", "13812345678")
    register(tousu, "2026-11-03 09:00", "13900001111")
    ledger = tmp_path / "台账.csv"
    assert tousu("export", str(ledger), "--reveal").exit_code == 0
    with ledger.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    header = rows[0]
    first, second = (row for row in rows[1:] if row[0] in {"2026-0001", "2026-0002"})
    first[header.index("投诉人")] = "张珊"
    first[header.index("收到时间")] = "2026-11-02 08:30:00"
    second[header.index("被投诉单位")] = "社保窗口"
    with ledger.open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows(rows)
    imported = tousu("import", str(ledger), "--update", "--json")
    assert imported.exit_code == 0, imported.stderr
    assert (imported.json()["new"], imported.json()["updated"]) == (0, 2)
    one, two = case(tousu, "2026-0001"), case(tousu, "2026-0002")
    assert (one["complainant"]["name"], one["received_at"][:16]) == ("张珊", "2026-11-02T08:30")
    assert two["unit"] == "社保窗口"
    assert last_amend(db_path, "2026-0001")["reason"] == "按导入文件 台账.csv 第 2 行更正"
    assert tousu("verify").exit_code == 0
