"""The clerk's calendar entries: overridden days and confirmed years."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from tousu_cli.calendar_cn import Override
from tousu_cli.chinatime import iso

if TYPE_CHECKING:
    from sqlite_utils import Database


def load_overrides(db: Database, year: int | None = None) -> list[Override]:
    sql = "SELECT day, workday, name FROM calendar_day"
    params: tuple[str, ...] = ()
    if year is not None:
        sql += " WHERE day LIKE ?"
        params = (f"{year:04d}-%",)
    rows = db.conn.execute(sql + " ORDER BY day", params).fetchall()
    return [Override(date.fromisoformat(day), bool(workday), name) for day, workday, name in rows]


def load_confirmed_years(db: Database) -> list[int]:
    return [row[0] for row in db.conn.execute("SELECT year FROM calendar_year ORDER BY year")]


def get_override(db: Database, day: date) -> Override | None:
    row = db.conn.execute(
        "SELECT workday, name FROM calendar_day WHERE day = ?", (day.isoformat(),)
    ).fetchone()
    return None if row is None else Override(day, bool(row[0]), row[1])


def put_override(db: Database, override: Override, actor: str, at: datetime) -> None:
    db.conn.execute(
        "INSERT INTO calendar_day (day, workday, name, set_by, set_at) VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT (day) DO UPDATE SET workday = excluded.workday, name = excluded.name,"
        " set_by = excluded.set_by, set_at = excluded.set_at",
        (override.day.isoformat(), int(override.workday), override.name, actor, iso(at)),
    )


def delete_override(db: Database, day: date) -> None:
    db.conn.execute("DELETE FROM calendar_day WHERE day = ?", (day.isoformat(),))


def confirm_year(db: Database, year: int, actor: str, at: datetime) -> None:
    db.conn.execute(
        "INSERT INTO calendar_year (year, confirmed_by, confirmed_at) VALUES (?, ?, ?)",
        (year, actor, iso(at)),
    )


def unconfirm_year(db: Database, year: int) -> None:
    db.conn.execute("DELETE FROM calendar_year WHERE year = ?", (year,))
