"""Running a query over a catalog: the search index (pure, no Textual).

``SearchIndex.search`` runs a parsed query over a catalog's works; it keeps
per-word results so that typing one more letter only scans the works that
matched the shorter word. A word that matches nothing falls back to close
words (rapidfuzz), and the result says so. Besides the words as typed, a
term finds other forms of its word (``aligntui.search.wordforms``), acronyms of runs
of title words, names spelled with or without hyphens or spaces, whole numbers and
years; a query with words ranks its matches (``aligntui.search.ranking``).

Question and function words (``wordforms.STOP_WORDS``) rank but never keep a
work out. When no work has every other plain word, the result is *partial*:
the works holding at least half of them, the rarer words weighing more
(``SearchResult.partial``), so a query is never empty because of one word the
work's record lacks.
"""

from __future__ import annotations

import re
import threading
from array import array
from collections import OrderedDict
from collections.abc import Collection, Iterable, Iterator, Sequence
from functools import lru_cache
from itertools import chain, compress, pairwise, repeat
from operator import contains, itemgetter, or_
from typing import Protocol

from aligntui.catalog.model import Catalog, Work
from aligntui.search.column import Coded, TextColumn, holding
from aligntui.search.fields import (
    NAME_FIELDS,
    NAME_SEPARATOR,
    PACKED_INDEX,
    SEPARATOR,
    WorkText,
    family_name,
    work_text,
)
from aligntui.search.partial import Closest, closest, merge
from aligntui.search.query import FIELDS, Query, Term, is_personal, parse_query
from aligntui.search.ranking import (
    FUZZY_WEIGHT,
    PHRASE_BONUS,
    TERM_FIELDS,
    TOP_SCORE,
    SearchResult,
    TermScorer,
    prefix_ratio,
    ranks,
)
from aligntui.search.vocabulary import Vocabulary
from aligntui.search.wordforms import (
    STOP_WORDS,
    compact,
    initials,
    is_number,
    is_year,
    other_forms,
    stem_prefix,
    title_acronym,
    word_parts,
)
from aligntui.text.fold import fold

__all__ = ["PersonalTerms", "SearchIndex", "SearchResult", "is_optional", "title_acronym"]


class PersonalTerms(Protocol):
    """The narrow hook through which the index asks one's own files about a term (``aligntui.personal.terms``)."""

    def ids_for(self, term: Term) -> frozenset[str]:
        """The ids of the works an ``is_personal`` term matches, ignoring its negation."""
        ...


_WORD = re.compile(r"[a-z]{4,}")
"""A word the fuzzy fallback may offer: four letters or more (no short stray word)."""
JOINED_COLUMN_FROM = 20_000
"""From this many works, the joined names are kept as one ``TextColumn`` (memory), below as a list (speed)."""
JOINED_MIN = 4
"""The fewest letters and digits of a plain word looked for in the joined names (``gpt4``, ``llama2``, ``zeroshot``);
a shorter one is a piece of a word already found as typed, or a hyphenated one (``t-0``)."""
FUZZY_MIN_LENGTH = 3
"""Words shorter than this never fall back to close matches."""
FUZZY_MIN_SHARE = 2 / 3
"""A close word shorter than this share of the query word is no stand-in for it (``llm`` for ``llmss``)."""
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
CACHE_BYTES = 1 << 20
"""The most bytes the kept per-word results hold together, the newest always kept: the prefixes of the word
being typed at 100,000 works (a one-letter result is 0.4 MB; 64 results held 3.3 MB, and the allocator kept
more, after the words of ``benchmarks/bench_tui.py``); every result of a catalog of 10,000 works or fewer."""
FUZZY_CUTOFF = 75.0
"""The least rapidfuzz score (0-100) a close word needs."""


Scope = tuple[Term, ...]
"""What a term's ``within`` is made of: the terms of its group looked for before it, whose matches' intersection
it is (a personal term's matches change with one's marks: a group holding one has no scope)."""
CacheKey = tuple[object, ...]
"""A kept result's key: ``(field, text, first_only)`` for a term's own text, a mark (``~``, ``+``, ``^``, ``#``)
first for the other ways; a ``Scope`` first for a result looked for only among its ``within``."""


def is_optional(term: Term, group: tuple[Term, ...]) -> bool:
    """Whether a term ranks but does not filter: a plain stop word in a group with another positive term."""
    return (
        term.field is None
        and not term.negated
        and not term.phrase
        and term.text in STOP_WORDS
        and any(not other.negated and other.text not in STOP_WORDS for other in group)
    )


