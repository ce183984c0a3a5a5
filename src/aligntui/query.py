"""The query language: parsing, matching and taxonomy pruning (pure, no Textual).

One language serves the TUI filter and every CLI subcommand, so they can
never disagree. See ``docs/query.md`` (and the README) for the language.

``parse_query`` never raises: what it cannot use becomes a hint and the rest
of the query still filters. ``SearchIndex.search`` runs a parsed query over a
catalog's works; it keeps per-word results so that typing one more letter
only scans the works that matched the shorter word.
"""

from __future__ import annotations

import re
import threading
from array import array
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field

from aligntui.catalog import HAS_ALIASES, LINK_KINDS, Catalog
from aligntui.textfold import fold, highlight_spans

__all__ = [
    "FIELDS",
    "HAS_KINDS",
    "Query",
    "SearchIndex",
    "SearchResult",
    "Term",
    "highlight_spans",
    "parse_query",
]

FIELDS = ("title", "author", "venue", "year", "section", "has", "id", "is")
"""The field names a term may start with (``author:bai``)."""

HAS_KINDS = tuple(dict.fromkeys(LINK_KINDS.values()))
"""What ``has:`` can ask for; ``has:project`` is ``has:code``."""

_TOKEN = re.compile(r'\s*(-?)(?:([A-Za-z]+):)?("[^"]*"?|\S+)')
_YEAR = re.compile(r"^(?:(\d{4})\.\.(\d{4})|(\d{4})\.\.|\.\.(\d{4})|(>=|<=|>|<|=)?(\d{4}))$")
_WORD = re.compile(r"[a-z]{3,}")
_FIELD_ORDER = ("title", "author", "venue", "id", "section")
FUZZY_MIN_LENGTH = 3
FUZZY_CUTOFF = 75.0


@dataclass(frozen=True, slots=True)
class Term:
    """One condition of a query: ``field`` is None for plain words and phrases."""

    text: str
    field: str | None = None
    negated: bool = False
    phrase: bool = False
    first_only: bool = False
    year_range: tuple[int, int] | None = None

    def _replace_text(self, text: str) -> Term:
        """The same term for another word (a fuzzy stand-in)."""
        return Term(text, self.field, self.negated, self.phrase, self.first_only, self.year_range)

    def __str__(self) -> str:
        value = f'"{self.text}"' if self.phrase else self.text
        if self.first_only:
            value = "^" + value
        prefix = f"{self.field}:" if self.field else ""
        return f"{'-' if self.negated else ''}{prefix}{value}"


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed query: alternatives (OR) of conjunctions (AND) of terms."""

    text: str
    groups: tuple[tuple[Term, ...], ...]
    hints: tuple[str, ...] = ()

    @property
    def is_empty(self) -> bool:
        """True when the query has no usable term and matches every work."""
        return not any(self.groups)

    @property
    def positive_words(self) -> tuple[str, ...]:
        """The folded words and phrases to highlight in titles and authors."""
        seen: dict[str, None] = {}
        for group in self.groups:
            for term in group:
                if not term.negated and term.field in (None, "title", "author", "id", "venue"):
                    seen.setdefault(term.text, None)
        return tuple(seen)


def _year_range(value: str) -> tuple[int, int] | None:
    match = _YEAR.match(value)
    if match is None:
        return None
    low, high, open_low, open_high, op, single = match.groups()
    if low:
        return (min(int(low), int(high)), max(int(low), int(high)))
    if open_low:
        return (int(open_low), 9999)
    if open_high:
        return (0, int(open_high))
    year = int(single)
    return {
        ">=": (year, 9999),
        ">": (year + 1, 9999),
        "<=": (0, year),
        "<": (0, year - 1),
    }.get(op or "=", (year, year))


def parse_query(text: str) -> Query:
    """Parse a query string; never raises (problems become ``hints``)."""
    groups: list[list[Term]] = [[]]
    hints: list[str] = []
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None or match.end() == position:
            break
        position = match.end()
        negated, name, raw = match.group(1) == "-", match.group(2), match.group(3)
        if raw == "OR" and not negated and name is None:
            if groups[-1]:
                groups.append([])
            continue
        phrase = raw.startswith('"')
        if phrase:
            if len(raw) == 1 or not raw.endswith('"'):
                # An unclosed quote takes the rest of the line as its phrase.
                rest = text[match.start(3) + 1 :]
                position = len(text)
                hints.append('unclosed quote: add a closing " (searching for the rest as a phrase)')
                raw = rest
            else:
                raw = raw[1:-1]
        value = fold(raw.strip()) if phrase else fold(raw)
        if not value or value == "-":
            continue
        if name is None and re.fullmatch(r"[A-Za-z]+:", raw) and not phrase:
            # "author:" with nothing after it yet: a field still being typed.
            label = raw[:-1].lower()
            if label not in FIELDS:
                hints.append(f"unknown field {raw} (fields: {', '.join(f + ':' for f in FIELDS)})")
            continue
        field_name = name.lower() if name else None
        if field_name is not None and field_name not in FIELDS:
            hints.append(f"unknown field {name}: (fields: {', '.join(f + ':' for f in FIELDS)})")
            continue
        term = _field_term(field_name, value, negated, phrase, hints)
        if term is not None:
            groups[-1].append(term)
    cleaned = tuple(tuple(group) for group in groups if group)
    return Query(text=text, groups=cleaned, hints=tuple(hints))


def _field_term(name: str | None, value: str, negated: bool, phrase: bool, hints: list[str]) -> Term | None:
    if name == "year":
        years = _year_range(value)
        if years is None:
            hints.append(f"year:{value} is not a year (try year:2022, year:2021..2023, year:>=2022)")
            return None
        return Term(value, "year", negated, year_range=years)
    if name == "has":
        kind = HAS_ALIASES.get(value, value)
        if kind not in HAS_KINDS:
            hints.append(f"has:{value} is unknown (try {', '.join('has:' + k for k in HAS_KINDS)})")
            return None
        return Term(kind, "has", negated)
    if name == "is":
        hints.append("is: needs personal marks, which this version does not keep yet")
        return None
    first_only = name == "author" and value.startswith("^")
    if first_only:
        value = value[1:]
        if not value:
            return None
    return Term(value, name, negated, phrase, first_only)


@dataclass(slots=True)
class SearchResult:
    """The works a query matched, best first, and what to tell the person."""

    query: Query
    work_ids: list[str]
    fuzzy: dict[str, tuple[str, ...]] = field(default_factory=dict)
    positions: list[int] = field(default_factory=list)
    """Where each matched work stands in the catalog, in the same order as ``work_ids``."""

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
        """The words to mark in labels: the query's own and the fuzzy stand-ins."""
        words = [w for w in self.query.positive_words if w not in self.fuzzy]
        for found in self.fuzzy.values():
            words.extend(found)
        return tuple(words)


