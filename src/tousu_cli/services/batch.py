"""Many new cases at once: drafts kept in memory, written a batch at a time.

A case's history is still checked stage by stage by the same rules as the
commands (services.cases); only the writing is batched. What registering must
know of earlier cases (the year's last number, repeat complainants, external
ids) is the database plus the cases kept but not yet written.

A long run (an import) hands each batch to a background writer and goes on
with the next one while it is stored. Two generations of kept cases are then
in memory: the one being written and the one being built. What the next rows
will ask of the database is looked up for a whole chunk before a batch is
handed over (`look_up`), so the rules never wait for the writer. A case seen
both in the database and in memory is counted once, by its id.
"""

from __future__ import annotations

from collections import defaultdict
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import datetime
from operator import itemgetter
from typing import Any

from tousu_cli.chinatime import iso
from tousu_cli.domain.clocks import Clock, ClockStatus
from tousu_cli.domain.errors import InvalidInput
from tousu_cli.domain.numbering import case_number, parse_case_number
from tousu_cli.domain.repeats import Key, Span, earlier_span, in_earlier_span, sought_under
from tousu_cli.services.cases import Draft, StoredLedger
from tousu_cli.services.office import Office
from tousu_cli.storage import cases_store
from tousu_cli.storage.clock_rows import CLOCK_VALUE_COLUMNS, clock_row
from tousu_cli.storage.events import EVENT_COLUMNS, EventRow, chain_tail, chained, stored_data
from tousu_cli.storage.writer import BackgroundWriter, Insert, insert_rows

# Columns a new case row may leave out, with what the schema would put there.
CASE_DEFAULTS: dict[str, Any] = {
    "complainant": None, "phone": None, "id_number": None, "window_name": None, "staff": None,
    "demand": None, "evidence": "[]", "major": 0, "external_id": None, "repeat_rank": 1,
    "escalated": 0, "mode": None, "handler_unit_id": None, "handler": None, "finding": None,
    "measures": "[]", "result": None, "notify_method": None, "satisfaction": None,
    "resolved": None, "reject_reason": None, "rejection_notified": 0, "withdraw_reason": None,
    "reviews": 0, "accepted_at": None, "replied_at": None, "archived_at": None,
    "reply_original_due": None, "reply_due": None, "reply_stopped_on": None, "erased_at": None,
}  # fmt: skip

CLOCK_COLUMNS = ("id", "case_id", "policy_id", *CLOCK_VALUE_COLUMNS)
# Clock rows remembered: cases received and answered on the same days have the
# same clocks, with the same due dates (Office.settled), so the same columns.
CLOCK_ROWS_KEPT = 20_000

Earlier = tuple[datetime, int, str]  # (received, case id, number)


@dataclass
class _Kept:
    """Cases kept and not yet written: their rows, and what later cases look up."""

    cases: list[dict[str, Any]] = field(default_factory=list)
    links: list[tuple[int, int]] = field(default_factory=list)
    clocks: list[tuple[Any, ...]] = field(default_factory=list)
    events: list[EventRow] = field(default_factory=list)
    external_ids: set[str] = field(default_factory=set)
    numbers: set[str] = field(default_factory=set)
    people: defaultdict[Key, list[Earlier]] = field(default_factory=lambda: defaultdict(list))


@dataclass
class LookedUp:
    """What the database held for a chunk of rows about to be registered."""

    absent_ids: set[str] = field(default_factory=set)  # external ids not in the database
    free_numbers: set[str] = field(default_factory=set)  # numbers nobody has taken
    phones: set[str] = field(default_factory=set)  # whose earlier cases are in `people`
    people: defaultdict[Key, list[Earlier]] = field(default_factory=lambda: defaultdict(list))

    def covers(self, key: Key) -> bool:
        return key.phone in self.phones


@dataclass
class _Ids:
    """The ids the next kept case, clock and event get, and the hash the next event chains to."""

    case: int
    clock: int
    event: int
    chain: str


