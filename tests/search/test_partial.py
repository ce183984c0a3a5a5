"""The closest works of a partial result (``aligntui.search.partial``), on hand-made word sets."""

from __future__ import annotations

import math
from collections.abc import Collection

import pytest

from aligntui.search.partial import Closest, closest, merge, word_weight


def _everywhere(n: int, held: list[int]) -> dict[int, float]:
    return dict.fromkeys(held, 1.0)


# (words: (word, works holding it), allowed works or None for all, listed works best first, fewest held)
ROWS: list[tuple[list[tuple[str, Collection[int]]], set[int] | None, list[int], int]] = [
    ([("a", {1, 2}), ("b", {2}), ("c", {3})], None, [2], 2),  # three words: at least two
    ([("a", {1, 2, 3}), ("b", {1}), ("c", {2, 5, 6}), ("d", set())], None, [1, 2], 2),  # a rarer word weighs more
    ([("a", {1}), ("b", {2}), ("c", {3}), ("d", {1})], None, [1], 2),  # four words: at least two
    ([("a", {1, 2}), ("b", {1, 2})], {2}, [2], 2),  # another term keeps work 1 out
    ([("a", {1}), ("b", {2}), ("c", set())], None, [], 0),  # no work holds two of three
]


@pytest.mark.parametrize(("words", "allowed", "listed", "least"), ROWS)
def test_the_closest_works_hold_at_least_half_the_words(
    words: list[tuple[str, Collection[int]]], allowed: set[int] | None, listed: list[int], least: int
) -> None:
    found = closest(words, lambda i: allowed is None or i in allowed, 10, _everywhere)
    if not listed:
        assert found is None
        return
    assert found is not None
    assert sorted(found.shares, key=lambda i: -found.shares[i]) == listed
    assert (found.least, found.counted) == (least, tuple(word for word, _ in words))


def test_holding_a_word_well_counts_more() -> None:
    def title_for_one(n: int, held: list[int]) -> dict[int, float]:
        return {i: 1.0 if i == 1 else 0.1 for i in held}

    found = closest([("a", {1, 2}), ("b", {1, 2}), ("c", set())], lambda i: True, 10, title_for_one)
    assert found is not None and found.shares[1] > found.shares[2]


@pytest.mark.parametrize(
    ("matches", "size", "weight"), [(1, 85, math.log(86)), (85, 85, math.log(2)), (0, 9, math.log(10))]
)
def test_rarer_words_weigh_more(matches: int, size: int, weight: float) -> None:
    assert word_weight(matches, size) == pytest.approx(weight)


def test_merging_or_groups_keeps_each_works_best_share() -> None:
    one = Closest({1: 0.5, 2: 0.9}, ("a", "b"), 1)
    two = Closest({1: 0.8}, ("b", "c"), 2)
    assert merge([one, two]) == Closest({1: 0.8, 2: 0.9}, ("a", "b", "c"), 1)
    assert merge([]) is None
