"""Every (state, action) pair of the procedure, against a real database file.

The expected table below is written by hand from the rules (which action each
state allows), not computed from `allowed_actions`: the code is checked against
it. Allowed moves must succeed and land in the right status; refused moves must
say why (naming the current state) and leave the database exactly as it was.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Invoke
from tousu_cli.chinatime import CHINA_TZ
from tousu_cli.domain.actions import Review, stage_of
from tousu_cli.domain.errors import InvalidMove, TousuError
from tousu_cli.domain.intake import NewCase
from tousu_cli.domain.model import (
    Action,
    Channel,
    Finding,
    Method,
    Mode,
    Satisfaction,
    Status,
)
from tousu_cli.services import cases
from tousu_cli.services.office import Office
from tousu_cli.storage.connection import open_db

NOW = datetime(2026, 11, 20, 18, 0, tzinfo=CHINA_TZ)
RECEIVED = datetime(2026, 10, 8, 9, 0, tzinfo=CHINA_TZ)
FIRST_STEP = datetime(2026, 10, 9, 10, 0, tzinfo=CHINA_TZ)
ACT_AT = datetime(2026, 11, 10, 10, 0, tzinfo=CHINA_TZ)  # after every setup step
ACTOR = "测试员"

A = Action
Step = tuple[Action, dict[str, Any]]

# ---------------------------------------------------------------------------
# Arguments that are valid for each action whenever the action is allowed.


def valid_args(action: Action, *, anonymous: bool) -> dict[str, Any]:
    args: dict[Action, dict[str, Any]] = {
        A.ACCEPT: {},
        A.REJECT: {"reason": "理由"},
        A.ASSIGN: {"mode": Mode.SELF, "unit": "某单位", "handler": None},
        A.INVESTIGATE: {"note": "说明", "evidence": ()},
        A.EXTEND: {"days": 2, "reason": "理由", "approved_by": "王主任"},
        A.SUSPEND: {"reason": "理由"},
        A.RESUME: {},
        A.DECIDE: {
            "finding": Finding.SUBSTANTIATED,
            "measures": ("批评教育",),
            "result": "结果",
        },
        A.NOTIFY: {
            "method": Method.NONE if anonymous else Method.PHONE,
            "note": "说明",
            "force_reason": None,
        },
        A.REVISIT: {"satisfaction": Satisfaction.SATISFIED, "resolved": True, "note": "说明"},
        A.REVIEW: {"reason": "理由"},
        A.ARCHIVE: {},
        A.WITHDRAW: {"reason": "理由"},
    }
    return args[action]


def step(action: Action, **overrides: Any) -> Step:
    return (action, overrides)


DISSATISFIED = {"satisfaction": Satisfaction.DISSATISFIED, "resolved": False}
SATISFIED = {"satisfaction": Satisfaction.SATISFIED, "resolved": True}

# ---------------------------------------------------------------------------
# The situations, each with the actions the rules allow in it (by hand).

TO_INVESTIGATING = (step(A.ACCEPT), step(A.ASSIGN), step(A.INVESTIGATE))
TO_DECIDED = (*TO_INVESTIGATING, step(A.DECIDE))
TO_NOTIFIED = (*TO_DECIDED, step(A.NOTIFY))
TO_DISSATISFIED = (*TO_NOTIFIED, step(A.REVISIT, **DISSATISFIED))
TO_REVIEWING = (*TO_DISSATISFIED, step(A.REVIEW))
TO_DISSATISFIED_AGAIN = (
    *TO_REVIEWING,
    step(A.INVESTIGATE),
    step(A.DECIDE),
    step(A.NOTIFY),
    step(A.REVISIT, **DISSATISFIED),
)

CASE_WORK = {A.ASSIGN, A.WITHDRAW, A.EXTEND, A.SUSPEND}


@dataclass(frozen=True, slots=True)
class Situation:
    key: str
    steps: tuple[Step, ...]
    status: Status
    allowed: frozenset[Action]
    running_clock: str | None  # the clock that runs in this situation, if any
    suspended: bool = False
    anonymous: bool = False


def situation(
    key: str,
    steps: tuple[Step, ...],
    status: Status,
    allowed: set[Action],
    running_clock: str | None,
    *,
    suspended: bool = False,
    anonymous: bool = False,
) -> Situation:
    return Situation(key, steps, status, frozenset(allowed), running_clock, suspended, anonymous)


SITUATIONS: list[Situation] = [
    situation(
        "registered",
        (),
        Status.REGISTERED,
        {A.ACCEPT, A.REJECT, A.WITHDRAW, A.EXTEND, A.SUSPEND},
        "accept",
    ),
    situation("accepted", (step(A.ACCEPT),), Status.ACCEPTED, CASE_WORK, "reply"),
    situation(
        "rejected",
        (step(A.REJECT),),
        Status.REJECTED,
        {A.NOTIFY, A.EXTEND, A.SUSPEND},
        "reject_notice",
    ),
    situation(
        "rejected_notified",
        (step(A.REJECT), step(A.NOTIFY)),
        Status.REJECTED,
        {A.ARCHIVE},
        None,
    ),
    situation(
        "assigned",
        (step(A.ACCEPT), step(A.ASSIGN)),
        Status.ASSIGNED,
        CASE_WORK | {A.INVESTIGATE},
        "reply",
    ),
    situation(
        "investigating",
        TO_INVESTIGATING,
        Status.INVESTIGATING,
        CASE_WORK | {A.INVESTIGATE, A.DECIDE},
        "reply",
    ),
    situation(
        "decided",
        TO_DECIDED,
        Status.DECIDED,
        {A.NOTIFY, A.WITHDRAW, A.EXTEND, A.SUSPEND},
        "reply",
    ),
    situation(
        "notified_named",
        TO_NOTIFIED,
        Status.NOTIFIED,
        {A.REVISIT, A.EXTEND, A.SUSPEND},
        "revisit",
    ),
    situation(
        "notified_anonymous",
        TO_NOTIFIED,
        Status.NOTIFIED,
        {A.ARCHIVE},
        None,
        anonymous=True,
    ),
    situation(
        "revisited_satisfied",
        (*TO_NOTIFIED, step(A.REVISIT, **SATISFIED)),
        Status.REVISITED,
        {A.ARCHIVE},
        None,
    ),
    situation(
        "revisited_basically_satisfied",
        (*TO_NOTIFIED, step(A.REVISIT, satisfaction=Satisfaction.BASICALLY)),
        Status.REVISITED,
        {A.ARCHIVE},
        None,
    ),
    situation(
        "revisited_dissatisfied",
        TO_DISSATISFIED,
        Status.REVISITED,
        {A.REVIEW, A.ARCHIVE},
        None,
    ),
    situation(
        "investigating_after_review",
        TO_REVIEWING,
        Status.INVESTIGATING,
        CASE_WORK | {A.INVESTIGATE, A.DECIDE},
        "review",
    ),
    situation(
        "revisited_dissatisfied_after_review",
        TO_DISSATISFIED_AGAIN,
        Status.REVISITED,
        {A.ARCHIVE},
        None,
    ),
    situation(
        "archived",
        (*TO_NOTIFIED, step(A.REVISIT, **SATISFIED), step(A.ARCHIVE)),
        Status.ARCHIVED,
        set(),
        None,
    ),
    situation(
        "withdrawn",
        (step(A.ACCEPT), step(A.WITHDRAW)),
        Status.WITHDRAWN,
        set(),
        None,
    ),
    situation(
        "registered_suspended",
        (step(A.SUSPEND),),
        Status.REGISTERED,
        {A.ACCEPT, A.REJECT, A.WITHDRAW, A.EXTEND, A.RESUME},
        "accept",
        suspended=True,
    ),
    situation(
        "accepted_suspended",
        (step(A.ACCEPT), step(A.SUSPEND)),
        Status.ACCEPTED,
        {A.ASSIGN, A.WITHDRAW, A.EXTEND, A.RESUME},
        "reply",
        suspended=True,
    ),
    situation(
        "rejected_suspended",
        (step(A.REJECT), step(A.SUSPEND)),
        Status.REJECTED,
        {A.NOTIFY, A.EXTEND, A.RESUME},
        "reject_notice",
        suspended=True,
    ),
    situation(
        "notified_named_suspended",
        (*TO_NOTIFIED, step(A.SUSPEND)),
        Status.NOTIFIED,
        {A.REVISIT, A.EXTEND, A.RESUME},
        "revisit",
        suspended=True,
    ),
    situation(
        "investigating_after_review_suspended",
        (*TO_REVIEWING, step(A.SUSPEND)),
        Status.INVESTIGATING,
        {A.ASSIGN, A.INVESTIGATE, A.DECIDE, A.WITHDRAW, A.EXTEND, A.RESUME},
        "review",
        suspended=True,
    ),
]

BY_KEY = {s.key: s for s in SITUATIONS}
MOVES = [a for a in Action if a is not Action.REGISTER]

# The status after an allowed move; None: the status does not change.
STATUS_AFTER: dict[Action, Status | None] = {
    A.ACCEPT: Status.ACCEPTED,
    A.REJECT: Status.REJECTED,
    A.ASSIGN: Status.ASSIGNED,
    A.INVESTIGATE: Status.INVESTIGATING,
    A.DECIDE: Status.DECIDED,
    A.NOTIFY: Status.NOTIFIED,  # except a rejection's notice: stays rejected
    A.REVISIT: Status.REVISITED,
    A.REVIEW: Status.INVESTIGATING,
    A.ARCHIVE: Status.ARCHIVED,
    A.WITHDRAW: Status.WITHDRAWN,
    A.EXTEND: None,
    A.SUSPEND: None,
    A.RESUME: None,
}


def expected_status(before: Status, action: Action) -> Status:
    if action is A.NOTIFY and before is Status.REJECTED:
        return Status.REJECTED
    after = STATUS_AFTER[action]
    return before if after is None else after


# ---------------------------------------------------------------------------
# Helpers: bring a fresh case to a situation; snapshot the whole database.


@dataclass(frozen=True, slots=True)
class Built:
    office: Office
    number: str


def office(conn: sqlite3.Connection) -> Office:
    return Office(conn, ACTOR, NOW)


def register(o: Office, *, anonymous: bool) -> str:
    new = NewCase(
        received_at=RECEIVED,
        channel=Channel.PHONE,  # oral form: any reply method is fine
        complainant=None if anonymous else "张三",
        unit="某区政务服务中心",
        category="服务态度",
        content="窗口工作人员态度生硬",
        phone=None if anonymous else "13800138000",
    )
    return cases.register(o, new, RECEIVED + timedelta(minutes=30))


def build(conn: sqlite3.Connection, s: Situation) -> Built:
    o = office(conn)
    number = register(o, anonymous=s.anonymous)
    for index, (action, overrides) in enumerate(s.steps):
        at = FIRST_STEP + timedelta(days=index)
        args = valid_args(action, anonymous=s.anonymous) | overrides
        cases.act(o, number, stage_of(action)(**args), at)
    row = case_row(conn, number)
    assert row["status"] == s.status.value, f"setup of {s.key} reached {row['status']}"
    running = conn.execute(
        "SELECT name, suspended FROM clocks WHERE case_id = ? AND stopped_on IS NULL",
        (row["id"],),
    ).fetchall()
    assert [(r["name"], bool(r["suspended"])) for r in running] == (
        [] if s.running_clock is None else [(s.running_clock, s.suspended)]
    ), f"setup of {s.key}: running clocks"
    return Built(o, number)


def case_row(conn: sqlite3.Connection, number: str) -> sqlite3.Row:
    row: sqlite3.Row | None = conn.execute(
        "SELECT * FROM cases WHERE number = ?", (number,)
    ).fetchone()
    assert row is not None
    return row


def snapshot(conn: sqlite3.Connection) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in a stable order."""
    tables = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name"
    ).fetchall()
    assert tables
    content: dict[str, list[tuple[Any, ...]]] = {}
    for name, sql in tables:
        if "WITHOUT ROWID" in sql.upper():
            info = conn.execute(f'PRAGMA table_info("{name}")').fetchall()
            keys = [r["name"] for r in sorted(info, key=lambda r: r["pk"]) if r["pk"] > 0]
            order = ", ".join(f'"{k}"' for k in keys)
        else:
            order = "rowid"
        rows = conn.execute(f'SELECT * FROM "{name}" ORDER BY {order}').fetchall()
        content[name] = [tuple(r) for r in rows]
    return content


