"""Where a keystroke's time goes in aligntui: the filter path, headless, per function.

    python benchmarks/profile_tui.py --size 10k
    python benchmarks/profile_tui.py --catalog FILE --words reward,model --cprofile 25
    python benchmarks/profile_tui.py --size 1k --memory
    python benchmarks/profile_tui.py --size 10k --settle 0.3

Runs the real app with Textual's headless driver (``App.run_test``, 120x40),
presses ``/`` and types each word one key at a time, then deletes it, like
bench_tui.py (``--minimal``: into benchmarks/minimal_app.py, the floor).
The functions of the filter path are wrapped with timers, so the
table says how many ms each takes per keystroke (median and worst). With
``--cprofile N`` the N most expensive functions (cumulative, typing only)
follow; with
``--memory`` tracemalloc compares the heap after two rounds of the same typing,
naming the lines that still grow. ``--settle S`` waits S seconds after each key
(the table then holds everything a key causes, later frames too); the CPU time
(``time.process_time``) per key is printed either way, the figure to compare
on a shared machine. The table also counts the frames painted
(``Screen._compositor_refresh``) and the layouts (``Screen._refresh_layout``).

This is a diagnostic aid, not a target check: the headless driver skips the
terminal, so bench_tui.py stays the measure of record.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import functools
import io
import os
import pstats
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import catalog_paths, fmt, median, table

TIMED: dict[str, list[float]] = defaultdict(list)


PROBES: list[tuple[str, str, str]] = [
    ("aligntui.tui.screens.main:MainScreen", "watch_query_text", "MainScreen.watch_query_text (whole handler)"),
    ("aligntui.search.index:SearchIndex", "search", "  SearchIndex.search"),
    ("aligntui.browse.model:View", "__post_init__", "  View() (counts)"),
    ("aligntui.tui.widgets.taxonomy:TaxonomyTree", "show", "  TaxonomyTree.show"),
    ("aligntui.tui.widgets.taxonomy:TaxonomyTree", "clear", "    TaxonomyTree.clear"),
    ("aligntui.tui.widgets.taxonomy:TaxonomyTree", "_populate", "    TaxonomyTree._populate (all calls)"),
    ("aligntui.tui.widgets.taxonomy:TaxonomyTree", "select_ref", "    TaxonomyTree.select_ref"),
    ("aligntui.tui.widgets.taxonomy", "work_label", "      work_label (all calls)"),
    ("aligntui.tui.widgets.taxonomy", "work_name", "      work_name (all calls)"),
    ("aligntui.tui.widgets.taxonomy", "section_label", "      section_label (all calls)"),
    ("aligntui.tui.widgets.filter_bar:FilterBar", "show_hint", "  FilterBar.show_hint"),
    ("aligntui.tui.widgets.detail:PaperDetail", "show_section", "PaperDetail.show_section"),
    ("aligntui.tui.widgets.detail:PaperDetail", "show_work", "PaperDetail.show_work"),
    ("aligntui.tui.widgets.detail:PaperDetail", "show_message", "PaperDetail.show_message"),
    ("textual.widgets._tree:Tree", "_build", "Tree._build (tree lines, at paint)"),
    ("textual.widgets._tree:Tree", "render_lines", "Tree.render_lines (paint)"),
    ("aligntui.tui.widgets.taxonomy:TaxonomyTree", "render_label", "  TaxonomyTree.render_label (paint)"),
    ("textual.widgets._static:Static", "update", "Static.update (any Static: hint, detail)"),
    ("textual.screen:Screen", "_refresh_layout", "Screen._refresh_layout (layout, then paint)"),
    ("textual.screen:Screen", "_compositor_refresh", "Screen._compositor_refresh (a frame painted)"),
]
"""(module[:class], function, label): the filter path's functions, timed where they exist."""


def _timed(owner: Any, name: str, label: str) -> None:
    original: Callable[..., Any] = getattr(owner, name)

    @functools.wraps(original)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            TIMED[label].append((time.perf_counter() - start) * 1000)

    setattr(owner, name, wrapper)


def instrument() -> list[str]:
    """Wrap the filter path's functions with timers (this process only); return those not found."""
    import importlib

    missing = []
    for where, name, label in PROBES:
        module_name, _, class_name = where.partition(":")
        try:
            owner: Any = importlib.import_module(module_name)
            if class_name:
                owner = getattr(owner, class_name)
            getattr(owner, name)
        except (ImportError, AttributeError):
            missing.append(f"{where}.{name}")
            continue
        _timed(owner, name, label)
    return missing


def keys_for(words: list[str]) -> list[str]:
    """The keys bench_tui.py types: each word typed then deleted."""
    keys: list[str] = []
    for word in words:
        keys += list(word) + ["backspace"] * len(word)
    return keys


