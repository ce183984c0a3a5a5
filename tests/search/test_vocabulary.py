"""The fuzzy fallback's word list: each word's works read back exactly, whatever the gaps between them."""

from __future__ import annotations

from array import array

import pytest

from aligntui.search.vocabulary import Vocabulary


def _vocabulary(postings: dict[str, list[int]]) -> Vocabulary:
    return Vocabulary({word: array("I", found) for word, found in postings.items()})


@pytest.mark.parametrize(
    "positions",
    [
        [0],
        [5, 6, 7],
        [65_534],
        [65_535],
        [65_536],
        [0, 65_535, 65_536, 200_000],
        [3, 70_000, 70_001, 140_002, 140_003 + 65_535],
        [65_280, 65_535],  # gaps 0xff00 and 0x00ff: their bytes hold ff ff across the two, neither is escaped
        list(range(0, 300_000, 997)),
        [4_000_000_000],
    ],
)
def test_postings_come_back_as_given(positions: list[int]) -> None:
    postings = {"other": list(range(10)), "word": positions}
    vocabulary = _vocabulary(postings)
    assert list(vocabulary.postings(vocabulary.words.index("word"))) == positions
    assert list(vocabulary.postings(vocabulary.words.index("other"))) == list(range(10))


def test_words_keep_their_order_and_their_dict_is_emptied() -> None:
    postings = {"beta": array("I", [0, 1]), "alpha": array("I", [0]), "gamma": array("I", [1])}
    vocabulary = Vocabulary(postings)
    assert vocabulary.words == ["beta", "alpha", "gamma"] and not postings
    assert [list(vocabulary.postings(n)) for n in range(3)] == [[0, 1], [0], [1]]


def test_gaps_are_two_bytes_each() -> None:
    vocabulary = _vocabulary({"a": list(range(1000)), "b": list(range(0, 2000, 2))})
    gaps = vocabulary._gaps
    assert isinstance(gaps, array) and gaps.typecode == "H" and len(gaps) == 2000
