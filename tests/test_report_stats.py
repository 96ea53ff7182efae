"""Period statistics against a hand-built ledger whose every figure is known.

23 cases: 17 received in August 2026 (the month under test), 2 in July and 3 in
September (so 2026-Q3 differs from August), 1 in October (outside both). Every
expected number below is worked out by hand from the case list in `build`;
none is computed with the code under test.

Calendar (2026): Mon–Fri, except 中秋 09-25..27 and 国庆 10-01..07 off, and the
make-up working days Sunday 09-20 and Saturday 10-10. Reply limit 5 working
days from acceptance, revisit limit 5, accept limit 1 (the default policy).
"Days" is working days from the received date (not counted) to the first notify.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import at
from tousu_cli.chinatime import CHINA_TZ
from tousu_cli.domain.actions import stage_of
from tousu_cli.domain.errors import InvalidInput
from tousu_cli.domain.intake import NewCase
from tousu_cli.domain.model import Action, Channel, Finding, Method, Mode, Satisfaction
from tousu_cli.reports.stats import RATES, TOTALS, Period, Stats, period_stats
from tousu_cli.services.cases import act, register
from tousu_cli.services.office import Office
from tousu_cli.services.repeats import link
from tousu_cli.storage.connection import open_db

NOW = datetime(2026, 11, 20, 18, 0, tzinfo=CHINA_TZ)
AS_OF = date(2026, 11, 20)

LAND = "不动产登记窗口"
SOCIAL = "社保医保窗口"
FUND = "公积金窗口"
W1, W2 = "1号窗口", "2号窗口"
SLOW = "办事效率/拖延超时"
ANON = (None, None)

SUB, PART, UNSUB = Finding.SUBSTANTIATED, Finding.PARTLY, Finding.UNSUBSTANTIATED
SAT, BASIC, DISSAT = Satisfaction.SATISFIED, Satisfaction.BASICALLY, Satisfaction.DISSATISFIED
WRITTEN, PHONE = Method.WRITTEN, Method.PHONE


class Ledger:
    """Registers cases and drives them with explicit times."""

    def __init__(self, office: Office) -> None:
        self.office = office

    def case(
        self,
        received: str,
        channel: Channel,
        place: tuple[str, str | None],
        category: str,
        person: tuple[str | None, str | None],
    ) -> str:
        """PLACE: the unit and its window; PERSON: name and phone (None: anonymous)."""
        (unit, window), (who, phone) = place, person
        return register(
            self.office,
            NewCase(
                received_at=at(received),
                channel=channel,
                complainant=who,
                phone=phone,
                unit=unit,
                window=window,
                category=category,
                content="投诉内容",
            ),
        )

    def do(self, number: str, action: Action, when: str, **args: Any) -> None:
        act(self.office, number, stage_of(action)(**args), at(when))

    def start(self, number: str, when: str) -> None:
        """受理, 分办 and 调查 at once: the reply clock starts on WHEN's date."""
        self.do(number, Action.ACCEPT, when)
        self.do(number, Action.ASSIGN, when, mode=Mode.SELF, unit="政务服务中心")
        self.do(number, Action.INVESTIGATE, when, note="调查核实")

    def answer(self, number: str, when: str, finding: Finding, method: Method) -> None:
        """处置 and 答复 on WHEN: the reply clock stops on WHEN's date."""
        self.do(number, Action.DECIDE, when, finding=finding, result="处理结果")
        self.do(number, Action.NOTIFY, when, method=method)

    def close(self, number: str, when: str, satisfaction: Satisfaction) -> None:
        self.do(number, Action.REVISIT, when, satisfaction=satisfaction)
        self.do(number, Action.ARCHIVE, when)


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Office]:
    conn = open_db(tmp_path_factory.mktemp("stats") / "s.db")
    o = Office(conn, "测试员", NOW)
    build(Ledger(o))
    yield Office(conn, "测试员", NOW)
    conn.close()


