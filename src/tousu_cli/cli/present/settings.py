"""The office's rules (the deadline policy) and its complaint categories."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tousu_cli.chinatime import readable
from tousu_cli.cli.grid import Column
from tousu_cli.cli.output import Format, echo, emit_json, note, table
from tousu_cli.domain.policy import DEFAULT_POLICY, POLICY_KEYS, Policy

if TYPE_CHECKING:
    from tousu_cli.services.settings import PolicyChange, PolicyVersion


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


def present_policy_set(key: str, change: PolicyChange, fmt: Format) -> None:
    """`policy set`: the new version, and from when it applies."""
    if fmt is Format.JSON:
        emit_json(
            {
                "version": change.version,
                "effective": change.effective.isoformat(),
                "settings": change.policy.as_dict(),
                "clocks_started_since": change.started_before_it,
            }
        )
        return
    value = change.policy.as_dict()[key]
    if not POLICY_KEYS[key].by_clock:
        echo(
            f"已设定 {POLICY_KEYS[key].label} = {value}(第 {change.version} 版规则,"
            "适用于所有已办结的投诉件,见 tousu report erasure)"
        )
        return
    echo(
        f"已设定 {POLICY_KEYS[key].label} = {value}"
        f"(第 {change.version} 版规则,自 {change.effective} 起开始计时的期限适用)"
    )
    if change.started_before_it:
        note(
            f"提示:已有 {change.started_before_it} 个时限在 {change.effective} 或以后开始计时,"
            "仍按开始时的规则计算,不会改动"
        )


def present_policy_history(versions: list[PolicyVersion], fmt: Format) -> None:
    """`policy show --history`: each version, from when, by whom, and what it changed."""
    rows = []
    before = DEFAULT_POLICY.as_dict()
    for version in versions:
        now = version.policy.as_dict()
        changed = {k: (before[k], v) for k, v in now.items() if before.get(k) != v}
        rows.append((version, changed))
        before = now
    if fmt is Format.JSON:
        emit_json(
            [
                {
                    "version": v.id,
                    "effective": v.effective.isoformat(),
                    "set_by": v.set_by,
                    "set_at": v.set_at,
                    "changes": {k: {"from": a, "to": b} for k, (a, b) in changed.items()},
                }
                for v, changed in rows
            ]
        )
        return
    if not rows:
        echo("时限规则没有修改过,一直是默认规则。")
        return
    table(
        [Column(h, whole=True) for h in ("版本", "生效日期", "设定人", "设定时间")]
        + [Column("改动")],
        [
            (
                f"第 {v.id} 版",
                v.effective,
                v.set_by,
                readable(v.set_at)[:16],
                ";".join(f"{POLICY_KEYS[k].label} {a} → {b}" for k, (a, b) in changed.items())
                or "(无改动)",
            )
            for v, changed in rows
        ],
    )


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
