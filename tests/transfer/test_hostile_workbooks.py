"""Workbooks no spreadsheet program writes: refused in one line, quickly, in
flat memory, before openpyxl trusts them."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from tousu_cli.domain.errors import InvalidInput
from tousu_cli.transfer.source import open_source

HEADER = ("来电时间", "受理渠道", "被反映单位", "问题分类", "诉求内容")
ROW = ("2026-11-02 09:00", "来电", "税务窗口", "服务态度", "差")


def workbook(
    path: Path, sheet: Callable[[bytes], bytes] = lambda x: x, shared: bytes = b""
) -> Path:
    """A real workbook (openpyxl's), its sheet's XML then changed by SHEET."""
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(HEADER)
    book.active.append(ROW)
    plain = path.with_suffix(".plain.xlsx")
    book.save(plain)
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name in source.namelist():
            data = source.read(name)
            if name == "xl/worksheets/sheet1.xml":
                data = sheet(data)
            out.writestr(name, data)
        if shared:
            out.writestr("xl/sharedStrings.xml", shared)
    plain.unlink()
    return path


def rows_of(path: Path) -> list[list[str]]:
    source = open_source(path)
    try:
        return [row.cells for row in source.rows]
    finally:
        source.close()


def test_a_plain_workbook_reads(tmp_path: Path) -> None:
    assert rows_of(workbook(tmp_path / "plain.xlsx")) == [list(ROW)]


def far_row(data: bytes) -> bytes:
    data = data.replace(b'<row r="2"', b'<row r="999999999"')
    return re.sub(rb'r="([A-E])2"', rb'r="\g<1>999999999"', data)


def blank_rows(data: bytes) -> bytes:
    blanks = b"".join(b'<row r="%d"/>' % n for n in range(3, 1_100_000))
    return data.replace(b"</sheetData>", blanks + b"</sheetData>")


DIFFERENCE = b"&#24046;"  # 差, as openpyxl writes it


def long_cell(data: bytes) -> bytes:
    return data.replace(DIFFERENCE, "差".encode() * 40_000)


def huge_cell(data: bytes) -> bytes:
    return data.replace(DIFFERENCE, b"x" * 50_000_000)


def entity(data: bytes) -> bytes:
    declared = data.replace(b"<worksheet", b'<!DOCTYPE x [<!ENTITY a "aaaa">]><worksheet', 1)
    return declared.replace(DIFFERENCE, b"&a;")


def unnumbered_rows(data: bytes) -> bytes:
    return data.replace(b"</sheetData>", b"<row/>" * 1_100_000 + b"</sheetData>")


SHARED = (
    b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    + (b"<si><t>x</t></si>" * 1_000_000)
    + b"</sst>"
)


@pytest.mark.parametrize(
    ("sheet", "shared", "said"),
    [
        (far_row, b"", "999999999"),
        (lambda d: d.replace(b'r="A2"', b'r="ZZZZZZ-1"', 1), b"", "ZZZZZZ-1"),
        (lambda d: d.replace(b'r="E2"', b'r="ZZZ2"', 1), b"", "ZZZ2"),
        (blank_rows, b"", "1048577"),
        (unnumbered_rows, b"", "1,048,576"),
        (long_cell, b"", "32,767"),
        (huge_cell, b"", "32,767"),
        (entity, b"", "DTD"),
        (lambda d: d, SHARED, "共享字符串"),
    ],
)
def test_a_workbook_past_excels_limits_is_refused_at_once(
    tmp_path: Path, sheet: Callable[[bytes], bytes], shared: bytes, said: str
) -> None:
    """How fast, and in how little memory: bench/bench_hostile_xlsx.py."""
    path = workbook(tmp_path / "hostile.xlsx", sheet, shared)
    with pytest.raises(InvalidInput, match=re.escape(said)) as refused:
        rows_of(path)
    assert "\n" not in refused.value.message
