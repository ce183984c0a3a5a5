"""Running a query over a catalog: the search index (pure, no Textual).

``SearchIndex.search`` runs a parsed query over a catalog's works; it keeps
per-word results so that typing one more letter only scans the works that
matched the shorter word. A word that matches nothing falls back to close
words (rapidfuzz), and the result says so. Besides the words as typed, a
term finds other forms of its word (``aligntui.search.wordforms``), acronyms of runs
of title words, names spelled without hyphens or spaces, whole numbers and
years; a query with words ranks its matches (``aligntui.search.ranking``).
"""

from __future__ import annotations

import re
import sys
import threading
from array import array
from collections import OrderedDict
from collections.abc import Iterable
from itertools import pairwise
from typing import Protocol

from aligntui.catalog.model import Catalog
from aligntui.search.query import FIELDS, Query, Term, is_personal, parse_query
from aligntui.search.ranking import (
    FIELD_WEIGHTS,
    FUZZY_WEIGHT,
    PHRASE_BONUS,
    SearchResult,
    TermScorer,
    prefix_ratio,
    ranks,
)
from aligntui.search.wordforms import SQUEEZED, compact, initials, is_number, stem_prefix, title_acronym, title_line
from aligntui.text.fold import fold

__all__ = ["PersonalTerms", "SearchIndex", "SearchResult", "title_acronym"]


class PersonalTerms(Protocol):
    """The narrow hook through which the index asks one's own files about a term (``aligntui.personal.terms``)."""

    def ids_for(self, term: Term) -> frozenset[str]:
        """The ids of the works an ``is_personal`` term matches, ignoring its negation."""
        ...


_WORD = re.compile(r"[a-z]{3,}")
_FIELD_ORDER = ("title", "author", "venue", "id", "section")
FUZZY_MIN_LENGTH = 3
"""Words shorter than this never fall back to close matches."""
SHORT_WORD = 3
"""Query words shorter than this rank only among ``SHORT_WORD_LIMIT`` matches or fewer."""
SHORT_WORD_LIMIT = 200
"""The most matches a one- or two-letter word ranks (more: it adds nothing to any score)."""
RANK_LIMIT = 20_000
"""Above this many matches (without a fuzzy guess) a result keeps catalog order: ranking them would help no one."""
PRECISE_LIMIT = 2_000
"""Above this many matches a word ranks only by whether the title holds it (precise once the query narrows)."""
SCORE_CACHE_SIZE = 6
"""How many terms' scores are kept (each holds a float per matched work: megabytes at 100,000 works)."""
FUZZY_CUTOFF = 75.0
"""The least rapidfuzz score (0-100) a close word needs."""


