"""Benchmark aligntui in a real terminal (tmux) against a minimal Textual app.

    python benchmarks/bench_tui.py            # bundled, 1k, 10k, 100k
    python benchmarks/bench_tui.py --quick    # fewer repetitions, no 100k

Everything runs on a private tmux server (its own socket, killed at the end)
driven through one control-mode client, so polling the screen costs a
socket round trip (~1-4 ms) rather than a new ``tmux`` process per poll.
Windows are 120x40. ``ALIGNTUI_STATE_DIR`` points at a temporary folder.

(a) First paint: from just before tmux starts the process until
    ``capture-pane`` shows the tree (the first section, opened: "▼ Title"),
    alternating with ``benchmarks/minimal_app.py`` (until its first leaf
    shows), N times; medians and their ratio. aligntui's parse cache
    (``ALIGNTUI_CACHE_DIR``) is a private temporary folder: one cold run (empty
    cache: the first open of a catalog; left running until idle, as it stores
    the cache after building its index), then N warm runs (cache filled).
(b) Keystroke to screen: once the app is idle (no CPU used for 0.3 s: the
    search index has been folded in its thread), ``/`` then words typed one key at a time and deleted
    one key at a time (BackSpace), each key timed from ``send-keys`` until
    the screen shows its effect. Three times per key:
      echo     the input line shows the new text;
      result   anything outside the input line changed as well (the filter's
               count line or the tree; captured with colours, so a change of
               the highlighted letters counts) - the filter's answer is on screen;
      settled  the last change outside the input line before the screen stays
               still (quiet for max(300 ms, the result time)): the detail pane too.
    A key whose result changes nothing visible (rare) is counted, not timed.
    The same keys typed into the minimal app's Input (echoed into a Static by
    an Input.Changed handler) give the floor.
(c) Memory: VmRSS of the aligntui process after the first paint and after
    50 keys, and its VmHWM (peak) at the end, from /proc/PID/status.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import queue
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import add_catalog_options, catalog_paths, compile_aligntui, describe_aligntui, fmt, median, table, verdict

HERE = Path(__file__).resolve().parent
WIDTH, HEIGHT = 120, 40
WORDS = ["reward", "model", "safety", "human", "value", "preferance"]
"""Typed then deleted, one key at a time: 74 keys (the last one is misspelt: fuzzy fallback)."""
MEMORY_KEYS = 50

# The targets of issue 23, against the minimal app measured in the same run.
PAINT_RATIO_TARGET = {"bundled": 1.2, "1k": 1.2, "10k": 1.2, "100k": 2.0}
COLD_PAINT_TARGET_MS = {"100k": 4000.0}
KEY_OVER_FLOOR_TARGET_MS = {"bundled": 15.0, "1k": 15.0, "10k": 15.0, "100k": 50.0}
KEY_WORST_TARGET_MS = {"10k": 150.0}
SETTLED_TARGET_MS = {"bundled": 100.0}
PEAK_TARGET_MB = {"100k": 200.0}
GROWTH_TARGET_PERCENT = 10.0

_SGR = re.compile(r"\x1b\[[0-9;:?]*[A-Za-z]|\x1b[()][A-Za-z0-9]")


def plain(line: str) -> str:
    """A captured line without its escape sequences."""
    return _SGR.sub("", line)


# -- a tmux server driven through control mode -------------------------------------------


class TmuxError(RuntimeError):
    """A tmux command failed."""


class Tmux:
    """A private tmux server and one control-mode client to send it commands."""

    def __init__(self, workdir: Path) -> None:
        self.socket = f"aligntui-bench-{os.getpid()}"
        self.workdir = workdir
        self._blocks: queue.Queue[tuple[bool, list[str]]] = queue.Queue()
        # The control client sits in an idle session of its own; the apps run in detached sessions.
        self._proc = subprocess.Popen(
            [
                "tmux",
                "-L",
                self.socket,
                "-f",
                "/dev/null",
                "-C",
                "new-session",
                "-s",
                "idle",
                "-x",
                "80",
                "-y",
                "24",
                "sleep 1000000",
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            bufsize=0,
        )
        threading.Thread(target=self._read, daemon=True).start()
        assert self._proc.stdin is not None
        self._proc.stdin.write(b"display-message -p control-ready\n")
        while True:  # skip the block answering new-session itself
            _, lines = self._blocks.get(timeout=10)
            if lines == ["control-ready"]:
                break
        self.cmd("set-option -g status off")

    def _read(self) -> None:
        assert self._proc.stdout is not None
        block: list[str] | None = None
        tag: list[str] = []
        for raw in self._proc.stdout:
            line = raw.decode("utf-8", "replace").rstrip("\n")
            if block is None:
                if line.startswith("%begin "):
                    block, tag = [], line.split()[1:3]
                continue  # notifications (%output, %sessions-changed...) are not needed
            if line.startswith(("%end ", "%error ")) and line.split()[1:3] == tag:
                self._blocks.put((line.startswith("%end "), block))
                block = None
            else:
                block.append(line)

    def cmd(self, command: str, timeout: float = 30.0) -> list[str]:
        """Run one tmux command; return its output lines."""
        assert self._proc.stdin is not None
        self._proc.stdin.write(command.encode() + b"\n")
        ok, lines = self._blocks.get(timeout=timeout)
        if not ok:
            raise TmuxError(f"{command}: {' '.join(lines)}")
        return lines

    def capture(self, session: str, escapes: bool = False) -> list[str]:
        """The pane's lines (with SGR escapes when ``escapes``)."""
        return self.cmd(f"capture-pane -p {'-e ' if escapes else ''}-t {session}")

    def start(self, session: str, argv: Sequence[str], env: dict[str, str]) -> float:
        """Start ``argv`` in a new detached 120x40 session; return the perf_counter just before."""
        script = self.workdir / f"{session}.sh"
        exports = "".join(f"export {k}={shlex.quote(v)}\n" for k, v in env.items())
        script.write_text(f"#!/bin/sh\n{exports}exec {shlex.join(argv)}\n")
        script.chmod(0o755)
        started = time.perf_counter()
        self.cmd(f"new-session -d -s {session} -x {WIDTH} -y {HEIGHT} {script}")
        return started

    def pid(self, session: str) -> int:
        """The process running in the session's pane."""
        return int(self.cmd(f"list-panes -t {session} -F '#{{pane_pid}}'")[0])

    def kill(self, session: str) -> None:
        """End the session and wait for its process to exit."""
        try:
            pid = self.pid(session)
        except (TmuxError, ValueError, IndexError):
            return
        with contextlib.suppress(TmuxError):
            self.cmd(f"kill-session -t {session}")
        deadline = time.perf_counter() + 5
        while Path(f"/proc/{pid}").exists() and time.perf_counter() < deadline:
            time.sleep(0.02)
        if Path(f"/proc/{pid}").exists():
            os.kill(pid, signal.SIGKILL)

    def close(self) -> None:
        """Kill this private server (and so every session on it)."""
        try:
            if self._proc.poll() is None:
                assert self._proc.stdin is not None
                self._proc.stdin.write(b"kill-server\n")
                self._proc.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            self._proc.kill()
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True)


