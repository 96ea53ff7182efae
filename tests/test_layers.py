"""The package's layers hold: each folder's ruff.toml bans what it must not import,
and no module imports itself back through others."""

from __future__ import annotations

import ast
import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "tousu_cli"

# What each folder must not import (architecture.md; "." is the package's top).
NO_SQL = ("sqlite3", "sqlite_utils")
NO_TERMINAL = ("typer", "rich")
BANS: dict[str, tuple[str, ...]] = {
    ".": (*NO_SQL, *NO_TERMINAL),
    "domain": (*NO_SQL, *NO_TERMINAL, "tousu_cli.storage", "tousu_cli.services",
               "tousu_cli.cli", "tousu_cli.transfer", "tousu_cli.reports"),
    "services": (*NO_SQL, *NO_TERMINAL, "tousu_cli.cli"),
    "transfer": (*NO_SQL, *NO_TERMINAL, "tousu_cli.storage", "tousu_cli.services",
                 "tousu_cli.cli"),
    "storage": (*NO_TERMINAL, "tousu_cli.services", "tousu_cli.cli", "tousu_cli.transfer",
                "tousu_cli.reports"),
    "reports": (*NO_TERMINAL, "tousu_cli.cli"),
    "cli": (*NO_SQL, "tousu_cli.storage"),
}  # fmt: skip


def ruff() -> str:
    found = Path(sys.executable).parent / "ruff"
    assert found.exists(), "ruff is a test dependency: pip install '.[test]'"
    return str(found)


def test_every_ban_is_enforced_by_ruff(tmp_path: Path) -> None:
    """A probe file in each folder imports each thing banned there: ruff must
    refuse every one of them, and nothing else in the tree."""
    tree = tmp_path / "tree"
    tree.mkdir()
    shutil.copy(ROOT / "pyproject.toml", tree / "pyproject.toml")
    shutil.copytree(PACKAGE, tree / "src" / "tousu_cli", ignore=shutil.ignore_patterns("*.pyc"))
    probes: dict[str, str] = {}
    for folder, banned in BANS.items():
        for index, name in enumerate(banned):
            probe = tree / "src" / "tousu_cli" / folder / f"probe_{index}.py"
            probe.write_text(f"import {name}\n\nprint({name})\n", encoding="utf-8")
            probes[str(probe.relative_to(tree))] = name
    checked = subprocess.run(
        [ruff(), "check", "--select", "TID251", "--output-format", "json", "src"],
        cwd=tree,
        capture_output=True,
        text=True,
        check=False,
    )
    found = json.loads(checked.stdout)
    refused: dict[str, set[str]] = {}
    for diagnostic in found:
        file = str(Path(diagnostic["filename"]).relative_to(tree))
        refused.setdefault(file, set()).add(diagnostic["message"])
    assert set(refused) == set(probes), "a ban that is missing, or a file that breaks one"
    for file, name in probes.items():
        assert any(f"`{name}` is banned" in message for message in refused[file]), file


def imports_of(path: Path) -> Iterator[str]:
    """Every tousu_cli module PATH imports, at its top or inside a function."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.startswith("tousu_cli"):
                for alias in node.names:
                    yield f"{node.module}.{alias.name}"
                    yield node.module
        elif isinstance(node, ast.Import):
            yield from (a.name for a in node.names if a.name.startswith("tousu_cli"))


def module_graph() -> dict[str, set[str]]:
    modules: dict[str, Path] = {}
    for path in PACKAGE.rglob("*.py"):
        parts = ("tousu_cli", *path.relative_to(PACKAGE).with_suffix("").parts)
        modules[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        # "from tousu_cli.storage import events" is the module events, not the package.
        named = set(imports_of(path)) & set(modules)
        graph[name] = {m for m in named if not any(o.startswith(m + ".") for o in named)} - {name}
    return graph


def cycle_in(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of GRAPH as the modules along it, or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for other in sorted(graph.get(node, ())):
            if state.get(other) == 1:
                return [*path[path.index(other) :], other]
            if other not in state and (found := visit(other)) is not None:
                return found
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)) is not None:
            return found
    return None


def test_no_module_imports_itself_back() -> None:
    graph = module_graph()
    assert "tousu_cli.services.cases" in graph["tousu_cli.cli.stages"]  # the walk sees imports
    cycle = cycle_in(graph)
    assert cycle is None, " → ".join(cycle or ())


def test_the_cycle_check_finds_a_cycle() -> None:
    assert cycle_in({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == ["a", "b", "c", "a"]
    assert cycle_in({"a": {"b"}, "b": set()}) is None
