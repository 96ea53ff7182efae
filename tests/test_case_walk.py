"""One complaint through every stage, with real 2026 dates and every clock checked."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import at
from tousu_cli import calendar_cn
from tousu_cli.domain.actions import Accept, Event, RepeatRecounted, stage_of
from tousu_cli.domain.errors import InvalidMove
from tousu_cli.domain.intake import NewCase
from tousu_cli.domain.model import Action, Channel, Finding, Method, Mode, Satisfaction
from tousu_cli.services import calendar as calendar_service
from tousu_cli.services.amend import amend
from tousu_cli.services.cases import act, register
from tousu_cli.services.deadlines import settle_known_years
from tousu_cli.services.office import Office
from tousu_cli.services.repeats import link, unlink
from tousu_cli.services.settings import set_policy
from tousu_cli.services.verify import verify
from tousu_cli.services.views import case_json
from tousu_cli.storage import cases_store
from tousu_cli.storage.events import append_events
from tousu_cli.storage.transaction import write_transaction


def office(conn: Any, now: str = "2026-11-20 18:00") -> Office:
    return Office(conn, "李明", at(now))


def clocks(conn: Any, number: str, now: str = "2026-11-20 18:00") -> list[tuple[Any, ...]]:
    document = case_json(office(conn, now), number)
    return [
        (c["name"], c["started_on"], c["due"], c["state"], c["overdue_days"])
        for c in document["clocks"]
    ]


def new_case(received: str, **extra: Any) -> NewCase:
    facts: dict[str, Any] = {
        "received_at": at(received),
        "channel": Channel.PHONE,
        "complainant": "张三",
        "phone": "13812345678",
        "unit": "不动产登记窗口",
        "category": "服务态度",
        "content": "工作人员态度生硬",
    }
    return NewCase(**(facts | extra))


def test_a_complaint_through_every_stage(conn: Any) -> None:
    o = office(conn)
    number = register(o, new_case("2026-09-30 16:00"))
    assert number == "2026-0001"
    assert clocks(conn, number, "2026-09-30 17:00") == [
        ("accept", "2026-09-30", "2026-10-08", "running", 0)
    ]

    def step(action: Action, when: str, **args: Any) -> None:
        act(o, number, stage_of(action)(**args), at(when))

    step(Action.ACCEPT, "2026-10-08 09:00")
    # 10-10 is a make-up Saturday: 10-09, 10-10, 10-12, 10-13, 10-14.
    assert clocks(conn, number, "2026-10-08 10:00") == [
        ("accept", "2026-09-30", "2026-10-08", "met", 0),
        ("reply", "2026-10-08", "2026-10-14", "running", 0),
    ]
    step(Action.ASSIGN, "2026-10-08 10:00", mode=Mode.TRANSFER, unit="不动产登记中心")
    step(Action.INVESTIGATE, "2026-10-09 10:00", note="调取录像", evidence=["录像截图"])
    step(Action.EXTEND, "2026-10-12 09:00", days=3, reason="需现场核实", approved_by="王主任")
    # 3 working days added to the current due date: 10-15, 10-16, 10-19.
    assert clocks(conn, number)[1][2] == "2026-10-19"
    step(Action.SUSPEND, "2026-10-13 09:00", reason="等待补充材料")
    step(Action.RESUME, "2026-10-16 09:00")
    # 10-14 and 10-15 lie strictly between: due moves two more working days.
    assert clocks(conn, number)[1][2] == "2026-10-21"
    step(
        Action.DECIDE,
        "2026-10-19 15:00",
        finding=Finding.SUBSTANTIATED,
        measures=["批评教育"],
        result="已批评教育",
    )
    step(Action.NOTIFY, "2026-10-20 10:00", method=Method.PHONE)
    step(Action.REVISIT, "2026-10-22 10:00", satisfaction=Satisfaction.DISSATISFIED, resolved=False)
    step(Action.REVIEW, "2026-10-22 11:00", reason="投诉人认为处理过轻")
    step(Action.INVESTIGATE, "2026-10-23 10:00", note="复核调查")
    step(Action.DECIDE, "2026-11-04 10:00", finding=Finding.PARTLY, result="维持并致歉")
    step(Action.NOTIFY, "2026-11-06 10:00", method=Method.PHONE)
    step(Action.REVISIT, "2026-11-10 10:00", satisfaction=Satisfaction.SATISFIED, resolved=True)
    step(Action.ARCHIVE, "2026-11-10 11:00")
    assert clocks(conn, number) == [
        ("accept", "2026-09-30", "2026-10-08", "met", 0),
        ("reply", "2026-10-08", "2026-10-21", "met", 0),
        ("revisit", "2026-10-20", "2026-10-27", "met", 0),
        # ten working days after 10-22; answered on Friday 11-06, one day late
        ("review", "2026-10-22", "2026-11-05", "late", 1),
        ("revisit", "2026-11-06", "2026-11-13", "met", 0),
    ]
    document = case_json(office(conn), number)
    assert document["status"] == "archived"
    assert [e["action"] for e in document["events"]] == [
        "register", "accept", "assign", "investigate", "extend", "suspend", "resume",
        "decide", "notify", "revisit", "review", "investigate", "decide", "notify",
        "revisit", "archive",
    ]  # fmt: skip
    assert {e["by"] for e in document["events"]} == {"李明"}
    reply = document["clocks"][1]
    assert (reply["extended_days"], reply["suspended_days"]) == (3, 2)


def test_a_reply_clock_into_2027_is_provisional_then_settled(
    conn: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    o = office(conn, "2027-01-10 12:00")
    number = register(o, new_case("2026-12-28 09:00"))
    act(o, number, Accept(), at("2026-12-29 09:00"))
    # 12-30, 12-31, (2027-01-01 元旦, statutory), 01-04, 01-05, 01-06
    reply = case_json(o, number)["clocks"][1]
    assert (reply["due"], reply["provisional"]) == ("2027-01-06", True)

    for day, name in (("2027-01-01", "元旦"), ("2027-01-04", "元旦补休")):
        calendar_service.set_days(
            conn, [at(day).date()], workday=False, name=name,
            actor="李明", now=at("2027-01-02 09:00"),
        )  # fmt: skip
    # Each command reads the calendar afresh: a new office, as a new command would.
    document = case_json(office(conn, "2027-01-10 12:00"), number)
    assert (document["clocks"][1]["due"], document["clocks"][1]["provisional"]) == (
        "2027-01-07",
        True,
    )
    moved = [e for e in document["events"] if e["action"] == "deadline_changed"]
    assert moved[-1]["data"]["old_due"] == "2027-01-06"
    assert moved[-1]["data"]["new_due"] == "2027-01-07"
    assert "2027-01-04" in moved[-1]["data"]["reason"]

    # The case's copy of its reply dates moved with the clock.
    copy = conn.execute("SELECT reply_due, reply_original_due FROM cases").fetchone()
    assert tuple(copy) == ("2027-01-07", "2027-01-07")

    # Confirmed, the entries are the whole year: 元旦 holds because it was typed in.
    calendar_service.confirm_year(conn, 2027, "李明", at("2027-01-02 09:05"))
    document = case_json(office(conn, "2027-01-10 12:00"), number)
    assert (document["clocks"][1]["due"], document["clocks"][1]["provisional"]) == (
        "2027-01-07",
        False,
    )
    assert "确认" in document["events"][-1]["data"]["reason"]


def test_a_newer_calendar_package_settles_provisional_dates_by_itself(
    conn: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    o = office(conn, "2027-01-10 12:00")
    number = register(o, new_case("2026-12-28 09:00"))
    act(o, number, Accept(), at("2026-12-29 09:00"))
    assert case_json(o, number)["clocks"][1]["provisional"] is True
    # As if a chinese-calendar release that knows 2027 (with no special days
    # in early January) had been installed.
    monkeypatch.setattr(calendar_cn, "package_years", lambda: range(2004, 2028))
    fresh = office(conn, "2027-01-10 12:00")
    assert settle_known_years(fresh) == 1
    reply = case_json(fresh, number)["clocks"][1]
    assert (reply["due"], reply["provisional"]) == ("2027-01-05", False)
    event = case_json(fresh, number)["events"][-1]
    assert event["action"] == "deadline_changed"
    assert "日历数据包" in event["data"]["reason"]


def test_a_policy_change_applies_to_clocks_started_after_it(conn: Any) -> None:
    o = office(conn)
    first = register(o, new_case("2026-11-02 09:00"))
    act(o, first, Accept(), at("2026-11-02 10:00"))
    version = set_policy(conn, "reply_days", 7, "李明", at("2026-11-02 11:00")).version
    o = office(conn)
    second = register(o, new_case("2026-11-02 12:00", phone="13900000000"))
    act(o, second, Accept(), at("2026-11-02 13:00"))
    assert case_json(o, first)["clocks"][1]["limit_days"] == 5
    later = case_json(o, second)
    assert later["clocks"][1]["limit_days"] == 7
    accept_event = later["events"][1]
    started = [c for c in accept_event["data"]["clocks"] if c["change"] == "started"]
    assert started == [
        {"clock": "reply", "due": "2026-11-11", "change": "started", "limit_days": 7,
         "policy": version}
    ]  # fmt: skip


def test_the_third_complaint_about_the_same_unit_is_flagged_for_supervision(conn: Any) -> None:
    o = office(conn)
    numbers = [register(o, new_case(f"2026-10-{d:02d} 09:00")) for d in (9, 16, 23)]
    other_unit = register(o, new_case("2026-10-26 09:00", unit="社保医保窗口"))
    third = case_json(o, numbers[2])
    assert third["repeat_rank"] == 3
    assert third["escalated"] is True
    assert "督办" in third["flags"]
    assert [r["number"] for r in third["repeats"]] == numbers[:2]
    second = case_json(o, numbers[1])
    assert (second["escalated"], second["flags"]) == (False, ["重复第2次"])
    assert {r["relation"] for r in case_json(o, numbers[0])["repeats"]} == {"later"}
    assert case_json(o, other_unit)["repeats"] == []


def test_a_complaint_entered_late_makes_the_later_ones_repeats_again(conn: Any) -> None:
    """Registered in the order the clerk got to them, counted in the order they came in."""
    o = office(conn)
    first, second = (register(o, new_case(f"2026-11-{d} 09:00")) for d in ("02", "10"))
    other_unit = register(o, new_case("2026-11-12 09:00", unit="社保医保窗口"))
    letter = register(o, new_case("2026-10-20 09:00"))  # a letter, entered late
    ranks = {n: case_json(o, n) for n in (letter, first, second, other_unit)}
    assert [(d["repeat_rank"], d["escalated"]) for d in ranks.values()] == [
        (1, False), (2, False), (3, True), (1, False)
    ]  # fmt: skip
    assert [r["number"] for r in ranks[second]["repeats"]] == [letter, first]
    recount = [e for e in ranks[second]["events"] if e["action"] == "repeat_recounted"]
    assert [e["data"] for e in recount] == [
        {"repeat_rank": 3, "was": 2, "escalated": True, "because": [letter]}
    ]
    recount = [e for e in ranks[first]["events"] if e["action"] == "repeat_recounted"]
    assert [e["data"] for e in recount] == [{"repeat_rank": 2, "was": 1, "because": [letter]}]
    assert not [e for e in ranks[other_unit]["events"] if e["action"] == "repeat_recounted"]


def test_one_mobile_number_written_three_ways_is_one_complainant(conn: Any) -> None:
    o = office(conn)
    written = ["138-1234-5678", "+86 138 1234 5678", "008613812345678"]
    numbers = [
        register(o, new_case(f"2026-10-{d:02d} 09:00", phone=phone))
        for d, phone in zip((9, 16, 23), written, strict=True)
    ]
    third = case_json(o, numbers[2], reveal=True)
    assert (third["repeat_rank"], third["escalated"]) == (3, True)
    assert third["complainant"]["phone"] == "13812345678"
    # A landline keeps its dashes: an extension is not told from the number otherwise.
    landline = register(o, new_case("2026-10-26 09:00", phone="0571-8888 8888-123"))
    assert case_json(o, landline, reveal=True)["complainant"]["phone"] == "0571-88888888-123"


def test_repeats_are_counted_within_the_window_only(conn: Any) -> None:
    o = office(conn)
    register(o, new_case("2026-06-01 09:00"))
    number = register(o, new_case("2026-09-01 09:00"))  # 92 days later
    assert case_json(o, number)["repeats"] == []
    # Without a phone a name is all there is: a 疑似重复, within the window only.
    by_name = register(o, new_case("2026-09-02 09:00", phone=None))
    assert case_json(o, by_name)["repeats"] == []
    suspected = case_json(o, by_name)["suspected_repeats"]
    assert [(r["number"], r["relation"]) for r in suspected] == [(number, "earlier")]
    assert [r["number"] for r in case_json(o, number)["suspected_repeats"]] == [by_name]
    stranger = register(o, new_case("2026-09-03 09:00", phone=None, complainant="李四"))
    assert case_json(o, stranger)["suspected_repeats"] == []


def test_a_common_name_alone_never_escalates_until_the_clerk_links_it(conn: Any) -> None:
    o = office(conn)
    first = register(o, new_case("2026-09-01 09:00", phone=None, complainant="张伟"))
    second = register(o, new_case("2026-09-02 09:00", phone=None, complainant="张伟"))
    third = register(o, new_case("2026-09-03 09:00", phone="13912345678", complainant="张伟"))
    shown = case_json(o, third)
    assert (shown["repeat_rank"], shown["escalated"], shown["repeats"]) == (1, False, [])
    assert [r["number"] for r in shown["suspected_repeats"]] == [first, second]
    # The clerk confirms: it counts, and the third time goes to 督办.
    link(o, second, [first], "电话回访核实为同一人")
    linking = link(o, third, [second], None)
    assert (linking.rank, linking.escalated) == (2, False)
    linking = link(o, third, [first], "同上")
    assert (linking.rank, linking.escalated) == (3, True)
    shown = case_json(o, third)
    assert [r["number"] for r in shown["repeats"]] == [first, second]
    assert shown["suspected_repeats"] == []
    assert shown["events"][-1]["action"] == "link"
    with pytest.raises(InvalidMove, match="无需再关联"):
        link(o, third, [first], None)
    with pytest.raises(InvalidMove, match=f"tousu link {third} {first}"):
        link(o, first, [third], None)
    # Not the same person after all: the count and the flag go back.
    linking = unlink(o, third, first, "同名不同人")
    assert (linking.rank, linking.escalated) == (2, False)
    assert [r["number"] for r in case_json(o, third)["suspected_repeats"]] == [first]
    with pytest.raises(InvalidMove, match="没有计为"):
        unlink(o, third, first, "再解一次")
    assert verify(conn).problems == []


def test_a_link_the_same_phone_makes_is_the_rules_and_stays(conn: Any) -> None:
    o = office(conn)
    first = register(o, new_case("2026-09-01 09:00"))
    second = register(o, new_case("2026-09-02 09:00"))
    with pytest.raises(InvalidMove, match="联系电话相同"):
        unlink(o, second, first, "不是同一人")
    other_unit = register(o, new_case("2026-09-03 09:00", phone=None, unit="税务窗口"))
    with pytest.raises(InvalidMove, match="被投诉单位不同"):
        link(o, other_unit, [first], None)
    # A confirmed link outlives a correction that leaves the rule holding.
    named = register(o, new_case("2026-09-04 09:00", phone=None))
    link(o, named, [first], "核实")
    amend(o, named, {"content": "改写内容"}, "笔误")
    amend(o, named, {"complainant": "张三丰"}, "姓名登记有误")
    assert [r["number"] for r in case_json(o, named)["repeats"]] == [first]
    assert verify(conn).problems == []


def test_personal_data_is_masked_unless_revealed_and_revealing_is_recorded(conn: Any) -> None:
    o = office(conn)
    number = register(o, new_case("2026-11-02 09:00", id_number="11010519491231002X"))
    masked = case_json(o, number)["complainant"]
    assert masked == {"name": "张三", "phone": "138****5678",
                      "id_number": "110***********002X", "anonymous": False}  # fmt: skip
    revealed = case_json(o, number, reveal=True)["complainant"]
    assert revealed["phone"] == "13812345678"
    last = case_json(o, number)["events"][-1]
    assert (last["action"], last["by"]) == ("reveal", "李明")


def test_a_link_an_older_version_made_by_name_is_reported_and_settled_by_the_clerk(
    conn: Any,
) -> None:
    o = office(conn)
    first = register(o, new_case("2026-09-01 09:00", phone=None))
    second = register(o, new_case("2026-09-02 09:00", phone=None))
    # What an older version recorded when it counted a name alone.
    ids = {n: cases_store.find_case(conn, n)["id"] for n in (first, second)}
    with write_transaction(conn):
        cases_store.link_repeats(conn, ids[second], [ids[first]])
        cases_store.update_case(conn, ids[second], {"repeat_rank": 2})
        recounted = RepeatRecounted(2, 1, (first,))
        append_events(conn, ids[second], "旧版本", o.now, [Event(o.now, recounted)])
    verdict = verify(conn)
    assert verdict.problems == []
    assert any(f"{second}→{first}" in w and "tousu link" in w for w in verdict.warnings)
    assert case_json(o, second)["repeat_rank"] == 2  # reported, not rewritten
    linking = link(o, second, [first], "核实为同一人")
    assert linking.rank == 2
    verdict = verify(conn)
    assert (verdict.problems, verdict.warnings) == ([], [])
    with pytest.raises(InvalidMove, match="无需再关联"):
        link(o, second, [first], None)


def test_a_link_is_judged_by_the_window_in_force_when_the_case_came_in(conn: Any) -> None:
    """Its registration counted repeats by the policy of that day; so do a link and
    a recount, whatever the window is today."""
    o = office(conn)
    first = register(o, new_case("2026-08-01 09:00", phone=None))
    second = register(o, new_case("2026-09-20 09:00", phone=None))  # 50 days later
    set_policy(conn, "repeat_window_days", 30, "李明", o.now)  # from today, 2026-11-20
    today = office(conn)
    assert [r["number"] for r in case_json(today, second)["suspected_repeats"]] == [first]
    assert link(today, second, [first], "核实").rank == 2
    # A case that comes in under the 30-day window: 50 days is too far.
    third = register(today, new_case("2026-11-20 09:00", phone=None, unit="税务窗口"))
    fourth = register(today, new_case("2026-09-30 09:00", phone=None, unit="税务窗口"))
    with pytest.raises(InvalidMove, match="超过 30 天"):
        link(today, third, [fourth], None)


def test_a_later_case_counts_one_registered_late_by_its_own_days_window(conn: Any) -> None:
    """A case that came in under the 90-day window counts a complaint received 50
    days before it but registered only now, though the window is 30 days today."""
    o = office(conn)
    later = register(o, new_case("2026-09-20 09:00"))
    set_policy(conn, "repeat_window_days", 30, "李明", o.now)  # from today, 2026-11-20
    today = office(conn)
    earlier = register(today, new_case("2026-08-01 09:00"))  # a letter, registered late
    assert case_json(today, later)["repeat_rank"] == 2
    assert case_json(today, earlier)["repeat_rank"] == 1
    # One that came in under the 30-day window does not count it from 50 days.
    third = register(today, new_case("2026-11-20 09:00", unit="税务窗口"))
    register(today, new_case("2026-09-30 09:00", unit="税务窗口"))
    assert case_json(today, third)["repeat_rank"] == 1
