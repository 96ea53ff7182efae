"""The erasure report: whose personal data has been kept long enough."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tousu_cli.cli.grid import Column
from tousu_cli.cli.output import Format, echo, emit_csv, emit_json, note, table

if TYPE_CHECKING:  # loaded by the command that presents it
    from tousu_cli.reports.erasure import ErasureReport
    from tousu_cli.services.erase import Erasure

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
    if report.stale_copies:
        echo()
        echo(
            "以下升级前备份制作于最近一次删除个人信息之前,仍含已删除的个人信息,请按本单位规定处理:"
        )
        for copy in report.stale_copies:
            echo(f"  {copy['file']}(制作于 {copy['made']})")


def present_erased(done: Erasure, fmt: Format, *, quiet: bool = False) -> None:
    """What `erase` did, or on a dry run would do, case by case; QUIET: nothing
    at all when there was nothing to erase (for cron)."""
    if fmt is Format.JSON:
        emit_json(done.as_json())
        return
    verb = "可删除" if done.dry_run else "已删除"
    if not done.cases:
        if not quiet:
            echo("没有需要删除个人信息的投诉件。")
        return
    for case in done.cases:
        echo(f"{verb}投诉件 {case['number']} 的个人信息({case['values']} 项)")
    if done.dry_run:
        echo("(试运行,未作任何改动)")
        return
    echo("已记入各件处置记录;哈希链不受影响。")
    _say_compacted(done.compacted)


def present_compacted(compacted: bool, fmt: Format) -> None:
    if fmt is Format.JSON:
        emit_json({"compacted": compacted})
    elif compacted:
        echo("文件已整理:删除的内容不再留在台账文件中。")
    _say_compacted(compacted)


def _say_compacted(compacted: bool) -> None:
    if not compacted:
        note("另有程序正在读取台账,文件未能整理完毕,删除的内容可能仍留在 -wal 文件中;"
             "请在其退出后运行 tousu erase --compact")  # fmt: skip
