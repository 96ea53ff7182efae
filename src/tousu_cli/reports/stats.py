"""Period statistics (处置结果运用): totals, rates and breakdowns, all in SQL.

The cases received in the period are read once and summed per combination of
unit, window, category, channel, month and working days to reply; every
total, rate and breakdown is then a GROUP BY over those few thousand rows.
Working days are counted in SQL through a temporary table numbering each
working day, filled from the same calendar as every deadline.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from tousu_cli.chinatime import check_year
from tousu_cli.domain.errors import InvalidInput
from tousu_cli.reports.overdue import overdue_cases
from tousu_cli.services.office import Office
from tousu_cli.storage.transaction import ensure_sound

TOTALS = ("received", "accepted", "rejected", "withdrawn", "replied", "archived", "open", "overdue")
RATES = (
    "on_time_rate",
    "on_time_rate_with_extensions",
    "substantiated_rate",
    "satisfaction_rate",
    "first_satisfaction_rate",
    "revisit_rate",
    "repeat_rate",
)
DIMENSIONS = {
    "unit": "unit",
    "window": "window",
    "category": "category",
    "channel": "channel",
}


@dataclass(frozen=True, slots=True)
class Period:
    start: date
    end: date  # inclusive
    label: str

    @classmethod
    def parse(
        cls,
        month: str | None = None,
        quarter: str | None = None,
        year: str | None = None,
        start: date | None = None,
        end: date | None = None,
    ) -> Period:
        chosen = [x for x in (month, quarter, year) if x is not None]
        if start is not None or end is not None:
            chosen.append("range")
        if len(chosen) > 1:
            given = [
                name
                for name, value in (("--month", month), ("--quarter", quarter), ("--year", year))
                if value is not None
            ] + ["--from/--to"] * (start is not None or end is not None)
            raise InvalidInput(f"统计期间只能指定一个,收到 {' 和 '.join(given)}")
        if not chosen:
            raise InvalidInput("请指定统计期间:--month、--quarter、--year 或 --from/--to")
        if month is not None:
            y, m = _numbers(month, r"YYYY-MM", 2)
            first = _first(y, m, "月份", month)
            return cls(first, _last_day(first, months=1), f"{y}年{m}月")
        if quarter is not None:
            text = quarter.upper().replace("Q", "-")
            y, q = _numbers(text.replace("--", "-"), "YYYY-Qn", 2)
            if not 1 <= q <= 4:
                raise InvalidInput(f"季度须为 1 到 4,收到 {quarter!r}")
            first = _first(y, 3 * q - 2, "季度", quarter)
            return cls(first, _last_day(first, months=3), f"{y}年第{q}季度")
        if year is not None:
            (y,) = _numbers(year, "YYYY", 1)
            return cls(_first(y, 1, "年份", year), date(y, 12, 31), f"{y}年")
        if start is None or end is None:
            raise InvalidInput("--from 和 --to 须同时指定")
        if end < start:
            raise InvalidInput(f"--to {end} 早于 --from {start}")
        return cls(start, end, f"{start} 至 {end}")


def _numbers(text: str, shape: str, count: int) -> tuple[int, ...]:
    parts = text.strip().split("-")
    if len(parts) != count or not all(p.isdigit() for p in parts):
        raise InvalidInput(f"期间格式不对:{text!r}(应为 {shape})")
    return tuple(int(p) for p in parts)


def _first(year: int, month: int, what: str, text: str) -> date:
    check_year(year, text, what)
    try:
        return date(year, month, 1)
    except ValueError:
        raise InvalidInput(f"{what}不存在:{text!r}") from None


def _last_day(first: date, *, months: int) -> date:
    """The last day of the MONTHS months that begin on FIRST."""
    from dateutil.relativedelta import relativedelta

    last: date = first + relativedelta(months=months, days=-1)
    return last


@dataclass
class Stats:
    period: Period
    as_of: date
    totals: dict[str, Any] = field(default_factory=dict)
    breakdowns: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    ranking: list[dict[str, Any]] = field(default_factory=list)
    trend: list[dict[str, Any]] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "from": self.period.start.isoformat(),
            "to": self.period.end.isoformat(),
            "period": self.period.label,
            "as_of": self.as_of.isoformat(),
            **self.totals,
            "breakdowns": self.breakdowns,
            "ranking": self.ranking,
            "trend": self.trend,
        }


# The period's cases in one pass, summed per combination of everything a
# breakdown groups by (and the working days to reply, for the medians): a few
# thousand rows that every total, rate and breakdown then adds up.
_GATHER = """
CREATE TEMP TABLE period_groups AS
SELECT unit, window, category, channel, month, days,
    count(*) AS received,
    sum(accepted) AS accepted,
    sum(rejected) AS rejected,
    sum(status = 'withdrawn') AS withdrawn,
    sum(replied) AS replied,
    sum(status = 'archived') AS archived,
    sum(status NOT IN ('archived', 'withdrawn')) AS open,
    sum(overdue) AS overdue,
    sum(replied AND on_time) AS replied_on_time,
    sum(replied AND on_time_extended) AS replied_on_time_extended,
    sum(finding = 'substantiated') AS substantiated,
    sum(finding = 'partly') AS partly,
    sum(finding = 'unsubstantiated') AS unsubstantiated,
    sum(satisfaction IN ('satisfied', 'basically')) AS satisfied,
    sum(first_satisfaction IN ('satisfied', 'basically')) AS first_satisfied,
    sum(satisfaction IS NOT NULL) AS revisited,
    sum(replied AND NOT anonymous) AS revisitable,
    sum(repeat) AS repeats