async def type_keys(
    path: Path | None,
    keys: list[str],
    memory: bool,
    profiler: cProfile.Profile | None,
    minimal: bool,
    settle: float = 0.0,
) -> tuple[list[float], list[float], dict[str, list[list[float]]], str]:
    """Run the app headless and type ``keys``; return ms per key and per-key timer totals."""
    import tracemalloc

    from textual.app import App

    app: App[None]
    if minimal:
        from minimal_app import MinimalApp

        app = MinimalApp()
    else:
        from aligntui.catalog.load import load_catalog
        from aligntui.tui.app import make_app

        app = make_app(load_catalog(path))
    per_key: list[float] = []
    per_key_cpu: list[float] = []
    per_function: dict[str, list[list[float]]] = defaultdict(list)
    memory_report = ""
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        index = getattr(app, "index", None)
        if index is not None and hasattr(index, "prepare"):
            index.prepare()  # the app folds it in a thread after the first paint; don't race it
        await pilot.press("slash")
        await pilot.pause()
        if profiler is not None:
            profiler.enable()
        rounds = 2 if memory else 1
        snapshots = []
        for round_number in range(rounds):
            if memory:
                if round_number == 0:
                    tracemalloc.start(8)
                snapshots.append(tracemalloc.take_snapshot())
            for key in keys:
                TIMED.clear()
                start = time.perf_counter()
                cpu = time.process_time()
                await pilot.press(key)
                await pilot.pause(settle) if settle else await pilot.pause()
                per_key.append((time.perf_counter() - start) * 1000)
                per_key_cpu.append((time.process_time() - cpu) * 1000)
                for label, samples in TIMED.items():
                    per_function[label].append(samples)
        if profiler is not None:
            profiler.disable()
        if memory:
            snapshots.append(tracemalloc.take_snapshot())
            # Leave out this script's own bookkeeping (the timers' lists) and tracemalloc's.
            ours = [tracemalloc.Filter(False, __file__), tracemalloc.Filter(False, tracemalloc.__file__)]
            first, second, third = (snapshot.filter_traces(ours) for snapshot in snapshots)

            def traced(snapshot: Any) -> float:
                return sum(stat.size for stat in snapshot.statistics("filename")) / 1e6

            lines = [
                "live memory allocated while typing (tracemalloc): "
                f"{traced(second) - traced(first):+.2f} MB after round 1, "
                f"{traced(third) - traced(second):+.2f} MB more after round 2 ({len(keys)} keys a round)"
            ]
            lines.append("\nround 1 (start -> after the first round), biggest growth:")
            lines += [f"  {stat}" for stat in second.compare_to(first, "lineno")[:8]]
            lines.append("\nround 2 (the same keys again), biggest growth:")
            lines += [f"  {stat}" for stat in third.compare_to(second, "lineno")[:8]]
            memory_report = "\n".join(lines)
            tracemalloc.stop()
    return per_key, per_key_cpu, per_function, memory_report


def main(argv: list[str] | None = None) -> int:
    """Profile and print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--catalog", type=Path, help="a catalog file (default: the bundled one)")
    where.add_argument("--size", choices=("bundled", "1k", "10k", "100k"), help="a synthetic catalog of this size")
    parser.add_argument("--words", default="reward,model,safety,human,value,preferance")
    parser.add_argument(
        "--cprofile", type=int, default=0, metavar="N", help="also print the top N functions by cumulative time"
    )
    parser.add_argument(
        "--minimal", action="store_true", help="type into benchmarks/minimal_app.py instead (the floor)"
    )
    parser.add_argument(
        "--memory", action="store_true", help="type everything twice and show what tracemalloc sees growing"
    )
    parser.add_argument(
        "--settle",
        type=float,
        default=0.0,
        metavar="S",
        help="wait S seconds after each key (0.3: the delayed detail pane is drawn within the key's time)",
    )
    parser.add_argument("--dir", type=Path, default=Path(tempfile.gettempdir()) / "aligntui-bench")
    args = parser.parse_args(argv)

    # Keep the person's state and parse cache out of it: private temporary folders.
    private = tempfile.TemporaryDirectory(prefix="aligntui-bench-profile-")
    os.environ["ALIGNTUI_STATE_DIR"] = os.environ["ALIGNTUI_CONFIG_DIR"] = private.name
    os.environ["ALIGNTUI_CACHE_DIR"] = os.path.join(private.name, "cache")
    path = args.catalog
    if args.size and args.size != "bundled":
        path = catalog_paths([args.size], args.dir)[args.size]
    keys = keys_for(args.words.split(","))
    missing = instrument()
    profiler = cProfile.Profile() if args.cprofile else None
    per_key, per_key_cpu, per_function, memory_report = asyncio.run(
        type_keys(path, keys, args.memory, profiler, args.minimal, args.settle)
    )

    what = "benchmarks/minimal_app.py" if args.minimal else (path or "bundled catalog")
    print(f"## Keystroke path, headless ({what}; {len(per_key)} keys)\n")
    print(f"press + pause per key: median {fmt(median(per_key))} ms, worst {fmt(max(per_key))} ms")
    print(
        f"CPU (process_time) per key, settle {args.settle} s: median {fmt(median(per_key_cpu), 1)} ms, "
        f"worst {fmt(max(per_key_cpu), 1)} ms, total {fmt(sum(per_key_cpu), 0)} ms\n"
    )
    rows = []
    order = {label: n for n, (_, _, label) in enumerate(PROBES)}
    for label, per in sorted(per_function.items(), key=lambda item: order.get(item[0], 99)):
        totals = [sum(samples) for samples in per]
        calls = [len(samples) for samples in per]
        rows.append(
            [
                f"`{label.strip()}`".rjust(len(label) - len(label.lstrip()) + len(label.strip()) + 2),
                len(per),
                fmt(median(calls), 0),
                fmt(median(totals), 2),
                fmt(max(totals), 2),
            ]
        )
    print(
        table(["function", "keys that ran it", "calls / key (median)", "ms / key (median)", "ms / key (worst)"], rows)
    )
    if missing:
        print(f"\n(not in this version, not timed: {', '.join(missing)})")
    if memory_report:
        print("\n```\n" + memory_report + "\n```")
    if profiler:
        buffer = io.StringIO()
        pstats.Stats(profiler, stream=buffer).sort_stats("cumulative").print_stats(args.cprofile)
        print("\n```\n" + buffer.getvalue().strip() + "\n```")
    return 0


if __name__ == "__main__":
    sys.exit(main())
