"""tousu register, accept, reject, … archive, withdraw: the stages of a complaint."""

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any

import typer

from tousu_cli.cli import complete
from tousu_cli.cli.base import command, new_app
from tousu_cli.cli.output import JsonFlag, note, output_format
from tousu_cli.cli.parse import choice, number, parse_datetime
from tousu_cli.cli.personal_input import HELP_TAIL, numbers_kept_off_the_line
from tousu_cli.cli.present.cases import done_text, present_stage, suspicion_hint
from tousu_cli.cli.state import state
from tousu_cli.domain import intake
from tousu_cli.domain.errors import InvalidInput
from tousu_cli.domain.model import Action, Channel, Finding, Form, Method, Mode, Satisfaction

if TYPE_CHECKING:
    from tousu_cli.domain.actions import Stage

# The typed actions and the services load when a stage is taken, not when the
# command line is read: a command that takes none (calendar due, say) pays
# nothing for them at start-up.


def _actions() -> Any:
    from tousu_cli.domain import actions

    return actions


def _cases() -> Any:
    from tousu_cli.services import cases

    return cases


app = new_app()

CaseArg = Annotated[
    str,
    typer.Argument(
        metavar="编号",
        help="案件编号,如 2026-0001,本年可只写序号",
        autocompletion=complete.open_cases,
    ),
]
CHANNEL_HELP = (
    "来源渠道:visit 来访、phone 来电、letter 来信、web 网上、email 电子邮件、"
    "hotline 12345转办、superior 上级转办、leader 领导交办、box 意见箱、other 其他"
)
FINDING_HELP = "substantiated 属实 / partly 部分属实 / unsubstantiated 不属实"
METHOD_HELP = (
    "oral 口头 / written 书面 / phone 电话 / sms 短信 / email 电子邮件 / online 网上答复"
    " / none 匿名无法答复;书面投诉须以书面、电子邮件或网上答复"
)
SATISFACTION_HELP = "satisfied 满意 / basically 基本满意 / dissatisfied 不满意"
AtOption = Annotated[
    str | None, typer.Option("--at", help="发生时间(默认现在),如 2026-10-08 09:30")
]


def _report(ctx: typer.Context, number: str, done: str, as_json: bool) -> dict[str, Any]:
    """Say where the case stands; returns what was said of it (views.case_json)."""
    fmt = output_format(ctx, json=as_json)
    from tousu_cli.services.views import case_json

    document = case_json(state(ctx).office(), number)
    present_stage(number, done, document, fmt)
    return document


def _move(ctx: typer.Context, number: str, stage: "Stage", at: str | None, as_json: bool) -> None:
    """Take STAGE on the case, then say where the case stands."""
    when = None if at is None else parse_datetime(at, "--at")
    moved = _cases().act(state(ctx).office(), number, stage, when)
    _report(ctx, moved, done_text(stage.action), as_json)


def _bare_stage(name: str, stage: str, doc: str) -> None:
    """A stage that needs nothing but the case."""

    def run(
        ctx: typer.Context, case: CaseArg, at: AtOption = None, as_json: JsonFlag = False
    ) -> None:
        _move(ctx, case, getattr(_actions(), stage)(), at, as_json)

    _register(name, run, doc)


def _reasoned_stage(name: str, stage: str, doc: str, reason_help: str) -> None:
    """A stage that needs the case and a reason."""

    def run(
        ctx: typer.Context,
        case: CaseArg,
        reason: str = typer.Option(..., "--reason", help=reason_help),
        at: AtOption = None,
        as_json: JsonFlag = False,
    ) -> None:
        _move(ctx, case, getattr(_actions(), stage)(reason), at, as_json)

    _register(name, run, doc)


def _register(name: str, run: Callable[..., None], doc: str) -> None:
    run.__doc__ = doc
    run.__name__ = name
    command(app, name)(run)


