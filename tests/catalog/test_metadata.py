"""Issue 6: every work of the bundled catalog carries citable facts."""

from __future__ import annotations

import re

import pytest

from aligntui.catalog.load import parse_catalog
from aligntui.catalog.model import Catalog, CatalogError

from ..conftest import DATA

# Ongoing survey programmes and websites: no public record gives them one year.
NO_YEAR = {"wvs2022wave7", "europeanvaluesstudy", "pewglobalattitudes"}


def test_every_work_has_author_year_venue_and_source(catalog: Catalog) -> None:
    for work in catalog.works.values():
        assert work.authors, work.id
        assert work.venue, work.id
        assert work.source and work.source.startswith(("http://", "https://")), work.id
        if work.id not in NO_YEAR:
            assert work.year is not None, work.id


def test_full_author_lists_not_just_the_first(catalog: Catalog) -> None:
    single = [w.id for w in catalog.works.values() if len(w.authors) == 1 and w.authors_complete and w.type == "paper"]
    # Single-author papers in the record: Schwartz (2012), Simmons (2022).
    assert sorted(single) == ["schwartz2012overview", "simmons2022moral"]
    incomplete = sorted(w.id for w in catalog.works.values() if not w.authors_complete)
    assert incomplete == ["srivastava2022beyond"]  # askell2021general and brown2002life are complete (issue 12)


@pytest.mark.parametrize(
    ("work_id", "title", "venue", "first", "count"),
    [
        (
            "sanh2021multitask",
            "Multitask Prompted Training Enables Zero-Shot Task Generalization",
            "ICLR 2022",
            "Victor Sanh",
            40,
        ),
        (
            "ouyang2022training",
            "Training language models to follow instructions with human feedback",
            "NeurIPS 2022",
            "Long Ouyang",
            20,
        ),
        (
            "lin2021truthfulqa",
            "TruthfulQA: Measuring How Models Mimic Human Falsehoods",
            "ACL 2022",
            "Stephanie Lin",
            3,
        ),
        (
            "frazier2019learning",
            "Learning Norms from Stories: A Prior for Value Aligned Agents",
            "AIES 2020",
            "Spencer Frazier",
            4,
        ),
    ],
)
def test_known_facts(catalog: Catalog, work_id: str, title: str, venue: str, first: str, count: int) -> None:
    work = catalog.works[work_id]
    assert (work.title, work.venue, work.first_author, len(work.authors)) == (title, venue, first, count)


def test_list_wording_still_finds_the_work(catalog: Catalog) -> None:
    from aligntui.search.index import SearchIndex

    sanh = catalog.works["sanh2021multitask"]
    assert sanh.list_title == "Multitask prompted training enables zero-shot task generalizatio"
    assert "sanh2021multitask" in SearchIndex(catalog).search('"task generalizatio"').work_ids


def test_field_shapes(catalog: Catalog) -> None:
    for work in catalog.works.values():
        if work.arxiv:
            assert re.fullmatch(r"\d{4}\.\d{4,5}", work.arxiv), work.id
        if work.doi:
            assert re.fullmatch(r"10\.\d{4,9}/\S+", work.doi), work.id
        assert work.type in ("paper", "book", "dataset", "web")
        assert 1900 <= (work.year or 1900) <= 2026


def test_source_is_required() -> None:
    text = (DATA / "small.toml").read_text().replace('source = "https://doi.org/10.1093/mind/LIX.236.433"\n', "")
    with pytest.raises(CatalogError) as caught:
        parse_catalog(text, "x.toml")
    assert "has no 'source'" in str(caught.value)
