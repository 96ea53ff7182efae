"""Whose personal data has been kept long enough: closed cases past the retention period."""

from __future__ import annotations

from typing import Any

from tests.conftest import at
from tousu_cli.domain.actions import Withdraw
from tousu_cli.domain.intake import NewCase
from tousu_cli.domain.model import Channel
from tousu_cli.reports.erasure import erasure_report
from tousu_cli.services.amend import void
from tousu_cli.services.cases import act, register
from tousu_cli.services.office import Office
from tousu_cli.services.settings import set_policy


def withdrawn(o: Office, day: str, **who: Any) -> str:
    facts: dict[str, Any] = {"complainant": "张三", "phone": "13812345678"} | who
    number = register(o, NewCase(
        received_at=at(f"{day} 09:00"), channel=Channel.PHONE, unit="税务窗口",
        category="服务态度", content="态度差", **facts,
    ))  # fmt: skip
    act(o, number, Withdraw("问题已解决"), at(f"{day} 10:00"))
    return number


def test_a_closed_case_is_due_the_day_after_its_period_ends(conn: Any) -> None:
    o = Office(conn, "李明", at("2026-11-20 18:00"))
    set_policy(conn, "retention_days", 365, "李明", o.now)
    # Closed 2025-11-19: kept until 2025-11-19 + 365 days = 2026-11-19, due on the 20th.
    due = withdrawn(o, "2025-11-19")
    withdrawn(o, "2025-11-20")  # kept until today: not yet
    nobody = withdrawn(o, "2025-11-18", complainant=None, phone=None)  # nothing to erase
    voided = withdrawn(o, "2025-11-21")
    report = erasure_report(Office(conn, "李明", at("2026-11-20 18:00")))
    assert [(r["number"], r["closed"], r["kept_until"]) for r in report.due] == [
        (due, "已撤回", "2026-11-19")
    ]
    assert nobody not in {r["number"] for r in report.due}
    # A case voided (作废) long ago is kept no longer than any other.
    later = Office(conn, "李明", at("2026-11-20 18:00"))
    void(later, voided, "重复登记")
    a_year_on = Office(conn, "李明", at("2027-11-22 09:00"))
    assert {r["number"]: r["closed"] for r in erasure_report(a_year_on).due}[voided] == "作废"
