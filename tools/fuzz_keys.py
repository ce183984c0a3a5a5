"""Fuzz the explorer with keys, bursts, mouse clicks, pastes and resizes; stop at the first crash and keep a replay.

    python tools/fuzz_keys.py --modes burst,mouse,paste,resize --minutes 10 --seed 7 [--catalog PATH ...]
    python tools/fuzz_keys.py --replay crash-7.json

A run is a list of *writes*: the exact text a terminal would send in one
``write()`` (keys as xterm sequences, SGR mouse reports, bracketed pastes), or
a resize (columns, lines). The modes say what the writes hold:

- ``keys``: one key per write (the old fuzzer: a binding, a letter, an arrow);
- ``burst``: 2-40 keys in one write, with the keys that open and close
  dialogs (C, m, ?, Ctrl+P, b, Y, O) and Enter, Escape, PageUp, PageDown among them;
- ``mouse``: clicks and wheel turns at random cells (xterm SGR reports), a
  key now and then;
- ``paste``: a bracketed paste of random text: letters, CJK, emoji, TAB, LF,
  C0 and C1 controls, bidi and zero-width characters, U+FFFD and lone
  surrogates (U+D800-U+DFFF). UTF-8 cannot hold those: on a pseudo-terminal
  they go as the ill-formed bytes a broken program sends (ED A0 80 for
  U+D800), which the explorer reads as U+FFFD (``aligntui.tui.terminal``), or
  with ``--no-raw-surrogates`` as U+FFFD itself;
- ``resize``: the window from 10x3 to 200x70.

By default the app runs for real, ``python -m aligntui``, on a pseudo-terminal
(``--runner pty``), in a scratch folder with its own data, state, config and
cache folders (the ``ALIGNTUI_*_DIR`` variables), HOME and XDG folders, no
DISPLAY, BROWSER or TMUX, and the clipboard set to OSC 52 (read and dropped
here), so nothing of a person's is touched; ``--bib`` points into the scratch
folder. ``--runner pilot`` plays the same writes in-process through Textual's
own xterm parser (what the tests use). After ``q`` (quit), and every 1,500
writes, a new app starts, on the next catalog of the list. A crash (a crash
report in the scratch state folder, a traceback on the terminal, or an exit
status other than 0) stops the
run (``--keep-going``: is noted, and the run goes on) and writes a replay file
(JSON: the runner, catalog, window size and every write since the app started)
that ``--replay`` plays again. Prints keys per mode and catalog; exits 1 on a
crash, 0 otherwise.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import fcntl
import json
import os
import pty
import random
import select
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import termios
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

Write = str | tuple[int, int]
"""Text sent in one write, or a resize to (columns, lines)."""

SEQUENCES = {
    "enter": "\r", "escape": "\x1b", "tab": "\t", "shift+tab": "\x1b[Z", "space": " ", "backspace": "\x7f",
    "up": "\x1b[A", "down": "\x1b[B", "right": "\x1b[C", "left": "\x1b[D", "home": "\x1b[H", "end": "\x1b[F",
    "pageup": "\x1b[5~", "pagedown": "\x1b[6~", "ctrl+p": "\x10", "ctrl+s": "\x13",
}  # fmt: skip
"""What an xterm sends for each named key."""

KEYS = [
    *"jkhlgGnNeEa/cCyYoO?srmbSx0 -:\"^+", "é", "ß", "中", "😀",
    "enter", "space", "escape", "tab", "shift+tab", "up", "down", "left", "right", "pageup", "pagedown",
    "backspace", "ctrl+p", "ctrl+s", "home", "end",
]  # fmt: skip
"""What a step may press; ``q`` (quit) is added rarely, so that a run is not mostly start-ups."""

DIALOG_KEYS = ["C", "m", "?", "ctrl+p", "b", "Y", "O", "escape", "escape", "enter", "enter", "pagedown", "pageup"]
"""Keys that open and close dialogs, weighted into bursts."""

PASTE_CHARS = [
    *"abcdefghijklmnopqrstuvwxyz ABCXYZ0123456789.,;:/\\[]{}()@=-_'\"", "\t", "\n", "\r",
    *(chr(c) for c in range(0x00, 0x20) if c != 0x1B), "\x7f", "\x85", "\x9b", "\x9c",
    "\u202e", "\u2066", "\u200b", "\u200d", "\ufeff", "\u2028", "\ufffd", "é", "ß", "中文", "😀", "👩‍🔬",
    "[bold]", "[/]", "[@click=app.quit]",
]  # fmt: skip
"""What a paste is made of (lone surrogates are added separately)."""

SURROGATES = ["\ud800", "\udbff", "\udc00", "\udfff", "\ud83d"]
"""Lone surrogates, as a broken program might paste them."""

MODES = ("keys", "burst", "mouse", "paste", "resize")


def key_text(key: str) -> str:
    """What a terminal sends for ``key``."""
    return SEQUENCES.get(key, key)


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


class Fuzzer:
    """Makes writes for the modes, the same for the same seed; ``size`` is the window the next mouse report fits."""

    # A plain class, not a dataclass: tests load this file without registering it in sys.modules.
    def __init__(self, seed: int, modes: Sequence[str] = MODES, size: tuple[int, int] = (100, 30)) -> None:
        self.seed = seed
        self.modes = modes
        self.size = size
        self.rng = random.Random(seed)

    def key(self) -> str:
        return key_text("q" if self.rng.random() < 0.004 else self.rng.choice(KEYS))

    def burst(self) -> tuple[str, int]:
        count = self.rng.randint(2, 40)
        keys = [self.rng.choice(DIALOG_KEYS) if self.rng.random() < 0.35 else self.key() for _ in range(count)]
        return "".join(key_text(k) for k in keys), count

    def mouse(self) -> tuple[str, int]:
        width, height = self.size
        out: list[str] = []
        count = self.rng.randint(1, 6)
        for _ in range(count):
            x, y = self.rng.randint(1, max(1, width)), self.rng.randint(1, max(1, height))
            kind = self.rng.random()
            if kind < 0.55:
                out.append(f"\x1b[<0;{x};{y}M\x1b[<0;{x};{y}m")  # left click
            elif kind < 0.9:
                out.append(f"\x1b[<{self.rng.choice((64, 65))};{x};{y}M")  # wheel up or down
            else:
                out.append(self.key())
        return "".join(out), count

    def paste(self) -> tuple[str, int]:
        parts = [
            self.rng.choice(SURROGATES) if self.rng.random() < 0.08 else self.rng.choice(PASTE_CHARS)
            for _ in range(self.rng.randint(1, 120))
        ]
        return "\x1b[200~" + "".join(parts) + "\x1b[201~", 1

    def resize(self) -> tuple[tuple[int, int], int]:
        if self.rng.random() < 0.3:
            size = (self.rng.randint(10, 45), self.rng.randint(3, 14))  # around the too-small limit
        else:
            size = (self.rng.randint(10, 200), self.rng.randint(3, 70))
        self.size = size
        return size, 1

    def step(self) -> tuple[str, Write, int]:
        """(mode, write, how many keys it holds) for the next write."""
        mode = self.rng.choice(self.modes)
        if mode == "resize" and self.rng.random() < 0.7:
            mode = "keys"  # a resize mode that only resized would never reach the dialogs
        if mode == "keys":
            return mode, self.key(), 1
        made: tuple[Write, int] = getattr(self, mode)()
        return (mode, *made)


def steps(seed: int, count: int, modes: Sequence[str] = ("keys", "resize")) -> list[Write]:
    """Writes holding at least ``count`` keys, the same for the same seed."""
    fuzzer, out, keys = Fuzzer(seed, modes), [], 0
    while keys < count:
        _, write, n = fuzzer.step()
        out.append(write)
        keys += n
    return out


# -- in-process runner (Textual's Pilot; the tests use it) ----------------------------------------------------------


async def run(catalog: object, sequence: Sequence[Write], size: tuple[int, int] = (100, 30)) -> None:
    """Play ``sequence`` on a fresh app through Textual's xterm parser (restarting after q); raises what it raised."""
    from textual._xterm_parser import XTermParser

    from aligntui.catalog.model import Catalog
    from aligntui.personal.settings import Settings
    from aligntui.tui.app import make_app

    assert isinstance(catalog, Catalog)
    position = 0
    home, environment = os.getcwd(), dict(os.environ)
    with tempfile.TemporaryDirectory(prefix="aligntui-fuzz-") as scratch:
        os.chdir(scratch)
        os.environ.update(_scratch_env(Path(scratch)))
        try:
            while position < len(sequence):
                app = make_app(catalog, Settings(clipboard="osc52"), state={}, bib=Path(scratch) / "fuzz.bib")
                async with app.run_test(size=size) as pilot:
                    while position < len(sequence) and app.is_running:
                        step = sequence[position]
                        position += 1
                        if isinstance(step, tuple):
                            await pilot.resize_terminal(*step)
                            continue
                        parser = XTermParser()  # a fresh one per write: a lone Escape ends with the write
                        driver = app._driver
                        assert driver is not None
                        for event in [*parser.feed(step), *parser.feed("")]:
                            driver.process_message(event)  # all at once, as the driver does with one read
                        await pilot.pause()
                    await pilot.pause()
        finally:
            os.chdir(home)
            os.environ.clear()
            os.environ.update(environment)


