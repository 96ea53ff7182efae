"""`tousu calendar …` end to end against a real database file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.conftest import Invoke


@pytest.fixture(autouse=True)
def ledger(tousu: Invoke) -> None:
    """The calendar's entries are kept in a ledger, made first as a clerk would."""
    assert tousu("init").exit_code == 0


def test_due_prints_json_as_the_contract_shows(tousu: Invoke) -> None:
    result = tousu("calendar", "due", "2026-09-30", "1", "--json")
    assert result.exit_code == 0
    assert result.json() == {
        "start": "2026-09-30",
        "days": 1,
        "due": "2026-10-08",
        "provisional": False,
    }


def test_due_in_words(tousu: Invoke) -> None:
    result = tousu("calendar", "due", "2026-09-30", "5")
    assert result.exit_code == 0
    assert result.stdout.strip() == "2026-09-30 后第 5 个工作日是 2026-10-13(星期二)"


def test_check_a_make_up_saturday(tousu: Invoke) -> None:
    document = tousu("calendar", "check", "2026-10-10", "--json").json()
    assert isinstance(document, dict)
    assert document["date"] == "2026-10-10"
    assert document["workday"] is True
    assert document["provisional"] is False
    assert document["kind"] == "makeup_workday"
    assert document["reason"] == "国庆节调休上班"


def test_dates_are_china_dates(tousu: Invoke) -> None:
    result = tousu("calendar", "check", "2026-11-23T17:30:00Z", "--json")
    assert result.json()["date"] == "2026-11-24"
    due = tousu("calendar", "due", "2026-09-30T20:00:00-04:00", "1", "--json").json()
    assert due["start"] == "2026-10-01"


def test_explain_walks_every_day(tousu: Invoke) -> None:
    document = tousu("calendar", "due", "2026-09-30", "1", "--explain", "--json").json()
    assert isinstance(document, dict)
    walked = document["walked"]
    assert [d["date"] for d in walked][:2] == ["2026-10-01", "2026-10-02"]
    assert [d["workday"] for d in walked] == [False] * 7 + [True]
    text = tousu("calendar", "due", "2026-09-30", "1", "--explain").stdout
    assert "国庆节假期" in text and "第 1 个工作日" in text


def test_an_unannounced_year_is_provisional_until_typed_in_and_confirmed(
    tousu: Invoke,
) -> None:
    def due() -> object:
        return tousu("calendar", "due", "2026-12-24", "10", "--json").json()

    assert due() == {"start": "2026-12-24", "days": 10, "due": "2027-01-08", "provisional": True}
    assert tousu("calendar", "set", "2027-01-01", "holiday", "--name", "元旦").exit_code == 0
    assert tousu("calendar", "set", "2027-01-04", "holiday", "--name", "元旦补休").exit_code == 0
    assert due() == {"start": "2026-12-24", "days": 10, "due": "2027-01-11", "provisional": True}
    assert tousu("calendar", "confirm", "2027").exit_code == 0
    assert due() == {"start": "2026-12-24", "days": 10, "due": "2027-01-11", "provisional": False}
    assert tousu("calendar", "unset", "2027-01-04").exit_code == 0
    assert due() == {"start": "2026-12-24", "days": 10, "due": "2027-01-08", "provisional": False}


