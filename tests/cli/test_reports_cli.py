"""report overdue, report stats and export, through the command line."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from tests.conftest import Invoke


def register(tousu: Invoke, received: str, unit: str = "不动产登记窗口", **extra: str) -> str:
    args = [
        "register", "--received", received, "--channel", "来电", "--complainant", "张三",
        "--phone", extra.pop("phone", "13812345678"), "--unit", unit,
        "--category", "服务态度", "--content", "态度生硬",
    ]  # fmt: skip
    for option, value in extra.items():
        args += [f"--{option}", value]
    result = tousu(*args, "--json")
    assert result.exit_code == 0, result.stderr
    return str(result.json()["number"])


@pytest.fixture
def reply_due_on_national_day_eve(tousu: Invoke) -> str:
    """A case accepted 2026-09-22: its reply is due 2026-09-30, before the holiday."""
    number = register(tousu, "2026-09-22 09:00")
    assert tousu("accept", number, "--at", "2026-09-22 10:00").exit_code == 0
    return number


def test_overdue_counts_working_days_across_the_national_day(
    tousu: Invoke, reply_due_on_national_day_eve: str
) -> None:
    number = reply_due_on_national_day_eve
    before = tousu("report", "overdue", "--as-of", "2026-09-30", "--json").json()
    assert before["overdue"] == []
    assert [(i["number"], i["clock"], i["due"], i["days_left"]) for i in before["due_soon"]] == [
        (number, "reply", "2026-09-30", 0)
    ]
    # 10-01..10-07 are holidays: still only due-date-passed, no working day lost yet.
    during = tousu("report", "overdue", "--as-of", "2026-10-05", "--json").json()
    assert [(i["number"], i["overdue_days"]) for i in during["overdue"]] == [(number, 0)]
    after = tousu("report", "overdue", "--as-of", "2026-10-09", "--json").json()
    assert after["as_of"] == "2026-10-09"
    (item,) = after["overdue"]
    assert (item["number"], item["clock"], item["due"], item["overdue_days"]) == (
        number, "reply", "2026-09-30", 2,
    )  # fmt: skip
    assert (item["unit"], item["status"], item["provisional"]) == (
        "不动产登记窗口",
        "accepted",
        False,
    )


def test_a_clock_answered_later_is_still_overdue_as_of_a_day_before(tousu: Invoke) -> None:
    number = register(tousu, "2026-09-22 09:00")
    tousu("accept", number, "--at", "2026-09-22 10:00")
    tousu("withdraw", number, "--reason", "已解决", "--at", "2026-10-12 09:00")
    as_of = tousu("report", "overdue", "--as-of", "2026-10-09", "--json").json()
    assert [i["overdue_days"] for i in as_of["overdue"]] == [2]
    today = tousu("report", "overdue", "--json").json()
    assert today["overdue"] == [] and today["due_soon"] == []


def test_suspended_clocks_are_not_overdue(tousu: Invoke) -> None:
    number = register(tousu, "2026-09-22 09:00")
    tousu("accept", number, "--at", "2026-09-22 10:00")
    tousu("suspend", number, "--reason", "等待鉴定", "--at", "2026-09-23 10:00")
    assert tousu("report", "overdue", "--json").json()["overdue"] == []


def test_grouped_by_unit_most_overdue_first(tousu: Invoke) -> None:
    a = register(tousu, "2026-10-26 09:00", unit="税务窗口")
    b = register(tousu, "2026-11-02 09:00", unit="社保医保窗口", phone="13900000001")
    c = register(tousu, "2026-11-09 09:00", unit="税务窗口", phone="13900000002")
    report = tousu("report", "overdue", "--as-of", "2026-11-20", "--json").json()
    # accept clocks due 10-27, 11-03, 11-10: 18, 13, 8 working days overdue by 11-20
    assert [(i["number"], i["overdue_days"]) for i in report["overdue"]] == [
        (a, 18), (c, 8), (b, 13),
    ]  # fmt: skip


def test_due_within_and_overdue_pick_their_own_cases_or_both(
    tousu: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import datetime

    from tousu_cli import chinatime

    monday = datetime(2026, 11, 23, 10, 0, tzinfo=chinatime.CHINA_TZ)
    monkeypatch.setattr(chinatime, "now", lambda: monday)
    late = register(tousu, "2026-11-02 09:00")  # to be accepted by 11-03: overdue
    soon = register(tousu, "2026-11-20 16:00", phone="13900000000")  # a Friday: by Monday

    def listed(*options: str) -> list[str]:
        return sorted(case["number"] for case in tousu("list", *options, "--json").json())

    assert listed("--due-within", "1") == [soon]
    assert listed("--overdue") == [late]
    assert listed("--overdue", "--due-within", "1") == sorted([late, soon])


def test_quiet_is_silent_only_when_there_is_nothing_to_do(tousu: Invoke) -> None:
    register(tousu, "2026-11-02 09:00")
    silent = tousu("report", "overdue", "--as-of", "2026-11-02", "--warn-days", "0", "--quiet")
    assert (silent.exit_code, silent.stdout) == (0, "")
    # --json is for a script: one document, even an empty one.
    document = tousu(
        "report", "overdue", "--as-of", "2026-11-02", "--warn-days", "0", "--quiet", "--json"
    ).json()
    assert (document["overdue"], document["due_soon"]) == ([], [])
    quiet = tousu("report", "overdue", "--as-of", "2026-11-20", "--quiet")
    assert quiet.exit_code == 0
    assert "已超期 1 件" in quiet.stdout


def test_quiet_on_an_empty_ledger(tousu: Invoke) -> None:
    tousu("init")
    result = tousu("report", "overdue", "--quiet")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")


def test_a_provisional_due_date_is_shown_as_such(tousu: Invoke) -> None:
    tousu("init")
    tousu("policy", "set", "reply_days", "30", "--from", "2026-11-01")
    number = register(tousu, "2026-11-20 09:00")
    tousu("accept", number, "--at", "2026-11-20 10:00")
    # 30 working days after 2026-11-20 lands in January 2027, not announced yet.
    report = tousu("report", "overdue", "--as-of", "2026-12-31", "--warn-days", "5", "--json")
    (item,) = report.json()["due_soon"]
    assert item["number"] == number
    assert item["provisional"] is True and item["due"].startswith("2027-01-")
    text = tousu("report", "overdue", "--as-of", "2026-12-31", "--warn-days", "5").stdout
    assert "期限暂定" in text


def test_stats_as_of_a_past_day_counts_overdue_as_the_overdue_report_does(
    tousu: Invoke,
) -> None:
    number = register(tousu, "2026-10-12 09:00")  # reply due 2026-10-19
    for stage in (
        ["accept", number, "--at", "2026-10-12 10:00"],
        [
            "assign",
            number,
            "--mode",
            "自办",
            "--unit",
            "不动产登记窗口",
            "--at",
            "2026-10-12 11:00",
        ],
        ["investigate", number, "--note", "调取录像", "--at", "2026-10-13 09:00"],
        ["decide", number, "--finding", "属实", "--result", "已道歉", "--at", "2026-10-30 09:00"],
        ["notify", number, "--method", "电话", "--at", "2026-11-02 10:00"],
    ):
        assert tousu(*stage).exit_code == 0, stage
    overdue = tousu("report", "overdue", "--as-of", "2026-10-26", "--json").json()["overdue"]
    assert [item["number"] for item in overdue] == [number]

    def stats_overdue(as_of: str) -> int:
        document = tousu("report", "stats", "--month", "2026-10", "--as-of", as_of, "--json")
        return int(document.json()["overdue"])

    assert stats_overdue("2026-10-26") == 1  # the reply was late then
    assert stats_overdue("2026-11-03") == 0  # given the day before; the revisit not yet due
    for day in ("2026-10-26", "2026-11-03", "2026-11-23"):
        report = tousu("report", "overdue", "--as-of", day, "--json").json()["overdue"]
        assert stats_overdue(day) == len({item["number"] for item in report})


def test_stats_formats(tousu: Invoke, tmp_path: Path) -> None:
    register(tousu, "2026-10-12 09:00")
    register(tousu, "2026-10-13 09:00", unit="税务窗口", phone="13900000000")
    document = tousu("report", "stats", "--month", "2026-10", "--json").json()
    assert (document["from"], document["to"], document["received"]) == (
        "2026-10-01",
        "2026-10-31",
        2,
    )
    assert {row["key"] for row in document["breakdowns"]["unit"]} == {"不动产登记窗口", "税务窗口"}
    rows = list(
        csv.reader(io.StringIO(tousu("report", "stats", "--month", "2026-10", "--csv").stdout))
    )
    assert rows[0][:3] == ["维度", "项目", "收到"] and rows[1][:3] == ["全部", "2026年10月", "2"]
    md = tousu("report", "stats", "--month", "2026-10", "--md").stdout
    assert md.startswith("## 投诉处置统计 2026年10月") and "| 被投诉单位 |" in md
    path = tmp_path / "stats.xlsx"
    assert tousu("report", "stats", "--year", "2026", "--xlsx", str(path)).exit_code == 0
    book = load_workbook(path)
    assert book.sheetnames == [
        "总体",
        "按单位",
        "按窗口",
        "按类别",
        "按渠道",
        "单位排名",
        "月度趋势",
    ]
    assert book["按单位"]["A1"].value == "被投诉单位"
    assert len(book["按单位"]._charts) == 1  # a bar chart
    assert type(book["按类别"]._charts[0]).__name__ == "PieChart"
    assert tousu("report", "stats").exit_code == 2  # no period: a usage error
    assert "2026-13" in tousu("report", "stats", "--month", "2026-13").stderr


def test_export_masks_personal_data_and_opens_in_excel(
    tousu: Invoke, tmp_path: Path, db_path: Path
) -> None:
    number = register(tousu, "2026-10-12 09:00", **{"id-number": "11010519491231002X"})
    tousu("accept", number, "--at", "2026-10-12 10:00")
    xlsx = tmp_path / "ledger.xlsx"
    assert tousu("export", str(xlsx)).exit_code == 0
    sheet = load_workbook(xlsx)["投诉台账"]
    header = [c.value for c in sheet[1]]
    for heading in ("编号", "收到时间", "联系电话", "被投诉单位", "答复期限", "是否超期", "满意度"):
        assert heading in header
    row = dict(zip(header, [c.value for c in sheet[2]], strict=True))
    assert row["编号"] == number and row["联系电话"] == "138****5678"
    assert row["身份证号"] == "110***********002X"
    assert row["状态"] == "已受理" and row["受理时间"] == "2026-10-12 10:00:00"
    assert row["答复期限"] == "2026-10-19" and row["是否超期"] == "是"
    history = json.loads(row["处置记录"])
    assert [e["action"] for e in history] == ["register", "accept"]
    assert history[1]["at"] == "2026-10-12T10:00:00+08:00" and history[1]["by"] == "测试员"
    raw = tmp_path / "ledger.csv"
    assert tousu("export", str(raw), "--reveal").exit_code == 0
    assert raw.stat().st_mode & 0o777 == 0o600  # full phone numbers: the clerk's eyes only
    data = raw.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs
    assert "13812345678" in data.decode("utf-8-sig")
    with sqlite3.connect(db_path) as conn:
        (event,) = conn.execute("SELECT actor, data FROM events WHERE action = 'reveal'").fetchall()
    assert event[0] == "测试员" and json.loads(event[1])["rows"] == 1


def test_words_that_begin_with_an_equals_sign_stay_words_in_excel(
    tousu: Invoke, tmp_path: Path, db_path: Path
) -> None:
    """A complaint or a unit's name is never stored as a formula Excel would run."""
    tousu(
        "register", "--received", "2026-10-12 09:00", "--channel", "网站", "--complainant", "张三",
        "--unit", "=1+1", "--category", "服务态度", "--content", '=HYPERLINK("http://x","点此")',
    )  # fmt: skip
    ledger = tmp_path / "ledger.xlsx"
    assert tousu("export", str(ledger)).exit_code == 0
    sheet = load_workbook(ledger)["投诉台账"]
    header = [c.value for c in sheet[1]]
    row = dict(zip(header, sheet[2], strict=True))
    for heading, words in (("被投诉单位", "=1+1"), ("投诉内容", '=HYPERLINK("http://x","点此")')):
        assert (row[heading].value, row[heading].data_type) == (words, "s")
    stats = tmp_path / "stats.xlsx"
    assert tousu("report", "stats", "--year", "2026", "--xlsx", str(stats)).exit_code == 0
    cell = load_workbook(stats)["按单位"]["A2"]
    assert (cell.value, cell.data_type) == ("=1+1", "s")
    # And the ledger imports back as it was written.
    other = tmp_path / "other.db"
    assert tousu("--db", str(other), "import", str(ledger)).exit_code == 0
    with sqlite3.connect(other) as conn:
        assert conn.execute("SELECT content FROM cases").fetchone() == (
            '=HYPERLINK("http://x","点此")',
        )


