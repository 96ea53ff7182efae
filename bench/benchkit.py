"""What every bench script shares: the program under test, and how to judge a figure."""

import os
import subprocess
import sys
from collections.abc import Sequence
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
