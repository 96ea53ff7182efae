"""What an imported column can mean, and how its text becomes a value.

A field has the headers it is known by: the ledger's own export headers first,
then those of 12345 work-order systems. A clerk's --map file adds any other
header, value spellings (热线 → hotline) and defaults for a missing column.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple

from tousu_cli.chinatime import CHINA_TZ, check_year, parse_datetime
from tousu_cli.domain import validation
from tousu_cli.domain.errors import InvalidInput
from tousu_cli.domain.model import (
    Channel,
    Finding,
    Form,
    Labelled,
    Method,
    Mode,
    Satisfaction,
    Status,
)
from tousu_cli.domain.numbering import case_number, parse_case_number


@dataclass(frozen=True, slots=True)
class Field:
    key: str
    label: str
    headers: tuple[str, ...]
    kind: str  # how the text is read: see parse_value
    enum: type[Labelled] | None = None


FIELDS: tuple[Field, ...] = (
    Field("number", "编号", ("编号", "案件编号"), "number"),
    Field("external_id", "外部编号", ("外部编号", "工单编号", "工单号"), "text"),
    Field("received_at", "收到时间", ("收到时间", "来电时间", "投诉时间", "登记时间"), "time"),
    Field(
        "channel", "渠道", ("渠道", "受理渠道", "来源", "投诉渠道", "来源渠道"), "choice", Channel
    ),
    Field("form", "投诉形式", ("投诉形式",), "choice", Form),
    Field("complainant", "投诉人", ("投诉人", "来电人", "诉求人", "投诉人姓名"), "name"),
    Field("phone", "联系电话", ("联系电话", "来电号码", "联系方式", "手机号码"), "phone"),
    Field("id_number", "身份证号", ("身份证号", "身份证号码"), "id_number"),
    Field("unit", "被投诉单位", ("被投诉单位", "被反映单位"), "text"),
    Field("window", "窗口", ("窗口",), "text"),
    Field("staff", "工作人员", ("工作人员", "被投诉人"), "text"),
    Field("category", "类别", ("类别", "问题分类", "投诉类别"), "text"),
    Field("content", "投诉内容", ("投诉内容", "诉求内容", "主要内容", "来电内容"), "long"),
    Field("demand", "诉求", ("诉求", "诉求目的"), "long"),
    Field("evidence", "证据材料", ("证据材料",), "list"),
    Field("major", "重大", ("重大",), "yes"),
    Field("status", "状态", ("状态", "办理状态"), "choice", Status),
    Field("accepted_at", "受理时间", (), "time"),
    Field("mode", "分办方式", ("分办方式",), "choice", Mode),
    Field("handler_unit", "承办单位", (), "text"),
    Field("handler", "承办人", ("承办人",), "text"),
    Field("replied_at", "答复时间", ("答复时间", "办结时间"), "time"),
    Field("finding", "处置结论", ("处置结论", "调查结论"), "choice", Finding),
    Field("measures", "处理措施", ("处理措施",), "list"),
    Field("result", "处理结果", ("处理结果", "办理结果", "答复内容"), "long"),
    Field("notify_method", "答复方式", ("答复方式",), "choice", Method),
    Field("revisited_at", "回访时间", ("回访时间",), "time"),
    Field("satisfaction", "满意度", ("满意度", "满意度评价"), "choice", Satisfaction),
    Field("resolved", "问题是否解决", ("问题是否解决", "是否解决"), "yes"),
    Field("reject_reason", "不予受理理由", ("不予受理理由",), "long"),
    Field("withdraw_reason", "撤回理由", ("撤回理由",), "long"),
    Field("archived_at", "归档时间", ("归档时间",), "time"),
    Field("history", "处置记录", ("处置记录",), "history"),
    # Kept in the import event as the other system gave it.
    Field("time_limit", "办理时限", ("办理时限",), "info"),
    # Worked out again from the history, and held against what the file says:
    # the two differ when the source ledger's calendar did.
    Field("source_reply_due", "答复期限", ("答复期限",), "info"),
    # Worked out again on import from the facts and the history.
    Field("derived", "", ("重复次数", "督办", "是否超期", "复核次数", "错误原因"), "skip"),
)
BY_KEY = {f.key: f for f in FIELDS}
# A header two kinds of file use for two things: in a 12345 work order 受理时间
# is when the hotline took the call and 承办单位 the unit complained about; in
# the ledger (which has 收到时间 and 被投诉单位) they are the later stages.
# The header means the first field unless the file has that one already.
CONTESTED = {
    "受理时间": ("received_at", "accepted_at"),
    "承办单位": ("unit", "handler_unit"),
}
REQUIRED = ("received_at", "channel", "unit", "category", "content")
ANONYMOUS = frozenset({"匿名", "无", "不详"})
MASK = "*"


@dataclass
class Mapping:
    """A clerk's --map file: more headers, value spellings, defaults."""

    columns: dict[str, str | None] = field(default_factory=dict)  # header → field key
    values: dict[str, dict[str, str]] = field(default_factory=dict)  # field → text → key
    defaults: dict[str, str] = field(default_factory=dict)  # field → text


