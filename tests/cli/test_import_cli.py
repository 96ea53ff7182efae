"""tousu import, against the fixtures in tests/data/import and real database files."""

from __future__ import annotations

import csv
import json
import os
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Invoke, stored_events

FIXTURES = Path(__file__).parent.parent / "data" / "import"


@pytest.fixture
def orders(tmp_path: Path) -> Path:
    """The GB18030 12345 export, copied where a reject file may be written."""
    return Path(shutil.copy(FIXTURES / "orders-12345-gb18030.csv", tmp_path))


@pytest.fixture
def ledger(tmp_path: Path) -> Path:
    return Path(shutil.copy(FIXTURES / "ledger-utf8-bom.csv", tmp_path))


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    return Path(shutil.copy(FIXTURES / "orders.xlsx", tmp_path))


def cases(db: Path) -> list[dict[str, Any]]:
    if not db.exists():
        return []
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        return [dict(r) for r in conn.execute("SELECT * FROM cases ORDER BY id")]


def events(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute("SELECT count(*) FROM events").fetchone()[0])


def rewrite(path: Path, encoding: str, change: dict[tuple[int, str], str]) -> Path:
    """A copy of a CSV fixture with some cells changed: {(row number, header): text}."""
    with path.open(encoding=encoding, newline="") as src:
        rows = list(csv.reader(src))
    header = rows[0]
    for (line, column), text in change.items():
        rows[line - 1][header.index(column)] = text
    out = path.with_name("changed-" + path.name)
    with out.open("w", encoding=encoding, newline="") as dst:
        csv.writer(dst).writerows(rows)
    return out


ORDER_ERRORS = {
    (5, "来电时间"): "2026-02-30",
    (6, "受理渠道"): "微信公众号",
    (7, "诉求内容"): "不能为空",
    (8, "来电号码"): "格式不对",
}


def test_a_file_with_bad_rows_writes_nothing_and_names_every_error(
    tousu: Invoke, orders: Path, db_path: Path
) -> None:
    result = tousu("import", str(orders))
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    for (row, column), detail in ORDER_ERRORS.items():
        (line,) = [x for x in lines if x.startswith(f"第 {row} 行「{column}」")]
        assert detail in line
    assert "未写入任何数据" in lines[-1] and "Traceback" not in result.stderr
    assert cases(db_path) == []
    assert not list(orders.parent.glob("*.rejected.csv"))


def test_the_summary_says_whether_the_new_cases_were_written(
    tousu: Invoke, orders: Path, db_path: Path
) -> None:
    refused = tousu("import", str(orders))
    assert "可新增 4 件(因有错误,未写入)" in refused.stdout and "2026-0001" not in refused.stdout
    trial = tousu("import", str(orders), "--skip-bad", "--dry-run")
    assert "将新增 4 件(将编号 2026-0001 至 2026-0004)" in trial.stdout
    done = tousu("import", str(orders), "--skip-bad")
    assert "  新增 4 件(编号 2026-0001 至 2026-0004)" in done.stdout
    again = tousu("import", str(orders), "--skip-bad", "--dry-run")
    assert "  新增 0 件" in again.stdout


def test_json_summary_for_scripts(tousu: Invoke, orders: Path) -> None:
    result = tousu("import", str(orders), "--json")
    assert result.exit_code == 1
    summary = result.json()
    assert (summary["encoding"], summary["rows"], summary["new"], summary["bad"]) == (
        "gb18030",
        8,
        4,
        4,
    )
    assert summary["written"] is False and summary["unknown_headers"] == ["所属区县"]
    found = {(e["row"], e["column"]) for e in summary["errors"]}
    assert found == set(ORDER_ERRORS)


def test_skip_bad_imports_the_good_rows_into_their_states(
    tousu: Invoke, orders: Path, db_path: Path
) -> None:
    result = tousu("import", str(orders), "--skip-bad", "--json")
    assert result.exit_code == 1  # something was refused
    summary = result.json()
    assert summary["new"] == 4 and summary["bad"] == 4 and summary["written"] is True
    by_id = {c["external_id"]: c for c in cases(db_path)}
    assert [c["number"] for c in by_id.values()] == [
        "2026-0001",
        "2026-0002",
        "2026-0003",
        "2026-0004",
    ]
    assert by_id["GD20260930001"]["status"] == "revisited"
    assert by_id["GD20260930002"]["satisfaction"] == "dissatisfied"
    assert by_id["GD20261102003"]["status"] == "registered"
    assert by_id["GD20261020008"]["status"] == "notified"  # anonymous: nobody to revisit
    assert by_id["GD20261020008"]["complainant"] is None

    on_time = tousu("show", "2026-0001", "--json").json()
    reply = next(c for c in on_time["clocks"] if c["name"] == "reply")
    assert (reply["due"], reply["stopped_on"], reply["state"]) == (
        "2026-10-13",
        "2026-10-12",
        "met",
    )
    late = tousu("show", "2026-0002", "--json").json()
    reply = next(c for c in late["clocks"] if c["name"] == "reply")
    assert (reply["state"], reply["overdue_days"]) == ("late", 1)
    # The original times are the events' times; the import is one event, last.
    actions = [(e["action"], e["at"][:16]) for e in on_time["events"]]
    assert actions[0] == ("register", "2026-09-30T16:00")
    assert ("notify", "2026-10-12T10:00") in actions and actions[-1][0] == "import"
    assert on_time["events"][-1]["data"] == {
        "file": orders.name,
        "row": 2,
        "time_limit": "5个工作日",
    }
    # Closed in time, closed late: neither is overdue today; the open one is.
    overdue = tousu("report", "overdue", "--json").json()
    assert {item["number"] for item in overdue["overdue"]} == {"2026-0003"}

    rejects = orders.with_name("orders-12345-gb18030.rejected.csv")
    with rejects.open(encoding="utf-8-sig", newline="") as src:
        rows = list(csv.DictReader(src))
    assert [r["工单编号"] for r in rows] == [
        "GD20261001004",
        "GD20261001005",
        "GD20261001006",
        "GD20261001007",
    ]
    assert "微信公众号" in rows[1]["错误原因"]