@pytest.fixture
def conn(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    connection = open_db(tmp_path / "x.db")
    try:
        yield connection
    finally:
        connection.close()


# ---------------------------------------------------------------------------
# The matrix.

PAIRS = [
    pytest.param(s.key, action, id=f"{s.key}-{action.value}")
    for s in SITUATIONS
    for action in MOVES
]


def test_the_situations_cover_every_status_and_every_action() -> None:
    assert {s.status for s in SITUATIONS} == set(Status)
    assert set(MOVES) == set(Action) - {Action.REGISTER}
    assert len({s.key for s in SITUATIONS}) == len(SITUATIONS)
    assert all(A.REGISTER not in s.allowed for s in SITUATIONS)


@pytest.mark.parametrize(("key", "action"), PAIRS)
def test_each_action_in_each_situation(conn: sqlite3.Connection, key: str, action: Action) -> None:
    s = BY_KEY[key]
    built = build(conn, s)
    args = valid_args(action, anonymous=s.anonymous)
    if action is A.EXTEND and not s.key.endswith("suspended"):
        args["late_reason"] = "超期后补办"  # every running clock is overdue by ACT_AT
    before = snapshot(conn)

    if action in s.allowed:
        number = cases.act(built.office, built.number, stage_of(action)(**args), ACT_AT)
        assert number == built.number
        row = case_row(conn, built.number)
        assert row["status"] == expected_status(s.status, action).value
        after = snapshot(conn)
        new_events = after["events"][len(before["events"]) :]
        assert after["events"][: len(before["events"])] == before["events"]
        assert len(new_events) == 1
        assert new_events[0][5] == action.value  # events.action
    else:
        with pytest.raises(InvalidMove) as refused:
            cases.act(built.office, built.number, stage_of(action)(**args), ACT_AT)
        assert isinstance(refused.value, TousuError)
        if action in {Action.SUSPEND, Action.RESUME} and Action.EXTEND in s.allowed:
            # a clock runs: the refusal says it is already stopped, or not
            assert "时限" in refused.value.message and "中止" in refused.value.message
        else:
            assert f"「{s.status.label}" in refused.value.message
        assert snapshot(conn) == before


def test_notifying_a_rejection_marks_it_notified(conn: sqlite3.Connection) -> None:
    built = build(conn, BY_KEY["rejected"])
    args = valid_args(A.NOTIFY, anonymous=False)
    cases.act(built.office, built.number, stage_of(A.NOTIFY)(**args), ACT_AT)
    row = case_row(conn, built.number)
    assert row["status"] == Status.REJECTED.value
    assert row["rejection_notified"] == 1


def test_a_review_counts_and_keeps_the_dissatisfied_answer(conn: sqlite3.Connection) -> None:
    built = build(conn, BY_KEY["revisited_dissatisfied"])
    cases.act(built.office, built.number, Review("理由"), ACT_AT)
    row = case_row(conn, built.number)
    assert row["status"] == Status.INVESTIGATING.value
    assert row["reviews"] == 1
    # Until the review is revisited, the last answer on record is 不满意.
    assert row["satisfaction"] == Satisfaction.DISSATISFIED.value


# ---------------------------------------------------------------------------
# A few of the same rules through the command line.

REGISTER_ARGS = (
    "register",
    "--received",
    "2026-10-08 09:00",
    "--channel",
    "phone",
    "--category",
    "服务态度",
    "--unit",
    "某区政务服务中心",
    "--content",
    "窗口工作人员态度生硬",
    "--at",
    "2026-10-08 09:30",
)


def status_in(db_path: Path, number: str) -> str:
    with sqlite3.connect(db_path) as db:
        row = db.execute("SELECT status FROM cases WHERE number = ?", (number,)).fetchone()
    assert row is not None
    return str(row[0])


def events_in(db_path: Path) -> int:
    with sqlite3.connect(db_path) as db:
        (count,) = db.execute("SELECT COUNT(*) FROM events").fetchone()
    return int(count)


def one_error_line(stderr: str) -> str:
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("错误:"), stderr
    return lines[0]


def test_cli_accepting_twice_is_refused(tousu: Invoke, db_path: Path) -> None:
    assert tousu(*REGISTER_ARGS, "--complainant", "张三").exit_code == 0
    first = tousu("accept", "2026-0001", "--at", "2026-10-09 10:00")
    assert first.exit_code == 0, first.stderr
    recorded = events_in(db_path)

    second = tousu("accept", "2026-0001", "--at", "2026-10-10 10:00")
    assert second.exit_code == 1
    line = one_error_line(second.stderr)
    assert "「已受理」" in line
    for possible in (A.ASSIGN, A.EXTEND, A.SUSPEND, A.WITHDRAW):
        assert possible.label in line
    assert status_in(db_path, "2026-0001") == Status.ACCEPTED.value
    assert events_in(db_path) == recorded


def test_cli_an_anonymous_case_cannot_be_revisited(tousu: Invoke, db_path: Path) -> None:
    assert tousu(*REGISTER_ARGS, "--anonymous").exit_code == 0
    moves: list[tuple[str, ...]] = [
        ("accept", "--at", "2026-10-09 10:00"),
        ("assign", "--mode", "self", "--unit", "某单位", "--at", "2026-10-10 10:00"),
        ("investigate", "--note", "说明", "--at", "2026-10-12 10:00"),
        (
            "decide",
            "--finding",
            "substantiated",
            "--result",
            "结果",
            "--measure",
            "批评教育",
            "--at",
            "2026-10-13 10:00",
        ),
        ("notify", "--method", "none", "--at", "2026-10-14 10:00"),
    ]
    for command, *rest in moves:
        result = tousu(command, "2026-0001", *rest)
        assert result.exit_code == 0, (command, result.stderr)
    recorded = events_in(db_path)

    refused = tousu(
        "revisit", "2026-0001", "--satisfaction", "satisfied", "--at", "2026-10-15 10:00"
    )
    assert refused.exit_code == 1
    line = one_error_line(refused.stderr)
    assert "「已答复」" in line
    assert A.ARCHIVE.label in line
    assert status_in(db_path, "2026-0001") == Status.NOTIFIED.value
    assert events_in(db_path) == recorded

    archived = tousu("archive", "2026-0001", "--at", "2026-10-15 10:00")
    assert archived.exit_code == 0, archived.stderr
    assert status_in(db_path, "2026-0001") == Status.ARCHIVED.value


def test_cli_a_rejection_is_archived_only_after_it_was_notified(
    tousu: Invoke, db_path: Path
) -> None:
    assert tousu(*REGISTER_ARGS, "--complainant", "张三").exit_code == 0
    rejected = tousu(
        "reject", "2026-0001", "--reason", "不属于受理范围", "--at", "2026-10-09 10:00"
    )
    assert rejected.exit_code == 0, rejected.stderr

    early = tousu("archive", "2026-0001", "--at", "2026-10-09 11:00")
    assert early.exit_code == 1
    line = one_error_line(early.stderr)
    assert "「不予受理" in line
    assert A.NOTIFY.label in line

    told = tousu("notify", "2026-0001", "--method", "phone", "--at", "2026-10-09 12:00")
    assert told.exit_code == 0, told.stderr
    assert status_in(db_path, "2026-0001") == Status.REJECTED.value

    again = tousu("notify", "2026-0001", "--method", "phone", "--at", "2026-10-09 13:00")
    assert again.exit_code == 1
    one_error_line(again.stderr)

    done = tousu("archive", "2026-0001", "--at", "2026-10-09 14:00")
    assert done.exit_code == 0, done.stderr
    assert status_in(db_path, "2026-0001") == Status.ARCHIVED.value


def test_cli_a_withdrawn_case_takes_no_further_action(tousu: Invoke, db_path: Path) -> None:
    assert tousu(*REGISTER_ARGS, "--complainant", "张三").exit_code == 0
    withdrawn = tousu("withdraw", "2026-0001", "--reason", "投诉人撤回", "--at", "2026-10-09 10:00")
    assert withdrawn.exit_code == 0, withdrawn.stderr
    recorded = events_in(db_path)

    refused = tousu("accept", "2026-0001", "--at", "2026-10-09 11:00")
    assert refused.exit_code == 1
    assert "「已撤回」" in one_error_line(refused.stderr)
    assert status_in(db_path, "2026-0001") == Status.WITHDRAWN.value
    assert events_in(db_path) == recorded