def build(led: Ledger) -> None:
    c = led.case

    # ---- July (in the quarter only) ----
    # J1 LAND/W1 服务态度 phone 刘一 …013. Accepted Mon 07-27, original due 08-03;
    # notified 07-29: on time, days 2 (07-28, 07-29). 属实, 满意, archived.
    j1 = c("2026-07-27 09:00", Channel.PHONE, (LAND, W1), "服务态度", ("刘一", "13800000013"))
    led.start(j1, "2026-07-27 09:30")
    led.answer(j1, "2026-07-29 10:00", SUB, PHONE)
    led.close(j1, "2026-07-30 10:00", SAT)
    # J2 FUND/W1 吃拿卡要 visit. Accepted Wed 07-15, original due 07-22; notified
    # Mon 07-27: late either way, days 8 (16,17,20,21,22,23,24,27). 属实, 不满意
    # (no review), archived.
    j2 = c("2026-07-15 09:00", Channel.VISIT, (FUND, W1), "吃拿卡要", ("邓二", "13800000021"))
    led.start(j2, "2026-07-15 09:30")
    led.answer(j2, "2026-07-27 10:00", SUB, PHONE)
    led.close(j2, "2026-07-28 10:00", DISSAT)

    # ---- August (the month) ----
    # C0 SOCIAL/(未填) 违规收费 web, received Saturday 08-01. Accepted Mon 08-03,
    # original due 08-10; notified 08-06: on time, days 4 (08-03..08-06). 不属实, 满意.
    c0 = c("2026-08-01 10:00", Channel.WEB, (SOCIAL, None), "违规收费", ("马零", "13800000000"))
    led.start(c0, "2026-08-03 09:00")
    led.answer(c0, "2026-08-06 10:00", UNSUB, WRITTEN)
    led.close(c0, "2026-08-07 10:00", SAT)
    # C1 LAND/W1 服务态度 phone 张三 …001. Accepted Mon 08-03, original due 08-10;
    # notified Fri 08-07: on time, days 4. 属实, 满意.
    c1 = c("2026-08-03 09:00", Channel.PHONE, (LAND, W1), "服务态度", ("张三", "13800000001"))
    led.start(c1, "2026-08-03 10:00")
    led.answer(c1, "2026-08-07 10:00", SUB, PHONE)
    led.close(c1, "2026-08-10 10:00", SAT)
    # C2 LAND/W2 办事效率 letter. Accepted Tue 08-04, original due 08-11; extended
    # 3 days on 08-10 -> due 08-14; notified 08-13: late against the original,
    # on time with the extension; days 7 (5,6,7,10,11,12,13). 部分属实, 基本满意.
    c2 = c("2026-08-04 09:00", Channel.LETTER, (LAND, W2), SLOW, ("李四", "13800000002"))
    led.start(c2, "2026-08-04 09:30")
    led.do(c2, Action.EXTEND, "2026-08-10 09:00", days=3, reason="需现场核实", approved_by="王主任")
    led.answer(c2, "2026-08-13 10:00", PART, WRITTEN)
    led.close(c2, "2026-08-14 10:00", BASIC)
    # C3 SOCIAL/W1 服务态度 visit. Accepted Wed 08-05, original due 08-12; notified
    # Fri 08-14: plainly late; days 7 (6,7,10,11,12,13,14). 不属实, 不满意 (no review).
    c3 = c("2026-08-05 09:00", Channel.VISIT, (SOCIAL, W1), "服务态度", ("王五", "13800000003"))
    led.start(c3, "2026-08-05 09:30")
    led.answer(c3, "2026-08-14 10:00", UNSUB, PHONE)
    led.close(c3, "2026-08-17 10:00", DISSAT)
    # C4 SOCIAL/W2 不一次性告知 web. Accepted Thu 08-06, original due 08-13;
    # suspended 08-07, resumed 08-12 (08-10, 08-11 strictly between) -> due 08-17;
    # notified 08-17: late against the original, on time with the suspension;
    # days 7 (7,10,11,12,13,14,17). 属实, 满意.
    c4 = c("2026-08-06 09:00", Channel.WEB, (SOCIAL, W2), "不一次性告知", ("赵六", "13800000004"))
    led.start(c4, "2026-08-06 09:30")
    led.do(c4, Action.SUSPEND, "2026-08-07 10:00", reason="等待补充材料")
    led.do(c4, Action.RESUME, "2026-08-12 10:00")
    led.answer(c4, "2026-08-17 10:00", SUB, WRITTEN)
    led.close(c4, "2026-08-18 10:00", SAT)
    # C5 FUND/(未填) 其他 phone: rejected, told, archived. Not accepted, not replied.
    c5 = c("2026-08-07 09:00", Channel.PHONE, (FUND, None), "其他", ("孙七", "13800000005"))
    led.do(c5, Action.REJECT, "2026-08-07 10:00", reason="不属于本中心受理范围")
    led.do(c5, Action.NOTIFY, "2026-08-07 11:00", method=PHONE)
    led.do(c5, Action.ARCHIVE, "2026-08-10 09:00")
    # C6 LAND/W1 服务态度 visit: accepted, then withdrawn. Accepted, not replied,
    # not open, not archived.
    c6 = c("2026-08-10 09:00", Channel.VISIT, (LAND, W1), "服务态度", ("周八", "13800000006"))
    led.do(c6, Action.ACCEPT, "2026-08-10 09:30")
    led.do(c6, Action.WITHDRAW, "2026-08-11 10:00", reason="投诉人撤回")
    # C7 FUND/(未填) 违规收费 box, anonymous. Accepted Tue 08-11, original due 08-18;
    # notified (none) 08-13: on time, days 2 (12, 13). 不属实; archived unrevisited,
    # not counted as revisitable.
    c7 = c("2026-08-11 09:00", Channel.BOX, (FUND, None), "违规收费", ANON)
    led.start(c7, "2026-08-11 09:30")
    led.answer(c7, "2026-08-13 10:00", UNSUB, Method.NONE)
    led.do(c7, Action.ARCHIVE, "2026-08-13 11:00")
    # C8 LAND/W2 办事效率 hotline. Accepted Wed 08-12, original due 08-19; first
    # notify 08-18: on time, days 4 (13,14,17,18) — the reply clock stops here.
    # 不满意 -> review -> 部分属实 -> second notify 09-02 -> 基本满意 (the last).
    c8 = c("2026-08-12 09:00", Channel.HOTLINE, (LAND, W2), SLOW, ("吴九", "13800000008"))
    led.start(c8, "2026-08-12 09:30")
    led.answer(c8, "2026-08-18 10:00", UNSUB, PHONE)
    led.do(c8, Action.REVISIT, "2026-08-19 10:00", satisfaction=DISSAT)
    led.do(c8, Action.REVIEW, "2026-08-19 11:00", reason="投诉人认为处理不当")
    led.do(c8, Action.INVESTIGATE, "2026-08-20 10:00", note="复核调查")
    led.answer(c8, "2026-09-02 10:00", PART, PHONE)
    led.close(c8, "2026-09-03 10:00", BASIC)
    # C9 SOCIAL/W1 服务态度 phone 郑十 …009 (first of two). Accepted Thu 08-13,
    # original due 08-20; notified 08-20: on time (on the due date), days 5. 属实, 满意.
    c9 = c("2026-08-13 09:00", Channel.PHONE, (SOCIAL, W1), "服务态度", ("郑十", "13800000009"))
    led.start(c9, "2026-08-13 09:30")
    led.answer(c9, "2026-08-20 10:00", SUB, PHONE)
    led.close(c9, "2026-08-21 10:00", SAT)
    # C10 SOCIAL/W1 空岗脱岗 phone 郑十 …009 again, same unit: repeat (rank 2).
    # Accepted Mon 08-17, original due 08-24; notified 08-24: on time, days 5.
    # 部分属实, 基本满意.
    c10 = c("2026-08-17 09:00", Channel.PHONE, (SOCIAL, W1), "空岗脱岗", ("郑十", "13800000009"))
    led.start(c10, "2026-08-17 09:30")
    led.answer(c10, "2026-08-24 10:00", PART, PHONE)
    led.close(c10, "2026-08-25 10:00", BASIC)
    # C11 FUND/W1 推诿扯皮 web. Accepted Tue 08-18, reply due 08-25, never answered:
    # open and overdue.
    c11 = c("2026-08-18 09:00", Channel.WEB, (FUND, W1), "推诿扯皮", ("钱十一", "13800000011"))
    led.start(c11, "2026-08-18 09:30")
    # C13b LAND/W2 服务态度 phone 刘一 …013, same unit as J1 (07-27, 28 days
    # earlier, outside the month): repeat (rank 2). Accepted Mon 08-24, original
    # due 08-31; notified 08-27: on time, days 3. 不属实, 满意.
    c13 = c("2026-08-24 09:00", Channel.PHONE, (LAND, W2), "服务态度", ("刘一", "13800000013"))
    led.start(c13, "2026-08-24 09:30")
    led.answer(c13, "2026-08-27 10:00", UNSUB, PHONE)
    led.close(c13, "2026-08-28 10:00", SAT)
    # C14 SOCIAL/W2 办事效率 visit. Accepted Tue 08-25, suspended 08-26 and still
    # suspended: open, not overdue.
    c14 = c("2026-08-25 09:00", Channel.VISIT, (SOCIAL, W2), SLOW, ("林十四", "13800000014"))
    led.do(c14, Action.ACCEPT, "2026-08-25 09:30")
    led.do(c14, Action.SUSPEND, "2026-08-26 10:00", reason="等待补充材料")
    # C15 FUND/(未填) 其他 hotline: rejected and told, not archived: open, not overdue.
    c15 = c("2026-08-26 09:00", Channel.HOTLINE, (FUND, None), "其他", ("黄十五", "13800000015"))
    led.do(c15, Action.REJECT, "2026-08-26 10:00", reason="不属于本中心受理范围")
    led.do(c15, Action.NOTIFY, "2026-08-26 11:00", method=PHONE)
    # C17 LAND/W1 办事效率 web. Accepted Thu 08-27, original due 09-03; notified
    # 09-02: on time, days 4 (28, 31, 09-01, 09-02). 属实; never revisited: the
    # revisit clock (due 09-09) runs on, so open and overdue.
    c17 = c("2026-08-27 09:00", Channel.WEB, (LAND, W1), SLOW, ("何十七", "13800000017"))
    led.start(c17, "2026-08-27 09:30")
    led.answer(c17, "2026-09-02 10:00", SUB, WRITTEN)
    # C12 LAND/W1 不一次性告知 email, received 08-31 23:30 (last day of the month).
    # Accepted 08-31, original due 09-07; notified 09-07, after the month: still
    # replied, on time, days 5 (09-01..09-04, 09-07). 属实, 满意.
    c12 = c(
        "2026-08-31 23:30", Channel.EMAIL, (LAND, W1), "不一次性告知", ("陈十二", "13800000012")
    )
    led.start(c12, "2026-08-31 23:45")
    led.answer(c12, "2026-09-07 10:00", SUB, WRITTEN)
    led.close(c12, "2026-09-08 10:00", SAT)

    # ---- September (in the quarter only) ----
    # S1 SOCIAL/W1 服务态度 letter. Accepted Fri 09-18; original due 09-24 (Sunday
    # 09-20 is a working day); notified 09-24: on time, days 5. 部分属实, 基本满意.
    s1 = c("2026-09-18 09:00", Channel.LETTER, (SOCIAL, W1), "服务态度", ("罗三", "13800000031"))
    led.start(s1, "2026-09-18 09:30")
    led.answer(s1, "2026-09-24 10:00", PART, WRITTEN)
    led.close(s1, "2026-10-09 10:00", BASIC)
    # S2 FUND/W2 推诿扯皮 web, 苏四 without phone. Accepted Thu 09-24; original due
    # 10-09 (09-28, 29, 30, 10-08, 09); notified Tue 10-13: late either way;
    # days 8 (09-28, 29, 30, 10-08, 09, Saturday 10-10, 12, 13). 不属实, 满意.
    s2 = c("2026-09-24 09:00", Channel.WEB, (FUND, W2), "推诿扯皮", ("苏四", None))
    led.start(s2, "2026-09-24 09:30")
    led.answer(s2, "2026-10-13 10:00", UNSUB, WRITTEN)
    led.close(s2, "2026-10-14 10:00", SAT)
    # S3 FUND/W2 推诿扯皮 visit, 苏四 again without phone, same unit: a name alone
    # is a 疑似重复; the clerk confirms it (rank 2). Never accepted: the accept
    # clock (due 09-29) runs on, so open and overdue.
    s3 = c("2026-09-28 09:00", Channel.VISIT, (FUND, W2), "推诿扯皮", ("苏四", None))
    link(led.office, s3, [s2], "来访时核实为同一人")

    # ---- October (outside both periods) ----
    # O1 LAND/W1, 张三 …001 again (a repeat of C1), accepted, overdue: counted nowhere.
    o1 = c("2026-10-12 09:00", Channel.PHONE, (LAND, W1), "服务态度", ("张三", "13800000001"))
    led.do(o1, Action.ACCEPT, "2026-10-12 09:30")