def _scratch_env(scratch: Path) -> dict[str, str]:
    """The variables that keep the app inside ``scratch``: its folders, HOME and XDG folders, OSC 52 clipboard."""
    env = {f"ALIGNTUI_{name}_DIR": str(scratch / name.lower()) for name in ("DATA", "STATE", "CONFIG", "CACHE")}
    env.update({name: str(scratch / "home" / name.lower()) for name in ("HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME")})
    env.update({"XDG_CACHE_HOME": str(scratch / "home" / "cache"), "XDG_DATA_HOME": str(scratch / "home" / "data")})
    env["ALIGNTUI_CLIPBOARD"] = "osc52"
    return env


# -- pseudo-terminal runner (the real app) ----------------------------------------------------------------------------


TRACEBACK = (b"Traceback", b"most recent call last")
"""What Python and Rich print above a traceback (Rich styles the words apart)."""


class Crash(Exception):
    """The app crashed: ``report`` is its crash report or its last output."""

    def __init__(self, status: int | None, report: str) -> None:
        super().__init__(f"exit status {status}: {report.strip().splitlines()[-1] if report.strip() else ''}")
        self.status = status
        self.report = report


class PtyApp:
    """``python -m aligntui`` on a pseudo-terminal in ``scratch``; ``write`` sends text, ``resize`` the window."""

    def __init__(self, catalog: Path, scratch: Path, size: tuple[int, int], raw_surrogates: bool = True) -> None:
        self.scratch = scratch
        self.raw_surrogates = raw_surrogates
        self.output = bytearray()
        self.traceback = False
        self.main, child = pty.openpty()
        self._set_size(size)
        dropped = ("DISPLAY", "WAYLAND_DISPLAY", "BROWSER", "TMUX", "COLUMNS", "LINES")
        env = {k: v for k, v in os.environ.items() if k not in dropped}
        env.update(_scratch_env(scratch), TERM="xterm-256color")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "aligntui", "--catalog", str(catalog), "--bib", str(scratch / "fuzz.bib")],
            stdin=child,
            stdout=child,
            stderr=child,
            cwd=scratch,
            env=env,
            start_new_session=True,
        )
        os.close(child)
        end = time.monotonic() + 60
        while b"\x1b[?1049h" not in self.output and self.alive() and time.monotonic() < end:
            self._read(0.1)  # keys sent before the app reads the terminal would be echoed, not typed
        self.settle(quiet=0.3, limit=10)

    def _set_size(self, size: tuple[int, int]) -> None:
        columns, lines = size
        fcntl.ioctl(self.main, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))

    def _read(self, wait: float) -> bool:
        ready, _, _ = select.select([self.main], [], [], wait)
        if not ready:
            return False
        try:
            chunk = os.read(self.main, 65536)
        except OSError:
            return False
        self.output += chunk
        window = self.output[-len(chunk) - 200 :]
        if all(part in window for part in TRACEBACK):
            self.traceback = True  # Textual's panic prints one and may still exit with status 0
        del self.output[:-20000]  # only the tail is kept, for a crash message
        return bool(chunk)

    def settle(self, quiet: float = 0.04, limit: float = 2.0) -> None:
        """Read until the app has written nothing for ``quiet`` seconds (at most ``limit`` seconds)."""
        end = time.monotonic() + limit
        while time.monotonic() < end and self._read(quiet):
            pass

    def alive(self) -> bool:
        return self.process.poll() is None

    def write(self, step: Write) -> None:
        if isinstance(step, tuple):
            self._set_size(step)
            self.process.send_signal(signal.SIGWINCH)
        else:
            data = step.encode("utf-8", "surrogatepass" if self.raw_surrogates else "replace")
            while data and self.alive():
                _, writable, _ = select.select([], [self.main], [], 0.05)
                if writable:
                    data = data[os.write(self.main, data[:1024]) :]
                self._read(0)  # keep reading, or a full terminal blocks the app and then us
        self.settle()

    def crash(self) -> Crash | None:
        """The crash, if the app stopped on one (or still runs but left a crash report)."""
        reports = sorted((self.scratch / "state").glob("crash-*.txt"))
        status = self.process.poll()
        if reports:
            return Crash(status, reports[-1].read_text(encoding="utf-8", errors="replace"))
        if status not in (None, 0) or self.traceback:
            return Crash(status, self.output.decode("utf-8", "replace")[-3000:])
        return None

    def wait(self, seconds: float) -> int | None:
        """The exit status once the app has ended, reading its output meanwhile (None after ``seconds``)."""
        end = time.monotonic() + seconds
        while self.alive() and time.monotonic() < end:
            self._read(0.05)  # a full terminal would block the app's last writes, and so its exit
        return self.process.poll()

    def close(self) -> None:
        if self.alive():
            self.process.send_signal(signal.SIGTERM)
            if self.wait(10) is None:
                self.process.kill()
                self.process.wait()
        os.close(self.main)