class PendingLedger(StoredLedger):
    """The database, and the cases kept in this batch but not written yet."""

    def __init__(self, batch: Batch) -> None:
        super().__init__(batch.office.conn)
        self.batch = batch

    def unit(self, name: str) -> int:
        return self.batch.office.unit_id(name)

    def claim(self, number: str) -> tuple[int, int]:
        if any(number in kept.numbers for kept in self.batch.unwritten):
            raise InvalidInput(f"编号 {number} 在本批中重复")
        if number in self.batch.looked_up.free_numbers:
            return parse_case_number(number)
        return super().claim(number)

    def number(self, year: int) -> tuple[int, str]:
        last = self.batch.last_seq.get(year)
        if last is None:
            return super().number(year)
        return last + 1, case_number(year, last + 1)

    def check_external_id(self, external_id: str | None) -> None:
        if external_id is None:
            return
        if any(external_id in kept.external_ids for kept in self.batch.unwritten):
            raise InvalidInput(f"外部编号 {external_id} 在本批中重复")
        if external_id not in self.batch.looked_up.absent_ids:
            super().check_external_id(external_id)

    def earlier(self, key: Key, span: Span) -> list[tuple[int, str]]:
        looked_up = self.batch.looked_up
        if looked_up.covers(key):
            stored: list[Earlier] = looked_up.people.get(key, [])
        else:  # not read ahead: ask the database for this one
            stored = cases_store.earlier_repeats(self.conn, key, span)
        found: dict[int, Earlier] = {}
        for source in (stored, *(kept.people.get(key, ()) for kept in self.batch.unwritten)):
            for entry in source:
                if in_earlier_span(entry[0], span):
                    found.setdefault(entry[1], entry)
        return [(case_id, number) for _, case_id, number in sorted(found.values())]


