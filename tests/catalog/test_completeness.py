"""The bundled catalog holds every entry and every link of the survey's list, read by the importer.

The list is reference material outside the project (../shared/reference); these
tests read it where it is and skip when it is absent. Nothing of it is copied here.
"""

from __future__ import annotations

import pytest

from aligntui.catalog.model import Catalog, Section
from aligntui.paperlist.importer import ImportResult, import_markdown
from aligntui.text.fold import title_key as normalise_title

from ..conftest import REFERENCE

LIST = REFERENCE / "alignment-goal-survey-README.md"
pytestmark = pytest.mark.skipif(not LIST.is_file(), reason="the survey's list is not beside the project")


@pytest.fixture(scope="module")
def imported() -> ImportResult:
    return import_markdown(LIST.read_text(encoding="utf-8"), LIST.name)


def _leaves(catalog: Catalog) -> list[Section]:
    return [s for s in catalog.walk() if s.works]


def _pairs(catalog: Catalog, imported: ImportResult) -> list[tuple[str, str]]:
    """(bundled work id, imported work id) for every entry of the list, in order."""
    pairs = []
    for ours, theirs in zip(_leaves(catalog), _leaves(imported.catalog), strict=True):
        assert len(ours.works) == len(theirs.works), ours.id
        pairs += list(zip(ours.works, theirs.works, strict=True))
    return pairs


def test_nothing_in_the_list_is_left_out(imported: ImportResult) -> None:
    assert [s.reason for s in imported.skipped] == ["an HTML block"]  # the table of contents
    assert len(imported.catalog.works) == 85
    assert imported.catalog.membership_count == 136


def test_same_sections_in_the_same_order(catalog: Catalog, imported: ImportResult) -> None:
    assert [s.title for s in _leaves(catalog)] == [s.title for s in _leaves(imported.catalog)]


def test_every_entry_in_its_section_in_order(catalog: Catalog, imported: ImportResult) -> None:
    pairs = _pairs(catalog, imported)
    for ours, theirs in pairs:
        work = catalog.works[ours]
        listed = imported.catalog.works[theirs].title
        assert normalise_title(work.list_title or work.title) == normalise_title(listed), (ours, listed)
    assert len(pairs) == 136


def test_one_work_in_the_list_is_one_work_in_the_catalog(catalog: Catalog, imported: ImportResult) -> None:
    mapping = dict(_pairs(catalog, imported))
    assert len(set(mapping.values())) == len(mapping) == 85


def test_every_link_and_no_other(catalog: Catalog, imported: ImportResult) -> None:
    for ours, theirs in _pairs(catalog, imported):
        assert set(catalog.works[ours].links) == set(imported.catalog.works[theirs].links), ours


def test_list_wording_is_kept_where_it_differs(catalog: Catalog, imported: ImportResult) -> None:
    for ours, theirs in _pairs(catalog, imported):
        work = catalog.works[ours]
        if normalise_title(work.title) != normalise_title(imported.catalog.works[theirs].title):
            assert work.list_title is not None, ours
