"""Working-day questions and the clerk's calendar entries.

The typed records and the recomputing of clocks are loaded only when an entry
is written: `calendar due` and `check`, asked often, load neither.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import TYPE_CHECKING

from tousu_cli.calendar_cn import (
    ChinaCalendar,
    DayInfo,
    DaySource,
    EntrySource,
    Override,
    package_years,
)
from tousu_cli.domain.errors import InvalidInput, InvalidMove, NotFound
from tousu_cli.domain.notice import Notice
from tousu_cli.domain.workdays import YEARS, Workdays
from tousu_cli.storage import calendar_store
from tousu_cli.storage.calendar_store import load_calendar
from tousu_cli.storage.clock_rows import clocks_counting_through, clocks_of_year
from tousu_cli.storage.connection import Connection
from tousu_cli.storage.events import record_now
from tousu_cli.storage.transaction import write_transaction

if TYPE_CHECKING:
    from tousu_cli.services.deadlines import CaseMoved
    from tousu_cli.transfer.calendar_sheet import OfficeCalendar

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


@dataclass(frozen=True, slots=True)
class DaysChanged:
    """What `calendar set` or `unset` did: the entries, the days of the package it
    overrides (said as the package has them), and the cases whose dates moved."""

    entries: list[Override]
    overridden: list[DayInfo] = field(default_factory=list)
    moved: list[CaseMoved] = field(default_factory=list)


def set_days(
    conn: Connection,
    days: list[date],
    *,
    workday: bool,
    name: str,
    actor: str,
    now: datetime,
    force: bool = False,
    reason: str = "",
) -> DaysChanged:
    """DAYS (one, or a range) declared holidays or working days, and the clocks
    counting through them recomputed once: one record for each case moved.

    A day the installed package answers otherwise is the State Council's word:
    overriding it needs FORCE and a REASON, recorded with what it overrode."""
    overrides = [Override(day, workday, name.strip()) for day in days]
    overridden = [info for day in days if (info := _package_says_otherwise(day, workday))]
    if overridden and not (force and reason.strip()):
        said = "、".join(f"{i.day}({i.reason})" for i in overridden[:3])
        more = f"等 {len(overridden)} 天" if len(overridden) > 3 else ""
        raise InvalidMove(
            f"日历数据包中 {said}{more} 是国务院安排的{_kind(not workday)},"
            f"改设为{_kind(workday)}须加 --force 并用 --reason 说明理由"
        )
    package = {info.day: info.reason for info in overridden}
    with write_transaction(conn):
        entered = calendar_store.overrides_between(conn, days[0], days[-1])
        for override in overrides:
            said = package.get(override.day, "")
            _enter(
                conn, override, entered.get(override.day), actor, now,
                overrides=said and f"{_kind(not workday)}({said})",
                reason=reason.strip() if said else "",
            )  # fmt: skip
        moved = _recompute_around(
            conn, days, actor, now, f"经办人将 {_span(days)} 设为{_kind(workday)}"
        )
    return DaysChanged(overrides, overridden, moved)


def _enter(
    conn: Connection,
    override: Override,
    before: Override | None,
    actor: str,
    now: datetime,
    *,
    overrides: str = "",
    reason: str = "",
) -> None:
    """One entry of the office's calendar stored (over BEFORE), and its record."""
    from tousu_cli.domain.actions import CalendarSet

    calendar_store.put_override(conn, override, actor, now)
    replaced = None if before is None else _override_json(before)
    entry = CalendarSet(
        override.day, override.workday, override.name, replaced, override.source.value,
        overrides, reason,
    )  # fmt: skip
    record_now(conn, actor, now, entry)


def _take_back(conn: Connection, before: Override, actor: str, now: datetime) -> None:
    """One entry of the office's calendar removed, and its record."""
    from tousu_cli.domain.actions import CalendarUnset

    calendar_store.delete_override(conn, before.day)
    record_now(conn, actor, now, CalendarUnset(before.day, _override_json(before)))


def _kind(workday: bool) -> str:
    return "工作日" if workday else "休息日"


