"""The Markdown list importer on small crafted lists, the TOML writer, and the ``import-md`` command."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aligntui.catalog.load import load_catalog, parse_catalog
from aligntui.catalog.model import Catalog, Link, Section, Survey, Work
from aligntui.catalog.toml_writer import catalog_to_toml, toml_string
from aligntui.cli.main import main
from aligntui.paperlist.importer import ImportResult, import_markdown, make_work_id
from aligntui.system.tomlread import loads

from ..conftest import DATA

SMALL = str(DATA / "small.toml")


def shape(result: ImportResult) -> list[tuple[str, list[str]]]:
    """Each section that lists works, as (path, titles of its works)."""
    catalog = result.catalog
    return [(" > ".join(s.path), [catalog.works[w].title for w in s.works]) for s in catalog.walk() if s.works]


def work(result: ImportResult, title: str) -> Work:
    return next(w for w in result.catalog.works.values() if w.title == title)


def reasons(result: ImportResult) -> dict[int, str]:
    return {s.line: s.reason for s in result.skipped}


def list_item_lines(text: str) -> set[int]:
    from markdown_it import MarkdownIt

    lines, in_head = set(), False
    for token in MarkdownIt("commonmark").enable("table").parse(text):
        in_head = token.type == "thead_open" or (in_head and token.type != "thead_close")
        if token.type in ("list_item_open", "tr_open") and token.map and not in_head:
            lines.add(token.map[0] + 1)
    return lines


NESTING = """\
# Awesome Things

Some words about the list.

