"""report stats: one name per figure in every format, and a terminal that shows them all.

A breakdown's column headed 属实 once counted 部分属实 too, so a clerk copying
the unit table into the 月报 reported partly founded complaints as founded.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.cli.test_terminal_width import on_terminal
from tests.conftest import Invoke
from tousu_cli.cli.present import stats as stats_screen
from tousu_cli.reports.stats import ranked
from tousu_cli.reports.stats_render import COLUMNS

COUNTS = {heading for _, heading, kind in COLUMNS if kind == "count"}
PERIOD = ("--year", "2026")


@pytest.fixture
def demo(tousu: Invoke, db_path: Path) -> Path:
    assert tousu("demo", "--db", str(db_path), "--cases", "160", "--seed", "7").exit_code == 0
    return db_path


def summed(headers: list[str], rows: list[list[str]]) -> dict[str, int]:
    """The sum of each count column of ROWS, by its heading."""
    return {
        heading: sum(int(row[i]) for row in rows)
        for i, heading in enumerate(headers)
        if heading in COUNTS
    }


def test_every_csv_breakdown_sums_to_the_summary_figure_of_the_same_name(
    tousu: Invoke, demo: Path
) -> None:
    text = tousu("report", "stats", *PERIOD, "--csv").stdout
    header, whole, *rows = csv.reader(io.StringIO(text))
    totals = dict(zip(header, whole, strict=True))
    assert int(totals["属实"]) and int(totals["部分属实"])  # the demo has both
    for dimension in ("单位", "窗口", "类别", "渠道"):
        part = [row for row in rows if row[0] == dimension]
        sums = summed(header, part)
        assert sums == {h: int(totals[h]) for h in sums}, dimension


def markdown_tables(text: str) -> dict[str, tuple[list[str], list[list[str]]]]:
    """Each `### title` section's table: its headings and rows."""
    tables: dict[str, tuple[list[str], list[list[str]]]] = {}
    title = ""
    for line in text.splitlines():
        if line.startswith("### "):
            title = line[4:]
        elif line.startswith("| ") and title:
            cells = [cell.strip() for cell in line.strip("|").split("|")]
            if title not in tables:
                tables[title] = (cells, [])
            else:
                tables[title][1].append(cells)
    return tables


def test_every_markdown_breakdown_sums_to_the_summary_figure_of_the_same_name(
    tousu: Invoke, demo: Path
) -> None:
    tables = markdown_tables(tousu("report", "stats", *PERIOD, "--md").stdout)
    totals = dict(tables["总体"][1])
    for title in ("按单位", "按窗口", "按类别", "按渠道"):
        headers, rows = tables[title]
        assert {"已答复", "当前超期", "属实", "部分属实", "属实率(含部分属实)"} <= set(headers)
        sums = summed(headers, rows)
        assert sums == {h: int(totals[h]) for h in sums}, title


