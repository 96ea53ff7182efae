"""A row against the case it matches: which facts and stages differ."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from tousu_cli.chinatime import iso, readable
from tousu_cli.domain.masking import PERSONAL, mask, masked_text
from tousu_cli.domain.model import Labelled
from tousu_cli.transfer.fields import BY_KEY, Layout, Moment
from tousu_cli.transfer.rows import Incoming

# Field key → the cases column it is kept in: the facts an import may correct.
FACT_COLUMNS = {
    "channel": "channel", "form": "form", "complainant": "complainant", "phone": "phone",
    "id_number": "id_number", "unit": "unit", "window": "window_name", "staff": "staff",
    "category": "category", "content": "content", "demand": "demand", "evidence": "evidence",
    "major": "major", "external_id": "external_id",
}  # fmt: skip
# The stages' traces on the case row, compared but never rewritten.
STAGE_COLUMNS = {
    "status": "status", "accepted_at": "accepted_at", "replied_at": "replied_at",
    "archived_at": "archived_at", "mode": "mode", "handler_unit": "handler_unit",
    "handler": "handler", "finding": "finding", "measures": "measures", "result": "result",
    "notify_method": "notify_method", "satisfaction": "satisfaction", "resolved": "resolved",
    "reject_reason": "reject_reason", "withdraw_reason": "withdraw_reason",
}  # fmt: skip
# When the complaint came in starts its clocks: compared, and never rewritten.
FIXED_COLUMNS = {"received_at": "received_at"}
COMPARED = FACT_COLUMNS | STAGE_COLUMNS | FIXED_COLUMNS
# Identifiers a spreadsheet program reads as numbers when a clerk opens and
# saves the file: 0012345 comes back as 12345, staff 007 as 7.
NUMBER_LIKE = frozenset({"external_id", "staff", "window", "phone", "id_number"})
SPREADSHEET_DAMAGE = "疑似被表格软件改动:开头的 0 丢失"


@dataclass(frozen=True, slots=True)
class Change:
    key: str
    column: str
    kept: Any
    new: Any

    def shown(self) -> tuple[str, Any, Any]:
        """(column, kept, in the file) as stored, personal data masked: for scripts."""
        if self.key in PERSONAL:
            return self.column, mask(self.kept), mask(self.new)
        return self.column, masked_text(self.kept), masked_text(self.new)  # numbers in texts

    @property
    def spreadsheet_damage(self) -> bool:
        """The stored identifier with its leading zeros lost: not a correction."""
        kept, new = self.kept, self.new
        return (
            self.key in NUMBER_LIKE
            and isinstance(kept, str)
            and isinstance(new, str)
            and kept != new
            and kept.startswith("0")
            and kept.lstrip("0") == new
        )

    def text(self) -> str:
        """The change as the clerk reads it: labels, not keys; times without the zone."""
        column, kept, new = self.shown()
        said = f"{column}:{_readable(self.key, kept)} → {_readable(self.key, new)}"
        return f"{said}({SPREADSHEET_DAMAGE})" if self.spreadsheet_damage else said


def _readable(key: str, value: Any) -> str:
    """Enum keys by their labels, stored times without the zone (as the field says)."""
    field = BY_KEY.get(key)
    if isinstance(value, str) and field is not None:
        if field.enum is not None:
            return field.enum(value).label
        if field.kind == "time":
            return readable(value)
    return shown_value(value)


def differences(incoming: Incoming, stored: Any, layout: Layout) -> list[Change]:
    values = dict(incoming.values) | {"status": incoming.status}
    found: list[Change] = []
    for key, column in COMPARED.items():
        if key not in values or (key != "status" and not layout.has(key)):
            continue
        new = _stored_form(values[key])
        kept = stored[column]
        if isinstance(values[key], Moment) and not values[key].has_time and kept:
            # A date alone was read as "some time that day": only the day can differ.
            new, kept = new[:10], kept[:10]
        if key in {"evidence", "measures"}:
            kept = json.loads(kept or "[]")
        elif key in {"major", "resolved"} and kept is not None:
            kept = bool(kept)
        if key == "status" and "history" not in values and not layout.has("status"):
            continue  # a work order says how far it got only through its other columns
        if new != kept:
            found.append(
                Change(
                    key,
                    layout.header_of(key) if key != "status" else BY_KEY["status"].label,
                    kept,
                    new,
                )
            )
    return found


def _stored_form(value: Any) -> Any:
    if isinstance(value, Labelled):
        return value.value
    if isinstance(value, Moment):
        return iso(value.at)
    return value


def shown_value(value: Any) -> str:
    if value is None or value == []:
        return "(空)"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    return str(value)
