"""tousu import: complaints from a work-order export or a hand-kept ledger.

The file is read once, row by row, inside one write transaction. Each row is
matched against the cases already kept (and the rows before it), then
registered with its history through the same rules as the commands, in
batches. A dry run, or a file with bad rows, rolls the whole transaction
back, so what the summary says is exactly what the import did or would do.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from tousu_cli.chinatime import iso, readable
from tousu_cli.destination import ledger_files
from tousu_cli.domain import retention
from tousu_cli.domain.actions import Erased, Event, Imported, Updated
from tousu_cli.domain.errors import InvalidInput, InvalidMove, TousuError
from tousu_cli.domain.masking import PERSONAL, mask
from tousu_cli.services import repeats
from tousu_cli.services.batch import Batch
from tousu_cli.services.calendar import Restored, restore
from tousu_cli.services.cases import StepRefused, continue_history, draft_with_history
from tousu_cli.services.office import Office
from tousu_cli.storage import cases_store
from tousu_cli.storage.backup import database_path
from tousu_cli.storage.bulk import report_indexes_set_aside, worth_setting_aside
from tousu_cli.storage.events import append_events
from tousu_cli.storage.transaction import Decision, decided_transaction, write_transaction
from tousu_cli.transfer.compare import (
    FACT_COLUMNS,
    FIXED_COLUMNS,
    Change,
    differences,
)
from tousu_cli.transfer.fields import (
    Layout,
    Mapping,
    load_mapping,
    resolve_headers,
)
from tousu_cli.transfer.rejects import RejectFile
from tousu_cli.transfer.rows import Incoming, RowError, RowReader, Step
from tousu_cli.transfer.source import Source, SourceRow, carried_calendar, open_source

BATCH_ROWS = 2000  # cases kept in memory between writes
MAX_LISTED = 10_000  # errors and conflicts listed; all of them are counted


@dataclass(frozen=True, slots=True)
class ImportOptions:
    sheet: str | None = None
    encoding: str | None = None
    mapping: Path | None = None
    dry_run: bool = False
    skip_bad: bool = False
    update: bool = False
    reject_path: Path | None = None
    overwrite: bool = False  # the reject file, when it exists


@dataclass(frozen=True, slots=True)
class Conflict:
    line: int
    number: str
    changes: tuple[Change, ...]

    def text(self) -> str:
        shown = ";".join(change.text() for change in self.changes)
        return f"第 {self.line} 行与已有的投诉件 {self.number} 不一致:{shown}"


@dataclass
class ImportResult:
    file: str
    encoding: str | None
    dry_run: bool
    rows: int = 0
    new: int = 0
    present: int = 0
    changed: int = 0
    updated: int = 0
    bad: int = 0
    errors: list[RowError] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    unknown_headers: list[str] = field(default_factory=list)
    reject_file: str | None = None
    numbers: tuple[str, str] | None = None  # first and last new number
    written: bool = False
    skip_bad: bool = False
    calendar: Restored | None = None  # what the file's calendar added
    # Cases whose reply due date here is not the file's: the source ledger
    # counted by days this one does not have (number, file's, here).
    other_dues: list[tuple[str, str, str]] = field(default_factory=list)
    other_due_count: int = 0
    # Links the other ledger's clerk confirmed (tousu link), confirmed again
    # here; those this ledger's rule refused, each "case→earlier:why".
    links: int = 0
    links_refused: list[str] = field(default_factory=list)

    @property
    def refused(self) -> bool:
        return self.bad > 0 or self.changed > self.updated

    def as_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "encoding": self.encoding,
            "dry_run": self.dry_run,
            "written": self.written,
            "rows": self.rows,
            "new": self.new,
            "present": self.present,
            "changed": self.changed,
            "updated": self.updated,
            "bad": self.bad,
            "first_number": self.numbers and self.numbers[0],
            "last_number": self.numbers and self.numbers[1],
            "errors": [
                {"row": e.line, "column": e.column, "reason": e.reason} for e in self.errors
            ],
            "conflicts": [
                {
                    "row": c.line,
                    "number": c.number,
                    "changes": [
                        {"column": col, "kept": old, "file": new}
                        for col, old, new in (change.shown() for change in c.changes)
                    ],
                }
                for c in self.conflicts
            ],
            "unknown_headers": self.unknown_headers,
            "reject_file": self.reject_file,
            "calendar": None
            if self.calendar is None
            else {
                "entries_added": self.calendar.entries,
                "years_confirmed": list(self.calendar.confirmed),
                "cases_changed": len(self.calendar.moved),
            },
            "reply_due_differs": {
                "count": self.other_due_count,
                "cases": [
                    {"number": number, "file": theirs, "here": ours}
                    for number, theirs, ours in self.other_dues
                ],
            },
            "links_confirmed": self.links,
            "links_refused": self.links_refused,
        }


Progress = Callable[[int, int], None]  # (done, size) in the source's unit


def import_file(
    office: Office, path: Path, options: ImportOptions, progress: Progress | None = None
) -> ImportResult:
    mapping = load_mapping(options.mapping)
    source = open_source(path, sheet=options.sheet, encoding=options.encoding)
    try:
        layout = _layout(source, mapping)
        reader = RowReader(layout, mapping)
        result = ImportResult(path.name, source.encoding, options.dry_run)
        result.skip_bad = options.skip_bad
        result.unknown_headers = layout.unknown
        conn = office.conn
        decision = Decision()
        run: _Run | None = None
        carried = carried_calendar(source)
        try:
            with decided_transaction(conn, decision):
                if carried:
                    result.calendar = restore(conn, carried, office.actor, office.now)
                    office.forget_calendar()  # the cases replay by the restored one
                run = _Run(office, path, layout, options, result)
                _read_into(run, source, reader, progress, decision)
        except BaseException:
            if run is not None:
                run.rejects.discard()
            raise
        result.written = decision.keep
        result.reject_file = run.rejects.kept
        return result
    finally:
        source.close()


def _read_into(
    run: _Run,
    source: Source,
    reader: RowReader,
    progress: Progress | None,
    decision: Decision,
) -> None:
    """The rows of SOURCE, read and registered; DECISION: whether to keep them."""
    office, options, result = run.office, run.options, run.result
    conn = office.conn
    first_new, _ = cases_store.next_ids(conn)
    try:
        bulk = worth_setting_aside(conn, source.rows_estimate())
        with (
            report_indexes_set_aside(conn, when=bulk and not options.dry_run),
            cycle_collection_paused(),
        ):
            run.read_all(source, reader, progress)
        if result.new and not options.dry_run:
            repeats.recount_after_import(office, first_new)
            result.links, result.links_refused = repeats.confirm_carried(office, first_new)
        keep = not options.dry_run and (result.bad == 0 or options.skip_bad)
        # Before the commit: a reject file that cannot be written undoes the import.
        run.rejects.finish(keep)
        decision.keep = keep
    except BaseException:
        run.batch.abandon()  # its writer is done before the rollback
        raise


@contextmanager
def cycle_collection_paused() -> Iterator[None]:
    """Python's cycle collector, paused while rows are imported.

    It would scan the cases kept in memory again and again: about 3 s of a 25 s
    import of 100,000 rows. An import makes no reference cycles for it to find
    (tests/transfer checks that they do not grow with the rows); reference
    counting frees what each row leaves behind.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _facts(incoming: Incoming) -> cases_store.Facts:
    new = incoming.new
    return (iso(new.received_at), new.complainant, new.unit, new.content)


