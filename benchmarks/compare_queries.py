"""Compare two commits' queries, typed key by key, in one run: old and new alternate, round after round.

    python benchmarks/compare_queries.py                          # 951a4fc against the working tree
    python benchmarks/compare_queries.py --old 951a4fc --new HEAD --sizes bundled,old-bundled,1k,10k --rounds 5

The machine is shared and noisy, so two commits measured one after the other
can differ by the machine alone; here each round types ``bench_core.py``'s
queries once with the old code and once with the new, in a fresh interpreter
each (``PYTHONPATH`` pointing at that commit's ``src``, taken with ``git
archive``), and the figures are the medians over the rounds. Each typing goes
into a fresh prepared index, as in ``bench_core.py``: per query, the median ms
of a key, the full query's, and the worst key of the round's typings.

Catalogs: ``bundled`` is each commit's own bundled catalog, ``old-bundled`` the
old commit's bundled catalog for both (so only the code differs), and the
synthetic ``1k``, ``10k``, ``100k`` (``synth.py``). A cell is marked slower
when the new median over the rounds is more than 5% above the old.
"""

from __future__ import annotations

import argparse
import compileall
import io
import json
import os
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_core import QUERIES
from common import SIZES, add_catalog_options, catalog_paths, fmt, median, table

ROOT = Path(__file__).resolve().parents[1]

CHILD = r"""
import gc, json, sys, time
try:
    from aligntui.catalog.load import load_catalog
except ImportError:  # the layout before the subpackages
    from aligntui.loader import load_catalog
try:
    from aligntui.search.index import SearchIndex
except ImportError:
    from aligntui.search import SearchIndex
path, reps, queries = sys.argv[1], int(sys.argv[2]), json.loads(sys.argv[3])
catalog = load_catalog(None if path == "-" else path)
out = {}
for query in queries:
    runs = []
    for _ in range(reps):
        gc.collect()
        index = SearchIndex(catalog)
        if hasattr(index, "prepare"):
            index.prepare()
        times = []
        for end in range(1, len(query) + 1):
            start = time.perf_counter()
            index.search(query[:end])
            times.append((time.perf_counter() - start) * 1000)
        runs.append(times)
    out[query] = runs
print(json.dumps(out))
"""


def export(revision: str, into: Path) -> Path:
    """The ``src`` and ``catalog.toml`` of ``revision`` (``.``: the working tree) under ``into``; their root."""
    if revision == ".":
        return ROOT
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", "--format=tar", revision, "src", "catalog.toml"],
        capture_output=True,
        check=True,
    ).stdout
    safe: dict[str, Any] = {"filter": "data"} if hasattr(tarfile, "data_filter") else {}
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, **safe)  # our own repository's files
    return into


def typed(tree: Path, catalog: str, reps: int) -> dict[str, list[list[float]]]:
    """Each query's typings (ms a key) with the code of ``tree``, in a fresh interpreter."""
    env = dict(os.environ, PYTHONPATH=str(tree / "src"), PYTHONDONTWRITEBYTECODE="")
    queries = json.dumps([query for _, query in QUERIES])
    result = subprocess.run(
        [sys.executable, "-c", CHILD, catalog, str(reps), queries], capture_output=True, text=True, env=env, check=True
    )
    found: dict[str, list[list[float]]] = json.loads(result.stdout.strip().splitlines()[-1])
    return found


def figures(runs: list[list[float]]) -> tuple[float, float, float]:
    """Median a key, median full query, worst key of one round's typings."""
    return median([t for run in runs for t in run]), median([run[-1] for run in runs]), max(max(run) for run in runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--old", default="951a4fc", help="the baseline commit (default: the issue's, 951a4fc)")
    parser.add_argument("--new", default=".", help="the commit to compare ('.': the working tree, the default)")
    parser.add_argument("--sizes", default="bundled,old-bundled,1k,10k", help="comma-separated catalogs")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--reps", type=int, default=7, help="typings of each query a round")
    add_catalog_options(parser)
    args = parser.parse_args()
    names = args.sizes.split(",")
    synthetic = catalog_paths([n for n in names if n in SIZES and SIZES[n] is not None], args.dir, args.seed)
    samples: dict[tuple[str, str, str], list[tuple[float, float, float]]] = {}
    with tempfile.TemporaryDirectory() as folder:
        old = export(args.old, Path(folder) / "old")
        new = export(args.new, Path(folder) / "new")
        for tree in (old, new):  # bytecode first, as an installed aligntui has it: no round compiles
            compileall.compile_dir(str(tree / "src"), quiet=1)
        catalogs = {  # "-": each commit's own bundled catalog
            name: "-" if name == "bundled" else str(old / "catalog.toml" if name == "old-bundled" else synthetic[name])
            for name in names
        }
        for round_number in range(1, args.rounds + 1):
            for name in names:
                for side, tree in (("old", old), ("new", new)):
                    print(f"[round {round_number}] {name} {side} ...", file=sys.stderr, flush=True)
                    for query, runs in typed(tree, catalogs[name], args.reps).items():
                        samples.setdefault((name, query, side), []).append(figures(runs))
    rows = []
    for name in names:
        for kind, query in QUERIES:
            old_rounds, new_rounds = samples[(name, query, "old")], samples[(name, query, "new")]
            cells = []
            slower = []
            for n, label in enumerate(("median a key", "full query", "worst key")):
                before, after = median([r[n] for r in old_rounds]), median([r[n] for r in new_rounds])
                cells.append(f"{fmt(before, 2)} / {fmt(after, 2)} ({after / before:.2f}x)")
                if after > before * 1.05:
                    slower.append(label)
            rows.append([name, f"{kind}: `{query}`", *cells, ", ".join(slower) or "—"])
    print(f"## Queries, {args.old} against {'the working tree' if args.new == '.' else args.new}\n")
    print(
        f"{args.rounds} rounds of {args.reps} typings of each query, old and new alternating; medians over rounds, ms\n"
    )
    headers = ["catalog", "query", "median a key (old / new)", "full query", "worst key", "slower by over 5%"]
    print(table(headers, rows))


if __name__ == "__main__":
    main()
