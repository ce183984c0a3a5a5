"""The bundled catalog holds every entry and every link of the survey's list.

The list is reference material outside the project (../shared/reference); these
tests read it where it is and skip when it is absent. Nothing of it is copied here.
"""

from __future__ import annotations

import pytest

from aligntui.catalog import Catalog

from .conftest import REFERENCE
from .survey_list import ListHeading, normalise_title, parse_list

LIST = REFERENCE / "alignment-goal-survey-README.md"
pytestmark = pytest.mark.skipif(not LIST.is_file(), reason="the survey's list is not beside the project")


@pytest.fixture(scope="module")
def headings() -> list[ListHeading]:
    return [h for h in parse_list(LIST.read_text(encoding="utf-8")) if h.entries]


def _leaf_sections(catalog: Catalog) -> list[str]:
    return [s.id for s in catalog.walk() if s.works]


def test_same_sections_in_the_same_order(catalog: Catalog, headings: list[ListHeading]) -> None:
    leaves = _leaf_sections(catalog)
    assert [catalog.sections[s].title for s in leaves] == [h.title.strip() for h in headings]


def test_every_entry_in_its_section_in_order(catalog: Catalog, headings: list[ListHeading]) -> None:
    total = 0
    for section_id, heading in zip(_leaf_sections(catalog), headings, strict=True):
        works = [catalog.works[w] for w in catalog.sections[section_id].works]
        assert len(works) == len(heading.entries), section_id
        for work, entry in zip(works, heading.entries, strict=True):
            listed = work.list_title or work.title
            assert normalise_title(listed) == normalise_title(entry.title.rstrip("*")), (section_id, entry.line)
            total += 1
    assert total == 136


def test_every_link_of_every_entry(catalog: Catalog, headings: list[ListHeading]) -> None:
    for section_id, heading in zip(_leaf_sections(catalog), headings, strict=True):
        for work_id, entry in zip(catalog.sections[section_id].works, heading.entries, strict=True):
            links = {(link.label, link.url) for link in catalog.works[work_id].links}
            for label, url in entry.links:
                assert (label, url) in links, (work_id, entry.line, label, url)


def test_no_link_that_the_list_does_not_have(catalog: Catalog, headings: list[ListHeading]) -> None:
    listed = {(label, url) for h in headings for e in h.entries for label, url in e.links}
    for work in catalog.works.values():
        for link in work.links:
            assert (link.label, link.url) in listed, (work.id, link)


def test_list_wording_is_kept_where_it_differs(catalog: Catalog, headings: list[ListHeading]) -> None:
    for section_id, heading in zip(_leaf_sections(catalog), headings, strict=True):
        for work_id, entry in zip(catalog.sections[section_id].works, heading.entries, strict=True):
            work = catalog.works[work_id]
            if work.title != entry.title and work.title != entry.title.rstrip("*"):
                assert work.list_title is not None, work_id