def _layout(source: Source, mapping: Mapping) -> Layout:
    try:
        return resolve_headers(source.headers, mapping)
    except InvalidInput as error:
        if source.sheet is None:
            raise
        hint = ";可用 --sheet 选择其他工作表" if source.other_sheets else ""
        raise InvalidInput(f"工作表「{source.sheet}」{error}{hint}") from None


class _Run:
    """One import under way."""

    def __init__(
        self,
        office: Office,
        path: Path,
        layout: Layout,
        options: ImportOptions,
        result: ImportResult,
    ) -> None:
        self.office = office
        self.file = path.name
        self.layout = layout
        self.options = options
        self.result = result
        self.batch = Batch(office)
        # Rows kept in the batch, not yet in the database where later rows look:
        # the ones being built, and the ones being written.
        self.pending: set[tuple[str, ...]] = set()
        self.pending_in_flight: set[tuple[str, ...]] = set()
        # Each row's stored case as the database had it before the chunk: None for none.
        self.found: dict[tuple[str, ...], Any] | None = None
        self.first: str | None = None
        self.last: str | None = None
        reject = options.reject_path or path.with_name(f"{path.stem}.rejected.csv")
        self.rejects = RejectFile(
            reject, layout.headers, write=options.skip_bad and not options.dry_run,
            overwrite=options.overwrite, protected=ledger_files(database_path(office.conn)),
        )  # fmt: skip

    def read_all(self, source: Source, reader: RowReader, progress: Progress | None) -> None:
        result = self.result
        rows = iter(source.rows)
        while chunk := list(islice(rows, BATCH_ROWS)):
            result.rows += len(chunk)
            read = [(row, reader.read(row)) for row in chunk]
            # While nothing is being written: what the database says of these rows.
            self.look_up([incoming for _, incoming in read if isinstance(incoming, Incoming)])
            self.hand_over()  # the last chunk's cases are stored while this one is worked out
            for row, incoming in read:
                if isinstance(incoming, Incoming):
                    self.take(row, incoming)
                else:
                    self.refuse(row, incoming)
            if progress is not None:
                progress(source.done() or result.rows, source.size)
        self.flush()
        if progress is not None:
            progress(source.size, source.size)
        if self.first is not None and self.last is not None:
            result.numbers = (self.first, self.last)

    def refuse(self, row: SourceRow, errors: list[RowError]) -> None:
        result = self.result
        result.bad += 1
        room = MAX_LISTED - len(result.errors)
        result.errors.extend(errors[: max(room, 0)])
        self.rejects.add(
            row.cells,
            "；".join(e.reason if not e.column else f"{e.column}:{e.reason}" for e in errors),
        )

    def look_up(self, chunk: list[Incoming]) -> None:
        """Each row's case in the database, and what registering the chunk will
        ask; the cases kept in memory are asked later."""
        self.batch.writer.wait()
        self.found = self.stored(chunk)
        if chunk:
            received = [incoming.new.received_at for incoming in chunk]
            self.batch.look_up(
                absent_ids={
                    key[1]
                    for key, stored in self.found.items()
                    if key[0] == "external_id" and stored is None
                },
                numbers={incoming.new.number for incoming in chunk if incoming.new.number},
                phones={incoming.new.phone for incoming in chunk if incoming.new.phone},
                received=(min(received), max(received)),
            )

    def stored(self, rows: list[Incoming]) -> dict[tuple[str, ...], Any]:
        """Each row's case in the database, by the row's identity (None for none):
        by external id, else by its facts; a query each for all the rows."""
        conn = self.office.conn
        ids = [incoming.new.external_id for incoming in rows if incoming.new.external_id]
        by_id = cases_store.find_by_external_ids(conn, ids) if ids else {}
        unnamed = [_facts(incoming) for incoming in rows if not incoming.new.external_id]
        by_facts = cases_store.find_by_facts(conn, unnamed) if unnamed else {}
        found = {
            incoming.identity(): by_id.get(incoming.new.external_id)
            if incoming.new.external_id
            else by_facts.get(_facts(incoming))
            for incoming in rows
        }
        # A ledger this tool exported, its facts corrected since: found by its 编号.
        numbered = [i for i in rows if i.new.number and found[i.identity()] is None]
        if numbered:
            by_number = cases_store.find_by_numbers(conn, [i.new.number or "" for i in numbered])
            for incoming in numbered:
                same = by_number.get(incoming.new.number or "")
                if same is not None and _same_complaint(incoming, same):
                    found[incoming.identity()] = same
        return found

    def hand_over(self) -> None:
        self.batch.hand_over()
        self.pending_in_flight, self.pending = self.pending, set()

    def flush(self) -> None:
        self.batch.flush()
        self.pending.clear()
        self.pending_in_flight = set()
        self.found = None  # read before the database moved on

    def take(self, row: SourceRow, incoming: Incoming) -> None:
        keys = incoming.found_by()
        key = keys[0]  # its identity
        if key in self.pending or key in self.pending_in_flight:
            self.flush()  # the same complaint twice in one file: rare
        if self.found is not None and key in self.found:
            stored = self.found[key]
        else:  # looked up before a flush: the database has moved on since
            stored = self.stored([incoming])[key]
        if stored is None:
            self.register(row, incoming)
            self.pending.update(keys)
        else:
            self.compare(row, incoming, stored)

    def register(self, row: SourceRow, incoming: Incoming) -> None:
        office = self.office
        problem = self.precheck(incoming)
        if problem is not None:
            self.refuse(row, [problem])
            return
        steps = incoming.steps
        office.added_units.clear()  # from here on: the units this row adds
        try:
            draft = draft_with_history(
                office,
                incoming.new,
                [(s.at, s.stage) for s in steps],
                incoming.registered_at,
                self.batch.ledger,
                strict=True,
            )
        except StepRefused as refused:
            # A unit named only by a row that is refused is not kept.
            office.take_back_units()
            column = self.layout.header_of(steps[refused.index].blame)
            self.refuse(row, [RowError(row.line, column, str(refused.error))])
            return
        except TousuError as error:
            office.take_back_units()
            column = self.layout.header_of("number" if incoming.new.number else "external_id")
            self.refuse(row, [RowError(row.line, column, str(error))])
            return
        draft.events = self.timeline(incoming, draft.events)
        if erased := [event.at for event in draft.events if isinstance(event.record, Erased)]:
            draft.changes["erased_at"] = iso(erased[-1])  # erased there: erased here
        self.batch.keep(draft)
        self.result.new += 1
        number = draft.state.number
        self.hold_due(incoming, number, draft.changes.get("reply_due"))
        self.first = self.first or number
        self.last = number

    def hold_due(self, incoming: Incoming, number: str, due: str | None) -> None:
        """A history replayed here must come to the due date the file shows."""
        theirs = incoming.values.get("source_reply_due")
        if not theirs or "history" not in incoming.values or theirs == due:
            return
        result = self.result
        result.other_due_count += 1
        if len(result.other_dues) < MAX_LISTED:
            result.other_dues.append((number, theirs, due or ""))

    def precheck(self, incoming: Incoming) -> RowError | None:
        """What registering would refuse, said with the column to fix."""
        new = incoming.new
        if new.category not in self.office.categories:
            known = "、".join(sorted(self.office.categories))
            hint = "可用 --map 对应,或 tousu category add 增加"
            reason = f"投诉类别 {new.category!r} 不在类别表中(可选:{known};{hint})"
            return RowError(incoming.line, self.layout.header_of("category"), reason)
        if new.received_at > self.office.now:
            return RowError(incoming.line, self.layout.header_of("received_at"), "晚于当前时间")
        return None

    def timeline(self, incoming: Incoming, made: list[Event]) -> list[Event]:
        """The events the rules made, with the ones carried over put back in
        place, each by whom it was done, and the import itself last."""
        register, *stages = made
        events = [_by(register, incoming.register_actor)]
        stage_events = iter(stages)
        for item in incoming.history:
            events.append(_by(next(stage_events), item.actor) if isinstance(item, Step) else item)
        events.append(self.import_event(incoming))
        return events

    def import_event(self, incoming: Incoming) -> Event:
        """导入: the file and row the case came from, now."""
        record = Imported(self.file, incoming.line, incoming.values.get("time_limit"))
        return Event(self.office.now, record)

    # -- a row that matches a case already kept ---------------------------------

    def compare(self, row: SourceRow, incoming: Incoming, stored: Any) -> None:
        changes = differences(incoming, stored, self.layout)
        if not changes:
            self.result.present += 1
            return
        self.result.changed += 1
        # Personal data is shown masked, as in every list (Change.shown).
        conflict = Conflict(row.line, stored["number"], tuple(changes))
        if not self.options.update:
            if len(self.result.conflicts) < MAX_LISTED:
                self.result.conflicts.append(conflict)
            return
        problem = (
            _spreadsheet_damage(incoming, changes)
            or _erased_since(incoming, stored, changes)
            or self.update(incoming, stored, changes)
        )
        if problem is not None:
            self.result.changed -= 1
            self.refuse(row, [problem])
        else:
            self.result.updated += 1

    def update(self, incoming: Incoming, stored: Any, changes: list[Change]) -> RowError | None:
        """Facts corrected field by field; stages the case went through since,
        applied by the rules; a stage already recorded differently is refused.
        A row of this ledger (its 编号) corrects its facts as `amend` does."""
        office = self.office
        conn = office.conn
        own = incoming.new.number == stored["number"]
        for change in changes:
            if change.key in FIXED_COLUMNS and not own:
                return RowError(
                    incoming.line,
                    change.column,
                    f"与已登记的 {readable(change.kept)} 不一致,导入不改写收到时间",
                )
        corrected = FACT_COLUMNS | (FIXED_COLUMNS if own else {})
        facts = [c for c in changes if c.key in corrected]
        if any(c.key not in corrected for c in changes):
            done = cases_store.recorded_kinds(conn, stored["id"])
            steps = [s for s in incoming.steps if s.stage.kind not in done]
            if not steps:
                staged = "、".join(c.column for c in changes if c.key not in corrected)
                return RowError(
                    incoming.line, "", f"已记录的办理环节与文件不一致({staged}),导入不改写办理记录"
                )
        else:
            steps = []
        self.flush()  # direct writes below must not meet ids handed out in advance
        try:
            with write_transaction(conn):  # a savepoint: a refused row leaves no trace
                if facts and own:
                    self.amend(incoming, stored, changes)
                elif facts:
                    self.correct(incoming, stored, facts)
                if steps:
                    replayed = [(s.at, s.stage) for s in steps]
                    event = self.import_event(incoming)
                    continue_history(office, stored["number"], replayed, [event])
                after = cases_store.find_case(conn, stored["number"])
                left = [
                    c for c in differences(incoming, after, self.layout) if c.key not in corrected
                ]
                if left:
                    staged = "、".join(c.column for c in left)
                    raise InvalidInput(f"已记录的办理环节与文件不一致({staged}),导入不改写办理记录")
        except StepRefused as refused:
            column = self.layout.header_of(steps[refused.index].blame)
            return RowError(incoming.line, column, str(refused.error))
        except TousuError as error:
            return RowError(incoming.line, "", str(error))
        finally:
            office.units.clear()  # a unit added by what was just rolled back is gone
            office.added_units.clear()
        return None

    def amend(self, incoming: Incoming, stored: Any, changes: list[Change]) -> None:
        """A row of this ledger whose registered facts were corrected in the file:
        the correction `amend` makes, with the file and row as its reason."""
        from tousu_cli.services.amend import amend

        wanted: dict[str, Any] = {}
        for change in changes:
            if change.key in FIXED_COLUMNS:
                wanted["received_at"] = incoming.new.received_at
            elif change.key in FACT_COLUMNS:
                wanted[FACT_COLUMNS[change.key]] = change.new
        reason = f"按导入文件 {self.file} 第 {incoming.line} 行更正"
        amend(self.office, stored["number"], wanted, reason)

    def correct(self, incoming: Incoming, stored: Any, facts: list[Change]) -> None:
        conn = self.office.conn
        values: dict[str, Any] = {}
        for change in facts:
            column = FACT_COLUMNS[change.key]
            if change.key == "category" and change.new not in self.office.categories:
                raise InvalidInput(f"投诉类别 {change.new!r} 不在类别表中")
            if change.key == "unit":
                values["unit_id"] = cases_store.unit_id(conn, change.new)
            else:
                values[column] = change.new
        cases_store.update_case(conn, stored["id"], values)
        events = []
        for change in facts:
            personal = change.key in PERSONAL
            before = mask(change.kept) if personal else change.kept
            after = mask(change.new) if personal else change.new
            updated = Updated(change.key, before, after, change.column, self.file, incoming.line)
            events.append(Event(self.office.now, updated))
        append_events(conn, stored["id"], self.office.actor, self.office.now, events)


