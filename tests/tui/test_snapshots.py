"""Snapshot tests of the screens a person looks at, at three terminal sizes (reviewed as pictures before committing).

Each waits for the first paint before pressing keys: keys typed before it can only be filter text (issue 19).
"""

from __future__ import annotations

from typing import Any

import pytest

from aligntui.catalog.model import Catalog
from aligntui.personal.settings import Settings
from aligntui.tui.app import make_app

from .painted import until_painted

SIZES = [pytest.param((120, 40), id="120x40"), pytest.param((80, 24), id="80x24"), pytest.param((60, 20), id="60x20")]
"""Wide (panes side by side), a classic terminal (stacked panes), and a small one."""

TO_A_WORK = ["j", "l", "j", "l", "j"]
"""From the first line to the first work of "Alignment Goal Achievement"."""


def _app(catalog: Catalog) -> Any:
    return make_app(catalog, Settings(clipboard="osc52"), state={})


@pytest.mark.parametrize("size", SIZES)
def test_main_screen(snap_compare: Any, ui_catalog: Catalog, size: tuple[int, int]) -> None:
    assert snap_compare(_app(ui_catalog), run_before=until_painted, press=TO_A_WORK, terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_filtered_screen(snap_compare: Any, ui_catalog: Catalog, size: tuple[int, int]) -> None:
    assert snap_compare(
        _app(ui_catalog), run_before=until_painted, press=["slash", *"reward model", "enter"], terminal_size=size
    )


@pytest.mark.parametrize("size", SIZES)
def test_help_screen(snap_compare: Any, ui_catalog: Catalog, size: tuple[int, int]) -> None:
    assert snap_compare(_app(ui_catalog), run_before=until_painted, press=["question_mark"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_cite_picker(snap_compare: Any, ui_catalog: Catalog, size: tuple[int, int]) -> None:
    assert snap_compare(_app(ui_catalog), run_before=until_painted, press=[*TO_A_WORK, "C"], terminal_size=size)


def test_marked_work(snap_compare: Any, ui_catalog: Catalog) -> None:
    async def mark(pilot: Any) -> None:
        await until_painted(pilot)
        await pilot.press("j", "l", "j", "l", "j", "s", "r", "r", "m", *"Read sec 3", "ctrl+s")
        await pilot.pause()
        pilot.app.clear_notifications()  # the picture is of the marks, not of four toasts

    assert snap_compare(_app(ui_catalog), run_before=mark, terminal_size=(120, 36))


def test_note_editor(snap_compare: Any, ui_catalog: Catalog) -> None:
    keys = ["j", "l", "j", "l", "j", "m", *"Read sec 3"]
    assert snap_compare(_app(ui_catalog), run_before=until_painted, press=keys, terminal_size=(120, 36))
