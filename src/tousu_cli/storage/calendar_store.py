"""The clerk's calendar entries: overridden days and confirmed years."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime

from tousu_cli.calendar_cn import ChinaCalendar, EntrySource, Override
from tousu_cli.chinatime import iso


def load_overrides(conn: sqlite3.Connection, year: int | None = None) -> list[Override]:
    sql = f"SELECT {_COLUMNS} FROM calendar_day"
    params: tuple[str, ...] = ()
    if year is not None:
        sql += " WHERE day LIKE ?"
        params = (f"{year:04d}-%",)
    return [_override(*row) for row in conn.execute(sql + " ORDER BY day", params)]


_COLUMNS = "day, workday, name, source"


def _override(day: str, workday: int, name: str, source: str) -> Override:
    return Override(date.fromisoformat(day), bool(workday), name, EntrySource(source))


def overrides_between(conn: sqlite3.Connection, first: date, last: date) -> dict[date, Override]:
    """The entries from FIRST to LAST, by day: one read for a range or a notice."""
    rows = conn.execute(
        f"SELECT {_COLUMNS} FROM calendar_day WHERE day BETWEEN ? AND ?",
        (first.isoformat(), last.isoformat()),
    )
    return {(entry := _override(*row)).day: entry for row in rows}


def load_confirmed_years(conn: sqlite3.Connection) -> list[int]:
    return [row[0] for row in conn.execute("SELECT year FROM calendar_year ORDER BY year")]


def put_override(conn: sqlite3.Connection, override: Override, actor: str, at: datetime) -> None:
    conn.execute(
        "INSERT INTO calendar_day (day, workday, name, source, set_by, set_at)"
        " VALUES (?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (day) DO UPDATE SET workday = excluded.workday, name = excluded.name,"
        " source = excluded.source, set_by = excluded.set_by, set_at = excluded.set_at",
        (
            override.day.isoformat(),
            int(override.workday),
            override.name,
            override.source.value,
            actor,
            iso(at),
        ),
    )


def delete_override(conn: sqlite3.Connection, day: date) -> None:
    conn.execute("DELETE FROM calendar_day WHERE day = ?", (day.isoformat(),))


def confirm_year(conn: sqlite3.Connection, year: int, actor: str, at: datetime) -> None:
    conn.execute(
        "INSERT INTO calendar_year (year, confirmed_by, confirmed_at) VALUES (?, ?, ?)",
        (year, actor, iso(at)),
    )


def unconfirm_year(conn: sqlite3.Connection, year: int) -> None:
    conn.execute("DELETE FROM calendar_year WHERE year = ?", (year,))


def load_calendar(conn: sqlite3.Connection | None) -> ChinaCalendar:
    """The calendar as the clerk has it: package data plus their own entries."""
    if conn is None:
        return ChinaCalendar()
    return ChinaCalendar(load_overrides(conn), load_confirmed_years(conn))
