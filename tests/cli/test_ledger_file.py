"""Which commands may make a ledger, and what the others say of a file that is none."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Invoke

ORDERS = Path(__file__).parents[1] / "data" / "import" / "orders-12345-gb18030.csv"
REGISTER = (
    "register", "--received", "2026-11-30 09:00", "--channel", "phone", "--anonymous",
    "--unit", "税务窗口", "--category", "服务态度", "--content", "态度差",
)  # fmt: skip
READERS = [
    ("report", "overdue", "--quiet"),
    ("verify",),
    ("list",),
    ("show", "2026-0001"),
    ("report", "stats", "--year", "2026"),
    ("backup", "copy.db"),
]
WRITERS = [
    ("accept", "2026-0001"),
    ("policy", "set", "reply_days", "7"),
    ("calendar", "set", "2027-03-01", "holiday"),
    ("category", "add", "收费"),
]


@pytest.mark.parametrize("args", READERS + WRITERS + [REGISTER, ("import", str(ORDERS))])
def test_an_empty_file_is_refused_by_every_command_but_init(
    tousu: Invoke, tmp_path: Path, args: tuple[str, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A truncated ledger: the nightly reminder must not fall silent on it."""
    monkeypatch.chdir(tmp_path)
    empty = tmp_path / "z.db"
    empty.write_bytes(b"")
    refused = tousu("--db", str(empty), *args)
    assert refused.exit_code == 1, refused.stdout
    assert (
        refused.stderr.count("\n") == 1 and "z.db" in refused.stderr and "空文件" in refused.stderr
    )
    assert empty.stat().st_size == 0 and sorted(p.name for p in tmp_path.iterdir()) == ["z.db"]


def test_init_makes_an_empty_file_a_ledger(tousu: Invoke, tmp_path: Path) -> None:
    empty = tmp_path / "z.db"
    empty.write_bytes(b"")
    made = tousu("--db", str(empty), "init")
    assert made.exit_code == 0 and "已创建" in made.stdout
    assert tousu("--db", str(empty), "verify").exit_code == 0


@pytest.mark.parametrize("args", READERS + WRITERS)
def test_a_missing_ledger_is_refused_and_not_made(
    tousu: Invoke, tmp_path: Path, args: tuple[str, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    typo = tmp_path / "typo.db"
    refused = tousu("--db", str(typo), *args)
    assert refused.exit_code == 1 and "typo.db" in refused.stderr and "不存在" in refused.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_file_that_is_not_a_database_is_named(tousu: Invoke, tmp_path: Path) -> None:
    foreign = tmp_path / "notes.db"
    foreign.write_text("这不是数据库" * 200, "utf-8")
    before = foreign.read_bytes()
    for args in (READERS[0], REGISTER):
        refused = tousu("--db", str(foreign), *args)
        assert refused.exit_code == 1 and refused.stderr.count("\n") == 1
        assert "不是" in refused.stderr and "Traceback" not in refused.stderr
    assert foreign.read_bytes() == before


def test_register_makes_a_new_ledger_and_a_refused_import_leaves_none(
    tousu: Invoke, tmp_path: Path
) -> None:
    new = tmp_path / "new.db"
    refused = tousu("--db", str(new), "import", str(ORDERS))  # rows with errors: nothing kept
    assert refused.exit_code == 1 and not list(tmp_path.glob("new.db*"))
    refused = tousu("--db", str(new), *REGISTER[:-1], "")  # no content
    assert refused.exit_code != 0 and not list(tmp_path.glob("new.db*"))
    assert tousu("--db", str(new), *REGISTER).exit_code == 0
    assert tousu("--db", str(new), "verify").exit_code == 0


def test_the_demo_obeys_the_ledger_option_and_never_replaces_a_ledger(
    tousu: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    made = tousu("--db", "bench.db", "demo", "--cases", "5")
    assert made.exit_code == 0 and "bench.db" in made.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bench.db"]  # no ./tousu-demo.db
    assert tousu("--db", "real.db", *REGISTER).exit_code == 0
    refused = tousu("--db", "real.db", "demo", "--cases", "5")
    assert refused.exit_code == 1 and "不是演示数据库" in refused.stderr
    two = tousu("--db", "a.db", "demo", "--db", "b.db", "--cases", "5")
    assert two.exit_code == 2 and "两个不同的数据库文件" in two.stderr


@pytest.fixture
def damaged(tousu: Invoke, tmp_path: Path) -> Path:
    """A ledger with 600 random bytes written into its middle (a bad disk block)."""
    import random
    import sqlite3

    db = tmp_path / "damaged.db"
    for n in range(40):
        args = list(REGISTER)
        args[args.index("态度差")] = f"态度差,第 {n} 次" * 20
        assert tousu("--db", str(db), *args).exit_code == 0
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # every page in the file itself
    size = db.stat().st_size
    noise = random.Random(600).randbytes(600)
    with db.open("r+b") as file:
        file.seek(size // 2)
        file.write(noise)
    return db


@pytest.mark.parametrize(
    "args",
    [
        REGISTER,
        ("import", str(ORDERS), "--skip-bad"),
        ("policy", "set", "reply_days", "7"),
        ("report", "overdue"),
        ("report", "stats", "--year", "2026"),
        ("export", "out.csv"),
        ("backup", "copy.db"),
    ],
)
def test_a_damaged_ledger_is_not_written_into_and_says_so(
    tousu: Invoke, damaged: Path, args: tuple[str, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(damaged.parent)
    before = damaged.read_bytes()
    refused = tousu("--db", str(damaged), *args)
    assert refused.exit_code == 1, refused.stdout
    assert refused.stderr.count("\n") == 1 and "数据库文件已损坏" in refused.stderr
    assert "备份" in refused.stderr
    assert damaged.read_bytes() == before
    assert sorted(p.name for p in damaged.parent.iterdir()) == ["damaged.db"]
