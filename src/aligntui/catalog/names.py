"""People's names: splitting, display, family names and short author lists (pure).

Catalog authors are written "Given Family", "Family, Given", "Family, Jr.,
Given" (BibTeX's three-part comma form) or "{Corporate Name}". Lower-case
particles ("van", "de la") belong to the family name, as BibTeX's "von"
part does (Patashnik, *BibTeXing*, 1988, section 4).
"""

from __future__ import annotations

from typing import NamedTuple

from aligntui.catalog.model import Work

__all__ = ["SUFFIXES", "Name", "byline", "display_name", "name_problem", "short_authors", "split_name", "surname_of"]


class Name(NamedTuple):
    """A name in parts; ``literal`` marks a corporate name that is never split."""

    family: str
    given: str = ""
    suffix: str = ""
    literal: bool = False


SUFFIXES = frozenset({"Jr", "Jr.", "Sr", "Sr.", "II", "III", "IV", "V"})
"""The generational suffixes a name may end with ("Sam Davies, Jr.", "Davies, Jr., Sam")."""


def split_name(author: str) -> Name:
    """Split a catalog author into parts.

    Accepted forms: "Given Family", "Given Family Jr.", "Given Family, Jr.",
    "Family, Given", "Family, Jr., Given" (BibTeX's) and "{Corporate}";
    ``name_problem`` names the forms that are ambiguous.
    """
    text = " ".join(author.split())
    if len(text) > 1 and text.startswith("{") and text.endswith("}"):
        return Name(text[1:-1].strip(), literal=True)
    if "," in text:
        parts = [part.strip() for part in text.split(",")]
        if len(parts) >= 3:
            return Name(parts[0], ", ".join(parts[2:]), parts[1])
        if parts[1] in SUFFIXES and " " in parts[0]:
            return split_name(parts[0])._replace(suffix=parts[1])
        return Name(parts[0], parts[1])
    words = text.split()
    suffix = words.pop() if len(words) > 2 and words[-1] in SUFFIXES else ""
    start = len(words) - 1
    while start > 1 and words[start - 1].islower():
        start -= 1
    return Name(" ".join(words[start:]), " ".join(words[:start]), suffix)


def name_problem(author: str) -> str | None:
    """Why an author string is ambiguous, as a message, or None when it reads one way only."""
    if "," not in author and "{" not in author and "}" not in author:
        # "Given Family" (nearly every author): ambiguous only as one or two words ending with a suffix.
        words = author.split()
        if len(words) > 2 or (words and words[-1] not in SUFFIXES):
            return None
    text = " ".join(author.split())
    if text.startswith("{") != text.endswith("}"):
        return f'author {text!r} has an unbalanced brace (write an organisation as "{{Name}}")'
    if text.startswith("{"):
        return None
    parts = [part.strip() for part in text.split(",")]
    words = text.split()
    if len(parts) == 1 and 0 < len(words) <= 2 and words[-1] in SUFFIXES:
        return f'author {text!r} ends with a suffix but has no given name: write "Given Family {words[-1]}"'
    if any(not part for part in parts) or len(parts) > 3:
        return f'author {text!r} is not "Given Family", "Family, Given" or "Family, Jr., Given"'
    if len(parts) == 3 and parts[1] not in SUFFIXES:
        known = ", ".join(sorted(SUFFIXES))
        return f'author {text!r}: in "Family, Jr., Given" the middle part must be a suffix ({known})'
    if len(parts) == 2 and parts[1] in SUFFIXES and " " not in parts[0]:
        return f'author {text!r} has a suffix but no given name: write "Given Family, {parts[1]}"'
    if len(parts) == 2 and parts[0] in SUFFIXES | {s.rstrip(".") for s in SUFFIXES}:
        return f'author {text!r} starts with a suffix: write "Given Family, {parts[0]}"'
    return None


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
