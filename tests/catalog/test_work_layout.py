"""A work's compact layout: what it stores is what saves a large catalog's memory, and every field reads back."""

from __future__ import annotations

import copy
import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aligntui.catalog.load import load_catalog
from aligntui.catalog.model import Link, Work
from aligntui.catalog.work import ARXIV_ABS, ARXIV_PDF, RARE_DEFAULTS, REFERENCE_SEPARATOR, WORK_FIELDS

FULL = Work(
    "w1",
    "A Title",
    authors=("Ann Author", "Bo Writer"),
    year=2021,
    venue="ICLR 2022",
    type="paper",
    links=(Link("Paper", "https://a.org/p"), Link("Code", "https://github.com/a/b")),
    authors_complete=False,
    arxiv="2101.00001",
    doi="10.1000/x",
    source="https://arxiv.org/abs/2101.00001",
    booktitle="Proceedings",
    journal=None,
    publisher="Pub",
    list_title="a title",
    list_authors="A. Author",
    list_venue="ICLR",
    note="line one\nline two",
    volume="3",
    number="4",
    pages="1--2",
    keep_case=("Title",),
    date="2021-05",
    aliases=("AT",),
    orgs=("Lab",),
    other_titles=("Old Title",),
    summary="It does things.",
    abstract="An abstract.",
)


def test_a_work_has_no_per_work_dict_and_eight_stored_values() -> None:
    work = Work("w", "T")
    assert not hasattr(work, "__dict__")
    assert len(tuple(FULL)) == 8


def test_a_work_with_only_common_fields_stores_no_rare_record_and_no_references() -> None:
    stored = tuple(Work("w", "T", authors=("A B",), year=2020, venue="V"))
    assert stored[6] is None and stored[7] is None


def test_title_references_and_links_are_one_string() -> None:
    stored = tuple(FULL)
    assert isinstance(stored[1], str) and stored[6] is None
    assert stored[1].startswith(f"A Title{REFERENCE_SEPARATOR}2101.00001{REFERENCE_SEPARATOR}")
    assert stored[1].count(REFERENCE_SEPARATOR) == 3 + 2 * len(FULL.links)
    assert FULL.title == "A Title"


def test_rare_fields_are_kept_only_where_they_differ_from_their_default() -> None:
    pairs = tuple(Work("w", "T", booktitle="B", summary=""))[7]
    assert pairs == ("booktitle", "B")


@pytest.mark.parametrize("name", WORK_FIELDS)
def test_every_field_reads_back_as_given(name: str) -> None:
    expected = {
        "links": (Link("Paper", "https://a.org/p"), Link("Code", "https://github.com/a/b")),
        "authors_complete": False,
    }
    assert getattr(FULL, name) == expected.get(name, getattr(FULL, name))
    assert getattr(Work("w", "T"), name) == {"id": "w", "title": "T", "authors": (), "type": "paper"}.get(
        name, RARE_DEFAULTS.get(name, () if name == "links" else None)
    )


@pytest.mark.parametrize(
    "changes",
    [
        {"arxiv": "a\x1fb"},
        {"source": ""},
        {"links": (Link("", "https://a.org/"),)},
        {"links": (Link("Paper", "x\x1fy"),)},
        {"links": (Link("Paper", f"x{ARXIV_ABS}"),)},
        {"doi": ARXIV_PDF},
        {"source": f"https://arxiv.org/abs/{ARXIV_ABS}"},
    ],
)
def test_references_that_hold_the_separator_or_are_empty_read_back_exactly(changes: dict[str, object]) -> None:
    work = FULL._replace(**changes)
    for name, value in changes.items():
        assert getattr(work, name) == value
    assert work.links == changes.get("links", FULL.links)


def test_replace_equality_hash_repr_copy_and_pickle_act_on_fields() -> None:
    again = FULL._replace(title="Other")._replace(title="A Title")
    assert again == FULL and hash(again) == hash(FULL)
    assert FULL._replace(year=None) != FULL
    assert repr(Work("w", "T")).startswith("Work(id='w', title='T', authors=(), year=None")
    assert copy.deepcopy(FULL) == FULL
    assert pickle.loads(pickle.dumps(FULL)) == FULL
    assert Work._make(getattr(FULL, name) for name in WORK_FIELDS) == FULL
    with pytest.raises(ValueError, match="unexpected field"):
        FULL._replace(colour="red")


def test_link_kinds_come_from_the_labels() -> None:
    assert FULL.link_kinds == frozenset({"paper", "code"})
    assert Work("w", "T").link_kinds == frozenset()


def test_the_bundled_catalog_reads_back_through_replace() -> None:
    for work in load_catalog().works.values():
        assert Work(**work._asdict()) == work


def test_works_sharing_one_rare_field_share_its_record() -> None:
    first = Work("a", "T", booktitle="Proceedings of Something")
    second = Work("b", "U", booktitle="Proceedings of Something")
    assert tuple(first)[7] is tuple(second)[7]


def test_a_works_own_arxiv_urls_are_stored_as_one_character_each() -> None:
    work = Work(
        "w",
        "T",
        arxiv="2101.00001",
        source="https://arxiv.org/abs/2101.00001",
        links=(Link("Paper", "https://arxiv.org/pdf/2101.00001.pdf"), Link("v2", "https://arxiv.org/abs/2101.00001v2")),
    )
    stored = tuple(work)[1]
    assert stored == REFERENCE_SEPARATOR.join(
        ["T", "2101.00001", "", ARXIV_ABS, "Paper", ARXIV_PDF + ".pdf", "v2", ARXIV_ABS + "v2"]
    )
    assert work.source == "https://arxiv.org/abs/2101.00001"
    assert work.links[0].url == "https://arxiv.org/pdf/2101.00001.pdf"
    assert work.links[1].url == "https://arxiv.org/abs/2101.00001v2"
    assert work.link_kinds == frozenset({"paper", "other"})


_PIECES = st.sampled_from(
    ["https://arxiv.org/abs/", "https://arxiv.org/pdf/", "2101.00001", "2101", ".pdf", "x", "", ARXIV_ABS, ARXIV_PDF]
)
_TEXT = st.lists(_PIECES, max_size=4).map("".join)


@given(
    arxiv=st.none() | _TEXT,
    doi=st.none() | _TEXT,
    source=st.none() | _TEXT,
    links=st.lists(st.builds(Link, _TEXT, _TEXT), max_size=3).map(tuple),
)
def test_references_read_back_exactly_whatever_they_hold(
    arxiv: str | None, doi: str | None, source: str | None, links: tuple[Link, ...]
) -> None:
    for title in ("T", "", "T" + REFERENCE_SEPARATOR, REFERENCE_SEPARATOR + ARXIV_ABS):
        work = Work("w", title, arxiv=arxiv, doi=doi, source=source, links=links)
        assert (work.title, work.arxiv, work.doi, work.source, work.links) == (title, arxiv, doi, source, links)
        assert Work(**work._asdict()) == work
