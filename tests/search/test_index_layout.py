"""What the search index holds per work: the structure that keeps a 100,000-work index small."""

from __future__ import annotations

from aligntui.catalog.load import load_catalog
from aligntui.search.column import SharedColumn, TextColumn
from aligntui.search.index import SearchIndex
from aligntui.search.wordforms import initials
from aligntui.text.fold import fold


def test_title_initials_are_one_string_not_one_per_work() -> None:
    catalog = load_catalog()
    index = SearchIndex(catalog)
    index.prepare()
    letters = index._title_initials()
    assert isinstance(letters, TextColumn)
    assert list(letters) == [initials(work.title) for work in catalog.works.values()]


def test_years_and_link_kinds_are_kept_once_each_with_a_small_number_per_work() -> None:
    catalog = load_catalog()
    index = SearchIndex(catalog)
    index.prepare()
    works = list(catalog.works.values())
    for column, values in (
        (index._years, [tuple({y for y in (w.year, w.published_year) if y is not None}) for w in works]),
        (index._kinds, [w.link_kinds for w in works]),
    ):
        assert isinstance(column, SharedColumn)
        assert list(column) == values and [column[i] for i in range(len(works))] == values
        assert column.distinct == len(set(values)) < len(values)
        assert column._codes.itemsize == 2
        assert list(column.where(lambda value, first=values[0]: value == first)) == [
            i for i, value in enumerate(values) if value == values[0]
        ]


def test_section_titles_are_kept_once_per_title_not_once_per_work() -> None:
    catalog = load_catalog()
    index = SearchIndex(catalog)
    index.prepare()
    sections = index._sections
    titles = {title for section in catalog.sections.values() for title in section.path}
    assert sorted(sections._titles) == sorted(titles)  # each distinct title once
    assert not any(text.endswith(f"\n{index.text(i).sections}\n") for i, text in enumerate(index._all))
    for i, work_id in enumerate(index.ids):
        listed = catalog.memberships.get(work_id, ())
        paths = [catalog.sections[sid].path for sid in listed]
        expected = fold(" | ".join(dict.fromkeys(title for path in paths for title in path)))
        assert index.text(i).sections == expected
        assert all(i in sections.holding(fold(title)) for path in paths for title in path)
        assert all(i in sections.holding(fold(title)).works() for path in paths for title in path)


def test_a_word_reaching_across_two_section_titles_is_looked_for_in_the_whole_text() -> None:
    index = SearchIndex(load_catalog())
    index.prepare()
    sections = index._sections
    first = next(i for i in range(len(index)) if " | " in index.text(i).sections)
    text = index.text(first).sections
    across = text[text.index(" | ") - 2 : text.index(" | ") + 4]
    assert first in sections.holding(across)
    assert sections.holding(across).works() == {i for i in range(len(index)) if across in index.text(i).sections}


def test_the_first_work_under_a_title_is_found_without_flags_for_every_work() -> None:
    catalog = load_catalog()
    index = SearchIndex(catalog)
    index.prepare()
    sections = index._sections
    for number in range(len(sections._titles)):
        hits = sections.of_titles([number])
        expected = min(hits.works(), default=len(index))
        fresh = sections.of_titles([number])
        fresh._work_flags = None
        assert fresh.first() == expected
