"""A tree row's label fitted to a width: the title gets the room first (widths in terminal cells)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from rich.text import Text

from aligntui.catalog.model import TREE_TAGS, Catalog, Work
from aligntui.catalog.names import byline, surname_of
from aligntui.text.safe import visible_line
from aligntui.tui.render.labels import marked

__all__ = ["TITLE_FLOOR", "fit_work_label", "short_byline", "widest_row"]

TITLE_FLOOR = 70
"""A title cut to make room for a byline keeps at least this many cells; below it the byline goes first."""

_DASH = " — "
_ELLIPSIS = "…"


def short_byline(work: Work) -> str:
    """``Stiennon+ 2020`` (several authors or an incomplete list), ``Sanh 2021`` (one), or just the year."""
    year = str(work.published_year) if work.published_year else ""
    if not work.authors:
        return year
    several = len(work.authors) > 1 or not work.authors_complete
    name = surname_of(work.authors[0]) + ("+" if several else "")
    return f"{name} {year}".strip()


def _assemble(title: Text, by: str, tags: Sequence[str], words: Sequence[str]) -> Text:
    label = title.copy()
    if by:
        label.append(_DASH, style="dim")
        label.append_text(marked(by, words, "italic"))
    if tags:
        label.append("  " + " ".join(tags), style="dim")
    return label


def _cut(title: Text, width: int) -> Text:
    """``title`` cut to ``width`` cells with "…" (a wide character that would straddle the edge becomes a space)."""
    cut = title.copy()
    cut.truncate(max(width, 1), overflow="ellipsis")
    return cut


def fit_work_label(work: Work, words: Sequence[str], width: int) -> Text:
    """The row ``Title — Stiennon et al. 2020  data code`` in at most ``width`` cells, the title kept longest.

    Order of giving way (issue 13): the byline shortens to ``Stiennon+ 2020``,
    the link tags drop, the byline drops while the whole title then fits, and
    only then is the title cut, by display cells, ending in "…".
    """
    title = marked(work.title, words)
    title_cells = title.cell_len
    full, short = visible_line(byline(work)), visible_line(short_byline(work))
    tags = [tag for kind, tag in TREE_TAGS.items() if kind in work.link_kinds]
    tag_cells = cell_len("  " + " ".join(tags)) if tags else 0
    for by, shown_tags in ((full, tags), (short, tags), (short, [])):
        by_cells = cell_len(_DASH + by) if by else 0
        if title_cells + by_cells + (tag_cells if shown_tags else 0) <= width:
            return _assemble(title, by, shown_tags, words)
    if title_cells <= width:
        return title
    room = width - (cell_len(_DASH + short) if short else 0)
    if short and room >= TITLE_FLOOR:
        return _assemble(_cut(title, room), short, [], words)
    return _cut(title, width)


def widest_row(catalog: Catalog, guide_depth: int, limit: int) -> int:
    """Cells the widest work row wants (guides of ``guide_depth`` cells a level, title, byline, tags), or ``limit``.

    Stops at the first row that wants ``limit`` cells, so a large catalog costs a few rows, not all of them.
    """
    widest = 0
    for section in catalog.sections.values():
        indent = len(section.path) * guide_depth  # a section's works sit one level below it
        for work_id in section.works:
            work = catalog.works[work_id]
            widest = max(widest, indent + cell_len(work.title) + cell_len(byline(work)) + 9)
            if widest >= limit:
                return limit
    return widest
