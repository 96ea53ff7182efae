"""The period statistics as a person reads them: terminal, CSV, Markdown, Excel."""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tousu_cli import paper
from tousu_cli.domain.model import Channel
from tousu_cli.reports.stats import Stats
from tousu_cli.spreadsheet_text import no_formulas

# (key, heading, kind): every renderer shows the same figures under the same names.
COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("received", "收到", "count"),
    ("accepted", "受理", "count"),
    ("rejected", "不予受理", "count"),
    ("withdrawn", "撤回", "count"),
    ("replied", "已答复", "count"),
    ("archived", "已归档", "count"),
    ("open", "未办结", "count"),
    ("overdue", "当前超期", "count"),
    ("on_time_rate", "按时办结率", "rate"),
    ("on_time_rate_with_extensions", "按时办结率(含延期)", "rate"),
    ("substantiated_rate", "属实率(含部分属实)", "rate"),
    ("founded", "属实(含部分属实)", "count"),
    ("substantiated", "属实", "count"),
    ("partly", "部分属实", "count"),
    ("unsubstantiated", "不属实", "count"),
    ("first_satisfaction_rate", "首次满意率", "rate"),
    ("satisfaction_rate", "最终满意率", "rate"),
    ("revisit_rate", "回访率", "rate"),
    ("repeat_count", "重复投诉", "count"),
    ("repeat_rate", "重复投诉率", "rate"),
    ("avg_working_days_to_reply", "平均答复工作日", "days"),
    ("median_working_days_to_reply", "答复工作日中位数", "days"),
)
HEADINGS = {key: heading for key, heading, _ in COLUMNS}
KINDS = {key: kind for key, _, kind in COLUMNS}
# What each breakdown shows of a unit, window, category or channel, in every
# format that has no room for all the figures (the terminal, the 月报).
BREAKDOWN = (
    "received",
    "replied",
    "overdue",
    "substantiated",
    "partly",
    "on_time_rate",
    "substantiated_rate",
    "satisfaction_rate",
)
RANKING_NOTE = (
    "名次按属实(含部分属实)件数排列;件数相同的单位名次并列,并列时按属实件数多少、单位名称先后列出"
)
FIGURE_WIDTH = 7  # a figure's column in a workbook: "100.0%", under a folded heading
DIMENSION_TITLES = {"unit": "按单位", "window": "按窗口", "category": "按类别", "channel": "按渠道"}
KEY_HEADINGS = {"unit": "被投诉单位", "window": "窗口", "category": "类别", "channel": "渠道"}
DEFINITIONS = (
    "按时办结率 = 在原定答复期限内答复的件数 / 已答复件数;含延期的按延期和中止顺延后的期限计",
    "属实率 = (属实 + 部分属实) / 已作出调查结论的件数",
    "属实(含部分属实)= 属实件数 + 部分属实件数",
    "最终满意率 = 最后一次回访满意或基本满意的件数 / 已回访件数",
    "首次满意率 = 第一次回访满意或基本满意的件数 / 已回访件数(复核后再回访的,两者不同)",
    "回访率 = 已回访件数 / 已答复的实名件数",
    "重复投诉率 = 同一投诉人对同一单位的第 2 次及以后的投诉 / 收到件数",
    "答复工作日 = 自收到之日(不计)至答复之日的工作日数",
)


def cell(value: Any, kind: str) -> str:
    if value is None:
        return "—"
    if kind == "rate":
        return f"{value:.1%}"
    if kind == "days":
        return f"{value:.1f}"
    return str(value)


def key_label(dimension: str, key: str) -> str:
    if dimension == "channel":
        return Channel(key).label
    return key


def _rows(stats: Stats, dimension: str) -> list[list[str]]:
    return [
        [key_label(dimension, row["key"]), *(cell(row[k], kind) for k, _, kind in COLUMNS)]
        for row in stats.breakdowns[dimension]
    ]


def stats_title(stats: Stats) -> str:
    p = stats.period
    span = f"{p.start} 至 {p.end}"
    if p.label == span:  # --from/--to: the label is the span already
        return f"投诉处置统计 {span}(截至 {stats.as_of})"
    return f"投诉处置统计 {p.label}({span},截至 {stats.as_of})"


def ranking_rows(stats: Stats) -> list[list[str]]:
    return [
        [str(r["place"]), r["key"], str(r["founded"]), str(r["substantiated"]), str(r["partly"])]
        for r in stats.ranking
    ]


