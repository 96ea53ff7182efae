"""How an import shows itself: a progress bar for a person, a summary, every error."""

import sys
from pathlib import Path

import typer

from tousu_cli.cli.output import Format
from tousu_cli.cli.present.importing import present_import
from tousu_cli.cli.state import state
from tousu_cli.services.importing import ImportOptions, ImportResult, import_file
from tousu_cli.services.office import Office


def run_import(ctx: typer.Context, file: Path, options: ImportOptions, *, as_json: bool) -> None:
    app_state = state(ctx)
    if options.dry_run and not app_state.db_path.exists():
        # A dry run checks against what a new database would hold, and creates nothing.
        from tousu_cli.services.ledger import blank_ledger

        office = blank_ledger(app_state.actor)
    else:
        office = app_state.office(create=True)
    if sys.stderr.isatty() and not as_json:
        result = _with_progress_bar(office, file, options)
    else:
        result = import_file(office, file, options)
    present_import(result, Format.JSON if as_json else Format.TERMINAL)
    if result.refused:
        raise typer.Exit(1)


def _with_progress_bar(office: Office, file: Path, options: ImportOptions) -> ImportResult:
    from rich.progress import BarColumn, Progress, TaskProgressColumn, TimeRemainingColumn

    bar = Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        TaskProgressColumn(),
        TimeRemainingColumn(),
        transient=True,
    )
    task = bar.add_task(f"导入 {file.name}", total=None)

    def advance(done: int, size: int) -> None:
        # A workbook may claim fewer rows than it has: the bar stops at full.
        bar.update(task, completed=done, total=max(size, done) or None)

    with bar:
        return import_file(office, file, options, advance)