def _package_says_otherwise(day: date, workday: bool) -> DayInfo | None:
    """What the installed package says of DAY, when its State Council schedule
    names the day (a holiday or a make-up working day) and says the other thing.
    An ordinary day is the office's to close (停电, 检修) without force."""
    if day.year not in package_years():
        return None
    info = ChinaCalendar().describe(day)  # the package alone
    named = info.source is DaySource.PACKAGE
    return info if named and info.workday != workday else None


def unset_days(conn: Connection, days: list[date], actor: str, now: datetime) -> DaysChanged:
    """The office's entries on DAYS taken back; refused when none of them has one."""
    with write_transaction(conn):
        found = list(calendar_store.overrides_between(conn, days[0], days[-1]).values())
        if not found:
            raise NotFound(f"{_span(days)} 没有经办人设定的记录,无需取消")
        for before in found:
            _take_back(conn, before, actor, now)
        moved = _recompute_around(conn, days, actor, now, f"经办人取消了 {_span(days)} 的设定")
    return DaysChanged(found, [], moved)


def _span(days: list[date]) -> str:
    return str(days[0]) if len(days) == 1 else f"{days[0]} 至 {days[-1]}"


@dataclass(frozen=True, slots=True)
class YearAnswer:
    year: int
    confirmed: bool
    official: bool
    overrides: int
    # Confirming: the statutory holidays guessed so far that nobody entered,
    # working days from now on, and the cases whose running clocks moved.
    released: tuple[date, ...] = ()
    moved: tuple[CaseMoved, ...] = ()


def confirm_year(
    conn: Connection, year: int, actor: str, now: datetime, *, dry_run: bool = False
) -> YearAnswer:
    """The clerk has typed in YEAR's schedule: its dates are no longer provisional,
    and the statutory holidays nobody entered are working days. DRY_RUN: what
    confirming would change, changing nothing."""
    from tousu_cli.calendar_cn import statutory_holidays

    _check_year(year)
    with write_transaction(conn):
        if year in calendar_store.load_confirmed_years(conn):
            raise InvalidMove(f"{year} 年的放假安排已经确认过了")
        entered = {o.day for o in calendar_store.load_overrides(conn, year)}
        guessed = () if year in package_years() else statutory_holidays(year)
        released = tuple(  # a weekend day stays a rest day either way
            sorted(day for day in guessed if day not in entered and day.weekday() < 5)
        )
        calendar_store.confirm_year(conn, year, actor, now)
        from tousu_cli.domain.actions import CalendarConfirm

        record_now(conn, actor, now, CalendarConfirm(year, len(entered)))
        moved = _recompute_year(conn, year, actor, now, f"经办人确认了 {year} 年放假安排")
        answer = YearAnswer(
            year, True, year in package_years(), len(entered), released, tuple(moved)
        )
        if dry_run:
            raise _Rehearsed(answer)  # undone: the transaction rolls back
    return answer


class _Rehearsed(Exception):
    """A change made to see what it does, then rolled back."""

    def __init__(self, answer: YearAnswer | NoticeAnswer) -> None:
        self.answer = answer


def rehearse_confirm(conn: Connection, year: int, actor: str, now: datetime) -> YearAnswer:
    """What confirming YEAR would change, found by confirming and rolling back."""
    try:
        return confirm_year(conn, year, actor, now, dry_run=True)
    except _Rehearsed as rehearsed:
        assert isinstance(rehearsed.answer, YearAnswer)
        return replace(rehearsed.answer, confirmed=False)


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
    # The entries of years the installed package knows that answer otherwise:
    # they still win, until the clerk unsets them.
    disagreeing: list[Override] = field(default_factory=list)


def disagreeing(overrides: list[Override]) -> list[Override]:
    """The clerk's entries that the installed package answers otherwise."""
    known = package_years()
    package = ChinaCalendar()  # the package alone
    return [o for o in overrides if o.day.year in known and package.is_workday(o.day) != o.workday]