def test_entries_are_listed_and_recorded(tousu: Invoke, db_path: Path) -> None:
    tousu("calendar", "set", "2027-02-20", "workday", "--name", "春节调休")
    tousu("calendar", "set", "2027-02-09", "休息日")
    tousu("calendar", "confirm", "2027")
    listing = tousu("calendar", "list", "--year", "2027", "--json").json()
    assert listing == {
        "overrides": [
            {"date": "2027-02-09", "workday": False, "name": ""},
            {"date": "2027-02-20", "workday": True, "name": "春节调休"},
        ],
        "confirmed_years": [2027],
        "official_years": [2004, 2026],
        "disagreeing_with_package": [],
    }
    with sqlite3.connect(db_path) as conn:
        actions = [row[0] for row in conn.execute("SELECT action FROM events ORDER BY id")]
        actors = {row[0] for row in conn.execute("SELECT actor FROM events")}
    assert actions == ["calendar_set", "calendar_set", "calendar_confirm"]
    assert actors == {"测试员"}


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["calendar", "due", "2026-02-30", "1"], 2, "不存在"),
        (["calendar", "due", "2026-01-01", "-3"], 2, "负数"),
        (["calendar", "due", "明天", "1"], 2, "格式不对"),
        (["calendar", "due", "2026-01-01", "三"], 2, "整数"),
        (["calendar", "due", "2026-01-01", "100000"], 1, "0 到 1000"),
        (["calendar", "check", "2026-13-01"], 2, "不存在"),
        (["calendar", "set", "2027-01-04", "maybe"], 2, "holiday"),
        (["calendar", "unset", "2027-01-04"], 1, "没有经办人设定"),
        (["calendar", "confirm", "27"], 2, "2026"),
        (["calendar", "due", "2026-01-01"], 2, "缺少 N"),
        (["calendar", "nope"], 2, "没有这个命令"),
    ],
)
def test_bad_input_is_one_chinese_line_and_writes_nothing(
    tousu: Invoke, db_path: Path, args: list[str], code: int, message: str
) -> None:
    result = tousu(*args)
    assert result.exit_code == code
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("错误:") and message in lines[0]
    assert result.stdout == ""
    if db_path.exists():
        with sqlite3.connect(db_path) as conn:
            assert conn.execute("SELECT count(*) FROM events").fetchone() == (0,)
            assert conn.execute("SELECT count(*) FROM calendar_day").fetchone() == (0,)


def test_confirming_twice_is_refused(tousu: Invoke) -> None:
    assert tousu("calendar", "confirm", "2028").exit_code == 0
    again = tousu("calendar", "confirm", "2028")
    assert again.exit_code == 1
    assert "已经确认过" in again.stderr
    assert tousu("calendar", "confirm", "2028", "--undo").exit_code == 0
    assert tousu("calendar", "due", "2027-12-30", "1", "--json").json()["provisional"] is True


def test_reading_never_creates_the_database(tousu: Invoke, tmp_path: Path) -> None:
    elsewhere = ("--db", str(tmp_path / "nowhere.db"))
    assert tousu(*elsewhere, "calendar", "due", "2026-09-30", "1").exit_code == 0
    assert tousu(*elsewhere, "calendar", "list").exit_code == 0
    assert not (tmp_path / "nowhere.db").exists()


def test_a_confirmed_year_keeps_no_statutory_guess(tousu: Invoke) -> None:
    """The trap: 春节 2027 typed in day by day and confirmed, 除夕 (02-05) was
    still guessed off, and a reply due on it came out a working day late."""
    for n in range(6, 14):
        entered = tousu("calendar", "set", f"2027-02-{n:02d}", "holiday", "--name", "春节")
        assert entered.exit_code == 0
    for day in ("2027-02-14", "2027-02-20"):
        assert tousu("calendar", "set", day, "workday", "--name", "春节").exit_code == 0
    assert tousu("calendar", "due", "2027-01-29", "5", "--json").json()["due"] == "2027-02-14"
    assert tousu("calendar", "confirm", "2027").exit_code == 0
    answer = tousu("calendar", "due", "2027-01-29", "5", "--json").json()
    assert answer["due"] == "2027-02-05" and answer["provisional"] is False


NOTICES = Path(__file__).parents[1] / "data" / "notices"


def test_a_notice_is_read_shown_and_stored_as_the_years_schedule(
    tousu: Invoke, db_path: Path
) -> None:
    notice = str(NOTICES / "2027-made-up.txt")
    rehearsal = tousu("calendar", "notice", notice, "--dry-run", "--json").json()
    assert rehearsal["year"] == 2027 and rehearsal["applied"] is False
    assert "2027-02-05" in rehearsal["holidays"] and "2027-02-14" in rehearsal["workdays"]
    assert [f["name"] for f in rehearsal["festivals"]][:2] == ["元旦", "春节"]
    assert rehearsal["differences"] == []  # the package does not know 2027
    assert tousu("calendar", "list", "--json").json()["overrides"] == []
    shown = tousu("calendar", "notice", notice)
    assert shown.exit_code == 0, shown.stderr
    assert "2月5日(五)至2月12日(五),共8天" in shown.stdout and "已录入并确认" in shown.stdout
    listed = tousu("calendar", "list", "--json").json()
    declared = len(rehearsal["holidays"]) + len(rehearsal["workdays"])
    assert 2027 in listed["confirmed_years"] and len(listed["overrides"]) == declared == 34
    assert tousu("calendar", "due", "2027-01-29", "5", "--json").json()["due"] == "2027-02-14"
    again = tousu("calendar", "notice", notice)
    assert "未做任何更改" in again.stdout


