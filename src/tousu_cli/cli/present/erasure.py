"""The erasure report: whose personal data has been kept long enough."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tousu_cli.cli.grid import Column
from tousu_cli.cli.output import Format, echo, emit_csv, emit_json, table

if TYPE_CHECKING:  # loaded by the command that presents it
    from tousu_cli.reports.erasure import ErasureReport

HEADERS = ["编号", "办结方式", "办结日期", "保存至", "被投诉单位"]
KEYS = ["number", "closed", "closed_on", "kept_until", "unit"]


def present_erasure(report: ErasureReport, fmt: Format, *, quiet: bool = False) -> None:
    """QUIET: nothing at all when nothing is due (for cron); JSON is always one document."""
    if fmt is Format.JSON:
        emit_json(report.as_json())
        return
    if quiet and not report.due:
        return
    rows = [tuple(str(item[key]) for key in KEYS) for item in report.due]
    if fmt is Format.CSV:
        emit_csv(HEADERS, rows)
        return
    echo(
        f"截至 {report.as_of}:个人信息保存期限({report.retention_days} 天,自办结起)"
        f"已满 {len(report.due)} 件。"
    )
    if rows:
        echo()
        table([Column(h, whole=h != "被投诉单位") for h in HEADERS], rows, title="保存期满")