def test_a_fixed_reject_file_imports_back(tousu: Invoke, orders: Path, db_path: Path) -> None:
    tousu("import", str(orders), "--skip-bad")
    rejects = orders.with_name("orders-12345-gb18030.rejected.csv")
    fixed = rewrite(
        rejects,
        "utf-8-sig",
        {
            (2, "来电时间"): "2026-02-27 10:00:00",
            (3, "受理渠道"): "来电",
            (4, "诉求内容"): "态度差",
            (5, "来电号码"): "13800138009",
        },
    )
    result = tousu("import", str(fixed), "--json")
    assert result.exit_code == 0, result.stderr
    assert result.json()["new"] == 4 and len(cases(db_path)) == 8
    # Numbers follow the order of registration in the year, as `register` gives
    # them: a complaint received in February but registered now comes last.
    assert cases(db_path)[-1]["number"] == "2026-0008"


def test_dry_run_reports_and_writes_nothing(tousu: Invoke, orders: Path, db_path: Path) -> None:
    result = tousu("import", str(orders), "--dry-run", "--json")
    assert result.exit_code == 1
    summary = result.json()
    assert (summary["new"], summary["bad"], summary["written"]) == (4, 4, False)
    assert not db_path.exists()  # a dry run creates no database either

    tousu("import", str(orders), "--skip-bad")
    before = events(db_path)
    again = tousu("import", str(orders), "--dry-run", "--skip-bad", "--json").json()
    assert (again["new"], again["present"], again["bad"]) == (0, 4, 4)
    assert events(db_path) == before


def test_importing_the_same_file_twice_adds_nothing(
    tousu: Invoke, orders: Path, db_path: Path
) -> None:
    tousu("import", str(orders), "--skip-bad")
    before = events(db_path)
    summary = tousu("import", str(orders), "--skip-bad", "--overwrite", "--json").json()
    assert (summary["new"], summary["present"], summary["changed"]) == (0, 4, 0)
    assert len(cases(db_path)) == 4 and events(db_path) == before


def test_a_changed_row_is_a_conflict_until_update(
    tousu: Invoke, orders: Path, db_path: Path
) -> None:
    tousu("import", str(orders), "--skip-bad")
    changed = rewrite(orders, "gb18030", {(3, "诉求目的"): "要求赔偿误工费"})
    result = tousu("import", str(changed), "--skip-bad", "--overwrite", "--json")
    assert result.exit_code == 1
    (conflict,) = result.json()["conflicts"]
    assert conflict["row"] == 3 and conflict["number"] == "2026-0002"
    assert conflict["changes"] == [{"column": "诉求目的", "kept": None, "file": "要求赔偿误工费"}]
    assert cases(db_path)[1]["demand"] is None

    result = tousu("import", str(changed), "--skip-bad", "--overwrite", "--update", "--json")
    assert result.json()["updated"] == 1
    assert cases(db_path)[1]["demand"] == "要求赔偿误工费"
    update = [
        e for e in tousu("show", "2026-0002", "--json").json()["events"] if e["action"] == "update"
    ]
    assert len(update) == 1
    assert update[0]["data"]["column"] == "诉求目的" and update[0]["data"]["to"] == "要求赔偿误工费"


def test_an_order_received_at_another_time_is_a_conflict_update_leaves(
    tousu: Invoke, orders: Path, db_path: Path
) -> None:
    tousu("import", str(orders), "--skip-bad")
    received = cases(db_path)[1]["received_at"]
    changed = rewrite(
        orders, "gb18030", {(3, "来电时间"): "2026-10-09 16:30:00", (3, "受理渠道"): "12345热线"}
    )
    result = tousu("import", str(changed), "--skip-bad", "--overwrite")
    assert "来电时间:2026-09-30 16:30:00 → 2026-10-09 16:30:00" in result.stderr
    assert "受理渠道:来电 → 12345转办" in result.stderr  # labels for the clerk
    (conflict,) = tousu("import", str(changed), "--skip-bad", "--overwrite", "--json").json()[
        "conflicts"
    ]
    assert {"column": "受理渠道", "kept": "phone", "file": "hotline"} in conflict["changes"]
    result = tousu("import", str(changed), "--skip-bad", "--overwrite", "--update", "--json")
    summary = result.json()
    assert summary["updated"] == 0 and cases(db_path)[1]["received_at"] == received
    assert any(
        e["row"] == 3 and e["column"] == "来电时间" and "不改写收到时间" in e["reason"]
        for e in summary["errors"]
    )
    assert cases(db_path)[1]["channel"] == "phone"  # the row is refused whole


def test_update_carries_a_work_order_through_its_later_stages(
    tousu: Invoke, orders: Path, db_path: Path
) -> None:
    tousu("import", str(orders), "--skip-bad")
    closed = rewrite(
        orders, "gb18030", {(4, "办结时间"): "2026-11-05 10:00", (4, "满意度"): "满意"}
    )
    assert (
        tousu("import", str(closed), "--skip-bad", "--overwrite", "--json").json()["changed"] == 1
    )
    tousu("import", str(closed), "--skip-bad", "--overwrite", "--update")
    shown = tousu("show", "2026-0003", "--json").json()
    assert shown["status"] == "revisited"
    assert ("notify", "2026-11-05T10:00:00+08:00") in [
        (e["action"], e["at"]) for e in shown["events"]
    ]
    # A stage already recorded is not rewritten by a file that says otherwise.
    rewritten = rewrite(closed, "gb18030", {(4, "满意度"): "不满意"})
    result = tousu("import", str(rewritten), "--skip-bad", "--overwrite", "--update", "--json")
    assert any("不改写办理记录" in e["reason"] and e["row"] == 4 for e in result.json()["errors"])
    assert cases(db_path)[2]["satisfaction"] == "satisfied"


