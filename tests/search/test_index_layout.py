"""What the search index holds per work: the structure that keeps a 100,000-work index small."""

from __future__ import annotations

from array import array

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


def test_works_of_the_same_years_share_one_tuple() -> None:
    index = SearchIndex(load_catalog())
    index.prepare()
    years = index._years
    assert len({id(found) for found in years}) == len(set(years)) < len(years)


def test_the_fuzzy_vocabulary_holds_no_array_per_word() -> None:
    index = SearchIndex(load_catalog())
    index.prepare(vocabulary=True)
    vocabulary = index._vocab()
    assert isinstance(vocabulary.words, list) and len(vocabulary) > 100
    values = [getattr(vocabulary, name) for name in type(vocabulary).__slots__]
    assert not [value for value in values if isinstance(value, (dict, tuple))]
    # a few arrays for every word together: the positions' low halves, where each word starts, its block cuts
    assert len([value for value in values if isinstance(value, array)]) == 3
