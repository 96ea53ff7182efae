"""tousu backup: a copy taken while the ledger is in use, checked before it is called one."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from tousu_cli.domain.errors import TousuError
from tousu_cli.services.office import Office
from tousu_cli.services.verify import Verdict, verify
from tousu_cli.storage.backup import backup_to
from tousu_cli.storage.connection import open_read_only


class Copy(NamedTuple):
    file: Path
    verdict: Verdict  # of the copy


def back_up(office: Office, dest: Path, *, overwrite: bool = False) -> Copy:
    """A verified copy of the ledger at DEST, or in DEST when it is a folder
    (named by the China time now); over an existing file only with OVERWRITE.
    A copy that does not verify (the ledger is damaged) is not left anywhere."""
    if dest.is_dir():
        dest = dest / f"tousu-{office.now:%Y%m%d-%H%M%S}.db"
    verdicts: list[Verdict] = []

    def sound(partial: Path) -> None:
        check = open_read_only(partial)
        try:
            verdict = verify(check)
        finally:
            check.close()
        if not verdict.ok:
            raise TousuError(f"数据库已损坏,未做备份:{verdict.problems[0]}(请从以前的备份恢复)")
        verdicts.append(verdict)

    copy = backup_to(office.conn, dest, overwrite=overwrite, check=sound)
    return Copy(copy, verdicts[0])
