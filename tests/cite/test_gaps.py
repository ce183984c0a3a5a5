"""Which citations lack authors or a year (``citation_gaps``), and what cite and export say about them."""

from __future__ import annotations

import pytest

from aligntui.catalog.model import Work
from aligntui.cite.gaps import citation_gaps, describe_gaps


@pytest.mark.parametrize(
    ("work", "gaps"),
    [
        (Work("a2020x", "Titled", authors=("Ann Author",), year=2020), ()),
        (Work("imported", "Only a title"), ("authors", "year")),
        (Work("noyear", "T", authors=("Ann Author",)), ("year",)),
        (Work("noone", "T", year=2021), ("authors",)),
        (Work("blank", "T", authors=(" ",), year=2021), ("authors",)),
        (Work("site", "A survey's site", authors=("{Pew Research Center}",), type="web"), ()),
        (Work("data", "A data set", authors=("{WVS Association}",), type="dataset"), ()),
        (Work("book", "A book", authors=("Ann Author",), type="book"), ("year",)),
        (Work("venue", "T", authors=("Ann Author",), venue="ICLR 2022", booktitle="ICLR"), ()),
    ],
)
def test_citation_gaps(work: Work, gaps: tuple[str, ...]) -> None:
    assert citation_gaps(work) == gaps


def test_describe_gaps() -> None:
    assert describe_gaps("imported", ("authors", "year")) == "imported: the citation has no authors and no year"


def test_gaps_note_names_the_first_works_and_counts_the_rest() -> None:
    from aligntui.catalog.model import Work
    from aligntui.cite.gaps import gaps_note

    bare = [Work(id=f"w{i}", title=f"Title {i}", type="paper") for i in range(5)]
    assert gaps_note([]) == ""
    note = gaps_note(bare)
    assert note.startswith("Incomplete citation: w0 (no authors, no year), w1 (no authors, no year), w2 (")
    assert "and 2 more" in note
