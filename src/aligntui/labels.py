"""Rich ``Text`` labels for catalog entries: catalog text is never parsed as markup."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

from aligntui.bibtex import surname_of
from aligntui.catalog import Section, Work
from aligntui.textfold import highlight_spans

__all__ = ["KIND_MARKERS", "byline", "section_label", "work_label"]

KIND_MARKERS = (("data", "data"), ("code", "code"), ("checkpoint", "ckpt"), ("leaderboard", "board"))
"""Link kinds marked in the tree, and the tag each shows."""

HIGHLIGHT = "bold reverse"


def byline(work: Work) -> str:
    """``Sanh et al. 2021``: the first author's family name and the year."""
    name = surname_of(work.first_author) if work.authors else ""
    if name and (len(work.authors) > 1 or not work.authors_complete):
        name += " et al."
    year = str(work.published_year) if work.published_year else ""
    return " ".join(part for part in (name, year) if part)


def _marked(text: str, words: Sequence[str], style: str = "") -> Text:
    label = Text(text, style=style)
    for start, end in highlight_spans(text, words):
        label.stylize(HIGHLIGHT, start, end)
    return label


def work_label(work: Work, words: Sequence[str] = ()) -> Text:
    """``Title — Sanh et al. 2021  data code``, with the query's words marked."""
    label = _marked(work.title, words)
    by = byline(work)
    if by:
        label.append(" — ", style="dim")
        label.append_text(_marked(by, words, "italic"))
    kinds = work.link_kinds
    tags = [tag for kind, tag in KIND_MARKERS if kind in kinds]
    if tags:
        label.append("  " + " ".join(tags), style="dim")
    return label


def section_label(section: Section, total: int, matched: int | None = None, words: Sequence[str] = ()) -> Text:
    """``Benchmarks  12``, or ``Benchmarks  3/12`` while a filter is on."""
    label = _marked(section.title, words, "bold")
    count = f"{matched}/{total}" if matched is not None else str(total)
    label.append(f"  {count}", style="dim")
    return label
