"""Small modal dialogs for one's own files: the note editor and the bibliography file's name."""

from __future__ import annotations

import re
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Footer, Input, Static, TextArea

from aligntui.text.safe import is_safe, unsafe_characters, visible, visible_line
from aligntui.tui.render.labels import safe_line
from aligntui.tui.screens.modal import GuardedModal

__all__ = ["BibPathInput", "NoteEditor", "storable"]

_PAIR = re.compile("[\ud800-\udbff][\udc00-\udfff]")
_LONE = re.compile("[\ud800-\udfff]")


def storable(text: str) -> tuple[str, int]:
    """``text`` as UTF-8 can hold it, and how many code points had to become U+FFFD (pure).

    A surrogate code point (U+D800-U+DFFF) is no character and no UTF-8 file can
    hold one (Unicode 15, section 3.9, D92); a broken paste or a UTF-16 source
    can still put one in a Python string. A high-low pair becomes the character
    it encodes; a lone one becomes U+FFFD REPLACEMENT CHARACTER.
    """
    if not _LONE.search(text):
        return text, 0
    joined = _PAIR.sub(lambda m: m.group().encode("utf-16-le", "surrogatepass").decode("utf-16-le"), text)
    return _LONE.subn("\ufffd", joined)


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
