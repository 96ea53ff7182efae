"""What `verify` found, and the copy `backup` made."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from tousu_cli.cli.output import Format, echo, emit_json, note

if TYPE_CHECKING:  # verify is loaded only by the commands that check
    from tousu_cli.services.verify import Verdict


def present_verdict(verdict: Verdict, fmt: Format) -> None:
    """Problems and warnings on stderr, the all-clear (with the chain's tail, to
    write down elsewhere) on stdout."""
    if fmt is Format.JSON:
        emit_json(verdict.as_json())
        return
    for warning in verdict.warnings:
        note(f"注意:{warning}")
    for problem in verdict.problems:
        note(problem)
    if verdict.more:
        note(f"……另有 {verdict.more} 处问题未列出")
    if verdict.ok:
        echo(
            f"校验通过:{verdict.cases} 件投诉,{verdict.events} 条处置记录,"
            f"哈希链完整(链尾 {verdict.chain_head[:16]})"
        )
    else:
        note(f"校验未通过:发现 {len(verdict.problems) + verdict.more} 处问题")


def present_backup(copy: Path, verdict: Verdict, fmt: Format) -> None:
    if fmt is Format.JSON:
        emit_json({"file": str(copy), "cases": verdict.cases, "events": verdict.events,
                   "chain_head": verdict.chain_head, "verified": True})  # fmt: skip
    else:
        echo(f"已备份到 {copy}({verdict.cases} 件投诉,{verdict.events} 条处置记录,校验通过)")