## Data
Where the data comes from.
### From People
1. **Alpha: A Dataset**. *Smith et al.* NeurIPS 2021. [[Paper](https://arxiv.org/abs/2101.00001)]
#### Deeper
- Beta Corpus [[Paper]](https://example.org/beta.pdf)
## Methods
- **Group label**
  - Gamma Method [[Paper]](https://example.org/gamma)
  - Delta Method [[PDF]](https://example.org/delta)
"""

DUPLICATES = """\
## One
1. **The Same Paper: A Study**. *Lee et al.* arXiv 2022. [[Paper](https://arxiv.org/pdf/2201.00002.pdf)]
2. **Another Title**. [[Paper](https://example.org/x.pdf)]
3. **Another Title** [[Paper](https://example.org/x.pdf)]
## Two
1. **The same paper - a study**. *Lee et al.* arXiv 2022. [[Paper](https://arxiv.org/pdf/2201.00002.pdf)][[Code](https://github.com/lee/same)]
2. **A Renamed Title**. [[Paper](https://example.org/x.pdf)]
"""

ODD_LABELS = """\
## Papers
- Epsilon Model [📄 Paper](https://example.org/e.pdf) [[code]](https://github.com/e) [Paper V1](https://arxiv.org/abs/2302.13971v2)
- Zeta Model [[Paper]](arxiv.org/abs/2305.00001) [[Local]](./zeta.pdf) [[Paper]](Zeta Model: not a link)
- Eta Model [![badge](https://img.shields.io/x.svg)](https://example.org/badge) [[Blog]](https://example.org/eta)
"""

NO_LINKS = """\
## Classics
1. **Theta: An Old Book**. *Brown et al.* Some Press 1967.
2. Iota Report, 2002
"""

HTML = """\
## Related
<details>
<ul><li><a href="https://example.org/hidden">Hidden Paper</a></li></ul>
</details>

- Kappa Study<br> [[Paper]](https://example.org/kappa)
- ![only an image](https://example.org/pic.png)
"""

TABLE = """\
## Benchmarks

| Title | Authors | Venue | Year | Code |
|---|---|---|---|---|
| [Lambda Bench](https://arxiv.org/abs/2304.00003) | A. One, B. Two | ICML 2023 | 2023 | [GitHub](https://github.com/l/bench) |
| **Mu Suite** | C. Three et al. | ACL | 2022 | [repo](https://github.com/m/suite) |
|  | nobody | | | |
"""

TOC = """\
# My List
## Contents
- [Papers](#papers)
  - [More](#more)
## Papers
- [Intro](#intro)
- Nu Paper [[Paper]](https://example.org/nu)
## Contributing
- Fork the repository and open a pull request.
## License
MIT
## Star History
![Star History Chart](https://api.star-history.com/svg?repos=x/y)
"""

YEARS = """\
## 2023
- Xi Paper [[Paper]](https://example.org/xi)
## 2022
- Omicron Paper [[Paper]](https://example.org/omicron)
- Pi Paper. NeurIPS 2021 [[Paper]](https://example.org/pi)
"""

TITLE_AS_LINK = """\
## Alignment
- [Rho: Learning From Feedback](https://openreview.net/forum?id=rho)
  - Ann Author, Bob Builder and Cy Coder
  - NeurIPS 2022
  - Keywords: feedback, alignment
  - [code](https://github.com/rho/rho)
- [Sigma Preference Models](https://example.org/sigma)
  - Authors: Dee Doer et al.
  - Venue: ICLR 2024
"""

BEFORE_HEADING = """\
- Tau Paper [[Paper]](https://example.org/tau)

## Real
- Upsilon Paper [[Paper]](https://example.org/upsilon)
"""

OTHER_STYLES = """\
## Styles
- [ICLR 2023] Tag Before Title [[paper]](https://a.org/1) [[code]](https://a.org/c)
- **[NeurIPS 2022]** Bold Tag Title [pdf](https://a.org/2)
- 📄 **Emoji Led Title**. *Doe et al.* ACL 2021. [[Paper](https://a.org/3)]
* [Linked Star Title](https://a.org/4) - Jane Roe, John Poe. *EMNLP* 2020.
- **[Bold Linked Title](https://a.org/5)** <br> Ann Bee, Cee Dee <br> ICML 2019
"""

CASES = [
    (
        "nesting",
        NESTING,
        [
            ("Data > From People", ["Alpha: A Dataset"]),
            ("Data > From People > Deeper", ["Beta Corpus"]),
            ("Methods > Group label", ["Gamma Method", "Delta Method"]),
        ],
    ),
    (
        "duplicates",
        DUPLICATES,
        [
            ("One", ["The Same Paper: A Study", "Another Title"]),
            ("Two", ["The Same Paper: A Study", "A Renamed Title"]),
        ],
    ),
    ("odd link labels", ODD_LABELS, [("Papers", ["Epsilon Model", "Zeta Model", "Eta Model"])]),
    ("no links", NO_LINKS, [("Classics", ["Theta: An Old Book", "Iota Report"])]),
    ("html", HTML, [("Related", ["Kappa Study"])]),
    ("table", TABLE, [("Benchmarks", ["Lambda Bench", "Mu Suite"])]),
    ("toc", TOC, [("Papers", ["Nu Paper"])]),
    ("year headings", YEARS, [("2023", ["Xi Paper"]), ("2022", ["Omicron Paper", "Pi Paper"])]),
    ("title as link", TITLE_AS_LINK, [("Alignment", ["Rho: Learning From Feedback", "Sigma Preference Models"])]),
    ("before a heading", BEFORE_HEADING, [("Real", ["Upsilon Paper"])]),
    (
        "other styles",
        OTHER_STYLES,
        [
            (
                "Styles",
                ["Tag Before Title", "Bold Tag Title", "Emoji Led Title", "Linked Star Title", "Bold Linked Title"],
            )
        ],
    ),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_sections_and_works(text: str, expected: list[tuple[str, list[str]]]) -> None:
    assert shape(import_markdown(text, "list.md")) == expected


@pytest.mark.parametrize("text", [c[1] for c in CASES], ids=[c[0] for c in CASES])
def test_every_list_item_is_imported_or_reported(text: str) -> None:
    result = import_markdown(text, "list.md")
    assert list_item_lines(text) <= result.used_lines | {s.line for s in result.skipped}
    parse_catalog(catalog_to_toml(result.catalog), "imported.toml")


@pytest.mark.parametrize("text", [c[1] for c in CASES], ids=[c[0] for c in CASES])
def test_imported_catalog_validates(text: str) -> None:
    catalog = parse_catalog(catalog_to_toml(import_markdown(text, "list.md").catalog), "imported.toml")
    assert catalog.works


def test_nesting_keeps_the_list_title_and_descriptions() -> None:
    result = import_markdown(NESTING, "list.md")
    assert result.catalog.survey.title == "Awesome Things"
    assert result.catalog.sections["data"].description == "Where the data comes from."
    alpha = work(result, "Alpha: A Dataset")
    assert (alpha.authors, alpha.authors_complete, alpha.venue, alpha.year) == (("Smith",), False, "NeurIPS 2021", 2021)
    assert (alpha.arxiv, alpha.source, alpha.id) == ("2101.00001", "https://arxiv.org/abs/2101.00001", "smith2021alpha")


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("# Awesome X\n## A\n- P [[Paper]](https://a.org)\n", "Awesome X"),
        ("# Awesome X\n\nIntro.\n# A\n- P [[Paper]](https://a.org)\n", "Awesome X"),
        ("# A\n- P [[Paper]](https://a.org)\n# B\n- Q [[Paper]](https://b.org)\n", "list.md"),
        ("## A\n- P [[Paper]](https://a.org)\n", "list.md"),
    ],
)
def test_the_list_title(text: str, title: str) -> None:
    assert import_markdown(text, "some/where/list.md").catalog.survey.title == title


def test_duplicates_are_one_work_with_every_link() -> None:
    result = import_markdown(DUPLICATES, "list.md")
    assert len(result.catalog.works) == 3
    same = work(result, "The Same Paper: A Study")
    assert [link.label for link in same.links] == ["Paper", "Code"]
    assert reasons(result) == {4: "listed twice in this section"}
    # Another title under the same link is a slip in the list, not the same work: both kept, and said.
    assert [(n.line, n.reason) for n in result.notices] == [
        (7, "shares a link with line 3 ('Another Title'); kept as a work of its own")
    ]
    assert result.summary() == "list.md: 3 works in 2 sections (4 section entries), 4 links; 1 skipped, 1 note"


def test_odd_link_labels() -> None:
    result = import_markdown(ODD_LABELS, "list.md")
    epsilon, zeta, eta = (work(result, t) for t in ("Epsilon Model", "Zeta Model", "Eta Model"))
    assert epsilon.links == (
        Link("Paper", "https://example.org/e.pdf"),
        Link("code", "https://github.com/e"),
        Link("Paper V1", "https://arxiv.org/abs/2302.13971v2"),
    )
    assert epsilon.arxiv == "2302.13971"
    assert zeta.links == (Link("Paper", "https://arxiv.org/abs/2305.00001"),)
    assert eta.links == (Link("Blog", "https://example.org/eta"),)
    skipped = [s.reason for s in result.skipped]
    assert skipped == ["link [[Paper]](Zeta Model: not a link) is not a web address"]
    assert [n.reason for n in result.notices] == [
        "link Local (./zeta.pdf) is a file beside the list: kept in the note; --list-url resolves it"
    ]
    assert zeta.note == "Local: ./zeta.pdf (a file beside the list)"
    published = import_markdown(ODD_LABELS, "list.md", "https://github.com/o/r/blob/main/README.md")
    assert work(published, "Zeta Model").links[-1] == Link("Local", "https://github.com/o/r/blob/main/zeta.pdf")


def test_entries_without_links_get_a_title_search_or_the_list_line() -> None:
    result = import_markdown(NO_LINKS, "list.md")
    theta = work(result, "Theta: An Old Book")
    assert (theta.venue, theta.year, theta.authors) == ("Some Press 1967", 1967, ("Brown",))
    assert theta.source == "https://dblp.org/search?q=Theta%3A+An+Old+Book"
    assert theta.note is not None and "no link" in theta.note
    published = import_markdown(NO_LINKS, "list.md", "https://github.com/o/r/blob/main/README.md")
    assert work(published, "Theta: An Old Book").source == "https://github.com/o/r/blob/main/README.md#L2"


def test_html_blocks_and_images_are_skipped() -> None:
    result = import_markdown(HTML, "list.md")
    assert reasons(result) == {2: "an HTML block", 7: "only images or badges"}


def test_a_table_of_papers() -> None:
    result = import_markdown(TABLE, "list.md")
    lam, mu = work(result, "Lambda Bench"), work(result, "Mu Suite")
    assert (lam.authors, lam.venue, lam.year, lam.arxiv) == (("A. One", "B. Two"), "ICML 2023", 2023, "2304.00003")
    assert lam.links == (
        Link("Paper", "https://arxiv.org/abs/2304.00003"),
        Link("GitHub", "https://github.com/l/bench"),
    )
    assert (mu.authors, mu.authors_complete, mu.venue, mu.year) == (("C. Three",), False, "ACL", 2022)
    assert reasons(result) == {7: "a table row without a title"}


def test_table_of_contents_and_sections_without_papers() -> None:
    result = import_markdown(TOC, "list.md")
    assert reasons(result) == {
        3: "under 'Contents', a section that holds no papers",
        4: "under 'Contents', a section that holds no papers",
        6: "a table of contents (links within the page or to the list's other pages)",
        9: "under 'Contributing', a section that holds no papers",
    }


def test_year_headings_give_the_year() -> None:
    result = import_markdown(YEARS, "list.md")
    assert [work(result, t).year for t in ("Xi Paper", "Omicron Paper", "Pi Paper")] == [2023, 2022, 2021]


def test_title_as_link_with_authors_in_sub_bullets() -> None:
    result = import_markdown(TITLE_AS_LINK, "list.md")
    rho, sigma = work(result, "Rho: Learning From Feedback"), work(result, "Sigma Preference Models")
    assert rho.authors == ("Ann Author", "Bob Builder", "Cy Coder")
    assert (rho.venue, rho.year, rho.note) == ("NeurIPS 2022", 2022, "Keywords: feedback, alignment")
    assert rho.links == (
        Link("Paper", "https://openreview.net/forum?id=rho"),
        Link("code", "https://github.com/rho/rho"),
    )
    assert (sigma.authors, sigma.authors_complete, sigma.venue, sigma.year) == (("Dee Doer",), False, "ICLR 2024", 2024)


@pytest.mark.parametrize(
    ("title", "authors", "venue", "year"),
    [
        ("Tag Before Title", (), "ICLR 2023", 2023),
        ("Bold Tag Title", (), "NeurIPS 2022", 2022),
        ("Emoji Led Title", ("Doe",), "ACL 2021", 2021),
        ("Linked Star Title", ("Jane Roe", "John Poe"), "EMNLP 2020", 2020),
        ("Bold Linked Title", ("Ann Bee", "Cee Dee"), "ICML 2019", 2019),
    ],
)
def test_other_entry_styles(title: str, authors: tuple[str, ...], venue: str, year: int) -> None:
    found = work(import_markdown(OTHER_STYLES, "list.md"), title)
    assert (found.authors, found.venue, found.year) == (authors, venue, year)


def test_a_description_is_a_note_not_a_venue() -> None:
    text = "## Tools\n- [FastTool](https://a.org/1) - A fast tool for things.\n- **Nat**. *A. B* Nature Machine Intelligence.\n"
    result = import_markdown(text, "list.md")
    tool, nat = work(result, "FastTool"), work(result, "Nat")
    assert (tool.venue, tool.note) == (None, "A fast tool for things")
    assert (nat.venue, nat.authors) == ("Nature Machine Intelligence", ("A. B",))


def test_items_before_the_first_heading_are_reported() -> None:
    assert reasons(import_markdown(BEFORE_HEADING, "list.md")) == {1: "not under a heading"}


@pytest.mark.parametrize(
    ("title", "authors", "year", "taken", "expected"),
    [
        ("Multitask Prompted Training", ["Victor Sanh"], 2021, set(), "sanh2021multitask"),
        ("The Flan Collection", ["Shayne Longpre"], 2023, set(), "longpre2023flan"),
        ("Cross-Task Generalization", ["Swaroop Mishra"], 2021, set(), "mishra2021cross"),
        ("C-Eval: A Suite", ["Yuzhen Huang"], 2023, set(), "huang2023ceval"),
        ("When to Make Exceptions", ["Zhijing Jin"], 2022, set(), "jin2022make"),
        ("Ça va: Über Alles", ["Jón Sigurðsson"], 2020, set(), "sigurdsson2020ca"),
        ("European Values Study", [], None, set(), "europeanvalues"),
        ("Culture's Consequences", ["Geert Hofstede"], 1984, set(), "hofstede1984culture"),
        ("Safety", ["Hao Sun"], 2023, {"sun2023safety"}, "sun2023safetyb"),
        ("", [], None, set(), "work"),
    ],
)
def test_work_ids(title: str, authors: list[str], year: int | None, taken: set[str], expected: str) -> None:
    assert make_work_id(title, authors, year, taken) == expected
    assert expected in taken


@pytest.mark.parametrize(
    "text",
    ['say "hi"', "back\\slash", "new\nline", "tab\there", "nul\x00", "esc\x1b[31m", "del\x7f", "'''", '"""', "Ünï©ødé"],
)
def test_toml_strings_read_back_as_themselves(text: str) -> None:
    assert loads(f"x = {toml_string(text)}\n")["x"] == text


def test_writer_keeps_every_fact_of_the_bundled_catalog(catalog: Catalog) -> None:
    again = parse_catalog(catalog_to_toml(catalog), "again.toml")
    assert dict(again.works) == dict(catalog.works)
    assert list(again.sections.values()) == list(catalog.sections.values())
    assert again.survey == catalog.survey


def test_writer_escapes_hostile_text() -> None:
    section = Section("s", 'Tricky "quoted" [b]x[/b]', ("x",), works=("w",))
    work_ = Work("w", 'A "title" with escapes \\ and [b]x[/b]', source="https://example.org/", note="'''\nline two")
    catalog = Catalog.build(Survey('S "1"'), {"s": section}, {"w": work_})
    again = parse_catalog(catalog_to_toml(catalog), "hostile.toml")
    assert again.works["w"] == work_
    assert again.sections["s"].title == section.title


# --- the command --------------------------------------------------------------------------------------------


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_import_md_writes_a_valid_catalog_and_never_clobbers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "list.md"
    source.write_text(NESTING + TOC.replace("# My List\n", ""), encoding="utf-8")
    target = tmp_path / "list.toml"
    code, _, err = run(capsys, "import-md", str(source), "-o", str(target))
    assert code == 0, err
    assert "5 works in 6 sections" in err
    assert f"{source}:16: skipped, under 'Contents', a section that holds no papers: Papers" in err
    assert len(load_catalog(target).works) == 5
    target.write_text("mine", encoding="utf-8")
    code, _, err = run(capsys, "import-md", str(source), "-o", str(target))
    assert (code, target.read_text(encoding="utf-8")) == (2, "mine")
    assert "add --force" in err
    assert run(capsys, "import-md", str(source), "-o", str(target), "--force")[0] == 0
    assert len(load_catalog(target).works) == 5


def test_import_md_to_standard_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "list.md"
    source.write_text(TABLE, encoding="utf-8")
    code, out, _ = run(capsys, "import-md", str(source))
    assert code == 0
    assert len(parse_catalog(out).works) == 2


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "cannot read"),
        (b"## A\n- caf\xe9\n", "not valid UTF-8"),
        (b"Just prose, no list.\n", "no paper entries found"),
    ],
)
def test_import_md_bad_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes | None, message: str
) -> None:
    source = tmp_path / "list.md"
    if content is not None:
        source.write_bytes(content)
    code, _, err = run(capsys, "import-md", str(source))
    assert code == 1
    assert message in err
    assert "Traceback" not in err


def test_import_md_into_a_missing_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "list.md"
    source.write_text(TABLE, encoding="utf-8")
    code, _, err = run(capsys, "import-md", str(source), "-o", str(tmp_path / "no" / "such.toml"))
    assert code == 1
    assert "does not exist" in err


def test_prune_without_update_is_bad_usage(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "list.md"
    source.write_text(TABLE, encoding="utf-8")
    assert run(capsys, "import-md", str(source), "--prune")[0] == 2


def test_hostile_list_text_never_reaches_the_terminal(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "list.md"
    source.write_text(
        "## A\n- \x1b[2J Wiped [[Paper]](https://example.org/w)\n- \x1b]52;c;eA==\x07\n", encoding="utf-8"
    )
    code, _out, err = run(capsys, "import-md", str(source))
    assert code == 0
    assert "\x1b" not in err and "\x07" not in err


def test_pure_modules_import_neither_textual_nor_markdown_it() -> None:
    code = (
        "import sys\n"
        "import aligntui.paperlist.importer, aligntui.paperlist.merge, aligntui.catalog.toml_writer, aligntui.paperlist.export, aligntui.cli.main\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('textual', 'markdown_it')]\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""


FRAGMENTS = [
    "# ", "## ", "#### ", "- ", "1. ", "  - ", "    1. ", "**", "*", "_", "[", "]", "(", ")", "[[Paper]]", "[[Paper](",
    "https://x.org/p", "arxiv.org/abs/2101.00001", "https://arxiv.org/pdf/CS/0101001v2.pdf", "|", "| --- |",
    "<li>", "<a href='x'>", "![b](i.png)", "2021", "et al.", "Title", "Venue", ":", ", ", ". ", "\\", '"', "'",
    "\x1b", "\x00", "\t", "é", "\n", "\n", "\n", " ", "#toc", "](#a)", "Contents", "News",
]  # fmt: skip


@given(st.lists(st.sampled_from(FRAGMENTS), max_size=60))
def test_any_text_imports_to_a_valid_catalog_or_to_nothing(fragments: list[str]) -> None:
    text = "".join(fragments)
    result = import_markdown(text, "fuzz.md")
    assert list_item_lines(text) <= result.used_lines | {s.line for s in result.skipped}
    if result.catalog.works:
        parse_catalog(catalog_to_toml(result.catalog), "fuzz.toml")