def test_a_hand_kept_ledger_in_utf8_with_bom(tousu: Invoke, ledger: Path, db_path: Path) -> None:
    result = tousu("import", str(ledger), "--json")
    assert result.exit_code == 1
    found = {(e["row"], e["column"]): e["reason"] for e in result.json()["errors"]}
    assert set(found) == {(4, "答复时间"), (5, "受理时间"), (6, "渠道")}
    assert "已归档" in found[(4, "答复时间")] and "早于" in found[(5, "受理时间")]
    assert cases(db_path) == []

    assert tousu("import", str(ledger), "--skip-bad").exit_code == 1
    archived, answered = cases(db_path)
    assert (archived["status"], archived["finding"], archived["result"]) == (
        "archived",
        "substantiated",
        "批评教育",
    )
    assert archived["window_name"] == "13号窗口" and archived["satisfaction"] == "satisfied"
    # A letter is a written complaint, answered in writing; 转办 to another unit.
    assert (answered["status"], answered["form"], answered["notify_method"]) == (
        "notified",
        "written",
        "written",
    )
    assert answered["mode"] == "transfer"


def test_an_excel_workbook_by_sheet(tousu: Invoke, workbook: Path, db_path: Path) -> None:
    first = tousu("import", str(workbook))
    assert first.exit_code == 1
    assert (
        first.stderr.count("\n") == 1 and "「说明」" in first.stderr and "--sheet" in first.stderr
    )
    result = tousu("import", str(workbook), "--sheet", "工单", "--json")
    assert {(e["row"], e["column"]) for e in result.json()["errors"]} == {
        (4, "受理时间"),
        (5, "主要内容"),
    }
    tousu("import", str(workbook), "--sheet", "工单", "--skip-bad")
    done, waiting = cases(db_path)
    # Excel's own dates and a phone number Excel stored as a number.
    assert done["received_at"] == "2026-06-01T09:30:00+08:00" and done["phone"] == "13800138001"
    assert (done["status"], done["satisfaction"]) == ("revisited", "basically")
    assert waiting["status"] == "registered" and waiting["external_id"] == "GX002"
    missing = tousu("import", str(workbook), "--sheet", "没有这张表")
    assert missing.exit_code == 1 and "工单" in missing.stderr


def test_undecodable_bytes_are_refused_by_row_never_stored(
    tousu: Invoke, tmp_path: Path, db_path: Path
) -> None:
    good = "2026-10-12 09:00,来电,张三,不动产登记窗口,服务态度,态度生硬\n"
    text = "收到时间,渠道,投诉人,被投诉单位,类别,投诉内容\n" + good * 3
    raw = text.encode("utf-8").replace(b"\xe7\x94\x9f\xe7\xa1\xac\n", b"\xff\xfe\n", 1)
    # the first data row (row 2) now ends in two bytes no encoding of ours reads
    (tmp_path / "broken.csv").write_bytes(raw)
    result = tousu("import", str(tmp_path / "broken.csv"), "--json")
    assert result.exit_code == 1
    (error,) = result.json()["errors"]
    assert error["row"] == 2 and "解码" in error["reason"]
    assert cases(db_path) == []


def test_encoding_can_be_named(tousu: Invoke, orders: Path) -> None:
    assert (
        tousu("import", str(orders), "--encoding", "gbk", "--dry-run", "--json").json()["new"] == 4
    )
    wrong = tousu("import", str(orders), "--encoding", "utf-8", "--dry-run", "--json")
    assert wrong.exit_code == 1
    for name in ("klingon", "rot13", "base64"):  # the last two are codecs, not of text
        bogus = tousu("import", str(orders), "--encoding", name)
        assert bogus.exit_code == 1 and name in bogus.stderr and bogus.stderr.count("\n") == 1


def test_a_map_file_names_other_headers_values_and_defaults(
    tousu: Invoke, tmp_path: Path, db_path: Path
) -> None:
    source = tmp_path / "other.csv"
    source.write_text(
        "反映时间,反映对象,事项类型,反映内容,来源方式,内部备注\n"
        "2026-10-12 09:00,不动产登记窗口,态度问题,态度生硬,市民热线,无\n",
        encoding="utf-8",
    )
    refused = tousu("import", str(source))
    assert refused.exit_code == 1 and "缺少必需的列" in refused.stderr
    mapping = tmp_path / "map.toml"
    mapping.write_text(
        '[columns]\n"反映时间" = "received_at"\n"反映对象" = "被投诉单位"\n'
        '"事项类型" = "category"\n"反映内容" = "content"\n"来源方式" = "channel"\n"内部备注" = ""\n'
        '[values.channel]\n"市民热线" = "hotline"\n'
        '[values.category]\n"态度问题" = "服务态度"\n'
        '[defaults]\nform = "口头"\n',
        encoding="utf-8",
    )
    result = tousu("import", str(source), "--map", str(mapping), "--json")
    assert result.exit_code == 0, result.stderr
    assert result.json()["unknown_headers"] == []
    (case,) = cases(db_path)
    assert (case["channel"], case["category"], case["complainant"]) == ("hotline", "服务态度", None)


def test_a_bad_map_file_is_one_line(tousu: Invoke, orders: Path, tmp_path: Path) -> None:
    mapping = tmp_path / "map.toml"
    mapping.write_text('[columns]\n"来电人" = "no_such_field"\n', encoding="utf-8")
    result = tousu("import", str(orders), "--map", str(mapping))
    assert result.exit_code == 1 and "no_such_field" in result.stderr
    assert result.stderr.count("\n") == 1
    # A list would be stored as Python writes it: "['录像', '截图']".
    mapping.write_text('[defaults]\nevidence = ["录像", "截图"]\n', encoding="utf-8")
    result = tousu("import", str(orders), "--map", str(mapping))
    assert result.exit_code == 1 and "evidence 应为一个值" in result.stderr
    assert result.stderr.count("\n") == 1


