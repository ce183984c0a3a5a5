"""Why a work matched a query: which field, which author, alias or section, and how (pure).

``explain`` looks again, for one work, at each positive word of a query in
the order the ranking weighs fields (``aligntui.search.ranking``): title, alias,
author, venue, id, section title, year. It reads the work's own strings, so
the answer names the author or section as written.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from aligntui.catalog.model import Catalog, Work
from aligntui.catalog.names import surname_of
from aligntui.search.query import Term
from aligntui.search.wordforms import compact, initials, is_number, stem_prefix, title_acronym
from aligntui.text.fold import fold

__all__ = ["Reason", "explain"]

HOW = ("word", "prefix", "acronym", "stem", "part", "number", "year", "fuzzy")
"""How a word matched, best first: whole word, word start, acronym of title words, another form, inside a word..."""


@dataclass(frozen=True, slots=True)
class Reason:
    """One query word's best match in a work: ``field`` is title, alias, author, venue, id, section or year."""

    word: str
    """The query word (folded), as typed."""
    field: str
    how: str
    """One of ``HOW``."""
    text: str
    """What matched, as the catalog writes it: the title, the alias, the author's name, the venue, the section title."""
    stand_in: str | None = None
    """For ``how == "fuzzy"``: the close word found in the work that replaced ``word``."""

    @property
    def note(self) -> str:
        """A tree row's note, "" for a title match: ``with Christiano``, ``as InstructGPT``, ``in Human Feedback``."""
        if self.field == "author":
            return f"with {surname_of(self.text)}"
        if self.field == "alias":
            return f"as {self.text}"
        if self.field == "section":
            return f"in {self.text}"
        if self.field == "venue":
            return f"at {self.text}"
        if self.how == "fuzzy" and self.stand_in:
            return f"{self.stand_in} for {self.word}"
        return ""


def _how(word: str, text: str) -> str | None:
    """How a folded query word occurs in a folded string, best kind first, or None."""
    if is_number(word):
        return "number" if re.search(rf"(?<![a-z0-9]){re.escape(word)}(?![0-9])", text) else None
    escaped = re.escape(word)
    if re.search(rf"\b{escaped}\b", text):
        return "word"
    if re.search(rf"(?<![a-z0-9]){escaped}", text):
        return "prefix"
    stem = stem_prefix(word)
    if stem and stem != word and re.search(rf"(?<![a-z0-9]){re.escape(stem)}", text):
        return "stem"
    squeezed = compact(word)
    if len(squeezed) >= 3 and squeezed != word and squeezed in compact(text):
        return "word"
    return "part" if word in text else None


_RANK = {how: n for n, how in enumerate(HOW)}


def _fields(catalog: Catalog, work: Work) -> Iterator[tuple[str, list[str]]]:
    """The work's strings field by field, in the order the ranking weighs them."""
    yield "title", [s for s in (work.title, work.list_title) if s]
    yield "alias", list(work.aliases)
    authors = list(work.authors) + ([work.list_authors] if work.list_authors else [])
    yield "author", authors
    yield "venue", [s for s in (work.venue, work.booktitle, work.journal, work.list_venue) if s]
    yield "id", [work.id]
    paths = [section.path for section in catalog.sections_of(work.id)]
    yield "section", list(dict.fromkeys(title for path in paths for title in path))


def _best(catalog: Catalog, work: Work, word: str, only: str | None) -> Reason | None:
    """The best field and kind for one word in one work (``only`` limits it to a term's field)."""
    best: Reason | None = None
    for field, strings in _fields(catalog, work):
        if only is not None and field != only and not (only == "title" and field == "alias"):
            continue
        for text in strings:
            how = _how(word, fold(text))
            if how is not None and (best is None or _RANK[how] < _RANK[best.how]):
                best = Reason(word, field, how, text)
        better = best is None or _RANK[best.how] > _RANK["acronym"]
        if field == "title" and better and only in (None, "title") and _is_acronym(word, work.title):
            best = Reason(word, "title", "acronym", work.title)
        if best is not None and best.how in ("word", "number"):
            return best
        if best is not None and field == "alias" and best.how in ("prefix", "acronym"):
            return best
    year = int(word) if is_number(word) and len(word) == 4 and only is None else None
    if best is None and year is not None and year in (work.year, work.published_year):
        return Reason(word, "year", "year", word)
    return best


def _is_acronym(word: str, title: str) -> bool:
    """True when a query word is the acronym of a run of the title's words."""
    return len(word) >= 3 and word.isalnum() and (word in initials(title) or word == title_acronym(title))


def explain(catalog: Catalog, work: Work, terms: list[Term], fuzzy: dict[str, tuple[str, ...]]) -> tuple[Reason, ...]:
    """Why ``work`` matched: one ``Reason`` per positive word of the query that it holds, in query order.

    ``fuzzy`` maps a query word that matched nothing to the close words used
    instead (``SearchResult.fuzzy``); such a word's reason says which close
    word it replaced.
    """
    out: list[Reason] = []
    for term in terms:
        if term.negated or term.field in ("year", "has"):
            continue
        only = {"author": "author", "venue": "venue", "section": "section", "title": "title", "id": "id"}.get(
            term.field or ""
        )
        stand_ins = fuzzy.get(str(term))
        if stand_ins is None:
            reason = _best(catalog, work, term.text, only)
            if reason is not None:
                out.append(reason)
            continue
        for stand_in in stand_ins:
            found = _best(catalog, work, stand_in, only)
            if found is not None:
                out.append(Reason(term.text, found.field, "fuzzy", found.text, stand_in))
                break
    return tuple(out)