def _form_in(pattern: re.Pattern[str], packed: str, title_only: bool) -> bool:
    """Whether another form of a word occurs in a work's packed text: in the title, or anywhere but a person's name.

    Forms are words' forms: "morals" is not Moral Tan.
    """
    for found in pattern.finditer(packed):
        name = WorkText.field_at(packed, found.start())
        if name == "title" or not (title_only or name in NAME_FIELDS):
            return True
        if title_only:
            return False
    return False


def _bytes(found: array[int]) -> int:
    """The bytes an array's items take."""
    return len(found) * found.itemsize


_VOCABULARY_FIELDS = itemgetter(*(PACKED_INDEX[name] for name in ("title", "orgs", "venue", "sections")))
"""The fields of ``WorkText.packed`` whose words a fuzzy guess may stand in with, besides the family names."""


class _NameWords(dict[str, list[str]]):
    """The words of a name (an organisation, a venue, a work's section titles) a fuzzy guess may stand in with,
    found on first asking (``__missing__``: no Python step for a name met before)."""

    def __missing__(self, name: str) -> list[str]:
        words = self[name] = _WORD.findall(name)
        return words


@lru_cache(maxsize=1 << 16)
def _family_words(author: str) -> list[str]:
    """The words of an author's family name (folded), never a given name's; an author recurs across a catalog,
    and across the indexes of one process (a name is split once: 2,953 names at 1,000 works took 14 ms)."""
    return _WORD.findall(family_name(author))


def _vocabulary_words(packed: Iterable[str], works: Iterable[Work]) -> Iterator[Collection[str]]:
    """Each work's distinct words a fuzzy guess may stand in with, in the order its text holds them (the title,
    the family names, the organisations, the venue, the section titles).

    A name met again (an author, a section title, a work's organisations or venue: a catalog has far fewer of
    them than works) has its words found once, and a work's are looked up in C (``map``): at 10,000 synthetic
    works the walk took ~90 ms, ~80 now. The organisations are read as one field, not name by name: no word spans
    ``NAME_SEPARATOR``, so the words are the same, in the same order.
    """
    words_of = _NameWords()
    findall = _WORD.findall
    for text, work in zip(packed, works, strict=True):
        title, orgs, venue, sections = _VOCABULARY_FIELDS(text.split(SEPARATOR))
        family = map(_family_words, work.authors)
        listed = map(words_of.__getitem__, sections.split(NAME_SEPARATOR))  # few titles, in many combinations
        yield dict.fromkeys(chain(findall(title), *family, words_of[orgs], words_of[venue], *listed)).keys()


def _is_soft(term: Term) -> bool:
    """Whether a partial result may lack the term: a positive plain word or phrase (never a field term)."""
    return term.field is None and not term.negated and not is_personal(term)


