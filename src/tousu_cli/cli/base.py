"""Typer, in Chinese, with every refusal turned into one line and an exit status.

Commands raise TousuError (or let click raise a usage error); the root group
prints one Chinese line on stderr and exits 1 (refused) or 2 (usage), so no
command needs its own try/except and no clerk ever sees a traceback.

This is the one module that touches typer's internals, because no public way
serves: typer bundles its own click as `typer._click`, whose exceptions are the
usage errors to retell in Chinese; and the English words of the help panels are
module globals of `typer.rich_utils`, with no setting to change them.
"""

from __future__ import annotations

import errno
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup

from tousu_cli.domain.errors import TousuError

HELP_OPTION_NAMES = ["-h", "--help"]


def _localise_help() -> None:
    """Typer's help panels say "Options", "Arguments"…: say it in Chinese."""
    from typer import rich_utils

    rich_utils.ARGUMENTS_PANEL_TITLE = "参数"
    rich_utils.OPTIONS_PANEL_TITLE = "选项"
    rich_utils.COMMANDS_PANEL_TITLE = "命令"
    rich_utils.REQUIRED_LONG_STRING = "[必填]"
    rich_utils.DEFAULT_STRING = "[默认:{}]"
    rich_utils.ENVVAR_STRING = "[环境变量:{}]"
    rich_utils.DEPRECATED_STRING = "(已弃用)"


# What each option's value looks like, shown after it in --help and usage lines.
_VALUE_HINTS = {
    "--from": "2026-12-05",
    "--to": "2026-12-05",
    "--as-of": "2026-12-05",
    "--at": "'2026-12-05 09:00'",
    "--received": "'2026-12-05 09:00'",
    "--month": "2026-11",
    "--quarter": "2026-Q4",
    "--year": "2026",
}


def _value_hint(param: Any) -> str:
    """A Chinese or example hint for an option's value, where click would say <str>."""
    for spelling in param.opts:
        if spelling in _VALUE_HINTS:
            return _VALUE_HINTS[spelling]
    name = getattr(param.type, "name", "")
    if name == "N" or name in {"integer", "int"}:
        return "N"
    if name in {"path", "file"}:
        return "文件"
    return "文字"


# An argument's example, in the type column of --help (typer would say <str>).
_ARGUMENT_HINTS = {"编号": "2026-0001", "日期": "2026-12-05", "年份": "2026"}


def _hinted(kind: Any, hint: str) -> Any:
    """KIND, named in --help by HINT: an example, or nothing."""
    from typer._click import types

    class Hinted(types.ParamType):
        name = kind.name

        def get_metavar(self, param: Any, ctx: Any) -> str:
            return hint

        def convert(self, value: Any, param: Any, ctx: Any) -> Any:
            return kind.convert(value, param, ctx)

        def shell_complete(self, ctx: Any, param: Any, incomplete: str) -> Any:
            return kind.shell_complete(ctx, param, incomplete)

    return Hinted()


class _ChineseHelp:
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["options_metavar"] = "[选项]"
        super().__init__(*args, **kwargs)

    def get_params(self, ctx: Any) -> list[Any]:
        params: list[Any] = super().get_params(ctx)  # type: ignore[misc]
        for param in params:
            if param.param_type_name == "option" and not param.is_flag and param.metavar is None:
                param.metavar = _value_hint(param)
            elif param.param_type_name == "argument" and not hasattr(param, "_hinted"):
                param.type = _hinted(param.type, _ARGUMENT_HINTS.get(param.metavar, ""))
                param._hinted = True
        return params

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = "显示本帮助并退出"
        return option

    def get_usage(self, ctx: Any) -> str:
        usage: str = super().get_usage(ctx)  # type: ignore[misc]
        return usage.replace("Usage:", "用法:", 1)

    def format_help(self, ctx: Any, formatter: Any) -> None:
        from tousu_cli.cli import linebreak

        _localise_help()
        linebreak.install()
        for param in self.get_params(ctx):
            if param.help:  # visit 来访 on one line
                param.help = linebreak.glue_pairs(param.help)
        super().format_help(ctx, formatter)  # type: ignore[misc]


class TousuCommand(_ChineseHelp, TyperCommand):
    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        from typer._click import exceptions as click_errors

        _refuse_repeated_options(self, ctx, args)
        try:
            return super().parse_args(ctx, args)
        except click_errors.UsageError as error:
            error.ctx = error.ctx or ctx  # the parser leaves it out: the hint names this command
            raise