# -- the two apps ---------------------------------------------------------------------------


@dataclass
class AppSpec:
    """How to start an app and recognise its screens."""

    name: str
    argv: list[str]
    painted: Callable[[list[str]], bool]
    placeholder: str


def aligntui_spec(path: Path | None) -> AppSpec:
    """aligntui on a catalog; painted once the first section shows opened in the tree."""
    from aligntui.catalog.load import bundled_catalog_path

    file = path or bundled_catalog_path()
    title = _first_section_title(file)
    marker = "▼ " + title[:30]
    command = shutil.which("aligntui")
    argv = [command] if command else [sys.executable, "-m", "aligntui"]
    if path is not None:
        argv += ["--catalog", str(path)]
    return AppSpec("aligntui", argv, lambda lines: any(marker in line for line in lines), "/ to filter")


def minimal_spec() -> AppSpec:
    """benchmarks/minimal_app.py; painted once its first leaf shows."""
    sys.path.insert(0, str(HERE))
    from minimal_app import FIRST_LEAF

    return AppSpec(
        "minimal",
        [sys.executable, str(HERE / "minimal_app.py")],
        lambda lines: any(FIRST_LEAF in line for line in lines),
        "/ to type",
    )


def _first_section_title(file: Path) -> str:
    """The title of the first [[sections]] table (the first root), read without parsing the whole file."""
    in_section = False
    with file.open(encoding="utf-8") as handle:
        for line in handle:
            stripped = line.strip()
            if stripped == "[[sections]]":
                in_section = True
            elif in_section:
                match = re.match(r'title\s*=\s*"((?:[^"\\]|\\.)*)"', stripped)
                if match:
                    return match.group(1)
    raise ValueError(f"{file}: no [[sections]] title found")