@command(app, "register")
def register(
    ctx: typer.Context,
    received: Annotated[str, typer.Option("--received", help="收到时间,如 2026-09-30 16:00")],
    channel: Annotated[
        str,
        typer.Option(
            "--channel",
            help=CHANNEL_HELP,
            autocompletion=complete.channels,
        ),
    ],
    category: Annotated[
        str,
        typer.Option("--category", help="投诉类别,如 服务态度", autocompletion=complete.categories),
    ],
    unit: Annotated[
        str, typer.Option("--unit", help="被投诉单位(窗口单位)", autocompletion=complete.units)
    ],
    content: Annotated[str, typer.Option("--content", help="投诉事项:时间、地点、经过")],
    complainant: Annotated[str | None, typer.Option("--complainant", help="投诉人姓名")] = None,
    anonymous: Annotated[bool, typer.Option("--anonymous", help="匿名投诉")] = False,
    phone: Annotated[str | None, typer.Option("--phone", help="联系电话(保密)" + HELP_TAIL)] = None,
    id_number: Annotated[
        str | None, typer.Option("--id-number", help="身份证号码(保密)" + HELP_TAIL)
    ] = None,
    window: Annotated[str | None, typer.Option("--window", help="窗口")] = None,
    staff: Annotated[str | None, typer.Option("--staff", help="被投诉的工作人员")] = None,
    demand: Annotated[str | None, typer.Option("--demand", help="诉求")] = None,
    form: Annotated[
        str | None, typer.Option("--form", help="oral 口头 / written 书面(默认按渠道)")
    ] = None,
    major: Annotated[bool, typer.Option("--major", help="重大、复杂、敏感,须向上级报告")] = False,
    external_id: Annotated[
        str | None, typer.Option("--external-id", help="外部编号,如 12345 工单编号")
    ] = None,
    evidence: Annotated[
        list[str] | None, typer.Option("--evidence", help="证据材料(可多次)")
    ] = None,
    at: AtOption = None,
    as_json: JsonFlag = False,
) -> None:
    """登记一件投诉,开始计算受理时限。"""
    numbers = numbers_kept_off_the_line(phone, id_number)
    new = intake.NewCase(
        received_at=parse_datetime(received, "收到时间"),
        channel=choice(channel, Channel.choices(), "来源渠道"),
        complainant=intake.complainant(complainant, anonymous),
        unit=unit,
        category=category,
        content=content,
        phone=numbers["phone"],
        id_number=numbers["id_number"],
        window=window,
        staff=staff,
        demand=demand,
        form=None if form is None else choice(form, Form.choices(), "投诉形式"),
        major=major,
        external_id=external_id,
        evidence=tuple(evidence or ()),
    )
    when = None if at is None else parse_datetime(at, "--at")
    cases = _cases()
    number = cases.register(state(ctx).office(create=True), new, when)
    document = _report(ctx, number, done_text(Action.REGISTER), as_json)
    if twice := cases.entered_twice(state(ctx).office(), number):
        note(f"可能重复登记:{'、'.join(twice)}")
    # A name already on record about the unit: said, with how to confirm it, as
    # the count leaves it out until the clerk does.
    if suspected := document["suspected_repeats"]:
        others = "、".join(r["number"] for r in suspected)
        note(f"疑似重复:与 {others} 同名、同单位,未计入重复次数")
        note(suspicion_hint(number, suspected))


@command(app, "amend")
def amend(
    ctx: typer.Context,
    case: CaseArg,
    reason: Annotated[str, typer.Option("--reason", help="更正理由(记入处置记录)")],
    received: Annotated[str | None, typer.Option("--received", help="收到时间")] = None,
    channel: Annotated[str | None, typer.Option("--channel", help=CHANNEL_HELP)] = None,
    form: Annotated[str | None, typer.Option("--form", help="oral 口头 / written 书面")] = None,
    complainant: Annotated[str | None, typer.Option("--complainant", help="投诉人姓名")] = None,
    anonymous: Annotated[bool, typer.Option("--anonymous", help="改为匿名投诉")] = False,
    phone: Annotated[
        str | None, typer.Option("--phone", help="联系电话(空串为清除)" + HELP_TAIL)
    ] = None,
    id_number: Annotated[
        str | None, typer.Option("--id-number", help="身份证号码" + HELP_TAIL)
    ] = None,
    unit: Annotated[str | None, typer.Option("--unit", help="被投诉单位")] = None,
    window: Annotated[str | None, typer.Option("--window", help="窗口")] = None,
    staff: Annotated[str | None, typer.Option("--staff", help="被投诉的工作人员")] = None,
    category: Annotated[str | None, typer.Option("--category", help="投诉类别")] = None,
    content: Annotated[str | None, typer.Option("--content", help="投诉事项")] = None,
    demand: Annotated[str | None, typer.Option("--demand", help="诉求")] = None,
    evidence: Annotated[
        list[str] | None, typer.Option("--evidence", help="证据材料(可多次,替换原有的)")
    ] = None,
    major: Annotated[
        bool | None, typer.Option("--major/--not-major", help="是否重大、复杂、敏感")
    ] = None,
    external_id: Annotated[str | None, typer.Option("--external-id", help="外部编号")] = None,
    as_json: JsonFlag = False,
) -> None:
    """更正登记事项(任何状态,含已归档):逐项记录更正前后的值、经办人和理由。"""
    from tousu_cli.services.amend import amend as amend_case

    numbers = numbers_kept_off_the_line(phone, id_number)

    given: dict[str, Any] = {
        "received_at": None if received is None else parse_datetime(received, "收到时间"),
        "channel": None if channel is None else choice(channel, Channel.choices(), "来源渠道"),
        "form": None if form is None else choice(form, Form.choices(), "投诉形式"),
        "complainant": complainant,
        "phone": numbers["phone"] if phone != "-" else numbers["phone"] or "",
        "id_number": numbers["id_number"] if id_number != "-" else numbers["id_number"] or "",
        "unit": unit,
        "window_name": window,
        "staff": staff,
        "category": category,
        "content": content,
        "demand": demand,
        "evidence": None if evidence is None else tuple(evidence),
        "major": major,
        "external_id": external_id,
    }
    wanted = {key: value for key, value in given.items() if value is not None}
    if anonymous:
        if complainant is not None:
            raise InvalidInput("--complainant 与 --anonymous 只能选一个")
        wanted["complainant"] = None
    number = amend_case(state(ctx).office(), case, wanted, reason)
    _report(ctx, number, "已更正登记事项", as_json)


