"""Scoring a matched work for one query term: which field it is in and how it matched (pure).

A work's searchable text is a ``aligntui.search.fields.WorkText``, one folded
string per field. A term scores ``FIELD_WEIGHTS[field] * KIND_WEIGHTS[kind]``
for its best occurrence; a work's score is the sum over the query's terms plus
``PHRASE_BONUS`` for each pair of adjacent query words found together in its
title. A four-digit number scores ``YEAR_SCORE`` for the work's own year and at
most ``YEAR_IN_TEXT`` for the number written in a title or alias, so that
"Flan 2022" in one work's alias does not outrank another work of 2022. The
README's "Ranking" section states these rules.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import compress, repeat
from operator import contains

from aligntui.search.fields import FIELD_WEIGHTS, NAME_FIELDS, SEPARATOR, WorkText
from aligntui.search.query import Query, Term
from aligntui.search.wordforms import (
    ALNUM,
    STOP_WORDS,
    compact,
    is_number,
    is_year,
    joined_body,
    joined_pattern,
    other_forms,
    stem_prefix,
    word_parts,
)

__all__ = [
    "ACRONYM_SCORE",
    "FIELD_WEIGHTS",
    "KIND_WEIGHTS",
    "PHRASE_BONUS",
    "RANKED_FIELDS",
    "TOP_SCORE",
    "YEAR_IN_TEXT",
    "YEAR_SCORE",
    "SearchResult",
    "TermScorer",
    "prefix_ratio",
    "ranks",
]

KIND_WEIGHTS = {"word": 4, "prefix": 3, "stem": 2, "part": 1}
"""Weight of a whole word, a word's start, another form of the word (stem) and a piece inside a word."""
TOP_SCORE = float(FIELD_WEIGHTS["title"] * KIND_WEIGHTS["word"])
"""A whole word of the title: the most one term scores."""
ACRONYM_SCORE = 28.0
"""A query word that is the acronym of a run of title words: just under a whole title word."""
YEAR_SCORE = 24.0
"""A four-digit query number equal to the work's own year: as much as the first author's name."""
YEAR_IN_TEXT = 12.0
"""The most a four-digit query number written in the work's text scores (a year inside an alias, "Flan 2022")."""
PHRASE_BONUS = 16.0
"""Two adjacent query words found together, in that order, in the title or an alias."""
FUZZY_WEIGHT = 0.04
"""A fuzzy stand-in's rapidfuzz score (0-100) times this: at most 4, below any exact match."""
RANKED_FIELDS = (None, "title", "author", "venue", "section", "id")
"""The term fields that rank; ``year:`` and ``has:`` only filter."""
TERM_FIELDS: dict[str, tuple[str, ...]] = {
    "title": ("title", "joined"),
    "author": ("first_author", "coauthors"),
    "venue": ("venue",),
    "id": ("id",),
    "section": ("sections",),
}
"""The ``WorkText`` fields a field term (``author:bai``) looks in."""
_SCANNED = tuple(name for name in WorkText._fields if name != "joined")
"""The fields a plain word is scored in, best weight first (``joined`` is scored through ``joined_pattern``)."""
_FORM_FIELDS = tuple(name for name in _SCANNED if name not in NAME_FIELDS)
"""The fields a word's other forms are scored in: never a person's name."""
_STEM = float(KIND_WEIGHTS["stem"])