def list_entries(conn: Connection | None, year: int | None) -> CalendarListing:
    if conn is None:
        return CalendarListing([], [], package_years())
    confirmed = calendar_store.load_confirmed_years(conn)
    if year is not None:
        confirmed = [y for y in confirmed if y == year]
    overrides = calendar_store.load_overrides(conn, year)
    return CalendarListing(overrides, confirmed, package_years(), disagreeing(overrides))


def _check_year(year: int) -> None:
    if year not in YEARS:
        raise InvalidInput(f"年份须在 {YEARS[0]} 到 {YEARS[-1]} 之间,收到 {year}")


def _override_json(override: Override) -> dict[str, object]:
    data: dict[str, object] = {"workday": override.workday, "name": override.name}
    if override.source is not EntrySource.CLERK:
        data["source"] = override.source.value
    return data


def _recompute_around(
    conn: Connection, days: list[date], actor: str, now: datetime, reason: str
) -> list[CaseMoved]:
    """Clocks counting through DAYS (a day, or a range in order) move with them."""
    from tousu_cli.services.deadlines import recompute
    from tousu_cli.services.office import Office

    clocks = clocks_counting_through(conn, days[0], days[-1])
    return recompute(Office(conn, actor, now), reason, clocks)


def _recompute_year(
    conn: Connection, year: int, actor: str, now: datetime, reason: str
) -> list[CaseMoved]:
    return _recompute_years(conn, {year}, actor, now, reason)


@dataclass(frozen=True, slots=True)
class Difference:
    day: date
    notice_workday: bool
    package_workday: bool


@dataclass(frozen=True, slots=True)
class NoticeAnswer:
    notice: Notice
    schedule: dict[date, Override]  # the year's entries the notice makes
    differences: list[Difference]  # where the installed package knows the year
    applied: bool
    unchanged: bool  # already the year's confirmed schedule: nothing to do
    moved: tuple[CaseMoved, ...] = ()  # what applying moves (or would, on a dry run)

    @property
    def cases_changed(self) -> int:
        return len(self.moved)


def apply_notice(
    conn: Connection,
    notice: Notice,
    *,
    amend: bool,
    dry_run: bool,
    actor: str,
    now: datetime,
) -> NoticeAnswer:
    """The office's schedule for the notice's year: the notice's days, replacing
    the year's entries (AMEND: on top of them), the year confirmed, and every
    clock that moves recomputed, in one transaction; DRY_RUN changes nothing."""
    from tousu_cli.domain.notice import amended

    year = notice.year
    _check_year(year)
    current = calendar_store.overrides_between(conn, date(year, 1, 1), date(year, 12, 31))
    base = {day: o.workday for day, o in current.items()} if amend else {}
    names = {day: f.name for f in notice.festivals for day in f.holidays | f.workdays}
    extended = next((f.name for f in notice.festivals if f.extended_to), "")
    schedule = {
        day: Override(
            day, works, names.get(day) or _kept_name(current.get(day)) or extended,
            EntrySource.NOTICE,
        )
        for day, works in sorted(amended(base, notice).items())
    }  # fmt: skip
    if not schedule:  # 延长…假期 with nothing to extend
        raise InvalidMove(
            f"这份通知只修改 {year} 年已有的安排,而该年还没有录入放假日期:"
            "请先录入该年的通知,再用 --amend 录入这份"
        )
    removed = [day for day in current if day not in schedule]
    # the year's entries, and those of the December before that its 元旦 declares
    stored = current | calendar_store.overrides_between(conn, min(schedule), max(schedule))
    changed_days = [o for day, o in schedule.items() if stored.get(day) != o]
    confirmed = year in calendar_store.load_confirmed_years(conn)
    unchanged = confirmed and not removed and not changed_days
    answer = NoticeAnswer(notice, schedule, _differences(year, schedule), False, unchanged)
    if unchanged:
        return answer
    from tousu_cli.domain.actions import CalendarConfirm

    try:
        with write_transaction(conn):
            for day in removed:
                _take_back(conn, current[day], actor, now)
            for override in changed_days:
                _enter(conn, override, stored.get(override.day), actor, now)
            if not confirmed:
                calendar_store.confirm_year(conn, year, actor, now)
                record_now(conn, actor, now, CalendarConfirm(year, len(schedule)))
            moved = _recompute_years(
                conn, {year, *(day.year for day in schedule)}, actor, now,
                f"依据国务院办公厅通知录入 {year} 年放假安排",
            )  # fmt: skip
            answer = replace(answer, applied=not dry_run, moved=tuple(moved))
            if dry_run:
                raise _Rehearsed(answer)  # undone: the transaction rolls back
    except _Rehearsed as rehearsed:
        assert isinstance(rehearsed.answer, NoticeAnswer)
        return rehearsed.answer
    return answer


