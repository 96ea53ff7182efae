"""What `export` wrote."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tousu_cli.cli.output import Format, echo, emit_json

if TYPE_CHECKING:  # loaded by the command that presents it
    from tousu_cli.services.exporting import ExportResult


def present_export(result: ExportResult, fmt: Format) -> None:
    if fmt is Format.JSON:
        emit_json({"file": str(result.path), "rows": result.rows, "revealed": result.revealed})
        return
    shown = "(含完整个人信息,已记录)" if result.revealed else ""
    echo(f"已导出 {result.rows} 件到 {result.path}{shown}")