class Tally:
    """Keys sent per (catalog, mode), app starts, and the crashes seen."""

    def __init__(self) -> None:
        self.keys: Counter[tuple[str, str]] = Counter()
        self.starts = 0
        self.crashes: list[str] = []

    def table(self) -> str:
        catalogs = sorted({c for c, _ in self.keys})
        modes = [m for m in MODES if any(mode == m for _, mode in self.keys)]
        rows = [f"{'catalog':40} " + " ".join(f"{m:>8}" for m in modes) + f" {'total':>9}"]
        for catalog in catalogs:
            counts = [self.keys[catalog, m] for m in modes]
            rows.append(f"{catalog[-40:]:40} " + " ".join(f"{n:>8}" for n in counts) + f" {sum(counts):>9}")
        rows.append(f"{'all':40} " + " ".join(f"{sum(self.keys[c, m] for c in catalogs):>8}" for m in modes)
                    + f" {sum(self.keys.values()):>9}")  # fmt: skip
        return "\n".join(rows)


def fuzz_pty(
    catalogs: Sequence[Path], fuzzer: Fuzzer, deadline: float, max_keys: int, tally: Tally, replay_to: Path,
    raw_surrogates: bool = True, keep_going: bool = False, restart_every: int = 1500,
) -> Crash | None:  # fmt: skip
    """Play writes on the real app, catalog after catalog (a new app after q or ``restart_every`` writes).

    Returns the first crash (its replay in ``replay_to``); with ``keep_going`` every crash is kept in
    ``tally.crashes`` (replays ``<replay_to stem>-N.json``) and the run goes on with a new app.
    """
    sent = 0
    turn = 0
    first: Crash | None = None
    with tempfile.TemporaryDirectory(prefix="aligntui-fuzz-") as folder:
        scratch = Path(folder)
        while time.monotonic() < deadline and sent < max_keys:
            catalog = catalogs[turn % len(catalogs)]
            turn += 1
            size = fuzzer.size
            app = PtyApp(catalog, scratch, size, raw_surrogates)
            tally.starts += 1
            log: list[Write] = []
            try:
                while app.alive() and time.monotonic() < deadline and sent < max_keys and len(log) < restart_every:
                    mode, step, keys = fuzzer.step()
                    log.append(step)
                    app.write(step)
                    tally.keys[str(catalog), mode] += keys
                    sent += keys
                    if app.crash() is not None:
                        break
                app.settle(quiet=0.3, limit=3)
                crash = app.crash()
            finally:
                app.close()
            if crash is not None:
                target = replay_to.with_name(f"{replay_to.stem}-{len(tally.crashes)}.json") if keep_going else replay_to
                save_replay(target, "pty", catalog, size, log, crash)
                tally.crashes.append(f"{catalog.name}: {crash} (replay: {target})")
                first = first or crash
                if not keep_going:
                    return crash
            shutil.rmtree(scratch / "state", ignore_errors=True)
    return first


