"""The filter bar: a query input and the hint line under it."""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.events import Resize
from textual.message import Message
from textual.widgets import Input, Static

from aligntui.tui.render.labels import safe_line

__all__ = ["FilterBar"]


class FilterInput(Input):
    """The query input; Escape and Enter leave it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "clear_and_leave", "Clear filter", id="filter.clear"),
        Binding("enter", "leave", "To results", id="filter.leave"),
        Binding("down", "leave", "To results", show=False, id="filter.down"),
    ]
    """Filter keys: Enter goes to the first match, Escape clears the filter."""

    class Leave(Message):
        """The person is done typing: go to the tree (after clearing, if asked)."""

        def __init__(self, clear: bool) -> None:
            self.clear = clear
            super().__init__()

    def action_clear_and_leave(self) -> None:
        """Clear the query and go back to the tree."""
        self.post_message(self.Leave(clear=True))

    def action_leave(self) -> None:
        """Go to the tree, cursor on the first match."""
        self.post_message(self.Leave(clear=False))


PLACEHOLDERS = (
    '/ to filter: words, "phrases", author:bai year:2022..2023 has:data -word, OR',
    '/ to filter: words, "phrases", author:bai year:2022 has:data',
    "/ to filter (? lists the query language)",
    "/ to filter",
)
"""What the empty input says, longest first: the bar shows the longest that fits its width."""


class FilterBar(Vertical):
    """The filter input and a line of hints about the query."""

    def compose(self) -> ComposeResult:
        yield FilterInput(placeholder=PLACEHOLDERS[0], id="filter-input")
        yield Static(Text(""), id="filter-hint")

    def on_resize(self, event: Resize) -> None:
        room = event.size.width - 6  # the input's border and padding, and the cursor
        fits = [text for text in PLACEHOLDERS if cell_len(text) <= room]
        self.query_one(FilterInput).placeholder = fits[0] if fits else PLACEHOLDERS[-1]

    def show_hint(self, hint: str, *, problem: bool = False) -> None:
        """Show ``hint`` under the input (plain text, never markup)."""
        line = self.query_one("#filter-hint", Static)
        line.update(safe_line(hint))
        line.set_class(problem, "-problem")
        line.set_class(not hint, "-empty")