def test_new_numbers_follow_the_registered_ones(tousu: Invoke, orders: Path, db_path: Path) -> None:
    first = tousu(
        "register", "--received", "2026-10-12 09:00", "--channel", "来电", "--complainant", "甲",
        "--unit", "税务窗口", "--category", "服务态度", "--content", "态度生硬", "--json",
    ).json()["number"]  # fmt: skip
    assert first == "2026-0001"
    tousu("import", str(orders), "--skip-bad")
    assert [c["number"] for c in cases(db_path)][1:] == [
        "2026-0002",
        "2026-0003",
        "2026-0004",
        "2026-0005",
    ]


def test_a_masked_export_cannot_be_imported_as_if_whole(
    tousu: Invoke, orders: Path, tmp_path: Path
) -> None:
    tousu("import", str(orders), "--skip-bad")
    masked = tmp_path / "masked.csv"
    tousu("export", str(masked))
    other = tmp_path / "other.db"
    result = tousu("--db", str(other), "import", str(masked), "--json")
    assert result.exit_code == 1
    assert all("打码" in e["reason"] for e in result.json()["errors"])


def test_the_same_complaint_twice_in_one_file(tousu: Invoke, tmp_path: Path, db_path: Path) -> None:
    row = "2026-10-12 09:00,来电,张三,不动产登记窗口,服务态度,态度生硬\n"
    source = tmp_path / "twice.csv"
    source.write_text("收到时间,渠道,投诉人,被投诉单位,类别,投诉内容\n" + row + row, "utf-8")
    summary = tousu("import", str(source), "--json").json()
    assert (summary["new"], summary["present"]) == (1, 1)
    assert len(cases(db_path)) == 1


