"""The year turn: a notice for 2027 applied to a ledger whose reply clocks cross
春节 2027 (a made-up notice in the official style: the real one is not out yet)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import at
from tests.test_case_walk import new_case, office
from tousu_cli.domain.actions import Accept, stage_of
from tousu_cli.domain.model import Action
from tousu_cli.domain.notice import read_notice
from tousu_cli.services import calendar as calendar_service
from tousu_cli.services.cases import act, register
from tousu_cli.services.views import case_json
from tousu_cli.storage.connection import open_db

NOTICE = read_notice(
    (Path(__file__).parent / "data" / "notices" / "2027-made-up.txt").read_text("utf-8")
)
NOW = "2027-01-29 17:00"


@pytest.fixture
def ledger(tmp_path: Path) -> Iterator[Any]:
    connection = open_db(tmp_path / "turn.db")
    yield connection
    connection.close()


def reply(conn: Any, number: str) -> tuple[str, bool]:
    clock = case_json(office(conn, NOW), number)["clocks"][-1]
    return clock["due"], clock["provisional"]


def moved_records(conn: Any, number: str) -> int:
    events = case_json(office(conn, NOW), number)["events"]
    return sum(1 for e in events if e["action"] == "deadline_changed")


def apply(conn: Any, *, dry_run: bool = False) -> calendar_service.NoticeAnswer:
    return calendar_service.apply_notice(
        conn, NOTICE, amend=False, dry_run=dry_run, actor="李明", now=at(NOW)
    )


def test_a_notice_settles_the_clocks_that_cross_its_festival(ledger: Any) -> None:
    conn = ledger
    o = office(conn, NOW)
    running = register(o, new_case("2027-01-28 09:00"))
    act(o, running, Accept(), at("2027-01-29 09:00"))
    closed = register(o, new_case("2026-12-01 09:00", phone="13900000000"))
    for action, when in (
        (Action.ACCEPT, "2026-12-01 10:00"),
        (Action.WITHDRAW, "2026-12-02 10:00"),
    ):
        stage = stage_of(action)(**({"reason": "撤回"} if action is Action.WITHDRAW else {}))
        act(o, closed, stage, at(when))
    before = reply(conn, running)
    assert before == ("2027-02-09", True)  # 2-1..2-4, then 除夕 to 初三 guessed off: 2-9
    closed_events = len(case_json(office(conn, NOW), closed)["events"])

    rehearsal = apply(conn, dry_run=True)
    assert not rehearsal.applied and reply(conn, running) == before  # nothing changed

    answer = apply(conn)
    assert answer.applied and answer.cases_changed == 1
    # 2-1..2-4 (4), 春节 2-5..2-12 off, 2-14 a make-up Sunday: the fifth working day
    assert reply(conn, running) == ("2027-02-14", False)
    assert moved_records(conn, running) == 1  # one record for the case, not one per day
    assert len(case_json(office(conn, NOW), closed)["events"]) == closed_events

    again = apply(conn)
    assert again.unchanged and not again.applied and moved_records(conn, running) == 1


def test_a_rehearsed_confirm_names_each_case_and_clock_it_would_move(ledger: Any) -> None:
    """The clerk typed 春节 2027 in without 除夕 (02-05): confirming releases it."""
    conn = ledger
    o = office(conn, NOW)
    number = register(o, new_case("2027-01-28 09:00"))
    act(o, number, Accept(), at("2027-01-29 09:00"))
    calendar_service.set_days(
        conn, [at(f"2027-02-{d:02d} 00:00").date() for d in range(6, 14)],
        workday=False, name="春节", actor="李明", now=at(NOW),
    )  # fmt: skip
    before = reply(conn, number)
    rehearsal = calendar_service.rehearse_confirm(conn, 2027, "李明", at(NOW))
    ((moved,),) = [case.moves for case in rehearsal.moved if case.number == number]
    assert (moved.clock.value, moved.old_due, moved.provisional) == ("reply", before[0], False)
    assert moved.new_due == "2027-02-05"  # 2-1..2-5: 除夕 is a working day once confirmed
    assert reply(conn, number) == before  # a rehearsal changes nothing

    confirmed = calendar_service.confirm_year(conn, 2027, "李明", at(NOW))
    assert [case.number for case in confirmed.moved] == [number]
    assert reply(conn, number) == ("2027-02-05", False)


def test_one_record_tells_every_clock_a_change_moved() -> None:
    from tousu_cli.domain.actions import ClockMove, DeadlineChanged
    from tousu_cli.domain.policy import ClockName

    record = DeadlineChanged(
        (
            ClockMove(ClockName.REPLY, "2027-02-09", "2027-02-14", True, False),
            ClockMove(ClockName.REVISIT, "2027-02-10", "2027-02-15", True, False),
        ),
        "依据国务院办公厅通知录入 2027 年放假安排",
    )
    assert record.parts()[1:] == [
        "答复期限:2027-02-09 → 2027-02-14(由暂定转为确定)",
        "回访期限:2027-02-10 → 2027-02-15(由暂定转为确定)",
    ]
    assert DeadlineChanged.from_data(record.to_data()) == record


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_the_calendar_travels_with_an_exported_ledger(tmp_path: Path, suffix: str) -> None:
    """A confirmed 2027 (the notice) and a clerk's own closure, exported with
    the cases and imported into a new ledger: every clock comes out the same."""
    from tousu_cli.services.exporting import export_ledger
    from tousu_cli.services.importing import ImportOptions, import_file

    source = open_db(tmp_path / "source.db")
    apply(source)
    closure = at("2027-02-01 00:00").date()
    calendar_service.set_days(
        source, [closure], workday=False, name="停电闭厅", actor="李明", now=at(NOW)
    )
    o = office(source, NOW)
    numbers = []
    for day in ("2027-01-25", "2027-01-26", "2027-01-27", "2027-01-28"):
        number = register(o, new_case(f"{day} 09:00", phone=f"139000000{day[-2:]}"))
        act(o, number, Accept(), at(f"{day} 10:00"))
        numbers.append(number)
    ledger = tmp_path / f"台账{suffix}"
    export_ledger(office(source, NOW), ledger, reveal=True)

    target = open_db(tmp_path / "target.db")
    result = import_file(office(target, NOW), ledger, ImportOptions())
    assert result.written and result.new == len(numbers)
    assert result.calendar is not None and result.calendar.confirmed == (2027,)
    assert result.other_due_count == 0

    def every_clock(conn: Any) -> list[Any]:
        return [
            [(c["name"], c["started_on"], c["due"], c["provisional"]) for c in clocks]
            for number in numbers
            if (clocks := case_json(office(conn, NOW), number)["clocks"])
        ]

    assert every_clock(target) == every_clock(source)
    assert not any(provisional for case in every_clock(target) for *_, provisional in case)
    checked = calendar_service.load_calendar(target).describe(closure)
    assert not checked.workday and checked.holiday == "停电闭厅"


def test_an_import_says_which_due_dates_rest_on_days_this_ledger_lacks(tmp_path: Path) -> None:
    """The same export without its calendar file: the history is kept as it was,
    and the import names the cases whose reply due date comes out otherwise."""
    from tousu_cli.services.exporting import export_ledger
    from tousu_cli.services.importing import ImportOptions, import_file
    from tousu_cli.transfer.calendar_sheet import side_file

    source = open_db(tmp_path / "source.db")
    apply(source)
    o = office(source, NOW)
    number = register(o, new_case("2027-01-28 09:00"))
    act(o, number, Accept(), at("2027-01-29 09:00"))
    ledger = tmp_path / "台账.csv"
    export_ledger(office(source, NOW), ledger, reveal=True)
    side_file(ledger).unlink()

    result = import_file(office(open_db(tmp_path / "t.db"), NOW), ledger, ImportOptions())
    assert result.written and result.calendar is None
    assert result.other_dues == [(number, "2027-02-14", "2027-02-09")]  # the guess, provisional


def test_an_import_whose_calendar_contradicts_the_ledger_is_refused(tmp_path: Path) -> None:
    from tousu_cli.domain.errors import TousuError
    from tousu_cli.services.exporting import export_ledger
    from tousu_cli.services.importing import ImportOptions, import_file

    source = open_db(tmp_path / "source.db")
    apply(source)
    register(office(source, NOW), new_case("2027-01-28 09:00"))
    ledger = tmp_path / "台账.xlsx"
    export_ledger(office(source, NOW), ledger, reveal=True)
    target = open_db(tmp_path / "t.db")
    calendar_service.set_days(
        target, [at("2027-02-14 00:00").date()], workday=False, name="", actor="李明", now=at(NOW)
    )
    with pytest.raises(TousuError, match="2027-02-14"):
        import_file(office(target, NOW), ledger, ImportOptions())
    assert target.execute("SELECT count(*) FROM cases").fetchone()[0] == 0
    assert calendar_service.list_entries(target, 2027).confirmed_years == []