def test_a_past_notice_agrees_with_the_package(tousu: Invoke) -> None:
    answer = tousu("calendar", "notice", str(NOTICES / "2026.txt"), "--dry-run", "--json").json()
    assert answer["differences"] == []
    assert len(answer["holidays"]) == 33 and len(answer["workdays"]) == 6


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("", "通知文本是空的"),
        ("本报讯 昨日市民政服务中心开展便民活动,现场办理业务200余件。", "没有读到任何放假"),
        ("现将2027年春节放假安排通知如下。\n一、春节:2月30日至3月2日放假调休,共3天。", "不存在"),
        ("现将2027年国庆节放假安排通知如下。\n一、国庆节:10月7日至1日放假调休。", "颠倒"),
        ("现将2300年元旦放假安排通知如下。\n一、元旦:1月1日放假1天。", "年份"),
    ],
)  # fmt: skip
def test_a_notice_that_cannot_be_read_stores_nothing(
    tousu: Invoke, db_path: Path, tmp_path: Path, text: str, said: str
) -> None:
    path = tmp_path / "notice.txt"
    path.write_text(text, encoding="utf-8")
    result = tousu("calendar", "notice", str(path))
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    assert said in line
    listed = tousu("calendar", "list", "--json").json()
    assert listed["overrides"] == [] and listed["confirmed_years"] == []


def test_a_range_is_set_and_unset_in_one_command(tousu: Invoke) -> None:
    result = tousu(
        "calendar", "set", "2027-02-06..2027-02-13", "holiday", "--name", "春节", "--json"
    )
    assert result.exit_code == 0, result.stderr
    days = result.json()["days"]
    assert [d["date"] for d in days][::7] == ["2027-02-06", "2027-02-13"] and len(days) == 8
    assert not any(d["workday"] for d in days)
    listed = tousu("calendar", "list", "--json").json()["overrides"]
    assert [o["date"] for o in listed] == [f"2027-02-{n:02d}" for n in range(6, 14)]
    said = tousu("calendar", "unset", "2027-02-10..2027-02-11").stdout
    assert "2027-02-10 至 2027-02-11,共 2 天" in said
    assert len(tousu("calendar", "list", "--json").json()["overrides"]) == 6
    backwards = tousu("calendar", "set", "2027-02-13..2027-02-06", "holiday")
    assert backwards.exit_code == 2 and "颠倒" in backwards.stderr
    nothing = tousu("calendar", "unset", "2027-03-01..2027-03-02")
    assert nothing.exit_code == 1 and "没有经办人设定" in nothing.stderr


def test_confirm_says_which_guessed_holidays_become_working_days(tousu: Invoke) -> None:
    assert tousu("calendar", "set", "2027-02-06..2027-02-13", "holiday").exit_code == 0
    rehearsal = tousu("calendar", "confirm", "2027", "--dry-run", "--json").json()
    assert rehearsal["confirmed"] is False
    assert "2027-02-05" in rehearsal["released"] and "2027-05-01" not in rehearsal["released"]
    assert tousu("calendar", "list", "--json").json()["confirmed_years"] == []  # nothing stored
    confirmed = tousu("calendar", "confirm", "2027", "--json").json()
    assert confirmed["confirmed"] is True and confirmed["released"] == rehearsal["released"]
    assert tousu("calendar", "list", "--json").json()["confirmed_years"] == [2027]


