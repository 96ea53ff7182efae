"""Files that appear whole or not at all (storage.whole_files)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tousu_cli.domain.errors import InvalidInput
from tousu_cli.storage.whole_files import made_whole


def test_a_kept_file_appears_whole_and_private(tmp_path: Path) -> None:
    dest = tmp_path / "ledger.db"
    with made_whole(dest, "exists") as partial:
        partial.path.write_text("whole")
        assert not dest.exists()  # nobody sees it before it is done
        partial.kept = True
    assert dest.read_text() == "whole"
    assert dest.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["ledger.db"]


def test_a_file_not_kept_leaves_nothing(tmp_path: Path) -> None:
    with made_whole(tmp_path / "ledger.db", "exists") as partial:
        partial.path.write_text("refused")
        Path(f"{partial.path}-wal").write_text("what SQLite left beside it")
    assert list(tmp_path.iterdir()) == []


def test_a_failure_midway_leaves_nothing(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError), made_whole(tmp_path / "ledger.db", "exists") as partial:
        partial.path.write_text("half")
        partial.kept = True
        raise RuntimeError
    assert list(tmp_path.iterdir()) == []


def test_a_file_made_meanwhile_is_never_replaced(tmp_path: Path) -> None:
    dest = tmp_path / "ledger.db"
    with (
        pytest.raises(InvalidInput, match="made by another"),
        made_whole(dest, "made by another") as partial,
    ):
        partial.path.write_text("mine")
        dest.write_text("theirs")  # another command got there first
        partial.kept = True
    assert dest.read_text() == "theirs"
    assert [p.name for p in tmp_path.iterdir()] == ["ledger.db"]
