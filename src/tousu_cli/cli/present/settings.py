"""The office's rules (the deadline policy) and its complaint categories."""

from __future__ import annotations

from tousu_cli.cli.grid import Column
from tousu_cli.cli.output import Format, echo, emit_json, table
from tousu_cli.domain.policy import POLICY_KEYS, Policy


def present_policy(version: int | None, policy: Policy, fmt: Format) -> None:
    """`policy show`: the rules in force, and which version they are."""
    if fmt is Format.JSON:
        emit_json({"version": version, "settings": policy.as_dict()})
        return
    echo(f"现行规则:{'默认规则' if version is None else f'第 {version} 版'}")
    table(
        [Column("规则"), Column("设置项", whole=True), Column("值", whole=True)],
        [(POLICY_KEYS[k].label, k, v) for k, v in policy.as_dict().items()],
    )


def present_policy_set(key: str, version: int, policy: Policy, fmt: Format) -> None:
    """`policy set`: the new version, and from when it applies."""
    if fmt is Format.JSON:
        emit_json({"version": version, "settings": policy.as_dict()})
        return
    value = policy.as_dict()[key]
    echo(f"已设定 {POLICY_KEYS[key].label} = {value}(第 {version} 版规则,此后开始的期限适用)")


def present_categories(found: list[tuple[str, bool]], fmt: Format) -> None:
    if fmt is Format.JSON:
        emit_json([{"name": name, "builtin": builtin} for name, builtin in found])
        return
    rows = [(name, "内置" if builtin else "本中心增加") for name, builtin in found]
    table([Column("类别"), Column("来源", whole=True)], rows)


def present_category_added(name: str, fmt: Format) -> None:
    if fmt is Format.JSON:
        emit_json({"name": name, "builtin": False})
    else:
        echo(f"已增加投诉类别:{name}")
