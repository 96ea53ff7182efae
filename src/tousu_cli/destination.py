"""Files written for the clerk: exports, workbooks, reject files, backups.

Each is written beside its destination under a name of its own (made with
O_EXCL, readable by its owner only, the process id in its name), and put in
place only when whole: never over the open ledger or its -wal/-shm/-journal,
whatever the clerk says, and never over any other file unless the clerk said
--overwrite. A file half written is removed on every way out (an error, Ctrl-C,
SIGTERM or SIGHUP, which the command line turns into an exception); one that a
killed process left is removed by the next write to the same place.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tousu_cli.domain.errors import InvalidInput

_LEDGER_SUFFIXES = ("", "-wal", "-shm", "-journal")


def ledger_files(ledger: Path | None) -> tuple[Path, ...]:
    """The ledger's files (it, and SQLite's beside it), which nothing written replaces."""
    if ledger is None:
        return ()
    return tuple(ledger.with_name(ledger.name + suffix) for suffix in _LEDGER_SUFFIXES)


def check_destination(
    path: Path, *, overwrite: bool, protected: Iterable[Path] = (), what: str = "文件"
) -> None:
    """Refused before any work: a folder that does not exist, the ledger itself,
    a folder where a file should be, or an existing file without OVERWRITE."""
    if not path.parent.is_dir():
        raise InvalidInput(f"目录不存在:{path.parent}")
    if _is_protected(path, protected):
        raise InvalidInput(f"{path} 是正在使用的数据库文件,不能写入{what}")
    if path.is_dir():
        raise InvalidInput(f"{path} 是一个目录,{what}须是文件名")
    if path.exists() and not overwrite:
        raise InvalidInput(f"{path} 已存在;确认要替换它时加 --overwrite")


def _is_protected(path: Path, protected: Iterable[Path]) -> bool:
    target = path.resolve()
    for file in protected:
        try:
            if target == file.resolve() or (path.exists() and path.samefile(file)):
                return True
        except OSError:
            continue
    return False


class PendingFile:
    """A file being written at `partial`, put in place by `publish`, or removed."""

    def __init__(self, path: Path, *, overwrite: bool, protected: Iterable[Path] = ()) -> None:
        self.path = path
        self.overwrite = overwrite
        self.protected = list(protected)
        check_destination(path, overwrite=overwrite, protected=self.protected)
        remove_stale(path)
        handle, name = tempfile.mkstemp(
            dir=path.parent, prefix=f".{path.name}.{os.getpid()}.", suffix=".partial"
        )
        os.close(handle)
        self.partial = Path(name)

    def publish(self, mode: int | None = None) -> Path:
        """The whole file put at its name; MODE: its permissions (0600 unless said)."""
        if mode is not None:
            os.chmod(self.partial, mode)
        # Checked again: the ledger, or a file made meanwhile, is never replaced.
        check_destination(self.path, overwrite=self.overwrite, protected=self.protected)
        if self.overwrite:
            self.partial.replace(self.path)
            return self.path
        try:
            os.link(self.partial, self.path)  # fails, where a rename would replace
        except FileExistsError:
            raise InvalidInput(f"{self.path} 已存在;确认要替换它时加 --overwrite") from None
        except OSError:  # a file system without hard links (a FAT USB stick, say)
            if self.path.exists():
                raise InvalidInput(f"{self.path} 已存在;确认要替换它时加 --overwrite") from None
            self.partial.replace(self.path)
            return self.path
        self.partial.unlink()
        return self.path

    def discard(self) -> None:
        self.partial.unlink(missing_ok=True)


@contextmanager
def pending_file(
    path: Path, *, overwrite: bool, protected: Iterable[Path] = (), mode: int | None = None
) -> Iterator[Path]:
    """Write to the path it yields; at the end of the block the file is put at
    PATH, or, on any error, removed."""
    pending = PendingFile(path, overwrite=overwrite, protected=protected)
    try:
        yield pending.partial
        pending.publish(mode)
    finally:
        pending.discard()


PRIVATE = 0o600  # what every written file is, unless the clerk says otherwise


def file_mode(text: str) -> int:
    """A file's permissions as written in octal (600, 0640, 644): the owner reads
    and writes it; no one runs it."""
    digits = text.strip().removeprefix("0o")
    try:
        mode = int(digits, 8)
    except ValueError:
        mode = -1
    if not (0 <= mode <= 0o666 and mode & 0o600 == 0o600 and not mode & 0o111):
        raise InvalidInput(f"文件权限应为 600、640 或 644 这样的八进制数,收到 {text!r}")
    return mode


_SCRATCH = ".tousu-tmp."


@contextmanager
def scratch_beside(path: Path) -> Iterator[Path]:
    """A folder of the tool's own beside PATH (0700), where a library puts its
    temporary files while PATH is written (openpyxl streams a sheet, with the
    complainants' numbers in it, to one): not $TMPDIR, where nothing cleans up
    after a killed process. Removed on every way out; one a killed process left
    is removed by the next run writing there."""
    _remove_stale_scratch(path.parent)
    folder = Path(tempfile.mkdtemp(prefix=f"{_SCRATCH}{os.getpid()}.", dir=path.parent))
    before = tempfile.tempdir
    tempfile.tempdir = str(folder)
    try:
        yield folder
    finally:
        tempfile.tempdir = before
        shutil.rmtree(folder, ignore_errors=True)


def _remove_stale_scratch(folder: Path) -> None:
    stale = re.compile(re.escape(_SCRATCH) + r"(\d+)\.\w+")
    try:
        found = [(p, stale.fullmatch(p.name)) for p in folder.iterdir()]
    except OSError:
        return
    for candidate, match in found:
        if match is not None and candidate.is_dir() and not _alive(int(match.group(1))):
            shutil.rmtree(candidate, ignore_errors=True)


def remove_stale(path: Path) -> None:
    """Partial files for PATH whose writer is gone (killed before it could clean up)."""
    stale = re.compile(re.escape(f".{path.name}.") + r"(\d+)\.\w+\.partial")
    try:
        candidates = [(p, stale.fullmatch(p.name)) for p in path.parent.iterdir()]
    except OSError:
        return
    for candidate, found in candidates:
        if found is not None and not _alive(int(found.group(1))):
            candidate.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # someone else's, or a system that cannot tell: leave it
        return True
    return True


@dataclass(frozen=True, slots=True)
class Target:
    """A file the clerk asked for, checked before the work that fills it."""

    path: Path
    overwrite: bool = False
    protected: tuple[Path, ...] = ()
    mode: int = PRIVATE

    def __post_init__(self) -> None:
        check_destination(self.path, overwrite=self.overwrite, protected=self.protected)

    def writing(self) -> contextlib.AbstractContextManager[Path]:
        return pending_file(
            self.path, overwrite=self.overwrite, protected=self.protected, mode=self.mode
        )