class TermScorer:
    """Scores works for one positive term; ``acronyms`` and ``years`` are the works matched those ways."""

    __slots__ = (
        "_compact",
        "_forms",
        "_number",
        "_parts",
        "_stem",
        "_whole",
        "_year",
        "acronyms",
        "field",
        "text",
        "years",
    )

    def __init__(self, term: Term, acronyms: frozenset[int] = frozenset(), years: frozenset[int] = frozenset()):
        self.text = term.text
        self.field = term.field
        self.acronyms = acronyms
        self.years = years
        self._number = is_number(term.text)
        self._year = self._number and is_year(term.text) and term.field is None
        self._whole = re.compile(
            rf"(?<![a-z0-9]){re.escape(term.text)}(?![0-9])" if self._number else rf"\b{re.escape(term.text)}\b"
        )
        stem = "" if term.phrase else stem_prefix(term.text)
        self._stem = stem if stem != term.text else ""
        self._forms = tuple(re.compile(rf"\b{re.escape(form)}\b") for form in other_forms(term.text))
        squeezed = compact(term.text)
        self._compact = squeezed if len(squeezed) >= 3 else ""
        parts = () if term.phrase else word_parts(term.text)
        self._parts = tuple(TermScorer(term.with_text(part), acronyms) for part in parts)

    def score(self, text: WorkText, index: int) -> float:
        """The term's score in one work's text (0.0 when it does not occur)."""
        if self.field is not None and self.field != "title":
            return self._field_score(text)
        if self._number:
            return self._number_score(text, index)
        best = 0.0
        for name in _SCANNED if self.field is None else ("title",):
            weight = FIELD_WEIGHTS[name]
            if weight * 4.0 <= best:
                break
            part = text[_INDEX[name]]
            position = part.find(self.text)
            if position >= 0:
                best = max(best, weight * _best_kind(part, self.text, position))
        if best >= TOP_SCORE:
            return best
        best = max(best, self._joined_score(text))
        if index in self.acronyms:
            best = max(best, ACRONYM_SCORE)
        if best < FIELD_WEIGHTS["title"] * _STEM and (self._stem or self._forms):
            best = max(best, self._form_score(text))
        if self._parts:
            best = max(best, sum(part.score(text, index) for part in self._parts) / len(self._parts))
        if self.field == "title" and 0 < best < FIELD_WEIGHTS["title"]:
            return float(FIELD_WEIGHTS["title"])  # title:word matched inside the title: a title match
        return best

    def _number_score(self, text: WorkText, index: int) -> float:
        """A number: its best whole occurrence (a year written in the text capped), or the work's own year."""
        best = 0.0
        for name in _SCANNED if self.field is None else TERM_FIELDS.get(self.field, ("title",)):
            if self._whole.search(text[_INDEX[name]]):
                best = FIELD_WEIGHTS[name] * 4.0
                break
        if self._year:
            best = min(best, YEAR_IN_TEXT)
            if index in self.years:
                best = max(best, YEAR_SCORE)
        return best

    def _joined_score(self, text: WorkText) -> float:
        """A word written joined, spaced or hyphenated otherwise in the title or an organisation's name."""
        if not self._compact or self._compact not in text.joined:
            return 0.0
        pattern = joined_pattern(self.text)
        if pattern is None:
            return 0.0
        for name in ("title", "orgs"):
            found = pattern.search(text[_INDEX[name]])
            if found is not None:
                return _joined_value(name, found)
        return float(FIELD_WEIGHTS["title"])  # inside a word of a name

    def _form_score(self, text: WorkText) -> float:
        """Another form of the word (its stem, an irregular plural) starting a word: the stem weight of that field."""
        best = 0.0
        for name in _FORM_FIELDS if self.field is None else ("title",):
            part = text[_INDEX[name]]
            if self._stem and _word_start(part, self._stem) >= 0:
                return FIELD_WEIGHTS[name] * _STEM
            if any(form.search(part) for form in self._forms):
                return FIELD_WEIGHTS[name] * _STEM
        return best

    def score_many(
        self, packed: Sequence[str], joined: Sequence[str], indices: Iterable[int]
    ) -> list[tuple[int, float]]:
        """(index, score) for many works given as ``WorkText.packed`` and ``joined``: exactly what ``score`` gives
        (tests/search/test_score_many.py), read from the packed text without splitting it into a ``WorkText`` for
        a plain word; other terms, a work its acronym matched and a work where another form of the word may
        count go through ``score``. Not in the order of ``indices``."""
        unpack = WorkText.unpack

        def score(i: int) -> float:
            return self.score(unpack(packed[i], joined[i]), i)

        if self.field is not None or self._number or self._parts or self._forms:
            return [(i, score(i)) for i in indices]
        word, size, acronyms, compact = self.text, len(self.text), self.acronyms, self._compact
        weights = _PACKED_WEIGHTS
        out: list[tuple[int, float]] = []
        read: list[int] = []  # the works read from the packed text, and their best as typed
        bests: list[float] = []
        for i in indices:
            text = packed[i]
            position = text.find(word)
            if position < 0 or i in acronyms:
                out.append((i, score(i)))
                continue
            # score's field loop on the packed text: each occurrence's field weight times its kind (a whole
            # word, a word's start, a piece), until no later field can beat the best (fields go best first)
            end_of_text, field, best = len(text), text.count(SEPARATOR, 0, position), 0.0
            boundary = text.find(SEPARATOR, position)  # where this field ends (-1: the last field)
            while True:
                weight = weights[field]
                if weight * 4.0 <= best:
                    break
                end = position + size
                if position and text[position - 1].isalnum():
                    value = weight
                elif end == end_of_text or not text[end].isalnum():
                    value = weight * 4.0
                else:
                    value = weight * 3.0
                if value > best:
                    best = value
                    if best >= TOP_SCORE:
                        break
                position = text.find(word, position + 1)
                if position < 0:
                    break
                if 0 <= boundary < position:  # in a later field: counted only when one is passed
                    field += text.count(SEPARATOR, boundary, position)
                    boundary = text.find(SEPARATOR, position)
            read.append(i)
            bests.append(best)
        if compact:
            bests = self._with_joined(packed, joined, read, bests)
        forms_below = FIELD_WEIGHTS["title"] * _STEM if self._stem else 0.0
        out.extend((i, score(i)) if best < forms_below else (i, best) for i, best in zip(read, bests, strict=True))
        return out

    def _with_joined(
        self, packed: Sequence[str], joined: Sequence[str], read: list[int], bests: list[float]
    ) -> list[float]:
        """``bests`` (the works at ``read``, scored as typed, below ``TOP_SCORE`` or not) raised to
        ``_joined_score`` where it beats them: the joined names looked in, then each title searched with
        ``joined_body`` (a match inside a word skipped), in C (``map``) for all of them at once; the
        organisations only for a work whose title has no match and whose best they could beat (their whole
        word, 12)."""
        body = joined_body(self.text)
        below = [n for n, best in enumerate(bests) if best < TOP_SCORE]  # what a joined name could still raise
        holds = map(contains, map(joined.__getitem__, map(read.__getitem__, below)), repeat(self._compact))
        wanted = list(compress(below, holds))
        if body is None or not wanted:
            return bests
        texts = list(map(packed.__getitem__, map(read.__getitem__, wanted)))
        ends = list(map(str.find, texts, repeat(SEPARATOR)))
        raised = list(bests)
        for n, text, end, found in zip(wanted, texts, ends, map(body.search, texts, repeat(0), ends), strict=True):
            found = _at_word_start(body, text, found, end)
            best = raised[n]
            if found is not None:
                value = _joined_value("title", found)
            elif best >= _ORGS_WORD:  # inside a word of a name: the title weight, whatever the organisations hold
                value = _TITLE
            else:
                orgs = text.split(SEPARATOR, _ORGS + 1)[_ORGS]
                found = _at_word_start(body, orgs, body.search(orgs), len(orgs))
                value = _TITLE if found is None else _joined_value("orgs", found)
            if value > best:
                raised[n] = value
        return raised

    def _field_score(self, text: WorkText) -> float:
        """A term restricted to one field (``author:bai``): that field's weight, times how it matched."""
        best = 0.0
        for name in TERM_FIELDS.get(self.field or "", ("id",)):
            part = text[_INDEX[name]]
            position = part.find(self.text)
            if position >= 0:
                best = max(best, FIELD_WEIGHTS[name] * _best_kind(part, self.text, position))
        return best


