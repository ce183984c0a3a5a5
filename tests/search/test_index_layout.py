"""What the search index holds per work: the structure that keeps a 100,000-work index small."""

from __future__ import annotations

from array import array

import pytest

from aligntui.catalog.load import load_catalog
from aligntui.search.column import TextColumn
from aligntui.search.index import SearchIndex
from aligntui.search.wordforms import initials


def test_title_initials_are_one_string_not_one_per_work() -> None:
    catalog = load_catalog()
    index = SearchIndex(catalog)
    index.prepare()
    letters = index._title_initials()
    assert isinstance(letters, TextColumn)
    assert list(letters) == [initials(work.title) for work in catalog.works.values()]


def test_works_years_and_link_kinds_are_numbers_into_their_distinct_values() -> None:
    catalog = load_catalog()
    index = SearchIndex(catalog)
    index.prepare()
    for coded in (index._years, index._kinds):
        assert len(set(coded.values)) == len(coded.values) < len(coded) == len(catalog.works)
        assert coded._codes.itemsize == 2
    works = list(catalog.works.values())
    assert [index._kinds[i] for i in range(len(works))] == [w.link_kinds for w in works]
    assert list(index._kinds.having(lambda kinds: "code" in kinds)) == [
        i for i, w in enumerate(works) if "code" in w.link_kinds
    ]


def test_the_fuzzy_vocabulary_holds_no_array_per_word() -> None:
    index = SearchIndex(load_catalog())
    index.prepare(vocabulary=True)
    vocabulary = index._vocab()
    assert isinstance(vocabulary.words, list) and len(vocabulary) > 100
    values = [getattr(vocabulary, name) for name in type(vocabulary).__slots__]
    assert not [value for value in values if isinstance(value, (dict, tuple))]
    # a few arrays for every word together: the positions' low halves, where each word starts, its block cuts
    assert len([value for value in values if isinstance(value, array)]) == 3


def test_a_results_positions_are_an_array_not_a_list_of_ints() -> None:
    """Whatever path made it: every work, one word in catalog order, catalog order, ranked."""
    index = SearchIndex(load_catalog())
    for query in ("", "-zzzz", "r", "author:bai", "reward model"):
        result = index.search(query)
        assert isinstance(result.positions, array) and result.positions.typecode == "I", query
        assert [index.ids[p] for p in result.positions] == result.work_ids


def test_kept_results_stay_within_their_byte_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    from aligntui.search import index as index_module

    monkeypatch.setattr(index_module, "CACHE_BYTES", 200)  # a few of the bundled catalog's results
    index = SearchIndex(load_catalog())
    for word in ("r", "re", "rew", "model", "m", "value", "v", "a", "al", "alignment"):
        index.search(word)
        kept = sum(len(found) * found.itemsize for found in index._cache.values())
        assert kept == index._cache_bytes
        assert kept <= 200 or len(index._cache) == 1
    assert index.search("rew").work_ids == SearchIndex(load_catalog()).search("rew").work_ids


def test_joined_names_as_one_column_answer_as_the_list_does(monkeypatch: pytest.MonkeyPatch) -> None:
    """A large catalog keeps its joined names in a TextColumn, a small one in a list: the results are the same."""
    from aligntui.search import index as index_module

    catalog = load_catalog()
    as_list = SearchIndex(catalog)
    as_list.prepare()
    monkeypatch.setattr(index_module, "JOINED_COLUMN_FROM", 0)
    as_column = SearchIndex(catalog)
    as_column.prepare()
    assert isinstance(as_list._joined, list) and isinstance(as_column._joined, TextColumn)
    for query in ("zeroshot", "instructiontuning", "flant5", "gpt4", "llama2", "reward model", "title:zeroshot", "x"):
        left, right = as_list.search(query), as_column.search(query)
        assert (left.work_ids, left.scores) == (right.work_ids, right.scores), query
    assert as_list.text(3) == as_column.text(3)
