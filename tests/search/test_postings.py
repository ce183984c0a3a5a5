"""The fuzzy fallback's word -> works lists: 2-byte gaps where they fit, positions where they do not."""

from __future__ import annotations

from array import array

from aligntui.search.postings import SMALL_GAP, Postings


def test_each_word_gives_back_its_works_in_order() -> None:
    lists = [[0, 1, 5], [], [3], [2, SMALL_GAP + 10, SMALL_GAP + 11], [SMALL_GAP * 3], [7, 9]]
    postings = Postings(array("I", listed) for listed in lists)
    assert len(postings) == len(lists)
    assert [list(postings[n]) for n in range(len(lists))] == lists


def test_gaps_that_fit_take_two_bytes_each() -> None:
    postings = Postings([array("I", range(0, 3000, 3)), array("I", [1, SMALL_GAP + 1])])
    assert postings._gaps.itemsize == 2 and len(postings._gaps) == 1000
    assert list(postings._wide) == [1, SMALL_GAP + 1]
