"""The cases as the exported ledger has them: one row each, with its timeline.

The query streams: rows come as plain tuples in the order of the columns asked
for, read straight from the cursor, so a ledger of any size reads in flat memory.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from typing import Any

from tousu_cli.domain.actions import CLOCKS
from tousu_cli.domain.model import Action
from tousu_cli.storage.events import unsealed

_QUERY = """
SELECT {columns}
FROM (SELECT c.*, u.name AS unit, h.name AS handler_unit, r.due AS reply_due,
       CASE WHEN r.id IS NULL THEN NULL
            WHEN r.stopped_on IS NOT NULL THEN r.stopped_on > r.due
            ELSE r.suspended = 0 AND r.due < ? END AS late,
       (SELECT json_group_array(json_object(
                   'at', e.at, 'by', e.actor, 'action', e.action, 'data', {event_data}))
        FROM (SELECT * FROM events WHERE case_id = c.id ORDER BY id) e) AS history
FROM cases c
JOIN units u ON u.id = c.unit_id
LEFT JOIN units h ON h.id = c.handler_unit_id
LEFT JOIN clocks r ON r.case_id = c.id AND r.name = 'reply'
WHERE c.received_at >= ? AND c.received_at < ? AND c.voided_at IS NULL {statuses}
ORDER BY c.received_at, c.id)
"""

# What an import works out again when it replays the timeline is left out of
# the timeline column, which halves it: the registration's data (the row's own
# columns say it all) and the clocks each stage moved. A stage's own words stay.
_STAGES = ", ".join(f"'{action.value}'" for action in Action if action is not Action.REGISTER)
_UNSEALED = unsealed("e.data", "e.personal")
_EVENT_DATA = (
    "CASE WHEN e.action = 'register' THEN json_object()"
    f" WHEN e.action IN ({_STAGES}) THEN json_remove({_UNSEALED}, '$.{CLOCKS}')"
    f" ELSE json({_UNSEALED}) END"
)


def ledger_rows(
    conn: sqlite3.Connection,
    columns: Sequence[str],
    *,
    today: date,
    start: date | None,
    end: date | None,
    statuses: Sequence[str],
) -> Iterator[tuple[Any, ...]]:
    """The cases received from START to END (both included; None: open), of
    STATUSES (none: all), in the order they came in: COLUMNS of each, "late"
    as of TODAY and "history" the timeline as JSON."""
    marks = ", ".join("?" for _ in statuses)
    sql = _QUERY.format(
        event_data=_EVENT_DATA,
        columns=", ".join(columns),
        statuses=f"AND c.status IN ({marks})" if statuses else "",
    )
    params = [
        today.isoformat(),
        (start or date.min).isoformat(),
        (end + timedelta(days=1) if end and end < date.max else date.max).isoformat(),
        *statuses,
    ]
    cursor = conn.cursor()
    cursor.row_factory = None  # plain tuples, in COLUMNS order: the fastest rows to stream
    # A loop, not `yield from`: that would close the cursor when the caller drops
    # the rows half-way (a cell too long), by then on a closed database.
    for row in cursor.execute(sql, params):  # noqa: UP028
        yield row
