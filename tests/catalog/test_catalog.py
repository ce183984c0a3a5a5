"""The loader: the bundled catalog, and a table of broken catalogs with their messages."""

from __future__ import annotations

from pathlib import Path

import pytest

from aligntui.catalog.load import load_catalog, parse_catalog
from aligntui.catalog.model import Catalog, CatalogError

from ..conftest import DATA

SMALL = (DATA / "small.toml").read_text(encoding="utf-8")


def test_bundled_catalog_has_the_whole_survey(catalog: Catalog) -> None:
    assert len(catalog.works) == 85
    assert catalog.membership_count == 136
    assert [catalog.sections[r].title for r in catalog.roots] == [
        "Definition of Alignment Goals",
        "Evaluation of Alignment",
    ]
    assert catalog.survey.arxiv == "2308.12014"
    assert catalog.survey.authors[0] == "Jing Yao"


def test_most_listed_work_is_defined_once(catalog: Catalog) -> None:
    # The survey's list names InstructGPT in five sections (the issue said six; the list has five).
    assert len(catalog.memberships["ouyang2022training"]) == 5
    assert max(len(v) for v in catalog.memberships.values()) == 5


def test_sections_keep_the_lists_order(catalog: Catalog) -> None:
    achievement = catalog.sections["definition.instructions.achievement"]
    assert achievement.works[:3] == ("sanh2021multitask", "mishra2021cross", "wang2022super")
    assert achievement.path == ("Definition of Alignment Goals", "Human Instructions", "Alignment Goal Achievement")
    assert (
        catalog.sections["definition.instructions"].description == ""
    )  # "Motivation and Definition" was a sub-heading


def test_work_keeps_union_of_links_across_sections(catalog: Catalog) -> None:
    labels = {(link.label, link.url) for link in catalog.works["bai2022training"].links}
    assert ("Data", "https://github.com/anthropics/hh-rlhf") in labels
    assert ("Checkpoint", "https://huggingface.co/Dahoas/gptj-rm-static/tree/main") in labels


def _mutate(old: str, new: str, count: int = 1) -> str:
    assert old in SMALL, old
    return SMALL.replace(old, new, count)


def _line_of(text: str, needle: str, occurrence: int = 1) -> int:
    lines = text.splitlines()
    seen = 0
    for number, line in enumerate(lines, start=1):
        if needle in line:
            seen += 1
            if seen == occurrence:
                return number
    raise AssertionError(needle)


# (name, broken text, fragment expected in the message, the line the message must name as (needle, occurrence))
BROKEN = [
    ("syntax error", _mutate('title = "Alpha"', 'title = "Alpha'), "TOML syntax error", ('title = "Alpha', 1)),
    (
        "unknown key",
        _mutate('venue = "Mind 1950"', 'venue = "Mind 1950"\nvenu = "typo"'),
        "unknown key 'venu' in work 'turing1950computing' (did you mean 'venue'?)",
        ("venu = ", 1),
    ),
    (
        "year as text",
        _mutate("year = 1950", 'year = "1950"'),
        "'year' in work 'turing1950computing' must be a whole number",
        ('year = "1950"', 1),
    ),
    (
        "implausible year",
        _mutate("year = 1950", "year = 19500"),
        "year 19500 is not a plausible year",
        ("year = 19500", 1),
    ),
    (
        "duplicate id",
        _mutate('id = "turing1950computing"', 'id = "lovelace1843notes"'),
        "duplicate work id 'lovelace1843notes' (first defined on line 38)",
        ('id = "lovelace1843notes"', 2),
    ),
    (
        "unknown work in section",
        _mutate('works = ["lovelace1843notes"]', 'works = ["lovelace1843notes", "nobody2020"]'),
        "names unknown work 'nobody2020'",
        ('"nobody2020"', 1),
    ),
    (
        "work in no section",
        _mutate('works = ["turing1950computing", "markup2024gotcha"]', 'works = ["markup2024gotcha"]'),
        "work 'turing1950computing' is in no section",
        ('id = "turing1950computing"', 1),
    ),
    (
        "empty title",
        _mutate('title = "Computing Machinery and Intelligence"', 'title = "  "'),
        "the title is empty",
        ('title = "  "', 1),
    ),
    (
        "missing title",
        _mutate('title = "Computing Machinery and Intelligence"\n', ""),
        "has no 'title'",
        ("[[works]]", 3),
    ),
    (
        "javascript url",
        _mutate('url = "https://example.org/turing"', 'url = "javascript:alert(1)"'),
        "is not an http or https address",
        ('url = "javascript:alert(1)"', 1),
    ),
    (
        "file url in a link list",
        _mutate(
            '{ label = "Data", url = "https://example.org/data" }', '{ label = "Data", url = "file:///etc/passwd" }'
        ),
        "file:///etc/passwd",
        ("file:///etc/passwd", 1),
    ),
    (
        "bad arxiv id",
        _mutate('arxiv = "2001.00001"', 'arxiv = "arXiv:2001"'),
        "is not an arXiv id",
        ('arxiv = "arXiv:2001"', 1),
    ),
    (
        "bad doi",
        _mutate('doi = "10.1093/mind/LIX.236.433"', 'doi = "doi.org/10.1093"'),
        "is not a DOI",
        ('doi = "doi.org/10.1093"', 1),
    ),
    (
        "unknown parent",
        _mutate('parent = "b"', 'parent = "c"'),
        "parent 'c' is not a section defined above it",
        ('parent = "c"', 1),
    ),
    (
        "wrong schema version",
        _mutate("schema_version = 1", "schema_version = 7"),
        "schema_version 7 is not 1",
        ("schema_version = 7", 1),
    ),
    (
        "authors not a list",
        _mutate('authors = ["Alan Turing"]', 'authors = "Alan Turing"'),
        "'authors' in work 'turing1950computing' must be a list",
        ('authors = "Alan Turing"', 1),
    ),
    (
        "bad work type",
        _mutate('venue = "Mind 1950"', 'venue = "Mind 1950"\ntype = "podcast"'),
        "type 'podcast' is not one of",
        ('type = "podcast"', 1),
    ),
]