def save_replay(path: Path, runner: str, catalog: Path | None, size: tuple[int, int], log: Sequence[Write],
                crash: BaseException, hostile: bool = False) -> None:  # fmt: skip
    """Keep what led to a crash: JSON with the runner, catalog, starting size, every write and the error."""
    record = {
        "runner": runner,
        "catalog": str(catalog) if catalog else None,
        "hostile": hostile,
        "size": list(size),
        "writes": [list(w) if isinstance(w, tuple) else w for w in log],
        "error": str(crash),
        "report": getattr(crash, "report", ""),
    }
    path.write_text(json.dumps(record, indent=1), encoding="utf-8")  # lone surrogates are kept as \ud800 escapes


def load_replay(path: Path) -> tuple[str, Path | None, tuple[int, int], list[Write], bool]:
    """(runner, catalog, size, writes, hostile) from a replay file."""
    record: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    writes: list[Write] = [(w[0], w[1]) if isinstance(w, list) else w for w in record["writes"]]
    catalog = Path(record["catalog"]) if record.get("catalog") else None
    width, height = record["size"]
    return record["runner"], catalog, (width, height), writes, bool(record.get("hostile"))


def replay(path: Path) -> int:
    """Play a replay file once; 1 if it still crashes."""
    runner, catalog, size, writes, make_hostile = load_replay(path)
    if runner == "pilot":
        from aligntui.catalog.load import load_catalog

        loaded = load_catalog(catalog)
        try:
            asyncio.run(run(hostile(loaded) if make_hostile else loaded, writes, size))
        except Exception as error:
            print(f"replay: CRASH {type(error).__name__}: {error}", file=sys.stderr)
            return 1
        print(f"replay: {len(writes)} writes, no crash")
        return 0
    assert catalog is not None
    with tempfile.TemporaryDirectory(prefix="aligntui-replay-") as folder:
        app = PtyApp(catalog, Path(folder), size)
        try:
            for step in writes:
                if not app.alive():
                    break
                app.write(step)
            app.settle(quiet=0.3, limit=3)
            crash = app.crash()
        finally:
            app.close()
    if crash is not None:
        print(f"replay: CRASH {crash}\n{crash.report}", file=sys.stderr)
        return 1
    print(f"replay: {len(writes)} writes, no crash")
    return 0


