"""tousu export: the ledger to a file, personal numbers masked unless revealed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from tousu_cli.destination import PRIVATE, check_destination, ledger_files
from tousu_cli.domain.actions import Reveal
from tousu_cli.domain.errors import InvalidInput
from tousu_cli.domain.model import Status
from tousu_cli.services.office import Office
from tousu_cli.services.views import record_reveal
from tousu_cli.storage import calendar_store
from tousu_cli.storage.backup import database_path
from tousu_cli.storage.ledger_rows import ledger_rows
from tousu_cli.storage.transaction import ensure_sound
from tousu_cli.transfer.calendar_sheet import OfficeCalendar
from tousu_cli.transfer.export import COLUMNS, check_file_type, shown_rows, write_ledger


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
    overwrite: bool = False,
    mode: int = PRIVATE,
) -> ExportResult:
    """The ledger written to PATH, readable by its owner only unless MODE says
    otherwise; a revealed one (full numbers) never readable by others."""
    check_file_type(path)
    if reveal and mode & 0o077:
        raise InvalidInput(f"含完整个人信息的导出只能是本人可读(600),不能用 --mode {mode:o}")
    protected = ledger_files(database_path(office.conn))
    check_destination(path, overwrite=overwrite, protected=protected)
    if start and end and start > end:
        raise InvalidInput(f"起始日期 {start} 晚于截止日期 {end}")
    ensure_sound(office.conn)  # the 台账 that leaves the office is whole
    chosen = [status.value for status in statuses]
    columns = [column for _, column, _ in COLUMNS]
    stored = ledger_rows(
        office.conn, columns, today=office.today, start=start, end=end, statuses=chosen
    )
    calendar = OfficeCalendar(
        tuple(calendar_store.load_overrides(office.conn)),
        tuple(calendar_store.load_confirmed_years(office.conn)),
    )

    def recorded(count: int) -> None:
        # A file of full numbers is put in place only once its reveal is recorded.
        seen = Reveal.of_export(str(path.resolve()), count, start, end, chosen)
        record_reveal(office, None, seen)

    # Phones and ID numbers in full are for the clerk only, as the database is.
    count = write_ledger(
        path, shown_rows(stored, reveal=reveal), mode=mode, calendar=calendar,
        overwrite=overwrite, protected=protected, before_publishing=recorded if reveal else None,
        title=_title(start, end, statuses, office.today),
    )  # fmt: skip
    return ExportResult(path, count, reveal)


def _title(start: date | None, end: date | None, statuses: tuple[Status, ...], today: date) -> str:
    """What a printed page of the ledger says above it: which cases, as of when."""
    span = f"{start or '最早'} 至 {end or '今'}" if start or end else "全部"
    chosen = f"({'、'.join(status.label for status in statuses)})" if statuses else ""
    return f"投诉处置台账 收到日期 {span}{chosen} 截至 {today}"