# -- (a) first paint ------------------------------------------------------------------------


class Runner:
    """Starts apps on the tmux server and measures them."""

    def __init__(self, tmux: Tmux, state_dir: Path) -> None:
        self.tmux = tmux
        self.env = {"ALIGNTUI_STATE_DIR": str(state_dir), "ALIGNTUI_CONFIG_DIR": str(state_dir)}
        if os.environ.get("PYTHONPATH"):  # e.g. measuring a checkout other than the installed one
            self.env["PYTHONPATH"] = os.environ["PYTHONPATH"]
        self.count = 0

    def first_paint(self, spec: AppSpec, timeout: float = 900.0) -> tuple[str, float]:
        """Start the app; return its session and the seconds until it painted."""
        self.count += 1
        session = f"{spec.name}{self.count}"
        started = self.tmux.start(session, spec.argv, self.env)
        deadline = started + timeout
        while True:
            lines = self.tmux.capture(session)
            now = time.perf_counter()
            if spec.painted(lines):
                return session, now - started
            if now > deadline:
                self.tmux.kill(session)
                raise TimeoutError(f"{spec.name} did not paint within {timeout:.0f} s")
            # Poll fast while a paint is plausible soon; relax for long loads.
            time.sleep(0.002 if now - started < 3 else 0.01)

    def quiet(self, session: str, skip_row: int | None, quiet: float = 0.3, limit: float = 30.0) -> list[str]:
        """Wait until the screen (less ``skip_row``) stays unchanged for ``quiet`` seconds."""
        last = self.tmux.capture(session, escapes=True)
        changed = begun = time.perf_counter()
        while time.perf_counter() - changed < quiet and time.perf_counter() - begun < limit:
            time.sleep(0.01)
            lines = self.tmux.capture(session, escapes=True)
            if _outside(lines, skip_row) != _outside(last, skip_row):
                changed = time.perf_counter()
            last = lines
        return last


def _outside(lines: list[str], row: int | None) -> list[str]:
    return lines if row is None else lines[:row] + lines[row + 1 :]


# -- (b) keystrokes -------------------------------------------------------------------------


@dataclass
class Key:
    """One timed keystroke."""

    key: str
    value: str
    echo_ms: float | None = None
    result_ms: float | None = None
    settled_ms: float | None = None


@dataclass
class TypingRun:
    """What typing into one app instance measured."""

    keys: list[Key] = field(default_factory=list)
    rss_start_mb: float = float("nan")
    rss_after_mb: float = float("nan")
    hwm_mb: float = float("nan")
    keys_for_memory: int = 0
    seconds: float = 0.0
    idle_wait_s: float = 0.0


def _status(pid: int) -> dict[str, float]:
    values: dict[str, float] = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(("VmRSS:", "VmHWM:")):
            name, amount = line.split(":", 1)
            values[name] = int(amount.split()[0]) / 1024
    return values


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def wait_idle(pid: int, window: float = 0.3, limit: float = 120.0) -> float:
    """Wait until the process uses (almost) no CPU for ``window`` seconds; return the seconds waited.

    aligntui folds its search index in a thread after the first paint; typing
    starts once that is done, so every catalog is measured in the same state.
    """
    begun = time.perf_counter()
    while time.perf_counter() - begun < limit:
        before = _cpu_seconds(pid)
        time.sleep(window)
        if _cpu_seconds(pid) - before <= 0.02:
            break
    return time.perf_counter() - begun


def _input_row(lines: list[str], placeholder: str) -> int:
    for number, line in enumerate(lines):
        if placeholder in plain(line):
            return number
    raise RuntimeError(f"no input line with {placeholder!r} on screen:\n" + "\n".join(plain(x) for x in lines))


def _input_value(line: str, placeholder: str) -> str:
    text = plain(line).strip().strip("▊▎▌▐│").strip()
    return "" if text.startswith(placeholder) else text


