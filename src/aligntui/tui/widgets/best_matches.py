"""The "Best matches" group a ranked view shows above the filtered taxonomy, and a row's trailing notes."""

from __future__ import annotations

from rich.text import Text

from aligntui.browse.model import View
from aligntui.tui.render.labels import safe_line

__all__ = ["row_suffix", "why_matched"]


def row_suffix(view: View, work_id: str) -> Text:
    """What ends a work's row: why it matched when its title does not say ("with Christiano"), and one's marks."""
    suffix = Text()
    note = view.note(work_id) if view.filtered else ""
    if note:
        suffix.append_text(safe_line("  " + note, "italic"))
    glyph = view.glyph(work_id)
    if glyph:
        suffix.append("  " + glyph, style="bold")
    return suffix


def why_matched(view: View, work_id: str) -> Text:
    """The detail pane's lines saying why a work matched: each query word, the field and what in it matched."""
    reasons = view.reasons(work_id)
    text = Text()
    if not reasons:
        return text
    text.append("\nWhy it matched\n", style="bold")
    for reason in reasons:
        if reason.how == "missing":  # a partial result: the work lacks this word
            text.append_text(safe_line(f"{reason.word}: not in this work", "dim"))
            text.append("\n")
            continue
        how = f"{reason.how} of {reason.stand_in!r}" if reason.stand_in else reason.how
        text.append_text(safe_line(f"{reason.word}: {reason.field} ({how})", "dim"))
        if reason.field != "title":  # the title stands above
            text.append_text(safe_line(" " + reason.text, "bold" if reason.field in ("author", "alias") else ""))
        text.append("\n")
    return text
