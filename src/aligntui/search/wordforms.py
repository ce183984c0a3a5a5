"""Word forms for search: stems, British spellings, title acronyms and loose spellings of names (pure).

Stems come from the Snowball English stemmer (``snowballstemmer``), applied
to the query's words and, through a word-start match, to the index's words
alike. Before stemming, British ``-ise``/``-isation`` and ``-our`` spellings
are made American, and a stem is cut before ``iz`` and after ``-io`` of ``-ior``,
so ``optimisation`` finds "optimization" and ``behaviour`` finds "behavior".
"""

from __future__ import annotations

import re
from functools import lru_cache

import snowballstemmer  # type: ignore[import-untyped]

from aligntui.catalog.model import Work
from aligntui.text.fold import fold

__all__ = [
    "MIN_STEM",
    "SMALL_WORDS",
    "SQUEEZED",
    "compact",
    "initials",
    "is_number",
    "stem_prefix",
    "title_acronym",
    "title_line",
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

SQUEEZED = "\x1f"
"""Separates a work's title words from its squeezed names (``flant5``) in the search index."""

_STEMMER = snowballstemmer.stemmer("english")
_ISE = re.compile(r"(?<=[a-z]{3})is(e|es|ed|ing|ation|ations|er|ers)$")
_OUR = re.compile(r"(?<=[a-z]{3})our(s|ed|ing|ite|ites|al)?$")
_SMALL = re.compile(r"\b(?:" + "|".join(sorted(SMALL_WORDS)) + r")\b", re.IGNORECASE)
_INITIALS = re.compile(r"\b(?:[A-Z0-9]{2,}\b|[^\W_])")
"""A word's initial, or the whole word when it is in capitals or a number (two C calls a title: fast)."""
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=4096)
def stem_prefix(word: str) -> str:
    """What a folded word's forms start with (``models`` -> ``model``), or "" when that would be too short."""
    if not word.isalpha():
        return ""
    american = _OUR.sub(r"or\1", _ISE.sub(r"iz\1", word))
    stem = str(_STEMMER.stemWord(american))
    if "iz" in stem:
        stem = stem[: stem.rindex("iz") + 1]  # optimiz..., optimis...: both start with "optimi"
    elif stem.endswith("ior"):
        stem = stem[:-1]  # behavior, behaviour: both start with "behavio"
    return stem if len(stem) >= MIN_STEM else ""


def is_number(word: str) -> bool:
    """True for a query word of digits only: it matches whole numbers ("2" is in "Llama 2", not in "2023")."""
    return word.isascii() and word.isdigit()


def compact(text: str) -> str:
    """A name folded with everything but letters and digits removed: ``Flan-T5`` -> ``flant5``."""
    return _NOT_ALNUM.sub("", fold(text))


def initials(title: str) -> str:
    """The title's words as one acronym string, small words skipped: any run of it is an acronym of the title.

    A word in capitals (``AI``, ``RL``) counts whole, a number counts whole,
    any other word by its first letter: "Constitutional AI: Harmlessness from
    AI Feedback" gives ``caihaif``, so ``aif`` and ``cai`` are in it.
    """
    return fold("".join(_INITIALS.findall(_SMALL.sub(" ", title))))


def title_acronym(title: str) -> str:
    """The initials of a title's name before its colon: ``dpo`` for "Direct Preference Optimization: ..."."""
    head, colon, _ = title.partition(":")
    words = re.findall(r"[a-z0-9]+", fold(head)) if colon else []
    return "".join(word if word.isdigit() else word[0] for word in words) if 2 <= len(words) <= 6 else ""


def title_line(work: Work) -> str:
    """The first line of a work's searchable text: title, list title, acronym, aliases and squeezed names."""
    head = work.title.partition(":")[0]
    names = [*work.aliases, head] if work.title.count(":") and 2 <= len(head.split()) <= 4 else list(work.aliases)
    squeezed = " ".join(dict.fromkeys(compact(name) for name in names))
    parts = (work.title, work.list_title, title_acronym(work.title), " | ".join(work.aliases))
    # The squeezed names come after a separator the fuzzy word list stops at: "flant5" is no word to suggest.
    return fold(" ".join(filter(None, parts))) + (f" {SQUEEZED} {squeezed}" if squeezed else "")
