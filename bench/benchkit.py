"""What every bench script shares: the program under test, and how to judge a figure."""

import argparse
import os
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from time import perf_counter

# Start-up is measured as an installed program runs: with its bytecode cached.
# (An environment that sets this would recompile every module on every run.)
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def tousu_script() -> Path:
    tousu = Path(sys.executable).parent / "tousu"
    if not tousu.exists():
        raise SystemExit(f"no tousu script next to {sys.executable}; install the project there")
    return tousu


# Runs one command as its only child, so RUSAGE_CHILDREN is that command's own peak
# (the maximum over all children so far): prints that peak, then what the command printed.
PEAK_HELPER = """\
import resource, subprocess, sys
out = subprocess.run(sys.argv[1:], check=True, stdout=subprocess.PIPE).stdout
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, flush=True)
sys.stdout.buffer.write(out)
"""


def run(cmd: Sequence[str], *, capture: bool = False) -> str:
    """Run CMD; stop on failure. Returns its stdout if CAPTURE, else it is discarded."""
    # Decoded as UTF-8 whatever the locale: the CLI prints Chinese.
    proc = subprocess.run(
        cmd,
        stdout=subprocess.PIPE if capture else subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        encoding="utf-8",
        errors="replace",
        check=False,
    )
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stderr}")
    return proc.stdout or ""


def timed(cmd: Sequence[str]) -> float:
    t0 = perf_counter()
    run(cmd)
    return perf_counter() - t0


def children_cpu() -> float:
    """CPU seconds (user + system) used by every child that has ended so far: the
    difference across one `run` is that command's own, all its threads counted."""
    import resource  # Unix only, like PEAK_HELPER

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def rss_mb(ru_maxrss: int) -> float:
    """ru_maxrss in MB (Linux: KiB, macOS: bytes)."""
    return ru_maxrss / (1024 * 1024) if sys.platform == "darwin" else ru_maxrss / 1024


def run_with_peak(cmd: Sequence[str]) -> tuple[float, float, str]:
    """Run CMD as the only child of a fresh helper: (seconds, peak MB, its stdout)."""
    t0 = perf_counter()
    peak, _, output = run([sys.executable, "-c", PEAK_HELPER, *cmd], capture=True).partition("\n")
    return perf_counter() - t0, rss_mb(int(peak)), output


def large_ledger(
    description: str | None, runs: int
) -> tuple[argparse.Namespace, Callable[[Path], Path]]:
    """The options of a bench on a large ledger (--cases N, --runs K, --db FILE),
    and how to get the ledger in a scratch folder: FILE, or a demo of N cases
    built there (its time printed)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=runs)
    parser.add_argument("--db", type=Path, default=None)
    args = parser.parse_args()

    def ledger(scratch: Path) -> Path:
        if args.db is not None:
            return Path(args.db)
        db = scratch / "demo.db"
        started = perf_counter()
        run([str(tousu_script()), "demo", "--db", str(db), "--cases", str(args.cases), "--json"])
        print(f"demo of {args.cases:,} cases built in {perf_counter() - started:.0f} s")
        return db

    return args, ledger
