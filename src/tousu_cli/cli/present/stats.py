"""A period's statistics: a terminal's tables and bars, JSON, CSV, Markdown, a workbook."""

from __future__ import annotations

import sys
from pathlib import Path

from tousu_cli.cli.output import Format, emit_json, note, table
from tousu_cli.reports.stats import Stats
from tousu_cli.reports.stats_render import csv_text, markdown, terminal, workbook


def present_stats(stats: Stats, fmt: Format, xlsx: Path | None = None) -> None:
    """XLSX: saved as a workbook too; on a terminal, then, nothing more is shown."""
    if xlsx is not None:
        workbook(stats, xlsx)
        note(f"已保存:{xlsx}")
    if fmt is Format.JSON:
        emit_json(stats.as_json())
    elif fmt is Format.CSV:
        sys.stdout.write(csv_text(stats))
    elif fmt is Format.MARKDOWN:
        sys.stdout.write(markdown(stats))
    elif xlsx is None:
        terminal(stats, table)
