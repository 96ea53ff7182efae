"""tousu export: the ledger to a file, personal numbers masked unless revealed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from tousu_cli.domain.actions import Reveal
from tousu_cli.domain.errors import InvalidInput
from tousu_cli.domain.model import Status
from tousu_cli.services.office import Office
from tousu_cli.services.views import record_reveal
from tousu_cli.storage import calendar_store
from tousu_cli.storage.ledger_rows import ledger_rows
from tousu_cli.transfer.calendar_sheet import OfficeCalendar
from tousu_cli.transfer.export import COLUMNS, check_destination, shown_rows, write_ledger


@dataclass(frozen=True, slots=True)
class ExportResult:
    path: Path
    rows: int
    revealed: bool


def export_ledger(
    office: Office,
    path: Path,
    *,
    start: date | None = None,
    end: date | None = None,
    statuses: tuple[Status, ...] = (),
    reveal: bool = False,
) -> ExportResult:
    check_destination(path)
    if start and end and start > end:
        raise InvalidInput(f"起始日期 {start} 晚于截止日期 {end}")
    chosen = [status.value for status in statuses]
    columns = [column for _, column, _ in COLUMNS]
    stored = ledger_rows(
        office.conn, columns, today=office.today, start=start, end=end, statuses=chosen
    )
    calendar = OfficeCalendar(
        tuple(calendar_store.load_overrides(office.conn)),
        tuple(calendar_store.load_confirmed_years(office.conn)),
    )
    # Phones and ID numbers in full are for the clerk only, as the database is.
    count = write_ledger(path, shown_rows(stored, reveal=reveal), private=reveal, calendar=calendar)
    if reveal:
        record_reveal(office, None, Reveal.of_export(path.name, count, start, end, chosen))
    return ExportResult(path, count, reveal)
