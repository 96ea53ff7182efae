"""Every record a case's history carries is a type that stores and reads itself back."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tousu_cli.domain import actions
from tousu_cli.domain.actions import (
    BadRecord,
    ClockChange,
    Decide,
    Event,
    Notify,
    Record,
    Register,
    decode,
)
from tousu_cli.domain.model import Finding, Method, Mode, Satisfaction
from tousu_cli.domain.policy import ClockName

DATA = Path(__file__).parent.parent / "data"
KEPT = ("ledger-v1.sql", "ledger-v3.sql")


def stored_events(name: str) -> Iterator[tuple[int, int | None, str, str]]:
    conn = sqlite3.connect(":memory:")
    conn.executescript((DATA / name).read_text(encoding="utf-8"))
    yield from conn.execute("SELECT id, case_id, action, data FROM events ORDER BY id")


@pytest.mark.parametrize("name", KEPT)
def test_every_kept_event_reads_as_its_type_and_writes_back_the_same(name: str) -> None:
    kinds = set()
    for event_id, _, kind, text in stored_events(name):
        data = json.loads(text)
        record, clocks = decode(kind, data)
        assert not isinstance(record, actions.Unrecognised), (event_id, kind)
        assert Event(datetime.min, record, clocks).data() == data
        kinds.add(kind)
    assert {"register", "accept", "decide", "notify", "calendar_set"} <= kinds


def test_each_kept_event_says_what_show_said_of_it() -> None:
    expected = json.loads((DATA / "ledger-v3-history.json").read_text(encoding="utf-8"))["show"]
    conn = sqlite3.connect(":memory:")
    conn.executescript((DATA / "ledger-v3.sql").read_text(encoding="utf-8"))
    rows = conn.execute(
        "SELECT number, action, data FROM events JOIN cases ON cases.id = events.case_id"
        " ORDER BY events.id"
    )
    said: dict[str, list[tuple[str, str]]] = {}
    for number, kind, text in rows:
        event = Event(datetime.min, *decode(kind, json.loads(text)))
        said.setdefault(number, []).append((event.label, event.text()))
    for number, lines in expected.items():
        assert said[number] == [tuple(line.split("\t")[2:4]) for line in lines], number


# -- generated records ----------------------------------------------------------------

texts = st.text(max_size=12)
optional_texts = st.none() | texts
text_tuples = st.lists(texts, max_size=3).map(tuple)
days = st.dates(date(2000, 1, 1), date(2099, 12, 31))
small = st.integers(0, 10_000)
plain = st.none() | st.booleans() | small | texts
clock_names = st.sampled_from(list(ClockName))


@st.composite
def clock_changes(draw: st.DrawFn) -> ClockChange:
    change = draw(st.sampled_from(["started", "stopped", "moved"]))
    clock, due, provisional = draw(clock_names), draw(days), draw(st.booleans())
    if change == "started":
        limit, policy = draw(small), draw(st.none() | small)
        return ClockChange(clock, "started", due, limit, policy, None, provisional)
    if change == "stopped":
        return ClockChange(clock, "stopped", due, met=draw(st.booleans()), provisional=provisional)
    return ClockChange(clock, "moved", due, provisional=provisional)


def decisions() -> st.SearchStrategy[Decide]:
    made = st.builds(Decide, st.none() | st.sampled_from(list(Finding)), texts, text_tuples)
    # Only a decision that kept no finding is stored without one.
    return made.map(lambda d: replace(d, finding_unrecorded=d.finding is None))


registered = st.fixed_dictionaries(
    {key: plain | st.lists(texts, max_size=2) for key in actions.REGISTERED_FACTS}
)

STRATEGIES: dict[type[Record], st.SearchStrategy[Any]] = {
    Register: st.builds(
        Register,
        texts,
        texts,
        texts,
        texts,
        texts,
        small,
        text_tuples,
        st.booleans(),
        st.none() | small,
        st.none() | registered,
    ),
    actions.Stated: st.builds(actions.Stated, texts, texts, texts, texts, registered),
    actions.Accept: st.builds(actions.Accept),
    actions.Reject: st.builds(actions.Reject, texts),
    actions.Assign: st.builds(actions.Assign, st.sampled_from(list(Mode)), texts, optional_texts),
    actions.Investigate: st.builds(actions.Investigate, texts, text_tuples),
    actions.Extend: st.builds(actions.Extend, small, texts, texts, st.none() | clock_names),
    actions.Suspend: st.builds(actions.Suspend, texts, st.none() | clock_names),
    actions.Resume: st.builds(actions.Resume, st.none() | clock_names),
    Decide: decisions(),
    Notify: st.builds(Notify, st.sampled_from(list(Method)), optional_texts, optional_texts),
    actions.Revisit: st.builds(
        actions.Revisit,
        st.sampled_from(list(Satisfaction)),
        st.none() | st.booleans(),
        optional_texts,
    ),
    actions.Review: st.builds(actions.Review, texts),
    actions.Archive: st.builds(actions.Archive),
    actions.Withdraw: st.builds(actions.Withdraw, texts),
    actions.Imported: st.builds(actions.Imported, texts, small, optional_texts),
    actions.Updated: st.builds(
        actions.Updated, texts, plain, plain, optional_texts, optional_texts, st.none() | small
    ),
    actions.Reveal: st.builds(
        actions.Reveal, texts, st.dictionaries(st.sampled_from(["number", "rows"]), plain)
    ),
    actions.DeadlineChanged: st.builds(
        actions.DeadlineChanged,
        st.lists(
            st.builds(actions.ClockMove, clock_names, texts, texts, st.booleans(), st.booleans()),
            min_size=1,
            max_size=3,
        ).map(tuple),
        texts,
    ),
    actions.RepeatRecounted: st.builds(
        actions.RepeatRecounted,
        small,
        small,
        text_tuples,
        st.booleans(),
        text_tuples,
        st.booleans(),
    ),
    actions.RepeatLinked: st.builds(
        actions.RepeatLinked, texts, st.none() | texts, small, small, st.booleans()
    ),
    actions.RepeatUnlinked: st.builds(
        actions.RepeatUnlinked, texts, texts, small, small, st.booleans()
    ),
    actions.Voided: st.builds(actions.Voided, texts),
    actions.Amended: st.builds(
        actions.Amended,
        texts,
        st.lists(st.builds(actions.Correction, texts, plain, plain), max_size=3).map(tuple),
    ),
    actions.CalendarSet: st.builds(
        lambda day, workday, name, before, source, forced: actions.CalendarSet(
            day, workday, name, before, source, *forced
        ),
        days,
        st.booleans(),
        texts,
        st.none() | st.fixed_dictionaries({"workday": st.booleans(), "name": texts}),
        st.sampled_from(["clerk", "notice"]),
        st.just(("", "")) | st.tuples(texts.filter(bool), texts),
    ),
    actions.CalendarUnset: st.builds(
        actions.CalendarUnset, days, st.none() | st.fixed_dictionaries({"name": texts})
    ),
    actions.CalendarConfirm: st.builds(actions.CalendarConfirm, small, small),
    actions.CalendarUnconfirm: st.builds(actions.CalendarUnconfirm, small),
    actions.PolicySet: st.builds(
        actions.PolicySet, texts, plain, plain, small, st.none() | small, optional_texts
    ),
    actions.CategoryAdded: st.builds(actions.CategoryAdded, texts),
    actions.DemoBuilt: st.builds(actions.DemoBuilt, small, small),
    actions.Upgraded: st.builds(actions.Upgraded, small, small, optional_texts),
    actions.Erased: st.builds(actions.Erased, texts, st.booleans(), small),
    actions.Resealed: st.builds(
        actions.Resealed, small, small, texts, texts, st.one_of(st.none(), small)
    ),
}
records: st.SearchStrategy[Record] = st.one_of(*STRATEGIES.values())


def test_the_generated_records_cover_every_kind() -> None:
    assert {kind.kind for kind in STRATEGIES} == actions.known_kinds()


@given(records, st.lists(clock_changes(), max_size=3).map(tuple))
def test_a_record_stored_as_json_reads_back_equal(
    record: Record, clocks: tuple[ClockChange, ...]
) -> None:
    stored = json.loads(json.dumps(Event(datetime.min, record, clocks).data()))
    assert decode(record.kind, stored) == (record, clocks)


# -- stored data that is not what its kind records ------------------------------------

GOOD_NOTIFY: dict[str, Any] = {"method": "phone", "note": None}


@pytest.mark.parametrize(
    ("kind", "data", "problem"),
    [
        ("notify", {"note": None}, "缺少「method」"),
        ("notify", {"method": "fax", "note": None}, "fax"),
        ("notify", GOOD_NOTIFY | {"force": "x"}, "多出「force」"),
        ("extend", {"clock": "reply", "days": "3", "reason": "r", "approved_by": "a"}, "整数"),
        ("register", {"number": "2026-0001"}, "缺少"),
        ("accept", {"clocks": [{"clock": "reply", "due": "2026-10-08", "change": "x"}]}, "x"),
        ("revisit", {"satisfaction": "satisfied", "resolved": "yes", "note": None}, "是或否"),
    ],
)
def test_data_that_does_not_fit_its_kind_is_an_error_naming_it(
    kind: str, data: dict[str, Any], problem: str
) -> None:
    with pytest.raises(BadRecord) as refused:
        decode(kind, data)
    assert f"「{kind}」" in str(refused.value)
    assert problem in str(refused.value)


def test_an_event_of_a_kind_this_version_does_not_know_is_carried_as_it_is() -> None:
    record, clocks = decode("stamp", {"paper": "第 3 页"})
    assert record == actions.Unrecognised("stamp", {"paper": "第 3 页"})
    assert Event(datetime.min, record, clocks).data() == {"paper": "第 3 页"}
