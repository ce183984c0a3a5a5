"""Rich ``Text`` for catalog entries: catalog text is never parsed as markup, never sent as terminal control.

Every string from a catalog, a setting or a file reaches the screen through
``SafeText`` or ``safe_line`` here, which apply ``aligntui.text.safe``'s one
rule: control, bidi and stray zero-width characters are shown as escapes.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.style import Style
from rich.text import Text

from aligntui.catalog.model import TREE_TAGS, Section, Work
from aligntui.catalog.names import byline
from aligntui.text.fold import highlight_spans
from aligntui.text.safe import visible, visible_line

__all__ = ["SafeText", "marked", "safe_line", "section_label", "work_label"]

HIGHLIGHT = "bold reverse"


class SafeText(Text):
    """A ``Text`` whose appended strings are made visible (``safetext.visible``: newlines and tabs kept)."""

    def append(self, text: str | Text, style: str | Style | None = None) -> SafeText:
        """Append ``text``, escaping control, bidi and stray zero-width characters in a plain string."""
        super().append(visible(text) if isinstance(text, str) else text, style)
        return self


def safe_line(text: str, style: str = "") -> Text:
    """One line of untrusted text as ``Text``: every unsafe character, newline and tab included, escaped."""
    return Text(visible_line(text), style=style)


def marked(text: str, words: Sequence[str], style: str = "") -> Text:
    """One line of untrusted text as ``Text``, escaped, with the query's ``words`` marked wherever they occur."""
    text = visible_line(text)
    label = Text(text, style=style)
    for start, end in highlight_spans(text, words):
        label.stylize(HIGHLIGHT, start, end)
    return label


def work_label(work: Work, words: Sequence[str] = (), glyph: str = "") -> Text:
    """``Title — Sanh et al. 2021  data code  ★◐``, with the query's words marked; ``glyph``: one's marks."""
    label = marked(work.title, words)
    by = byline(work)
    if by:
        label.append(" — ", style="dim")
        label.append_text(marked(by, words, "italic"))
    kinds = work.link_kinds
    tags = [tag for kind, tag in TREE_TAGS.items() if kind in kinds]
    if tags:
        label.append("  " + " ".join(tags), style="dim")
    if glyph:
        label.append("  " + glyph, style="bold")
    return label


def section_label(section: Section, total: int, matched: int | None = None, words: Sequence[str] = ()) -> Text:
    """``Benchmarks  12``, or ``Benchmarks  3/12`` while a filter is on."""
    label = marked(section.title, words, "bold")
    count = f"{matched}/{total}" if matched is not None else str(total)
    label.append(f"  {count}", style="dim")
    return label