@pytest.mark.parametrize(("text", "fragment", "where"), [b[1:] for b in BROKEN], ids=[b[0] for b in BROKEN])
def test_broken_catalog_names_the_line(text: str, fragment: str, where: tuple[str, int]) -> None:
    with pytest.raises(CatalogError) as caught:
        parse_catalog(text, "broken.toml")
    line = _line_of(text, *where)
    messages = [str(p) for p in caught.value.problems]
    assert any(fragment in m and m.startswith(f"broken.toml:{line}:") for m in messages), messages


def test_a_broken_work_does_not_make_its_sections_complain() -> None:
    text = _mutate('title = "Computing Machinery and Intelligence"', 'titel = "Computing Machinery and Intelligence"')
    with pytest.raises(CatalogError) as caught:
        parse_catalog(text, "typo.toml")
    messages = [p.message for p in caught.value.problems]
    assert len(messages) == 2, messages
    assert any("did you mean 'title'?" in m for m in messages)
    assert not any("unknown work" in m for m in messages)


def test_every_problem_is_reported_at_once() -> None:
    text = _mutate("year = 1950", "year = 19500")
    text = text.replace('arxiv = "2001.00001"', 'arxiv = "nope"')
    with pytest.raises(CatalogError) as caught:
        parse_catalog(text, "two.toml")
    assert len(caught.value.problems) == 2
    lines = [p.line for p in caught.value.problems]
    assert lines == sorted(lines)


def test_missing_file_is_a_problem_not_a_traceback(tmp_path: Path) -> None:
    with pytest.raises(CatalogError) as caught:
        load_catalog(tmp_path / "nope.toml")
    assert "cannot read the catalog" in str(caught.value)


def test_non_utf8_file_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.toml"
    path.write_bytes(SMALL.replace("Glaciers", "Gl\u00e6ciers").encode("latin-1"))
    with pytest.raises(CatalogError) as caught:
        load_catalog(path)
    problem = caught.value.problems[0]
    assert "not valid UTF-8" in problem.message
    assert problem.line == _line_of(SMALL, "Glaciers of Iceland")


@pytest.mark.parametrize(
    ("url", "clean"),
    [
        ("https://arxiv.org/pdf/2305.18290.pdf?trk=public_post_comment-text", "https://arxiv.org/pdf/2305.18290.pdf"),
        ("https://arxiv.org/pdf/2212.09251.pdf?fbclid=IwAR1R", "https://arxiv.org/pdf/2212.09251.pdf"),
        ("https://arxiv.org/pdf/2110.07574.pdf?mc_cid=8a&mc_eid=87", "https://arxiv.org/pdf/2110.07574.pdf"),
        ("https://chat.lmsys.org/?arena", "https://chat.lmsys.org/?arena"),
        ("https://x.org/a?b=1&utm_source=z#frag", "https://x.org/a?b=1#frag"),
        ("https://example.org/index.html#/", "https://example.org/index.html#/"),
    ],
)
def test_links_are_copied_without_tracking_parameters(url: str, clean: str) -> None:
    from aligntui.catalog.model import Link

    assert Link("Paper", url).clean_url == clean


@pytest.mark.parametrize("length", [1, 20, 57, 58, 59, 60, 61, 80])
@pytest.mark.parametrize("char", ["a", "Z", "0", "_", ".", ":", "-", "'", '"', "\\", " ", "\u00e9"])
def test_a_work_is_named_in_messages_as_shown_names_it(length: int, char: str) -> None:
    from aligntui.catalog.tables import shown
    from aligntui.catalog.validate import _work_name

    work_id = "w" + char * (length - 1)
    assert _work_name(work_id, 4) == f"work {shown(work_id)}"
    assert _work_name(None, 4) == "work #5" and _work_name(7, 4) == "work #5"