def _kept_name(override: Override | None) -> str:
    return "" if override is None else override.name


def _differences(year: int, schedule: dict[date, Override]) -> list[Difference]:
    """Each day of YEAR the notice and the installed package answer differently."""
    if year not in package_years():
        return []
    calendar = ChinaCalendar()  # the package alone
    days = {*schedule, *(d for d in _package_special_days(year))}
    found = []
    for day in sorted(days):
        notice = schedule[day].workday if day in schedule else day.weekday() < 5
        package = calendar.is_workday(day)
        if notice != package:
            found.append(Difference(day, notice, package))
    return found


def _package_special_days(year: int) -> list[date]:
    import chinese_calendar

    special = [*chinese_calendar.holidays, *chinese_calendar.workdays]
    return [day for day in special if day.year == year]


def _recompute_years(
    conn: Connection, years: set[int], actor: str, now: datetime, reason: str
) -> list[CaseMoved]:
    from tousu_cli.services.deadlines import recompute
    from tousu_cli.services.office import Office

    clocks = {row.id: row for year in sorted(years) for row in clocks_of_year(conn, year)}
    return recompute(Office(conn, actor, now), reason, clocks.values())


@dataclass(frozen=True, slots=True)
class Restored:
    """What an import restored of the calendar its file carries."""

    entries: int  # entries added: the ones the ledger had already are not counted
    confirmed: tuple[int, ...]  # years confirmed by it
    moved: tuple[CaseMoved, ...] = ()  # cases already kept whose dates moved with them


def restore(conn: Connection, carried: OfficeCalendar, actor: str, now: datetime) -> Restored:
    """The calendar an exported ledger carries, added to this ledger's before its
    cases are replayed (inside the caller's transaction), so that each due date
    comes out as the source had it. A day this ledger has otherwise is refused:
    which of the two is right is the clerk's to say."""
    from tousu_cli.domain.actions import CalendarConfirm

    for year in carried.confirmed_years:
        _check_year(year)
    here = {entry.day: entry for entry in calendar_store.load_overrides(conn)}
    clashes = [e for e in carried.entries if e.day in here and here[e.day].workday != e.workday]
    if clashes:
        said = "、".join(
            f"{e.day}(文件为{_kind(e.workday)},本台账为{_kind(here[e.day].workday)})"
            for e in clashes[:5]
        )
        more = f"等 {len(clashes)} 天" if len(clashes) > 5 else ""
        raise InvalidMove(
            f"导入文件所附工作日历与本台账的设定不同:{said}{more};"
            "请先用 calendar set/unset 统一后再导入"
        )
    added = [e for e in carried.entries if e.day not in here]
    for entry in added:
        _enter(conn, entry, None, actor, now)
    kept_years = set(calendar_store.load_confirmed_years(conn))
    confirmed = tuple(sorted(set(carried.confirmed_years) - kept_years))
    for year in confirmed:
        calendar_store.confirm_year(conn, year, actor, now)
        entered = len(calendar_store.load_overrides(conn, year))
        record_now(conn, actor, now, CalendarConfirm(year, entered))
    years = {entry.day.year for entry in added} | set(confirmed)
    moved: list[CaseMoved] = []
    if years:
        moved = _recompute_years(conn, years, actor, now, "导入文件所附工作日历")
    return Restored(len(added), confirmed, tuple(moved))
