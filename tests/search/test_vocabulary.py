"""The fuzzy fallback's word list: each word's works read back exactly, in whatever block of 65,536 they are."""

from __future__ import annotations

import pytest

from aligntui.search.vocabulary import Vocabulary


def _vocabulary(postings: dict[str, list[int]]) -> Vocabulary:
    """The vocabulary of the works these postings describe (each work's words, in catalog order)."""
    works: list[list[str]] = [[] for _ in range(1 + max((p for found in postings.values() for p in found), default=-1))]
    for word, found in postings.items():
        for position in found:
            works[position].append(word)
    return Vocabulary(works)


@pytest.mark.parametrize(
    "positions",
    [
        [],
        [0],
        [5, 6, 7],
        [65_535],
        [65_536],
        [0, 65_535, 65_536, 200_000],
        [3, 70_000, 70_001, 140_002, 140_003 + 65_535],
        [131_072, 131_073],  # a word only in a later block: the blocks before it hold none of its positions
        list(range(0, 300_000, 997)),
    ],
)
def test_postings_come_back_as_given(positions: list[int]) -> None:
    vocabulary = _vocabulary({"other": list(range(10)), "word": positions, "last": [300_000]})
    if not positions:  # a word no work holds is no word of the vocabulary
        assert "word" not in vocabulary.words
    else:
        assert list(vocabulary.postings(vocabulary.words.index("word"))) == positions
    assert list(vocabulary.postings(vocabulary.words.index("other"))) == list(range(10))
    assert list(vocabulary.postings(vocabulary.words.index("last"))) == [300_000]


def test_words_keep_their_order_of_first_appearance() -> None:
    vocabulary = Vocabulary([["beta", "alpha"], ["beta", "gamma"]])
    assert vocabulary.words == ["beta", "alpha", "gamma"]
    assert [list(vocabulary.postings(n)) for n in range(3)] == [[0, 1], [0], [1]]


def test_positions_take_two_bytes_each_in_one_array() -> None:
    vocabulary = _vocabulary({"a": list(range(1000)), "b": list(range(0, 200_000, 200))})
    assert vocabulary._low.typecode == "H" and len(vocabulary._low) == 2000
    assert not [
        value for value in (getattr(vocabulary, name) for name in Vocabulary.__slots__) if isinstance(value, dict)
    ]


@pytest.mark.parametrize("count", [0, 1, 7, 65_536, 65_537, 140_000])
def test_each_works_words_come_back_as_postings_across_blocks(count: int) -> None:
    """Built from each work's words, every word's positions are those of the works holding it, in any block."""
    vocab = ["alpha", "beta", "gamma", "delta", "epsilon"]
    works = [[vocab[(n * 7 + k) % 5] for k in range(n % 4)] for n in range(count)]
    works[-1:] = [["omega", "alpha"]] if count else []  # a word first met in the last work
    postings: dict[str, list[int]] = {}
    for position, words in enumerate(works):
        for word in words:
            postings.setdefault(word, []).append(position)
    built = Vocabulary(works)
    assert built.words == list(postings)
    for n, word in enumerate(built.words):
        assert list(built.postings(n)) == postings[word]
    assert built._blocks == (count - 1) // 65_536 + 1 if count else built._blocks == 1


def test_more_words_than_two_bytes_number() -> None:
    works = [[f"w{n}", "shared"] for n in range(70_000)]
    vocabulary = Vocabulary(works)
    assert len(vocabulary) == 70_001
    assert list(vocabulary.postings(vocabulary.words.index("w69999"))) == [69_999]
    assert list(vocabulary.postings(1)) == list(range(70_000))
