"""One's marks on screen: the detail pane's "Yours" block (star, status, note, .bib key)."""

from __future__ import annotations

from rich.text import Text

from aligntui.personal.marks import STAR_GLYPH, STATUS_GLYPHS, STATUS_LABELS
from aligntui.personal.terms import BIB_GLYPH, Personal
from aligntui.tui.render.labels import SafeText

__all__ = ["marks_block"]


def marks_block(personal: Personal | None, work_id: str) -> Text | None:
    """The detail pane's "Yours" lines for a work: star, status, .bib key, then the note; None without marks."""
    if personal is None:
        return None
    mark = personal.store.get(work_id)
    text = SafeText()
    text.append("\nYours", style="bold underline")
    text.append("\n")
    parts: list[str] = []
    if mark.starred:
        parts.append(f"{STAR_GLYPH} starred")
    if mark.status != "unread":
        parts.append(f"{STATUS_GLYPHS[mark.status]} {STATUS_LABELS[mark.status]}")
    bib = personal.bib
    key = personal.bib_key(work_id) if bib is not None else None
    if key is not None and bib is not None:
        parts.append(f"{BIB_GLYPH} in {bib.name} as \\cite{{{key}}}")
    if parts:
        text.append(" · ".join(parts))
        text.append("\n")
    if mark.note:
        text.append(mark.note, style="italic")
        text.append("\n")
    if not parts and not mark.note:
        text.append(
            "nothing yet: s stars, r sets the reading status, m writes a note, b adds to your .bib", style="dim"
        )
        text.append("\n")
    return text
