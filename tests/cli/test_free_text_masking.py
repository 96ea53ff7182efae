"""Numbers people write into a complaint's texts are masked wherever the phone
field is, and shown by --reveal, which is recorded."""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path

from openpyxl import load_workbook

from tests.conftest import Invoke

MOBILE = "15955556666"
DASHED = "139-1234-5678"
LANDLINE = "0571-88886666"
LOCAL = "87654321"
ID = "11010519491231002X"
WRITTEN = (MOBILE, DASHED, LANDLINE, LOCAL, ID)


def a_case_with_numbers_in_its_texts(tousu: Invoke) -> str:
    steps = [
        ("register", "--received", "2026-11-02 09:00", "--channel", "phone",
         "--unit", "税务窗口", "--category", "服务态度", "--complainant", "张三",
         "--content", f"请回电{MOBILE},身份证{ID}", "--demand", f"家里电话 {LOCAL}"),
        ("accept", "2026-0001", "--at", "2026-11-02 10:00"),
        ("assign", "2026-0001", "--mode", "self", "--unit", "税务窗口",
         "--at", "2026-11-02 11:00"),
        ("investigate", "2026-0001", "--note", f"已致电投诉人{DASHED}核实",
         "--at", "2026-11-03 09:00"),
        ("decide", "2026-0001", "--finding", "属实", "--result", f"窗口座机 {LANDLINE} 已整改",
         "--at", "2026-11-04 09:00"),
        ("notify", "2026-0001", "--method", "phone", "--note", f"电话答复 {DASHED}",
         "--at", "2026-11-04 10:00"),
    ]  # fmt: skip
    for step in steps:
        result = tousu(*step)
        assert result.exit_code == 0, (step, result.stderr)
    return "2026-0001"


def test_show_masks_numbers_in_every_text_and_reveal_shows_them(tousu: Invoke) -> None:
    number = a_case_with_numbers_in_its_texts(tousu)
    for output in (tousu("show", number).stdout, tousu("show", number, "--json").stdout):
        assert not [n for n in WRITTEN if n in output], output
        assert "159****6666" in output and "****4321" in output
    document = json.loads(tousu("show", number, "--json", "--reveal").stdout)
    assert document["content"] == f"请回电{MOBILE},身份证{ID}"
    notes = [e["data"].get("note") for e in document["events"]]
    assert f"已致电投诉人{DASHED}核实" in notes
    after = json.loads(tousu("show", number, "--json").stdout)
    assert after["events"][-1]["action"] == "reveal"  # the reveal is recorded
    # The stored text is as it was typed: the chain holds it.
    assert tousu("verify").exit_code == 0


def test_masked_exports_mask_numbers_in_their_texts(tousu: Invoke, tmp_path: Path) -> None:
    number = a_case_with_numbers_in_its_texts(tousu)
    sheet = tmp_path / "台账.csv"
    book = tmp_path / "台账.xlsx"
    assert tousu("export", str(sheet)).exit_code == 0
    assert tousu("export", str(book)).exit_code == 0
    text = sheet.read_text(encoding="utf-8-sig")
    cells = [
        str(cell) for row in load_workbook(book).active.iter_rows(values_only=True) for cell in row
    ]
    for written in (text, "\n".join(cells)):
        assert not [n for n in WRITTEN if n in written]
    rows = list(csv.DictReader(sheet.open(encoding="utf-8-sig")))
    json.loads(rows[0]["处置记录"])  # still a whole history an import can read
    assert "139******5678" in rows[0]["处置记录"]
    revealed = tmp_path / "全.csv"
    assert tousu("export", str(revealed), "--reveal").exit_code == 0
    assert all(n in revealed.read_text(encoding="utf-8-sig") for n in WRITTEN)
    assert number in revealed.read_text(encoding="utf-8-sig")


def test_a_corrected_number_is_masked_in_the_history_of_a_masked_export(
    tousu: Invoke, tmp_path: Path
) -> None:
    """更正登记 records a phone before and after in full (the chain covers it):
    the masked export's history must not carry them."""
    registered = tousu(
        "register", "--received", "2026-11-02 09:00", "--channel", "phone",
        "--unit", "税务窗口", "--category", "服务态度", "--complainant", "张三",
        "--content", "态度差", "--phone", "13812340001", "--id-number", ID,
    )  # fmt: skip
    assert registered.exit_code == 0, registered.stderr
    amended = tousu("amend", "2026-0001", "--phone", "13912340002", "--reason", "电话记错")
    assert amended.exit_code == 0, amended.stderr
    sheet = tmp_path / "台账.csv"
    assert tousu("export", str(sheet)).exit_code == 0
    text = sheet.read_text(encoding="utf-8-sig")
    assert "13812340001" not in text and "13912340002" not in text and ID not in text
    history = json.loads(next(csv.DictReader(sheet.open(encoding="utf-8-sig")))["处置记录"])
    assert any(e["action"] == "amend" for e in history)


def test_a_revealing_list_or_search_records_how_its_rows_were_chosen(
    tousu: Invoke, db_path: Path
) -> None:
    a_case_with_numbers_in_its_texts(tousu)
    assert tousu("list", "--reveal", "--status", "已答复", "--unit", "税务").exit_code == 0
    assert tousu("search", "13812345678", "--reveal", "--from", "2026-11-01").exit_code == 0
    with sqlite3.connect(db_path) as conn:
        rows = conn.execute(
            "SELECT data FROM events WHERE action = 'reveal' ORDER BY id"
        ).fetchall()
    listed, searched = (json.loads(data) for (data,) in rows)
    assert listed["command"] == "list" and listed["rows"] == 1
    assert listed["filter"] == {"statuses": ["notified"], "unit": "税务窗口"}
    assert searched["command"] == "search"
    # The words looked for are kept, a number among them masked.
    assert searched["filter"] == {"text": "138****5678", "received_from": "2026-11-01"}
