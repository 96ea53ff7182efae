"""tousu verify: is the file whole, and is the record (留痕) what the tool wrote?

Five checks: SQLite's own integrity check, the foreign keys, the events' hash
chain, each event's data read as its type, and each case's row against what its
events imply when replayed. The chain shows an event edited, deleted or slipped
in with another tool; the types show data no version of the tool writes; the
last check shows a case row edited without an event. A copy of the chain's head kept elsewhere
(verify prints it) also shows events cut off the end.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from itertools import groupby
from operator import itemgetter
from pathlib import Path
from typing import Any

from tousu_cli.domain.actions import (
    FACT_LABELS,
    REGISTERED_FACTS,
    Amended,
    Assign,
    BadRecord,
    CalendarSet,
    CalendarUnset,
    CategoryAdded,
    ClockChange,
    Decide,
    Erased,
    Imported,
    Notify,
    PolicySet,
    Record,
    Register,
    Reject,
    RepeatLinked,
    RepeatRecounted,
    RepeatUnlinked,
    Resealed,
    Revisit,
    Stage,
    Stated,
    Voided,
    Withdraw,
    decode,
    label_of,
)
from tousu_cli.domain.lifecycle import MILESTONES, status_after
from tousu_cli.domain.masking import PERSONAL, mask
from tousu_cli.domain.model import Status
from tousu_cli.domain.sealing import OPEN, broken_seals
from tousu_cli.services.verify_clocks import ClockReplay, compare_clocks
from tousu_cli.storage import integrity
from tousu_cli.storage.backup import database_path
from tousu_cli.storage.connection import Connection
from tousu_cli.storage.events import GENESIS, chained_to, event_hash
from tousu_cli.storage.jsontext import from_json
from tousu_cli.storage.transaction import read_snapshot

LISTED = 80  # problems listed; all are counted


@dataclass
class Verdict:
    cases: int = 0
    events: int = 0
    chain_head: str = GENESIS
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    more: int = 0  # problems found but not listed

    @property
    def ok(self) -> bool:
        return not self.problems

    def add(self, problem: str) -> None:
        if len(self.problems) < LISTED:
            self.problems.append(problem)
        else:
            self.more += 1

    def as_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "cases": self.cases,
            "events": self.events,
            "chain_head": self.chain_head,
            "problems": self.problems,
            "unlisted_problems": self.more,
            "warnings": self.warnings,
        }


def verify(conn: Connection) -> Verdict:
    verdict = Verdict()
    _file_mode(conn, verdict)
    with read_snapshot(conn):  # every check sees the same file, whoever writes meanwhile
        _check(conn, verdict)
    return verdict


def _check(conn: Connection, verdict: Verdict) -> None:
    for line in integrity.damage(conn):
        verdict.add(f"文件损坏:{line}")
    if not verdict.ok:
        return  # the rest would read damaged pages
    for table, rowid, parent in integrity.broken_references(conn):
        verdict.add(f"{table} 表第 {rowid} 行引用的 {parent} 记录不存在")
    verdict.cases = integrity.case_count(conn)
    edited = _chain(conn, verdict)
    records = _ledger_records(conn, verdict, edited)
    _office_data(conn, verdict, records)
    _unsealed_history(verdict, records)
    _cases_against_events(conn, verdict, edited)
    _links_by_name(conn, verdict)


def _links_by_name(conn: Connection, verdict: Verdict) -> None:
    """Links an older version made by a name alone: they still count (nothing is
    rewritten behind the clerk's back), and the clerk is told how to settle them."""
    links = integrity.links_by_name(conn)
    if not links:
        return
    shown = "、".join(f"{case}→{earlier}" for case, earlier in links[:5])
    more = f" 等 {len(links)} 处" if len(links) > 5 else ""
    verdict.warnings.append(
        f"仅凭姓名计为重复、未经确认的关联:{shown}{more}(旧版本按同名认定)。"
        "核实为同一投诉人的请 tousu link 确认,同名不同人的请 tousu unlink 解除"
    )


def _file_mode(conn: Connection, verdict: Verdict) -> None:
    """The ledger, and what lies beside it with the complainants' data in it (its
    -wal, the backups of its upgrades, exports), readable by other users."""
    path = database_path(conn)
    if path is None or not path.exists():
        return
    for file, what in _beside(path):
        try:
            mode = stat.S_IMODE(os.stat(file).st_mode)
        except OSError:
            continue
        if mode & 0o077:
            verdict.warnings.append(
                f"{what} {file.name} 的权限为 {mode:04o},其他用户可读;"
                f"其中有投诉人的个人信息,建议 chmod 600 {file}"
            )


def _beside(path: Path) -> Iterator[tuple[Path, str]]:
    yield path, "数据库文件"
    yield path.with_name(f"{path.name}-wal"), "数据库的预写日志"
    for file in sorted(path.parent.glob(f"{path.name}.v*.bak")):
        yield file, "升级前的备份"
    for pattern in ("*.xlsx", "*.csv"):
        for file in sorted(path.parent.glob(pattern)):
            yield file, "导出文件"


def _chain(conn: Connection, verdict: Verdict) -> set[int]:
    """Checks the hash chain, and each sealed value against its seal: the chain
    covers the seal, and the seal its value (domain/sealing.py); returns the
    ids of the events it finds edited."""
    previous, last_id = GENESIS, 0
    edited: set[int] = set()
    erased = integrity.erased_cases(conn)  # their seals read 〔已删除〕, on record
    for (
        event_id,
        case_id,
        at,
        recorded_at,
        actor,
        action,
        data,
        stored,
        vault,
    ) in integrity.events_in_order(conn):
        if vault is not None or (OPEN in data and case_id not in erased):
            for problem in broken_seals(data, vault):
                verdict.add(f"{_where(conn, event_id, case_id, action, at)}:{problem}")
        verdict.events += 1
        if event_id != last_id + 1:
            where = _where(conn, event_id, case_id, action, at)
            gap = (
                f"#{last_id + 1}" if event_id == last_id + 2 else f"#{last_id + 1}–#{event_id - 1}"
            )
            verdict.add(f"事件 {gap} 已被删除(在{where}之前)")
        expected = event_hash(previous, event_id, (case_id, at, recorded_at, actor, action, data))
        if stored != expected and event_id == last_id + 1:
            verdict.add(f"{_where(conn, event_id, case_id, action, at)}被改动,或不是由本程序写入")
            edited.add(event_id)
        # Go on from what is stored, as the next event was chained: one change
        # is reported once.
        previous = chained_to(stored)
        last_id = event_id
    verdict.chain_head = previous
    return edited


def _where(conn: Connection, event_id: int, case_id: int | None, action: str, at: str) -> str:
    label = label_of(action)
    number = integrity.number_of(conn, case_id) or f"#{case_id}"
    case = f"投诉件 {number} 的" if case_id is not None else ""
    return f"{case}事件 #{event_id}({label},{at[:16].replace('T', ' ')})"


def _cases_against_events(conn: Connection, verdict: Verdict, edited: set[int]) -> None:
    """Each case row's status and stage times, as its events have them."""
    stored = integrity.case_milestones(conn)
    implied = _implied(conn, verdict, edited)
    pending = next(implied, None)
    clocks_of = _by_case(integrity.clock_facts(conn))
    links_of = _by_case(integrity.repeat_links(conn))
    for row in stored:
        clocks = clocks_of(row[0])
        links = {number for _, number in links_of(row[0])}
        while pending is not None and pending[0] < row[0]:
            pending = next(implied, None)
        if pending is None or pending[0] != row[0]:
            verdict.add(f"投诉件 {row[1]} 没有任何处置记录(登记事件缺失)")
            continue
        _, facts = pending
        if facts.pop("unreadable", False):
            continue
        found = dict(zip(_FACTS + _REGISTERED, row[2:], strict=True))
        resolved = found["resolved"]
        found |= {"escalated": bool(found["escalated"]), "major": bool(found["major"]),
                  "evidence": from_json(found["evidence"]),
                  "measures": from_json(found["measures"]),
                  "resolved": None if resolved is None else bool(resolved)}  # fmt: skip
        compare_clocks(row[1], facts.pop("clocks").clocks, [c[1:] for c in clocks], verdict.add)
        if links != (earlier := facts.pop("earlier")):
            verdict.add(
                f"投诉件 {row[1]} 关联的此前投诉为 {_shown('links', sorted(links))},"
                f"按处置记录应为 {_shown('links', sorted(earlier))}"
            )
        registered = facts.pop("registered") or {}  # none known: recorded before they were
        for key, value in (facts | registered).items():
            if found[key] != value:
                verdict.add(
                    f"投诉件 {row[1]} 的{_label(key)}为 {_shown(key, found[key])},"
                    f"按处置记录应为 {_shown(key, value)}"
                )


_LABELS = {
    "status": "状态",
    "received_at": "收到时间",
    "accepted_at": "受理时间",
    "replied_at": "答复时间",
    "archived_at": "归档时间",
    "satisfaction": "满意度",
    "finding": "调查结论",
    "result": "处理结果",
    "mode": "分办方式",
    "reject_reason": "不予受理理由",
    "withdraw_reason": "撤回理由",
    "repeat_rank": "重复次数",
    "escalated": "督办标记",
    "measures": "处理措施",
    "handler_unit": "承办单位",
    "handler": "承办人",
    "notify_method": "答复方式",
    "resolved": "问题是否解决",
    "voided_at": "作废时间",
    "erased_at": "个人信息删除时间",
}
_FACTS = tuple(_LABELS)  # in case_milestones' order
_REGISTERED = ("channel", "unit", "category", *REGISTERED_FACTS)  # and then these


def _by_case(rows: Iterable[tuple[Any, ...]]) -> Callable[[int], list[tuple[Any, ...]]]:
    """Rows ordered by case id (their first column), handed out case by case to a
    caller that asks in the same order: streamed, never all in memory."""
    groups = groupby(rows, key=itemgetter(0))
    pending = next(groups, None)

    def of(case_id: int) -> list[tuple[Any, ...]]:
        nonlocal pending
        while pending is not None and pending[0] < case_id:
            pending = next(groups, None)
        if pending is None or pending[0] != case_id:
            return []
        return list(pending[1])

    return of


def _label(key: str) -> str:
    return _LABELS[key] if key in _LABELS else FACT_LABELS[key]


def _shown(key: str, value: Any) -> str:
    if value is None or value == []:
        return "(空)"
    if key == "status":
        return f"「{Status(value).label}」"
    if key in PERSONAL and isinstance(value, str):
        return str(mask(value))  # verify's output is read by whoever runs it
    if isinstance(value, list):
        return "、".join(map(str, value))
    return str(value)


# Three events in four repeat another's kind and data exactly (an archive, an
# acceptance due the same day): each is read once while it is recent.
@lru_cache(maxsize=16_384)
def _decoded(kind: str, data: str) -> tuple[Record, tuple[ClockChange, ...]]:
    parsed = from_json(data)
    if not isinstance(parsed, dict):
        raise ValueError("内容不是 JSON 对象")
    return decode(kind, parsed)


def _read(
    conn: Connection, verdict: Verdict, row: tuple[Any, ...], edited: set[int]
) -> tuple[Record, tuple[ClockChange, ...]] | None:
    """The record an event stores (ROW: id, case id, at, action, data) and the
    clocks it moved, or None when its data does not fit its kind: reported,
    unless the chain has named the event edited already (one change, one problem)."""
    event_id, case_id, at, kind, data = row
    try:
        return _decoded(kind, data)
    except ValueError as error:  # BadRecord among them
        if event_id not in edited:
            problem = error.problem if isinstance(error, BadRecord) else str(error)
            verdict.add(f"{_where(conn, event_id, case_id, kind, at)}的内容与其类型不符:{problem}")
        return None


GUARDS = ("events_append_only_update", "events_append_only_delete")


def _office_data(conn: Connection, verdict: Verdict, records: list[Record]) -> None:
    """What the office keeps besides cases, each change of it recorded: the log's
    own guards, the policy's versions, the calendar entries, the categories added."""
    present = integrity.triggers(conn)
    for guard in GUARDS:
        if guard not in present:
            verdict.add(f"处置记录的防改动保护(触发器 {guard})已被删除")
    recorded = {r.version for r in records if isinstance(r, PolicySet)}
    for version in integrity.policy_versions(conn):
        if version not in recorded:
            verdict.add(f"时限规则第 {version} 版没有对应的修改记录(不是由本程序写入)")
    days: dict[str, tuple[bool, str, str]] = {}
    for record in records:
        if isinstance(record, CalendarSet):
            days[record.day.isoformat()] = (record.workday, record.name, record.source)
        elif isinstance(record, CalendarUnset):
            days.pop(record.day.isoformat(), None)
    stored = integrity.calendar_days(conn)
    for day in sorted(set(days) | set(stored)):
        if days.get(day) != stored.get(day):
            verdict.add(f"日历 {day} 的设定与处置记录不符(不是由本程序写入)")
    from tousu_cli.calendar_cn import Override
    from tousu_cli.services.calendar import disagreeing

    entries = [Override(date.fromisoformat(d), w, n) for d, (w, n, _) in sorted(stored.items())]
    for entry in disagreeing(entries):
        kind = "工作日" if entry.workday else "休息日"
        verdict.warnings.append(
            f"日历 {entry.day} 录入为{kind},与已安装的日历数据包不同"
            "(以录入为准,可用 calendar unset 取消)"
        )
    added = {r.name for r in records if isinstance(r, CategoryAdded)}
    for name in integrity.added_categories(conn):
        if name not in added:
            verdict.add(f"投诉类别「{name}」没有对应的增加记录(不是由本程序写入)")


def _unsealed_history(verdict: Verdict, records: list[Record]) -> None:
    """An upgrade that found the chain broken sealed nothing (storage/reseal.py):
    the values it left in the chained data cannot be erased."""
    for record in records:
        if isinstance(record, Resealed) and record.broken_at is not None:
            verdict.warnings.append(
                f"升级封存个人信息时,事件 #{record.broken_at} 与哈希链不符,此前的处置记录未封存,"
                "其中的个人信息无法删除;查明改动后,可从升级前的备份恢复,再由本程序升级"
            )


def _ledger_records(conn: Connection, verdict: Verdict, edited: set[int]) -> list[Record]:
    """The events of no case (settings, calendar, reveals of lists) read as their types."""
    records = []
    for row in integrity.ledger_events(conn):
        read = _read(conn, verdict, row, edited)
        if read is not None:
            records.append(read[0])
    return records


def _implied(
    conn: Connection, verdict: Verdict, edited: set[int]
) -> Iterator[tuple[int, dict[str, Any]]]:
    """(case id, what its events say of it), in case id order: each event read
    as its type and replayed."""
    for case_id, group in groupby(integrity.case_events_by_case(conn), key=itemgetter(1)):
        rows = list(group)  # a case's events: dozens at most
        yield case_id, _case_implied(conn, verdict, edited, rows)


def _case_implied(
    conn: Connection, verdict: Verdict, edited: set[int], rows: list[Any]
) -> dict[str, Any]:
    """What the events of one case say of it."""
    status = Status.REGISTERED
    facts: dict[str, Any] = {
        "received_at": None, "accepted_at": None, "replied_at": None,
        "archived_at": None, "satisfaction": None, "finding": None,
        "result": None, "mode": None, "reject_reason": None,
        "withdraw_reason": None, "repeat_rank": 1, "escalated": False,
        "registered": None, "clocks": ClockReplay(), "earlier": set(),
        "measures": [], "handler_unit": None, "handler": None,
        "notify_method": None, "resolved": None, "voided_at": None, "erased_at": None,
    }  # fmt: skip
    # What came before its import is the other ledger's history: its 期限调整
    # tell of clocks that the import worked out again by this ledger's calendar.
    imported = max((i for i, row in enumerate(rows) if row[3] == Imported.kind), default=-1)
    for index, row in enumerate(rows):
        at = row[2]
        read = _read(conn, verdict, row, edited)
        record = None if read is None else read[0]
        if read is None:  # named already: the row is not held against a broken history
            facts["unreadable"] = True
        else:
            facts["clocks"].apply(*read, at[:10], carried=index < imported)
        if isinstance(record, Register):
            status = Status.REGISTERED
        if isinstance(record, Voided):
            facts["voided_at"] = at
        if isinstance(record, Erased):
            facts["erased_at"] = at
        if not isinstance(record, Stage):
            # a registration, a correction, a recount…
            _record_facts(record, facts, carried=index < imported)
            continue
        status = status_after(status, record.action)
        if (milestone := MILESTONES.get(record.action)) is not None:
            facts[milestone] = at
        _stage_facts(record, facts, status)
    return facts | {"status": status.value}


def _record_facts(record: Record | None, facts: dict[str, Any], *, carried: bool) -> None:
    """What a record besides the stages leaves in its case's row (CARRIED: one of
    another ledger's, carried over by an import: its clerk's links count only
    once confirmed in this one)."""
    match record:
        case Register():
            facts |= {"received_at": record.received_at, "repeat_rank": record.repeat_rank,
                      "escalated": record.escalated, "earlier": set(record.repeats)}  # fmt: skip
            if record.facts is not None:
                facts["registered"] = _registration(record, record.facts)
        case Stated():
            facts["registered"] = _registration(record, record.facts)
        case RepeatRecounted():
            facts["repeat_rank"] = record.repeat_rank
            facts["earlier"] = (facts["earlier"] | set(record.because)) - set(record.dropped)
            if record.escalated or record.unescalated:
                facts["escalated"] = record.escalated
        case RepeatLinked() if not carried:
            facts["earlier"] = facts["earlier"] | {record.earlier}
            facts["repeat_rank"] = record.repeat_rank
            facts["escalated"] = facts["escalated"] or record.flag_changed
        case RepeatUnlinked() if not carried:
            facts["earlier"] = facts["earlier"] - {record.earlier}
            facts["repeat_rank"] = record.repeat_rank
            facts["escalated"] = facts["escalated"] and not record.flag_changed
        case Erased() if facts["registered"] is not None:
            # Its seals read 〔已删除〕; the row holds no number where one was.
            facts["registered"] |= {"phone": None, "id_number": None}
        case Amended():
            for change in record.changes:
                if change.fact == "received_at":
                    facts["received_at"] = change.after
                elif facts["registered"] is not None:
                    facts["registered"][change.fact] = change.after


def _registration(record: Register | Stated, registered: Any) -> dict[str, Any]:
    """The registered facts a record states, keyed as case_milestones has them."""
    return {"channel": record.channel, "unit": record.unit, "category": record.category,
            **registered}  # fmt: skip


def _stage_facts(stage: Stage, facts: dict[str, Any], status: Status) -> None:
    """What a stage leaves in its case's row, as its record has it (STATUS: the
    case's after it)."""
    match stage:
        case Revisit(satisfaction=satisfaction, resolved=resolved):
            facts |= {"satisfaction": satisfaction.value, "resolved": resolved}
        case Decide(finding=finding, result=result, measures=measures):
            facts |= {"finding": finding and finding.value, "result": result,
                      "measures": list(measures)}  # fmt: skip
        case Assign(mode=mode, unit=unit, handler=handler):
            facts |= {"mode": mode.value, "handler_unit": unit, "handler": handler}
        case Notify(method=method) if status is not Status.REJECTED:  # a rejection's notice
            facts["notify_method"] = method.value
        case Reject(reason=reason):
            facts["reject_reason"] = reason
        case Withdraw(reason=reason):
            facts["withdraw_reason"] = reason