def _erased_since(incoming: Incoming, stored: Any, changes: list[Change]) -> RowError | None:
    """A file from before the case's erasure, correcting its facts: refused as
    `amend` refuses it."""
    if not any(c.key in FACT_COLUMNS for c in changes):
        return None
    try:
        retention.check_correctable(stored["number"], stored["erased_at"])
    except InvalidMove as refused:
        return RowError(incoming.line, "", str(refused))
    return None


def _spreadsheet_damage(incoming: Incoming, changes: list[Change]) -> RowError | None:
    """Identifiers a spreadsheet program stripped of their leading zeros are
    refused, never written over the stored ones."""
    damaged = [c for c in changes if c.spreadsheet_damage]
    if not damaged:
        return None
    said = ";".join(c.text() for c in damaged)
    advice = "未更新;请用原文件,或在表格软件中把这些列设为文本后再保存"
    return RowError(incoming.line, damaged[0].column, f"{said}。{advice}")


def _by(event: Event, actor: str | None) -> Event:
    """EVENT as done by ACTOR, when a carried-over history names one."""
    return event if actor is None else event._replace(by=actor)


def _same_complaint(incoming: Incoming, stored: Any) -> bool:
    """Whether the case numbered as the row is the row's complaint with some facts
    corrected, not another that happens to have the number (another ledger's):
    the same 工单号, or the same content, or two of when, from whom, against whom."""
    new = incoming.new
    if new.external_id and new.external_id == str(stored["external_id"]):
        return True
    if new.content == stored["content"]:
        return True
    agree: list[bool] = [
        iso(new.received_at) == stored["received_at"],
        new.complainant == stored["complainant"],
        new.unit == stored["unit"],
    ]
    return agree.count(True) >= len(agree) - 1  # one of the three corrected, at most
