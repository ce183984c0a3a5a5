"""Why a work matched a query: which field, which author, alias or section, and how (pure).

``explain`` looks again, for one work, at each positive word of a query in
the order the ranking weighs fields (``aligntui.search.ranking``): title, alias,
other title, author, organisation, venue, id, section title, summary, year. It
reads the work's own strings, so the answer names the author or section as
written. A close word that stood in for a misspelt one is a guess and says so;
in a partial result a word the work lacks is named as missing.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from functools import lru_cache

from aligntui.catalog.model import Catalog, Work
from aligntui.catalog.names import surname_of
from aligntui.search.query import Term
from aligntui.search.wordforms import (
    compact,
    initials,
    is_number,
    is_year,
    joined_pattern,
    other_forms,
    plain_quotes,
    stem_prefix,
    title_acronym,
    word_parts,
)
from aligntui.text.fold import fold

__all__ = ["Reason", "explain"]

HOW = ("word", "prefix", "acronym", "stem", "part", "number", "year", "guess", "missing")
"""How a word matched, best first: whole word, word start, acronym of title words, another form, inside a word,
a whole number, the work's year; ``guess``: a close word stood in for it (fuzzy); ``missing``: a partial
result's work lacks the word."""


@dataclass(frozen=True, slots=True)
class Reason:
    """One query word's best match in a work: ``field`` is title, alias, other title, author, organisation,
    venue, id, section, summary or year ("" for a missing word)."""

    word: str
    """The query word (folded), as typed."""
    field: str
    how: str
    """One of ``HOW``."""
    text: str
    """What matched, as the catalog writes it: the title, the alias, the author's name, the venue, the section title."""
    stand_in: str | None = None
    """For ``how == "guess"``: the close word (fuzzy match) found in the work that replaced ``word``."""

    @property
    def note(self) -> str:
        """A tree row's note, "" for a title match: ``with Christiano``, ``as InstructGPT``, ``in Human Feedback``,
        ``guess: constitutional for constitutonal``, ``without openai``."""
        if self.how == "missing":
            return f"without {self.word}"
        if self.how == "guess" and self.stand_in:
            return f"guess: {self.stand_in} for {self.word}"
        if self.field == "author":
            return f"with {surname_of(self.text)}"
        if self.field == "alias":
            return f"as {self.text}"
        if self.field == "section":
            return f"in {self.text}"
        if self.field == "venue":
            return f"at {self.text}"
        if self.field == "other title":
            return f"also titled {self.text}"
        if self.field == "organisation":
            return f"from {self.text}"
        if self.field == "summary":
            return "in its summary"
        return ""


_RANK = {how: n for n, how in enumerate(HOW)}


@lru_cache(maxsize=256)
def _patterns(
    word: str,
) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str] | None, tuple[re.Pattern[str], ...]]:
    """A folded query word's patterns, made once per word: a whole word (a number: not inside a longer one), its
    start, its stem's start, and its other forms as whole words."""
    escaped = re.escape(word)
    number = rf"(?<![a-z0-9]){escaped}(?![0-9])"
    whole = re.compile(number if is_number(word) else rf"\b{escaped}\b")
    stem = stem_prefix(word)
    stem_start = re.compile(rf"(?<![a-z0-9]){re.escape(stem)}") if stem and stem != word else None
    forms = tuple(re.compile(rf"\b{re.escape(form)}\b") for form in other_forms(word))
    return whole, re.compile(rf"(?<![a-z0-9]){escaped}"), stem_start, forms


@lru_cache(maxsize=8192)
def _folded(text: str) -> str:
    """A field's text as the index folds it, with plain quotes (the same author or venue comes back row after row)."""
    return plain_quotes(fold(text))


