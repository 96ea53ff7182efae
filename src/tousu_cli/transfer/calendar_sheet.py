"""The office's calendar in an exported ledger: a sheet of the workbook, or a
CSV file beside the ledger's, so that an import computes every due date as the
source ledger did.

One table: a confirmed year is a row of its own (年份 in the 日期 column), each
entry a row with its kind, name and source, all as a clerk reads them.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from tousu_cli.calendar_cn import EntrySource, Override
from tousu_cli.domain import validation
from tousu_cli.domain.errors import InvalidInput

SHEET = "工作日历"
HEADERS = ("日期", "类型", "名称", "来源")
CONFIRMED = "已确认全年安排"
_KINDS = {"休息日": False, "工作日": True}
_SOURCES = {"经办人录入": EntrySource.CLERK, "国务院办公厅通知": EntrySource.NOTICE}
_SOURCE_WORDS = {source: word for word, source in _SOURCES.items()}
MOST_ROWS = 20 * 366  # every day of the years a ledger spans: more is not a calendar


@dataclass(frozen=True, slots=True)
class OfficeCalendar:
    """The office's entries and confirmed years, as a file carries them."""

    entries: tuple[Override, ...]
    confirmed_years: tuple[int, ...]

    def __bool__(self) -> bool:
        return bool(self.entries or self.confirmed_years)


def side_file(ledger: Path) -> Path:
    """Where a CSV ledger's calendar goes: 台账.csv → 台账.calendar.csv."""
    return ledger.with_name(f"{ledger.stem}.calendar.csv")


def calendar_rows(calendar: OfficeCalendar) -> Iterator[list[str]]:
    """The table's rows after its header."""
    for year in calendar.confirmed_years:
        yield [str(year), CONFIRMED, "", ""]
    for entry in calendar.entries:
        kind = "工作日" if entry.workday else "休息日"
        yield [entry.day.isoformat(), kind, entry.name, _SOURCE_WORDS[entry.source]]


def read_calendar(rows: Iterable[list[str]], where: str) -> OfficeCalendar:
    """The table ROWS (header first) read back; WHERE names it in a refusal."""
    it = iter(rows)
    header = [cell.strip() for cell in next(it, [])]
    if tuple(header[: len(HEADERS)]) != HEADERS:
        raise InvalidInput(f"{where}的表头应为 {'、'.join(HEADERS)}")
    entries: dict[date, Override] = {}
    years: list[int] = []
    for line, row in enumerate(it, start=2):
        if line > MOST_ROWS + 1:
            raise InvalidInput(f"{where}超过 {MOST_ROWS} 行,不是工作日历")
        cells = [cell.strip() for cell in row] + [""] * len(HEADERS)
        day, kind, name, source = cells[:4]
        if not any(cells):
            continue
        try:
            if kind == CONFIRMED:
                years.append(_year(day))
                continue
            entry = _entry(day, kind, name, source)
        except ValueError as error:
            raise InvalidInput(f"{where}第 {line} 行:{error}") from None
        if entry.day in entries:
            raise InvalidInput(f"{where}第 {line} 行:{entry.day} 出现了两次")
        entries[entry.day] = entry
    return OfficeCalendar(tuple(sorted(entries.values(), key=lambda e: e.day)), tuple(years))


def _year(text: str) -> int:
    if not (text.isdigit() and len(text) == 4):
        raise ValueError(f"年份应为四位数字,收到 {text!r}")
    return int(text)


def _entry(day: str, kind: str, name: str, source: str) -> Override:
    try:
        when = date.fromisoformat(day)
    except ValueError:
        raise ValueError(f"日期应为 YYYY-MM-DD,收到 {day!r}") from None
    if kind not in _KINDS:
        raise ValueError(f"类型应为 休息日、工作日 或 {CONFIRMED},收到 {kind!r}")
    if source not in _SOURCES:
        raise ValueError(f"来源应为 {'或'.join(_SOURCES)},收到 {source!r}")
    try:
        checked = validation.text(name, "名称") or ""
    except InvalidInput as error:
        raise ValueError(str(error)) from None
    return Override(when, _KINDS[kind], checked, _SOURCES[source])


def read_side_file(path: Path) -> OfficeCalendar | None:
    """The calendar beside a CSV ledger, or None when it has none."""
    if not path.is_file():
        return None
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            return read_calendar(csv.reader(handle), f"工作日历文件 {path.name} ")
    except (UnicodeDecodeError, csv.Error) as error:
        raise InvalidInput(f"工作日历文件 {path.name} 无法读取:{error}") from None


def write_side_file(path: Path, calendar: OfficeCalendar) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(HEADERS)
        writer.writerows(calendar_rows(calendar))