def test_a_csv_opened_in_excel_shows_words_that_look_like_formulas_as_words(
    tousu: Invoke, tmp_path: Path, db_path: Path
) -> None:
    """Excel computes a CSV cell that begins with =, +, - or @: such cells go out
    after an apostrophe (Excel's mark for text), and come back in without it."""
    words = ["=1+1", "+86-571-8888", "-窗口态度差", "@某人", "'引号开头", "普通内容"]
    for i, content in enumerate(words):
        tousu(
            "register", "--received", f"2026-10-{12 + i} 09:00", "--channel", "网站",
            "--complainant", f"张{i}", "--unit", "=税务窗口" if i == 0 else "税务窗口",
            "--category", "服务态度", "--content", content,
        )  # fmt: skip
    ledger = tmp_path / "ledger.csv"
    assert tousu("export", str(ledger), "--reveal").exit_code == 0
    with ledger.open(encoding="utf-8-sig", newline="") as source:
        rows = list(csv.DictReader(source))
    assert [row["投诉内容"] for row in rows] == [
        "'=1+1", "'+86-571-8888", "'-窗口态度差", "'@某人", "''引号开头", "普通内容"
    ]  # fmt: skip
    assert rows[0]["被投诉单位"] == "'=税务窗口"
    listed = list(csv.reader(io.StringIO(tousu("list", "--csv").stdout)))
    assert "'=税务窗口" in [cell for row in listed for cell in row]
    other = tmp_path / "other.db"
    assert tousu("--db", str(other), "import", str(ledger)).exit_code == 0
    with sqlite3.connect(other) as conn:
        back = [r[0] for r in conn.execute("SELECT content FROM cases ORDER BY received_at")]
        (unit,) = conn.execute("SELECT name FROM units WHERE name LIKE '%税务窗口'").fetchone()
    assert back == words and unit == "=税务窗口"


