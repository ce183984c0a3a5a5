"""A small modal list to pick one of several choices (formats, links)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from aligntui.text.safe import visible
from aligntui.tui.render.labels import safe_line
from aligntui.tui.screens.modal import GuardedModal
from aligntui.tui.widgets.key_footer import KeyFooter

__all__ = ["Picker"]


class Picker(GuardedModal[str | None]):
    """Pick one choice; dismisses with its key, or None on Escape."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="picker.cancel"),
        Binding("q", "cancel", "Cancel", show=False, id="picker.quit"),
    ]
    """Picker keys: Enter picks, Escape cancels."""

    PREVIEW_LINES = 12
    """How many lines of the highlighted choice's preview to show."""

    def __init__(
        self,
        title: str,
        choices: Sequence[tuple[str, Text | str]],
        selected: str | None = None,
        preview: Callable[[str], str] | None = None,
    ) -> None:
        super().__init__()
        self._title = title
        self._choices = list(choices)
        self._selected = selected
        self._preview = preview

    def compose(self) -> ComposeResult:
        with Vertical(id="picker"):
            yield Static(safe_line(self._title), id="picker-title")
            options = [
                Option(safe_line(label) if isinstance(label, str) else label, id=key) for key, label in self._choices
            ]
            yield OptionList(*options, id="picker-options")
            if self._preview is not None:
                yield Static(Text(""), id="picker-preview")
        yield KeyFooter()

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        keys = [key for key, _ in self._choices]
        options.highlighted = keys.index(self._selected) if self._selected in keys else 0
        options.focus()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if self._preview is None or event.option.id is None:
            return
        try:
            text = self._preview(event.option.id)
        except Exception as error:  # a preview must never break the picker
            text = f"(no preview: {error})"
        lines = text.splitlines()
        if len(lines) > self.PREVIEW_LINES:
            lines = [*lines[: self.PREVIEW_LINES], "…"]
        self.query_one("#picker-preview", Static).update(Text(visible("\n".join(lines))))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        """Close without picking."""
        self.dismiss(None)
