"""Where the explorer's start-up time goes, until the first frame is on the screen (diagnosis).

    python benchmarks/profile_start.py [--catalog FILE] [--cprofile N] [--runs N]

Runs ``aligntui --catalog FILE`` in a detached 120x40 tmux session (a private
tmux server, killed at the end), with the App's ``on_ready`` (Textual's
``Ready`` event: "the DOM is ready and the first frame has been displayed")
wrapped to note the time and quit. Prints, per run, the milliseconds from the
interpreter's start to: the end of imports, the catalog loaded, the App built,
and the first frame; and the CPU milliseconds the process used by then. With
``--cprofile N``, one more run is profiled and the top N functions by
cumulative time are printed. ``ALIGNTUI_CACHE_DIR`` and ``ALIGNTUI_STATE_DIR``
point at temporary folders; the parse cache is filled by a first, untimed run
(``--cold`` empties it before each run instead: first opens).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

CHILD = r"""
import json, os, sys, time, resource
start = float(sys.argv[1]); out = sys.argv[2]; profile_top = int(sys.argv[3]); catalog = sys.argv[4]
marks = {}
def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return 1000 * (r.ru_utime + r.ru_stime)
profiler = None
if profile_top:
    import cProfile
    profiler = cProfile.Profile()
    profiler.enable()
if catalog == "--minimal":
    sys.path.insert(0, sys.argv[5])
    import minimal_app
    marks["imports"] = time.time()
    def minimal_ready(self):
        marks["first frame"] = time.time()
        marks["cpu ms"] = cpu()
        self.exit()
    minimal_app.MinimalApp.on_ready = minimal_ready
    minimal_app.MinimalApp().run()
    with open(out, "w") as f:
        json.dump({k: (v if k == "cpu ms" else 1000 * (v - start)) for k, v in marks.items()}, f)
    sys.exit(0)
import gc
gc.disable()  # as the console script (aligntui.cli.main) imports: collector paused, then frozen
import aligntui.cli.main as cli
import aligntui.tui.app as tui_app
gc.freeze()
gc.enable()
marks["imports"] = time.time()
start_loading = cli.start_loading
def timed_start(*args, **kwargs):
    finish = start_loading(*args, **kwargs)
    def timed_finish():
        loaded = finish()
        marks["catalog loaded"] = time.time()
        return loaded
    return timed_finish
cli.start_loading = timed_start
make_app = tui_app.make_app
def timed_make_app(*args, **kwargs):
    app = make_app(*args, **kwargs)
    marks["app built"] = time.time()
    return app
ready = tui_app.AlignApp.on_ready
def on_ready(self):  # Textual finds handlers on the class, not the instance
    ready(self)
    marks["first frame"] = time.time()
    marks["cpu ms"] = cpu()
    self.exit()
tui_app.AlignApp.on_ready = on_ready
tui_app.make_app = timed_make_app
cli.main(["--catalog", catalog])
if profiler is not None:
    profiler.disable()
    import io, pstats
    text = io.StringIO()
    pstats.Stats(profiler, stream=text).sort_stats("cumulative").print_stats(profile_top)
    marks["profile"] = text.getvalue()
with open(out, "w") as f:
    json.dump({k: (v if k in ("cpu ms", "profile") else 1000 * (v - start)) for k, v in marks.items()}, f)
"""


def run_once(tmux: list[str], catalog: str, folder: Path, profile_top: int, env: dict[str, str]) -> dict[str, object]:
    """Start the explorer once in tmux; return the milliseconds of each mark (and the profile's text)."""
    out = folder / "marks.json"
    out.unlink(missing_ok=True)
    script = folder / "child.py"
    script.write_text(CHILD)
    start = time.time()
    command = [sys.executable, str(script), repr(start), str(out), str(profile_top), catalog, str(HERE)]
    subprocess.run([*tmux, "new-session", "-d", "-x", "120", "-y", "40", "-s", "start", *command], check=True, env=env)
    deadline = time.time() + 120
    while not out.exists() and time.time() < deadline:
        time.sleep(0.02)
    subprocess.run([*tmux, "kill-server"], capture_output=True)
    if not out.exists():
        raise SystemExit("the explorer did not reach its first frame in 120 s")
    time.sleep(0.05)
    result: dict[str, object] = json.loads(out.read_text())
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--catalog", default=str(Path(__file__).resolve().parent.parent / "catalog.toml"))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cold", action="store_true", help="empty the parse cache before each run (first opens)")
    parser.add_argument("--minimal", action="store_true", help="time benchmarks/minimal_app.py instead (the floor)")
    parser.add_argument("--cprofile", type=int, default=0, metavar="N")
    args = parser.parse_args()
    if shutil.which("tmux") is None:
        raise SystemExit("profile_start.py needs tmux")
    with tempfile.TemporaryDirectory(prefix="aligntui-start-") as tmp:
        folder = Path(tmp)
        env = {
            **os.environ,
            "ALIGNTUI_CACHE_DIR": str(folder / "cache"),
            "ALIGNTUI_STATE_DIR": str(folder / "state"),
            "TERM": "xterm-256color",
        }
        tmux = ["tmux", "-L", f"aligntui-start-{os.getpid()}", "-f", os.devnull]
        if args.minimal:
            args.catalog = "--minimal"
        run_once(tmux, args.catalog, folder, 0, env)  # fills the parse cache
        runs = []
        for _ in range(args.runs):
            if args.cold:
                shutil.rmtree(folder / "cache", ignore_errors=True)
            runs.append(run_once(tmux, args.catalog, folder, 0, env))
        names = [name for name in runs[0] if name != "profile"]
        kind = "cold runs" if args.cold else "runs"
        print(f"| ms from interpreter start ({args.runs} {kind}, {Path(args.catalog).name}) | median | min | max |")
        print("|---|---|---|---|")
        for name in names:
            values = [float(str(run[name])) for run in runs]
            print(f"| {name} | {statistics.median(values):.0f} | {min(values):.0f} | {max(values):.0f} |")
        if args.cprofile:
            print(run_once(tmux, args.catalog, folder, args.cprofile, env)["profile"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
