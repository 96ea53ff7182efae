"""What an import did, or would do: the counts, every conflict and error, the verdict."""

from __future__ import annotations

from tousu_cli.cli.output import Format, echo, emit_json, note
from tousu_cli.services.importing import ImportResult

# On a terminal: this many kinds of error and this many conflicts, then a count
# of the rest (--json has every one), so that the summary stays in sight.
SHOWN_ERRORS = 20
SHOWN_CONFLICTS = 20


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
    """The errors and conflicts first, grouped, then the counts and the verdict
    last, where the clerk's eye is when the command ends."""
    _problems(result)
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
    _calendar(result)
    if result.reject_file:
        echo(f"有错误的行已写入 {result.reject_file},改正后可再次导入")
    if result.refused:
        note(_verdict(result))
    else:
        echo(_verdict(result))


def _problems(result: ImportResult) -> None:
    for conflict in result.conflicts[:SHOWN_CONFLICTS]:
        note(conflict.text())
    if len(result.conflicts) > SHOWN_CONFLICTS:
        note(f"……另有 {len(result.conflicts) - SHOWN_CONFLICTS} 件不一致未列出(--json 可看全部)")
    kinds: dict[tuple[str, str], list[int]] = {}  # the same mistake on many lines: one line
    for error in result.errors:
        kinds.setdefault((error.column, error.reason), []).append(error.line)
    for (column, reason), lines in list(kinds.items())[:SHOWN_ERRORS]:
        where = f"「{column}」" if column else ""
        note(f"第 {line_ranges(lines)} 行{where}:{reason}")
    if len(kinds) > SHOWN_ERRORS:
        rest = sum(len(lines) for lines in list(kinds.values())[SHOWN_ERRORS:])
        note(f"……另有 {len(kinds) - SHOWN_ERRORS} 类错误({rest} 处)未列出(--json 可看全部)")
    if len(result.errors) < result.bad:
        note(f"……错误过多,只检查了前 {len(result.errors)} 处")


def line_ranges(lines: list[int], most: int = 8) -> str:
    """3、5、7–9 for lines 3, 5, 7, 8, 9; past MOST runs, the first of them and
    how many lines in all."""
    runs: list[list[int]] = []
    for line in sorted(set(lines)):
        if runs and line == runs[-1][1] + 1:
            runs[-1][1] = line
        else:
            runs.append([line, line])
    said = "、".join(f"{a}" if a == b else f"{a}–{b}" for a, b in runs[:most])
    if len(runs) > most:
        said += f"……(共 {sum(b - a + 1 for a, b in runs)} 行)"
    return said


def _calendar(result: ImportResult) -> None:
    """What the file's calendar added, and the due dates that still differ."""
    restored = result.calendar
    if restored is not None and (restored.entries or restored.confirmed):
        would = "" if result.written else "将"
        years = "、".join(map(str, restored.confirmed))
        confirmed = f",{would}确认 {years} 年放假安排" if years else ""
        moved = f";已有投诉件中 {len(restored.moved)} 件期限随之调整" if restored.moved else ""
        echo(f"  文件所附工作日历:{would}增加 {restored.entries} 天{confirmed}{moved}")
    if result.other_due_count:
        shown = "、".join(
            f"{number}(文件 {theirs},本台账 {ours or '无'})"
            for number, theirs, ours in result.other_dues[:5]
        )
        more = f"等 {result.other_due_count} 件" if result.other_due_count > 5 else ""
        note(
            f"注意:{shown}{more}的答复期限与导入文件不同:来源台账的工作日历或时限规则"
            "与本台账不同;可用 calendar notice、calendar set 或 policy set 补齐后再核对"
        )
    if result.links:
        echo(f"  来源台账确认的重复关联:{result.links} 处,已按本台账规则确认")
    if result.links_refused:
        shown = ";".join(result.links_refused[:5])
        more = f" 等 {len(result.links_refused)} 处" if len(result.links_refused) > 5 else ""
        note(f"注意:来源台账确认的重复关联未能计入:{shown}{more}")


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