FROM (
    SELECT
        u.name AS unit,
        COALESCE(c.window_name, '(未填)') AS window,
        c.category,
        c.channel,
        substr(c.received_at, 1, 7) AS month,
        c.status,
        c.complainant IS NULL AS anonymous,
        c.repeat_rank > 1 AS repeat,
        c.finding,
        c.satisfaction,
        -- the first revisit's answer: another than the last only after a 复核
        CASE WHEN c.reviews > 0 THEN (
            SELECT json_extract(e.data, '$.satisfaction') FROM events e
            WHERE e.case_id = c.id AND e.action = 'revisit' ORDER BY e.id LIMIT 1
        ) ELSE c.satisfaction END AS first_satisfaction,
        -- rejected, or archived without ever being accepted (the rejection path)
        c.status = 'rejected' OR (c.status = 'archived' AND c.reply_due IS NULL) AS rejected,
        c.reply_due IS NOT NULL AS accepted,
        c.reply_stopped_on IS NOT NULL AND c.status <> 'withdrawn' AS replied,
        c.reply_stopped_on <= c.reply_original_due AS on_time,
        c.reply_stopped_on <= c.reply_due AS on_time_extended,
        CASE WHEN c.reply_stopped_on IS NOT NULL AND c.status <> 'withdrawn'
             THEN w2.n - w1.n END AS days,
        o.id IS NOT NULL AS overdue
    FROM cases c
    JOIN units u ON u.id = c.unit_id
    LEFT JOIN temp.overdue_now o ON o.id = c.id
    LEFT JOIN temp.workday_numbers w1 ON w1.day = substr(c.received_at, 1, 10)
    LEFT JOIN temp.workday_numbers w2 ON w2.day = c.reply_stopped_on
    WHERE c.received_at >= :start AND c.received_at < :stop AND c.voided_at IS NULL
)
GROUP BY unit, window, category, channel, month, days
"""

_COUNTS = (
    "received", "accepted", "rejected", "withdrawn", "replied", "archived", "open", "overdue",
    "replied_on_time", "replied_on_time_extended", "substantiated", "partly",
    "unsubstantiated", "satisfied", "first_satisfied", "revisited", "revisitable", "repeats",
)  # fmt: skip
# The same sums without the working days to reply: a few times fewer rows for
# the figures, which need only the days' total and count (for the average).
_COLLAPSE = (
    "CREATE TEMP TABLE period_sums AS SELECT unit, window, category, channel, month, "
    + ", ".join(f"sum({c}) AS {c}" for c in _COUNTS)
    + ", sum(days * received) AS day_total,"
    " sum(CASE WHEN days IS NOT NULL THEN received END) AS day_count"
    " FROM temp.period_groups GROUP BY unit, window, category, channel, month"
)
_FIGURES = (
    "SELECT {key} AS key, "
    + ", ".join(f"sum({c}) AS {c}" for c in _COUNTS)
    + ", sum(day_total) * 1.0 / sum(day_count) AS avg_days"
    " FROM temp.period_sums GROUP BY 1 ORDER BY received DESC, key"
)
_HISTOGRAM = (
    "SELECT {key} AS key, days, sum(received) FROM temp.period_groups"
    " WHERE days IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2"
)


def period_stats(office: Office, period: Period, as_of: date) -> Stats:
    conn = office.conn
    ensure_sound(conn)  # figures for 考核 are not drawn from a damaged file
    conn.execute("PRAGMA threads = 2")  # the year's sort may use the second core
    _number_workdays(office, period)
    conn.execute("DROP TABLE IF EXISTS temp.overdue_now")
    conn.execute("CREATE TEMP TABLE overdue_now (id INTEGER PRIMARY KEY)")
    # As `report overdue --as-of` finds them: a past day's clocks as they stood then.
    conn.executemany(
        "INSERT OR IGNORE INTO temp.overdue_now VALUES (?)",
        ((case_id,) for case_id in overdue_cases(office, as_of)),
    )
    conn.execute("DROP TABLE IF EXISTS temp.period_groups")
    conn.execute(
        _GATHER,
        {"start": period.start.isoformat(), "stop": (period.end + timedelta(days=1)).isoformat()},
    )
    conn.execute("DROP TABLE IF EXISTS temp.period_sums")
    conn.execute(_COLLAPSE)
    stats = Stats(period, as_of)
    (stats.totals,) = _figures(conn, "'all'")
    stats.totals.pop("key")
    for name, key in DIMENSIONS.items():
        stats.breakdowns[name] = _figures(conn, key)
    stats.ranking = ranked(stats.breakdowns["unit"])
    stats.trend = [
        {"month": row["key"], "received": row["received"], "replied": row["replied"]}
        for row in sorted(_figures(conn, "month"), key=lambda row: row["key"])
    ]
    return stats


def ranked(units: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The units with founded complaints, most first, each with its place.

    Units with as many founded complaints share a place (1, 2, 2, 4): a unit is
    not ranked worse for its name. Among them, the one with more fully founded
    complaints is listed first, then by name, so the order is always the same.
    """
    rows = sorted(
        (row for row in units if row["founded"]),
        key=lambda row: (-row["founded"], -row["substantiated"], row["key"]),
    )
    placed: list[dict[str, Any]] = []
    for index, row in enumerate(rows):
        tied = placed and placed[-1]["founded"] == row["founded"]
        placed.append(row | {"place": placed[-1]["place"] if tied else index + 1})
    return placed