class Batch:
    """Kept drafts with their ids given out in advance, written a batch at a time.

    Keep, hand over and flush inside the caller's write transaction. Ids follow
    the last ones written, read afresh after every flush, so a writer that came
    in between (another process, or this one outside the batch) never gets the
    same id; between hand-overs they carry on in memory.
    """

    def __init__(self, office: Office) -> None:
        self.office = office
        self.writer = BackgroundWriter(office.conn)
        self.current = _Kept()  # being built
        self.in_flight = _Kept()  # handed to the writer, perhaps not written yet
        self.looked_up = LookedUp()
        # Each year's last sequence given out: kept until a flush, since the
        # caller's transaction keeps other writers out until then.
        self.last_seq: dict[int, int] = {}
        self._ids: _Ids | None = None
        self.ledger = PendingLedger(self)
        self._clock_rows: dict[Clock, tuple[Any, ...]] = {}

    @property
    def unwritten(self) -> tuple[_Kept, _Kept]:
        return self.in_flight, self.current

    def look_up(
        self,
        *,
        absent_ids: set[str],
        numbers: set[str],
        phones: set[str],
        received: tuple[datetime, datetime],
    ) -> None:
        """Read ahead what registering a chunk of rows asks of the database: which
        of its numbers are free, and its complainants' earlier cases (received
        from the repeat window before the first row to the last). ABSENT_IDS: the
        external ids the caller found in no case.

        Call before handing over the batch being built: the database then holds
        everything but the two generations in memory."""
        conn = self.office.conn
        self.writer.wait()
        _, policy = self.office.policy
        since = earlier_span(received[0], policy).since
        looked_up = LookedUp(absent_ids=absent_ids, phones=phones)
        if numbers:
            looked_up.free_numbers = numbers - cases_store.taken_numbers(conn, list(numbers))
        for row in cases_store.cases_of_people(conn, list(phones), iso(since), iso(received[1])):
            entry = (datetime.fromisoformat(row["received_at"]), row["id"], row["number"])
            looked_up.people[Key(row["phone"], row["unit_id"])].append(entry)
        self.looked_up = looked_up

    def keep(self, draft: Draft) -> None:
        """Take a new case's draft; it is written at the next hand-over or flush."""
        if self._ids is None:
            self._ids = self._read_ids()
        ids = self._ids
        kept = self.current
        case_id = ids.case
        ids.case += 1
        draft.case_id = case_id
        state = draft.state
        # A new case's facts are stored as they are; only the stages' changes
        # hold lists and booleans.
        row = CASE_DEFAULTS | draft.facts | cases_store.encoded(draft.changes)
        row |= {"id": case_id, "status": state.status.value, "last_at": iso(state.last_at)}
        kept.cases.append(row)
        year = row["year"]
        if year not in self.last_seq:  # a number given in the file may leave a gap
            self.last_seq[year] = cases_store.next_number(self.office.conn, year)[0] - 1
        self.last_seq[year] = max(self.last_seq[year], row["seq"])
        kept.numbers.add(row["number"])
        if row["external_id"] is not None:
            kept.external_ids.add(row["external_id"])
        received = datetime.fromisoformat(row["received_at"])
        if (key := sought_under(row["unit_id"], row["phone"])) is not None:
            kept.people[key].append((received, case_id, row["number"]))
        kept.links += [(case_id, earlier) for earlier in draft.earlier]
        for index, status in sorted(draft.changed_clocks.items()):
            clock = state.clocks[index]
            policy_id, _ = self.office.policy_on(clock.started_on)  # as it started
            kept.clocks.append((ids.clock, case_id, policy_id, *self._clock_row(clock, status)))
            ids.clock += 1
        recorded = iso(self.office.now)
        actor = self.office.actor
        when, text = None, ""
        for event in draft.events:
            if event.at is not when:  # stages recorded together share one moment
                when, text = event.at, iso(event.at)
            data, vault = stored_data(event.data())
            kept.events.append(
                (case_id, text, recorded, event.by or actor, event.kind, data, vault)
            )

    def _clock_row(self, clock: Clock, status: ClockStatus) -> tuple[Any, ...]:
        """The clock's columns, remembered by the clock alone: STATUS is what
        Office.settled gives it, the same for equal clocks while a batch lives."""
        row = self._clock_rows.get(clock)
        if row is None:
            if len(self._clock_rows) >= CLOCK_ROWS_KEPT:
                self._clock_rows.clear()
            row = self._clock_rows[clock] = clock_row(clock, status)
        return row

    def hand_over(self) -> None:
        """Start writing what was kept, in the background; keeping goes on meanwhile."""
        self.writer.wait()
        kept, self.in_flight, self.current = self.current, self.current, _Kept()
        inserts: list[Insert] = []
        if kept.cases:
            columns = list(kept.cases[0])  # every row has them all (CASE_DEFAULTS)
            rows = list(map(itemgetter(*columns), kept.cases))
            inserts.append(insert_rows("cases", columns, rows))
        if kept.clocks:
            inserts.append(insert_rows("clocks", CLOCK_COLUMNS, kept.clocks))
        if kept.links:
            inserts.append(insert_rows("case_links", ("case_id", "earlier_id"), kept.links))
        if kept.events:
            assert self._ids is not None  # set by the keep that kept them
            chain = list(chained(self._ids.chain, self._ids.event, kept.events))
            self._ids.event += len(chain)
            self._ids.chain = chain[-1][-1]
            inserts.append(insert_rows("events", EVENT_COLUMNS, chain))
        # The rows live on as the statements' JSON; what later cases ask stays.
        kept.cases, kept.links, kept.clocks, kept.events = [], [], [], []
        self.writer.submit(inserts)

    def flush(self) -> None:
        """Write everything kept and wait for it: the database is whole again."""
        self.hand_over()
        self.writer.close()
        self.in_flight = _Kept()
        self.looked_up = LookedUp()  # the database has moved on since it was read
        self.last_seq.clear()
        self._ids = None
        self._clock_rows.clear()  # an import's last flush leaves nothing behind

    def abandon(self) -> None:
        """Wait for the writer before the caller rolls back; its error no longer matters."""
        with suppress(Exception):  # the rollback that follows undoes it anyway
            self.writer.close()

    def _read_ids(self) -> _Ids:
        conn = self.office.conn
        case, clock = cases_store.next_ids(conn)
        event, chain = chain_tail(conn)
        return _Ids(case, clock, event, chain)