@command(app, "void")
def void(
    ctx: typer.Context,
    case: CaseArg,
    reason: Annotated[str, typer.Option("--reason", help="作废理由,如 重复登记、测试数据")],
    as_json: JsonFlag = False,
) -> None:
    """作废:登记有误(重复登记、测试)。记录保留,但不再出现在列表、查找、报表、统计和重复计数中。"""
    from tousu_cli.services.amend import void as void_case

    number = void_case(state(ctx).office(), case, reason)
    _report(ctx, number, "已作废", as_json)


EarlierArg = Annotated[
    str,
    typer.Argument(
        metavar="此前编号", help="它重复的此前那件投诉的编号", autocompletion=complete.open_cases
    ),
]
EarlierArgs = Annotated[
    list[str],
    typer.Argument(
        metavar="此前编号...",
        help="它重复的此前投诉的编号(可写多个)",
        autocompletion=complete.open_cases,
    ),
]


@command(app, "link")
def link(
    ctx: typer.Context,
    case: CaseArg,
    earlier: EarlierArgs,
    reason: Annotated[
        str | None, typer.Option("--reason", help="依据,如 电话核实为同一投诉人")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """确认重复:经核实为同一投诉人对同一单位的再次投诉(如仅同名的疑似重复),计入重复次数和督办。"""
    from tousu_cli.services.repeats import link as link_cases

    linking = link_cases(state(ctx).office(), case, earlier, reason)
    done = f"已确认为 {'、'.join(linking.earlier)} 的重复投诉(第 {linking.rank} 次)"
    _report(ctx, linking.number, done, as_json)


@command(app, "unlink")
def unlink(
    ctx: typer.Context,
    case: CaseArg,
    earlier: EarlierArg,
    reason: Annotated[str, typer.Option("--reason", help="解除理由,如 同名不同人")],
    as_json: JsonFlag = False,
) -> None:
    """解除重复:不是同一投诉人(如同名不同人),不再计入重复次数;电话相同的须先更正电话。"""
    from tousu_cli.services.repeats import unlink as unlink_cases

    linking = unlink_cases(state(ctx).office(), case, earlier, reason)
    done = f"已解除与 {linking.earlier[0]} 的重复关联(现为第 {linking.rank} 次)"
    _report(ctx, linking.number, done, as_json)


_bare_stage("accept", "Accept", "受理:停止受理时限,开始计算答复时限。")
_reasoned_stage(
    "reject",
    "Reject",
    "不予受理:写明理由,开始计算告知时限。",
    "不予受理的理由(将告知投诉人)",
)


@command(app, "assign")
def assign(
    ctx: typer.Context,
    case: CaseArg,
    mode: Annotated[
        str,
        typer.Option(
            "--mode",
            help="self 自办 / transfer 转办 / supervise 督办",
            autocompletion=complete.modes,
        ),
    ],
    unit: Annotated[str, typer.Option("--unit", help="承办单位")],
    handler: Annotated[str | None, typer.Option("--handler", help="承办人")] = None,
    at: AtOption = None,
    as_json: JsonFlag = False,
) -> None:
    """分办:自办、转办或督办。"""
    the_mode = choice(mode, Mode.choices(), "分办方式")
    _move(ctx, case, _actions().Assign(the_mode, unit, handler), at, as_json)


@command(app, "investigate")
def investigate(
    ctx: typer.Context,
    case: CaseArg,
    note_text: Annotated[str, typer.Option("--note", help="调查情况")],
    evidence: Annotated[
        list[str] | None, typer.Option("--evidence", help="证据材料(可多次)")
    ] = None,
    at: AtOption = None,
    as_json: JsonFlag = False,
) -> None:
    """调查:记录调查情况和证据,可多次。"""
    _move(ctx, case, _actions().Investigate(note_text, tuple(evidence or ())), at, as_json)


@command(app, "extend")
def extend(
    ctx: typer.Context,
    case: CaseArg,
    days: Annotated[int, typer.Option("--days", help="延长的工作日数", parser=number("延期天数"))],
    reason: Annotated[str, typer.Option("--reason", help="延期理由")],
    approved_by: Annotated[str, typer.Option("--approved-by", help="批准人")],
    late: Annotated[
        str | None,
        typer.Option("--late", help="时限已超期后补办延期的理由(补办的延期只作记录,不改变期限)"),
    ] = None,
    at: AtOption = None,
    as_json: JsonFlag = False,
) -> None:
    """延期:在当前期限上增加工作日(须理由和批准人,次数和天数受规则限制;须在期限届满前批准)。"""
    _move(ctx, case, _actions().Extend(days, reason, approved_by, None, late), at, as_json)


_reasoned_stage(
    "suspend",
    "Suspend",
    "中止计时:等待补充材料、鉴定等期间不计入期限。",
    "中止理由,如 等待补充材料",
)
_bare_stage("resume", "Resume", "恢复计时:中止期间的工作日顺延到期限上。")


@command(app, "decide")
def decide(
    ctx: typer.Context,
    case: CaseArg,
    finding: Annotated[
        str | None,
        typer.Option("--finding", help=FINDING_HELP, autocompletion=complete.findings),
    ] = None,
    result: Annotated[str | None, typer.Option("--result", help="处理结果")] = None,
    measure: Annotated[
        list[str] | None, typer.Option("--measure", help="处理措施,如 批评教育(可多次)")
    ] = None,
    at: AtOption = None,
    as_json: JsonFlag = False,
) -> None:
    """处置:调查结论、处理措施和处理结果。"""
    the_finding = None if finding is None else choice(finding, Finding.choices(), "调查结论")
    decision = _actions().Decide(the_finding, result or "", tuple(measure or ()))
    _move(ctx, case, decision, at, as_json)


@command(app, "notify")
def notify(
    ctx: typer.Context,
    case: CaseArg,
    method: Annotated[
        str,
        typer.Option(
            "--method",
            help=METHOD_HELP,
            autocompletion=complete.methods,
        ),
    ],
    note_text: Annotated[str | None, typer.Option("--note", help="答复内容或说明")] = None,
    force: Annotated[
        str | None, typer.Option("--force", help="书面投诉改用其他方式答复的理由")
    ] = None,
    at: AtOption = None,
    as_json: JsonFlag = False,
) -> None:
    """答复:把处理结果(或不予受理的理由)告知投诉人。"""
    the_method = choice(method, Method.choices(), "答复方式")
    _move(ctx, case, _actions().Notify(the_method, note_text, force), at, as_json)


@command(app, "revisit")
def revisit(
    ctx: typer.Context,
    case: CaseArg,
    satisfaction: Annotated[
        str,
        typer.Option(
            "--satisfaction", help=SATISFACTION_HELP, autocompletion=complete.satisfactions
        ),
    ],
    resolved: Annotated[
        bool | None, typer.Option("--resolved/--unresolved", help="问题是否解决")
    ] = None,
    note_text: Annotated[str | None, typer.Option("--note", help="回访情况")] = None,
    at: AtOption = None,
    as_json: JsonFlag = False,
) -> None:
    """回访:投诉人的满意度。"""
    the_satisfaction = choice(satisfaction, Satisfaction.choices(), "满意度")
    _move(ctx, case, _actions().Revisit(the_satisfaction, resolved, note_text), at, as_json)


_reasoned_stage("review", "Review", "复核:回访不满意时重新调查,开始计算复核时限。", "复核理由")
_bare_stage("archive", "Archive", "归档。")
_reasoned_stage("withdraw", "Withdraw", "撤回:投诉人撤回投诉(须写明理由)。", "撤回理由")