def type_words(runner: Runner, session: str, spec: AppSpec, words: Sequence[str], budget: float) -> TypingRun:
    """Press ``/``, then type and delete each word one key at a time, timing every key."""
    tmux = runner.tmux
    run = TypingRun()
    started = time.perf_counter()
    pid = tmux.pid(session)
    run.idle_wait_s = wait_idle(pid)
    before = runner.quiet(session, None, quiet=0.5)
    row = _input_row([plain(x) for x in before], spec.placeholder)
    run.rss_start_mb = _status(pid)["VmRSS"]
    tmux.cmd(f"send-keys -t {session} /")
    before = runner.quiet(session, row, quiet=0.4)
    sequence: list[tuple[str, str]] = []
    for word in words:
        sequence += [(word[i - 1], word[:i]) for i in range(1, len(word) + 1)]
        sequence += [("BSpace", word[:i]) for i in range(len(word) - 1, -1, -1)]
    slowest = 0.0
    for number, (key, value) in enumerate(sequence, start=1):
        record = Key(key, value)
        send = f"send-keys -t {session} BSpace" if key == "BSpace" else f"send-keys -t {session} -l {shlex.quote(key)}"
        region_before = _outside(before, row)
        timeout = max(3.0, 4 * slowest)
        last_change = None
        lines = before
        sent = time.perf_counter()
        tmux.cmd(send)
        while True:
            current = tmux.capture(session, escapes=True)
            now = time.perf_counter()
            if current != lines:
                if record.echo_ms is None and _input_value(current[row], spec.placeholder) == value:
                    record.echo_ms = (now - sent) * 1000
                region = _outside(current, row)
                if region != _outside(lines, row):
                    last_change = now
                    if record.result_ms is None and region != region_before and record.echo_ms is not None:
                        record.result_ms = (now - sent) * 1000
                lines = current
            if record.result_ms is not None:
                assert last_change is not None
                if now - last_change >= max(0.3, record.result_ms / 1000):
                    record.settled_ms = (last_change - sent) * 1000
                    break
            elif now - sent > timeout:
                break  # nothing visible changed besides the echo
            time.sleep(0.003)
        if record.result_ms is not None:
            slowest = max(slowest, record.result_ms / 1000)
        before = lines
        run.keys.append(record)
        if number == MEMORY_KEYS:
            run.rss_after_mb = _status(pid)["VmRSS"]
            run.keys_for_memory = number
        if time.perf_counter() - started > budget and number >= MEMORY_KEYS:
            break
    if run.keys_for_memory == 0:
        run.rss_after_mb = _status(pid)["VmRSS"]
        run.keys_for_memory = len(run.keys)
    run.hwm_mb = _status(pid)["VmHWM"]
    run.seconds = time.perf_counter() - started
    return run


# -- running it all -------------------------------------------------------------------------


def measure_size(
    runner: Runner, name: str, path: Path | None, reps: int, budget: float, key_budget: float
) -> dict[str, Any]:
    """First paint (alternating with the minimal app), then typing into the last aligntui started.

    The first aligntui run of a catalog starts with an empty parse cache (cold:
    the first open of that file); the later ones find it filled (warm).
    """
    app, minimal = aligntui_spec(path), minimal_spec()
    runner.env["ALIGNTUI_CACHE_DIR"] = str(runner.tmux.workdir / f"cache-{name}")
    paints: dict[str, list[float]] = {"minimal": [], "aligntui": [], "aligntui_cold": []}
    kept: str | None = None

    def paint(spec: AppSpec, into: str, keep: bool) -> None:
        nonlocal kept
        session, seconds = runner.first_paint(spec)
        paints[into].append(seconds * 1000)
        print(f"[{name}] first paint {into}: {seconds * 1000:.0f} ms", file=sys.stderr, flush=True)
        if keep:
            kept = session
        else:
            if into == "aligntui_cold":  # the parse cache is stored after the index is built: let it be, or the
                wait_idle(runner.tmux.pid(session))  # next "warm" run would parse again (3 s at 100k, once seen)
            runner.tmux.kill(session)
        time.sleep(0.3)

    paint(minimal, "minimal", False)
    paint(app, "aligntui_cold", False)
    started = time.perf_counter()
    rep_seconds = 0.0
    for rep in range(reps):
        rep_start = time.perf_counter()
        last = rep == reps - 1 or (rep >= 1 and time.perf_counter() - started + rep_seconds > budget)
        for spec in (minimal, app) if rep % 2 == 0 else (app, minimal):
            paint(spec, spec.name, keep=spec is app and last)
        rep_seconds = time.perf_counter() - rep_start
        if last:
            break
    assert kept is not None
    try:
        typing = type_words(runner, kept, app, WORDS, key_budget)
    finally:
        runner.tmux.kill(kept)
    print(f"[{name}] typed {len(typing.keys)} keys in {typing.seconds:.0f} s", file=sys.stderr, flush=True)
    return {"paint_ms": paints, "typing": asdict(typing)}