_INDEX = {name: n for n, name in enumerate(WorkText._fields)}
_ORGS = _SCANNED.index("orgs")
"""Where the organisations are in ``WorkText.packed.split(SEPARATOR)``."""
_TITLE = float(FIELD_WEIGHTS["title"])
_ORGS_WORD = FIELD_WEIGHTS["orgs"] * 4.0
"""A whole word of the organisations: the most a joined name outside the title scores."""
_PACKED_WEIGHTS = tuple(float(FIELD_WEIGHTS[name]) for name in _SCANNED)
"""Each packed field's weight, in packed order (best first: ``score`` relies on it)."""


def _joined_value(name: str, found: re.Match[str]) -> float:
    """A joined form's score in the field ``name``: a whole word (``joined_pattern``'s group 1 empty), else a
    word's start."""
    return FIELD_WEIGHTS[name] * (3.0 if found.group(1) else 4.0)


def _at_word_start(body: re.Pattern[str], text: str, found: re.Match[str] | None, end: int) -> re.Match[str] | None:
    """The first match of ``joined_pattern`` in ``text[:end]`` from ``found``, the first of its ``joined_body``
    (``body``): what ``joined_pattern`` would find, its body's matches inside a word skipped (each found in C)."""
    while found is not None and (start := found.start()) and text[start - 1] in ALNUM:
        found = body.search(text, start + 1, end)
    return found


