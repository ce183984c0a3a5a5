"""Benchmark aligntui's pure core: loading a catalog, indexing it, querying it.

    python benchmarks/bench_core.py            # bundled, 1k, 10k, 100k (about 5 minutes)
    python benchmarks/bench_core.py --quick    # fewer repetitions, no 100k (under a minute)
    python benchmarks/bench_core.py --quick --facts   # synthetic works with a summary and organisations

Each catalog runs in two fresh interpreters, sharing a private parse cache
(``ALIGNTUI_CACHE_DIR`` in a temporary folder; the person's own cache is left
alone):

* cold: ``aligntui.catalog.model.load_catalog`` with an empty parse cache each time
  (read + TOML parse + validation + storing the cache: the first open of a
  catalog), beside ``tomllib.loads`` of the same text alone, the floor any
  TOML loader pays;
* warm: ``load_catalog`` when the cache holds the catalog (every later open;
  catalogs under the cache's size threshold are parsed every time);
* index build: ``SearchIndex(catalog)`` plus ``prepare()`` where the index
  folds its text lazily (the TUI runs that in a thread after the first paint);
* peak MB: the process's VmHWM after the first load + index build;
  held MB: the VmRSS the catalog and index add;
* query per keystroke: each query is typed one character at a time into a
  fresh index (so one run's cache cannot help the next), calling
  ``index.search(prefix)`` for every prefix exactly as the TUI filter does,
  keeping the index's cache within the typing sequence.

``--facts`` gives every synthetic work a summary of 25-45 words from the
titles' vocabulary and one organisation (``with_facts``), as the bundled
catalog's works have: the search scans them too, so this is the harder case.

Prints Markdown tables of medians (and the worst sample) in milliseconds,
with pass/fail against the targets of the performance issue.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import add_catalog_options, catalog_paths, describe_aligntui, fmt, median, table, verdict

QUERIES: list[tuple[str, str]] = [
    ("one word", "mod"),
    ("two words", "reward model"),
    ("fields", "author:smith year:>=2020"),
    ("misspelt (fuzzy)", "preferemce"),
]
"""(kind, text) typed one character at a time."""

QUERY_TARGET_MS = {"bundled": 2.0, "1k": 2.0, "10k": 10.0, "100k": 50.0}
"""Median query time per keystroke allowed (the bundled catalog is held to the 1k target)."""

MEMORY_TARGET_MB = {"100k": 200.0}
"""Peak memory allowed after load + index."""


ORGS = ("OpenAI", "Google DeepMind", "Anthropic", "Meta AI", "Stanford University", "Tsinghua University")
"""Organisations given to synthetic works by ``--facts``."""


def with_facts(path: Path, seed: int = 0) -> Path:
    """A copy of a synthetic catalog whose works have a summary and an organisation (made once, beside it)."""
    import random

    from synth import WORDS

    out = path.with_name(path.stem + "-facts.toml")
    if out.exists():
        return out
    rng = random.Random(seed)
    lines: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines(keepends=True):
        lines.append(line)
        if line.startswith("[[works]]"):
            words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(25, 45)))
            lines.append(f'summary = "{words.capitalize()}."\norgs = ["{rng.choice(ORGS)}"]\n')
    tmp = out.with_suffix(".tmp")
    tmp.write_text("".join(lines), encoding="utf-8")
    tmp.replace(out)
    return out


# -- the child: one catalog size, one fresh interpreter ---------------------------------


def _status_mb(field: str) -> float:
    """VmRSS / VmHWM of this process. (``ru_maxrss`` would do for VmHWM, but Linux carries
    it over ``exec`` from the parent, which may have generated a 60 MB catalog.)"""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def _repeat(fn: Callable[[], object], reps: int, budget: float, first: float | None = None) -> list[float]:
    """Time ``fn`` (ms) up to ``reps`` times, stopping once ``budget`` seconds are spent (at least once)."""
    samples = [] if first is None else [first]
    spent = sum(samples) / 1000
    while len(samples) < reps and (not samples or spent < budget):
        start = time.perf_counter()
        fn()
        elapsed = time.perf_counter() - start
        samples.append(elapsed * 1000)
        spent += elapsed
    return samples


def _new_index(catalog: Any) -> Any:
    """A ready SearchIndex: built and, where the index folds lazily, prepared (as the TUI does ahead)."""
    from aligntui.search.index import SearchIndex

    index = SearchIndex(catalog)
    prepare = getattr(index, "prepare", None)
    if prepare is not None:
        prepare()
    return index


def child(path_arg: str, mode: str, cache_dir: Path, reps: int, query_reps: int, budget: float) -> dict[str, Any]:
    """Measure one catalog in this process and return the numbers.

    ``cold``: every load starts from an empty parse cache (the first open of a
    catalog: parse, validate, store); the first one fills ``cache_dir``.
    ``warm``: loads hit ``cache_dir`` (every later open); runs the queries too.
    """
    import gc
    import shutil

    import tomllib

    os.environ["ALIGNTUI_CACHE_DIR"] = str(cache_dir)
    import rapidfuzz.fuzz  # noqa: F401 - imported lazily by the fuzzy fallback; keep its import out of the timings

    from aligntui.catalog.load import bundled_catalog_path, load_catalog

    rss_before_load = _status_mb("VmRSS")
    path = None if path_arg == "bundled" else Path(path_arg)
    file = path or bundled_catalog_path()

    start = time.perf_counter()
    catalog = load_catalog(path)
    first_load = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    index = _new_index(catalog)
    first_index = (time.perf_counter() - start) * 1000
    out: dict[str, Any] = {
        "works": len(catalog.works),
        "sections": len(catalog.sections),
        "memberships": catalog.membership_count,
        "file_mb": file.stat().st_size / 1e6,
        "peak_mb": _status_mb("VmHWM"),
        "held_mb": _status_mb("VmRSS") - rss_before_load,
        "index_ms": [first_index],
    }
    del index
    gc.collect()

    if mode == "cold":
        text = file.read_text(encoding="utf-8")
        out["toml_ms"] = _repeat(lambda: tomllib.loads(text), reps, budget / 2)
        del text
        gc.collect()

        def load_cold() -> None:
            fresh = Path(tempfile.mkdtemp(prefix="aligntui-bench-cache-"))
            os.environ["ALIGNTUI_CACHE_DIR"] = str(fresh)
            try:
                load_catalog(path)
            finally:
                os.environ["ALIGNTUI_CACHE_DIR"] = str(cache_dir)
                shutil.rmtree(fresh, ignore_errors=True)

        out["load_ms"] = _repeat(load_cold, reps, budget, first=first_load)
        return out

    out["load_ms"] = _repeat(lambda: load_catalog(path), reps, budget, first=first_load)
    gc.collect()
    queries: dict[str, Any] = {}
    for kind, query in QUERIES:
        per_key: list[list[float]] = []  # [run][keystroke]
        fuzzy_words: list[str] = []
        matches = 0
        started = time.perf_counter()
        for _ in range(query_reps):
            gc.collect()
            start = time.perf_counter()
            index = _new_index(catalog)
            out["index_ms"].append((time.perf_counter() - start) * 1000)
            times: list[float] = []
            result = None
            for end in range(1, len(query) + 1):
                start = time.perf_counter()
                result = index.search(query[:end])
                times.append((time.perf_counter() - start) * 1000)
            per_key.append(times)
            assert result is not None
            matches = len(result.work_ids)
            fuzzy_words = list(result.fuzzy)
            if time.perf_counter() - started > budget and len(per_key) >= 3:
                break
        queries[query] = {"kind": kind, "per_key": per_key, "matches": matches, "fuzzy": fuzzy_words}
    out["queries"] = queries
    return out


# -- the parent: run each size, print tables ---------------------------------------------


def run_child(name: str, path: Path | None, mode: str, cache_dir: Path, args: argparse.Namespace) -> dict[str, Any]:
    """Run the child for one catalog in a fresh interpreter."""
    command = [
        sys.executable,
        __file__,
        "--child",
        str(path) if path is not None else "bundled",
        "--mode",
        mode,
        "--cache-dir",
        str(cache_dir),
        "--reps",
        str(args.reps),
        "--query-reps",
        str(args.query_reps),
        "--budget",
        str(args.budget),
    ]
    print(f"[{name}] {mode} ...", file=sys.stderr, flush=True)
    started = time.perf_counter()
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    print(f"[{name}] {mode} done in {time.perf_counter() - started:.1f} s", file=sys.stderr, flush=True)
    return json.loads(out.strip().splitlines()[-1])


def report(results: dict[str, dict[str, Any]]) -> str:
    """The Markdown tables."""
    out: list[str] = []
    rows = []
    for name, both in results.items():
        cold, warm = both["cold"], both["warm"]
        target = MEMORY_TARGET_MB.get(name)
        peak = max(cold["peak_mb"], warm["peak_mb"])
        rows.append(
            [
                name,
                f"{cold['works']:,}",
                f"{cold['sections']} / {cold['memberships']:,}",
                fmt(cold["file_mb"], 2),
                f"{fmt(median(cold['toml_ms']))} ({len(cold['toml_ms'])})",
                f"{fmt(median(cold['load_ms']))} ({len(cold['load_ms'])})",
                f"{fmt(median(warm['load_ms']))} ({len(warm['load_ms'])})",
                f"{fmt(median(warm['index_ms']))} ({len(warm['index_ms'])})",
                fmt(cold["peak_mb"]),
                fmt(warm["peak_mb"]),
                fmt(warm["held_mb"]),
                f"≤{target:.0f}" if target else "—",
                verdict(peak <= target if target else None),
            ]
        )
    out.append("### Load, index and memory (ms: median (runs); MB)\n")
    out.append(
        table(
            [
                "catalog",
                "works",
                "sections / entries",
                "file MB",
                "tomllib.loads alone",
                "load cold",
                "load warm",
                "index build",
                "peak MB cold",
                "peak MB warm",
                "held MB",
                "target MB",
                "memory",
            ],
            rows,
        )
    )

    rows = []
    for name, both in results.items():
        target = QUERY_TARGET_MS.get(name)
        for query, q in both["warm"]["queries"].items():
            keys = [t for run in q["per_key"] for t in run]
            last = [run[-1] for run in q["per_key"]]
            worst_run = max(q["per_key"], key=max)
            worst_at = query[: worst_run.index(max(worst_run)) + 1]
            med = median(keys)
            note = ""
            if q["kind"].startswith("misspelt") and not q["fuzzy"]:
                note = " (fuzzy fallback NOT triggered)"
            rows.append(
                [
                    name,
                    f"{q['kind']}: `{query}`{note}",
                    f"{len(q['per_key'][0])} × {len(q['per_key'])}",
                    f"{q['matches']:,}",
                    fmt(med, 2),
                    fmt(max(keys), 2),
                    f"`{worst_at}`",
                    fmt(median(last), 2),
                    f"≤{target:g}" if target else "—",
                    verdict(med <= target if target else None),
                ]
            )
    out.append("\n### Query per keystroke (`SearchIndex.search` on a ready index, ms)\n")
    out.append(
        table(
            [
                "catalog",
                "query",
                "keys × runs",
                "matches",
                "median / key",
                "worst key",
                "worst at",
                "full query (median)",
                "target median",
                "query",
            ],
            rows,
        )
    )

    rows = []
    short = QUERIES[0][1]
    for name, both in results.items():
        per_key = both["warm"]["queries"][short]["per_key"]
        cells = [fmt(median([run[i] for run in per_key]), 2) for i in range(len(short))]
        rows.append([name, *cells])
    out.append(f"\n### `{short}` typed one letter at a time (median ms per prefix)\n")
    out.append(table(["catalog", *(f"`{short[: i + 1]}`" for i in range(len(short)))], rows))
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    """Parse arguments; run the children (or be one)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions, skip 100k")
    parser.add_argument("--sizes", default=None, help="comma-separated: bundled,1k,10k,100k")
    parser.add_argument("--reps", type=int, default=None, help="load/parse repetitions (default 7, quick 3)")
    parser.add_argument("--query-reps", type=int, default=None, help="typing runs per query (default 9, quick 5)")
    parser.add_argument("--budget", type=float, default=None, help="seconds per measurement before it stops repeating")
    parser.add_argument("--facts", action="store_true", help="give synthetic works a summary and organisations")
    add_catalog_options(parser)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--mode", choices=("cold", "warm"), help=argparse.SUPPRESS)
    parser.add_argument("--cache-dir", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    args.reps = args.reps or (3 if args.quick else 7)
    args.query_reps = args.query_reps or (5 if args.quick else 9)
    args.budget = args.budget or (10.0 if args.quick else 30.0)
    if args.child:
        result = child(args.child, args.mode, args.cache_dir, args.reps, args.query_reps, args.budget)
        print(json.dumps(result))
        return 0

    names = (
        args.sizes.split(",")
        if args.sizes
        else (["bundled", "1k", "10k"] if args.quick else ["bundled", "1k", "10k", "100k"])
    )
    paths = catalog_paths(names, args.dir, args.seed)
    if args.facts:
        paths = {name: with_facts(path, args.seed) if path else path for name, path in paths.items()}
    results: dict[str, dict[str, Any]] = {}
    for name in names:
        # A private parse cache: the person's own cache is neither used nor filled.
        with tempfile.TemporaryDirectory(prefix="aligntui-bench-cache-") as cache_dir:
            cold = run_child(name, paths[name], "cold", Path(cache_dir), args)
            warm = run_child(name, paths[name], "warm", Path(cache_dir), args)
        results[name] = {"cold": cold, "warm": warm}
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    print(
        f"## aligntui core benchmark ({'quick' if args.quick else 'full'}{', facts' if args.facts else ''}; "
        f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs)\n\n{describe_aligntui()}\n"
    )
    print(report(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
