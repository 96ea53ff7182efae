"""What every bench script shares: the program under test, and how to judge a figure."""

import os
import sys
from pathlib import Path

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
