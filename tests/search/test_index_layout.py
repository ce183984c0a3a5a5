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
    arrays = [value for value in vars_of(vocabulary) if isinstance(value, array)]
    assert len(arrays) == 2  # every word's gaps in one, where each word starts in the other


def vars_of(obj: object) -> list[object]:
    """The attribute values of a slotted object."""
    return [getattr(obj, name) for name in type(obj).__slots__]