def load_mapping(path: Path | None) -> Mapping:
    if path is None:
        return Mapping()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise InvalidInput(f"映射文件不存在:{path}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise InvalidInput(f"映射文件 {path.name} 不是有效的 TOML(UTF-8):{error}") from None
    unknown = set(raw) - {"columns", "values", "defaults"}
    if unknown:
        raise InvalidInput(
            f"映射文件只能有 [columns]、[values]、[defaults] 三节,多了:{'、'.join(unknown)}"
        )
    mapping = Mapping()
    for header, target in _table(raw, "columns").items():
        mapping.columns[header.strip()] = (
            _field_key(target, f"[columns] {header!r}") if target else None
        )
    for name, spellings in _table(raw, "values").items():
        key = _field_key(name, f"[values.{name}]")
        if not isinstance(spellings, dict):
            raise InvalidInput(f"映射文件 [values.{name}] 应为一节「原值 = 规范值」")
        mapping.values[key] = {str(k).strip(): str(v).strip() for k, v in spellings.items()}
    for name, value in _table(raw, "defaults").items():
        if isinstance(value, list | dict):  # a cell holds one text: "录像、截图", not a list
            raise InvalidInput(f"映射文件 [defaults] {name} 应为一个值,如同表格里的一格")
        mapping.defaults[_field_key(name, f"[defaults] {name!r}")] = str(value)
    return mapping


def _table(raw: dict[str, Any], name: str) -> dict[str, Any]:
    table = raw.get(name, {})
    if not isinstance(table, dict):
        raise InvalidInput(f"映射文件的 [{name}] 应为一节")
    return table


def _field_key(name: Any, where: str) -> str:
    """A field named by its key (unit) or any header it is known by (被投诉单位)."""
    text = str(name).strip()
    if text in BY_KEY and BY_KEY[text].kind != "skip":
        return text
    for f in FIELDS:
        if f.kind != "skip" and (text == f.label or text in f.headers):
            return f.key
    known = "、".join(f"{f.key}({f.label})" for f in FIELDS if f.kind != "skip")
    raise InvalidInput(f"映射文件 {where}:不认识的字段 {text!r}(可用:{known})")


@dataclass(frozen=True, slots=True)
class Layout:
    """Which column of the file holds which field."""

    headers: list[str]
    columns: list[tuple[int, Field]]  # (column index, field), in file order
    unknown: list[str]  # headers read past

    def header_of(self, key: str) -> str:
        for index, f in self.columns:
            if f.key == key:
                return self.headers[index]
        return BY_KEY[key].label if key in BY_KEY else key

    def has(self, key: str) -> bool:
        return any(f.key == key for _, f in self.columns)


def resolve_headers(headers: Sequence[str], mapping: Mapping) -> Layout:
    known = {h: f for f in FIELDS for h in f.headers}
    chosen: dict[int, Field | None] = {}
    for index, header in enumerate(headers):
        if header in mapping.columns:
            target = mapping.columns[header]
            chosen[index] = None if target is None else BY_KEY[target]
        elif header in known:
            chosen[index] = known[header]
    present = {f.key for f in chosen.values() if f is not None}
    for index, header in enumerate(headers):
        if index not in chosen and header in CONTESTED:
            first, second = CONTESTED[header]
            key = second if first in present else first
            chosen[index] = BY_KEY[key]
            present.add(key)
    seen: dict[str, str] = {}
    columns: list[tuple[int, Field]] = []
    for index, f in sorted(chosen.items()):
        if f is None or f.kind == "skip":
            continue
        if f.key in seen:
            both = f"表头「{seen[f.key]}」和「{headers[index]}」都对应{f.label}"
            raise InvalidInput(f"{both},请用 --map 指定其中一列")
        seen[f.key] = headers[index]
        columns.append((index, f))
    missing = [BY_KEY[k].label for k in REQUIRED if k not in seen and k not in mapping.defaults]
    if missing:
        hint = "可用 --map 指定对应的表头,或在 [defaults] 中给出默认值"
        raise InvalidInput(f"缺少必需的列:{'、'.join(missing)}({hint})")
    skipped = {h for f in FIELDS if f.kind == "skip" for h in f.headers}
    unknown = [h for i, h in enumerate(headers) if i not in chosen and h and h not in skipped]
    return Layout(list(headers), columns, unknown)


# -- values -------------------------------------------------------------------

_LOOSE_TIME = re.compile(
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:[\sT]+(\d{1,2})\s*[:时]\s*(\d{1,2})\s*(?:[:分]\s*(\d{1,2}(?:\.\d+)?)\s*秒?)?\s*分?)?"
)
_YES = {"是": True, "否": False, "y": True, "n": False, "yes": True, "no": False,
        "true": True, "false": False, "1": True, "0": False, "√": True, "×": False}  # fmt: skip