def measure_floor(runner: Runner, key_budget: float) -> dict[str, Any]:
    """The minimal app's keystroke-to-screen times."""
    spec = minimal_spec()
    session, _ = runner.first_paint(spec)
    try:
        typing = type_words(runner, session, spec, WORDS, key_budget)
    finally:
        runner.tmux.kill(session)
    print(f"[floor] typed {len(typing.keys)} keys in {typing.seconds:.0f} s", file=sys.stderr, flush=True)
    return asdict(typing)


def _key_stats(keys: list[dict[str, Any]]) -> dict[str, Any]:
    timed = [k for k in keys if k["result_ms"] is not None]
    results = [k["result_ms"] for k in timed]
    worst = max(timed, key=lambda k: k["result_ms"]) if timed else None
    first = keys[0]["result_ms"] if keys else None
    clears = [k["result_ms"] for k in keys if k["value"] == "" and k["result_ms"] is not None]
    return {
        "timed": len(timed),
        "sent": len(keys),
        "echo": median([k["echo_ms"] for k in keys if k["echo_ms"] is not None]),
        "median": median(results),
        "p90": sorted(results)[int(0.9 * (len(results) - 1))] if results else float("nan"),
        "worst": worst["result_ms"] if worst else float("nan"),
        "worst_at": (f"`{worst['value']}`" if worst["key"] != "BSpace" else f"⌫ → `{worst['value']}`")
        if worst
        else "—",
        "settled": median([k["settled_ms"] for k in timed]),
        "settled_worst": max((k["settled_ms"] for k in timed), default=float("nan")),
        "first": first if first is not None else float("nan"),
        "clear": median(clears),
    }


def _ratio(ratio: float, target: float) -> str:
    """2 decimals, 3 where 2 would hide which side of the target it is."""
    return f"{ratio:.3f}x" if abs(ratio - target) < 0.005 else f"{ratio:.2f}x"