class SearchIndex:
    """Folded, searchable text for every work of a catalog, built once."""

    def __init__(self, catalog: Catalog, cache_size: int = 64, personal: PersonalTerms | None = None) -> None:
        self.catalog = catalog
        self.ids: list[str] = list(catalog.works)
        self.personal = personal
        """Answers is:, has:note and note: terms from one's marks and .bib (``PersonalTerms``); None: no work."""
        self._all: list[str] = []
        """Each work's ``WorkText.packed``: one string per work keeps a plain word's scan fast and memory low."""
        self._joined: Sequence[str] = []
        """Each work's ``WorkText.joined``, looked in for words of ``JOINED_MIN`` letters and digits or more."""
        self._joined_column: TextColumn | None = None
        """Below ``JOINED_COLUMN_FROM`` works, the joined names also as one ``TextColumn``: a word looked for in
        every work is found in one ``str.find`` (0.8 MB at 10,000 works)."""
        self._years: Coded[tuple[int, ...]] = Coded(())
        """Each work's years (its first version's and its venue's)."""
        self._kinds: Coded[frozenset[str]] = Coded(())
        """Each work's kinds of link (``Work.link_kinds``)."""
        self._initials: TextColumn | None = None
        self._scores: OrderedDict[tuple[str | None, str, bool, bool], dict[int, float]] = OrderedDict()
        # Results as arrays of 4-byte positions: a list of 100,000 ints holds 3.6 MB of int objects.
        self._cache: OrderedDict[CacheKey, array[int]] = OrderedDict()
        self._cache_size = cache_size
        self._cache_bytes = 0
        """The bytes of every array in ``_cache`` (``CACHE_BYTES`` at most, but for the newest)."""
        self._vocabulary: Vocabulary | None = None
        self._ready = False
        self._lock = threading.Lock()
        self._vocabulary_lock = threading.Lock()

    def prepare(self, vocabulary: bool = False) -> None:
        """Fold every work's text, make the stemmer and import rapidfuzz; done once, on the first search or ahead
        of it in a thread.

        ``vocabulary`` also builds the fuzzy fallback's word list (seconds at
        100,000 works), which a search otherwise builds when it first needs it.
        """
        with self._lock:
            if not self._ready:
                self._fold()
                import rapidfuzz.process  # noqa: F401  # its import (~10 ms) here, not on the first misspelt key
        stem_prefix("models")  # makes the stemmer (its import, ~14 ms) here, not on the first key typed
        if vocabulary:
            self._vocab()

    def _fold(self) -> None:
        """Build the searchable text, the years and the link kinds of every work."""
        catalog = self.catalog
        works = list(catalog.works.values())
        paths = {s.id: s.path for s in catalog.sections.values()}
        memberships = catalog.memberships
        # One string of all fields per work: a plain word is looked for with one substring test per work,
        # and a WorkText (nine strings) is made back from it only for the works a query scores.
        packed: list[str] = []

        def joined() -> Iterator[str]:
            """Each work's joined names, its packed text kept on the way."""
            for w in works:  # one WorkText at a time: 100,000 of them at once would hold a million strings
                titles = dict.fromkeys(t for s in memberships.get(w.id, ()) for t in paths[s])
                text = work_text(w, fold(" | ".join(titles)))
                packed.append(text.packed)
                yield text.joined

        # From JOINED_COLUMN_FROM works, the joined names as one string: 100,000 of them held 12 MB as strings,
        # 8 MB so; below, a list, whose strings a query reads faster (a slice is made for each work it scores).
        self._joined = TextColumn(joined()) if len(works) >= JOINED_COLUMN_FROM else list(joined())
        self._joined_column = None if isinstance(self._joined, TextColumn) else TextColumn(self._joined)
        self._all = packed
        # year: finds a work by its first version's year and by its venue's
        self._years = Coded(tuple({y for y in (w.year, w.published_year) if y is not None}) for w in works)
        self._initials = TextColumn(map(initials, (w.title for w in works)))
        self._kinds = Coded(w.link_kinds for w in works)
        self._ready = True

    def __len__(self) -> int:
        return len(self.ids)

    def text(self, index: int) -> WorkText:
        """The searchable text of the work at ``index`` (catalog order), field by field."""
        self.prepare()
        return WorkText.unpack(self._all[index], self._joined[index])

    def _field(self, index: int, name: str, first_only: bool) -> str:
        """The text of a field term's fields (``author:`` is the first author and the co-authors) in one work."""
        parts = self._all[index].split(SEPARATOR)
        if name == "author" and first_only:
            return parts[PACKED_INDEX["first_author"]]
        if name == "title":
            return f"{parts[PACKED_INDEX['title']]} | {self._joined[index]}"
        return " | ".join([parts[PACKED_INDEX[field]] for field in TERM_FIELDS[name]])

    def _cached(self, key: CacheKey, found: array[int]) -> array[int]:
        """Keep a result in the cache, dropping the oldest."""
        cache = self._cache
        replaced = cache.pop(key, None)
        self._cache_bytes += _bytes(found) - (0 if replaced is None else _bytes(replaced))
        cache[key] = found
        while len(cache) > 1 and (len(cache) > self._cache_size or self._cache_bytes > CACHE_BYTES):
            self._cache_bytes -= _bytes(cache.popitem(last=False)[1])
        return found

    def _kept(self, key: CacheKey) -> array[int] | None:
        """A kept result, made the newest; None when not kept."""
        found = self._cache.get(key)
        if found is not None:
            self._cache.move_to_end(key)
        return found

    def _recall(self, key: CacheKey, within: set[int] | None, scope: Scope | None) -> array[int] | None:
        """The kept result for ``key`` among ``within``: the whole catalog's (filtered by ``within``), else the one
        kept under ``scope``; None when neither is kept."""
        cached = self._kept(key)
        if cached is not None:
            return cached if within is None else array("I", filter(within.__contains__, cached))
        return None if within is None or scope is None else self._kept((scope, *key))

    def _narrowest(
        self, keys: Iterable[CacheKey], within: set[int] | None, scope: Scope | None
    ) -> Iterable[int] | None:
        """The works a result must be among: the first kept result of ``keys`` (a shorter word's, longest first,
        which holds every work the longer word is in), kept for ``scope`` or filtered by ``within``; else
        ``within`` sorted, or None for every work."""
        if within is None:
            scope = None  # a scope only ever narrows a look among its own ``within``
        for key in keys:
            if scope is not None and (scoped := self._cache.get((scope, *key))) is not None:
                return scoped
            prefix = self._cache.get(key)
            if prefix is not None:
                return prefix if within is None else list(filter(within.__contains__, prefix))
        return None if within is None else sorted(within)

    def _keep(self, key: CacheKey, found: array[int], within: set[int] | None, scope: Scope | None) -> array[int]:
        """Keep a result found among ``within`` under its ``scope`` (not at all without one), else as it is."""
        if within is None:
            return self._cached(key, found)
        return found if scope is None else self._cached((scope, *key), found)

    def _text_matches(self, term: Term, within: set[int] | None = None, scope: Scope | None = None) -> array[int]:
        """Indices of works whose field contains the term's text (cached).

        ``within``: only these works are wanted (the other words' result); the
        answer is then kept only under its ``scope`` (what ``within`` is made
        of), where typing one more letter narrows it again.
        """
        key = (term.field, term.text, term.first_only)
        if (cached := self._recall(key, within, scope)) is not None:
            return cached
        needle = term.text
        # A longer word matches a subset of what its prefix matched.
        shorter = ((term.field, needle[:cut], term.first_only) for cut in range(len(needle) - 1, 0, -1))
        candidates = self._narrowest(shorter, within, scope)
        if term.field is not None and len(needle) == 1 and candidates is None:
            # one letter is in nearly every work: looking for it in the whole text first only doubles the work
            found = self._in_field(range(len(self._all)), needle, term.field, term.first_only)
        else:
            found = holding(self._all, needle, candidates)  # each `needle in text` made in C: no Python step per work
            if term.field is not None:
                found = self._in_field(found, needle, term.field, term.first_only)
        return self._keep(key, found, within, scope)

    def _in_field(self, found: Sequence[int], needle: str, name: str, first_only: bool) -> array[int]:
        """Those of ``found`` that hold ``needle`` in their text and in the term field ``name``: what ``needle in
        self._field(i, name, first_only)`` says, asked of each work's packed text split as far as the field's last
        part, in C (``map``): at 10,000 works ``venue:mod`` 3.5 -> 2.0 ms, ``section:e`` 8.7 -> 4.5 where each
        field's bounds were found with ``str.find``."""
        if "|" in needle or SEPARATOR in needle or needle != needle.strip():  # it could run across field joins
            # (" | " joins _field's parts: a work whose text holds no "|" still holds it there)
            texts = self._all
            return array("I", [i for i in found if needle in texts[i] and needle in self._field(i, name, first_only)])
        named = ("first_author",) if name == "author" and first_only else TERM_FIELDS[name]
        places = [PACKED_INDEX[field] for field in named if field != "joined"]  # the joined names are apart
        first, last = places[0], places[-1]  # a term field's fields follow each other in the packed text
        parts = map(str.split, map(self._all.__getitem__, found), repeat(SEPARATOR), repeat(last + 1))
        fields = (
            map(itemgetter(first), parts)
            if first == last
            else map(SEPARATOR.join, map(itemgetter(slice(first, last + 1)), parts))
        )
        held = map(contains, fields, repeat(needle))
        if "joined" in named:
            held = map(or_, held, map(contains, map(self._joined.__getitem__, found), repeat(needle)))
        return array("I", compress(found, held))

    def _title_initials(self) -> TextColumn:
        """Every title's acronym string (``aligntui.search.wordforms.initials``), made with the folded text."""
        self.prepare()
        return self._initials or TextColumn(())

    def _vocab(self) -> Vocabulary:
        with self._vocabulary_lock:
            return self._build_vocab()

    def _build_vocab(self) -> Vocabulary:
        """The words a fuzzy guess may stand in with: title, family names, organisations, venue, section titles.

        Given names are left out: a common word must never turn into a co-author's first name.
        """
        if self._vocabulary is None:
            self._vocabulary = Vocabulary(_vocabulary_words(self._all, self.catalog.works.values()))
        return self._vocabulary

    def _fuzzy(self, word: str) -> tuple[dict[int, float], tuple[str, ...]]:
        """Works holding a word close to ``word``, with a score, and those words."""
        from rapidfuzz import fuzz, process

        vocabulary = self._vocab()
        scored: dict[str, float] = {}
        places: dict[str, int] = {}
        shortest = len(word) * FUZZY_MIN_SHARE
        for scorer in (fuzz.ratio, prefix_ratio):
            for found, score, n in process.extract(
                word, vocabulary.words, scorer=scorer, limit=12, score_cutoff=FUZZY_CUTOFF
            ):
                if len(found) >= shortest:
                    scored[found] = max(score, scored.get(found, 0.0))
                    places[found] = n
        best = sorted(scored.items(), key=lambda item: -item[1])[:12]
        scores: dict[int, float] = {}
        # Worst first, so that a work keeps its best word's score (the last written): dict.update, in C.
        for found, score in reversed(best):
            scores.update(zip(vocabulary.postings(places[found]), repeat(score)))
        return scores, tuple(found for found, _ in best)

    def _extra_matches(
        self, term: Term, within: set[int] | None, known: set[int] | array[int], scope: Scope | None = None
    ) -> array[int]:
        """Works a plain or ``title:`` word finds beyond its text as typed: other forms, acronyms, joined names.

        ``within``: only these works are wanted (then the answer is kept only under its ``scope``);
        ``known``: the works its text as typed found, which need no second look
        (so the answer is only meant to be joined to them); as an array, made a
        set only if a form or a joined name is looked for (never for a short word).
        """
        key = ("+" + (term.field or ""), term.text, term.phrase)
        if (cached := self._recall(key, within, scope)) is not None:
            return cached
        word, texts = term.text, self._all
        wanted = None if within is None else sorted(within)

        def scan() -> Iterable[tuple[int, str]]:
            """(index, packed text) of every work wanted."""
            return enumerate(texts) if wanted is None else ((i, texts[i]) for i in wanted)

        title_only = term.field == "title"
        found: set[int] = set()
        stem = "" if term.phrase else stem_prefix(word)
        forms = [(stem, re.compile(rf"(?<![a-z0-9]){re.escape(stem)}"))] if stem and stem != word else []
        irregular = () if term.phrase else other_forms(word)
        forms.extend((form, re.compile(rf"\b{re.escape(form)}\b")) for form in irregular)
        squeezed = compact(word)
        joins = (squeezed != word and len(squeezed) >= 3) or len(squeezed) >= JOINED_MIN
        if (forms or joins) and not isinstance(known, set):
            known = set(known)
        for needle, pattern in forms:
            for i, text in scan():
                if needle in text and i not in known and _form_in(pattern, text, title_only):
                    found.add(i)
        acronyms = self._acronym_matches(term)
        found.update(acronyms if within is None else (i for i in acronyms if i in within))
        if joins:
            found.update(i for i in self._joined_matches(squeezed, within, scope) if i not in known)
        parts = () if term.phrase else word_parts(word)
        if parts:
            # instruction-tuning is also "instruction tuning" and "tuning instruction": every part, anywhere
            sets = [self._word_matches(term.with_text(part), within, scope) for part in parts]
            found.update(set.intersection(*sets))
        return self._keep(key, array("I", sorted(found)), within, scope)

    def _joined_matches(self, squeezed: str, within: set[int] | None, scope: Scope | None = None) -> array[int]:
        """Works whose ``WorkText.joined`` holds a word's letters and digits (``zeroshot`` in "Zero-Shot").

        Kept when ``within`` is None, else under its ``scope``; a longer word narrows its prefix's result.
        """
        key = ("~", squeezed, False)
        if (cached := self._recall(key, within, scope)) is not None:
            return cached
        shorter = (("~", squeezed[:cut], False) for cut in range(len(squeezed) - 1, JOINED_MIN - 1, -1))
        found = holding(self._joined, squeezed, self._narrowest(shorter, within, scope), self._joined_column)
        return self._keep(key, found, within, scope)

    def _word_matches(self, term: Term, within: set[int] | None = None, scope: Scope | None = None) -> set[int]:
        """Works holding a plain or field word in any of its exact forms (no fuzzy fallback), among ``within``
        (made of the terms of ``scope``, when known)."""
        if is_number(term.text) and term.field in (None, "title", "venue", "section"):
            numbers = self._number_matches(term)
            return numbers if within is None else numbers & within
        found = set(self._text_matches(term, within, scope))
        if term.field in (None, "title"):
            found.update(self._extra_matches(term, within, found, scope))
        return found

    def _acronym_matches(self, term: Term) -> array[int]:
        """Works whose title initials hold the word (``rlhf``); a longer word narrows its prefix's result."""
        word = term.text
        if term.phrase or term.field not in (None, "title") or not 3 <= len(word) <= 12 or not word.isalnum():
            return array("I")
        cached = self._cache.get(("^", word, False))
        if cached is not None:
            return cached
        letters = self._title_initials()
        candidates: Iterable[int] | None = None
        for cut in range(len(word) - 1, 2, -1):
            prefix = self._cache.get(("^", word[:cut], False))
            if prefix is not None:
                candidates = prefix
                break
        found = letters.holding(word, candidates)
        return self._cached(("^", word, False), found)

    def _number_matches(self, term: Term) -> set[int]:
        """A number word: works holding it as a whole number, and for a four-digit year, works of that year."""
        key = ("#" + (term.field or ""), term.text, term.phrase)
        cached = self._cache.get(key)
        if cached is None:
            pattern = re.compile(rf"(?<![a-z0-9]){re.escape(term.text)}(?![0-9])")
            found = {i for i in self._text_matches(term) if pattern.search(self._all[i])}
            if is_year(term.text) and term.field is None and not term.phrase:
                year = int(term.text)
                found.update(self._years.having(lambda years: year in years))
            cached = self._cached(key, array("I", sorted(found)))
        return set(cached)

    def _term_matches(
        self,
        term: Term,
        fuzzy: dict[str, tuple[str, ...]],
        guessed: dict[str, dict[int, float]],
        within: set[int] | None = None,
        scope: Scope | None = None,
    ) -> set[int]:
        """The works a term matches (among ``within``, when given, made of the terms of ``scope``, when known);
        a word that matches nothing in the catalog records its close words in ``fuzzy`` and their scores, per
        work, in ``guessed``."""
        if is_personal(term):
            ids = self.personal.ids_for(term) if self.personal is not None else frozenset()
            return {i for i, work_id in enumerate(self.ids) if work_id in ids}
        if term.field == "year":
            low, high = term.year_range or (0, 9999)
            return set(self._years.having(lambda years: any(low <= year <= high for year in years)))
        if term.field == "has":
            return set(self._kinds.having(lambda kinds: term.text in kinds))
        found = self._word_matches(term, within, scope)
        if found or term.negated or term.phrase or term.field == "id" or len(term.text) < FUZZY_MIN_LENGTH:
            return found
        # No guess, and no match: the cheap questions first (the last looks through the whole catalog).
        if is_number(term.text) and term.field in (None, "title", "venue", "section"):
            return found
        if term.field is None and any(name.startswith(term.text) for name in FIELDS):
            return found  # most likely a field name still being typed ("auth" on the way to "author:")
        if within is not None and self._word_matches(term):
            return found  # in other works: the conjunction is empty
        word_scores, words = self._fuzzy(term.text)
        if term.field is not None:
            # author:rafailof: the close words, looked for in that field only.
            kept: dict[int, float] = {}
            for word in words:
                for index in self._text_matches(term.with_text(word)):
                    kept[index] = max(kept.get(index, 0.0), word_scores.get(index, 0.0))
            word_scores = kept
        fuzzy[str(term)] = words
        guessed[str(term)] = {index: score * FUZZY_WEIGHT for index, score in word_scores.items()}
        return set(word_scores)

    def search(self, query: Query | str) -> SearchResult:
        """The works matching ``query``: best first when it has words, else in catalog order.

        When no work has every plain word, the result is partial (``SearchResult.partial``).
        """
        if isinstance(query, str):
            query = parse_query(query)
        self.prepare()
        if query.is_empty:
            return SearchResult(query, list(self.ids), positions=array("I", range(len(self.ids))))
        lone = self._lone_word_order(query)
        if lone is not None:
            return SearchResult(query, list(map(self.ids.__getitem__, lone)), {}, lone)
        fuzzy: dict[str, tuple[str, ...]] = {}
        guessed: dict[str, dict[int, float]] = {}
        found: dict[Term, set[int]] = {}  # each term's matches in the whole catalog, where worked out
        matched: set[int] = set()
        for group in query.groups:
            # No copy of a group's set (4 MB for 100,000 works): a set held in ``found`` is never changed in place.
            group_matches = self._group_matches(group, found, fuzzy, guessed)
            matched = matched | group_matches if matched else group_matches
        partial = None if matched else self._closest(query, found, fuzzy, guessed)
        if partial is not None:
            matched = set(partial.shares)
        return self._ranked(query, matched, fuzzy, guessed, partial)

    def _lone_word_order(self, query: Query) -> array[int] | None:
        """The result of a query of one plain word that keeps catalog order (``_ranked``), without a set.

        A one-letter word matches nearly every work: its set of 100,000 ints
        held 6.8 MB for a moment on every such key. None when the query is any
        other kind, or the word's matches are to be ranked or joined to others.
        """
        if len(query.groups) != 1 or len(query.groups[0]) != 1:
            return None
        term = query.groups[0][0]
        if term.field is not None or term.negated or term.phrase or is_number(term.text):
            return None
        found = self._text_matches(term)
        short = len(term.text) < SHORT_WORD
        if not (len(found) > RANK_LIMIT or (short and len(found) > SHORT_WORD_LIMIT)):
            return None  # ranked: the general path
        extra = self._cache.get(("+", term.text, False))
        if extra is None and not short:
            return None  # a longer word's other forms are looked for with a set of its matches: the general path
        if extra is None:
            extra = self._extra_matches(term, None, found)
        return None if extra else found

    def _group_matches(
        self,
        group: tuple[Term, ...],
        found: dict[Term, set[int]],
        fuzzy: dict[str, tuple[str, ...]],
        guessed: dict[str, dict[int, float]],
    ) -> set[int]:
        """The works matching every term of one ``OR`` group (stop words aside) and no negated one."""
        result: set[int] | None = None
        excluded: set[int] = set()
        before: list[Term] = []  # the positive terms ``result`` is made of
        for term in sorted(group, key=lambda t: t.negated):
            if is_optional(term, group):
                continue
            if result is not None and len(result) <= len(self.ids) // 2:
                # Only the works the other words kept can match: look at those alone, the answers kept under the
                # terms that made them (the next letter typed narrows them again), unless one's marks did.
                scope = None if any(map(is_personal, before)) else tuple(before)
                matches = self._term_matches(term, fuzzy, guessed, within=result, scope=scope)
            else:
                matches = found[term] = self._term_matches(term, fuzzy, guessed)
            if term.negated:
                excluded |= matches
            else:
                result = matches if result is None else result & matches
                before.append(term)
            if result is not None and not result:
                return set()
        if result is None:  # only exclusions: start from every work
            result = set(range(len(self.ids)))
        return result - excluded if excluded else result

    def _ranked(
        self,
        query: Query,
        matched: set[int],
        fuzzy: dict[str, tuple[str, ...]],
        guessed: dict[str, dict[int, float]],
        partial: Closest | None,
    ) -> SearchResult:
        """The result: the matched works best first (a partial result by share), or in catalog order."""
        many = len(matched) > SHORT_WORD_LIMIT
        ranking = [
            t
            for group in query.groups
            for t in group
            if ranks(t)
            and str(t) not in fuzzy
            and not is_optional(t, group)
            and not (many and len(t.text) < SHORT_WORD and not is_number(t.text))
        ]
        if not fuzzy and not partial and (len(matched) > RANK_LIMIT or not any(t.field is None for t in ranking)):
            # Only field terms (author:bai), short words still being typed ("m" of "model") or a word in
            # tens of thousands of works: no order would help; keep catalog order.
            order = sorted(matched)
            return SearchResult(query, list(map(self.ids.__getitem__, order)), fuzzy, array("I", order))
        term_scores = [self._term_scores(term, matched, len(matched) > PRECISE_LIMIT) for term in ranking]
        term_scores.extend(guessed.values())
        totals = dict.fromkeys(matched, 0.0)
        for scores in term_scores:
            for i in matched:
                totals[i] += scores.get(i, 0.0)
        self._add_phrase_bonus(query, matched, totals)
        if partial is not None:  # by share first; the score only breaks ties
            totals = {i: partial.shares[i] + totals[i] / (TOP_SCORE * 100) for i in matched}
        order = sorted(matched)
        order.sort(key=totals.__getitem__, reverse=True)  # stable: ties keep catalog order
        ranked = [totals[i] for i in order]
        result = SearchResult(query, list(map(self.ids.__getitem__, order)), fuzzy, array("I", order), ranked)
        if partial is not None:
            result.partial, result.counted, result.least = True, partial.counted, partial.least
        return result

    def _full_matches(
        self,
        term: Term,
        found: dict[Term, set[int]],
        fuzzy: dict[str, tuple[str, ...]],
        guessed: dict[str, dict[int, float]],
    ) -> set[int]:
        """A term's matches in the whole catalog, kept in ``found``."""
        if term not in found:
            found[term] = self._term_matches(term, fuzzy, guessed)
        return found[term]

    def _closest(
        self,
        query: Query,
        found: dict[Term, set[int]],
        fuzzy: dict[str, tuple[str, ...]],
        guessed: dict[str, dict[int, float]],
    ) -> Closest | None:
        """When no work has every word: the works holding at least half of a group's plain words
        (``aligntui.search.partial.closest``), or None."""
        results: list[Closest] = []
        for group in query.groups:
            soft = [t for t in group if _is_soft(t) and not is_optional(t, group)]
            if len(soft) < 2:
                continue
            hard = [t for t in group if not t.negated and t not in soft and not is_optional(t, group)]
            base: set[int] | None = None
            for term in hard:
                matches = self._full_matches(term, found, fuzzy, guessed)
                base = matches if base is None else base & matches
            excluded: set[int] = set()
            for term in group:
                if term.negated:
                    excluded |= self._full_matches(term, found, fuzzy, guessed)

            def allowed(i: int, base: set[int] | None = base, excluded: set[int] = excluded) -> bool:
                return i not in excluded and (base is None or i in base)

            def quality(n: int, held: list[int], soft: list[Term] = soft) -> dict[int, float]:
                term = soft[n]
                scores = guessed.get(str(term)) or self._term_scores(term, set(held), len(held) > PRECISE_LIMIT)
                return {i: min(scores.get(i, 0.0), TOP_SCORE) / TOP_SCORE for i in held}

            words = [(str(t), self._full_matches(t, found, fuzzy, guessed)) for t in soft]
            one = closest(words, allowed, len(self.ids), quality)
            if one is not None:
                results.append(one)
        return merge(results)

    def _term_scores(self, term: Term, matched: set[int], coarse: bool) -> dict[int, float]:
        """One ranking term's score in each matched work (cached per term)."""
        if coarse and (term.field is not None or is_number(term.text)):
            return {}
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
            cached.update(self._scorer(term).score_many(self._all, self._joined, missing))
        return cached

    def _add_phrase_bonus(self, query: Query, matched: set[int], totals: dict[int, float]) -> None:
        """Add ``PHRASE_BONUS`` for each pair of adjacent plain query words found together in a work's title."""
        hay = self._all
        for group in query.groups:
            words = [t.text for t in group if t.field is None and not t.negated and not t.phrase]
            for pair in (f"{first} {second}" for first, second in pairwise(words)):
                for i in matched:
                    text = hay[i]
                    position = text.find(pair)
                    if position >= 0 and text.find(SEPARATOR, 0, position) < 0:
                        totals[i] += PHRASE_BONUS

    def _coarse_scores(self, term: Term, indices: list[int]) -> list[tuple[int, float]]:
        """Scores for a large result: a word's start in the title (or an acronym of it), else anywhere."""
        hay, word, acronyms = self._all, term.text, frozenset(self._acronym_matches(term))
        in_title, elsewhere = TOP_SCORE * 3 / 4, 1.0
        out: list[tuple[int, float]] = []
        for i in indices:
            text = hay[i]
            position = text.find(word)
            title = position >= 0 and text.find(SEPARATOR, 0, position) < 0  # no field starts before it
            out.append((i, in_title if title or i in acronyms else elsewhere))
        return out

    def _scorer(self, term: Term) -> TermScorer:
        """A scorer for one term, told which works its acronym and its year found."""
        years: frozenset[int] = frozenset()
        word = term.text
        acronyms = frozenset(self._acronym_matches(term))
        if is_year(word) and term.field is None:
            year = int(word)
            years = frozenset(self._years.having(lambda found: year in found))
        return TermScorer(term, acronyms, years)