def _refuse_repeated_options(
    command: Any, ctx: Any, args: Sequence[str], *, own_only: bool = False
) -> None:
    """An option given twice is a usage error. Click would keep the last one
    silently: `--satisfaction 满意 --satisfaction 不满意` would decide whether a
    review may follow on the clerk's second thought, or typo. OWN_ONLY: a group's
    options end where its command's name begins."""
    from typer._click import exceptions as click_errors

    options: dict[str, Any] = {}  # every spelling → its option
    for param in command.get_params(ctx):
        if param.param_type_name == "option" and not getattr(param, "multiple", False):
            for spelling in (*param.opts, *param.secondary_opts):
                options[spelling] = param
    seen: set[str] = set()
    tokens = iter(args)
    for token in tokens:
        if token == "--":
            return
        spelling, has_value = token.split("=", 1)[0], "=" in token
        if own_only and not token.startswith("-"):
            return
        param = options.get(spelling) if token.startswith("-") else None
        if param is None:
            continue
        name = param.opts[0]
        if name in seen:
            raise click_errors.UsageError(f"选项 {name} 只能给一次", ctx=ctx)
        seen.add(name)
        if not param.is_flag and not has_value:
            next(tokens, None)  # its value, whatever it looks like


_COMPLETION_HELP = {
    "install_completion": "为当前 shell 安装命令补全(bash、zsh、fish)",
    "show_completion": "显示当前 shell 的补全脚本,可复制或自行安装",
}


class TousuGroup(_ChineseHelp, TyperGroup):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["subcommand_metavar"] = "命令 [参数]..."
        super().__init__(*args, **kwargs)

    def get_params(self, ctx: Any) -> list[Any]:
        params: list[Any] = super().get_params(ctx)
        for param in params:  # typer's own completion options, said in Chinese
            if param.name in _COMPLETION_HELP:
                param.help = _COMPLETION_HELP[param.name]
        return params

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        _refuse_repeated_options(self, ctx, args, own_only=True)  # tousu --db a --db b …
        return super().parse_args(ctx, args)

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        _forgiving_output()
        with _stopped_cleanly(), _quiet_destructors():
            code = _interruptible(
                lambda: super(TousuGroup, self).main(args, prog_name, complete_var, False, **extra)
            )
        if standalone_mode:
            sys.exit(code)
        return code


