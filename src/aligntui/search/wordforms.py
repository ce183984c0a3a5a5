"""Word forms for search: stems, irregular plurals, British spellings, title acronyms, stop words,
loose spellings of names and typographic quotes (pure).

Stems come from the Snowball English stemmer (``snowballstemmer``), applied
to the query's words and, through a word-start match, to the index's words
alike. Before stemming, British ``-ise``/``-isation`` and ``-our`` spellings
are made American, and a stem is cut before ``iz`` and after ``-io`` of ``-ior``,
so ``optimisation`` finds "optimization" and ``behaviour`` finds "behavior".
Plurals the stemmer cannot reach (``criteria``, ``analyses``, ``people``) come
from the small table ``IRREGULAR_FORMS``.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Any

from aligntui.text.fold import fold

__all__ = [
    "ALNUM",
    "MIN_STEM",
    "SMALL_WORDS",
    "STOP_WORDS",
    "compact",
    "initials",
    "is_number",
    "is_year",
    "joined_body",
    "joined_pattern",
    "other_forms",
    "plain_quotes",
    "stem_prefix",
    "title_acronym",
    "word_parts",
]

MIN_STEM = 4
"""Stems shorter than this are not searched (``use`` would find "useful", "user"...)."""
SMALL_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "by",
        "for",
        "from",
        "in",
        "into",
        "is",
        "are",
        "its",
        "of",
        "on",
        "or",
        "over",
        "the",
        "to",
        "under",
        "via",
        "vs",
        "with",
        "without",
    ]
)
"""Words an acronym skips: ``rlhf`` is "Reinforcement Learning from Human Feedback"."""


STOP_WORDS = frozenset([
    "i", "me", "my", "myself", "we", "our", "ours", "ourselves", "you", "your", "yours", "yourself", "yourselves",
    "he", "him", "his", "himself", "she", "her", "hers", "herself", "it", "its", "itself", "they", "them", "their",
    "theirs", "themselves", "what", "which", "who", "whom", "this", "that", "these", "those", "am", "is", "are",
    "was", "were", "be", "been", "being", "have", "has", "had", "having", "do", "does", "did", "doing", "would",
    "should", "could", "ought", "a", "an", "the", "and", "but", "if", "or", "because", "as", "until", "while", "of",
    "at", "by", "for", "with", "about", "against", "between", "into", "through", "during", "before", "after",
    "above", "below", "to", "from", "up", "down", "in", "out", "on", "off", "over", "under", "again", "further",
    "then", "once", "here", "there", "when", "where", "why", "how", "all", "any", "both", "each", "few", "more",
    "most", "other", "some", "such", "no", "nor", "not", "only", "own", "same", "so", "than", "too", "very", "can",
    "will", "whose", "via", "vs",
])  # fmt: skip
"""Question and function words: they rank a work that holds them but never keep a work out of a result.

The Snowball English stop word list (snowballstem.org/algorithms/english/stop.txt),
without its contractions, plus ``can``, ``will``, ``whose``, ``via`` and ``vs``.
A query made of stop words only (``the``, ``how to``) still needs them."""

IRREGULAR_FORMS: tuple[tuple[str, ...], ...] = (
    ("analysis", "analyses"),
    ("appendix", "appendices"),
    ("basis", "bases"),
    ("child", "children"),
    ("corpus", "corpora"),
    ("crisis", "crises"),
    ("criterion", "criteria"),
    ("curriculum", "curricula"),
    ("datum", "data"),
    ("diagnosis", "diagnoses"),
    ("focus", "foci"),
    ("foot", "feet"),
    ("half", "halves"),
    ("hypothesis", "hypotheses"),
    ("index", "indices"),
    ("leaf", "leaves"),
    ("life", "lives"),
    ("man", "men"),
    ("matrix", "matrices"),
    ("medium", "media"),
    ("mouse", "mice"),
    ("nucleus", "nuclei"),
    ("person", "people"),
    ("phenomenon", "phenomena"),
    ("schema", "schemata"),
    ("self", "selves"),
    ("stimulus", "stimuli"),
    ("stratum", "strata"),
    ("synthesis", "syntheses"),
    ("thesis", "theses"),
    ("tooth", "teeth"),
    ("vertex", "vertices"),
    ("woman", "women"),
)
"""Singular and plural forms the Snowball stemmer gives different stems (Latin, Greek and Old English plurals).

Each form finds the others as whole words (``criteria`` finds "criterion"); the
regular forms of such a word (``analyses``/``analysis``, ``indexes``) are the stemmer's."""

_OTHER_FORMS = {form: tuple(f for f in group if f != form) for group in IRREGULAR_FORMS for form in group}

_QUOTES = str.maketrans(
    {
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"', "\u00bb": '"',
        "\u2033": '"', "\u301d": '"', "\u301e": '"', "\uff02": '"',
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\uff07": "'",
    }
)  # fmt: skip

_ISE = re.compile(r"(?<=[a-z]{3})is(e|es|ed|ing|ation|ations|er|ers)$")
_OUR = re.compile(r"(?<=[a-z]{3})our(s|ed|ing|ite|ites|al)?$")
_SMALL = re.compile(r"\b(?:" + "|".join(sorted(SMALL_WORDS)) + r")\b", re.IGNORECASE)
_INITIALS = re.compile(r"\b(?:[A-Z0-9]{2,}\b|[^\W_])")
"""A word's initial, or the whole word when it is in capitals or a number (two C calls a title: fast)."""
_ASCII_WORD = re.compile(r"[A-Za-z0-9_]+")
"""What ``\\w+`` matches in ASCII text: the words between which ``\b`` stands."""
_CAPITALS = re.compile(r"[A-Z0-9]{2,}")
ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789"
"""The letters and digits ``joined_pattern`` and ``compact`` keep: folded text's ASCII ones."""
_NOT_ALNUM = re.compile(f"[^{ALNUM}]+")


