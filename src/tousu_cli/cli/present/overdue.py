"""The overdue report: what the clerk reads in the morning, and cron mails."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tousu_cli.cli.grid import Column
from tousu_cli.cli.output import Format, echo, emit_csv, emit_json, grouped_table
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


OVERDUE_HEADERS = ["类别", "编号", "时限", "届满日", "超期/剩余", "状态", "被投诉单位", "标记"]
OVERDUE_COLUMNS = (
    Column("编号", whole=True),
    Column("时限", whole=True),
    Column("届满日", whole=True),
    Column("超期/剩余", whole=True),
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
    unit = OVERDUE_HEADERS.index("被投诉单位")
    columns = [c for c in OVERDUE_COLUMNS if c.header != "被投诉单位"]

    def without_unit(row: tuple[str, ...]) -> tuple[str, ...]:
        return row[1:unit] + row[unit + 1 :]

    everything = [without_unit(row) for row in rows]  # both tables, one set of widths
    for kind, title in (("超期", "已超期"), ("即将到期", "即将到期")):
        groups: dict[str, list[tuple[str, ...]]] = {}
        for row in rows:  # the report's order: the unit with the worst case first
            if row[0] == kind:
                groups.setdefault(row[unit], []).append(without_unit(row))
        if groups:
            echo()
            grouped_table(
                columns,
                list(groups.items()),
                group_header="被投诉单位",
                title=f"{title} {sum(map(len, groups.values()))} 件",
                like=everything,
            )


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
