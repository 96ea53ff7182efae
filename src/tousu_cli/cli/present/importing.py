"""What an import did, or would do: the counts, every conflict and error, the verdict."""

from __future__ import annotations

from tousu_cli.cli.output import Format, echo, emit_json, note
from tousu_cli.services.importing import ImportResult


def present_import(result: ImportResult, fmt: Format) -> None:
    """Counts on stdout; conflicts, errors and a refusal on stderr (a script
    reading JSON still learns in one line why nothing was written)."""
    if fmt is Format.JSON:
        emit_json(result.as_json())
        if result.refused:
            note(_verdict(result))
        return
    _report(result)


def _report(result: ImportResult) -> None:
    encoding = f",编码 {result.encoding}" if result.encoding else ""
    echo(f"{result.file}:共 {result.rows} 行{encoding}")
    lines = [
        _added(result),
        f"  已存在 {result.present} 件(未重复导入)",
        f"  与已有记录不一致 {result.changed} 件"
        + (f",已更新 {result.updated} 件" if result.updated else ""),
        f"  有错误 {result.bad} 行",
    ]
    for line in lines:
        echo(line)
    if result.unknown_headers:
        echo(f"  未识别的列(已忽略):{'、'.join(result.unknown_headers)}")
    for conflict in result.conflicts:
        note(conflict.text())
    for error in result.errors:
        note(error.text())
    listed = len(result.errors)
    if listed < result.bad:
        note(f"……错误过多,只列出前 {listed} 处")
    if result.reject_file:
        echo(f"有错误的行已写入 {result.reject_file},改正后可再次导入")
    if result.refused:
        note(_verdict(result))
    else:
        echo(_verdict(result))


def _added(result: ImportResult) -> str:
    """The new cases, said as what happened: added, would be added, or refused."""
    if result.written or not result.new:
        return f"  新增 {result.new} 件" + _span(result, "编号")
    if result.dry_run:
        return f"  将新增 {result.new} 件" + _span(result, "将编号")
    return f"  可新增 {result.new} 件(因有错误,未写入)"


def _span(result: ImportResult, said: str) -> str:
    if result.numbers is None:
        return ""
    first, last = result.numbers
    return f"({said} {first} 至 {last})" if first != last else f"({said} {first})"


def _verdict(result: ImportResult) -> str:
    if result.dry_run:
        if not result.bad:
            return "试运行:未写入任何数据"
        if result.skip_bad:
            return f"试运行:未写入任何数据;正式导入时将导入无误的行,{result.bad} 行写入退回文件"
        return "试运行:未写入任何数据;正式导入将被拒绝,请先改正错误"
    if result.bad and not result.written:
        return "有错误的行,未写入任何数据。改正后重新导入,或加 --skip-bad 只导入无误的行"
    if result.changed > result.updated:
        return "与已有记录不一致的行未改动;确认以文件为准时加 --update"
    if result.bad:
        return f"已导入无误的行;{result.bad} 行有错误未导入"
    return "导入完成"
