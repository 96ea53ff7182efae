"""The overdue report: what the clerk reads in the morning, and cron mails."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tousu_cli.cli.grid import Column
from tousu_cli.cli.output import Format, echo, emit_csv, emit_json, table
from tousu_cli.cli.present.cases import left_text, overdue_text

if TYPE_CHECKING:  # loaded by the command that presents it
    from tousu_cli.reports.overdue import OverdueReport


def present_overdue(report: OverdueReport, fmt: Format, *, quiet: bool = False) -> None:
    """QUIET: nothing at all when nothing is overdue or due soon (for cron); a
    script asking for JSON gets its one document, empty or not."""
    if fmt is Format.JSON:
        emit_json(report.as_json())
        return
    if quiet and report.empty:
        return
    if fmt is Format.CSV:
        emit_csv(OVERDUE_HEADERS, _overdue_rows(report))
        return
    show_overdue(report)


OVERDUE_HEADERS = ["类别", "编号", "时限", "届满日", "工作日", "状态", "被投诉单位", "标记"]
OVERDUE_COLUMNS = (
    Column("编号", whole=True),
    Column("时限", whole=True),
    Column("届满日", whole=True),
    Column("工作日", whole=True),
    Column("状态", whole=True),
    Column("被投诉单位"),
    Column("标记"),
)


def _overdue_rows(report: OverdueReport) -> list[tuple[str, ...]]:
    rows = [_row("超期", item, overdue_text(item["overdue_days"])) for item in report.overdue]
    return rows + [_row("即将到期", item, left_text(item["days_left"])) for item in report.due_soon]


def show_overdue(report: OverdueReport) -> None:
    """The report as the clerk reads it in the morning (or cron mails it)."""
    echo(
        f"截至 {report.as_of}:已超期 {len(report.overdue)} 件,"
        f"{report.warn_days} 个工作日内到期 {len(report.due_soon)} 件。"
    )
    rows = _overdue_rows(report)
    for kind, title in (("超期", "已超期"), ("即将到期", "即将到期")):
        chosen = [row[1:] for row in rows if row[0] == kind]
        if chosen:
            echo()
            table(OVERDUE_COLUMNS, chosen, title)


def _row(kind: str, item: dict[str, Any], days: str) -> tuple[str, ...]:
    marks = list(item["flags"])
    if item["provisional"]:
        marks.append("期限暂定")
    return (
        kind,
        item["number"],
        item["clock_label"],
        item["due"],
        days,
        item["status_label"],
        item["unit"],
        " ".join(marks),
    )
