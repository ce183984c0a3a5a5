"""A yes-or-no question before a bulk change, answered deliberately: "No" has the focus.

Starring or adding a whole section's works asks first. Enter on the focused
"No", Escape, or any stray letter (text typed too fast, meant for the filter)
answers no; yes takes Tab (or →) to "Yes" and then Enter, or a click.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.events import Key
from textual.widgets import Button, Static

from aligntui.tui.render.labels import safe_line
from aligntui.tui.screens.modal import GuardedModal

__all__ = ["Confirm"]


class Confirm(GuardedModal[bool]):
    """Ask ``question``; dismisses with True only when "Yes" is pressed, False for anything else.

    A ``GuardedModal``: a second answer queued behind the first (a burst of keys) does nothing.
    """

    AUTO_FOCUS = "#confirm-no"
    """The safe answer has the focus from the start, before the dialog is even drawn."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "answer(False)", "No", id="confirm.no", tooltip="Change nothing"),
        Binding("left", "app.focus_previous", "Previous button", show=False, id="confirm.previous"),
        Binding("right", "app.focus_next", "Next button", show=False, id="confirm.next"),
    ]
    """Confirm keys: Escape answers no; ← and → (and Tab) move between the buttons, Enter presses one."""

    def __init__(self, question: str, yes: str = "Yes") -> None:
        super().__init__()
        self._question = question
        self._yes = yes

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-dialog"):
            yield Static(safe_line(self._question), id="confirm-question")
            with Horizontal(id="confirm-buttons"):
                yield Button("No", id="confirm-no", variant="primary")
                yield Button(safe_line(self._yes), id="confirm-yes", variant="warning")
            yield Static("Enter keeps No. Tab to Yes, then Enter, to go ahead.", id="confirm-hint")

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "confirm-yes")

    def on_key(self, event: Key) -> None:
        """A letter (or any text) is never an answer: it cancels, and goes no further."""
        if event.is_printable:
            event.stop()
            event.prevent_default()
            self.dismiss(False)

    def action_answer(self, yes: bool) -> None:
        """Close with ``yes``."""
        self.dismiss(yes)