def _kind(text: str, position: int, size: int) -> float:
    """4 for a whole word at ``position``, 3 for a word's start, 1 for a piece inside a word."""
    if position > 0 and text[position - 1].isalnum():
        return 1.0
    end = position + size
    return 4.0 if end >= len(text) or not text[end].isalnum() else 3.0


def _best_kind(text: str, word: str, position: int) -> float:
    """The best kind of ``word`` in ``text`` from its first occurrence at ``position`` on."""
    best = 0.0
    while position >= 0:
        best = max(best, _kind(text, position, len(word)))
        if best == 4.0:
            break
        position = text.find(word, position + 1)
    return best


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
    positions: Sequence[int] = field(default_factory=list)
    """Where each matched work stands in the catalog, in the same order as ``work_ids``: an ``array("I")`` from
    the index (a list of 100,000 positions held 3.6 MB, mostly int objects; the array, 0.4 MB)."""
    scores: list[float] = field(default_factory=list)
    """Each matched work's relevance, in the same order as ``work_ids`` (empty when not ranked)."""
    partial: bool = False
    """True when no work has every plain word of the query and ``work_ids`` are the closest works:
    those holding the most (rarest) of them. ``cite`` and ``export`` refuse such a result unless asked."""
    counted: tuple[str, ...] = ()
    """For a partial result: the query's plain words it counted (``str(term)``, stop words left out)."""
    least: int = 0
    """For a partial result: the fewest of the ``counted`` words a listed work holds."""

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
    def partial_note(self) -> str:
        """For a partial result, what it shows (``no work has all 4 words ...; closest: 3 works with 2 or more``)."""
        if not self.partial:
            return ""
        count = len(self.work_ids)
        plural = "work" if count == 1 else "works"
        return (
            f"no work has all {len(self.counted)} words ({', '.join(self.counted)}); "
            f"closest: {count} {plural} with {self.least} or more of them, best first"
        )

    @property
    def highlight_words(self) -> tuple[str, ...]:
        """The words to mark in labels: the query's own, the start of their other forms, and the fuzzy stand-ins."""
        own = self.query.positive_words
        content = [w for w in own if w not in STOP_WORDS]
        # "the" of "the flan collection" is not marked inside every "other" and "theory"
        words = [w for w in (content or own) if w not in self.fuzzy]
        words.extend([stem for w in words if (stem := stem_prefix(w)) and stem != w])
        words.extend([form for w in list(words) for form in (*other_forms(w), *word_parts(w))])
        for found in self.fuzzy.values():
            words.extend(found)
        return tuple(words)
