"""tousu policy …, tousu category …: the office's own rules and lists."""

from typing import Annotated

import typer

from tousu_cli import chinatime
from tousu_cli.cli.base import command, new_app
from tousu_cli.cli.grid import Column
from tousu_cli.cli.output import JsonFlag, echo, emit_json, table
from tousu_cli.cli.parse import number
from tousu_cli.cli.state import state
from tousu_cli.domain.policy import POLICY_KEYS
from tousu_cli.services import settings

policy_app = new_app("时限规则:各环节期限、延期上限、重复投诉认定。")
category_app = new_app("投诉类别:查看和增加本中心的类别。")


@command(policy_app, "show")
def policy_show(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """查看现行时限规则。"""
    version, policy = settings.show_policy(state(ctx).existing_db())
    values = policy.as_dict()
    if as_json:
        emit_json({"version": version, "settings": values})
        return
    echo(f"现行规则:{'默认规则' if version is None else f'第 {version} 版'}")
    table(
        [Column("规则"), Column("设置项", whole=True), Column("值", whole=True)],
        [(POLICY_KEYS[k].label, k, v) for k, v in values.items()],
    )


@command(policy_app, "set")
def policy_set(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(metavar="KEY", help="设置项,如 reply_days")],
    value: Annotated[
        int, typer.Argument(metavar="VALUE", help="新的值(整数)", parser=number("规则的值"))
    ],
    as_json: JsonFlag = False,
) -> None:
    """修改一项时限规则;只影响此后开始计时的期限。"""
    app_state = state(ctx)
    version, policy = settings.set_policy(
        app_state.db(), key.strip(), value, app_state.actor, chinatime.now()
    )
    if as_json:
        emit_json({"version": version, "settings": policy.as_dict()})
        return
    echo(
        f"已设定 {POLICY_KEYS[key.strip()].label} = {number}"
        f"(第 {version} 版规则,此后开始的期限适用)"
    )


@command(category_app, "list")
def category_list(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """列出投诉类别。"""
    found = settings.categories(state(ctx).existing_db())
    if as_json:
        emit_json([{"name": name, "builtin": builtin} for name, builtin in found])
        return
    table(
        ["类别", "来源"], [(name, "内置" if builtin else "本中心增加") for name, builtin in found]
    )


@command(category_app, "add")
def category_add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(metavar="NAME", help="类别名称")],
    as_json: JsonFlag = False,
) -> None:
    """增加一个投诉类别。"""
    app_state = state(ctx)
    added = settings.add_category(app_state.db(), name, app_state.actor, chinatime.now())
    if as_json:
        emit_json({"name": added, "builtin": False})
    else:
        echo(f"已增加投诉类别:{added}")
