"""The fuzzy fallback's word list: each word's works read back exactly, in whatever block of 65,536 they are."""

from __future__ import annotations

from array import array

import pytest

from aligntui.search.vocabulary import Vocabulary


def _vocabulary(postings: dict[str, list[int]]) -> Vocabulary:
    return Vocabulary({word: array("I", found) for word, found in postings.items()})


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
    assert list(vocabulary.postings(vocabulary.words.index("word"))) == positions
    assert list(vocabulary.postings(vocabulary.words.index("other"))) == list(range(10))
    assert list(vocabulary.postings(vocabulary.words.index("last"))) == [300_000]


def test_words_keep_their_order_and_their_dict_is_emptied() -> None:
    postings = {"beta": array("I", [0, 1]), "alpha": array("I", [0]), "gamma": array("I", [1])}
    vocabulary = Vocabulary(postings)
    assert vocabulary.words == ["beta", "alpha", "gamma"] and not postings
    assert [list(vocabulary.postings(n)) for n in range(3)] == [[0, 1], [0], [1]]


def test_positions_take_two_bytes_each_in_one_array() -> None:
    vocabulary = _vocabulary({"a": list(range(1000)), "b": list(range(0, 200_000, 200))})
    assert vocabulary._low.typecode == "H" and len(vocabulary._low) == 2000
    assert not [
        value for value in (getattr(vocabulary, name) for name in Vocabulary.__slots__) if isinstance(value, dict)
    ]


def _layout(vocabulary: Vocabulary) -> tuple[object, ...]:
    return tuple(getattr(vocabulary, name) for name in sorted(Vocabulary.__slots__))


@pytest.mark.parametrize("count", [0, 1, 7, 65_536, 65_537, 140_000])
def test_from_works_packs_as_the_postings_do(count: int) -> None:
    """Built from each work's words, the vocabulary is the one its postings make, across blocks of 65,536."""
    vocab = ["alpha", "beta", "gamma", "delta", "epsilon"]
    works = [[vocab[(n * 7 + k) % 5] for k in range(n % 4)] for n in range(count)]
    works[-1:] = [["omega", "alpha"]] if count else []  # a word first met in the last work
    postings: dict[str, array[int]] = {}
    for position, words in enumerate(works):
        for word in words:
            postings.setdefault(word, array("I")).append(position)
    expected = Vocabulary(dict(postings))
    built = Vocabulary.from_works(works)
    assert built.words == expected.words
    for n in range(len(built)):
        assert list(built.postings(n)) == list(expected.postings(n))
    if count:  # the last work holds a word, so both span the same blocks
        assert _layout(built) == _layout(expected)


def test_from_works_numbers_more_words_than_two_bytes_hold() -> None:
    works = [[f"w{n}", "shared"] for n in range(70_000)]
    vocabulary = Vocabulary.from_works(works)
    assert len(vocabulary) == 70_001
    assert list(vocabulary.postings(vocabulary.words.index("w69999"))) == [69_999]
    assert list(vocabulary.postings(1)) == list(range(70_000))