def _figures(conn: sqlite3.Connection, key: str) -> list[dict[str, Any]]:
    medians = _medians(conn.execute(_HISTOGRAM.format(key=key)))
    rows = []
    for row in conn.execute(_FIGURES.format(key=key)):
        raw = {k: row[k] if k == "avg_days" else (row[k] or 0) for k in row.keys()}  # noqa: SIM118
        rows.append(_with_rates(raw, medians.get(row["key"])))
    if not rows and key == "'all'":
        rows.append(_with_rates(_empty(), None))
    return rows


def _medians(histogram: Iterable[sqlite3.Row]) -> dict[Any, float]:
    """The median of each key, from (key, working days, how many cases) in order."""
    counts: dict[Any, list[tuple[int, int]]] = {}
    for key, days, n in histogram:
        counts.setdefault(key, []).append((days, n))
    medians = {}
    for key, pairs in counts.items():
        total = sum(n for _, n in pairs)
        middle = [(total - 1) // 2, total // 2]  # positions of the middle value(s)
        values, seen = [], 0
        for days, n in pairs:
            values += [days for position in middle if seen <= position < seen + n]
            seen += n
        medians[key] = sum(values) / len(values)
    return medians


def _empty() -> dict[str, Any]:
    zero = dict.fromkeys(
        (
            *TOTALS,
            "replied_on_time",
            "replied_on_time_extended",
            "substantiated",
            "partly",
            "unsubstantiated",
            "satisfied",
            "first_satisfied",
            "revisited",
            "revisitable",
            "repeats",
        ),
        0,
    )
    return {"key": "all", **zero, "avg_days": None}


def _ratio(part: int, whole: int) -> float | None:
    return None if not whole else round(part / whole, 4)


def _with_rates(raw: dict[str, Any], median: float | None) -> dict[str, Any]:
    found = raw["substantiated"] + raw["partly"] + raw["unsubstantiated"]
    avg = raw.pop("avg_days")
    return raw | {
        "founded": raw["substantiated"] + raw["partly"],
        "on_time_rate": _ratio(raw["replied_on_time"], raw["replied"]),
        "on_time_rate_with_extensions": _ratio(raw["replied_on_time_extended"], raw["replied"]),
        "substantiated_rate": _ratio(raw["substantiated"] + raw["partly"], found),
        "finding_mix": {
            "substantiated": _ratio(raw["substantiated"], found),
            "partly": _ratio(raw["partly"], found),
            "unsubstantiated": _ratio(raw["unsubstantiated"], found),
        },
        # 最终满意率 (the last revisit, after any 复核) and 首次满意率 (the first).
        "satisfaction_rate": _ratio(raw["satisfied"], raw["revisited"]),
        "first_satisfaction_rate": _ratio(raw["first_satisfied"], raw["revisited"]),
        "revisit_rate": _ratio(raw["revisited"], raw["revisitable"]),
        "repeat_count": raw["repeats"],
        "repeat_rate": _ratio(raw["repeats"], raw["received"]),
        "avg_working_days_to_reply": None if avg is None else round(avg, 2),
        "median_working_days_to_reply": median,
    }


def _number_workdays(office: Office, period: Period) -> None:
    """temp.workday_numbers: every day of the years in play and its working-day number."""
    conn = office.conn
    conn.execute(
        "CREATE TEMP TABLE IF NOT EXISTS workday_numbers"
        " (day TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID"
    )
    conn.execute("DELETE FROM temp.workday_numbers")
    # Replies can come after the period ends: number the next year too.
    first, last = date(period.start.year, 1, 1), date(period.end.year + 1, 12, 31)
    workdays = office.workdays
    rows = []
    n = 0
    day = first
    while day <= last:
        n += workdays.is_workday(day)
        rows.append((day.isoformat(), n))
        day += timedelta(days=1)
    conn.executemany("INSERT INTO temp.workday_numbers VALUES (?, ?)", rows)