class SearchIndex:
    """Folded, searchable text for every work of a catalog, built once."""

    def __init__(self, catalog: Catalog, cache_size: int = 64) -> None:
        self.catalog = catalog
        self.ids: list[str] = list(catalog.works)
        self._all: list[str] = []
        self._years: list[tuple[int, ...]] = []
        self._kinds: list[frozenset[str]] = []
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
                    fold(" ".join(filter(None, (w.title, w.list_title, title_acronym(w.title))))),
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

    def _vocab(self) -> tuple[dict[str, array[int]], list[str]]:
        with self._vocabulary_lock:
            return self._build_vocab()

    def _build_vocab(self) -> tuple[dict[str, array[int]], list[str]]:
        if self._vocabulary is None:
            vocabulary: dict[str, array[int]] = {}
            for index, text in enumerate(self._all):
                title, authors, venue, _, section = text.split("\n")
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
        for scorer in (fuzz.ratio, _prefix_ratio):
            for found, score, _ in process.extract(word, words, scorer=scorer, limit=12, score_cutoff=FUZZY_CUTOFF):
                scored[found] = max(score, scored.get(found, 0.0))
        best = sorted(scored.items(), key=lambda item: -item[1])[:12]
        scores: dict[int, float] = {}
        for found, score in best:
            for index in vocabulary[found]:
                scores[index] = max(score, scores.get(index, 0.0))
        return scores, tuple(found for found, _ in best)

    def _term_matches(self, term: Term, fuzzy: dict[str, tuple[str, ...]], scores: dict[int, float]) -> set[int]:
        if term.field == "year":
            low, high = term.year_range or (0, 9999)
            return {i for i, years in enumerate(self._years) if any(low <= year <= high for year in years)}
        if term.field == "has":
            return {i for i, kinds in enumerate(self._kinds) if term.text in kinds}
        found = self._text_matches(term)
        if found or term.negated or term.phrase or term.field == "id" or len(term.text) < FUZZY_MIN_LENGTH:
            return set(found)
        if term.field is None and any(name.startswith(term.text) for name in FIELDS):
            return set()  # most likely a field name still being typed ("auth" on the way to "author:")
        word_scores, words = self._fuzzy(term.text)
        if term.field is not None:
            # author:rafailof: the close words, looked for in that field only.
            kept: dict[int, float] = {}
            for word in words:
                for index in self._text_matches(term._replace_text(word)):
                    kept[index] = max(kept.get(index, 0.0), word_scores.get(index, 0.0))
            word_scores = kept
        fuzzy[str(term)] = words
        for index, score in word_scores.items():
            scores[index] = scores.get(index, 0.0) + score
        return set(word_scores)

    def search(self, query: Query | str) -> SearchResult:
        """The works matching ``query``: catalog order, or best first after fuzzy fallback."""
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
        order = sorted(matched, key=lambda i: (-scores.get(i, 0.0), i)) if fuzzy else sorted(matched)
        return SearchResult(query, [self.ids[i] for i in order], fuzzy, order)


def _prefix_ratio(word: str, candidate: str, *, score_cutoff: float | None = None, **_: object) -> float:
    """How close ``word`` is to the start of ``candidate`` (a word still being typed)."""
    from rapidfuzz import fuzz

    if len(candidate) <= len(word):
        return 0.0
    return float(fuzz.ratio(word, candidate[: len(word)], score_cutoff=score_cutoff))


def title_acronym(title: str) -> str:
    """The initials of a title's name before its colon: ``dpo`` for "Direct Preference Optimization: ..."."""
    head, colon, _ = title.partition(":")
    words = re.findall(r"[a-z0-9]+", fold(head)) if colon else []
    return "".join(word if word.isdigit() else word[0] for word in words) if 2 <= len(words) <= 6 else ""
