"""Press random keys and resize at random in the explorer, headless, and stop at the first crash.

    python tools/fuzz_keys.py --seed 7 --count 2000 [--catalog PATH] [--hostile]

Every key is one of the app's bindings, a printable or non-ASCII letter,
Escape, Tab, Enter, arrows or a resize between 10x3 and 200x70. The same seed
gives the same sequence, so a crash can be replayed; the suite runs a few
hundred keys of it (tests/test_fuzz.py). Prints one line per seed and exits 1
on a crash, with the seed and the keys that led to it.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import os
import random
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

KEYS = [
    *"jkhlgGnNeEa/cCyYoOq?srmb",
    "enter", "space", "escape", "tab", "shift+tab", "up", "down", "left", "right", "pageup", "pagedown",
    "backspace", "ctrl+p", "home", "end",
    *"xz0 -:\"^", "é", "ß", "中", "😀",
]  # fmt: skip
"""What a step may press; "q" quits, so a run restarts the app after it."""


def hostile(catalog: object) -> object:
    """The catalog with control, bidi and markup strings in its first work and first section, as if unvalidated."""
    from aligntui.catalog.model import Catalog, Link

    assert isinstance(catalog, Catalog)
    first = next(iter(catalog.works.values()))
    bad = first._replace(
        title="\x1b]52;c;SGVsbG8=\x1b\\ [@click=app.quit]x[/] \x1b]2;PWNED\x07 \u202etxt",
        authors=("Ada \x1b[31mLovelace", "[bold red]Mallory[/]", "Charles \u202eBabbage"),
        venue="Memoirs \x9b1843 [/]",
        links=(Link("Pa\x1bper [/]", "https://example.org/a%20b#c"),),
        source="https://example.org/\x1b[2J",
    )
    section_id = catalog.roots[0]
    section = dataclasses.replace(catalog.sections[section_id], title="stray [/] close \x1b[2J \u2066x")
    return dataclasses.replace(
        catalog, works={**catalog.works, bad.id: bad}, sections={**catalog.sections, section_id: section}
    )


def steps(seed: int, count: int) -> list[str | tuple[int, int]]:
    """``count`` keys and resizes, the same for the same seed."""
    rng = random.Random(seed)
    out: list[str | tuple[int, int]] = []
    for _ in range(count):
        if rng.random() < 0.04:
            out.append((rng.randint(10, 200), rng.randint(3, 70)))
        else:
            out.append(rng.choice(KEYS))
    return out


async def run(catalog: object, sequence: Sequence[str | tuple[int, int]]) -> None:
    """Play ``sequence`` on a fresh app (restarting after q); raises what the app raised."""
    from aligntui.tui.app import make_app
    from aligntui.catalog.model import Catalog
    from aligntui.personal.settings import Settings

    assert isinstance(catalog, Catalog)
    position = 0
    home, environment = os.getcwd(), dict(os.environ)
    with tempfile.TemporaryDirectory(prefix="aligntui-fuzz-") as scratch:
        # s, r, m, b and q write marks, .bib and session files: into the scratch folder, never the person's own.
        os.chdir(scratch)
        os.environ.update({f"ALIGNTUI_{name}_DIR": str(Path(scratch) / name.lower()) for name in ("DATA", "STATE")})
        try:
            while position < len(sequence):
                app = make_app(catalog, Settings(clipboard="osc52"), state={}, bib=Path(scratch) / "fuzz.bib")
                async with app.run_test(size=(100, 30)) as pilot:
                    while position < len(sequence) and app.is_running:
                        step = sequence[position]
                        position += 1
                        if isinstance(step, tuple):
                            await pilot.resize_terminal(*step)
                        else:
                            await pilot.press(step)
                    await pilot.pause()
        finally:
            os.chdir(home)
            os.environ.clear()
            os.environ.update(environment)


def main(argv: Sequence[str] | None = None) -> int:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--seeds", type=int, default=1, help="how many seeds, from --seed on")
    parser.add_argument("--count", type=int, default=1000, help="keys per seed")
    parser.add_argument("--catalog", type=Path, default=None)
    parser.add_argument("--hostile", action="store_true", help="put hostile strings into the catalog first")
    args = parser.parse_args(argv)
    from aligntui.catalog.load import load_catalog

    catalog: object = load_catalog(args.catalog.resolve() if args.catalog else None)
    if args.hostile:
        catalog = hostile(catalog)
    for seed in range(args.seed, args.seed + args.seeds):
        sequence = steps(seed, args.count)
        try:
            asyncio.run(run(catalog, sequence))
        except Exception as error:
            print(f"seed {seed}: CRASH {type(error).__name__}: {error}\n  keys: {sequence}", file=sys.stderr)
            return 1
        print(f"seed {seed}: {args.count} keys, no crash")
    return 0


if __name__ == "__main__":
    sys.exit(main())