def stats_for(office: Office, period: Period) -> Stats:
    return period_stats(Office(office.conn, "测试员", NOW), period, AS_OF)


def picked(row: dict[str, Any], expected: dict[str, Any]) -> dict[str, Any]:
    return {key: row[key] for key in expected}


def by_key(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {row["key"]: row for row in rows}


# ----------------------------------------------------------------- August 2026

AUGUST_TOTALS = {
    # C0 C1 C2 C3 C4 C5 C6 C7 C8 C9 C10 C11 C12 C13b C14 C15 C17
    "received": 17,
    "accepted": 15,  # all but the rejected C5, C15
    "rejected": 2,  # C5, C15
    "withdrawn": 1,  # C6
    "replied": 12,  # C0 C1 C2 C3 C4 C7 C8 C9 C10 C12 C13b C17
    "archived": 12,  # C0 C1 C2 C3 C4 C5 C7 C8 C9 C10 C12 C13b
    "open": 4,  # C11 C14 C15 C17
    "overdue": 2,  # C11 (reply clock), C17 (revisit clock)
    # on time vs the original limit: C0 C1 C7 C8 C9 C10 C12 C13b C17 = 9 / 12
    "on_time_rate": 0.75,
    # plus C2 (extension) and C4 (suspension) = 11 / 12
    "on_time_rate_with_extensions": 0.9167,
    # 属实 C1 C4 C9 C12 C17 = 5, 部分 C2 C8 C10 = 3, 不属实 C0 C3 C7 C13b = 4
    "substantiated_rate": 0.6667,  # 8 / 12
    "finding_mix": {"substantiated": 0.4167, "partly": 0.25, "unsubstantiated": 0.3333},
    # 满意 C0 C1 C4 C9 C12 C13b = 6, 基本 C2 C8 C10 = 3, 不满意 C3 = 1: 9 / 10
    "satisfaction_rate": 0.9,
    # revisited 10 / replied and named 11 (all replied but anonymous C7)
    "revisit_rate": 0.9091,
    "repeat_count": 2,  # C10 (after C9), C13b (after July's J1)
    "repeat_rate": 0.1176,  # 2 / 17
    # days 4 4 7 7 7 2 4 5 5 5 3 4 = 57 / 12; sorted 2 3 4 4 4 4 | 5 5 5 7 7 7
    "avg_working_days_to_reply": 4.75,
    "median_working_days_to_reply": 4.5,
}

AUGUST_LAND = {
    # C1 C2 C6 C8 C12 C13b C17
    "received": 7,
    "accepted": 7,
    "rejected": 0,
    "withdrawn": 1,  # C6
    "replied": 6,  # C1 C2 C8 C12 C13b C17
    "archived": 5,  # C1 C2 C8 C12 C13b
    "open": 1,  # C17
    "overdue": 1,  # C17
    "on_time_rate": 0.8333,  # 5 / 6, C2 late against the original
    "on_time_rate_with_extensions": 1.0,  # 6 / 6
    "substantiated_rate": 0.8333,  # 属实 C1 C12 C17, 部分 C2 C8, 不属实 C13b: 5 / 6
    "finding_mix": {"substantiated": 0.5, "partly": 0.3333, "unsubstantiated": 0.1667},
    "satisfaction_rate": 1.0,  # C1 C12 C13b 满意, C2 C8 基本: 5 / 5
    "revisit_rate": 0.8333,  # 5 / 6 (C17 not revisited)
    "repeat_count": 1,  # C13b
    "repeat_rate": 0.1429,  # 1 / 7
    # days C1 4, C2 7, C8 4, C12 5, C13b 3, C17 4 = 27 / 6; sorted 3 4 4 | 4 5 7
    "avg_working_days_to_reply": 4.5,
    "median_working_days_to_reply": 4.0,
}

AUGUST_SOCIAL = {
    # C0 C3 C4 C9 C10 C14
    "received": 6,
    "accepted": 6,
    "rejected": 0,
    "withdrawn": 0,
    "replied": 5,  # all but C14
    "archived": 5,
    "open": 1,  # C14
    "overdue": 0,  # C14 is suspended
    "on_time_rate": 0.6,  # C0 C9 C10: 3 / 5
    "on_time_rate_with_extensions": 0.8,  # plus C4: 4 / 5
    "substantiated_rate": 0.6,  # 属实 C4 C9, 部分 C10, 不属实 C0 C3: 3 / 5
    "finding_mix": {"substantiated": 0.4, "partly": 0.2, "unsubstantiated": 0.4},
    "satisfaction_rate": 0.8,  # C0 C4 C9 满意, C10 基本, C3 不满意: 4 / 5
    "revisit_rate": 1.0,  # 5 / 5
    "repeat_count": 1,  # C10
    "repeat_rate": 0.1667,  # 1 / 6
    # days C0 4, C3 7, C4 7, C9 5, C10 5 = 28 / 5; sorted 4 5 [5] 7 7
    "avg_working_days_to_reply": 5.6,
    "median_working_days_to_reply": 5.0,
}

AUGUST_FUND = {
    # C5 C7 C11 C15
    "received": 4,
    "accepted": 2,  # C7 C11
    "rejected": 2,  # C5 C15
    "withdrawn": 0,
    "replied": 1,  # C7
    "archived": 2,  # C5 C7
    "open": 2,  # C11 C15
    "overdue": 1,  # C11
    "on_time_rate": 1.0,
    "on_time_rate_with_extensions": 1.0,
    "substantiated_rate": 0.0,  # C7 不属实: 0 / 1
    "finding_mix": {"substantiated": 0.0, "partly": 0.0, "unsubstantiated": 1.0},
    "satisfaction_rate": None,  # nobody revisited
    "revisit_rate": None,  # the only reply was anonymous
    "repeat_count": 0,
    "repeat_rate": 0.0,
    "avg_working_days_to_reply": 2.0,  # C7
    "median_working_days_to_reply": 2.0,
}


def test_august_totals(office: Office) -> None:
    stats = stats_for(office, Period.parse(month="2026-08"))
    assert (stats.period.start, stats.period.end) == (date(2026, 8, 1), date(2026, 8, 31))
    assert picked(stats.totals, AUGUST_TOTALS) == AUGUST_TOTALS


def test_august_by_unit(office: Office) -> None:
    units = by_key(stats_for(office, Period.parse(month="2026-08")).breakdowns["unit"])
    assert set(units) == {LAND, SOCIAL, FUND}
    assert picked(units[LAND], AUGUST_LAND) == AUGUST_LAND
    assert picked(units[SOCIAL], AUGUST_SOCIAL) == AUGUST_SOCIAL
    assert picked(units[FUND], AUGUST_FUND) == AUGUST_FUND


def test_august_by_channel_window_and_category(office: Office) -> None:
    breakdowns = stats_for(office, Period.parse(month="2026-08")).breakdowns
    received = {name: {r["key"]: r["received"] for r in rows} for name, rows in breakdowns.items()}
    assert received["channel"] == {
        "phone": 5,  # C1 C5 C9 C10 C13b
        "web": 4,  # C0 C4 C11 C17
        "visit": 3,  # C3 C6 C14
        "hotline": 2,  # C8 C15
        "letter": 1,  # C2
        "box": 1,  # C7
        "email": 1,  # C12
    }
    assert received["window"] == {
        W1: 8,  # C1 C3 C6 C9 C10 C11 C12 C17
        W2: 5,  # C2 C4 C8 C13b C14
        "(未填)": 4,  # C0 C5 C7 C15
    }
    assert received["category"] == {
        "服务态度": 5,  # C1 C3 C6 C9 C13b
        SLOW: 4,  # C2 C8 C14 C17
        "不一次性告知": 2,  # C4 C12
        "违规收费": 2,  # C0 C7
        "其他": 2,  # C5 C15
        "空岗脱岗": 1,  # C10
        "推诿扯皮": 1,  # C11
    }
    # Channel rows carry every figure too, not only the count received.
    channels = by_key(breakdowns["channel"])
    assert (channels["hotline"]["replied"], channels["hotline"]["open"]) == (1, 1)  # C8; C15
    assert channels["web"]["overdue"] == 2  # C11, C17
    assert channels["letter"]["on_time_rate"] == 0.0  # C2, late against the original
    assert channels["letter"]["on_time_rate_with_extensions"] == 1.0


def test_august_ranking(office: Office) -> None:
    ranking = stats_for(office, Period.parse(month="2026-08")).ranking
    # LAND 属实 3 + 部分 2 = 5, SOCIAL 2 + 1 = 3; FUND has none and is left out.
    assert [(r["key"], r["substantiated"] + r["partly"]) for r in ranking] == [
        (LAND, 5),
        (SOCIAL, 3),
    ]


# ------------------------------------------------------------- 2026-Q3 (Jul–Sep)

Q3_TOTALS = {
    # August's 17 plus J1 J2 S1 S2 S3
    "received": 22,
    "accepted": 19,  # 15 + J1 J2 S1 S2
    "rejected": 2,
    "withdrawn": 1,
    "replied": 16,  # 12 + J1 J2 S1 S2
    "archived": 16,  # 12 + J1 J2 S1 S2
    "open": 5,  # 4 + S3
    "overdue": 3,  # 2 + S3 (accept clock)
    "on_time_rate": 0.6875,  # 9 + J1 S1 = 11 / 16
    "on_time_rate_with_extensions": 0.8125,  # 11 + C2 C4 = 13 / 16
    # 属实 5 + J1 J2 = 7, 部分 3 + S1 = 4, 不属实 4 + S2 = 5
    "substantiated_rate": 0.6875,  # 11 / 16
    "finding_mix": {"substantiated": 0.4375, "partly": 0.25, "unsubstantiated": 0.3125},
    # 满意 6 + J1 S2 = 8, 基本 3 + S1 = 4, 不满意 1 + J2 = 2: 12 / 14
    "satisfaction_rate": 0.8571,
    "revisit_rate": 0.9333,  # 14 / 15 (16 replied less anonymous C7)
    "repeat_count": 3,  # C10, C13b, S3 (J1 itself is a first)
    "repeat_rate": 0.1364,  # 3 / 22
    # days 57 + J1 2 + J2 8 + S1 5 + S2 8 = 80 / 16;
    # sorted 2 2 3 4 4 4 4 5 | 5 5 5 7 7 7 8 8
    "avg_working_days_to_reply": 5.0,
    "median_working_days_to_reply": 5.0,
}

Q3_SOCIAL = {
    # August's C0 C3 C4 C9 C10 C14 plus S1
    "received": 7,
    "accepted": 7,
    "rejected": 0,
    "withdrawn": 0,
    "replied": 6,
    "archived": 6,
    "open": 1,  # C14
    "overdue": 0,
    "on_time_rate": 0.6667,  # C0 C9 C10 S1: 4 / 6
    "on_time_rate_with_extensions": 0.8333,  # plus C4: 5 / 6
    "substantiated_rate": 0.6667,  # 属实 C4 C9, 部分 C10 S1, 不属实 C0 C3: 4 / 6
    "finding_mix": {"substantiated": 0.3333, "partly": 0.3333, "unsubstantiated": 0.3333},
    "satisfaction_rate": 0.8333,  # 满意 C0 C4 C9, 基本 C10 S1, 不满意 C3: 5 / 6
    "revisit_rate": 1.0,
    "repeat_count": 1,  # C10
    "repeat_rate": 0.1429,  # 1 / 7
    # days 4 7 7 5 5 + S1 5 = 33 / 6; sorted 4 5 5 | 5 7 7
    "avg_working_days_to_reply": 5.5,
    "median_working_days_to_reply": 5.0,
}

Q3_FUND = {
    # August's C5 C7 C11 C15 plus J2 S2 S3
    "received": 7,
    "accepted": 4,  # C7 C11 J2 S2
    "rejected": 2,  # C5 C15
    "withdrawn": 0,
    "replied": 3,  # C7 J2 S2
    "archived": 4,  # C5 C7 J2 S2
    "open": 3,  # C11 C15 S3
    "overdue": 2,  # C11 S3
    "on_time_rate": 0.3333,  # C7: 1 / 3
    "on_time_rate_with_extensions": 0.3333,
    "substantiated_rate": 0.3333,  # 属实 J2, 不属实 C7 S2: 1 / 3
    "finding_mix": {"substantiated": 0.3333, "partly": 0.0, "unsubstantiated": 0.6667},
    "satisfaction_rate": 0.5,  # S2 满意, J2 不满意: 1 / 2
    "revisit_rate": 1.0,  # J2 S2: 2 / 2 (C7 anonymous)
    "repeat_count": 1,  # S3
    "repeat_rate": 0.1429,  # 1 / 7
    # days C7 2, J2 8, S2 8 = 18 / 3; sorted 2 [8] 8
    "avg_working_days_to_reply": 6.0,
    "median_working_days_to_reply": 8.0,
}


def test_q3_totals(office: Office) -> None:
    stats = stats_for(office, Period.parse(quarter="2026-Q3"))
    assert (stats.period.start, stats.period.end) == (date(2026, 7, 1), date(2026, 9, 30))
    assert picked(stats.totals, Q3_TOTALS) == Q3_TOTALS


def test_q3_breakdowns(office: Office) -> None:
    stats = stats_for(office, Period.parse(quarter="2026-Q3"))
    units = by_key(stats.breakdowns["unit"])
    assert {key: row["received"] for key, row in units.items()} == {
        LAND: 8,  # C1 C2 C6 C8 C12 C13b C17 J1
        SOCIAL: 7,
        FUND: 7,
    }
    assert picked(units[SOCIAL], Q3_SOCIAL) == Q3_SOCIAL
    assert picked(units[FUND], Q3_FUND) == Q3_FUND
    channels = {row["key"]: row["received"] for row in stats.breakdowns["channel"]}
    assert channels == {
        "phone": 6,  # + J1
        "web": 5,  # + S2
        "visit": 5,  # + J2 S3
        "hotline": 2,
        "letter": 2,  # + S1
        "box": 1,
        "email": 1,
    }
    # LAND 5 + J1 = 6, SOCIAL 3 + S1 = 4, FUND J2 = 1
    assert [(r["key"], r["substantiated"] + r["partly"]) for r in stats.ranking] == [
        (LAND, 6),
        (SOCIAL, 4),
        (FUND, 1),
    ]


def test_an_empty_period_has_no_rates(office: Office) -> None:
    stats = stats_for(office, Period.parse(month="2026-06"))
    assert all(stats.totals[name] == 0 for name in TOTALS)
    assert stats.totals["received"] == 0
    assert {name: stats.totals[name] for name in RATES} == dict.fromkeys(RATES)
    assert stats.totals["finding_mix"] == dict.fromkeys(
        ("substantiated", "partly", "unsubstantiated")
    )
    assert stats.totals["repeat_count"] == 0
    assert stats.totals["avg_working_days_to_reply"] is None
    assert stats.totals["median_working_days_to_reply"] is None


def test_an_empty_ledger_has_no_rates(tmp_path: Path) -> None:
    conn = open_db(tmp_path / "s.db")
    try:
        stats = period_stats(Office(conn, "测试员", NOW), Period.parse(year="2026"), AS_OF)
    finally:
        conn.close()
    assert stats.totals["received"] == 0
    assert {name: stats.totals[name] for name in RATES} == dict.fromkeys(RATES)
    assert all(rows == [] for rows in stats.breakdowns.values())


# ---------------------------------------------------------------- Period.parse


@pytest.mark.parametrize(
    ("args", "start", "end"),
    [
        ({"month": "2026-02"}, date(2026, 2, 1), date(2026, 2, 28)),
        ({"month": "2026-12"}, date(2026, 12, 1), date(2026, 12, 31)),
        ({"quarter": "2026-Q4"}, date(2026, 10, 1), date(2026, 12, 31)),
        ({"quarter": "2026-Q1"}, date(2026, 1, 1), date(2026, 3, 31)),
        ({"year": "2026"}, date(2026, 1, 1), date(2026, 12, 31)),
        (
            {"start": date(2026, 8, 3), "end": date(2026, 8, 9)},
            date(2026, 8, 3),
            date(2026, 8, 9),
        ),
        (
            {"start": date(2026, 8, 3), "end": date(2026, 8, 3)},
            date(2026, 8, 3),
            date(2026, 8, 3),
        ),
    ],
)
def test_period_parse(args: dict[str, Any], start: date, end: date) -> None:
    period = Period.parse(**args)
    assert (period.start, period.end) == (start, end)


@pytest.mark.parametrize(
    "args",
    [
        {},
        {"month": "2026-08", "quarter": "2026-Q3"},
        {"month": "2026-08", "start": date(2026, 8, 1), "end": date(2026, 8, 31)},
        {"month": "2026-13"},
        {"month": "2026-00"},
        {"month": "2026"},
        {"quarter": "2026-Q5"},
        {"quarter": "2026-Q0"},
        {"year": "26-1"},
        {"start": date(2026, 8, 31), "end": date(2026, 8, 1)},
        {"start": date(2026, 8, 1)},
        {"end": date(2026, 8, 31)},
    ],
)
def test_period_parse_refuses(args: dict[str, Any]) -> None:
    with pytest.raises(InvalidInput):
        Period.parse(**args)


# A case answered, revisited 不满意 and taken to 复核 in August.
TO_REVIEW: list[tuple[Action, str, dict[str, Any]]] = [
    (Action.ACCEPT, "2026-08-03 10:00", {}),
    (Action.ASSIGN, "2026-08-03 11:00", {"mode": Mode.SELF, "unit": "督查室"}),
    (Action.INVESTIGATE, "2026-08-04 10:00", {"note": "核实"}),
    (Action.DECIDE, "2026-08-05 10:00", {"finding": SUB, "result": "批评教育"}),
    (Action.NOTIFY, "2026-08-06 10:00", {"method": PHONE}),
    (Action.REVISIT, "2026-08-07 10:00", {"satisfaction": DISSAT, "resolved": False}),
    (Action.REVIEW, "2026-08-07 11:00", {"reason": "不满意"}),
]


def test_a_case_under_review_keeps_its_dissatisfied_answer(tmp_path: Path) -> None:
    office = Office(open_db(tmp_path / "review.db"), "测试员", NOW)
    number = register(
        office,
        NewCase(
            received_at=at("2026-08-03 09:00"),
            channel=Channel.PHONE,
            complainant="王五",
            unit=LAND,
            category="服务态度",
            content="态度生硬",
        ),
    )
    for action, when, args in TO_REVIEW:
        act(office, number, stage_of(action)(**args), at(when))
    totals = stats_for(office, Period.parse(month="2026-08")).totals
    # Until the review is revisited, the 不满意 on record is the answer.
    assert (totals["revisit_rate"], totals["satisfaction_rate"]) == (1.0, 0.0)


@given(st.integers(2000, 2099), st.integers(1, 12))
def test_a_month_and_its_quarter_end_on_their_last_day(year: int, month: int) -> None:
    period = Period.parse(month=f"{year}-{month:02d}")
    assert (period.start, period.end.month) == (date(year, month, 1), month)
    assert (period.end + timedelta(days=1)).day == 1
    quarter = Period.parse(quarter=f"{year}-Q{(month - 1) // 3 + 1}")
    assert quarter.start <= period.start <= period.end <= quarter.end
    assert (quarter.end + timedelta(days=1)).month in {1, 4, 7, 10}


def test_a_leap_february_and_the_fourth_quarter() -> None:
    assert Period.parse(month="2028-02").end == date(2028, 2, 29)
    assert Period.parse(month="2026-02").end == date(2026, 2, 28)
    q4 = Period.parse(quarter="2026-Q4")
    assert (q4.start, q4.end) == (date(2026, 10, 1), date(2026, 12, 31))


def test_first_and_final_satisfaction_differ_when_a_review_turned_it_round(
    tmp_path: Path,
) -> None:
    """Two complainants first 不满意, then 满意 after the 复核: the month's final
    rate is 100 %, its first 0 % (the 12345 systems' 首次/最终满意度)."""
    office = Office(open_db(tmp_path / "turned.db"), "测试员", NOW)
    for who, phone in (("王五", "13800000001"), ("赵六", "13800000002")):
        number = register(
            office,
            NewCase(
                received_at=at("2026-08-03 09:00"), channel=Channel.PHONE, complainant=who,
                phone=phone, unit=LAND, category="服务态度", content="态度生硬",
            ),
        )  # fmt: skip
        steps: list[tuple[Action, str, dict[str, Any]]] = [
            *TO_REVIEW,
            (Action.INVESTIGATE, "2026-08-10 10:00", {"note": "复查"}),
            (Action.DECIDE, "2026-08-11 10:00", {"finding": SUB, "result": "赔礼道歉"}),
            (Action.NOTIFY, "2026-08-12 10:00", {"method": PHONE}),
            (Action.REVISIT, "2026-08-13 10:00", {"satisfaction": SAT, "resolved": True}),
        ]
        for action, when, args in steps:
            act(office, number, stage_of(action)(**args), at(when))
    totals = stats_for(office, Period.parse(month="2026-08")).totals
    assert (totals["first_satisfaction_rate"], totals["satisfaction_rate"]) == (0.0, 1.0)
    by_unit = stats_for(office, Period.parse(month="2026-08")).breakdowns["unit"][0]
    assert (by_unit["first_satisfaction_rate"], by_unit["satisfaction_rate"]) == (0.0, 1.0)
