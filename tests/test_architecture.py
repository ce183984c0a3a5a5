"""The code's shape: a pure core without Textual, no import cycles, small modules (harlequin's import hygiene)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "aligntui"

CORE = [
    "aligntui.atomic",
    "aligntui.bibfile",
    "aligntui.bibparse",
    "aligntui.bibtex",
    "aligntui.browse",
    "aligntui.cache",
    "aligntui.catalog",
    "aligntui.catalog_toml",
    "aligntui.charrules",
    "aligntui.checker",
    "aligntui.citation_fields",
    "aligntui.cite",
    "aligntui.cli",
    "aligntui.clipboard",
    "aligntui.crashlog",
    "aligntui.dirs",
    "aligntui.import_cli",
    "aligntui.importer",
    "aligntui.links",
    "aligntui.listentry",
    "aligntui.listexport",
    "aligntui.listmerge",
    "aligntui.listreader",
    "aligntui.listtable",
    "aligntui.loader",
    "aligntui.locking",
    "aligntui.marks",
    "aligntui.marks_cli",
    "aligntui.names",
    "aligntui.personal",
    "aligntui.personal_app",
    "aligntui.positions",
    "aligntui.pruning",
    "aligntui.query",
    "aligntui.querycheck",
    "aligntui.ranking",
    "aligntui.reasons",
    "aligntui.regularfile",
    "aligntui.safetext",
    "aligntui.search",
    "aligntui.selection",
    "aligntui.session",
    "aligntui.settings",
    "aligntui.textfold",
    "aligntui.titlecase",
    "aligntui.tomlread",
    "aligntui.validation",
    "aligntui.weburl",
    "aligntui.wordforms",
]
"""Modules that must import neither Textual nor Rich, nor the heavy libraries they only need on demand."""

FORBIDDEN = ("textual", "rich", "citeproc", "rapidfuzz", "lxml")


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


@pytest.mark.parametrize("module", CORE)
def test_core_module_imports_no_ui_and_nothing_heavy(module: str) -> None:
    code = (
        f"import sys, {module}; print(','.join(sorted({{m.split('.')[0] for m in sys.modules}} & {set(FORBIDDEN)!r})))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "", f"{module} imports {result.stdout.strip()}"


def test_every_core_candidate_is_listed() -> None:
    """A new module that imports no Textual must be in CORE, so the test above guards it."""
    ui = {name for name, path in _modules().items() if "textual" in path.read_text(encoding="utf-8")}
    ui |= {"aligntui.labels", "aligntui.widgets.row_label", "aligntui", "aligntui.__main__", "aligntui.widgets"}
    ui |= {"aligntui.screens"}
    ui |= {
        "aligntui.widgets.marks_block",
        "aligntui.screens.marking",
        "aligntui.screens.layout",
    }  # Rich, and helpers of Textual widgets
    assert sorted(set(_modules()) - ui - set(CORE)) == []


def _imports(path: Path, package: str) -> set[str]:
    """Every aligntui module ``path`` imports, at any depth (inside functions too), except under TYPE_CHECKING."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped |= {id(child) for child in ast.walk(node)}
    found: set[str] = set()
    known = _modules()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("aligntui"):
            for alias in node.names:
                candidate = f"{node.module}.{alias.name}"
                found.add(candidate if candidate in known else node.module)
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.startswith("aligntui")}
    found.discard(package)
    return {name for name in found if name in known and name != "aligntui"}


def test_no_import_cycles() -> None:
    graph = {name: _imports(path, name) for name, path in _modules().items()}
    cycles: list[list[str]] = []

    def visit(node: str, trail: list[str]) -> None:
        for target in sorted(graph[node]):
            if target in trail:
                cycles.append([*trail[trail.index(target) :], target])
            elif target not in done:
                visit(target, [*trail, target])
        done.add(node)

    done: set[str] = set()
    for start in sorted(graph):
        if start not in done:
            visit(start, [start])
    assert cycles == []


@pytest.mark.parametrize("module", sorted(_modules()))
def test_modules_and_functions_stay_small(module: str) -> None:
    path = _modules()[module]
    source = path.read_text(encoding="utf-8")
    assert source.count("\n") <= 400, f"{module} has {source.count(chr(10))} lines"
    long = [
        f"{node.name} ({node.end_lineno - node.lineno + 1} lines)"
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno is not None
        and node.end_lineno - node.lineno + 1 > 60
    ]
    assert long == []


def test_the_package_is_typed() -> None:
    assert (PACKAGE / "py.typed").is_file()