def _how(word: str, text: str) -> str | None:
    """How a folded query word occurs in a folded string, best kind first, or None."""
    whole, start, stem_start, forms = _patterns(word)
    if is_number(word):
        return "number" if whole.search(text) else None
    if whole.search(text):
        return "word"
    if start.search(text):
        return "prefix"
    pattern = joined_pattern(word)
    joined = pattern.search(text) if pattern is not None and compact(word) in compact(text) else None
    if joined is not None:
        return "prefix" if joined.group(1) else "word"
    if stem_start is not None and stem_start.search(text):
        return "stem"
    if any(form.search(text) for form in forms):
        return "stem"
    if word in text:
        return "part"
    parts = word_parts(word)
    kinds = [_how(part, text) for part in parts]
    if parts and all(kinds):
        return max((kind for kind in kinds if kind), key=_RANK.__getitem__)
    return None


def _fields(catalog: Catalog, work: Work) -> Iterator[tuple[str, list[str]]]:
    """The work's strings field by field, in the order the ranking weighs them."""
    yield "title", [s for s in (work.title, work.list_title) if s]
    yield "alias", list(work.aliases)
    yield "other title", list(work.other_titles)
    authors = list(work.authors) + ([work.list_authors] if work.list_authors else [])
    yield "author", authors
    yield "organisation", list(work.orgs)
    yield "venue", [s for s in (work.venue, work.booktitle, work.journal, work.list_venue) if s]
    yield "id", [work.id]
    paths = [section.path for section in catalog.sections_of(work.id)]
    yield "section", list(dict.fromkeys(title for path in paths for title in path))
    yield "summary", [work.summary] if work.summary else []


def _best(catalog: Catalog, work: Work, word: str, only: str | None) -> Reason | None:
    """The best field and kind for one word in one work (``only`` limits it to a term's field)."""
    best: Reason | None = None
    year = int(word) if is_year(word) and only is None else None
    if year is not None and year in (work.year, work.published_year):
        return Reason(word, "year", "year", word)  # a year is the work's own before a number in its text
    for field, strings in _fields(catalog, work):
        if only is not None and field != only and not (only == "title" and field in ("alias", "other title")):
            continue
        for text in strings:
            how = _how(word, _folded(text))
            if how == "stem" and field == "author":
                continue  # a word's other forms are never a person's name (the index's rule)
            if how is not None and (best is None or _RANK[how] < _RANK[best.how]):
                best = Reason(word, field, how, text)
        better = best is None or _RANK[best.how] > _RANK["acronym"]
        if field == "title" and better and only in (None, "title") and _is_acronym(word, work.title):
            best = Reason(word, "title", "acronym", work.title)
        if best is not None and best.how in ("word", "number"):
            return best
        if best is not None and field in ("alias", "other title") and best.how in ("prefix", "acronym"):
            return best
    return best


def _is_acronym(word: str, title: str) -> bool:
    """True when a query word is the acronym of a run of the title's words."""
    return len(word) >= 3 and word.isalnum() and (word in initials(title) or word == title_acronym(title))


def explain(
    catalog: Catalog,
    work: Work,
    terms: list[Term],
    fuzzy: dict[str, tuple[str, ...]],
    missing: Collection[str] = (),
) -> tuple[Reason, ...]:
    """Why ``work`` matched: one ``Reason`` per positive word of the query that it holds, in query order.

    ``fuzzy`` maps a query word that matched nothing to the close words used
    instead (``SearchResult.fuzzy``); such a word's reason says which close
    word it replaced. ``missing``: the words a partial result counted
    (``SearchResult.counted``); each one the work lacks gets a ``missing`` reason.
    """
    out: list[Reason] = []
    for term in terms:
        if term.negated or term.field in ("year", "has"):
            continue
        only = {"author": "author", "venue": "venue", "section": "section", "title": "title", "id": "id"}.get(
            term.field or ""
        )
        stand_ins = fuzzy.get(str(term))
        reason: Reason | None = None
        if stand_ins is None:
            reason = _best(catalog, work, term.text, only)
        for stand_in in stand_ins or ():
            found = _best(catalog, work, stand_in, only)
            if found is not None:
                reason = Reason(term.text, found.field, "guess", found.text, stand_in)
                break
        if reason is None and str(term) in missing:
            reason = Reason(term.text, "", "missing", "")
        if reason is not None:
            out.append(reason)
    return tuple(out)
