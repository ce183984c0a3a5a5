"""A work's searchable text, field by field: the one layout the index scans and the ranking weighs (pure).

``WorkText`` holds a work's folded strings in a fixed order, best field first;
``FIELD_WEIGHTS`` says what a match in each field is worth. The index keeps
each work's ``WorkText`` as two strings, made back into one with
``WorkText.unpack`` for the works a query scores: ``packed``, every field but
``joined`` (so that a plain word is looked for with a single substring test
per work, and a catalog of 100,000 works holds no million small strings),
and ``joined``, looked in only for words a joined form can hold.
``WorkText.field_at`` maps a position in ``packed`` back to its field by name,
so no other module counts separators.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from aligntui.catalog.model import Work
from aligntui.catalog.names import surname_of
from aligntui.search.wordforms import compact, plain_quotes, title_acronym
from aligntui.text.fold import fold

__all__ = [
    "FIELD_WEIGHTS",
    "NAME_FIELDS",
    "NAME_SEPARATOR",
    "PACKED_FIELDS",
    "PACKED_INDEX",
    "SEPARATOR",
    "WorkText",
    "family_name",
    "work_text",
]

SEPARATOR = "\n"
"""Between the fields of ``WorkText.packed`` (no folded field holds one: the catalog refuses line breaks)."""
NAME_SEPARATOR = " | "
"""Between the names of one field (a title and its aliases, the authors)."""


class WorkText(NamedTuple):
    """One work's searchable text, folded (``aligntui.text.fold``), one string per field, best field first."""

    title: str
    """The title, the survey list's title, the acronym of the title's name, the aliases and the other titles."""
    joined: str
    """The names of ``title`` and the organisations with everything but letters and digits removed
    (``instructiontuning``, ``flant5``), space-separated: hyphenated, spaced and joined forms meet here."""
    first_author: str
    """The first author's name as written."""
    coauthors: str
    """The other authors and the survey list's author string."""
    orgs: str
    """The labs, companies and universities of the authors."""
    venue: str
    """Venue, booktitle, journal and the survey list's venue."""
    id: str
    """The work id."""
    sections: str
    """The titles of the taxonomy sections (and their parents) that list the work."""
    summary: str
    """The catalog's one- or two-sentence summary."""

    @property
    def packed(self) -> str:
        """Every field but ``joined``, in order, separated by ``SEPARATOR``: what a plain word is looked for in."""
        return SEPARATOR.join((self.title, *self[2:]))

    @classmethod
    def unpack(cls, packed: str, joined: str) -> WorkText:
        """The ``WorkText`` whose ``packed`` and ``joined`` are these."""
        title, *rest = packed.split(SEPARATOR)
        return cls(title, joined, *rest)

    @staticmethod
    def part(packed: str, name: str) -> str:
        """One field of ``packed`` by name (not ``joined``), without making the whole ``WorkText``."""
        return packed.split(SEPARATOR)[PACKED_INDEX[name]]

    @staticmethod
    def field_at(packed: str, position: int) -> str:
        """The name of the field a position of ``packed`` is in."""
        return PACKED_FIELDS[packed.count(SEPARATOR, 0, position)]

    @staticmethod
    def title_end(packed: str) -> int:
        """Where the title field ends in ``packed``."""
        return packed.find(SEPARATOR)


PACKED_FIELDS = tuple(name for name in WorkText._fields if name != "joined")
"""The fields ``WorkText.packed`` holds, in order."""
PACKED_INDEX = {name: n for n, name in enumerate(PACKED_FIELDS)}
"""Where each field of ``PACKED_FIELDS`` is in ``packed.split(SEPARATOR)``."""

NAME_FIELDS = frozenset({"first_author", "coauthors"})
"""The fields holding people's names: a word's other forms (stems, plurals) are never looked for there."""

FIELD_WEIGHTS: Mapping[str, int] = {
    "title": 8,
    "joined": 8,
    "first_author": 6,
    "coauthors": 3,
    "orgs": 3,
    "venue": 2,
    "id": 1,
    "sections": 1,
    "summary": 1,
}
"""What one match in a field is worth, times how it matched (``aligntui.search.ranking.KIND_WEIGHTS``).

A title word is worth most; the first author more than a co-author (a work is
known by its first author); the summary, written in the catalog's own words,
least. The README's "Ranking" section states these weights."""


def work_text(work: Work, section_titles: str) -> WorkText:
    """The searchable text of ``work``; ``section_titles`` are the titles of the sections listing it, folded."""
    # Each field read once: most of them are a work's rare fields, looked up by name.
    title, list_title, aliases, other_titles, orgs = (
        work.title,
        work.list_title,
        work.aliases,
        work.other_titles,
        work.orgs,
    )
    head = title.partition(":")[0]
    names = [title, *filter(None, (list_title,)), *aliases, *other_titles]
    if title.count(":") and 2 <= len(head.split()) <= 4:
        names.append(head)  # "Llama 2: Open ...": the name before the colon, squeezed, is "llama2"
    shown_title = NAME_SEPARATOR.join(filter(None, (title, list_title, title_acronym(title))))
    extra = NAME_SEPARATOR.join((*aliases, *other_titles))
    authors = work.authors
    coauthors = NAME_SEPARATOR.join((*authors[1:], *filter(None, (work.list_authors,))))
    venue = " ".join(filter(None, (work.venue, work.booktitle, work.journal, work.list_venue)))
    return WorkText(
        title=_clean(f"{shown_title}{NAME_SEPARATOR}{extra}" if extra else shown_title),
        joined=" ".join(dict.fromkeys(filter(None, (compact(plain_quotes(name)) for name in (*names, *orgs))))),
        first_author=_clean(authors[0]) if authors else "",
        coauthors=_clean(coauthors),
        orgs=_clean(NAME_SEPARATOR.join(orgs)),
        venue=_clean(venue),
        id=work.id.lower(),
        sections=section_titles,
        summary=_clean(work.summary),
    )


def _clean(text: str) -> str:
    """Folded, typographic quotes made plain, no ``SEPARATOR``."""
    return plain_quotes(fold(text)).replace(SEPARATOR, " ")


def family_name(author: str) -> str:
    """An author's family name, folded: the only part of a name the fuzzy fallback may guess (never a given name)."""
    return fold(surname_of(author))
