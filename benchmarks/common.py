"""Shared pieces of the benchmark scripts: catalogs, statistics, Markdown tables."""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from synth import write_catalog  # noqa: E402

SIZES = {"bundled": None, "1k": 1_000, "10k": 10_000, "100k": 100_000}
"""Catalog sizes by name; ``None`` is the catalog bundled with aligntui."""


def catalog_paths(names: Sequence[str], directory: Path, seed: int = 0) -> dict[str, Path | None]:
    """Make (or reuse) the synthetic catalogs; the bundled one is ``None``."""
    directory.mkdir(parents=True, exist_ok=True)
    paths: dict[str, Path | None] = {}
    for name in names:
        size = SIZES[name]
        if size is None:
            paths[name] = None
            continue
        path = directory / f"synth-{size}-seed{seed}.toml"
        if not path.exists():
            print(f"generating {path} ...", file=sys.stderr, flush=True)
            tmp = path.with_suffix(".tmp")
            write_catalog(size, tmp, seed)
            tmp.replace(path)
        paths[name] = path
    return paths


def median(values: Sequence[float]) -> float:
    """The median, or NaN for no values."""
    return statistics.median(values) if values else float("nan")


def fmt(value: float, digits: int = 1) -> str:
    """A number for a table cell ('—' for NaN)."""
    if value != value:  # NaN
        return "—"
    if abs(value) >= 100:
        return f"{value:.0f}"
    return f"{value:.{digits}f}"


def verdict(ok: bool | None) -> str:
    """A pass/fail cell."""
    return "—" if ok is None else ("pass" if ok else "**FAIL**")


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A GitHub-flavoured Markdown table."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines.extend("| " + " | ".join(str(cell) for cell in row) + " |" for row in rows)
    return "\n".join(lines)


def compile_aligntui() -> None:
    """Write the bytecode (.pyc) of aligntui's modules, as ``pip install`` does for a user's install.

    An editable checkout run with ``PYTHONDONTWRITEBYTECODE`` set would otherwise compile every module
    from source at each start (about 100-200 ms): a cost no installed aligntui pays.
    """
    import compileall

    import aligntui

    compileall.compile_dir(str(Path(aligntui.__file__).resolve().parent), quiet=1)


def describe_aligntui() -> str:
    """Which aligntui is measured: version, where it is imported from, and its git commit."""
    import aligntui

    where = Path(aligntui.__file__).resolve().parent
    text = f"aligntui {aligntui.__version__} from {where}"
    try:
        commit = subprocess.run(
            ["git", "-C", str(where), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(where), "status", "--porcelain", "--", "."], capture_output=True, text=True, check=True
        ).stdout.strip()
        text += f", git {commit}{' + uncommitted changes' if dirty else ''}"
    except (OSError, subprocess.CalledProcessError):
        pass
    return text


def add_catalog_options(parser: argparse.ArgumentParser) -> None:
    """The options every benchmark shares: where catalogs are cached, their seed, a JSON copy."""
    parser.add_argument(
        "--dir",
        type=Path,
        default=Path(tempfile.gettempdir()) / "aligntui-bench",
        help="where synthetic catalogs are cached",
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", type=Path, help="also write the raw numbers here")
