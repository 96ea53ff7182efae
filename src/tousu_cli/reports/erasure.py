"""Whose personal data has been kept long enough: the closed cases past the
retention period (policy.retention_days, 个人信息保护法 第十九条), not erased
yet (tousu erase).

A case is closed as domain/retention.py says (archived, withdrawn or voided).
Its period runs from that day, under the policy in force today: a shorter
period set now applies to every case already closed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from tousu_cli.chinatime import CHINA_TZ, iso, readable
from tousu_cli.domain.model import Status
from tousu_cli.domain.retention import CLOSED
from tousu_cli.services.office import Office
from tousu_cli.storage.backup import database_path
from tousu_cli.storage.transaction import ensure_sound

# The day each closed case was closed, China time as stored: voided, archived,
# or, for a withdrawal, its last stage.
_CLOSED = (
    "SELECT c.number, c.status, c.voided_at IS NOT NULL AS voided, u.name AS unit,"
    " substr(coalesce(c.voided_at, c.archived_at, c.last_at), 1, 10) AS closed_on"
    " FROM cases c JOIN units u ON u.id = c.unit_id"
    " WHERE (c.voided_at IS NOT NULL OR c.status IN ("
    + ", ".join(f"'{status.value}'" for status in sorted(CLOSED))
    + "))"
    " AND substr(coalesce(c.voided_at, c.archived_at, c.last_at), 1, 10) < ?"
    " AND (c.complainant IS NOT NULL OR c.phone IS NOT NULL OR c.id_number IS NOT NULL)"
    " AND c.erased_at IS NULL"
    " ORDER BY closed_on, c.number"
)


@dataclass
class ErasureReport:
    as_of: date
    retention_days: int
    due: list[dict[str, Any]] = field(default_factory=list)
    # Upgrade copies beside the ledger made before its last erasure: they still
    # hold what was erased (file name, when it was made).
    stale_copies: list[dict[str, str]] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {"as_of": self.as_of.isoformat(), "retention_days": self.retention_days,
                "due": self.due, "stale_copies": self.stale_copies}  # fmt: skip


def erasure_report(office: Office) -> ErasureReport:
    """The closed cases whose personal data is past its retention period today,
    the longest closed first. An anonymous case without numbers has none."""
    ensure_sound(office.conn)
    _, policy = office.policy
    today = office.today
    report = ErasureReport(today, policy.retention_days)
    closed_before = today - timedelta(days=policy.retention_days)
    for row in office.conn.execute(_CLOSED, (closed_before.isoformat(),)):
        closed_on = date.fromisoformat(row["closed_on"])
        how = "作废" if row["voided"] else Status(row["status"]).label
        report.due.append({
            "number": row["number"], "closed": how, "closed_on": closed_on.isoformat(),
            "kept_until": policy.keep_until(closed_on).isoformat(), "unit": row["unit"],
        })  # fmt: skip
    report.stale_copies = _copies_before_erasure(office)
    return report


def _copies_before_erasure(office: Office) -> list[dict[str, str]]:
    """The copies an upgrade made beside the ledger (0600, kept until the office
    removes them) before its last erasure: they still hold what was erased."""
    (last,) = office.conn.execute("SELECT max(erased_at) FROM cases").fetchone()
    path = database_path(office.conn)
    if last is None or path is None:
        return []
    erased = datetime.fromisoformat(last)
    copies = []
    for copy in sorted(path.parent.glob(f"{path.name}.v*.bak")):
        # To the second, as the erasure is stored: one made in the same second
        # is listed (a copy too many is looked at; one too few is forgotten).
        made = datetime.fromtimestamp(copy.stat().st_mtime, CHINA_TZ).replace(microsecond=0)
        if made <= erased:
            copies.append({"file": str(copy), "made": readable(iso(made))})
    return copies
