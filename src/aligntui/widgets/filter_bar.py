"""The filter bar: a query input and the hint line under it."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Static

from aligntui.labels import safe_line

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


class FilterBar(Vertical):
    """The filter input and a line of hints about the query."""

    def compose(self) -> ComposeResult:
        yield FilterInput(
            placeholder='/ to filter: words, "phrases", author:bai year:2022..2023 has:data -word, OR',
            id="filter-input",
        )
        yield Static(Text(""), id="filter-hint")

    def show_hint(self, hint: str, *, problem: bool = False) -> None:
        """Show ``hint`` under the input (plain text, never markup)."""
        line = self.query_one("#filter-hint", Static)
        line.update(safe_line(hint))
        line.set_class(problem, "-problem")
        line.set_class(not hint, "-empty")
