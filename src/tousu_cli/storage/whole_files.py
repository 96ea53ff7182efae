"""Files that appear whole or not at all: a backup, a new ledger an import fills.

Such a file is made under a private name beside where it goes, then linked
into place: a reader never sees it half-made, and a file another command made
there meanwhile is never replaced.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tousu_cli.domain.errors import InvalidInput

# What SQLite keeps beside a database file while it is open.
_SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")


class Taken(InvalidInput):
    """The destination was made by another command meanwhile, and was not replaced."""


@dataclass
class Partial:
    path: Path  # where to make the file
    kept: bool = False  # set when it is whole and wanted


@contextmanager
def made_whole(dest: Path, exists: str) -> Iterator[Partial]:
    """A private file (0600, a name of its own) beside DEST to make; put at DEST when
    the block ends if it was kept, else removed. EXISTS: why DEST, made meanwhile, was
    not replaced."""
    handle, name = tempfile.mkstemp(dir=dest.parent, prefix=f".{dest.name}.", suffix=".partial")
    os.close(handle)
    partial = Partial(Path(name))
    try:
        yield partial
        if partial.kept:
            _move_without_replacing(partial.path, dest, exists)
    finally:
        for suffix in ("", *_SQLITE_COMPANIONS):
            Path(f"{partial.path}{suffix}").unlink(missing_ok=True)


def _move_without_replacing(partial: Path, dest: Path, exists: str) -> None:
    """A link fails where a rename would replace a file made at DEST meanwhile."""
    try:
        os.link(partial, dest)
    except FileExistsError:
        raise Taken(exists) from None
    except OSError:  # a file system without hard links (a FAT USB stick, say)
        if dest.exists():
            raise Taken(exists) from None
        partial.replace(dest)
