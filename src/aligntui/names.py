"""People's names: splitting, display, family names and short author lists (pure).

Catalog authors are written "Given Family", "Family, Given", "Family, Jr.,
Given" (BibTeX's three-part comma form) or "{Corporate Name}". Lower-case
particles ("van", "de la") belong to the family name, as BibTeX's "von"
part does (Patashnik, *BibTeXing*, 1988, section 4).
"""

from __future__ import annotations

from typing import NamedTuple

from aligntui.catalog import Work

__all__ = ["Name", "byline", "display_name", "short_authors", "split_name", "surname_of"]


class Name(NamedTuple):
    """A name in parts; ``literal`` marks a corporate name that is never split."""

    family: str
    given: str = ""
    suffix: str = ""
    literal: bool = False


_SUFFIXES = frozenset({"Jr", "Jr.", "Sr", "Sr.", "II", "III", "IV"})


def split_name(author: str) -> Name:
    """Split a catalog author ("Given Family", "Family, Given" or "{Corporate}") into parts."""
    text = " ".join(author.split())
    if len(text) > 1 and text.startswith("{") and text.endswith("}"):
        return Name(text[1:-1].strip(), literal=True)
    if "," in text:
        parts = [part.strip() for part in text.split(",")]
        if len(parts) >= 3:
            return Name(parts[0], ", ".join(parts[2:]), parts[1])
        return Name(parts[0], parts[1])
    words = text.split()
    suffix = words.pop() if len(words) > 2 and words[-1] in _SUFFIXES else ""
    start = len(words) - 1
    while start > 1 and words[start - 1].islower():
        start -= 1
    return Name(" ".join(words[start:]), " ".join(words[:start]), suffix)


def surname_of(author: str) -> str:
    """The family name of an author, or a corporate author's whole name."""
    return split_name(author).family


def display_name(author: str) -> str:
    """How a name reads in running text: ``Le Bras, Ronan`` as ``Ronan Le Bras``, ``{Pew Research Center}`` bare."""
    name = split_name(author)
    if name.literal:
        return name.family
    return " ".join(part for part in (name.given, name.family) if part) + (f", {name.suffix}" if name.suffix else "")


def short_authors(work: Work) -> str:
    """``Sanh et al.`` (several authors or an incomplete list), ``Sanh`` (one), or ``""`` (none)."""
    if not work.authors:
        return ""
    surname = surname_of(work.authors[0])
    return surname if len(work.authors) == 1 and work.authors_complete else f"{surname} et al."


def byline(work: Work) -> str:
    """``Sanh et al. 2022``: the short author list and the year to cite."""
    year = str(work.published_year) if work.published_year else ""
    return " ".join(part for part in (short_authors(work), year) if part)
