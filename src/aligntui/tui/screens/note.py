"""Small modal dialogs for one's own files: the note editor and the bibliography file's name."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Footer, Input, Static, TextArea

from aligntui.text.safe import is_safe, storable, unsafe_characters, visible, visible_line
from aligntui.tui.render.labels import safe_line
from aligntui.tui.screens.modal import GuardedModal

__all__ = ["BibPathInput", "NoteEditor", "storable"]


class NoteEditor(GuardedModal[str | None]):
    """Edit a work's free-text note; dismisses with the text (empty removes the note), or None to cancel."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save note", id="note.save", tooltip="Keep the note (an empty note is removed)"),
        Binding("escape", "cancel", "Cancel", id="note.cancel", tooltip="Close without changing the note"),
    ]
    """Note keys: Ctrl+S saves, Escape cancels; both shown in the footer."""

    def __init__(self, title: str, note: str) -> None:
        super().__init__()
        self._title = title
        self._note = note

    def compose(self) -> ComposeResult:
        with Vertical(id="note-dialog"):
            yield Static(safe_line(f"Note on {self._title}"), id="note-title")
            # A note edited by hand may hold control characters: shown (and then kept) as visible escapes.
            yield TextArea(visible(self._note), id="note-text", soft_wrap=True, show_line_numbers=False)
        yield Footer()

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def action_save(self) -> None:
        """Close, keeping the text as the note (code points no file can hold become U+FFFD, and it says so)."""
        text, replaced = storable(self.query_one(TextArea).text)
        if replaced:
            self.notify(
                f"{replaced} lone surrogate code point(s) (from a broken paste) cannot be saved: kept as \ufffd.",
                severity="warning",
                timeout=8,
            )
        self.dismiss(text)

    def action_cancel(self) -> None:
        """Close without changing the note."""
        self.dismiss(None)


class BibPathInput(GuardedModal[str | None]):
    """Ask for the bibliography file's name; dismisses with the typed path, or None to cancel."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="bibpath.cancel", tooltip="Keep the bibliography file as it was"),
    ]
    """Path keys: Enter keeps the name, Escape cancels."""

    def __init__(self, current: str) -> None:
        super().__init__()
        self._current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="bibpath-dialog"):
            yield Static("Bibliography file (.bib) that b appends to; created if missing", id="bibpath-title")
            yield Input(visible_line(self._current), placeholder="paper/refs.bib", id="bibpath-input")
        yield Footer()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        name = event.value.strip()
        if not is_safe(name):
            # Control, bidi and surrogate code points: no file name to type, and a surrogate cannot even be encoded.
            found = ", ".join(dict.fromkeys(char for _, _, char in unsafe_characters(name)))
            self.notify(f"A file name cannot hold {found}; type it again.", severity="error", timeout=8)
            return
        self.dismiss(name or None)

    def action_cancel(self) -> None:
        """Close without choosing."""
        self.dismiss(None)
