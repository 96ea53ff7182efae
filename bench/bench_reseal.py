"""Benchmark: the upgrade that seals the personal values of a ledger's events
(schema 10), its wall time and peak memory.

Takes a ledger from before version 10 (--db FILE, copied first: the file itself
is never changed), or builds a demo of N cases (default 100,000) and turns it
into one: its events' values put back in their data, the chain computed again
over them, version 9. Then times the first command that opens the copy, which
backs it up and upgrades it (target ≤ 60 s for 100,000 cases; peak ≤ 300 MB
at any size: the events are read and rewritten a chunk at a time), and the
same command again on the upgraded file, for comparison.

Figures only: it prints PASS/MISS but always exits 0 unless a command fails.
Run: python bench/bench_reseal.py [--cases N] [--db FILE]
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from pathlib import Path

from benchkit import large_ledger, run, run_with_peak, tousu_script, verdict
from tousu_cli.domain.sealing import unseal
from tousu_cli.storage.events import GENESIS, event_hash

TARGET_SECONDS_100K = 60.0
TARGET_PEAK_MB = 300.0


def as_before_sealing(db: Path) -> None:
    """DB as a version 9 ledger whose events were written before sealing was."""
    conn = sqlite3.connect(db, isolation_level=None)
    conn.create_function("unseal", 2, unseal, deterministic=True)
    conn.execute("BEGIN")
    conn.execute("DROP TRIGGER events_append_only_update")
    conn.execute("UPDATE events SET data = unseal(data, personal), personal = NULL")
    conn.execute("ALTER TABLE cases DROP COLUMN erased_at")  # added by version 11
    previous, after = GENESIS, 0
    while rows := conn.execute(
        "SELECT id, case_id, at, recorded_at, actor, action, data FROM events"
        " WHERE id > ? ORDER BY id LIMIT 50000",
        (after,),
    ).fetchall():
        hashes = []
        for event_id, *content in rows:
            previous = event_hash(previous, event_id, content)
            hashes.append((previous, event_id))
        conn.executemany("UPDATE events SET hash = ? WHERE id = ?", hashes)
        after = rows[-1][0]
    conn.execute(
        "CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events"
        " BEGIN SELECT RAISE(ABORT, 'events are append-only'); END"
    )
    conn.execute("PRAGMA user_version = 9")
    conn.execute("COMMIT")
    conn.close()


def main() -> None:
    args, ledger = large_ledger(__doc__.splitlines()[0] if __doc__ else None, runs=1)
    tousu = str(tousu_script())
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        db = scratch / "before.db"
        if args.db is not None:
            shutil.copyfile(args.db, db)
        else:
            shutil.move(ledger(scratch), db)
            as_before_sealing(db)
        opening = [tousu, "--db", str(db), "list", "--limit", "1", "--json"]
        seconds, peak, _ = run_with_peak(opening)
        again, _, _ = run_with_peak(opening)
        said = run([tousu, "--db", str(db), "verify"], capture=True).strip()
        with sqlite3.connect(db) as conn:
            events, cases = conn.execute(
                "SELECT (SELECT count(*) FROM events), (SELECT count(*) FROM cases)"
            ).fetchone()
            (record,) = conn.execute(
                "SELECT data FROM events WHERE action = 'reseal' ORDER BY id DESC LIMIT 1"
            ).fetchone()
        print(said)
        print(f"sealed: {record}")
        timing = f"upgrade of {cases:,} cases ({events:,} events): {seconds:.1f} s"
        if cases <= 100_000:
            timing += f" (target ≤ {TARGET_SECONDS_100K:.0f} s: "
            timing += f"{verdict(seconds <= TARGET_SECONDS_100K)})"
        print(f"{timing}; the same command after it: {again:.1f} s")
        print(f"peak memory {peak:.0f} MB (target ≤ {TARGET_PEAK_MB:.0f} MB: "
              f"{verdict(peak <= TARGET_PEAK_MB)})")  # fmt: skip


if __name__ == "__main__":
    main()