def test_a_row_without_an_order_number_finds_the_order_registered_above_it(
    tousu: Invoke, tmp_path: Path, db_path: Path
) -> None:
    """Matched by its facts, whether the order above is written yet or not."""
    facts = "2026-10-12 09:00,12345热线,张三,不动产登记窗口,服务态度,态度生硬\n"
    source = tmp_path / "orders.csv"
    source.write_text(
        f"工单编号,来电时间,受理渠道,来电人,被反映单位,问题分类,诉求内容\nGD1,{facts},{facts}",
        "utf-8",
    )
    summary = tousu("import", str(source), "--json").json()
    assert (summary["new"], summary["present"]) == (1, 1)
    assert [c["external_id"] for c in cases(db_path)] == ["GD1"]


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("missing.csv", None, "不存在"),
        ("ledger.pdf", b"%PDF", ".csv"),
        ("old.xls", b"\xd0\xcf", ".xlsx"),
        ("empty.csv", b"", "空"),
        ("fake.xlsx", b"not a zip", "无法读取"),
        ("mac.csv", "收到时间,投诉内容\r2026-10-12 09:00,态度差\r".encode(), "回车符"),
    ],
)
def test_a_file_that_is_not_a_table_is_one_line(
    tousu: Invoke, tmp_path: Path, name: str, content: bytes | None, expected: str
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    result = tousu("import", str(path))
    assert result.exit_code == 1
    assert expected in result.stderr and result.stderr.count("\n") == 1


def test_a_quote_that_never_closes_is_refused_not_read_to_the_end(
    tousu: Invoke, tmp_path: Path, db_path: Path
) -> None:
    """Read on, the open quote would make the rows after it one complaint's content."""
    source = tmp_path / "quote.csv"
    head = "工单编号,来电时间,受理渠道,来电人,被反映单位,问题分类,诉求内容\n"
    source.write_text(
        head
        + 'G1,2026-10-12 10:00,来电,张三,税务窗口,服务态度,"说了句""等着"",\n然后走了"\n'
        + 'G2,2026-10-12 10:30,来电,李四,税务窗口,服务态度,"态度差\n'
        + "G3,2026-10-12 11:00,来电,王五,税务窗口,服务态度,推诿\n",
        "utf-8",
    )
    result = tousu("import", str(source))
    assert result.exit_code == 1 and result.stderr.count("\n") == 1
    assert "第 3 行" in result.stderr and "引号" in result.stderr  # G2: rows are records
    assert cases(db_path) == []
    # Quotes doubled inside a quoted cell, and a line break in it, are CSV as Excel writes it.
    quoted = '"说""等着"",\n走了"'
    source.write_text(head + f"G1,2026-10-12 10:00,来电,张三,税务窗口,服务态度,{quoted}\n")
    assert tousu("import", str(source)).exit_code == 0
    assert [c["content"] for c in cases(db_path)] == ['说"等着",\n走了']


def round_trip(tousu: Invoke, tmp_path: Path, suffix: str) -> tuple[Path, Path]:
    demo = tmp_path / "demo.db"
    assert tousu("demo", "--db", str(demo), "--cases", "80", "--json").exit_code == 0
    exported = tmp_path / f"ledger{suffix}"
    assert tousu("--db", str(demo), "export", str(exported), "--reveal").exit_code == 0
    copy = tmp_path / "copy.db"
    result = tousu("--db", str(copy), "import", str(exported), "--json")
    assert result.exit_code == 0, result.stderr
    assert result.json()["new"] == 80
    return demo, copy


def comparable(tousu: Invoke, db: Path, number: str) -> dict[str, Any]:
    shown: dict[str, Any] = tousu("--db", str(db), "show", number, "--json", "--reveal").json()
    shown["events"] = [
        {k: e[k] for k in ("at", "by", "action", "data")}
        for e in shown["events"]
        if e["action"] not in {"import", "reveal"}
    ]
    return shown


@pytest.mark.slow
@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_export_then_import_reproduces_the_demo_ledger(
    tousu: Invoke, tmp_path: Path, suffix: str
) -> None:
    demo, copy = round_trip(tousu, tmp_path, suffix)
    numbers = [c["number"] for c in cases(demo)]
    assert sorted(numbers) == sorted(c["number"] for c in cases(copy))
    for number in numbers:
        assert comparable(tousu, copy, number) == comparable(tousu, demo, number), number
    # ...and importing the export into the ledger it came from adds nothing.
    exported = tmp_path / f"ledger{suffix}"
    again = tousu("--db", str(demo), "import", str(exported), "--json").json()
    assert (again["new"], again["present"], again["changed"]) == (0, 80, 0)


def test_personal_data_stays_masked_in_what_an_import_prints(
    tousu: Invoke, orders: Path, db_path: Path
) -> None:
    result = tousu("import", str(orders), "--skip-bad")
    assert "1380013800A" not in result.stdout + result.stderr  # the bad phone, row 8
    rejects = orders.with_name("orders-12345-gb18030.rejected.csv")
    assert rejects.stat().st_mode & 0o777 == 0o600  # it holds the rows' phones
    changed = rewrite(orders, "gb18030", {(2, "来电号码"): "13800138999"})
    conflict = tousu("import", str(changed), "--skip-bad", "--overwrite", "--json").json()[
        "conflicts"
    ][0]
    assert conflict["changes"] == [
        {"column": "来电号码", "kept": "138****8000", "file": "138****8999"}
    ]
    tousu("import", str(changed), "--skip-bad", "--overwrite", "--update")
    assert cases(db_path)[0]["phone"] == "13800138999"
    (update,) = [
        e for e in tousu("show", "2026-0001", "--json").json()["events"] if e["action"] == "update"
    ]
    assert update["data"]["from"] == "138****8000" and update["data"]["to"] == "138****8999"


def test_a_phone_number_in_the_wrong_column_is_masked_in_the_errors(
    tousu: Invoke, tmp_path: Path
) -> None:
    """A name with a comma in it moves the phone number under 来电时间, whose
    error quotes the cell."""
    source = tmp_path / "shifted.csv"
    for written, masked in (
        ("13812345678", "138****5678"),
        ("138-1234-5678", "138******5678"),
        ("138 1234 5678", "138******5678"),
    ):
        source.write_text(
            "工单编号,来电人,来电号码,来电时间,受理渠道,被反映单位,问题分类,诉求内容\n"
            f"GD1,张,三,{written},2026-10-12 10:30,来电,税务窗口,服务态度,态度差\n",
            "utf-8",
        )
        for args in ([], ["--json"]):
            result = tousu("import", str(source), *args)
            printed = result.stdout + result.stderr
            assert result.exit_code == 1 and written not in printed
            assert f"'{masked}'" in printed
            assert "'2026-10-12 10:30'" in printed  # a time quoted is not a number to hide


def test_a_reject_file_that_cannot_be_written_leaves_everything_as_it_was(
    tousu: Invoke, orders: Path, db_path: Path, tmp_path: Path
) -> None:
    nowhere = tmp_path / "no-such-directory" / "rejects.csv"
    result = tousu("import", str(orders), "--skip-bad", "--reject-file", str(nowhere))
    assert result.exit_code == 1 and result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr and cases(db_path) == []


def test_a_reject_file_that_fails_at_the_last_step_undoes_the_import(
    tousu: Invoke, orders: Path, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Moving the finished reject file into place is the import's last step
    before the commit: if it fails, nothing is written and no rows are left."""
    folder = tmp_path / "rejects"
    folder.mkdir()
    result = tousu("import", str(orders), "--skip-bad", "--reject-file", str(folder))
    assert result.exit_code == 1 and "是一个目录" in result.stderr
    assert result.stderr.count("\n") == 1 and cases(db_path) == []

    def refused(self: Path, target: Path) -> Path:
        raise PermissionError(13, "Permission denied")

    def no_link(source: Path, target: Path) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "replace", refused)
    monkeypatch.setattr(os, "link", no_link)
    result = tousu("import", str(orders), "--skip-bad")
    assert result.exit_code == 1 and result.stderr.count("\n") == 1
    assert cases(db_path) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["orders-12345-gb18030.csv", "rejects", *(p.name for p in tmp_path.glob("tousu.db*"))]
    )


def units(db: Path) -> set[str]:
    with sqlite3.connect(db) as conn:
        return {r[0] for r in conn.execute("SELECT name FROM units")}


def test_a_refused_update_leaves_the_case_as_it_was(
    tousu: Invoke, orders: Path, db_path: Path
) -> None:
    tousu("import", str(orders), "--skip-bad")
    before = cases(db_path)[1]
    # A new name (a fact) and an answer before the case was received (refused).
    bad = rewrite(orders, "gb18030", {(3, "来电人"): "李四改", (3, "办结时间"): "2026-09-01 09:00"})
    result = tousu("import", str(bad), "--skip-bad", "--update", "--json")
    assert any(e["row"] == 3 for e in result.json()["errors"])
    assert cases(db_path)[1] == before
    events = tousu("show", "2026-0002", "--json").json()["events"]
    assert not [e for e in events if e["action"] == "update"]


def test_a_refused_row_leaves_no_unit_behind(tousu: Invoke, tmp_path: Path, db_path: Path) -> None:
    source = tmp_path / "anon.csv"
    source.write_text(
        "收到时间,渠道,投诉人,被投诉单位,类别,投诉内容,答复时间,满意度\n"
        "2026-10-12 09:00,来电,张三,税务窗口,服务态度,态度差,,\n"
        # anonymous, yet revisited: the rules refuse the revisit
        "2026-10-12 10:00,来电,匿名,拼错的单位,服务态度,态度差,2026-10-13 09:00,满意\n",
        encoding="utf-8",
    )
    result = tousu("import", str(source), "--skip-bad", "--json")
    assert result.json()["bad"] == 1 and result.json()["errors"][0]["column"] == "满意度"
    assert "拼错的单位" not in units(db_path)


def test_a_number_written_differently_is_still_the_same_number(
    tousu: Invoke, tmp_path: Path, db_path: Path
) -> None:
    source = tmp_path / "numbers.csv"
    source.write_text(
        "编号,收到时间,渠道,投诉人,被投诉单位,类别,投诉内容\n"
        "2026-0001,2026-10-12 09:00,来电,张三,税务窗口,服务态度,甲\n"
        "2026-00001,2026-10-12 10:00,来电,李四,税务窗口,服务态度,乙\n",
        encoding="utf-8",
    )
    result = tousu("import", str(source), "--skip-bad", "--json")
    assert result.exit_code == 1 and result.json()["new"] == 1
    (error,) = result.json()["errors"]
    assert (error["row"], error["column"]) == (3, "编号") and "2026-0001" in error["reason"]


def test_a_date_without_a_time_reimports_without_a_conflict(tousu: Invoke, tmp_path: Path) -> None:
    source = tmp_path / "dates.csv"
    source.write_text(
        "收到时间,渠道,投诉人,被投诉单位,类别,投诉内容,受理时间\n"
        "2026-10-12 09:30,来电,张三,税务窗口,服务态度,态度差,2026-10-12\n",
        encoding="utf-8",
    )
    assert tousu("import", str(source), "--json").json()["new"] == 1
    again = tousu("import", str(source), "--json")
    assert again.exit_code == 0 and again.json()["present"] == 1


def test_a_timeline_that_is_not_one_is_refused_by_row(tousu: Invoke, tmp_path: Path) -> None:
    register = {"at": "2026-10-12T09:00:00+08:00", "action": "register", "data": {}}
    later = "2026-10-12T10:00:00+08:00"
    odd = [
        [register, {"at": later, "action": "import", "data": [1, 2]}],
        [register, dict(register)],
        # Carried over as written, so checked as a clerk's words would be:
        [register, {"at": later, "action": "bogus", "data": {}}],
        [register, {"at": "2026-10-11T10:00:00+08:00", "action": "import", "data": {}}],
        [register, {"at": later, "action": "import", "data": {"file": "a\u0001.csv"}}],
    ]
    source = tmp_path / "odd.csv"
    with source.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(
            ["收到时间", "渠道", "投诉人", "被投诉单位", "类别", "投诉内容", "处置记录"]
        )
        for i, history in enumerate(odd):
            writer.writerow(
                [
                    "2026-10-12 09:00",
                    "来电",
                    f"张{i}",
                    "税务窗口",
                    "服务态度",
                    "x",
                    json.dumps(history),
                ]
            )
    result = tousu("import", str(source), "--json")
    errors = result.json()["errors"]
    assert [(e["row"], e["column"]) for e in errors] == [(n, "处置记录") for n in range(2, 7)]
    for error, why in zip(errors[2:], ("类型「bogus」", "早于登记", "控制字符"), strict=True):
        assert why in error["reason"]


def test_a_corrected_phone_carried_over_stays_masked(
    tousu: Invoke, tmp_path: Path, db_path: Path
) -> None:
    """As the tool records a corrected phone: masked. Other words are kept as written,
    a number quoted in a complaint among them."""
    events = [
        {"at": "2026-10-12T09:00:00+08:00", "action": "register", "data": {}},
        {"at": "2026-10-13T09:00:00+08:00", "action": "update",
         "data": {"field": "phone", "from": "13812345678", "to": "13912345678"}},
        {"at": "2026-10-14T09:00:00+08:00", "action": "update",
         "data": {"field": "content", "from": "打不通", "to": "称其号码13812345678打不通"}},
    ]  # fmt: skip
    source = tmp_path / "history.csv"
    with source.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(
            ["收到时间", "渠道", "投诉人", "被投诉单位", "类别", "投诉内容", "处置记录"]
        )
        writer.writerow(
            ["2026-10-12 09:00", "来电", "张三", "税务窗口", "服务态度", "x", json.dumps(events)]
        )
    assert tousu("import", str(source)).exit_code == 0
    stored = stored_events(db_path, "e.action = 'update'")
    assert (stored[0]["from"], stored[0]["to"]) == ("138****5678", "139****5678")
    assert stored[1]["to"] == "称其号码13812345678打不通"


def sheet_file(path: Path, rows: list[list[Any]]) -> Path:
    """An .xlsx of one sheet holding ROWS (the headers first), cells typed as given."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def workbook_of(path: Path, rows: list[tuple[Any, ...]]) -> Path:
    """An .xlsx of complaints received, each (收到时间, 投诉人, 受理时间), cells typed as given."""
    return sheet_file(
        path,
        [
            ["收到时间", "渠道", "投诉人", "被投诉单位", "类别", "投诉内容", "受理时间"],
            *([received, "来电", who, "税务窗口", "服务态度", f"{who}的投诉", accepted]
              for received, who, accepted in rows),
        ],
    )  # fmt: skip


def test_an_excel_date_cell_is_a_day_not_midnight(
    tousu: Invoke, tmp_path: Path, db_path: Path
) -> None:
    from datetime import date, datetime

    from openpyxl import load_workbook

    day, received = date(2026, 10, 12), datetime(2026, 10, 12, 9, 30)
    book = workbook_of(tmp_path / "dates.xlsx", [(received, "张三", day), (received, "李四", day)])
    # Excel's long date: its locale tag holds an s and an h, yet it shows no time.
    workbook = load_workbook(book)
    workbook.active["G3"].number_format = "[$-x-sysdate]dddd, mmmm dd, yyyy"
    workbook.save(book)
    result = tousu("import", str(book), "--json")
    assert result.exit_code == 0, result.stdout
    assert [c["accepted_at"] for c in cases(db_path)] == ["2026-10-12T09:30:00+08:00"] * 2


@pytest.mark.parametrize("shown", ["yyyy-mm-dd h:mm:ss", "YYYY-MM-DD HH:MM"])
def test_an_excel_time_at_midnight_is_a_moment_not_a_day(
    tousu: Invoke, tmp_path: Path, db_path: Path, shown: str
) -> None:
    from datetime import datetime

    from openpyxl import load_workbook

    # Accepted at 00:00 the day it came in at 09:30: a time, not a day, so
    # before it came in, and refused rather than moved to 09:30.
    midnight = datetime(2026, 10, 12, 0, 0)
    book = workbook_of(
        tmp_path / "midnight.xlsx",
        [(datetime(2026, 10, 12, 9, 30), "张三", midnight), (midnight, "李四", None)],
    )
    workbook = load_workbook(book)
    workbook.active["G2"].number_format = shown
    workbook.save(book)
    result = tousu("import", str(book), "--skip-bad", "--json")
    summary = result.json()
    assert [(e["row"], e["column"]) for e in summary["errors"]] == [(2, "受理时间")]
    assert [c["received_at"] for c in cases(db_path)] == ["2026-10-12T00:00:00+08:00"]


SHIFTED = (
    "工单编号,来电时间,受理渠道,来电人,被反映单位,问题分类,诉求内容,诉求目的\n"
    "GD1,2026-10-12 09:00,来电,张三,税务窗口,服务态度,态度生硬,要求道歉,,\n"
    # 诉求内容 written with an unquoted comma: the rest of the row moves along.
    "GD2,2026-10-12 10:00,来电,李四,税务窗口,服务态度,态度生硬,还骂人,要求道歉\n"
)


def test_text_beyond_the_headers_is_refused_not_dropped(
    tousu: Invoke, tmp_path: Path, db_path: Path
) -> None:
    source = tmp_path / "shifted.csv"
    source.write_text(SHIFTED, "utf-8")
    result = tousu("import", str(source), "--json")
    assert result.exit_code == 1
    [error] = result.json()["errors"]
    assert error["row"] == 3 and "第 9 列没有表头" in error["reason"]
    assert cases(db_path) == []
    # Empty cells past the headers (trailing commas) are nothing to refuse.
    result = tousu("import", str(source), "--skip-bad", "--json")
    assert [c["content"] for c in cases(db_path)] == ["态度生硬"]
    with source.with_name("shifted.rejected.csv").open(encoding="utf-8-sig") as rejected:
        header, row = list(csv.reader(rejected))
    # The reason stays under its header; the cells that had none follow it.
    assert header[-1] == "错误原因" and "第 9 列" in row[len(header) - 1]
    assert row[len(header) :] == ["要求道歉"]


def test_a_column_without_a_header_is_refused_where_it_holds_text(
    tousu: Invoke, tmp_path: Path, db_path: Path
) -> None:
    path = sheet_file(
        tmp_path / "gap.xlsx",
        [
            ["收到时间", "渠道", "投诉人", None, "被投诉单位", "类别", "投诉内容"],
            ["2026-10-12 09:00", "来电", "张三", None, "税务窗口", "服务态度", "态度生硬"],
            ["2026-10-12 10:00", "来电", "李四", "备注", "税务窗口", "服务态度", "推诿"],
        ],
    )
    result = tousu("import", str(path), "--skip-bad", "--json")
    assert [(e["row"], e["column"]) for e in result.json()["errors"]] == [(3, "")]
    assert "第 4 列没有表头" in result.json()["errors"][0]["reason"]
    assert [c["complainant"] for c in cases(db_path)] == ["张三"]


def test_an_id_number_excel_kept_as_a_number_is_refused_not_rounded(
    tousu: Invoke, tmp_path: Path, db_path: Path
) -> None:
    row = ["2026-10-12 09:00", "来电", "张三", 13812345678.0, None, "税务窗口", "服务态度"]
    path = sheet_file(
        tmp_path / "ids.xlsx",
        [
            [
                "收到时间",
                "渠道",
                "投诉人",
                "联系电话",
                "身份证号",
                "被投诉单位",
                "类别",
                "投诉内容",
            ],
            [*row, "态度生硬"],
            # As Excel keeps 11010519491231002X's digits typed into a number cell: rounded.
            [*row[:4], 110105194912310020.0, *row[5:], "推诿"],
        ],
    )
    summary = tousu("import", str(path), "--skip-bad", "--json").json()
    [error] = summary["errors"]
    assert error["row"] == 3 and "第 5 列是 16 位以上的数字" in error["reason"]
    assert [(c["phone"], c["id_number"]) for c in cases(db_path)] == [("13812345678", None)]


def test_a_workbook_is_read_whole_from_its_first_visible_sheet(
    tousu: Invoke, tmp_path: Path, db_path: Path
) -> None:
    import zipfile

    from openpyxl import Workbook

    book = Workbook()
    old = book.active
    assert old is not None
    old.title, old.sheet_state = "旧数据", "hidden"
    old.append(["收到时间", "渠道", "投诉人", "被投诉单位", "类别", "投诉内容"])
    old.append(["2025-01-02 09:00", "来电", "旧人", "税务窗口", "服务态度", "旧事"])
    sheet = book.create_sheet("工单")
    sheet.append(["收到时间", "渠道", "投诉人", "被投诉单位", "类别", "投诉内容", "诉求"])
    for day in range(12, 17):
        sheet.append(
            [f"2026-10-{day} 09:00", "来电", f"人{day}", "税务窗口", "服务态度", "事", "道歉"]
        )
    made = tmp_path / "made.xlsx"
    book.save(made)
    # Some programs write a sheet's extent too small: three rows, six columns.
    path = tmp_path / "orders.xlsx"
    with zipfile.ZipFile(made) as src, zipfile.ZipFile(path, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet2.xml":
                data = data.replace(b'<dimension ref="A1:G6"/>', b'<dimension ref="A1:F3"/>')
                assert b'ref="A1:F3"' in data
            dst.writestr(item, data)
    summary = tousu("import", str(path), "--json").json()
    assert (summary["rows"], summary["new"]) == (5, 5)
    assert [(c["complainant"], c["demand"]) for c in cases(db_path)] == [
        (f"人{day}", "道歉") for day in range(12, 17)
    ]


def test_an_import_counts_repeats_in_the_order_complaints_came_in(
    tousu: Invoke, tmp_path: Path, db_path: Path
) -> None:
    def orders_file(name: str, days: list[str]) -> Path:
        path = tmp_path / name
        head = "来电时间,受理渠道,来电人,来电号码,被反映单位,问题分类,诉求内容\n"
        rows = "".join(
            f"{day} 09:00,来电,张三,13812345678,税务窗口,服务态度,第{i}次\n"
            for i, day in enumerate(days)
        )
        path.write_text(head + rows, "utf-8")
        return path

    def ranks() -> dict[str, tuple[int, int]]:
        return {c["received_at"][:10]: (c["repeat_rank"], c["escalated"]) for c in cases(db_path)}

    # A file not in time order.
    assert tousu("import", str(orders_file("a.csv", ["2026-11-10", "2026-11-02"]))).exit_code == 0
    assert ranks() == {"2026-11-02": (1, 0), "2026-11-10": (2, 0)}
    # A late letter, imported after them.
    assert tousu("import", str(orders_file("b.csv", ["2026-10-20"]))).exit_code == 0
    assert ranks() == {"2026-10-20": (1, 0), "2026-11-02": (2, 0), "2026-11-10": (3, 1)}
    third = tousu("show", "2026-0001", "--json").json()  # 11-10: registered first
    assert [r["number"] for r in third["repeats"]] == ["2026-0003", "2026-0002"]
    recounts = [e["data"] for e in third["events"] if e["action"] == "repeat_recounted"]
    assert recounts == [
        {"repeat_rank": 2, "was": 1, "because": ["2026-0002"]},
        {"repeat_rank": 3, "was": 2, "escalated": True, "because": ["2026-0003"]},
    ]


def test_the_same_error_on_many_rows_is_one_line_and_the_summary_comes_last(
    tousu: Invoke, tmp_path: Path
) -> None:
    header = ["收到时间", "来源渠道", "投诉人", "联系电话", "被投诉单位", "投诉类别", "投诉内容"]
    rows = [
        ["2026-11-02 09:00", "来电", f"张{i}", "138****5678" if 2 <= i < 298 else "13812345678",
         "税务窗口", "服务态度", "态度差"]
        for i in range(300)
    ]  # fmt: skip
    path = tmp_path / "masked.csv"
    with path.open("w", newline="", encoding="utf-8") as out:
        csv.writer(out).writerows([header, *rows])
    result = tousu("import", str(path), "--dry-run")
    assert result.exit_code == 1
    problems = result.stderr.splitlines()
    (masked,) = [line for line in problems if "打码" in line]
    assert masked.startswith("第 4–299 行「联系电话」")
    assert len(problems) <= 3  # the one kind of error, and the verdict
    assert result.stdout.splitlines()[-1].startswith("  有错误 296 行")  # counts last on stdout
    assert "试运行" in problems[-1]


def test_line_ranges_are_said_as_runs() -> None:
    from tousu_cli.cli.present.importing import line_ranges

    assert line_ranges([9, 3, 5, 7, 8]) == "3、5、7–9"
    assert line_ranges(list(range(2, 40, 2)), most=3) == "2、4、6……(共 19 行)"


def _saved_by_a_spreadsheet(source: Path, target: Path, columns: tuple[str, ...]) -> None:
    """What Excel or WPS does to a number-like column when the clerk saves."""
    with source.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    for row in rows[1:]:
        for column in columns:
            index = rows[0].index(column)
            row[index] = row[index].lstrip("0")
    with target.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(rows)


def test_identifiers_that_lost_their_leading_zeros_are_never_taken_as_changes(
    tousu: Invoke, db_path: Path, tmp_path: Path
) -> None:
    registered = tousu(
        "register", "--received", "2026-11-02 09:00", "--channel", "12345", "--complainant",
        "张三", "--phone", "02162345678", "--unit", "税务窗口", "--staff", "007",
        "--category", "服务态度", "--content", "态度差", "--external-id", "0012345",
    )  # fmt: skip
    assert registered.exit_code == 0, registered.stderr
    exported = tmp_path / "台账.csv"
    assert tousu("export", str(exported), "--reveal").exit_code == 0
    saved = tmp_path / "另存.csv"
    _saved_by_a_spreadsheet(exported, saved, ("外部编号", "工作人员"))
    (conflict,) = tousu("import", str(saved), "--json").json()["conflicts"]
    assert [c["column"] for c in conflict["changes"]] == ["工作人员", "外部编号"]
    said = tousu("import", str(saved)).stderr
    assert said.count("疑似被表格软件改动") == 2
    refused = tousu("import", str(saved), "--update")
    assert refused.exit_code == 1 and "未更新" in refused.stderr
    (row,) = cases(db_path)
    assert (row["staff"], row["external_id"]) == ("007", "0012345")

    phone = tmp_path / "电话.csv"
    _saved_by_a_spreadsheet(exported, phone, ("联系电话",))
    lost = tousu("--db", str(tmp_path / "other.db"), "import", str(phone))
    assert lost.exit_code == 1 and "开头的 0 可能被表格软件去掉了" in lost.stderr