RANKING_HEADINGS = [
    "名次",
    "被投诉单位",
    HEADINGS["founded"],
    HEADINGS["substantiated"],
    HEADINGS["partly"],
]


CSV_HEADERS = ["维度", "项目", *(h for _, h, _ in COLUMNS)]


def csv_rows(stats: Stats) -> list[list[Any]]:
    """Under CSV_HEADERS: one row for the whole period, then one per unit, window,
    category and channel."""
    rows: list[list[Any]] = [
        ["全部", stats.period.label, *(cell(stats.totals[k], kind) for k, _, kind in COLUMNS)],
    ]
    for dimension, title in DIMENSION_TITLES.items():
        rows += ([title.removeprefix("按"), *row] for row in _rows(stats, dimension))
    return rows


def markdown(stats: Stats) -> str:
    """A 月报 section that pastes into a document."""

    def md_table(headers: list[str], rows: list[list[str]]) -> Iterator[str]:
        yield "| " + " | ".join(headers) + " |"
        yield "|" + "---|" * len(headers)
        for row in rows:
            yield "| " + " | ".join(row) + " |"

    t = stats.totals
    shown = {k: cell(t[k], kind) for k, _, kind in COLUMNS}
    lines = [f"## {stats_title(stats)}", ""]
    lines.append(
        f"本期共收到服务投诉 {t['received']} 件,受理 {t['accepted']} 件,"
        f"不予受理 {t['rejected']} 件,撤回 {t['withdrawn']} 件;已答复 {t['replied']} 件,"
        f"按时办结率 {shown['on_time_rate']}(含延期 {shown['on_time_rate_with_extensions']});"
        f"属实率 {shown['substantiated_rate']},首次满意率 {shown['first_satisfaction_rate']},"
        f"最终满意率 {shown['satisfaction_rate']};"
        f"尚未办结 {t['open']} 件,其中当前超期 {t['overdue']} 件。"
    )
    lines += ["", "### 总体", ""]
    lines += md_table(["项目", "数值"], [[h, cell(t[k], kind)] for k, h, kind in COLUMNS])
    for dimension, title in DIMENSION_TITLES.items():
        lines += ["", f"### {title}", ""]
        lines += md_table(
            [KEY_HEADINGS[dimension], *(HEADINGS[k] for k in BREAKDOWN)],
            [
                [key_label(dimension, r["key"]), *(cell(r[k], KINDS[k]) for k in BREAKDOWN)]
                for r in stats.breakdowns[dimension]
            ],
        )
    if stats.ranking:
        lines += ["", "### 单位属实投诉排名", ""]
        lines += md_table(RANKING_HEADINGS, ranking_rows(stats))
        lines += ["", RANKING_NOTE]
    lines += ["", "### 指标说明", "", *(f"- {d}" for d in DEFINITIONS), ""]
    return "\n".join(lines)


def workbook(stats: Stats, path: Path) -> None:
    """One sheet per breakdown, with native charts that Excel and WPS draw, each
    sheet set up for A4 (reports/paper.py)."""
    from openpyxl import Workbook

    book = Workbook()
    title = stats_title(stats)
    _overview_sheet(book, stats, title)
    for dimension in DIMENSION_TITLES:
        _breakdown_sheet(book, stats, dimension, title)
    _ranking_sheet(book, stats, title)
    _trend_sheet(book, stats, title)
    no_formulas(book)  # a unit or category named "=…" is a name
    book.save(path)


def _percent(sheet: Any, column: int, first: int, last: int) -> None:
    for line in range(first, last + 1):
        sheet.cell(line, column).number_format = "0.0%"


def _headings(sheet: Any, row: int = 1) -> None:
    """The heading row bold and folded: a long heading takes lines, not width."""
    from openpyxl.styles import Alignment, Font

    longest = 0.0
    for cell in sheet[row]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
        longest = max(longest, paper.text_width(str(cell.value or "")))
    lines = math.ceil(longest / (FIGURE_WIDTH - 1))
    sheet.row_dimensions[row].height = max(lines, 1) * paper.LINE_POINTS


def _overview_sheet(book: Any, stats: Stats, title: str) -> None:
    sheet = book.active
    sheet.title = "总体"
    sheet.column_dimensions["A"].width = 30
    sheet.column_dimensions["B"].width = 16
    width = paper.table_width(sheet, 2)
    paper.fold(sheet, 1, title, 2, width, size=14)
    sheet.append(["项目", "数值"])
    _headings(sheet, 2)
    for key, heading, kind in COLUMNS:
        sheet.append([heading, stats.totals[key]])
        if kind == "rate":
            _percent(sheet, 2, sheet.max_row, sheet.max_row)
    paper.ruled(sheet, 2, sheet.max_row, 2)
    row = sheet.max_row + 1  # a line between the figures and what they mean
    for definition in DEFINITIONS:
        row += 1
        paper.fold(sheet, row, definition, 2, width)
    paper.for_paper(sheet, None, landscape=False, heading_rows=None)


