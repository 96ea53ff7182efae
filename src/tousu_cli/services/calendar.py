"""Working-day questions and the clerk's calendar entries.

The typed records and the recomputing of clocks are loaded only when an entry
is written: `calendar due` and `check`, asked often, load neither.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from tousu_cli.calendar_cn import ChinaCalendar, DayInfo, Override, package_years
from tousu_cli.domain.errors import InvalidInput, InvalidMove, NotFound
from tousu_cli.domain.workdays import YEARS, Workdays
from tousu_cli.storage import calendar_store
from tousu_cli.storage.calendar_store import load_calendar
from tousu_cli.storage.clock_rows import clocks_counting_through, clocks_of_year
from tousu_cli.storage.connection import Connection
from tousu_cli.storage.events import record_now
from tousu_cli.storage.transaction import write_transaction

__all__ = ["load_calendar"]  # re-exported for the commands

MAX_DAYS = 1000  # four years of working days: more is a typing mistake


@dataclass(frozen=True, slots=True)
class DueAnswer:
    start: date
    days: int
    due: date
    provisional: bool
    walked: tuple[DayInfo, ...] = ()


def due_date(calendar: ChinaCalendar, start: date, days: int, explain: bool = False) -> DueAnswer:
    if not 0 <= days <= MAX_DAYS:
        raise InvalidInput(f"工作日天数须在 0 到 {MAX_DAYS} 之间,收到 {days}")
    workdays = Workdays(calendar)
    due = workdays.add(start, days)
    walked: tuple[DayInfo, ...] = ()
    if explain:
        walked = tuple(calendar.describe(day) for day, _ in workdays.walk(start, due))
    return DueAnswer(start, days, due, workdays.provisional(start, due), walked)


def set_day(
    conn: Connection, day: date, *, workday: bool, name: str, actor: str, now: datetime
) -> Override:
    override = Override(day, workday, name.strip())
    with write_transaction(conn):
        before = calendar_store.get_override(conn, day)
        calendar_store.put_override(conn, override, actor, now)
        replaced = None if before is None else _override_json(before)
        from tousu_cli.domain.actions import CalendarSet

        record_now(conn, actor, now, CalendarSet(day, workday, override.name, replaced))
        kind = "工作日" if workday else "休息日"
        _recompute_around(conn, day, actor, now, f"经办人将 {day} 设为{kind}")
    return override


def unset_day(conn: Connection, day: date, actor: str, now: datetime) -> Override:
    with write_transaction(conn):
        before = calendar_store.get_override(conn, day)
        if before is None:
            raise NotFound(f"{day} 没有经办人设定的记录,无需取消")
        calendar_store.delete_override(conn, day)
        from tousu_cli.domain.actions import CalendarUnset

        record_now(conn, actor, now, CalendarUnset(day, _override_json(before)))
        _recompute_around(conn, day, actor, now, f"经办人取消了 {day} 的设定")
    return before


@dataclass(frozen=True, slots=True)
class YearAnswer:
    year: int
    confirmed: bool
    official: bool
    overrides: int


def confirm_year(conn: Connection, year: int, actor: str, now: datetime) -> YearAnswer:
    """The clerk has typed in YEAR's schedule: its dates are no longer provisional."""
    _check_year(year)
    with write_transaction(conn):
        if year in calendar_store.load_confirmed_years(conn):
            raise InvalidMove(f"{year} 年的放假安排已经确认过了")
        calendar_store.confirm_year(conn, year, actor, now)
        count = len(calendar_store.load_overrides(conn, year))
        from tousu_cli.domain.actions import CalendarConfirm

        record_now(conn, actor, now, CalendarConfirm(year, count))
        _recompute_year(conn, year, actor, now, f"经办人确认了 {year} 年放假安排")
    return YearAnswer(year, True, year in package_years(), count)


def unconfirm_year(conn: Connection, year: int, actor: str, now: datetime) -> YearAnswer:
    _check_year(year)
    with write_transaction(conn):
        if year not in calendar_store.load_confirmed_years(conn):
            raise NotFound(f"{year} 年的放假安排没有确认过,无需撤销")
        calendar_store.unconfirm_year(conn, year)
        count = len(calendar_store.load_overrides(conn, year))
        from tousu_cli.domain.actions import CalendarUnconfirm

        record_now(conn, actor, now, CalendarUnconfirm(year))
        _recompute_year(conn, year, actor, now, f"经办人撤销了 {year} 年放假安排的确认")
    return YearAnswer(year, False, year in package_years(), count)


@dataclass(frozen=True, slots=True)
class CalendarListing:
    overrides: list[Override]
    confirmed_years: list[int]
    official_years: range


def list_entries(conn: Connection | None, year: int | None) -> CalendarListing:
    if conn is None:
        return CalendarListing([], [], package_years())
    confirmed = calendar_store.load_confirmed_years(conn)
    if year is not None:
        confirmed = [y for y in confirmed if y == year]
    return CalendarListing(calendar_store.load_overrides(conn, year), confirmed, package_years())


def _check_year(year: int) -> None:
    if year not in YEARS:
        raise InvalidInput(f"年份须在 {YEARS[0]} 到 {YEARS[-1]} 之间,收到 {year}")


def _override_json(override: Override) -> dict[str, object]:
    return {"workday": override.workday, "name": override.name}


def _recompute_around(conn: Connection, day: date, actor: str, now: datetime, reason: str) -> None:
    """Clocks counting through DAY move with it."""
    from tousu_cli.services.deadlines import recompute
    from tousu_cli.services.office import Office

    recompute(Office(conn, actor, now), reason, clocks_counting_through(conn, day))


def _recompute_year(conn: Connection, year: int, actor: str, now: datetime, reason: str) -> None:
    from tousu_cli.services.deadlines import recompute
    from tousu_cli.services.office import Office

    recompute(Office(conn, actor, now), reason, clocks_of_year(conn, year))