@cache
def _stemmer() -> Any:
    """The Snowball English stemmer, made on first use: ``snowballstemmer`` imports all its 30 languages
    (about 14 ms), which the explorer's first paint need not wait for."""
    import snowballstemmer  # type: ignore[import-untyped]

    return snowballstemmer.stemmer("english")


@lru_cache(maxsize=4096)
def stem_prefix(word: str) -> str:
    """What a folded word's forms start with (``models`` -> ``model``), or "" when that would be too short."""
    if not word.isalpha():
        return ""
    american = _OUR.sub(r"or\1", _ISE.sub(r"iz\1", word))
    stem = str(_stemmer().stemWord(american))
    if "iz" in stem:
        stem = stem[: stem.rindex("iz") + 1]  # optimiz..., optimis...: both start with "optimi"
    elif stem.endswith("ior"):
        stem = stem[:-1]  # behavior, behaviour: both start with "behavio"
    return stem if len(stem) >= MIN_STEM else ""


def is_number(word: str) -> bool:
    """True for a query word of digits only: it matches whole numbers ("2" is in "Llama 2", not in "2023")."""
    return word.isascii() and word.isdigit()


def is_year(word: str) -> bool:
    """True for a query word of four digits: it finds the works of that year (``1973``, ``2022``)."""
    return len(word) == 4 and is_number(word)


def word_parts(word: str) -> tuple[str, ...]:
    """The parts of a hyphenated or slashed query word (``instruction-tuning`` -> both words), or () for one part."""
    parts = tuple(_NOT_ALNUM.split(word))
    parts = tuple(part for part in parts if part)
    return parts if len(parts) >= 2 else ()


@lru_cache(maxsize=256)
def joined_pattern(word: str) -> re.Pattern[str] | None:
    """A pattern for a word's letters and digits with any separators between them (``zeroshot`` finds "zero-shot").

    None for a word of fewer than three letters and digits. The pattern starts
    at a word start; group 1 is empty when the match ends at a word end.
    """
    body = joined_body(word)
    return None if body is None else re.compile(rf"(?<![a-z0-9]){body.pattern}")


@lru_cache(maxsize=256)
def joined_body(word: str) -> re.Pattern[str] | None:
    """``joined_pattern`` without its word start: what it matches, anywhere (a word's piece too).

    Six times faster to search (CPython's ``re`` skips in C to a pattern's
    first letter, not past a look-behind): a text with no match of this has
    none of ``joined_pattern``; where this matches after a letter or digit,
    ``joined_pattern`` is searched from the next character.
    """
    letters = compact(word)
    if len(letters) < 3:
        return None
    body = "[^a-z0-9]*".join(re.escape(letter) for letter in letters)
    return re.compile(rf"{body}([a-z0-9]?)")


_ASCII_NOT_ALNUM = str.maketrans("", "", "".join(chr(c) for c in range(128) if chr(c) not in ALNUM))
"""``str.translate``'s table deleting what ``_NOT_ALNUM`` matches in ASCII text."""


def compact(text: str) -> str:
    """A name folded with everything but letters and digits removed: ``Flan-T5`` -> ``flant5``."""
    folded = fold(text)
    if folded.isascii():
        return folded.translate(_ASCII_NOT_ALNUM)
    return _NOT_ALNUM.sub("", folded)


def initials(title: str) -> str:
    """The title's words as one acronym string, small words skipped: any run of it is an acronym of the title.

    A word in capitals (``AI``, ``RL``) counts whole, a number counts whole,
    any other word by its first letter: "Constitutional AI: Harmlessness from
    AI Feedback" gives ``caihaif``, so ``aif`` and ``cai`` are in it.
    """
    if not title.isascii():
        return fold("".join(_INITIALS.findall(_SMALL.sub(" ", title))))
    # ASCII: the same, word by word (the small words' regular expression costs most of an index build).
    out: list[str] = []
    for word in _ASCII_WORD.findall(title):
        if word.lower() in SMALL_WORDS:
            continue
        if _CAPITALS.fullmatch(word):
            out.append(word)
        elif word[0] != "_":
            out.append(word[0])
    return "".join(out).lower()


def title_acronym(title: str) -> str:
    """The initials of a title's name before its colon: ``dpo`` for "Direct Preference Optimization: ..."."""
    head, colon, _ = title.partition(":")
    words = re.findall(r"[a-z0-9]+", fold(head)) if colon else []
    return "".join(word if word.isdigit() else word[0] for word in words) if 2 <= len(words) <= 6 else ""


def other_forms(word: str) -> tuple[str, ...]:
    """The irregular singular or plural forms of a folded word (``criteria`` -> ``("criterion",)``), or ()."""
    return _OTHER_FORMS.get(word, ())


def plain_quotes(text: str) -> str:
    """``text`` with typographic double quotes made ``"`` and single quotes and apostrophes made ``'``.

    “reward model”, „reward model“ and «reward model» are then the phrase
    ``"reward model"``, and "Let’s" is the word ``let's``.
    """
    return text if text.isascii() else text.translate(_QUOTES)