def _forgiving_output() -> None:
    """A character the terminal's encoding lacks (䶮 or an emoji on a GBK console)
    is printed as "?": the output is not worth failing for, and a failure after
    the change was saved would read as "nothing changed" and invite a retry."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    try:
        "中文".encode(encoding)
    except (UnicodeEncodeError, LookupError):
        # Said in ASCII, the one thing such an output shows: Chinese would be "??".
        sys.stderr.write(
            f"tousu: the output encoding ({encoding}) cannot show Chinese; every Chinese"
            " character prints as '?'. Use a UTF-8 locale (LANG=zh_CN.UTF-8) or"
            " PYTHONIOENCODING=utf-8.\n"
        )


class Stopped(BaseException):
    """Ctrl-C (SIGINT), SIGTERM (a logout, a kill) or SIGHUP (the terminal closed),
    raised where the command is, so that its transaction rolls back and its
    half-written files go. (Not a KeyboardInterrupt, which typer turns into a
    silent exit status.)"""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _stop(signum: int, frame: Any) -> None:
    raise Stopped(signum)


@contextmanager
def _stopped_cleanly() -> Iterator[None]:
    """While the command runs, its stopping signals raise Stopped; after it, the
    handlers are as they were (a test runner's own, say)."""
    import signal
    import threading

    names = ("SIGINT", "SIGTERM", "SIGHUP")
    signals = [signum for name in names if (signum := getattr(signal, name, None)) is not None]
    if threading.current_thread() is not threading.main_thread():
        signals = []  # only the main thread may set handlers (an embedding program's thread)
    before = {signum: signal.signal(signum, _stop) for signum in signals}
    try:
        yield
    finally:
        for signum, handler in before.items():
            signal.signal(signum, handler)


@contextmanager
def _quiet_destructors() -> Iterator[None]:
    """After a command has failed and said so, the objects a library left open
    (a zip archive openpyxl was writing to a full disk) fail again as they are
    collected; Python would print their tracebacks after the clerk's one line."""
    before = sys.unraisablehook
    sys.unraisablehook = lambda unraisable: None
    try:
        yield
    finally:
        import gc

        gc.collect()  # they go now, while their failures are still not shown
        sys.unraisablehook = before


INTERRUPTED = "已中断,未做任何更改"


def _say(message: str) -> None:
    """One line on stderr; a phone or ID number typed in the wrong place and
    quoted back is masked, as in every output."""
    from tousu_cli.domain.masking import mask_numbers

    print(f"错误:{mask_numbers(message)}", file=sys.stderr)


def _interruptible(invoke: Callable[[], Any]) -> int:
    """The command's exit status; stopped by Ctrl-C or a signal, 128 + its number."""
    try:
        return _run(invoke)
    except Stopped as stopped:
        _say(INTERRUPTED)
        return 128 + stopped.signum


def _run(invoke: Callable[[], Any]) -> int:
    from typer._click import exceptions as click_errors

    try:
        result = invoke()
    except TousuError as error:
        _say(error.message)
        return error.exit_code
    except click_errors.NoArgsIsHelpError:  # `tousu report`: the help was the answer
        return 2
    except click_errors.UsageError as error:
        _say(usage_message(error))
        return 2
    except click_errors.ClickException as error:
        _say(error.format_message())
        return error.exit_code
    except typer.Abort:
        _say("已取消")
        return 1
    except BrokenPipeError:
        return 1
    except UnicodeError:  # bytes on the command line that are not UTF-8
        _say("输入含有无法识别的字节(不是 UTF-8 文字),请检查输入的编码;未做任何更改")
        return 1
    except OSError as error:  # a file to read or write: unreadable, full disk, no permission
        _say(os_trouble(error))
        return 1
    except Exception as error:
        # Loaded only now: the services are heavy, and most commands never fail.
        from tousu_cli.services.ledger import DATABASE_ERRORS, database_trouble

        if not isinstance(error, DATABASE_ERRORS):
            raise
        _say(database_trouble(error))
        return 1
    return result if isinstance(result, int) else 0


_OS_CAUSES = {
    errno.ENOSPC: "磁盘空间已满",
    errno.EDQUOT: "磁盘配额已用完",
    errno.EACCES: "没有权限",
    errno.EPERM: "没有权限",
    errno.EROFS: "所在位置是只读的",
    errno.ENOENT: "文件或目录不存在",
    errno.EISDIR: "这是一个目录,不是文件",
    errno.EIO: "磁盘读写出错",
}


def os_trouble(error: OSError) -> str:
    """A file that could not be read or written, in one line: the cause in Chinese."""
    cause = _OS_CAUSES.get(error.errno or 0) or error.strerror or str(error)
    where = f":{error.filename}" if error.filename else ""
    return f"文件读写失败({cause}){where};未做任何更改"


def usage_message(error: Any) -> str:
    """Click's usage errors, retold in Chinese."""
    from typer._click import exceptions as click_errors

    command = error.ctx.command_path if error.ctx is not None else "tousu"
    hint = f"(运行 {command} --help 查看用法)"
    if isinstance(error, click_errors.NoSuchOption):
        if error.option_name.lstrip("-").isdigit():
            return f"数值不能为负数:{error.option_name}{hint}"
        return f"没有这个选项:{error.option_name}{hint}"
    if isinstance(error, click_errors.MissingParameter):
        param = error.param
        name = param.opts[0] if param is not None and param.opts else "参数"
        if param is not None and param.param_type_name == "argument":
            name = param.metavar or (param.name or "参数").upper()
        return f"缺少 {name}{hint}"
    if isinstance(error, click_errors.BadParameter):
        param = error.param
        name = (param.opts[0] if param.opts else param.name or "") if param is not None else ""
        return f"{name or '参数'} 的值无效:{error.message}{hint}"
    if isinstance(error, click_errors.BadOptionUsage):
        if "requires an argument" in error.message:
            return f"选项 {error.option_name} 后面缺少取值{hint}"
        if "does not take a value" in error.message:
            return f"选项 {error.option_name} 不带取值,只写 {error.option_name} 即可{hint}"
        return f"选项 {error.option_name} 用法不对{hint}"
    message = error.message
    unknown = re.fullmatch(r"No such command '(.*)'\.?(?: Did you mean (.*)\?)?", message)
    if unknown is not None:
        typo, close = unknown.groups()
        guess = f",是否要用 {close.replace(chr(39), '').replace(', ', ' 或 ')}" if close else ""
        return f"没有这个命令:{typo}{guess}{hint}"
    if message == "Missing command.":
        return f"缺少要执行的命令{hint}"
    # "Got unexpected extra argument(s) (a b)": the words are in the last brackets.
    extra = re.fullmatch(r"Got unexpected extra arguments?(?:\(s\))? \((.*)\)", message)
    if extra is not None:
        return f"多余的参数:{extra.group(1)}{hint}"
    return f"{message}{hint}"


def new_app(help_text: str | None = None, **options: Any) -> typer.Typer:
    """A typer app with Chinese help and tousu's error handling (the root app
    passes add_completion=True: --install-completion / --show-completion)."""
    options.setdefault("add_completion", False)
    return typer.Typer(
        cls=TousuGroup,
        help=help_text,
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        pretty_exceptions_show_locals=False,
        context_settings={"help_option_names": HELP_OPTION_NAMES},
        **options,
    )


def command(app: typer.Typer, name: str | None = None) -> Callable[[Callable[..., Any]], Any]:
    """Register a command whose help is shown in Chinese."""
    return app.command(name, cls=TousuCommand)