class SearchIndex:
    """Folded, searchable text for every work of a catalog, built once."""

    def __init__(self, catalog: Catalog, cache_size: int = 64, personal: PersonalTerms | None = None) -> None:
        self.catalog = catalog
        self.ids: list[str] = list(catalog.works)
        self.personal = personal
        """Answers is:, has:note and note: terms from one's marks and .bib (``PersonalTerms``); None: no work."""
        self._all: list[str] = []
        self._years: list[tuple[int, ...]] = []
        self._kinds: list[frozenset[str]] = []
        self._initials: list[str] | None = None
        self._scores: OrderedDict[tuple[str | None, str, bool, bool], dict[int, float]] = OrderedDict()
        # Results as arrays of 4-byte positions: a list of 100,000 ints holds 3.6 MB of int objects.
        self._cache: OrderedDict[tuple[str | None, str, bool], array[int]] = OrderedDict()
        self._cache_size = cache_size
        self._vocabulary: dict[str, array[int]] | None = None
        self._vocabulary_words: list[str] = []
        self._ready = False
        self._lock = threading.Lock()
        self._vocabulary_lock = threading.Lock()

    def prepare(self, vocabulary: bool = False) -> None:
        """Fold every work's text; done once, on the first search or ahead of it in a thread.

        ``vocabulary`` also builds the fuzzy fallback's word list (seconds at
        100,000 works), which a search otherwise builds when it first needs it.
        """
        with self._lock:
            if not self._ready:
                self._fold()
        if vocabulary:
            self._vocab()

    def _fold(self) -> None:
        """Build the folded text, the years and the link kinds of every work."""
        catalog = self.catalog
        works = list(catalog.works.values())
        paths = {s.id: s.path for s in catalog.sections.values()}
        # One folded string per work, its fields in FIELD_ORDER, separated by newlines:
        # plain words scan it whole; a field query looks inside only the works that hold the word.
        self._all = [
            "\n".join(
                (
                    title_line(w),
                    fold(" | ".join(w.authors) + (" | " + w.list_authors if w.list_authors else "")),
                    fold(" ".join(filter(None, (w.venue, w.booktitle, w.journal, w.list_venue)))),
                    w.id.lower(),
                    fold(" | ".join(dict.fromkeys(t for s in catalog.memberships.get(w.id, ()) for t in paths[s]))),
                )
            )
            for w in works
        ]
        # year: finds a work by its first version's year and by its venue's
        self._years = [tuple({y for y in (w.year, w.published_year) if y is not None}) for w in works]
        self._initials = [sys.intern(initials(w.title)) for w in works]
        shared: dict[frozenset[str], frozenset[str]] = {}
        self._kinds = [shared.setdefault(kinds, kinds) for kinds in (w.link_kinds for w in works)]
        self._ready = True

    def __len__(self) -> int:
        return len(self.ids)

    @staticmethod
    def _field(text: str, name: str, first_only: bool) -> str:
        """One field of a work's folded text."""
        part = text.split("\n")[_FIELD_ORDER.index(name)]
        return part.split(" | ", 1)[0] if first_only else part

    def _text_matches(self, term: Term) -> array[int]:
        """Indices of works whose field contains the term's text (cached)."""
        key = (term.field, term.text, term.first_only)
        cached = self._cache.get(key)
        if cached is not None:
            self._cache.move_to_end(key)
            return cached
        hay = self._all
        needle = term.text
        candidates: Iterable[int] = range(len(hay))
        # A longer word matches a subset of what its prefix matched.
        for cut in range(len(needle) - 1, 0, -1):
            prefix = self._cache.get((term.field, needle[:cut], term.first_only))
            if prefix is not None:
                candidates = prefix
                break
        if isinstance(candidates, range):
            found = array("I", [i for i, text in enumerate(hay) if needle in text])
        else:
            found = array("I", [i for i in candidates if needle in hay[i]])
        if term.field is not None:
            field, first_only = term.field, term.first_only
            found = array("I", [i for i in found if needle in self._field(hay[i], field, first_only)])
        self._cache[key] = found
        if len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        return found

    def _title_initials(self) -> list[str]:
        """Every title's acronym string (``aligntui.search.wordforms.initials``), made with the folded text."""
        self.prepare()
        return self._initials or []

    def _vocab(self) -> tuple[dict[str, array[int]], list[str]]:
        with self._vocabulary_lock:
            return self._build_vocab()

    def _build_vocab(self) -> tuple[dict[str, array[int]], list[str]]:
        if self._vocabulary is None:
            vocabulary: dict[str, array[int]] = {}
            for index, text in enumerate(self._all):
                title, authors, venue, _, section = text.split("\n")
                title = title.partition(SQUEEZED)[0]
                for word in set(_WORD.findall(f"{title} {authors} {venue} {section}")):
                    postings = vocabulary.get(word)
                    if postings is None:
                        postings = vocabulary[word] = array("I")
                    postings.append(index)
            self._vocabulary = vocabulary
            self._vocabulary_words = list(vocabulary)
        return self._vocabulary, self._vocabulary_words

    def _fuzzy(self, word: str) -> tuple[dict[int, float], tuple[str, ...]]:
        """Works holding a word close to ``word``, with a score, and those words."""
        from rapidfuzz import fuzz, process

        vocabulary, words = self._vocab()
        scored: dict[str, float] = {}
        for scorer in (fuzz.ratio, prefix_ratio):
            for found, score, _ in process.extract(word, words, scorer=scorer, limit=12, score_cutoff=FUZZY_CUTOFF):
                scored[found] = max(score, scored.get(found, 0.0))
        best = sorted(scored.items(), key=lambda item: -item[1])[:12]
        scores: dict[int, float] = {}
        for found, score in best:
            for index in vocabulary[found]:
                scores[index] = max(score, scores.get(index, 0.0))
        return scores, tuple(found for found, _ in best)

    def _extra_matches(self, term: Term) -> array[int]:
        """Works a plain or ``title:`` word finds beyond its text as typed: other forms, acronyms, squeezed names."""
        key = ("+" + (term.field or ""), term.text, term.phrase)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        hay, word = self._all, term.text
        title_only = term.field == "title"
        found: set[int] = set()
        stem = "" if term.phrase else stem_prefix(word)
        if stem and stem != word:
            pattern = re.compile(rf"(?<![a-z0-9]){re.escape(stem)}")
            for i, text in enumerate(hay):
                if stem in text and (at := pattern.search(text)) and not (title_only and "\n" in text[: at.start()]):
                    found.add(i)
        found.update(self._acronym_matches(term))
        squeezed = compact(word)
        if squeezed != word and len(squeezed) >= 3:
            found.update(i for i, text in enumerate(hay) if squeezed in text[: text.find("\n")])
        result = array("I", sorted(found))
        self._cache[key] = result
        if len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        return result

    def _acronym_matches(self, term: Term) -> array[int]:
        """Works whose title initials hold the word (``rlhf``); a longer word narrows its prefix's result."""
        word = term.text
        if term.phrase or term.field not in (None, "title") or not 3 <= len(word) <= 12 or not word.isalnum():
            return array("I")
        cached = self._cache.get(("^", word, False))
        if cached is not None:
            return cached
        letters = self._title_initials()
        candidates: Iterable[int] = range(len(letters))
        for cut in range(len(word) - 1, 2, -1):
            prefix = self._cache.get(("^", word[:cut], False))
            if prefix is not None:
                candidates = prefix
                break
        found = array("I", [i for i in candidates if word in letters[i]])
        self._cache[("^", word, False)] = found
        if len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        return found

    def _number_matches(self, term: Term) -> set[int]:
        """A number word: works holding it as a whole number, and for a four-digit year, works of that year."""
        key = ("#" + (term.field or ""), term.text, term.phrase)
        cached = self._cache.get(key)
        if cached is None:
            pattern = re.compile(rf"(?<![a-z0-9]){re.escape(term.text)}(?![0-9])")
            found = {i for i in self._text_matches(term) if pattern.search(self._all[i])}
            if len(term.text) == 4 and term.field is None and not term.phrase:
                year = int(term.text)
                found.update(i for i, years in enumerate(self._years) if year in years)
            cached = self._cache[key] = array("I", sorted(found))
            if len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        return set(cached)

    def _term_matches(self, term: Term, fuzzy: dict[str, tuple[str, ...]], scores: dict[int, float]) -> set[int]:
        if is_personal(term):
            ids = self.personal.ids_for(term) if self.personal is not None else frozenset()
            return {i for i, work_id in enumerate(self.ids) if work_id in ids}
        if term.field == "year":
            low, high = term.year_range or (0, 9999)
            return {i for i, years in enumerate(self._years) if any(low <= year <= high for year in years)}
        if term.field == "has":
            return {i for i, kinds in enumerate(self._kinds) if term.text in kinds}
        if is_number(term.text) and term.field in (None, "title", "venue", "section"):
            return self._number_matches(term)
        found = set(self._text_matches(term))
        if term.field in (None, "title"):
            found.update(self._extra_matches(term))
        if found or term.negated or term.phrase or term.field == "id" or len(term.text) < FUZZY_MIN_LENGTH:
            return found
        if term.field is None and any(name.startswith(term.text) for name in FIELDS):
            return set()  # most likely a field name still being typed ("auth" on the way to "author:")
        word_scores, words = self._fuzzy(term.text)
        if term.field is not None:
            # author:rafailof: the close words, looked for in that field only.
            kept: dict[int, float] = {}
            for word in words:
                for index in self._text_matches(term.with_text(word)):
                    kept[index] = max(kept.get(index, 0.0), word_scores.get(index, 0.0))
            word_scores = kept
        fuzzy[str(term)] = words
        for index, score in word_scores.items():
            scores[index] = scores.get(index, 0.0) + score * FUZZY_WEIGHT
        return set(word_scores)

    def search(self, query: Query | str) -> SearchResult:
        """The works matching ``query``: best first when it has words, else in catalog order."""
        if isinstance(query, str):
            query = parse_query(query)
        self.prepare()
        if query.is_empty:
            return SearchResult(query, list(self.ids), positions=list(range(len(self.ids))))
        fuzzy: dict[str, tuple[str, ...]] = {}
        scores: dict[int, float] = {}
        matched: set[int] = set()
        for group in query.groups:
            result: set[int] | None = None
            excluded: set[int] = set()
            for term in sorted(group, key=lambda t: t.negated):
                found = self._term_matches(term, fuzzy, scores)
                if term.negated:
                    excluded |= found
                else:
                    result = found if result is None else result & found
                if result is not None and not result:
                    break
            if result is None:  # only exclusions: start from every work
                result = set(range(len(self.ids)))
            matched |= result - excluded
        many = len(matched) > SHORT_WORD_LIMIT
        ranking = [
            t
            for group in query.groups
            for t in group
            if ranks(t) and str(t) not in fuzzy and not (many and len(t.text) < SHORT_WORD and not is_number(t.text))
        ]
        if not fuzzy and (len(matched) > RANK_LIMIT or not any(t.field is None for t in ranking)):
            # Only field terms (author:bai), short words still being typed ("m" of "model") or a word in
            # tens of thousands of works: no order would help; keep catalog order.
            order = sorted(matched)
            return SearchResult(query, [self.ids[i] for i in order], fuzzy, order)
        self._score(query, ranking, matched, scores)
        totals = dict.fromkeys(matched, 0.0) | scores
        order = sorted(matched)
        order.sort(key=totals.__getitem__, reverse=True)  # stable: ties keep catalog order
        ranked = [totals[i] for i in order]
        return SearchResult(query, [self.ids[i] for i in order], fuzzy, order, ranked)

    def _score(self, query: Query, terms: list[Term], matched: set[int], scores: dict[int, float]) -> None:
        """Add every ranking term's score, and the phrase bonus, to ``scores`` for the matched works."""
        hay = self._all
        coarse = len(matched) > PRECISE_LIMIT
        for term in terms:
            if coarse and (term.field is not None or is_number(term.text)):
                continue
            key = (term.field, term.text, term.phrase, coarse)
            cached = self._scores.get(key)
            if cached is None:
                cached = self._scores[key] = {}
                if len(self._scores) > SCORE_CACHE_SIZE:
                    self._scores.popitem(last=False)
            else:
                self._scores.move_to_end(key)
            missing = [i for i in matched if i not in cached]
            if missing and coarse:
                cached.update(self._coarse_scores(term, missing))
            elif missing:
                cached.update(self._scorer(term).score_many(hay, missing))
            for i in matched:
                scores[i] = scores.get(i, 0.0) + cached[i]
        for group in query.groups:
            words = [t.text for t in group if t.field is None and not t.negated and not t.phrase]
            for pair in (f"{first} {second}" for first, second in pairwise(words)):
                for i in [i for i in matched if 0 <= hay[i].find(pair) < hay[i].find("\n")]:
                    scores[i] = scores.get(i, 0.0) + PHRASE_BONUS

    def _coarse_scores(self, term: Term, indices: list[int]) -> list[tuple[int, float]]:
        """Scores for a large result: a word's start in the title (or an acronym of it), else anywhere."""
        hay, word, acronyms = self._all, term.text, frozenset(self._acronym_matches(term))
        in_title, elsewhere = FIELD_WEIGHTS[0] * 3.0, float(FIELD_WEIGHTS[-1])
        return [
            (i, in_title if 0 <= hay[i].find(word) < hay[i].find("\n") or i in acronyms else elsewhere) for i in indices
        ]

    def _scorer(self, term: Term) -> TermScorer:
        """A scorer for one term, told which works its acronym and its year found."""
        acronyms: frozenset[int] = frozenset()
        years: frozenset[int] = frozenset()
        word = term.text
        acronyms = frozenset(self._acronym_matches(term))
        if is_number(word) and len(word) == 4 and term.field is None:
            year = int(word)
            years = frozenset(i for i, found in enumerate(self._years) if year in found)
        return TermScorer(term, acronyms, years)
