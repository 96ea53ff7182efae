"""A demo ledger: realistic, reproducible cases in every state, made through the
same use cases as the real commands, so what the demo shows is what they do."""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from tousu_cli.chinatime import CHINA_TZ
from tousu_cli.domain import actions
from tousu_cli.domain.actions import DemoBuilt, Stage
from tousu_cli.domain.intake import NewCase, form_of
from tousu_cli.domain.lifecycle import status_after
from tousu_cli.domain.model import Channel, Finding, Form, Method, Mode, Satisfaction, Status
from tousu_cli.services.batch import Batch
from tousu_cli.services.cases import register_with_history
from tousu_cli.services.office import Office
from tousu_cli.storage import cases_store
from tousu_cli.storage.events import record_now
from tousu_cli.storage.transaction import write_transaction

UNITS = {
    "不动产登记窗口": ["1号窗口", "2号窗口", "3号窗口"],
    "社保医保窗口": ["5号窗口", "6号窗口"],
    "公积金窗口": ["8号窗口"],
    "企业开办窗口": ["10号窗口", "11号窗口"],
    "税务窗口": ["13号窗口", "14号窗口", "15号窗口"],
    "公安户政窗口": ["18号窗口"],
    "出入境窗口": ["20号窗口"],
    "交通运输窗口": ["22号窗口"],
    "住建窗口": ["24号窗口"],
    "婚姻登记窗口": ["26号窗口"],
    "综合受理窗口": ["30号窗口", "31号窗口"],
}
HANDLERS = {"self": "督查室", "transfer": None, "supervise": "督查室"}
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红玉梅海燕鹏飞"
CONTENT = {
    "服务态度": ["窗口工作人员态度生硬,不耐烦解释", "工作人员玩手机,对询问爱答不理"],
    "办事效率/拖延超时": ["材料齐全但超过承诺时限仍未办结", "排队两个小时,窗口只开一个"],
    "推诿扯皮": ["两个窗口互相推诿,让我来回跑", "说不归本窗口管,让去其他部门"],
    "不一次性告知": ["第三次来才被告知还缺一份证明", "每次来都说缺不同的材料"],
    "不予受理符合条件的申请": ["材料齐全却被拒绝受理,没有书面说明"],
    "违规审批": ["怀疑他人插队违规办理"],
    "超期未办结": ["申请已超过法定时限仍无结果"],
    "违规收费": ["被要求缴纳清单以外的费用"],
    "吃拿卡要": ["工作人员暗示需要找关系才能快办"],
    "不落实一门受理": ["要求分别到三个窗口重复提交材料"],
    "空岗脱岗": ["上午十点窗口无人,等了四十分钟"],
    "其他": ["自助机故障无人处理", "大厅取号系统故障"],
}
CATEGORY_WEIGHTS = [22, 20, 12, 14, 4, 2, 6, 3, 2, 5, 7, 3]
CHANNEL_WEIGHTS = {
    Channel.HOTLINE: 35,
    Channel.PHONE: 20,
    Channel.VISIT: 18,
    Channel.WEB: 12,
    Channel.LETTER: 4,
    Channel.EMAIL: 3,
    Channel.SUPERIOR: 3,
    Channel.LEADER: 2,
    Channel.BOX: 2,
    Channel.OTHER: 1,
}
MEASURES = ["批评教育", "通报批评", "责令整改", "扣分", "调离窗口", "约谈"]
FIRST_DAY = date(2025, 1, 2)
STALL_DAYS, STALL_SHARE = 60, 0.35
# The newest cases are steered into the states the random mix may miss, so
# even a small demo shows every state: (state, calendar days before today).
TARGETS = (
    (Status.REVISITED, 40),
    (Status.WITHDRAWN, 30),
    (Status.NOTIFIED, 25),
    (Status.DECIDED, 20),
    (Status.REJECTED, 10),
    (Status.INVESTIGATING, 10),
    (Status.ASSIGNED, 8),
    (Status.ACCEPTED, 6),
    (Status.REGISTERED, 1),
)


@dataclass
class DemoSummary:
    cases: int = 0
    by_status: dict[str, int] = field(default_factory=dict)