def test_export_refuses_an_unknown_format(tousu: Invoke, tmp_path: Path) -> None:
    tousu("init")
    result = tousu("export", str(tmp_path / "ledger.pdf"))
    assert result.exit_code == 2 and ".xlsx" in result.stderr
    assert not (tmp_path / "ledger.pdf").exists()


def test_a_timeline_too_long_for_an_excel_cell_is_refused_not_cut(
    tousu: Invoke, tmp_path: Path
) -> None:
    number = register(tousu, "2026-10-12 09:00")
    tousu("accept", number, "--at", "2026-10-12 10:00")
    assign = ("--mode", "自办", "--unit", "不动产登记窗口", "--at", "2026-10-12 11:00")
    assert tousu("assign", number, *assign).exit_code == 0
    note = "调取录像" * 4_500  # 18,000 characters, under a note's limit
    for hour in (12, 13):
        at = f"2026-10-12 {hour}:00"
        assert tousu("investigate", number, "--note", note, "--at", at).exit_code == 0
    ledger = tmp_path / "ledger.xlsx"
    result = tousu("export", str(ledger))
    assert result.exit_code == 1 and result.stderr.count("\n") == 1
    assert "32767" in result.stderr and ".csv" in result.stderr
    assert list(tmp_path.iterdir()) == [tmp_path / "tousu.db"]
    assert tousu("export", str(tmp_path / "ledger.csv")).exit_code == 0


