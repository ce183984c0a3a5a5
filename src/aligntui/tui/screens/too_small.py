"""A notice that covers the app while the terminal is smaller than the layout needs."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Static

__all__ = ["MIN_HEIGHT", "MIN_WIDTH", "TooSmall"]

MIN_WIDTH = 40
"""The narrowest terminal the explorer lays out its panes in (columns)."""
MIN_HEIGHT = 12
"""The shortest terminal the explorer lays out its panes in (lines)."""


class TooSmall(Screen[None]):
    """Shown instead of the panes and dialogs while the terminal is below ``MIN_WIDTH`` x ``MIN_HEIGHT``."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q,ctrl+c", "app.quit", "Quit", id="small.quit"),
    ]
    """Only quitting works while the window is too small."""

    def compose(self) -> ComposeResult:
        yield Static(Text(f"Make the window larger (at least {MIN_WIDTH}×{MIN_HEIGHT}), or press q to quit."))
