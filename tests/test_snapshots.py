"""Snapshot tests of the screens a person looks at (reviewed as pictures before committing)."""

from __future__ import annotations

from typing import Any

from aligntui.app import make_app
from aligntui.catalog import Catalog
from aligntui.settings import Settings


def _app(catalog: Catalog) -> Any:
    return make_app(catalog, Settings(clipboard="osc52"), state={})


def test_main_screen(snap_compare: Any, ui_catalog: Catalog) -> None:
    assert snap_compare(_app(ui_catalog), press=["j", "l", "j", "l", "j"], terminal_size=(120, 36))


def test_filtered_screen(snap_compare: Any, ui_catalog: Catalog) -> None:
    assert snap_compare(_app(ui_catalog), press=["slash", *"reward model", "enter"], terminal_size=(120, 36))


def test_help_screen(snap_compare: Any, ui_catalog: Catalog) -> None:
    assert snap_compare(_app(ui_catalog), press=["question_mark"], terminal_size=(120, 44))


def test_narrow_terminal(snap_compare: Any, ui_catalog: Catalog) -> None:
    assert snap_compare(_app(ui_catalog), press=["j", "l", "j", "l", "j"], terminal_size=(80, 24))


def test_marked_work(snap_compare: Any, ui_catalog: Catalog) -> None:
    async def mark(pilot: Any) -> None:
        await pilot.press("j", "l", "j", "l", "j", "s", "r", "r", "m", *"Read sec 3", "ctrl+s")
        await pilot.pause()
        pilot.app.clear_notifications()  # the picture is of the marks, not of four toasts

    assert snap_compare(_app(ui_catalog), run_before=mark, terminal_size=(120, 36))


def test_note_editor(snap_compare: Any, ui_catalog: Catalog) -> None:
    assert snap_compare(_app(ui_catalog), press=["j", "l", "j", "l", "j", "m", *"Read sec 3"], terminal_size=(120, 36))
