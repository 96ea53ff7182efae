"""A complainant's phone and ID number, kept off the command line.

Typed as an option's value, a number is in `ps` (/proc/PID/cmdline) for any
local user while the command waits for the lock, and in the shell's history,
even for a refused command. `--phone -` and `--id-number -` read it instead
from standard input (one line each, the phone first), or, at a terminal, ask
for it at a prompt, which no history keeps.
"""

from __future__ import annotations

import sys

import typer

from tousu_cli.domain.errors import InvalidInput

FROM_INPUT = "-"
HELP_TAIL = (
    ";写 - 则从标准输入读入(终端上会提示输入),号码不出现在命令行和 shell 历史中"
    "(直接写在命令行上,本机其他用户可在进程列表中看到)"
)
_LABELS = {"phone": "联系电话", "id_number": "身份证号码"}


def numbers_kept_off_the_line(phone: str | None, id_number: str | None) -> dict[str, str | None]:
    """PHONE and ID_NUMBER as given, each "-" read from standard input or a prompt."""
    given = {"phone": phone, "id_number": id_number}
    for name, value in given.items():
        if value == FROM_INPUT:
            given[name] = _read(_LABELS[name])
    return given


def _read(label: str) -> str | None:
    if sys.stdin.isatty():
        typed: str = typer.prompt(label, default="", show_default=False)
        return typed.strip() or None
    line = sys.stdin.readline()
    if not line:
        raise InvalidInput(f"{label}写了 -,但标准输入中没有这一行(电话在前,身份证号在后)")
    return line.strip() or None
