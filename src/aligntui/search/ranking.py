"""Scoring a matched work for one query term: which field it is in and how it matched (pure).

A work's folded text holds its fields one per line, best first: title and
aliases, authors, venue, id, section titles (``aligntui.search.index`` builds it).
A term scores ``FIELD_WEIGHTS[field] * KIND_WEIGHTS[kind]`` for its best
occurrence; a work's score is the sum over the query's terms plus
``PHRASE_BONUS`` for each pair of adjacent query words found together in its
title. The README's "Ranking" section states these rules.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from aligntui.search.query import Query, Term
from aligntui.search.wordforms import compact, is_number, stem_prefix

__all__ = [
    "ACRONYM_SCORE",
    "FIELD_WEIGHTS",
    "KIND_WEIGHTS",
    "PHRASE_BONUS",
    "RANKED_FIELDS",
    "YEAR_SCORE",
    "SearchResult",
    "TermScorer",
    "prefix_ratio",
    "ranks",
]

FIELD_WEIGHTS = (8, 4, 2, 1, 1)
"""Weight of the title-and-aliases, authors, venue, id and section-titles lines of a work's text."""
KIND_WEIGHTS = {"word": 4, "prefix": 3, "stem": 2, "part": 1}
"""Weight of a whole word, a word's start, another form of the word (stem) and a piece inside a word."""
ACRONYM_SCORE = 28.0
"""A query word that is the acronym of a run of title words: just under a whole title word."""
YEAR_SCORE = 6.0
"""A four-digit query number equal to the work's year."""
PHRASE_BONUS = 16.0
"""Two adjacent query words found together, in that order, in the title or an alias."""
FUZZY_WEIGHT = 0.04
"""A fuzzy stand-in's rapidfuzz score (0-100) times this: at most 4, below any exact match."""
RANKED_FIELDS = (None, "title", "author", "venue", "section", "id")
"""The term fields that rank; ``year:`` and ``has:`` only filter."""
_FIELD_LINES = {"title": 0, "author": 1, "venue": 2, "id": 3, "section": 4}
_TOP = FIELD_WEIGHTS[0] * KIND_WEIGHTS["word"]


def _line(text: str, position: int) -> int:
    """Which field line of a work's text a character position is on."""
    return text.count("\n", 0, position)


class TermScorer:
    """Scores works for one positive term; ``acronyms`` and ``years`` are the works matched those ways."""

    __slots__ = ("_compact", "_number", "_stem", "_whole", "acronyms", "field", "text", "years")

    def __init__(self, term: Term, acronyms: frozenset[int] = frozenset(), years: frozenset[int] = frozenset()):
        self.text = term.text
        self.field = term.field
        self.acronyms = acronyms
        self.years = years
        self._number = is_number(term.text)
        self._whole = re.compile(
            rf"(?<![a-z0-9]){re.escape(term.text)}(?![0-9])" if self._number else rf"\b{re.escape(term.text)}\b"
        )
        stem = "" if term.phrase else stem_prefix(term.text)
        self._stem = stem if stem != term.text else ""
        squeezed = compact(term.text)
        self._compact = squeezed if squeezed != term.text and len(squeezed) >= 3 else ""

    def score(self, text: str, index: int) -> float:
        """The term's score in one work's folded text (0.0 when it does not occur)."""
        if self.field is not None and self.field != "title":
            return self._field_score(text)
        if self._number:
            found = self._whole.search(text)
            best = FIELD_WEIGHTS[_line(text, found.start())] * 4.0 if found else 0.0
            return max(best, YEAR_SCORE) if index in self.years else best
        best = _occurrence(text, self.text, text.find("\n"))
        if best >= _TOP:
            return best
        if self._compact and self._compact in text[: text.find("\n")]:
            return float(_TOP)
        if index in self.acronyms:
            best = max(best, ACRONYM_SCORE)
        if self._stem and best < FIELD_WEIGHTS[0] * 2:
            position = _word_start(text, self._stem)
            if position >= 0:
                best = max(best, FIELD_WEIGHTS[_line(text, position)] * 2.0)
        if self.field == "title" and 0 < best < FIELD_WEIGHTS[0]:
            return float(FIELD_WEIGHTS[0])  # title:word matched inside the title line: a title match
        return best

    def score_many(self, hay: list[str], indices: Iterable[int]) -> list[tuple[int, float]]:
        """(index, score) for many works, as ``score`` gives: the common cases inline, the rest through ``score``."""
        word, size, score = self.text, len(self.text), self.score
        if self.field is not None or self._number or self._compact:
            return [(i, score(hay[i], i)) for i in indices]
        weights, acronyms, stem = FIELD_WEIGHTS, self.acronyms, bool(self._stem)
        out: list[tuple[int, float]] = []
        for i in indices:
            text = hay[i]
            position = text.find(word)
            if position < 0 or i in acronyms:
                out.append((i, score(text, i)))
                continue
            end = position + size
            if position > 0 and text[position - 1].isalnum():
                kind = 1.0
            else:
                kind = 4.0 if end == len(text) or not text[end].isalnum() else 3.0
            title_end = text.find("\n")
            if position < title_end:
                if kind < 4.0 and text.find(word, end, title_end) >= 0:
                    out.append((i, score(text, i)))  # another occurrence in the title may be a whole word
                    continue
                value = weights[0] * kind
            else:
                value = weights[text.count("\n", 0, position)] * kind
            out.append((i, score(text, i) if stem and value < weights[0] * 2 else value))
        return out

    def _field_score(self, text: str) -> float:
        """A term restricted to one field (``author:bai``): that field's weight, times how it matched."""
        line = _FIELD_LINES.get(self.field or "", 3)
        part = text.split("\n")[line]
        return FIELD_WEIGHTS[line] * _occurrence(part + "\n", self.text, len(part)) / FIELD_WEIGHTS[0]


