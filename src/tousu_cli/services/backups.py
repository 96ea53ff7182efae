"""tousu backup: a copy taken while the ledger is in use, checked before it is called one."""

from __future__ import annotations

from datetime import datetime
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


def back_up(office: Office, dest: Path, now: datetime) -> Copy:
    """A verified copy of the ledger at DEST, or in DEST when it is a folder
    (named by NOW); never over an existing file."""
    if dest.is_dir():
        dest = dest / f"tousu-{now:%Y%m%d-%H%M%S}.db"
    copy = backup_to(office.conn, dest)
    check = open_read_only(copy)
    try:
        verdict = verify(check)
    finally:
        check.close()
    if not verdict.ok:
        raise TousuError(f"备份 {copy} 校验未通过:{verdict.problems[0]}")
    return Copy(copy, verdict)