def test_an_entry_the_package_answers_otherwise_is_named_in_list_and_verify(
    tousu: Invoke,
) -> None:
    """2026-01-04 is the package's make-up working day for 元旦 2026."""
    forced = ("--force", "--reason", "大楼停电")
    set_day = tousu("calendar", "set", "2026-01-04", "holiday", "--name", "停电闭厅", *forced)
    assert set_day.exit_code == 0
    assert tousu("calendar", "set", "2026-01-05", "workday").exit_code == 0  # agrees: a Monday
    listed = tousu("calendar", "list", "--json").json()
    assert listed["disagreeing_with_package"] == ["2026-01-04"]
    checked = tousu("verify", "--json")
    assert checked.exit_code == 0  # the entry wins: a warning, not a problem
    (warning,) = checked.json()["warnings"]
    assert "2026-01-04" in warning and "数据包" in warning


def test_an_extension_with_nothing_to_extend_is_refused(tousu: Invoke) -> None:
    """国办发明电〔2020〕1号 alone: it runs 春节 on from days this ledger does not have."""
    result = tousu("calendar", "notice", str(NOTICES / "2020-extension.txt"), "--amend")
    assert result.exit_code == 1 and "请先录入该年的通知" in result.stderr
    listed = tousu("calendar", "list", "--json").json()
    assert listed["overrides"] == [] and listed["confirmed_years"] == []
    assert tousu("calendar", "notice", str(NOTICES / "2020.txt")).exit_code == 0
    extended = tousu("calendar", "notice", str(NOTICES / "2020-extension.txt"), "--amend")
    assert extended.exit_code == 0, extended.stderr
    assert tousu("calendar", "check", "2020-02-01", "--json").json()["workday"] is False


def test_overriding_the_package_needs_force_and_a_reason_and_says_what_it_overrides(
    tousu: Invoke,
) -> None:
    """2026-01-04 (a Sunday) is the package's make-up working day of 元旦 2026."""
    for extra in ((), ("--force",), ("--reason", "大楼停电")):
        refused = tousu("calendar", "set", "2026-01-04", "holiday", *extra)
        assert refused.exit_code == 1 and "--force" in refused.stderr
        assert "元旦调休上班" in refused.stderr
    assert tousu("calendar", "list", "--json").json()["overrides"] == []
    forced = tousu("calendar", "set", "2026-01-04", "holiday", "--force", "--reason", "大楼停电")
    assert forced.exit_code == 0, forced.stderr
    assert "已覆盖日历数据包" in forced.stderr and "元旦调休上班" in forced.stderr
    checked = tousu("calendar", "check", "2026-01-04")
    assert "休息日" in checked.stdout and "依据:经办人录入" in checked.stdout
    # A day the package agrees with, or a year it does not know, needs no force.
    assert tousu("calendar", "set", "2026-01-03", "holiday").exit_code == 0
    assert tousu("calendar", "set", "2027-03-01", "holiday").exit_code == 0


@pytest.mark.parametrize(
    ("day", "source"),
    [
        ("2026-01-04", "日历数据包(国务院放假安排)"),
        ("2026-03-07", "周末与工作日规则"),
        ("2027-02-06", "本单位录入的国务院办公厅通知"),
        ("2027-03-01", "经办人录入"),
        ("2028-01-01", "法定节假日推算(暂定)"),
    ],
)
def test_check_names_the_source_that_decided_the_day(tousu: Invoke, day: str, source: str) -> None:
    assert tousu("calendar", "notice", str(NOTICES / "2027-made-up.txt")).exit_code == 0
    assert tousu("calendar", "set", "2027-03-01", "holiday", "--name", "停电").exit_code == 0
    checked = tousu("calendar", "check", day)
    assert checked.stdout.strip().endswith(f"依据:{source}"), checked.stdout


def test_a_calendar_entry_needs_a_ledger_made_first(tousu: Invoke, tmp_path: Path) -> None:
    missing = tmp_path / "typo.db"
    refused = tousu("--db", str(missing), "calendar", "set", "2027-03-01", "holiday")
    assert refused.exit_code == 1 and "不存在" in refused.stderr and "tousu init" in refused.stderr
    assert not missing.exists()
    # A question the calendar answers alone needs none.
    assert tousu("--db", str(missing), "calendar", "check", "2027-03-01").exit_code == 0
    assert not missing.exists()
