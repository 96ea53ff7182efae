"""A period's statistics: a terminal's tables and bars, JSON, CSV, Markdown, a workbook."""

from __future__ import annotations

import sys

from tousu_cli.cli.grid import Column
from tousu_cli.cli.output import Format, emit_csv, emit_json, note, table
from tousu_cli.destination import Target
from tousu_cli.reports.stats import Stats
from tousu_cli.reports.stats_render import (
    BREAKDOWN,
    COLUMNS,
    CSV_HEADERS,
    DIMENSION_TITLES,
    HEADINGS,
    KEY_HEADINGS,
    KINDS,
    RANKING_HEADINGS,
    RANKING_NOTE,
    cell,
    csv_rows,
    key_label,
    markdown,
    ranking_rows,
    stats_title,
    workbook,
)


def present_stats(stats: Stats, fmt: Format, xlsx: Target | None = None) -> None:
    """XLSX: saved as a workbook too; on a terminal, then, nothing more is shown."""
    if xlsx is not None:
        with xlsx.writing() as partial:
            workbook(stats, partial)
        note(f"已保存:{xlsx.path}")
    if fmt is Format.JSON:
        emit_json(stats.as_json())
    elif fmt is Format.CSV:
        emit_csv(CSV_HEADERS, csv_rows(stats))
    elif fmt is Format.MARKDOWN:
        sys.stdout.write(markdown(stats))
    elif xlsx is None:
        terminal(stats)


def _bar(value: int, most: int, width: int = 10) -> str:
    return "█" * max(1 if value else 0, round(width * value / most)) if most else ""


def terminal(stats: Stats) -> None:
    """Tables (rich on a terminal, plain when piped), with bar charts."""
    t = stats.totals
    table(
        [Column("项目"), Column("数值", whole=True, right=True)],
        [[h, cell(t[k], kind)] for k, h, kind in COLUMNS],
        stats_title(stats),
    )
    for dimension, title in DIMENSION_TITLES.items():
        rows = stats.breakdowns[dimension]
        most = max((r["received"] for r in rows), default=0)
        figures = [Column(_two_lines(HEADINGS[k]), whole=True, right=True) for k in BREAKDOWN]
        table(
            [
                Column(KEY_HEADINGS[dimension], least=12),  # six characters a line
                figures[0],
                Column("收到件数图", whole=True, drop=1),  # the first to go when narrow
                *figures[1:],
            ],
            [
                [
                    key_label(dimension, r["key"]),
                    cell(r["received"], "count"),
                    _bar(r["received"], most),
                    *(cell(r[k], KINDS[k]) for k in BREAKDOWN[1:]),
                ]
                for r in rows
            ],
            title,
        )
    if stats.ranking:
        table(
            [Column(h, whole=i != 1, right=i != 1) for i, h in enumerate(RANKING_HEADINGS)],
            ranking_rows(stats),
            f"单位属实投诉排名(供考核、通报)\n{RANKING_NOTE}",
        )


def _two_lines(name: str) -> str:
    """A figure's name on two lines (按时 / 办结率, 属实率 / (含部分属实)), so that
    a breakdown's nine columns fit 80: the name is the same, only folded."""
    if "(" in name:
        return name.replace("(", "\n(", 1)
    if len(name) < 4:
        return name
    return f"{name[: len(name) // 2]}\n{name[len(name) // 2 :]}"
