"""The fuzzy fallback's word list: each word's works read back exactly, whatever the gaps between them."""

from __future__ import annotations

from array import array

import pytest

from aligntui.search.vocabulary import Vocabulary


@pytest.mark.parametrize(
    "positions",
    [
        [0],
        [5, 6, 7],
        [65_534],
        [65_535],
        [0, 65_535, 65_536, 200_000],
        [3, 70_000, 70_001, 140_002, 140_003 + 65_535],
        list(range(0, 300_000, 997)),
    ],
)
def test_postings_come_back_as_given(positions: list[int]) -> None:
    wanted = set(positions)
    works = (("word", "other") if i in wanted else ("other",) for i in range(positions[-1] + 1))
    vocabulary = Vocabulary(works)
    assert list(vocabulary.postings(vocabulary.words.index("word"))) == positions
    assert list(vocabulary.postings(vocabulary.words.index("other"))) == list(range(positions[-1] + 1))


def test_words_keep_the_order_a_walk_meets_them() -> None:
    vocabulary = Vocabulary([["beta", "alpha"], ["gamma", "beta"], []])
    assert vocabulary.words == ["beta", "alpha", "gamma"]
    assert [list(vocabulary.postings(n)) for n in range(3)] == [[0, 1], [0], [1]]


def test_gaps_are_two_bytes_each() -> None:
    vocabulary = Vocabulary([["a", "b"]] * 1000)
    gaps = vocabulary._gaps
    assert isinstance(gaps, array) and gaps.typecode == "H" and len(gaps) == 2000
