"""The reject file: bad rows as they were, plus why, to fix and import again."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tousu_cli.destination import PendingFile, check_destination
from tousu_cli.spreadsheet_text import csv_safe

REASON_HEADER = "错误原因"


class RejectFile:
    """Written only when asked for (--skip-bad), under a temporary name until whole
    (storage.destination): never over an existing file without OVERWRITE, never
    over the ledger."""

    def __init__(
        self,
        path: Path,
        headers: list[str],
        *,
        write: bool,
        overwrite: bool = False,
        protected: Sequence[Path] = (),
    ) -> None:
        if write:
            check_destination(path, overwrite=overwrite, protected=protected, what="退回文件")
        self.path = path
        self.overwrite = overwrite
        self.protected = protected
        self.pending: PendingFile | None = None
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
            # The rows carry complainants' phones and ID numbers: for the clerk only
            # (a pending file is made with O_EXCL, 0600).
            self.pending = PendingFile(
                self.path, overwrite=self.overwrite, protected=self.protected
            )
            self._out = self.pending.partial.open("w", encoding="utf-8-sig", newline="")
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
        assert self.pending is not None
        if keep:
            self.kept = str(self.pending.publish())
        else:
            self.pending.discard()

    def discard(self) -> None:
        """The import it belongs to was undone: no reject file, kept or not."""
        if self._out is not None:
            self._out.close()
            self._out = None
        if self.pending is not None:
            self.pending.discard()
        if self.kept is not None:
            self.path.unlink(missing_ok=True)
            self.kept = None
