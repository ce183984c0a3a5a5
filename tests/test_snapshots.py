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
