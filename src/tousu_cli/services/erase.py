"""tousu erase: a closed case's personal data erased at the end of its retention
period, or earlier at the complainant's request (docs/personal-data-erasure.md).

In one write transaction, for every case named (all of them, or none): the
vaults of its events emptied (the chain covers only the seals, so it stays
whole), its row's name made 〔已删除〕, phone and ID number cleared, the numbers
in its texts erased as unsealing reads them, and a record of it chained. Then
the text indexes are merged and the file rebuilt, with freed space zeroed, so
that the values are nowhere in its bytes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tousu_cli.chinatime import iso
from tousu_cli.domain import validation
from tousu_cli.domain.actions import Erased, Event
from tousu_cli.domain.errors import InvalidMove
from tousu_cli.domain.masking import ERASED, FREE_TEXT
from tousu_cli.domain.model import Status
from tousu_cli.domain.retention import check_erasable, closed_on, erased_text, erased_texts
from tousu_cli.services.office import Office
from tousu_cli.storage import cases_store, erasure
from tousu_cli.storage.events import append_events, sealed_text
from tousu_cli.storage.jsontext import from_json
from tousu_cli.storage.transaction import write_transaction

# The case row's texts a number may be written in (masking.FREE_TEXT).
_LISTS = frozenset({"evidence", "measures"})  # JSON lists of texts in the row
_TEXTS = FREE_TEXT - _LISTS


@dataclass
class Erasure:
    """What `erase` did (or, on a dry run, would do)."""

    reason: str
    early: bool
    dry_run: bool
    cases: list[dict[str, Any]] = field(default_factory=list)  # number, values
    compacted: bool = False  # the file rebuilt and its log emptied

    def as_json(self) -> dict[str, Any]:
        return {"reason": self.reason, "early": self.early, "dry_run": self.dry_run,
                "cases": self.cases, "compacted": self.compacted}  # fmt: skip


def erase(
    office: Office, numbers: list[str], reason: str, *, early: bool = False, dry_run: bool = False
) -> Erasure:
    """Erase the personal data of the cases NUMBERS, each closed and past its
    retention period (or EARLY, the complainant having asked); all or none."""
    why = _reason(reason)
    done = Erasure(why, early, dry_run)
    if not numbers:  # the nightly job, with nothing due
        return done
    conn = office.conn
    erasure.overwrite_freed_space(conn)
    _, policy = office.policy
    with write_transaction(conn):
        rows = _cases(office, numbers)
        for row in rows:
            status = Status(row["status"])
            closed = closed_on(status, row["voided_at"], row["archived_at"], row["last_at"])
            check_erasable(row["number"], status, closed, policy, office.today, early=early)
            _check_all_sealed(office, row)
            values = erasure.vault_values(conn, row["id"])
            done.cases.append({"number": row["number"], "values": values})
        if dry_run:
            return done
        for row, erased in zip(rows, done.cases, strict=True):
            erasure.empty_vaults(conn, row["id"])
            cases_store.update_case(
                conn, row["id"], _erased_row(row) | {"erased_at": iso(office.now)}
            )
            record = Erased(why, early, erased["values"])
            append_events(conn, row["id"], office.actor, office.now, [Event(office.now, record)])
        erasure.merge_text_indexes(conn)
    done.compacted = erasure.compact(conn)
    return done


def _reason(typed: str) -> str:
    return validation.text(typed, "删除理由", required=True, size="long") or ""


def _cases(office: Office, numbers: list[str]) -> list[Any]:
    """The rows of the cases named, each once, in the order given; refused if
    one has had its data erased already."""
    rows: dict[str, Any] = {}
    for typed in numbers:
        row = cases_store.find_case(office.conn, office.case_number(typed))
        if row["erased_at"] is not None:
            raise InvalidMove(f"投诉件 {row['number']} 的个人信息已于 {row['erased_at'][:10]} 删除")
        rows.setdefault(row["number"], row)
    return list(rows.values())


def _check_all_sealed(office: Office, row: Any) -> None:
    """Refuse a case whose events hold a personal value in their chained data
    (a ledger whose chain did not check out when the upgrade to version 10
    would have sealed them): erasing it would break the chain."""
    for event_id, data in erasure.unvaulted_events(office.conn, row["id"]):
        if sealed_text(data)[1] is not None:
            raise InvalidMove(
                f"投诉件 {row['number']} 的处置记录 #{event_id} 中的个人信息未封存"
                "(升级时哈希链校验未通过),删除会破坏哈希链;请先运行 tousu verify 查明"
            )


def _erased_row(row: Any) -> dict[str, Any]:
    """The case's columns with its personal data gone, as its events now read."""
    erased: dict[str, Any] = {
        "complainant": None if row["complainant"] is None else ERASED,
        "phone": None,
        "id_number": None,
    }
    erased |= {column: erased_text(row[column]) for column in _TEXTS}
    erased |= {
        column: None if row[column] is None else erased_texts(from_json(row[column]))
        for column in _LISTS
    }
    return erased


def compact(office: Office) -> bool:
    """Only the file rebuilt: after an erasure that could not empty the log
    while another connection read."""
    erasure.overwrite_freed_space(office.conn)
    return erasure.compact(office.conn)
