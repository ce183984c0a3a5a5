"""The filter bar: a query input and the hint line under it."""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.events import Resize
from textual.widgets import Input, Static

from aligntui.tui.render.labels import safe_line

__all__ = ["FilterBar"]


class FilterInput(Input):
    """The query input; Enter and ↓ go to the results, Escape clears the filter (the screen moves the focus)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "screen.clear_filter", "Clear filter", id="filter.clear",
                tooltip="Clear the query and go back to the tree as it was"),
        Binding("enter", "screen.leave_filter", "To results", id="filter.leave",
                tooltip="Go to the results, cursor on the first match"),
        Binding("down", "screen.leave_filter", "To results", show=False, id="filter.down",
                tooltip="Go to the results, cursor on the first match"),
    ]  # fmt: skip
    """Filter keys: Enter goes to the first match, Escape clears the filter.

    The screen's actions move the focus at once; the App holds the keys typed
    after Enter until then, so they act on the results, never on the query."""


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
