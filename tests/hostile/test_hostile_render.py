"""Hostile catalog text on screen: walked and acted on with every key, nothing unsafe reaches the terminal."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

import pytest
from textual.geometry import Region

from aligntui.catalog.model import Catalog
from aligntui.personal.settings import Settings
from aligntui.text.safe import is_safe
from aligntui.tui.app import AlignApp, make_app

TOOL = Path(__file__).resolve().parents[2] / "tools" / "fuzz_keys.py"


def _hostile(catalog: Catalog) -> Catalog:
    spec = importlib.util.spec_from_file_location("fuzz_keys_hostile", TOOL)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # the tool's dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    hostile = module.hostile(catalog)
    assert isinstance(hostile, Catalog)
    return hostile


def _unsafe_lines(app: AlignApp) -> list[str]:
    """Every rendered line of every widget on screen that holds a character the terminal would act on."""
    bad: list[str] = []
    for widget in app.screen.query("*"):
        if not widget.display or widget.size.area == 0:
            continue
        for strip in widget.render_lines(Region(0, 0, widget.size.width, widget.size.height)):
            if not is_safe(strip.text):
                bad.append(f"{type(widget).__name__}: {strip.text!r}")
    return bad


async def _settle(app: AlignApp, pilot: Any) -> None:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_every_node_and_every_key_render_safely(ui_catalog: Catalog) -> None:
    app = make_app(_hostile(ui_catalog), Settings(clipboard="show"), state={})
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("e", "g")
        seen = 0
        while True:
            await pilot.pause()
            assert _unsafe_lines(app) == []
            for key in ("c", "C", "Y", "o"):
                await pilot.press(key)
                await _settle(app, pilot)
                assert _unsafe_lines(app) == [], key
                while app.screen is not app.main:
                    await pilot.press("escape")
                    await pilot.pause()
            seen += 1
            line = app.main.taxonomy.cursor_line
            await pilot.press("j")
            if app.main.taxonomy.cursor_line == line or seen >= 4:
                break
        assert seen == 4 and app.is_running
        await pilot.press("slash", *"lovelace", "enter")
        await pilot.pause()
        assert _unsafe_lines(app) == []


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_a_hostile_setting_never_reaches_the_terminal_raw() -> None:
    import signal

    from ..pseudo_terminal import run_until_signal

    payload = "\x1b]2;PWNED\x07\x1b]52;c;SGVsbG8=\x07\u202e"
    output, status = run_until_signal({"ALIGNTUI_CLIPBOARD": payload}, b"PWNED", signal.SIGTERM)
    assert status is not None
    assert b"PWNED" in output  # the warning was shown ...
    assert b"\x1b]2;PWNED" not in output and b"\x1b]52;c;SGVsbG8=" not in output  # ... never as a command
    assert "\u202e".encode() not in output