class Moment(NamedTuple):
    """A time read from a file; a date alone is the start of that day."""

    at: datetime
    has_time: bool


def parse_time(text: str) -> Moment:
    """2026-03-02 09:00[:00], 2026/3/2 9:00, 2026年3月2日 9时, or ISO 8601 with a zone."""
    loose = _LOOSE_TIME.fullmatch(text)
    if loose is None:
        moment = parse_datetime(text, "时间", typed=False)  # ISO 8601 with a zone, or refused
        return Moment(moment.replace(microsecond=0), len(text.strip()) > 10)
    year, month, day, hour, minute, second = loose.groups()
    try:
        moment = datetime(
            int(year),
            int(month),
            int(day),
            int(hour or 0),
            int(minute or 0),
            int(float(second)) if second else 0,  # 09:00:05.5 is 09:00:05
            tzinfo=CHINA_TZ,
        )
    except ValueError:
        raise InvalidInput(f"没有这个时间:{text!r}") from None
    check_year(moment.year, text, "时间")
    return Moment(moment, loose.group(4) is not None)


def parser_for(f: Field, mapping: Mapping) -> Callable[[str], Any]:
    """How a non-empty cell of field f becomes a value, or InvalidInput saying why."""
    spellings = mapping.values.get(f.key, {})
    if f.kind == "choice":
        assert f.enum is not None
        options = f.enum.choices()
        return lambda text: _choice(spellings.get(text, text), options)
    if f.kind == "time":
        return parse_time
    if f.kind == "yes":
        return lambda text: _yes(spellings.get(text, text))
    if f.kind == "phone":
        return _phone
    if f.kind == "id_number":
        return _id_number
    if f.kind == "number":
        return _number
    if f.kind == "list":
        return lambda text: [part.strip() for part in re.split(r"[、;;\n]", text) if part.strip()]
    if f.kind == "name":
        return lambda text: None if text in ANONYMOUS else _text(text, "short")
    if f.kind == "long":
        return lambda text: _text(spellings.get(text, text), "long")
    if f.kind == "history":
        return _history
    return lambda text: _text(spellings.get(text, text), "short")


def _choice(text: str, options: dict[str, Labelled]) -> Labelled:
    found = options.get(text) or options.get(text.lower())
    if found is None:
        known = "、".join(member.label for member in dict.fromkeys(options.values()))
        raise InvalidInput(f"无法识别 {text!r}(可选:{known};其他写法可用 --map 的 [values] 对应)")
    return found


def _yes(text: str) -> bool:
    found = _YES.get(text.lower())
    if found is None:
        raise InvalidInput(f"应为「是」或「否」,收到 {text!r}")
    return found


def _text(text: str, size: str) -> str | None:
    # The field's name is the column's header, given with the row's error.
    return validation.text(text, "内容", size=size)


def _phone(text: str) -> str | None:
    if MASK in text:
        raise InvalidInput("号码已打码,无法导入(导出时加 --reveal 才有完整号码)")
    return validation.phone(text)


def _id_number(text: str) -> str | None:
    if MASK in text:
        raise InvalidInput("号码已打码,无法导入(导出时加 --reveal 才有完整号码)")
    return validation.id_number(text)


def _number(text: str) -> str:
    return case_number(*parse_case_number(text))  # as `register` writes it


def _history(text: str) -> list[dict[str, Any]]:
    import json

    try:
        events = json.loads(text)
    except ValueError:
        raise InvalidInput("不是有效的处置记录(JSON)") from None
    if not isinstance(events, list) or not all(
        isinstance(e, dict) and isinstance(e.get("action"), str) and isinstance(e.get("at"), str)
        for e in events
    ):
        raise InvalidInput("处置记录应为事件列表,每项有 at 和 action")
    return events
