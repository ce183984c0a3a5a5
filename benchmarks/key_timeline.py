"""When each frame of a keystroke is painted, headless: the echo's, the result's, and what they cost (diagnosis).

    python benchmarks/key_timeline.py [--size bundled|1k|10k|100k] [--minimal]

Runs the explorer (or ``benchmarks/minimal_app.py`` with ``--minimal``) with
Textual's headless driver at 120x40, focuses the filter, then types and deletes
the words of ``bench_tui.py`` one key at a time, pausing after each. For every
key it notes, in ms after the key is pressed: when the query ran (aligntui's
``MainScreen._show_query``), and the start, CPU time and painted lines of each
frame (``Screen._compositor_refresh``). It prints the medians over the keys:
the first frame (the one that echoes the key in the input) and the frame that
showed the result (the first one painting below the input), and how many frames
a key took. Headless, nothing is written to a terminal, so the times leave out
the terminal's output; ``bench_tui.py`` measures that in tmux.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from pathlib import Path
from typing import Any

from textual.screen import Screen

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_tui import WORDS  # noqa: E402
from common import add_catalog_options, catalog_paths, median  # noqa: E402

INPUT_BOTTOM = 4
"""The rows above this are the header and the filter input: a frame painting below it shows a result."""


class Timeline:
    """Frames and query runs, each as (ms after the key, CPU ms, lines below the input)."""

    def __init__(self) -> None:
        self.start = 0.0
        self.frames: list[tuple[float, float, bool]] = []
        self.queries: list[float] = []

    def wrap(self) -> None:
        timeline = self
        refresh = Screen._compositor_refresh

        def compositor_refresh(screen: Screen[Any]) -> None:
            begun, cpu = time.perf_counter(), time.process_time()
            regions = list(screen._compositor._dirty_regions)
            refresh(screen)
            if timeline.start:
                below = any(region.bottom > INPUT_BOTTOM for region in regions) or not regions
                took = (time.process_time() - cpu) * 1000
                timeline.frames.append(((begun - timeline.start) * 1000, took, below))

        Screen._compositor_refresh = compositor_refresh  # type: ignore[method-assign, assignment]
        try:
            from aligntui.tui.screens.main import MainScreen
        except ImportError:  # pragma: no cover - the minimal app alone
            return
        show = MainScreen._show_query

        def show_query(screen: MainScreen, text: str) -> None:
            if timeline.start:
                timeline.queries.append((time.perf_counter() - timeline.start) * 1000)
            show(screen, text)

        MainScreen._show_query = show_query  # type: ignore[method-assign, assignment]


async def run(app: Any, timeline: Timeline) -> list[dict[str, float]]:
    keys: list[dict[str, float]] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.5)
        await app.workers.wait_for_complete()
        await pilot.press("slash")
        await pilot.pause(0.3)
        for word in WORDS:
            for key in [*word, *["backspace"] * len(word)]:
                timeline.frames.clear()
                timeline.queries.clear()
                timeline.start = time.perf_counter()
                await pilot.press(key)
                await pilot.pause(0.25)
                timeline.start = 0.0
                frames = list(timeline.frames)
                result = next((frame for frame in frames if frame[2]), None)
                if not frames or result is None:
                    continue
                keys.append(
                    {
                        "echo frame at": frames[0][0],
                        "result frame at": result[0],
                        "result frame CPU": result[1],
                        "result painted by": result[0] + result[1],
                        "query ran at": timeline.queries[0] if timeline.queries else float("nan"),
                        "frames": float(len(frames)),
                    }
                )
    return keys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="bundled", help="bundled, 1k, 10k or 100k")
    parser.add_argument("--minimal", action="store_true", help="the minimal Textual app instead (the floor)")
    add_catalog_options(parser)
    args = parser.parse_args(argv)
    timeline = Timeline()
    timeline.wrap()
    if args.minimal:
        from minimal_app import MinimalApp

        app: Any = MinimalApp()
        name = "minimal app"
    else:
        from aligntui.catalog.load import load_catalog
        from aligntui.personal.settings import Settings
        from aligntui.tui.app import make_app

        path = catalog_paths([args.size], args.dir, args.seed)[args.size]
        catalog = load_catalog(path) if path is not None else load_catalog()
        app = make_app(catalog, Settings(clipboard="osc52"), state={})
        name = f"aligntui, {args.size}"
    keys = asyncio.run(run(app, timeline))
    print(f"| {name}: median of {len(keys)} keys, ms after the key | median |")
    print("|---|---|")
    for field in keys[0] if keys else ():
        value = median([key[field] for key in keys if key[field] == key[field]])  # NaN: never (no query to time)
        print(f"| {field} | {value:.1f} |" if value == value else f"| {field} | — |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