def report(floor: dict[str, Any], results: dict[str, dict[str, Any]]) -> str:
    """The Markdown tables."""
    out = ["### (a) First paint (ms from process start until the tree shows; medians)\n"]
    rows = []
    for name, r in results.items():
        m, a = median(r["paint_ms"]["minimal"]), median(r["paint_ms"]["aligntui"])
        cold = median(r["paint_ms"]["aligntui_cold"])
        ratio, cold_ratio = a / m, cold / m
        target = PAINT_RATIO_TARGET[name]
        cold_target = COLD_PAINT_TARGET_MS.get(name)
        rows.append(
            [
                name,
                len(r["paint_ms"]["aligntui"]),
                fmt(m, 0),
                fmt(a, 0),
                _ratio(ratio, target),
                verdict(ratio <= target),
                fmt(cold, 0),
                _ratio(cold_ratio, target),
                verdict(cold <= cold_target if cold_target else None),
                f"warm ≤{target}x" + (f", cold <{cold_target / 1000:g} s" if cold_target else ""),
            ]
        )
    out.append(
        table(
            [
                "catalog",
                "runs",
                "minimal app",
                "aligntui (warm cache)",
                "ratio",
                "warm",
                "aligntui (cold, 1 run)",
                "ratio",
                "cold",
                "target",
            ],
            rows,
        )
    )

    out.append("\n### (b) Keystroke to screen (ms from send-keys; `/`, then type and delete each word)\n")
    rows = []
    entries = [("minimal app (floor)", floor, None)] + [(name, r["typing"], name) for name, r in results.items()]
    floor_median = _key_stats(floor["keys"])["median"]
    for label, typing, name in entries:
        s = _key_stats(typing["keys"])
        if name is None:
            target, ok = "—", None
        else:
            limit = floor_median + KEY_OVER_FLOOR_TARGET_MS[name]
            worst, settled = KEY_WORST_TARGET_MS.get(name), SETTLED_TARGET_MS.get(name)
            target = f"result ≤{limit:.0f} (floor + {KEY_OVER_FLOOR_TARGET_MS[name]:g})"
            ok = s["median"] <= limit
            if worst is not None:
                target += f", worst <{worst:g}"
                ok = ok and s["worst"] < worst
            if settled is not None:
                target += f", settled ≤{settled:g}"
                ok = ok and s["settled"] <= settled
        rows.append(
            [
                label,
                f"{s['timed']}/{s['sent']}",
                fmt(s["echo"]),
                fmt(s["median"]),
                fmt(s["p90"]),
                fmt(s["worst"]),
                s["worst_at"],
                fmt(s["first"]),
                fmt(s["clear"]),
                fmt(s["settled"]),
                fmt(s["settled_worst"]),
                target,
                verdict(ok),
            ]
        )
    out.append(
        table(
            [
                "app / catalog",
                "keys timed",
                "echo median",
                "result median",
                "result p90",
                "result worst",
                "worst at",
                "first char",
                "clear to empty",
                "settled median",
                "settled worst",
                "target",
                "keystroke",
            ],
            rows,
        )
    )

    out.append("\n### (c) Memory of the aligntui process (MB, /proc/PID/status)\n")
    rows = []
    for label, typing, name in entries:
        growth = (typing["rss_after_mb"] - typing["rss_start_mb"]) / typing["rss_start_mb"] * 100
        peak_target = PEAK_TARGET_MB.get(name) if name else None
        ok_peak = typing["hwm_mb"] <= peak_target if peak_target else None
        ok_growth = growth < GROWTH_TARGET_PERCENT if name else None
        rows.append(
            [
                label,
                fmt(typing["rss_start_mb"]),
                f"{fmt(typing['rss_after_mb'])} ({typing['keys_for_memory']} keys)",
                f"{growth:+.1f}%",
                fmt(typing["hwm_mb"]),
                f"≤{peak_target:.0f}" if peak_target else "—",
                verdict(ok_peak),
                f"<{GROWTH_TARGET_PERCENT:g}%" if name else "—",
                verdict(ok_growth),
            ]
        )
    out.append(
        table(
            [
                "app / catalog",
                "VmRSS after paint",
                "VmRSS after keys",
                "growth",
                "VmHWM (peak)",
                "peak target",
                "peak",
                "growth target",
                "growth",
            ],
            rows,
        )
    )
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    """Run the TUI benchmark and print its tables."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer first-paint runs, skip 100k")
    parser.add_argument("--sizes", default=None, help="comma-separated: bundled,1k,10k,100k")
    parser.add_argument(
        "--reps", type=int, default=None, help="first-paint runs per app and catalog (default 7, quick 3)"
    )
    parser.add_argument(
        "--budget", type=float, default=None, help="seconds of first-paint runs per catalog before stopping early"
    )
    parser.add_argument(
        "--key-budget", type=float, default=300.0, help="seconds of typing per catalog (at least 50 keys are typed)"
    )
    add_catalog_options(parser)
    args = parser.parse_args(argv)
    if shutil.which("tmux") is None:
        parser.error("tmux is not installed")
    reps = args.reps or (3 if args.quick else 7)
    budget = args.budget or (30.0 if args.quick else 90.0)
    names = (
        args.sizes.split(",")
        if args.sizes
        else (["bundled", "1k", "10k"] if args.quick else ["bundled", "1k", "10k", "100k"])
    )
    paths = catalog_paths(names, args.dir, args.seed)
    compile_aligntui()

    with tempfile.TemporaryDirectory(prefix="aligntui-bench-tui-") as work:
        workdir = Path(work)
        state = workdir / "state"
        state.mkdir()
        tmux = Tmux(workdir)
        try:
            runner = Runner(tmux, state)
            floor = measure_floor(runner, args.key_budget)
            results = {name: measure_size(runner, name, paths[name], reps, budget, args.key_budget) for name in names}
        finally:
            tmux.close()
    if args.json:
        args.json.write_text(json.dumps({"floor": floor, "sizes": results}, indent=1))
    print(
        f"## aligntui TUI benchmark ({'quick' if args.quick else 'full'}; "
        f"tmux {WIDTH}x{HEIGHT}, {os.cpu_count()} CPUs)\n\n{describe_aligntui()}\n"
    )
    print(report(floor, results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
