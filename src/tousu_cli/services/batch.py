"""Many new cases at once: drafts kept in memory, written with a few executemany.

A case's history is still checked stage by stage by the same rules as the
commands (services.cases); only the writing is batched. What registering must
know of earlier cases (the year's last number, repeat complainants, external
ids) is the database plus the cases kept but not yet written.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta
from typing import Any

from tousu_cli.chinatime import iso
from tousu_cli.domain.errors import InvalidInput
from tousu_cli.services.cases import Draft, StoredLedger
from tousu_cli.services.office import Office
from tousu_cli.storage.cases_store import encoded, next_number
from tousu_cli.storage.clock_rows import clock_values
from tousu_cli.storage.events import EventRow, insert_events
from tousu_cli.storage.jsontext import to_json

# Columns a new case row may leave out, with what the schema would put there.
CASE_DEFAULTS: dict[str, Any] = {
    "complainant": None, "phone": None, "id_number": None, "window_name": None, "staff": None,
    "demand": None, "evidence": "[]", "major": 0, "external_id": None, "repeat_rank": 1,
    "escalated": 0, "mode": None, "handler_unit_id": None, "handler": None, "finding": None,
    "measures": "[]", "result": None, "notify_method": None, "satisfaction": None,
    "resolved": None, "reject_reason": None, "rejection_notified": 0, "withdraw_reason": None,
    "reviews": 0, "accepted_at": None, "replied_at": None, "archived_at": None,
    "reply_original_due": None, "reply_due": None, "reply_stopped_on": None,
}  # fmt: skip


class PendingLedger(StoredLedger):
    """The database, and the cases kept in this batch but not written yet."""

    def __init__(self, batch: Batch) -> None:
        super().__init__(batch.office.conn)
        self.batch = batch

    def unit(self, name: str) -> int:
        return self.batch.office.unit_id(name)

    def claim(self, number: str) -> tuple[int, int]:
        if number in self.batch.numbers:
            raise InvalidInput(f"编号 {number} 在本批中重复")
        return super().claim(number)

    def number(self, year: int) -> tuple[int, str]:
        last = self.batch.last_seq.get(year)
        if last is None:
            return super().number(year)
        return last + 1, f"{year:04d}-{last + 1:04d}"

    def check_external_id(self, external_id: str | None) -> None:
        if external_id is not None and external_id in self.batch.external_ids:
            raise InvalidInput(f"外部编号 {external_id} 在本批中重复")
        super().check_external_id(external_id)

    def earlier(
        self, unit: int, phone: str | None, name: str | None, received_at: datetime, days: int
    ) -> list[tuple[int, str]]:
        found = super().earlier(unit, phone, name, received_at, days)
        person = _person(unit, phone, name)
        if person is None:
            return found
        since = received_at - timedelta(days=days)
        kept = self.batch.people.get(person, [])
        found += [(i, number) for when, i, number in kept if since <= when <= received_at]
        return found


def _person(unit: int, phone: str | None, name: str | None) -> tuple[str, str, int] | None:
    if phone is not None:
        return ("phone", phone, unit)
    if name is not None:
        return ("name", name, unit)
    return None


class Batch:
    """Kept drafts with their ids given out in advance; flush() writes them all.

    Keep and flush inside the caller's write transaction: the ids handed out
    follow the last ones written, read afresh when a batch starts, so a writer
    that came in between (another process, or this one outside the batch)
    never gets the same id.
    """

    def __init__(self, office: Office) -> None:
        self.office = office
        self.next_case = self.next_clock = 0
        self.last_seq: dict[int, int] = {}
        self.external_ids: set[str] = set()
        self.numbers: set[str] = set()
        self.people: defaultdict[tuple[str, str, int], list[tuple[datetime, int, str]]] = (
            defaultdict(list)
        )
        self.ledger = PendingLedger(self)
        self._cases: list[dict[str, Any]] = []
        self._links: list[tuple[int, int]] = []
        self._clocks: list[dict[str, Any]] = []
        self._events: list[EventRow] = []

    def _start(self) -> None:
        conn = self.office.conn
        self.next_case = conn.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM cases").fetchone()[0]
        self.next_clock = conn.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM clocks").fetchone()[0]

    def keep(self, draft: Draft) -> None:
        """Take a new case's draft; it is written at the next flush."""
        if not self._cases:
            self._start()
        case_id = self.next_case
        self.next_case += 1
        draft.case_id = case_id
        state = draft.state
        row = CASE_DEFAULTS | encoded(draft.facts | draft.changes)
        row |= {"id": case_id, "status": state.status.value, "last_at": iso(state.last_at)}
        self._cases.append(row)
        year = row["year"]
        if year not in self.last_seq:  # a number given in the file may leave a gap
            self.last_seq[year] = next_number(self.office.conn, year)[0] - 1
        self.last_seq[year] = max(self.last_seq[year], row["seq"])
        self.numbers.add(row["number"])
        if row["external_id"] is not None:
            self.external_ids.add(row["external_id"])
        person = _person(row["unit_id"], row["phone"], row["complainant"])
        if person is not None:
            received = datetime.fromisoformat(row["received_at"])
            self.people[person].append((received, case_id, row["number"]))
        self._links += [(case_id, earlier) for earlier in draft.earlier]
        policy_id, _ = self.office.policy
        for index, status in sorted(draft.changed_clocks.items()):
            values = clock_values(state.clocks[index], status)
            values |= {"id": self.next_clock, "case_id": case_id, "policy_id": policy_id}
            self.next_clock += 1
            self._clocks.append(values)
        recorded = iso(self.office.now)
        self._events += [
            (
                case_id,
                iso(at),
                recorded,
                by or self.office.actor,
                action,
                to_json(data),
            )
            for at, action, data, by in draft.events
        ]

    def flush(self) -> None:
        """Write every kept case: call inside the caller's write transaction."""
        conn = self.office.conn
        if self._cases:
            columns = list(self._cases[0])
            conn.executemany(
                f"INSERT INTO cases ({', '.join(columns)})"
                f" VALUES ({', '.join(':' + c for c in columns)})",
                self._cases,
            )
        conn.executemany("INSERT INTO case_links (case_id, earlier_id) VALUES (?, ?)", self._links)
        if self._clocks:
            columns = list(self._clocks[0])
            conn.executemany(
                f"INSERT INTO clocks ({', '.join(columns)})"
                f" VALUES ({', '.join(':' + c for c in columns)})",
                self._clocks,
            )
        insert_events(conn, self._events)
        self._cases, self._links, self._clocks, self._events = [], [], [], []
        self.people.clear()
        self.last_seq.clear()
        self.external_ids.clear()
        self.numbers.clear()