def loadable(paths: Sequence[Path]) -> Iterator[Path]:
    """The catalogs among ``paths`` (files or folders of .toml) that load; the others are said and skipped."""
    from aligntui.catalog.load import load_catalog

    for path in paths:
        refused = 0
        for file in sorted(path.glob("*.toml")) if path.is_dir() else [path]:
            try:
                load_catalog(file.resolve())
            except Exception:  # a hostile catalog the loader refuses never reaches the explorer
                refused += 1
                continue
            yield file.resolve()
        if refused:
            print(f"{path}: {refused} catalog(s) refused by the loader, skipped", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """The command line."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--modes", default=",".join(MODES), help=f"comma-separated, from {', '.join(MODES)}")
    parser.add_argument("--minutes", type=float, default=5.0, help="time budget (default 5)")
    parser.add_argument("--count", type=int, default=10**9, help="stop after this many keys")
    parser.add_argument("--catalog", type=Path, action="append", default=[], help="a catalog or a folder of them")
    parser.add_argument("--runner", choices=("pty", "pilot"), default="pty")
    parser.add_argument("--hostile", action="store_true", help="pilot runner: put hostile strings into the catalog")
    parser.add_argument("--no-raw-surrogates", action="store_true", help="pty runner: send lone surrogates as U+FFFD")
    parser.add_argument("--replay", type=Path, help="play a replay file written at a crash")
    parser.add_argument("--keep-going", action="store_true", help="pty runner: after a crash, note it and go on")
    parser.add_argument("--out", type=Path, default=Path("."), help="folder for replay files (default .)")
    args = parser.parse_args(argv)
    if args.replay:
        return replay(args.replay)
    modes = [m for m in args.modes.split(",") if m]
    if unknown := set(modes) - set(MODES):
        parser.error(f"unknown modes: {', '.join(sorted(unknown))}")
    from aligntui.catalog.load import bundled_catalog_path

    catalogs = list(loadable(args.catalog or [bundled_catalog_path()]))
    fuzzer = Fuzzer(args.seed, modes)
    replay_to = args.out / f"fuzz-crash-seed{args.seed}.json"
    deadline = time.monotonic() + args.minutes * 60
    tally = Tally()
    crash: BaseException | None
    if args.runner == "pty":
        crash = fuzz_pty(
            catalogs, fuzzer, deadline, args.count, tally, replay_to, not args.no_raw_surrogates, args.keep_going
        )
    else:
        crash = _fuzz_pilot(catalogs, fuzzer, deadline, args.count, tally, replay_to, args.hostile)
    print(tally.table())
    for line in tally.crashes:
        print(f"crash: {line}")
    found = f"{len(tally.crashes) or 1} crash(es), the first: {crash}" if crash else "no crash"
    print(f"seed {args.seed}: {sum(tally.keys.values())} keys in {tally.starts} app starts, {found}")
    return 1 if crash else 0


def _fuzz_pilot(catalogs: Sequence[Path], fuzzer: Fuzzer, deadline: float, max_keys: int, tally: Tally,
                replay_to: Path, make_hostile: bool) -> BaseException | None:  # fmt: skip
    """The in-process runner, 200 writes per app, catalog after catalog."""
    from aligntui.catalog.load import load_catalog

    sent, turn = 0, 0
    while time.monotonic() < deadline and sent < max_keys:
        path = catalogs[turn % len(catalogs)]
        turn += 1
        catalog: object = load_catalog(path)
        if make_hostile:
            catalog = hostile(catalog)
        size, log = fuzzer.size, []
        for _ in range(200):
            mode, step, keys = fuzzer.step()
            log.append(step)
            tally.keys[str(path), mode] += keys
            sent += keys
        tally.starts += 1
        try:
            asyncio.run(run(catalog, log, size))
        except Exception as error:
            save_replay(replay_to, "pilot", path, size, log, error, make_hostile)
            return error
    return None


if __name__ == "__main__":
    sys.exit(main())
