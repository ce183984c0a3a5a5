"""The closest works when no work has every word of a query: a partial result (pure).

A person remembers most of a paper, rarely all of it: "openai browser question
answering paper" holds a word ("paper") no record has. Rather than nothing,
the index then lists the works holding at least half of the query's plain
words, best first by their ``share`` (``closest``), and flags the result
partial (``aligntui.search.ranking.SearchResult.partial``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass

__all__ = ["Closest", "closest", "merge", "word_weight"]


@dataclass(frozen=True, slots=True)
class Closest:
    """The works a partial result lists: each one's share, the words counted, the fewest a listed work holds."""

    shares: dict[int, float]
    """Work position -> weighted share of the words it holds (0-1.5), the order of the result."""
    counted: tuple[str, ...]
    """The words counted (``str(term)``)."""
    least: int
    """The fewest of ``counted`` a listed work holds."""


def word_weight(matches: int, size: int) -> float:
    """How much a word found in ``matches`` of ``size`` works weighs: ``log(1 + size / matches)``, rarer is more.

    The inverse document frequency of information retrieval (Robertson and
    Sparck Jones), smoothed so that a word in every work still weighs log 2.
    """
    return math.log(1.0 + size / max(1, matches))


def closest(
    words: Sequence[tuple[str, Collection[int]]],
    allowed: Callable[[int], bool],
    size: int,
    quality: Callable[[int, list[int]], Mapping[int, float]],
) -> Closest | None:
    """The works holding at least half of ``words`` (word, the works holding it), or None when none does.

    ``allowed``: whether a work passes the query's other terms (fields,
    exclusions). ``quality(n, works)``: how well each of ``works`` holds word
    ``n``, 0-1 (1 for a whole title word). A work's share is the sum, over the
    words it holds, of the word's weight times (0.5 + its quality), over the
    sum of all the words' weights: holding a word counts half, holding it well
    the other half.
    """
    need = (len(words) + 1) // 2
    counts: dict[int, int] = {}
    weights = [word_weight(len(matches), size) for _, matches in words]
    for _, matches in words:
        for i in matches:
            counts[i] = counts.get(i, 0) + 1
    kept = [i for i, count in counts.items() if count >= need and allowed(i)]
    if not kept:
        return None
    total = sum(weights)
    shares = dict.fromkeys(kept, 0.0)
    for n, (_, matches) in enumerate(words):
        held = [i for i in kept if i in matches]
        good = quality(n, held)
        for i in held:
            shares[i] += weights[n] * (0.5 + good.get(i, 0.0)) / total
    return Closest(shares, tuple(word for word, _ in words), min(counts[i] for i in kept))


def merge(found: Sequence[Closest]) -> Closest | None:
    """The closest works of several ``OR`` groups together: each work at its best share."""
    if not found:
        return None
    shares: dict[int, float] = {}
    for one in found:
        for i, share in one.shares.items():
            shares[i] = max(shares.get(i, 0.0), share)
    counted = tuple(dict.fromkeys(word for one in found for word in one.counted))
    return Closest(shares, counted, min(one.least for one in found))
