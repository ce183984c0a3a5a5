"""A catalog written back as a Markdown paper list in the survey's own style (pure, no Textual).

``# Survey title``, then one heading a section (``##`` for a root, one more
``#`` a level, at most six), the section's description, and its works as
``1. **Title**. *Author et al.* Venue Year. [[Paper](url)]``
(``aligntui.cite.formats.to_list_entry``). ``aligntui import-md`` reads it back into the
same sections, memberships, order and links.
"""

from __future__ import annotations

from collections.abc import Iterable

from aligntui.catalog.model import Catalog, Work
from aligntui.cite.formats import to_list_entry

__all__ = ["to_list_markdown"]


def _one_line(text: str) -> str:
    return " ".join(text.split())


def to_list_markdown(catalog: Catalog, works: Iterable[Work] | None = None) -> str:
    """The catalog as a Markdown list; with ``works``, only those and the sections that list them."""
    chosen = None if works is None else {work.id for work in works}
    lines = [f"# {_one_line(catalog.survey.title)}", ""]
    for section in catalog.walk():
        listed = [w for w in section.works if chosen is None or w in chosen]
        if chosen is not None and not any(w.id in chosen for w in catalog.works_under(section.id)):
            continue
        lines.append(f"{'#' * min(section.depth + 2, 6)} {_one_line(section.title)}")
        if section.description:
            lines.append(_one_line(section.description))
        if listed:
            lines.append("")
            lines += [to_list_entry(catalog.works[w], n, clean=False) for n, w in enumerate(listed, start=1)]
        lines.append("")
    return "\n".join(lines)
