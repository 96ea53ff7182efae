"""tousu policy …, tousu category …: the office's own rules and lists."""

from typing import Annotated

import typer

from tousu_cli import chinatime
from tousu_cli.cli.base import command, new_app
from tousu_cli.cli.output import JsonFlag, output_format
from tousu_cli.cli.parse import as_usage, number, parse_date
from tousu_cli.cli.present.settings import (
    present_categories,
    present_category_added,
    present_policy,
    present_policy_history,
    present_policy_set,
)
from tousu_cli.cli.state import state

policy_app = new_app("时限规则:各环节期限、延期上限、重复投诉认定。")
category_app = new_app("投诉类别:查看和增加本中心的类别。")


@command(policy_app, "show")
def policy_show(
    ctx: typer.Context,
    history: Annotated[
        bool, typer.Option("--history", help="列出历次修改:每一版的生效日期和改动")
    ] = False,
    as_json: JsonFlag = False,
) -> None:
    """查看现行时限规则(--history:历次修改)。"""
    from tousu_cli.services import settings

    conn = state(ctx).existing_db()
    fmt = output_format(ctx, json=as_json)
    if history:
        present_policy_history(settings.policy_history(conn), fmt)
        return
    version, policy = settings.show_policy(conn)
    present_policy(version, policy, fmt)


@command(policy_app, "set")
def policy_set(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(metavar="设置项", help="设置项,如 reply_days")],
    value: Annotated[
        int, typer.Argument(metavar="值", help="新的值(整数)", parser=number("规则的值"))
    ],
    start: Annotated[
        str | None,
        typer.Option("--from", help="自该日起生效(默认今天);在该日及以后开始计时的期限适用"),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """修改一项时限规则:自生效日起开始计时的期限适用,此前开始的不变。"""
    app_state = state(ctx)
    from tousu_cli.domain.policy import policy_key
    from tousu_cli.services import settings

    with as_usage():  # the keys are fixed: one not among them is a usage error
        policy_key(key.strip())
    day = None if start is None else parse_date(start, "--from")
    change = settings.set_policy(
        app_state.db(), key.strip(), value, app_state.actor, chinatime.now(), effective=day
    )
    present_policy_set(key.strip(), change, output_format(ctx, json=as_json))


@command(category_app, "list")
def category_list(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """列出投诉类别。"""
    from tousu_cli.services import settings

    found = settings.categories(state(ctx).existing_db())
    present_categories(found, output_format(ctx, json=as_json))


@command(category_app, "add")
def category_add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(metavar="名称", help="类别名称")],
    as_json: JsonFlag = False,
) -> None:
    """增加一个投诉类别。"""
    app_state = state(ctx)
    from tousu_cli.services import settings

    added = settings.add_category(app_state.db(), name, app_state.actor, chinatime.now())
    present_category_added(added, output_format(ctx, json=as_json))