def test_export_refuses_a_period_that_ends_before_it_starts(tousu: Invoke, tmp_path: Path) -> None:
    register(tousu, "2026-10-12 09:00")
    ledger = tmp_path / "ledger.csv"
    ledger.write_text("上个月的台账", "utf-8")
    result = tousu(
        "export", str(ledger), "--overwrite", "--from", "2026-11-01", "--to", "2026-10-01"
    )
    assert result.exit_code == 1 and "晚于" in result.stderr
    assert result.stderr.count("\n") == 1 and ledger.read_text("utf-8") == "上个月的台账"


def test_the_exported_ledger_prints_with_its_numbers_and_headings_on_every_page(
    tousu: Invoke, tmp_path: Path
) -> None:
    """Too wide for one page: printed across, 编号 and the headings on each page,
    what it holds said above; the timeline's JSON is for an import, not paper."""
    for day in ("2026-10-12", "2026-10-13"):
        register(tousu, f"{day} 09:00")
    xlsx = tmp_path / "ledger.xlsx"
    assert tousu("export", str(xlsx), "--from", "2026-10-01", "--to", "2026-10-31").exit_code == 0
    sheet = load_workbook(xlsx)["投诉台账"]
    assert (sheet.print_title_rows, sheet.print_title_cols) == ("$1:$1", "$A:$A")
    header = [c.value for c in sheet[1]]
    assert sheet.print_area == f"'投诉台账'!$A$1:${get_column_letter(header.index('处置记录'))}$3"
    assert (sheet.page_setup.paperSize, sheet.page_setup.orientation) == (9, "landscape")
    assert "投诉处置台账 收到日期 2026-10-01 至 2026-10-31" in sheet.oddHeader.center.text
    assert sheet.oddFooter.center.text == "第 &P 页,共 &N 页"
    widths = {
        h: sheet.column_dimensions[get_column_letter(i)].width for i, h in enumerate(header, 1)
    }
    assert widths["收到时间"] >= len("2026-10-12 09:00:00") and widths["投诉内容"] >= 30