def _kind(text: str, position: int, size: int) -> float:
    """4 for a whole word at ``position``, 3 for a word's start, 1 for a piece inside a word."""
    if position > 0 and text[position - 1].isalnum():
        return 1.0
    end = position + size
    return 4.0 if end >= len(text) or not text[end].isalnum() else 3.0


def _occurrence(text: str, word: str, title_end: int) -> float:
    """The best score of ``word`` as typed: the best kind in the title line, else its first occurrence's field."""
    position = text.find(word)
    if position < 0:
        return 0.0
    if position < title_end:
        best = 0.0
        while 0 <= position < title_end:
            best = max(best, _kind(text, position, len(word)))
            if best == 4.0:
                break
            position = text.find(word, position + 1, title_end)
        return FIELD_WEIGHTS[0] * best
    return FIELD_WEIGHTS[_line(text, position)] * _kind(text, position, len(word))


def _word_start(text: str, stem: str) -> int:
    """Where ``stem`` first starts a word in ``text``, or -1."""
    position = text.find(stem)
    while position > 0 and text[position - 1].isalnum():
        position = text.find(stem, position + 1)
    return position


def ranks(term: Term) -> bool:
    """True for a term whose matches are ranked: a positive word in a text field."""
    return not term.negated and term.field in RANKED_FIELDS


def prefix_ratio(word: str, candidate: str, *, score_cutoff: float | None = None, **_: object) -> float:
    """How close ``word`` is to the start of ``candidate`` (a word still being typed)."""
    from rapidfuzz import fuzz

    if len(candidate) <= len(word):
        return 0.0
    return float(fuzz.ratio(word, candidate[: len(word)], score_cutoff=score_cutoff))


@dataclass(slots=True)
class SearchResult:
    """The works a query matched, best first, and what to tell the person."""

    query: Query
    work_ids: list[str]
    fuzzy: dict[str, tuple[str, ...]] = field(default_factory=dict)
    positions: list[int] = field(default_factory=list)
    """Where each matched work stands in the catalog, in the same order as ``work_ids``."""
    scores: list[float] = field(default_factory=list)
    """Each matched work's relevance, in the same order as ``work_ids`` (empty when not ranked)."""

    @property
    def ranked(self) -> bool:
        """True when ``work_ids`` is in relevance order (the query has words), False for catalog order."""
        return bool(self.scores)

    @property
    def hints(self) -> tuple[str, ...]:
        """Parse hints plus a note for every word that fell back to fuzzy matching."""
        notes = [
            f"no exact match for {word!r}; showing close matches ({', '.join(found[:3])})"
            if found
            else f"{word!r} is in no work, not even approximately"
            for word, found in self.fuzzy.items()
        ]
        return self.query.hints + tuple(notes)

    @property
    def highlight_words(self) -> tuple[str, ...]:
        """The words to mark in labels: the query's own, the start of their other forms, and the fuzzy stand-ins."""
        words = [w for w in self.query.positive_words if w not in self.fuzzy]
        words.extend([stem for w in words if (stem := stem_prefix(w)) and stem != w])
        for found in self.fuzzy.values():
            words.extend(found)
        return tuple(words)