def _breakdown_sheet(book: Any, stats: Stats, dimension: str, title: str) -> None:
    from openpyxl.chart import BarChart, PieChart, Reference

    heading = DIMENSION_TITLES[dimension]
    rows = stats.breakdowns[dimension]
    sheet = book.create_sheet(heading)
    sheet.append([KEY_HEADINGS[dimension], *(h for _, h, _ in COLUMNS)])
    for row in rows:
        sheet.append([key_label(dimension, row["key"]), *(row[k] for k, _, _ in COLUMNS)])
    for index, (_, _, kind) in enumerate(COLUMNS, start=2):
        if kind == "rate":
            _percent(sheet, index, 2, sheet.max_row)
    _figure_columns(sheet, len(COLUMNS) + 1)
    _headings(sheet)
    paper.ruled(sheet, 1, sheet.max_row, len(COLUMNS) + 1)
    paper.for_paper(sheet, f"{title} {heading}", landscape=True, heading_rows="1:1")
    if not rows:
        return
    chart: Any
    if dimension == "category":
        chart = PieChart()
        chart.title = "投诉类别构成"
    else:
        chart = BarChart()
        chart.title = f"{heading}统计:收到件数"
        chart.y_axis.title = "件"
    chart.add_data(
        Reference(sheet, min_col=2, min_row=1, max_row=len(rows) + 1), titles_from_data=True
    )
    chart.set_categories(Reference(sheet, min_col=1, min_row=2, max_row=len(rows) + 1))
    paper.chart_on_its_own_page(sheet, chart, len(rows) + 3, len(COLUMNS) + 1)


def _figure_columns(sheet: Any, columns: int) -> None:
    """The names' column wide enough for them, the figures' columns alike."""
    from openpyxl.utils import get_column_letter

    names = [str(sheet.cell(row, 1).value or "") for row in range(1, sheet.max_row + 1)]
    sheet.column_dimensions["A"].width = max(12, *(paper.text_width(n) + 2 for n in names))
    for index in range(2, columns + 1):
        sheet.column_dimensions[get_column_letter(index)].width = FIGURE_WIDTH


def _ranking_sheet(book: Any, stats: Stats, title: str) -> None:
    sheet = book.create_sheet("单位排名")
    sheet.append([*RANKING_HEADINGS, HEADINGS["received"]])
    for r in stats.ranking:
        sheet.append(
            [r["place"], r["key"], r["founded"], r["substantiated"], r["partly"], r["received"]]
        )
    # On paper, one page wide: the names and headings whole, the note folded
    # within the table's width rather than running onto a page of its own.
    for column, width in zip("ABCDEF", (6, 18, 18, 8, 10, 8), strict=True):
        sheet.column_dimensions[column].width = width
    _headings(sheet)
    paper.ruled(sheet, 1, sheet.max_row, 6)
    paper.fold(sheet, sheet.max_row + 2, RANKING_NOTE, 6, paper.table_width(sheet, 6))
    paper.for_paper(sheet, f"{title} 单位排名", landscape=False, heading_rows="1:1")


def _trend_sheet(book: Any, stats: Stats, title: str) -> None:
    from openpyxl.chart import LineChart, Reference

    sheet = book.create_sheet("月度趋势")
    sheet.append(["月份", "收到", "已答复"])
    for month in stats.trend:
        sheet.append([month["month"], month["received"], month["replied"]])
    for column in "ABC":
        sheet.column_dimensions[column].width = 12
    _headings(sheet)
    paper.ruled(sheet, 1, sheet.max_row, 3)
    paper.for_paper(sheet, f"{title} 月度趋势", landscape=False, heading_rows="1:1")
    last = len(stats.trend) + 1
    if last > 2:  # a trend needs two months at least
        chart = LineChart()
        chart.title = "月度趋势"
        chart.add_data(
            Reference(sheet, min_col=2, max_col=3, min_row=1, max_row=last), titles_from_data=True
        )
        chart.set_categories(Reference(sheet, min_col=1, min_row=2, max_row=last))
        paper.chart_on_its_own_page(sheet, chart, last + 2, 3)
