"""TextColumn: many strings kept as one string and offsets, answering as a list of them would."""

from __future__ import annotations

import random
import sys

import pytest

from aligntui.search.column import TextColumn, holding

TEXTS = ["abc", "", "cab", "b", "", "abcabc", "ca", "bc", ""]


@pytest.mark.parametrize("needle", ["", "a", "b", "c", "ab", "bc", "ca", "cab", "abca", "bca", "x", "abcabc", "cb"])
def test_holding_finds_what_a_scan_of_the_list_finds(needle: str) -> None:
    column = TextColumn(TEXTS)
    expected = [i for i, text in enumerate(TEXTS) if needle in text]
    assert list(column.holding(needle)) == expected  # "cab" across "abc" + "" + "cab"... is never a false hit
    assert list(column.holding(needle, [8, 5, 2, 0])) == [i for i in [8, 5, 2, 0] if needle in TEXTS[i]]


def test_items_and_iteration_give_back_the_strings() -> None:
    column = TextColumn(TEXTS)
    assert len(column) == len(TEXTS)
    assert list(column) == TEXTS == [column[i] for i in range(len(TEXTS))]
    assert column[-1] == "" and column[1:3] == ["", "cab"]
    assert list(TextColumn([])) == [] and list(TextColumn([]).holding("a")) == []


def test_random_columns_agree_with_their_lists() -> None:
    rng = random.Random(5)
    texts = ["".join(rng.choice("ab ") for _ in range(rng.randint(0, 6))) for _ in range(300)]
    column = TextColumn(texts)
    for needle in ("a", "ab", "b a", "aa", " ", "bab"):
        expected = [i for i, text in enumerate(texts) if needle in text]
        assert list(column.holding(needle)) == expected
        # a common needle's rest asked of the list (more than _MANY strings hold "a"), as holding() does
        assert list(column.holding(needle, None, texts)) == expected == list(holding(texts, needle, None, column))


def test_a_column_holds_one_string_not_one_per_item() -> None:
    texts = [f"item{i}" for i in range(1000)]
    column = TextColumn(texts)
    held = sys.getsizeof(column._text) + column._ends.buffer_info()[1] * column._ends.itemsize * 2
    assert held < sum(map(sys.getsizeof, texts))


def test_a_column_of_many_batches_reads_back_and_finds_across_them() -> None:
    texts = [f"w{n}" + ("x" * (n % 7)) for n in range(10_000)]  # more than two batches of 4,096
    column = TextColumn(iter(texts))
    assert list(column) == texts and len(column) == len(texts)
    assert column[4095] == texts[4095] and column[4096] == texts[4096]
    assert list(column.holding("w4096")) == [n for n, text in enumerate(texts) if "w4096" in text]
    assert column._ends.itemsize == 4  # offsets of 4 bytes, not 8
