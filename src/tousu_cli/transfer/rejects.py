"""The reject file: bad rows as they were, plus why, to fix and import again."""

from __future__ import annotations

import csv
import os
from pathlib import Path
from typing import Any

from tousu_cli.domain.errors import InvalidInput
from tousu_cli.spreadsheet_text import csv_safe

REASON_HEADER = "错误原因"


class RejectFile:
    """Written only when asked for (--skip-bad), under a temporary name until whole."""

    def __init__(self, path: Path, headers: list[str], *, write: bool) -> None:
        if write and path.is_dir():
            raise InvalidInput(f"退回文件的位置是一个目录:{path}(--reject-file 须是文件名)")
        self.path = path
        self.partial = path.with_name(path.name + ".partial")
        self.headers = headers
        self.reason_column = headers.index(REASON_HEADER) if REASON_HEADER in headers else None
        self.write = write
        self.kept: str | None = None
        self._out: Any = None
        self._writer: Any = None

    def add(self, cells: list[str], reason: str) -> None:
        if not self.write:
            return
        if self._out is None:
            # The rows carry complainants' phones and ID numbers: for the clerk only.
            descriptor = os.open(self.partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            self._out = open(descriptor, "w", encoding="utf-8-sig", newline="")  # noqa: SIM115
            self._writer = csv.writer(self._out)
            extra = [] if self.reason_column is not None else [REASON_HEADER]
            self._writer.writerow([*self.headers, *extra])
        width = len(self.headers)
        padded = cells + [""] * (width - len(cells))
        if self.reason_column is not None:  # a reject file imported again
            padded[self.reason_column] = reason
        else:  # under its header; cells the file had no header for stay after it
            padded = [*padded[:width], reason, *padded[width:]]
        self._writer.writerow(map(csv_safe, padded))  # the clerk opens it in Excel

    def finish(self, keep: bool) -> None:
        if self._out is None:
            return
        self._out.close()
        self._out = None
        if keep:
            self.partial.replace(self.path)
            self.kept = str(self.path)
        else:
            self.partial.unlink(missing_ok=True)

    def discard(self) -> None:
        """The import it belongs to was undone: no reject file, kept or not."""
        if self._out is not None:
            self._out.close()
            self._out = None
        self.partial.unlink(missing_ok=True)
        if self.kept is not None:
            self.path.unlink(missing_ok=True)
            self.kept = None
