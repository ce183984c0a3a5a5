"""Seeded fuzz runs of tools/fuzz_keys.py, bounded: keys and resizes down to 10x3, bursts, mouse reports, pastes."""

from __future__ import annotations

import importlib.util
import os
import sys
import time
from pathlib import Path
from types import ModuleType

import pytest

from aligntui.catalog.model import Catalog

from ..conftest import UI_CATALOG

TOOL = Path(__file__).resolve().parents[2] / "tools" / "fuzz_keys.py"


def _tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("fuzz_keys", TOOL)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["fuzz_keys"] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(("seed", "hostile"), [(101, False), (102, True)])
async def test_random_keys_never_crash_the_app(catalog: Catalog, seed: int, hostile: bool) -> None:
    tool = _tool()
    sequence = tool.steps(seed, 60)
    assert any(isinstance(step, tuple) for step in sequence)  # resizes are part of it
    await tool.run(tool.hostile(catalog) if hostile else catalog, sequence)


@pytest.mark.parametrize(
    ("seed", "mode", "keys"), [(201, "burst", 300), (202, "burst", 300), (203, "paste", 25), (204, "mouse", 80)]
)
async def test_bursts_pastes_and_clicks_never_crash_the_app(
    ui_catalog: Catalog, seed: int, mode: str, keys: int
) -> None:
    """In-process, through Textual's own xterm parser: pastes here hold real lone surrogates."""
    tool = _tool()
    sequence = tool.steps(seed, keys, modes=(mode, "keys"))
    await tool.run(tool.hostile(ui_catalog), sequence)


def test_a_burst_on_a_pseudo_terminal_never_crashes_the_real_app(tmp_path: Path) -> None:
    """The real app, ``python -m aligntui``, in a scratch folder; a crash leaves a replay file."""
    tool = _tool()
    tally = tool.Tally()
    replay = tmp_path / "replay.json"
    fuzzer = tool.Fuzzer(301, ("burst", "paste", "mouse", "resize"))
    crash = tool.fuzz_pty([UI_CATALOG], fuzzer, time.monotonic() + 120, 300, tally, replay)
    assert crash is None, crash.report
    assert not replay.exists()
    assert tally.starts >= 1 and sum(tally.keys.values()) > 0


@pytest.mark.parametrize("junk", [b"\xed\xa0\x80", b"\xe9", b"\xff\xfe", b"\xc3"])
def test_ill_formed_utf8_from_the_terminal_becomes_a_replacement_character(tmp_path: Path, junk: bytes) -> None:
    """A lone surrogate pasted as bytes (ED A0 80), Latin-1, junk: Textual's strict decoder stopped the app."""
    tool = _tool()
    app = tool.PtyApp(UI_CATALOG, tmp_path, (100, 30))
    try:
        app.write("/")
        os.write(app.main, b"\x1b[200~a" + junk + b"b\x1b[201~")
        app.write("xyz")
        assert app.alive() and app.crash() is None
        app.write("\x11")  # Ctrl+Q: the app still reads keys after the junk, and quits
        assert app.wait(30) == 0 and app.crash() is None
    finally:
        app.close()


def test_the_same_seed_gives_the_same_writes() -> None:
    tool = _tool()
    assert tool.steps(7, 50) == tool.steps(7, 50) != tool.steps(8, 50)
    assert tool.steps(7, 200, modes=tool.MODES) == tool.steps(7, 200, modes=tool.MODES)


def test_a_replay_file_keeps_every_write(tmp_path: Path) -> None:
    """Writes with lone surrogates and resizes survive the JSON file, exactly."""
    tool = _tool()
    writes = ["\x1b[200~a\ud800b\x1b[201~", (10, 3), "\x10\x1b[6~"]
    path = tmp_path / "crash.json"
    tool.save_replay(path, "pilot", UI_CATALOG, (100, 30), writes, RuntimeError("boom"), hostile=True)
    assert tool.load_replay(path) == ("pilot", UI_CATALOG, (100, 30), writes, True)