def test_every_terminal_breakdown_sums_to_the_summary_figure_of_the_same_name(
    tousu: Invoke, demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[tuple[list[str], list[list[str]], str]] = []

    def record(headers: list[Any], rows: list[list[str]], title: str) -> None:
        shown.append(([h.header.replace("\n", "") for h in headers], rows, title))

    monkeypatch.setattr(stats_screen, "table", record)
    assert tousu("report", "stats", *PERIOD).exit_code == 0
    (_, overall, _), *breakdowns, (ranking_headers, _, _) = shown
    totals = dict(overall)
    assert [title for _, _, title in breakdowns] == ["按单位", "按窗口", "按类别", "按渠道"]
    for headers, rows, title in breakdowns:
        assert {"已答复", "当前超期", "属实", "部分属实", "属实率(含部分属实)"} <= set(headers)
        assert all(h for h in headers), title  # the bars have a heading too
        sums = summed(headers, rows)
        assert sums == {h: int(totals[h]) for h in sums}, title
    assert "属实(含部分属实)" in ranking_headers and "属实(含部分属实)" in totals


@pytest.mark.parametrize("width", [80, 120])
def test_the_terminal_shows_every_figure_with_the_title_on_one_line(
    tousu: Invoke, demo: Path, monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    lines = on_terminal(
        tousu, monkeypatch, width, "report", "stats", "--from", "2026-01-01", "--to", "2026-12-05"
    )
    title = lines[0]
    assert title.startswith("投诉处置统计") and "截至" in title
    assert title.count("2026-01-01") == 1  # the period is said once
    text = "\n".join(lines)
    # the summary's first and final rates, then each breakdown's final one
    assert text.count("满意率") == 2 + 4 and text.count("首次满意率") == 1
    assert text.count("超期") >= 1 + 4
    numbers = [line for line in lines if line.startswith("收到 ")]
    assert numbers and numbers[0].rstrip()[-1].isdigit()  # right-aligned: the figure ends the line


def test_ties_share_a_place_and_are_listed_the_same_way_every_time() -> None:
    def unit(key: str, substantiated: int, partly: int) -> dict[str, Any]:
        return {"key": key, "substantiated": substantiated, "partly": partly,
                "founded": substantiated + partly}  # fmt: skip

    rows = ranked([unit("丙", 1, 1), unit("甲", 3, 0), unit("乙", 2, 0), unit("丁", 0, 1),
                   unit("戊", 0, 0), unit("己", 0, 1)])  # fmt: skip
    assert [(r["place"], r["key"]) for r in rows] == [
        (1, "甲"),
        (2, "乙"),  # two founded, both fully: listed before 丙's one and one
        (2, "丙"),
        (4, "丁"),
        (4, "己"),
    ]


@given(st.lists(st.tuples(st.integers(0, 4), st.integers(0, 4)), max_size=12))
def test_a_place_is_one_more_than_the_units_with_more_founded_complaints(
    counts: list[tuple[int, int]],
) -> None:
    units = [
        {"key": f"单位{i}", "substantiated": s, "partly": p, "founded": s + p}
        for i, (s, p) in enumerate(counts)
    ]
    rows = ranked(units)
    assert len(rows) == sum(1 for s, p in counts if s + p)
    for row in rows:
        assert row["place"] == 1 + sum(1 for u in units if u["founded"] > row["founded"])


def test_the_ranking_sheet_is_one_page_wide_with_its_note_folded(
    tousu: Invoke, demo: Path, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    path = tmp_path / "stats.xlsx"
    assert tousu("report", "stats", *PERIOD, "--xlsx", str(path)).exit_code == 0
    ranking = load_workbook(path)["单位排名"]
    rows = [row for row in ranking.iter_rows(min_row=2, values_only=True) if row[1]]
    assert rows  # the demo has founded complaints
    assert ranking.column_dimensions["B"].width >= 2 * max(len(row[1]) for row in rows)
    (note,) = ranking.merged_cells.ranges  # within the table's six columns, not beyond
    assert (note.min_col, note.max_col) == (1, 6)
    assert ranking.cell(note.min_row, 1).alignment.wrap_text
    assert "名次并列" in ranking.cell(note.min_row, 1).value


def test_every_sheet_prints_one_page_wide_with_its_charts_whole(
    tousu: Invoke, demo: Path, tmp_path: Path
) -> None:
    """On A4: all of a table's columns on a page's width, its headings again on
    every page, each chart below its table after a page break, never cut."""
    from openpyxl import load_workbook

    path = tmp_path / "stats.xlsx"
    assert tousu("report", "stats", *PERIOD, "--xlsx", str(path)).exit_code == 0
    book = load_workbook(path)
    for sheet in book.worksheets:
        setup = sheet.page_setup
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
        assert (setup.paperSize, setup.fitToWidth, setup.fitToHeight) == (9, 1, 0), sheet.title
        assert sheet.oddFooter.center.text == "第 &P 页,共 &N 页"
        if sheet.title != "总体":
            assert sheet.print_title_rows == "$1:$1", sheet.title
            assert "投诉处置统计 2026年" in sheet.oddHeader.center.text
        for chart in sheet._charts:
            table_end = max(row for row in range(1, sheet.max_row + 1) if sheet.cell(row, 1).value)
            start = chart.anchor._from.row + 1  # 0-based in the anchor
            assert start > table_end and start - 1 in {b.id for b in sheet.row_breaks.brk}
            assert chart.width <= 25.0
    assert book["按单位"].page_setup.orientation == "landscape"
    overview = book["总体"]
    definitions = [r for r in overview.merged_cells.ranges if r.min_row > 2]
    assert len(definitions) == 8 and all((r.min_col, r.max_col) == (1, 2) for r in definitions)
    folded = [overview.row_dimensions[r.min_row].height for r in definitions]
    assert max(folded) > min(folded)  # a long one takes two lines, a short one one
