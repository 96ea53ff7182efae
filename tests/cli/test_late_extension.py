"""An extension is approved while the clock still runs in time; a late one is
recorded only, and never makes a late reply on time."""

from __future__ import annotations

from tests.cli.test_reports_cli import register
from tests.conftest import Invoke

EXTEND = ("--days", "3", "--reason", "需现场核实", "--approved-by", "王主任")


def decided(tousu: Invoke, number: str, at: str) -> None:
    """Assigned, investigated and decided within the hour before AT."""
    day = at[:10]
    for args in (
        ("assign", number, "--mode", "自办", "--unit", "督查室", "--at", f"{day} 07:00"),
        ("investigate", number, "--note", "核实", "--at", f"{day} 07:30"),
        ("decide", number, "--finding", "属实", "--result", "已批评教育", "--at", at),
    ):
        assert tousu(*args).exit_code == 0, args


def accepted(tousu: Invoke) -> str:
    number = register(tousu, "2026-11-02 09:00")
    assert tousu("accept", number, "--at", "2026-11-02 10:00").exit_code == 0  # due 11-09
    return number


def test_an_extension_after_the_due_date_is_refused_without_late(tousu: Invoke) -> None:
    number = accepted(tousu)
    refused = tousu("extend", number, *EXTEND, "--at", "2026-11-11 09:00")
    assert refused.exit_code == 1 and refused.stderr.count("\n") == 1
    assert "2026-11-09 届满" in refused.stderr and "--late" in refused.stderr
    events = tousu("show", number, "--json").json()["events"]
    assert [e["action"] for e in events] == ["register", "accept"]


def test_a_late_extension_is_recorded_and_the_reply_stays_late(tousu: Invoke) -> None:
    number = accepted(tousu)
    late = tousu("extend", number, *EXTEND, "--late", "领导补批", "--at", "2026-11-11 09:00")
    assert late.exit_code == 0, late.stderr
    decided(tousu, number, "2026-11-12 08:00")
    notified = ("--method", "phone", "--at", "2026-11-12 09:00")
    assert tousu("notify", number, *notified).exit_code == 0
    shown = tousu("show", number, "--json").json()
    reply = shown["clocks"][1]
    assert (reply["due"], reply["state"]) == ("2026-11-09", "late")
    text = tousu("show", number).stdout
    assert "逾期后补办,不改变期限;理由:领导补批" in text
    assert "答复\t2026-11-02\t5\t2026-11-09\t逾期完成" in text
    stats = tousu("report", "stats", "--month", "2026-11", "--json").json()
    assert stats["on_time_rate_with_extensions"] == 0 and stats["on_time_rate"] == 0


def test_an_extension_in_time_moves_the_due_date_and_late_is_not_needed(tousu: Invoke) -> None:
    number = accepted(tousu)
    needless = tousu("extend", number, *EXTEND, "--late", "补办", "--at", "2026-11-06 09:00")
    assert needless.exit_code == 1 and "尚未超期" in needless.stderr
    assert tousu("extend", number, *EXTEND, "--at", "2026-11-06 09:00").exit_code == 0
    decided(tousu, number, "2026-11-11 08:00")
    assert tousu("notify", number, "--method", "phone", "--at", "2026-11-11 09:00").exit_code == 0
    reply = tousu("show", number, "--json").json()["clocks"][1]
    assert (reply["due"], reply["state"]) == ("2026-11-12", "met")
    stats = tousu("report", "stats", "--month", "2026-11", "--json").json()
    assert stats["on_time_rate_with_extensions"] == 1 and stats["on_time_rate"] == 0
