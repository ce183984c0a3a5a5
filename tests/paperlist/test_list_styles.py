"""The synthetic list styles of tests/data/lists: every style imports to the works it lists, with their facts.

Each file is one kind of list that real awesome lists use and an earlier importer
read badly (paragraph entries, a Contents heading over every section, numbered
table cells, nicknames before titles, junk tables and prose, one link under two
titles, ``<details>`` groups, quoted titles after bylines). The file's first
line says how many papers it lists.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from aligntui.catalog.load import parse_catalog
from aligntui.catalog.model import Link, Work
from aligntui.catalog.toml_writer import catalog_to_toml
from aligntui.cli.main import main
from aligntui.paperlist.importer import ImportResult, import_markdown

from ..conftest import DATA
from .test_import_md import list_item_lines

LISTS = DATA / "lists"
STYLES = sorted(p for p in LISTS.glob("*.md") if p.name != "README.md")


def imported(name: str) -> ImportResult:
    path = LISTS / name
    return import_markdown(path.read_text(encoding="utf-8"), path.name)


def by_title(result: ImportResult) -> dict[str, Work]:
    return {w.title: w for w in result.catalog.works.values()}


def shape(result: ImportResult) -> list[tuple[str, list[str]]]:
    catalog = result.catalog
    return [(" > ".join(s.path), [catalog.works[w].title for w in s.works]) for s in catalog.walk() if s.works]


def test_the_corpus_has_ten_styles_at_least() -> None:
    assert len(STYLES) >= 10


@pytest.mark.parametrize("path", STYLES, ids=[p.stem for p in STYLES])
def test_each_style_imports_every_paper_it_lists(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    match = re.search(r"<!-- papers: (\d+) -->", text)
    assert match, "the style's first line says how many papers it lists"
    result = import_markdown(text, path.name)
    assert len(result.catalog.works) == int(match.group(1))
    assert list_item_lines(text) <= result.used_lines | {s.line for s in result.skipped}
    catalog = parse_catalog(catalog_to_toml(result.catalog), path.name)
    assert all(w.title and w.source for w in catalog.works.values())


CASES = [
    (
        "contents-heading.md",
        [("Surveys", ["Xi Survey of Alignment", "Omicron Overview"]), ("Benchmarks", ["Pi Bench", "Rho Arena"])],
    ),
    (
        "details-groups.md",
        [
            ("Evaluation > Truthfulness", ["Nun Truth Probes", "Samekh Honesty Bench"]),
            ("Evaluation > Fairness", ["Ayin Bias Audit"]),
            ("Evaluation > Robustness", ["Pe Adversarial Suite"]),
        ],
    ),
    ("junk.md", [("Papers", ["Het Sparse Experts", "Tet Low-Rank Adapters"])]),
    (
        "numbered-table.md",
        [
            ("Reasoning", ["Sigma Chains of Thought", "Tau Verifiers", "Upsilon Search"]),
            ("Planning", ["Phi Planner", "Chi Agents"]),
        ],
    ),
    (
        "paragraphs.md",
        [
            ("Understanding", ["Iota networks", "Kappa: deep kappa learning", "Lambda of everything"]),
            ("Models", ["Mu models are few-shot learners", "Nu attention"]),
        ],
    ),
    (
        "shared-url.md",
        [("Alignment", ["Kaf Constitutional Training", "Lamed Debate Protocols", "Mem Oversight Games"])],
    ),
]


@pytest.mark.parametrize(("name", "expected"), CASES, ids=[c[0] for c in CASES])
def test_sections_of_each_style(name: str, expected: list[tuple[str, list[str]]]) -> None:
    assert shape(imported(name)) == expected


FACTS = [
    # (style, title, authors, complete, year, venue)
    ("paragraphs.md", "Iota networks", ("Ann Arbor", "Bo Bell", "Cy Cole"), True, 2015, "Nature 521 2015"),
    ("paragraphs.md", "Kappa: deep kappa learning", ("Di Dorn",), False, 2016, "arXiv"),
    ("paragraphs.md", "Nu attention", ("Gil Gray",), True, 2017, "ICML 2017"),
    ("nicknames.md", "Language Psi Models Are Few-Shot Learners", (), True, 2020, "NeurIPS 2020"),
    ("nicknames.md", "Alef: Scaling Rewards", (), True, 2022, "NeurIPS 2022"),
    ("nicknames.md", "Bet Preference Transformers", ("A. Smith",), False, 2015, None),
    ("nicknames.md", "Gimel Policy Gradients", ("Hana Ito", "Ken Mori"), True, 2023, "ICML 2023"),
    ("nicknames.md", "Dalet Reward Hacking", (), True, 2023, None),
    ("table-cells.md", "Dalet Red Teaming", ("Ada Ames", "Bea Burr"), True, 2024, "ICLR 2024"),
    ("table-cells.md", "He Jailbreak Study", ("张伟", "李娜"), True, 2023, "NeurIPS 2023"),
    ("table-cells.md", "Vav Guardrails", (), True, 2023, "arXiv"),
    ("quoted-bylines.md", "Tsadi Policy Optimisation", ("Ann Arbor", "Bo Bell"), True, 2017, "ICML 2017"),
    ("quoted-bylines.md", "Qof Reward Shaping", ("Cy Cole",), False, 2019, "NeurIPS 2019"),
    ("quoted-bylines.md", "Resh Value Learning", ("王芳", "陈静"), True, 2021, "AAAI 2021"),
    ("quoted-bylines.md", "Shin Offline Alignment", ("D. Dorn", "E. Eck"), True, 2022, None),
    ("title-links.md", "Eta: Learning From Critique", ("Fay Fox", "Gil Gray"), True, 2023, "EMNLP 2023"),
    ("survey-bold.md", "Beta Prompts", ("Bo Bell", "Cy Cole"), True, 2023, "ACL 2023"),
    ("plain-bylines.md", "Kaf Plain Title Here", ("Ann Arbor", "Bo Bell"), True, 2020, "NeurIPS 2020"),
    ("plain-bylines.md", "Lamed Title With Colon: A Study", (), True, 2021, "ACL 2021"),
    ("plain-bylines.md", "Mem-Refine: Iterative Refinement with Self-Feedback", (), True, None, None),
    ("plain-bylines.md", "Nun 2: Open Foundation Models", (), True, None, None),
    ("plain-bylines.md", "Samekh Bold Title", ("Ann Arbor", "Bo Bell"), True, None, None),
]


@pytest.mark.parametrize(
    ("name", "title", "authors", "complete", "year", "venue"), FACTS, ids=[f[1][:24] for f in FACTS]
)
def test_facts_of_each_style(
    name: str, title: str, authors: tuple[str, ...], complete: bool, year: int, venue: str | None
) -> None:
    found = by_title(imported(name))[title]
    assert (found.authors, found.authors_complete, found.year, found.venue) == (authors, complete, year, venue)


def test_nicknames_become_aliases_and_notes_stay_notes() -> None:
    works = by_title(imported("nicknames.md"))
    assert works["Language Psi Models Are Few-Shot Learners"].aliases == ("Psi-3",)
    table = by_title(imported("numbered-table.md"))
    assert table["Sigma Chains of Thought"].note == "prompting steps elicit reasoning"
    assert by_title(imported("paragraphs.md"))["Iota networks"].note == "A classic"


def test_junk_is_reported_with_its_line_and_reason() -> None:
    result = imported("junk.md")
    reasons = {s.line: s.reason for s in result.skipped}
    assert reasons[6] == reasons[7] == "under 'Contents', a section that holds no papers"
    assert reasons[10] == reasons[11] == "a sentence, not an entry (a bold lead word, no link, no year)"
    assert reasons[19] == "under 'Changelog', a section that holds no papers"
    assert reasons[25] == "under 'Contributors', a section that holds no papers"
    urls = [link.url for w in result.catalog.works.values() for link in w.links]
    assert not any(".md" in url or "slides" in url for url in urls)  # never https://pruning.md


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (
            "## Papers\n\n| Name | GitHub |\n|---|---|\n| Yod Yates | [yod](https://github.com/yod) |\n",
            "a table without a Title column whose first cells are not linked papers",
        ),
        (
            "## Papers\n- [Pruning](pruning.md)\n- [Quantisation](./docs/quant.md#top)\n- P Q [[Paper]](https://a.org/p)\n",
            "a table of contents (links within the page or to the list's other pages)",
        ),
    ],
    ids=["contributor table under a paper heading", "links to the list's other pages"],
)
def test_junk_under_a_paper_heading(text: str, reason: str) -> None:
    result = import_markdown(text, "list.md")
    assert {s.reason for s in result.skipped} == {reason}


def test_relative_links_resolve_against_the_list_url_or_stay_text() -> None:
    result = imported("junk.md")
    het = by_title(result)["Het Sparse Experts"]
    assert het.links == (Link("Paper", "https://arxiv.org/abs/2401.00151"),)
    assert [(n.line, n.reason) for n in result.notices] == [
        (12, "link Slides (slides/het.pdf) is a file beside the list: kept in the note; --list-url resolves it")
    ]
    text = (LISTS / "junk.md").read_text(encoding="utf-8")
    published = import_markdown(text, "junk.md", "https://github.com/o/r/blob/main/README.md")
    het = by_title(published)["Het Sparse Experts"]
    assert het.links[-1] == Link("Slides", "https://github.com/o/r/blob/main/slides/het.pdf")
    assert not published.notices


def test_import_md_prints_notes_with_their_lines(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import-md", str(LISTS / "junk.md"), "-o", str(tmp_path / "junk.toml")]) == 0
    err = capsys.readouterr().err
    assert "junk.md:12: note, link Slides (slides/het.pdf) is a file beside the list" in err
    assert "junk.md:10: skipped, a sentence, not an entry" in err
    assert "2 works in 1 sections (2 section entries), 2 links; 7 skipped, 1 note" in err


def test_one_link_under_two_titles_is_two_works_and_a_notice() -> None:
    result = imported("shared-url.md")
    assert [(n.line, n.reason) for n in result.notices] == [
        (6, "shares a link with line 5 ('Kaf Constitutional Training'); kept as a work of its own")
    ]
    assert not result.skipped


def test_a_typo_under_one_link_is_still_one_work() -> None:
    text = (
        "## A\n- Kaf Constitutional Trainig [[Paper]](https://arxiv.org/abs/2401.00161)\n"
        "## B\n- Kaf Constitutional Training [[Paper]](https://arxiv.org/abs/2401.00161)\n"
    )
    result = import_markdown(text, "list.md")
    assert len(result.catalog.works) == 1
    assert not result.notices
