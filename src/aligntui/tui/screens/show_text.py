"""A dialog that shows text, selected, for copying by hand."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Static, TextArea

from aligntui.text.safe import visible
from aligntui.tui.render.labels import safe_line
from aligntui.tui.screens.modal import GuardedModal
from aligntui.tui.widgets.key_footer import KeyFooter

__all__ = ["ShowText"]


class ShowText(GuardedModal[None]):
    """Shows text in a read-only area with everything selected."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", id="show.close"),
    ]
    """Dialog keys: Escape closes."""

    def __init__(self, title: str, text: str) -> None:
        super().__init__()
        self._title = title
        self._text = text

    def compose(self) -> ComposeResult:
        with Vertical(id="show-text"):
            yield Static(safe_line(self._title), id="show-text-title")
            yield TextArea(visible(self._text), read_only=True, id="show-text-area")
            yield Static(Text("Select and copy with your terminal; Escape closes."), id="show-text-help")
        yield KeyFooter()

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.select_all()
        area.focus()

    def action_close(self) -> None:
        """Close the dialog."""
        self.dismiss(None)
