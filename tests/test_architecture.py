"""The code's shape: a pure core without Textual, no import cycles, small modules (harlequin's import hygiene)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "aligntui"

FORBIDDEN = ("textual", "rich", "citeproc", "rapidfuzz", "lxml")


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


CORE = sorted(
    name for name in _modules() if not name.startswith("aligntui.tui") and name not in ("aligntui", "aligntui.__main__")
)
"""Every module outside ``aligntui.tui``: none may import Textual, Rich, or the heavy libraries they only need on demand."""

SUBPACKAGES = (
    "text", "system", "catalog", "search", "browse", "cite", "personal", "paperlist", "enrich", "cli", "tui",
)  # fmt: skip
"""The parts of the product (docs/architecture.md); the layers between them are import-linter contracts."""


@pytest.mark.parametrize("module", CORE)
def test_core_module_imports_no_ui_and_nothing_heavy(module: str) -> None:
    code = (
        f"import sys, {module}; print(','.join(sorted({{m.split('.')[0] for m in sys.modules}} & {set(FORBIDDEN)!r})))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "", f"{module} imports {result.stdout.strip()}"


def test_few_modules_sit_directly_in_the_package() -> None:
    flat = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(flat) <= 4, flat
    assert sorted(p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()) == sorted(
        SUBPACKAGES
    )


@pytest.mark.parametrize("package", SUBPACKAGES)
def test_each_part_says_what_it_owns_and_may_import(package: str) -> None:
    doc = ast.get_docstring(ast.parse((PACKAGE / package / "__init__.py").read_text(encoding="utf-8"))) or ""
    assert len(doc.split()) >= 20, f"aligntui.{package} needs a docstring saying what it owns"
    assert "import" in doc.lower(), f"aligntui.{package}'s docstring must say what it may import"


def _imports(path: Path, package: str) -> set[str]:
    """Every aligntui module ``path`` imports, at any depth: inside functions and under TYPE_CHECKING too."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    known = _modules()
    for node in ast.walk(tree):
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
def test_functions_stay_small(module: str) -> None:
    """Modules are split by responsibility, not by size; a function over 60 lines is a sign of two jobs in one."""
    source = _modules()[module].read_text(encoding="utf-8")
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