class _Maker:
    def __init__(self, office: Office, seed: int) -> None:
        self.office = office
        self.rng = random.Random(seed)
        self.regulars = [self._person() for _ in range(40)]  # people who complain again
        self.orders = itertools.count(1)
        self.batch: Batch | None = Batch(
            office
        )  # 12345 work-order numbers, unique like the real ones

    def _person(self) -> tuple[str, str]:
        rng = self.rng
        name = rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.choice((1, 2))))
        phone = rng.choice(("13", "15", "17", "18", "19")) + f"{rng.randrange(10**9):09d}"
        return name, phone

    def moment(self, day: date, start: int = 8, end: int = 17) -> datetime:
        """Office hours on DAY, but never later than the present."""
        minutes = self.rng.randrange(start * 60 + 30, end * 60 + 30)
        at = datetime.combine(day, time(minutes // 60, minutes % 60), CHINA_TZ)
        return min(at, self.office.now - timedelta(minutes=self.rng.randrange(5, 60)))

    def later(self, at: datetime, workdays: int) -> datetime:
        day = self.office.workdays.add(at.date(), workdays)
        if day == at.date():
            return at + timedelta(minutes=self.rng.randrange(20, 180))
        return self.moment(day)

    def new_case(self, day: date) -> NewCase:
        rng = self.rng
        unit = rng.choice(list(UNITS))
        category = rng.choices(list(CONTENT), CATEGORY_WEIGHTS)[0]
        channel = rng.choices(list(CHANNEL_WEIGHTS), list(CHANNEL_WEIGHTS.values()))[0]
        anonymous = rng.random() < 0.08
        name, phone = rng.choice(self.regulars) if rng.random() < 0.12 else self._person()
        return NewCase(
            received_at=self.moment(day),
            channel=channel,
            complainant=None if anonymous else name,
            phone=None if anonymous and rng.random() < 0.5 else phone,
            unit=unit,
            window=rng.choice(UNITS[unit]),
            staff=f"工号{rng.randrange(1001, 1099)}" if rng.random() < 0.6 else None,
            category=category,
            content=rng.choice(CONTENT[category]),
            demand=rng.choice(["要求道歉", "要求尽快办结", "要求说明理由", "要求整改", None]),
            major=rng.random() < 0.02,
            external_id=f"12345-{day:%Y%m%d}-{next(self.orders):07d}"
            if channel is Channel.HOTLINE
            else None,
        )

    def steps(self, anonymous: bool, written: bool) -> list[tuple[Stage, int]]:
        """The case's path through the procedure: (stage, working days after the last)."""
        rng = self.rng
        if rng.random() < 0.05:
            return [
                (
                    actions.Reject("不属于政务服务投诉范围,已告知向相关部门反映"),
                    rng.choice((0, 1)),
                ),
                (actions.Notify(self._method(anonymous, written)), rng.choice((0, 1, 1, 2))),
                (actions.Archive(), 1),
            ]
        mode = rng.choices(list(Mode), [50, 40, 10])[0]
        path: list[tuple[Stage, int]] = [
            (actions.Accept(), rng.choices((0, 1, 2), [60, 35, 5])[0]),
            (actions.Assign(mode, HANDLERS[mode.value] or "承办科室"), 0),
            (actions.Investigate("调取监控录像,询问当事人"), rng.choice((1, 1, 2))),
        ]
        if rng.random() < 0.04:
            path.append((actions.Withdraw("投诉人表示问题已解决,申请撤回"), 1))
            return path
        if rng.random() < 0.05:
            path.append((actions.Suspend("等待投诉人补充材料"), 0))
            path.append((actions.Resume(), rng.choice((1, 2, 3))))
        if rng.random() < 0.06:
            days = rng.choice((3, 5))
            path.append((actions.Extend(days, "情况复杂需进一步核实", "中心分管领导"), 0))
        path += self._answer(anonymous, written, rng.choice((1, 2, 2, 3, 4, 6)))
        if anonymous:
            return [*path, (actions.Archive(), 1)]
        satisfaction = rng.choices(list(Satisfaction), [65, 25, 10])[0]
        resolved = satisfaction is not Satisfaction.DISSATISFIED
        path.append((actions.Revisit(satisfaction, resolved), rng.choice((1, 2, 3, 6))))
        if satisfaction is Satisfaction.DISSATISFIED and rng.random() < 0.6:
            path.append((actions.Review("投诉人对处理结果不满意,申请复核"), 0))
            path.append((actions.Investigate("复核调查"), 1))
            path += self._answer(anonymous, written, rng.choice((3, 5, 8, 11)))
            path.append((actions.Revisit(Satisfaction.BASICALLY, True), 2))
        path.append((actions.Archive(), rng.choice((0, 1))))
        return path

    def _method(self, anonymous: bool, written: bool) -> Method:
        if anonymous:
            return Method.NONE
        return Method.WRITTEN if written else Method.PHONE

    def _answer(self, anonymous: bool, written: bool, days: int) -> list[tuple[Stage, int]]:
        rng = self.rng
        finding = rng.choices(list(Finding), [35, 25, 40])[0]
        measures = (
            [] if finding is Finding.UNSUBSTANTIATED else rng.sample(MEASURES, k=rng.choice((1, 2)))
        )
        result = (
            "经核查投诉不属实,已向投诉人解释"
            if finding is Finding.UNSUBSTANTIATED
            else "已对相关人员作出处理并督促整改"
        )
        method = self._method(anonymous, written)
        if method is Method.PHONE:
            method = rng.choice((Method.PHONE, Method.PHONE, Method.SMS, Method.ORAL))
        decision = actions.Decide(finding, result, tuple(measures))
        return [(decision, days), (actions.Notify(method), rng.choice((0, 1)))]


def build_demo(
    office: Office, cases: int, seed: int, progress: Callable[[int], None] | None = None
) -> DemoSummary:
    """Register CASES complaints from 2025 to today and move each as far as time allows."""
    maker = _Maker(office, seed)
    span = (office.today - FIRST_DAY).days
    steered = TARGETS if cases >= 3 * len(TARGETS) else ()
    plan: list[tuple[date, Status | None]] = sorted(
        (FIRST_DAY + timedelta(days=maker.rng.randrange(span)), None)
        for _ in range(cases - len(steered))
    )
    plan += [(office.today - timedelta(days=ago), status) for status, ago in steered]
    conn = office.conn
    summary = DemoSummary()
    batch = 2000
    with write_transaction(conn):  # marks the file as a demo, replaceable by the next one
        record_now(conn, office.actor, office.now, DemoBuilt(cases, seed))
    for start in range(0, len(plan), batch):
        with write_transaction(conn):
            for day, target in plan[start : start + batch]:
                _one_case(maker, day, target)
            if maker.batch is not None:
                maker.batch.flush()
        if progress is not None:
            progress(min(start + batch, len(plan)))
    summary.by_status.update(cases_store.count_by_status(conn))
    summary.cases = sum(summary.by_status.values())
    return summary


def _steer(path: list[tuple[Stage, int]], target: Status) -> int | None:
    """How many steps of PATH end in TARGET, if any."""
    status = Status.REGISTERED
    if status is target:
        return 0
    for index, (stage, _) in enumerate(path):
        status = status_after(status, stage.action)
        if status is target:
            return index + 1
    return None


def _one_case(maker: _Maker, day: date, target: Status | None = None) -> None:
    office = maker.office
    if target is None:
        while not office.workdays.is_workday(day) and maker.rng.random() < 0.9:
            day += timedelta(days=1)  # most complaints come in on working days
        day = min(day, office.today - timedelta(days=1))
    new = maker.new_case(day)
    if target is Status.REVISITED and new.complainant is None:
        new = new._replace(complainant="周敏")  # an anonymous case is never revisited
    written = form_of(new.channel, new.form) is Form.WRITTEN
    path = maker.steps(new.complainant is None, written)
    if target is not None:
        for _ in range(100):
            steps = _steer(path, target)
            if steps is not None:
                path = path[:steps]
                break
            path = maker.steps(new.complainant is None, written)
    elif (office.today - day).days < STALL_DAYS and maker.rng.random() < STALL_SHARE:
        # Recent cases stall at some stage: the overdue list a real office has.
        path = path[: maker.rng.randrange(len(path))]
    register_with_history(office, new, _timed(maker, new.received_at, path), batch=maker.batch)


def _timed(
    maker: _Maker, start: datetime, path: list[tuple[Stage, int]]
) -> Iterator[tuple[datetime, Stage]]:
    """Each step at its moment, until the present: a case waits at the stage it reached."""
    at = start
    for stage, wait in path:
        at = maker.later(at, wait)
        if at > maker.office.now:
            return
        yield at, stage
