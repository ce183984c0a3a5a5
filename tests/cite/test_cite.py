"""Tests for aligntui.cite.formats: BibTeX, CSL references, Markdown and the survey's list format."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import bibtexparser
import pytest
from bibtexparser import middlewares
from hypothesis import given, settings
from hypothesis import strategies as st

from aligntui.catalog.load import load_catalog
from aligntui.catalog.model import Link, Work
from aligntui.cite.formats import (
    STYLE_NAMES,
    STYLES,
    cite_key,
    format_citation,
    format_reference,
    render_many,
    to_bibtex,
    to_bibtex_many,
    to_csl_json,
    to_list_entry,
    to_markdown,
)
from aligntui.paperlist.importer import import_markdown

ARXIV = Link("Paper", "https://arxiv.org/abs/2110.08207")


def make(**fields: Any) -> Work:
    """A small work with an id and a title, plus whatever the test sets."""
    fields.setdefault("id", "w")
    fields.setdefault("title", "A title")
    return Work(**fields)


def bib_fields(entry: str) -> dict[str, str]:
    """The fields of one entry as written: the text between a field's outer braces."""
    return dict(re.findall(r"^  (\w+) = \{(.*)\},$", entry, re.MULTILINE))


# --- BibTeX ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "kind", "present", "absent"),
    [
        ({"booktitle": "Proc. ICLR", "arxiv": "2110.08207"}, "inproceedings", {"booktitle", "eprint"}, {"journal"}),
        ({"journal": "Nature", "doi": "10.1038/x"}, "article", {"journal", "doi"}, {"booktitle", "eprint"}),
        ({"arxiv": "2110.08207", "links": (ARXIV,)}, "misc", {"eprint", "archivePrefix", "url", "howpublished"}, set()),
        ({"type": "book", "publisher": "Free Press"}, "book", {"publisher"}, {"howpublished"}),
        ({"type": "web", "links": (Link("URL", "https://pew.org"),)}, "misc", {"url"}, {"eprint", "howpublished"}),
        (
            {"type": "web", "publisher": "Pew", "links": (Link("URL", "https://pew.org"),)},
            "misc",
            {"howpublished"},
            {"publisher"},
        ),
        ({"type": "dataset", "links": (Link("Data", "https://hf.co/d"),)}, "misc", {"url"}, {"eprint", "howpublished"}),
        ({"venue": "AAAI"}, "misc", {"howpublished"}, {"url", "primaryClass"}),
    ],
)
def test_entry_type(fields: dict[str, Any], kind: str, present: set[str], absent: set[str]) -> None:
    entry = to_bibtex(make(**fields))
    assert entry.startswith(f"@{kind}{{w,\n")
    written = set(bib_fields(entry))
    assert present <= written
    assert not absent & written


def test_entry_layout_and_field_order() -> None:
    work = make(
        id="sanh2021multitask",
        title="Multitask prompted training",
        authors=("Victor Sanh",),
        year=2021,
        venue="ICLR 2022",
        arxiv="2110.08207",
        links=(ARXIV, Link("Data", "https://example.org/d")),
        authors_complete=False,
    )
    assert to_bibtex(work) == "\n".join(
        [
            "@misc{sanh2021multitask,",
            "  title = {Multitask prompted training},",
            "  author = {Sanh, Victor and others},",
            "  howpublished = {arXiv preprint arXiv:2110.08207},",
            "  year = {2021},",
            "  note = {ICLR 2022},",
            "  eprint = {2110.08207},",
            "  archivePrefix = {arXiv},",
            "  url = {https://arxiv.org/abs/2110.08207},",
            "}",
        ]
    )


@pytest.mark.parametrize(
    ("authors", "complete", "expected"),
    [
        (("Victor Sanh",), True, "Sanh, Victor"),
        (("Victor Sanh", "Albert Webson"), True, "Sanh, Victor and Webson, Albert"),
        (("Stella R Biderman",), True, "Biderman, Stella R"),
        (("Le Bras, Ronan",), True, "Le Bras, Ronan"),
        (("{Pew Research Center}",), True, "{Pew Research Center}"),
        (("{AT&T Labs}",), True, r"{AT\&T Labs}"),
        (("Ludwig van Beethoven",), True, "van Beethoven, Ludwig"),
        (("Martin Luther King Jr.",), True, "King, Jr., Martin Luther"),
        (("Sanh",), False, "Sanh and others"),
        (("Jürgen Schmidhuber", "Łukasz Kaiser"), True, r"Schmidhuber, J{\"u}rgen and Kaiser, {\L}ukasz"),
        ((), False, None),
    ],
)
def test_bibtex_authors(authors: tuple[str, ...], complete: bool, expected: str | None) -> None:
    fields = bib_fields(to_bibtex(make(authors=authors, authors_complete=complete)))
    assert fields.get("author") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Q&A at 50% for $5 #1 snake_case", r"Q\&A at 50\% for \$5 \#1 snake\_case"),
        ("a~b^c", r"a{\textasciitilde}b{\textasciicircum}c"),
        ("back\\slash", r"back{\textbackslash}slash"),
        ("{unbalanced", r"{\textbraceleft}unbalanced"),
        ("Zürich naïve façade", r"Z{\"u}rich na{\"i}ve fa{\c{c}}ade"),
        ("Straße Øre łódź Ærø", r"Stra{\ss}e {\O}re {\l}{\'o}d{\'z} {\AE}r{\o}"),
        ("Čapek Erdős Nguyễn", r"{\v{C}}apek Erd{\H{o}}s Nguy{\~{\^e}}n"),
        ("a \u2013 b \u2014 \u201cc\u201d", "a -- b --- ``c''"),
        ("中文 Ελληνικά 😀", "中文 Ελληνικά 😀"),
        ("two\n  lines", "two lines"),
    ],
)
def test_latex_escaping(text: str, expected: str) -> None:
    fields = bib_fields(to_bibtex(make(type="book", publisher=text)))
    assert fields["publisher"] == expected


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("ChatGPT is not all you need", "{ChatGPT} is not all you need"),
        ("GLM-130B: An open bilingual model", "{GLM}-{130B}: {An} open bilingual model"),
        ("Judging LLM-as-a-judge with MT-Bench", "Judging {LLM}-as-a-judge with {MT}-Bench"),
        ("LLaMA: open models (T5, BERT)", "{LLaMA}: open models ({T5}, {BERT})"),
        ("Training language models", "Training language models"),
        ("A Survey: Alignment Goals", "A Survey: {Alignment} Goals"),
        ("Q&A for NLP", r"{Q\&A} for {NLP}"),
        ("Is GPT-4 “safe”?", "Is {GPT}-4 ``safe''?"),
    ],
)
def test_title_brace_protection(title: str, expected: str) -> None:
    assert bib_fields(to_bibtex(make(title=title)))["title"] == expected


def test_doi_stays_verbatim() -> None:
    fields = bib_fields(to_bibtex(make(doi="10.1000/a_b{c}")))
    assert fields["doi"] == "10.1000/a_b%7Bc%7D"


def test_bibtex_many_each_work_once() -> None:
    a, b = make(id="a"), make(id="b")
    assert to_bibtex_many([a, b, a]) == to_bibtex(a) + "\n\n" + to_bibtex(b)
    assert to_bibtex_many([]) == ""


def test_bundled_catalog_round_trips_through_bibtexparser() -> None:
    works = list(load_catalog().works.values())
    text = to_bibtex_many(works)
    # The default parse stack strips each value's outer braces, as bib_fields does.
    library = bibtexparser.parse_string(text)
    assert library.failed_blocks == []
    assert [entry.key for entry in library.entries] == [work.id for work in works]
    for entry, written in zip(library.entries, text.split("\n\n"), strict=True):
        fields = bib_fields(written)
        for name in ("title", "author", "year"):
            if name in fields:
                assert entry[name] == fields[name], (entry.key, name)


DECODABLE = st.text(
    alphabet=st.sampled_from(list("abcXYZ019 &%$#_:-()'?!.,\\ÄäöüéèçñŁłßøÆåčőţ")),
    min_size=1,
    max_size=40,
).filter(lambda t: t.strip() and not any(lig in t for lig in ("--", "''", "``", "!`", "?`")))


@settings(max_examples=60, deadline=None)
@given(title=DECODABLE, author=DECODABLE)
def test_bibtex_escaping_decodes_back(title: str, author: str) -> None:
    work = make(title=title, authors=("{" + author.strip() + "}",))
    library = bibtexparser.parse_string(to_bibtex(work), append_middleware=[middlewares.LatexDecodingMiddleware()])
    assert library.failed_blocks == []
    assert library.entries[0]["title"] == " ".join(title.split())
    assert library.entries[0]["author"] == " ".join(author.split())


@settings(max_examples=60, deadline=None)
@given(title=st.text(min_size=1, max_size=40).filter(str.strip))
def test_any_title_gives_a_parseable_entry(title: str) -> None:
    library = bibtexparser.parse_string(to_bibtex(make(title=title)))
    assert library.failed_blocks == []
    assert [entry.key for entry in library.entries] == ["w"]


# --- CSL-JSON and formatted references ------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"booktitle": "Proc. ICLR"}, {"type": "paper-conference", "container-title": "Proc. ICLR"}),
        (
            {"journal": "Nature", "doi": "10.1/x"},
            {"type": "article-journal", "container-title": "Nature", "DOI": "10.1/x"},
        ),
        ({"arxiv": "2110.08207"}, {"type": "article", "publisher": "arXiv", "number": "arXiv:2110.08207"}),
        ({"type": "book", "publisher": "Free Press"}, {"type": "book", "publisher": "Free Press"}),
        ({"type": "web", "publisher": "Pew"}, {"type": "webpage", "container-title": "Pew"}),
        ({"type": "dataset", "publisher": "HF"}, {"type": "dataset", "publisher": "HF"}),
        ({"venue": "AAAI"}, {"type": "article", "publisher": "AAAI"}),
        ({"year": 2021, "links": (ARXIV,)}, {"issued": {"date-parts": [[2021]]}, "URL": ARXIV.url}),
        (
            {"authors": ("Victor Sanh", "Le Bras, Ronan", "{Pew Research Center}", "Sanh")},
            {
                "author": [
                    {"family": "Sanh", "given": "Victor"},
                    {"family": "Le Bras", "given": "Ronan"},
                    {"literal": "Pew Research Center"},
                    {"family": "Sanh"},
                ]
            },
        ),
    ],
)
def test_csl_json(fields: dict[str, Any], expected: dict[str, object]) -> None:
    item = to_csl_json(make(**fields))
    assert item["id"] == "w"
    assert item["title"] == "A title"
    assert {key: item.get(key) for key in expected} == expected


GOLDEN_WORKS = {
    "conference": make(
        id="ouyang2022training",
        title="Training language models to follow instructions with human feedback",
        authors=("Long Ouyang", "Jeffrey Wu", "Xu Jiang"),
        year=2022,
        booktitle="Advances in Neural Information Processing Systems",
        arxiv="2203.02155",
        links=(Link("Paper", "https://arxiv.org/abs/2203.02155"),),
    ),
    "journal": make(
        id="schwartz2012overview",
        title="An overview of the Schwartz theory of basic values",
        authors=("Shalom H. Schwartz",),
        year=2012,
        journal="Online Readings in Psychology and Culture",
        doi="10.9707/2307-0919.1116",
        keep_case=("Schwartz",),
    ),
    "preprint": make(
        id="sanh2021multitask",
        title="Multitask prompted training enables zero-shot task generalization",
        authors=("Victor Sanh", "Albert Webson", "Le Bras, Ronan"),
        authors_complete=False,
        year=2021,
        venue="arXiv",
        arxiv="2110.08207",
        links=(ARXIV,),
    ),
    "surname-only": make(
        id="kadavath2022language",
        title="Language models (mostly) know what they know?",
        authors=("Kadavath",),
        authors_complete=False,
        year=2022,
        arxiv="2207.05221",
        links=(Link("Paper", "https://arxiv.org/abs/2207.05221"),),
    ),
    "book": make(
        id="rokeach1973nature",
        title="The nature of human values",
        authors=("Milton Rokeach",),
        year=1973,
        type="book",
        publisher="Free Press",
    ),
    "web": make(
        id="pew",
        title="Global attitudes surveys",
        authors=("{Pew Research Center}",),
        type="web",
        publisher="Pew Research Center",
        links=(Link("URL", "https://www.pewresearch.org/"),),
    ),
    "dataset": make(
        id="wvs",
        title="World Values Survey wave 7 (2017-2022)",
        authors=("{World Values Survey Association}",),
        year=2022,
        type="dataset",
        links=(Link("Data", "https://www.worldvaluessurvey.org/WVSDocumentationWV7.jsp"),),
        keep_case=("World Values Survey",),
    ),
}

GOLDEN = [
    (
        "conference",
        "apa",
        "Ouyang, L., Wu, J., & Jiang, X. (2022). Training language models to follow instructions with human "
        "feedback. Advances in Neural Information Processing Systems. https://arxiv.org/abs/2203.02155",
    ),
    (
        "conference",
        "ieee",
        "L. Ouyang, J. Wu, and X. Jiang, “Training language models to follow instructions with human feedback,” "
        "in Advances in Neural Information Processing Systems, 2022. [Online]. Available: "
        "https://arxiv.org/abs/2203.02155",
    ),
    (
        "journal",
        "apa",
        "Schwartz, S. H. (2012). An overview of the Schwartz theory of basic values. Online Readings in Psychology "
        "and Culture. https://doi.org/10.9707/2307-0919.1116",
    ),
    (
        "journal",
        "ieee",
        "S. H. Schwartz, “An overview of the Schwartz theory of basic values,” Online Readings in Psychology and "
        "Culture, 2012, doi: 10.9707/2307-0919.1116.",
    ),
    (
        "preprint",
        "apa",
        "Sanh, V., Webson, A., Le Bras, R., … (2021). Multitask prompted training enables zero-shot task "
        "generalization (arXiv:2110.08207). arXiv. https://arxiv.org/abs/2110.08207",
    ),
    (
        "preprint",
        "ieee",
        "V. Sanh et al., “Multitask prompted training enables zero-shot task generalization,” 2021, "
        "arXiv:2110.08207. [Online]. Available: https://arxiv.org/abs/2110.08207",
    ),
    (
        "surname-only",
        "apa",
        "Kadavath, … (2022). Language models (mostly) know what they know? (arXiv:2207.05221). arXiv. "
        "https://arxiv.org/abs/2207.05221",
    ),
    (
        "surname-only",
        "ieee",
        "Kadavath et al., “Language models (mostly) know what they know?” 2022, arXiv:2207.05221. [Online]. "
        "Available: https://arxiv.org/abs/2207.05221",
    ),
    ("book", "apa", "Rokeach, M. (1973). The nature of human values. Free Press."),
    ("book", "ieee", "M. Rokeach, The nature of human values. Free Press, 1973."),
    ("web", "apa", "Pew Research Center. (n.d.). Global attitudes surveys. https://www.pewresearch.org/"),
    (
        "web",
        "ieee",
        "Pew Research Center, “Global attitudes surveys,” Pew Research Center. [Online]. Available: "
        "https://www.pewresearch.org/",
    ),
    (
        "dataset",
        "apa",
        "World Values Survey Association. (2022). World Values Survey wave 7 (2017-2022) [Dataset]. "
        "https://www.worldvaluessurvey.org/WVSDocumentationWV7.jsp",
    ),
]


@pytest.mark.parametrize(("name", "style", "expected"), GOLDEN, ids=[f"{n}-{s}" for n, s, _ in GOLDEN])
def test_formatted_reference_golden(name: str, style: str, expected: str) -> None:
    assert format_reference(GOLDEN_WORKS[name], style) == expected


def test_references_are_plain_text() -> None:
    for work in GOLDEN_WORKS.values():
        for style in ("apa", "ieee"):
            text = format_reference(work, style)
            assert not re.search(r"<[a-z/]|&[a-z]+;|Etalmarker|^\[\d+\]|\s{2}|\.\.", text), text


def test_ieee_keeps_its_own_et_al_for_many_authors() -> None:
    work = make(authors=tuple(f"Ann{n} Lee{n}" for n in range(8)), year=2020, booktitle="Proc. X")
    assert format_reference(work, "ieee") == "A. Lee0 et al., “A title,” in Proc. X, 2020."


def test_render_many_references() -> None:
    works = [GOLDEN_WORKS["preprint"], GOLDEN_WORKS["book"], GOLDEN_WORKS["journal"], GOLDEN_WORKS["book"]]
    apa = render_many(works, "apa").split("\n\n")
    assert [text.split(",")[0] for text in apa] == ["Rokeach", "Sanh", "Schwartz"]  # APA sorts by author
    ieee = render_many(works, "ieee").split("\n\n")
    assert [text[:14] for text in ieee] == ["[1] V. Sanh et", "[2] M. Rokeach", "[3] S. H. Schw"]


@pytest.mark.parametrize("style", ["chicago", "", "APA"])
def test_unknown_style_is_an_error(style: str) -> None:
    with pytest.raises(ValueError, match="unknown"):
        format_citation(make(), style)
    with pytest.raises(ValueError, match="unknown"):
        render_many([make()], style)


# --- Markdown, the list format, keys, dispatch --------------------------------------


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"links": (ARXIV,)}, f"[A title]({ARXIV.url})"),
        ({"title": "Use [brackets] and \\", "links": (ARXIV,)}, f"[Use \\[brackets\\] and \\\\]({ARXIV.url})"),
        ({"links": (Link("Code", "https://c.org"), ARXIV)}, f"[A title]({ARXIV.url})"),
        (
            {"links": (Link("URL", "https://en.wikipedia.org/wiki/A_(b) c"),)},
            "[A title](https://en.wikipedia.org/wiki/A_%28b%29%20c)",
        ),
        ({}, "A title"),
    ],
)
def test_markdown(fields: dict[str, Any], expected: str) -> None:
    assert to_markdown(make(**fields)) == expected


SANH = make(
    id="sanh2021multitask",
    title="Multitask prompted training enables zero-shot task generalization",
    authors=("Victor Sanh", "Albert Webson"),
    year=2021,
    venue="arXiv",
    links=(ARXIV, Link("Data", "https://github.com/bigscience-workshop/promptsource")),
)


@pytest.mark.parametrize(
    ("work", "number", "expected"),
    [
        (
            SANH,
            1,
            "1. **Multitask prompted training enables zero-shot task generalization**. *Sanh et al.* arXiv 2021. "
            f"[[Paper]({ARXIV.url})][[Data](https://github.com/bigscience-workshop/promptsource)]",
        ),
        (
            SANH._replace(authors=("Victor Sanh",)),
            3,
            "3. **Multitask prompted training enables zero-shot task "
            f"generalization**. *Sanh* arXiv 2021. [[Paper]({ARXIV.url})][[Data](https://github.com/bigscience-workshop/promptsource)]",
        ),
        (make(authors=("Sanh",), authors_complete=False, year=2021), 2, "2. **A title**. *Sanh et al.* 2021."),
        (make(authors=("Le Bras, Ronan",), venue="ICLR 2022", year=2021), 1, "1. **A title**. *Le Bras* ICLR 2022."),
        (make(authors=("{Pew Research Center}",)), 1, "1. **A title**. *Pew Research Center*"),
        (make(title="Stars *and* [links]_"), 1, "1. **Stars \\*and\\* \\[links\\]\\_**."),
        (make(venue="AAAI", links=(ARXIV,)), 1, f"1. **A title**. AAAI. [[Paper]({ARXIV.url})]"),
    ],
)
def test_list_entry(work: Work, number: int, expected: str) -> None:
    assert to_list_entry(work, number) == expected


@pytest.mark.parametrize("work", [SANH, *GOLDEN_WORKS.values(), make(title="Stars *and* [links]_ 90%")])
def test_list_entry_reads_back_with_the_list_importer(work: Work) -> None:
    (entry,) = import_markdown("# Works\n" + to_list_entry(work, 7)).catalog.works.values()
    assert entry.title == work.title
    assert (entry.year, entry.links) == (work.year, work.links)


def test_cite_key_and_dispatch() -> None:
    assert cite_key(SANH) == r"\cite{sanh2021multitask}"
    assert set(STYLE_NAMES) == set(STYLES)
    assert STYLE_NAMES["key"] == "Citation key (\\cite{key})"
    expected = {
        "bibtex": to_bibtex(SANH),
        "key": cite_key(SANH),
        "apa": format_reference(SANH, "apa"),
        "ieee": format_reference(SANH, "ieee"),
        "markdown": to_markdown(SANH),
        "list": to_list_entry(SANH),
    }
    assert {style: format_citation(SANH, style) for style in STYLES} == expected


def test_render_many_simple_styles() -> None:
    other = make(id="b", title="B", links=(Link("Paper", "https://b.org"),))
    works = [SANH, other, SANH]
    assert render_many(works, "key") == r"\cite{sanh2021multitask,b}"
    assert render_many(works, "bibtex") == to_bibtex_many([SANH, other])
    assert render_many(works, "list").splitlines() == [to_list_entry(SANH, 1), to_list_entry(other, 2)]
    assert render_many(works, "markdown").splitlines() == [f"- {to_markdown(SANH)}", f"- {to_markdown(other)}"]
    assert all(render_many([], style) == "" for style in STYLES)


def test_import_is_light() -> None:
    code = (
        "import sys, aligntui.cite.formats; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'citeproc', 'lxml')))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


# --- the kinds of issue 12: CSL-JSON "others", APA's ellipsis, suffixes, sentence case, Markdown, the survey ---


def _render_exported_json(items: list[dict[str, object]], style: str) -> str:
    """Render exported CSL-JSON as Zotero or pandoc would, with citeproc-py and the vendored style."""
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON

    from aligntui.cite import formats as cite

    path = Path(cite.__file__).parent / "styles" / f"{style}.csl"
    bibliography = CitationStylesBibliography(
        CitationStylesStyle(str(path), validate=False), CiteProcJSON(items), formatter.plain
    )
    bibliography.register(Citation([CitationItem(item["id"]) for item in items]))
    return str(bibliography.bibliography()[0])


def test_csl_json_marks_an_incomplete_author_list() -> None:
    work = make(authors=("Amanda Askell", "Yuntao Bai", "Sam McCandlish"), authors_complete=False, year=2021)
    item = to_csl_json(work)
    assert item["author"] == [
        {"family": "Askell", "given": "Amanda"},
        {"family": "Bai", "given": "Yuntao"},
        {"family": "McCandlish", "given": "Sam"},
        {"literal": "others"},
    ]
    rendered = _render_exported_json([item], "apa")
    assert not rendered.rstrip(". ").split("(")[0].rstrip().endswith("McCandlish, S.")
    assert "others" in rendered
    assert to_csl_json(work._replace(authors_complete=True))["author"][-1] == {"family": "McCandlish", "given": "Sam"}  # type: ignore[index]


def test_apa_reference_list_has_no_et_al() -> None:
    work = make(authors=("Victor Sanh", "Albert Webson"), authors_complete=False, year=2021, booktitle="Proc. X")
    text = format_reference(work, "apa")
    assert text.startswith("Sanh, V., Webson, A., … (2021).")
    assert "et al" not in text
    assert format_reference(work, "ieee").startswith("V. Sanh et al.,")


@pytest.mark.parametrize(
    ("author", "apa", "ieee", "list_name"),
    [
        ("Sam Davies, Jr.", "Davies, S., Jr. (2020).", "S. Davies Jr.,", "*Davies*"),
        ("Davies, Jr., Sam", "Davies, S., Jr. (2020).", "S. Davies Jr.,", "*Davies*"),
    ],
)
def test_suffix_names_in_every_output(author: str, apa: str, ieee: str, list_name: str) -> None:
    work = make(authors=(author,), year=2020, booktitle="Proc. X")
    assert format_reference(work, "apa").startswith(apa)
    assert format_reference(work, "ieee").startswith(ieee)
    assert to_csl_json(work)["author"] == [{"family": "Davies", "given": "Sam", "suffix": "Jr."}]
    assert list_name in to_list_entry(work)
    assert "Davies, Jr., Sam" in to_bibtex(work)


def test_apa_and_ieee_titles_in_sentence_case_with_proper_nouns_kept() -> None:
    work = make(
        title="Moral Foundations of Chinese Twitter Users: A Study",
        keep_case=("Chinese", "Twitter"),
        year=2020,
        journal="J",
    )
    expected = "Moral foundations of Chinese Twitter users: A study"
    assert expected in format_reference(work, "apa")
    assert expected in format_reference(work, "ieee")
    book = make(title="The Nature of Human Values", type="book", year=1973, publisher="Free Press")
    assert "The Nature of Human Values" in format_reference(book, "ieee")  # IEEE keeps a book's title case
    assert "The nature of human values" in format_reference(book, "apa")


def test_apa_prints_a_full_date_and_ieee_the_year_of_a_web_page() -> None:
    work = make(
        title="Global attitudes",
        authors=("{Pew Research Center}",),
        type="web",
        year=2023,
        date="2023-03-13",
        links=(Link("URL", "https://www.pewresearch.org/"),),
    )
    assert "(2023, March 13)" in format_reference(work, "apa")
    assert "2023" in format_reference(work, "ieee")
    assert to_csl_json(work)["issued"] == {"date-parts": [[2023, 3, 13]]}


def _markdown_text_of(markdown: str) -> str:
    """What a reader sees: the Markdown rendered by markdown-it-py, tags dropped, entities decoded."""
    import html

    from markdown_it import MarkdownIt

    rendered = MarkdownIt().render(markdown)
    return html.unescape(re.sub(r"<[^>]+>", "", rendered)).strip()


TRICKY_TITLES = [
    "<think> before you answer",
    "Q&A: &amp; stays &lt;literal&gt;",
    "Stars *and* _under_ [links](x) `code` ~~struck~~ \\ back",
    "# Not a heading",
    "12. Not a list",
    "> Not a quote",
]


@pytest.mark.parametrize("title", TRICKY_TITLES)
def test_markdown_outputs_show_the_title_as_written(title: str) -> None:
    linked = make(title=title, links=(ARXIV,))
    bare = make(title=title)
    assert _markdown_text_of(f"- {to_markdown(linked)}") == title
    assert _markdown_text_of(to_markdown(bare)) == title
    assert _markdown_text_of(f"- {to_markdown(bare)}") == title
    assert _markdown_text_of(to_list_entry(bare, 3)) == f"{title}."


def test_survey_citation_in_every_style() -> None:
    from aligntui.cite.formats import survey_citation, survey_work

    catalog = load_catalog()
    work = survey_work(catalog.survey)
    assert work.id == "yao2023instructions"
    assert work.title == "From Instructions to Intrinsic Human Values \u2013 A Survey of Alignment Goals for Big Models"
    assert work.list_title == "From Instructions to Basic Human Values: A Survey of Alignment Goals for Big Models"
    for style in STYLES:
        text = survey_citation(catalog, style)
        assert text, style
        if style != "key":
            assert "Intrinsic Human Values" in text or "intrinsic human values" in text, style
    assert "@misc{yao2023instructions," in survey_citation(catalog, "bibtex")
    assert "arXiv preprint arXiv:2308.12014" in survey_citation(catalog, "bibtex")
    with pytest.raises(ValueError, match="unknown"):
        survey_citation(catalog, "chicago")


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ('authors = ["Davies, Sam, Jr."]', "the middle part must be a suffix"),
        ('authors = ["Davies Jr."]', "ends with a suffix but has no given name"),
        ('authors = ["Jr., Sam Davies"]', "starts with a suffix"),
        ('keep_case = ["Chin"]', "keep_case entry 'Chin' does not occur in the title"),
        ('pages = "one to five"', "is not a page or a range"),
        ('date = "2023-13-01"', "is not YYYY-MM-DD or YYYY-MM"),
    ],
)
def test_validation_of_citation_fields(fields: str, message: str) -> None:
    from aligntui.catalog.load import parse_catalog
    from aligntui.catalog.model import CatalogError

    text = (
        'schema_version = 1\n[survey]\ntitle = "T"\n[[sections]]\nid = "s"\ntitle = "S"\nworks = ["w"]\n'
        f'[[works]]\nid = "w"\ntitle = "Chinese values"\nsource = "https://x.org"\n{fields}\n'
    )
    with pytest.raises(CatalogError) as caught:
        parse_catalog(text, "c.toml")
    (problem,) = caught.value.problems
    assert (problem.file, problem.line) == ("c.toml", 12)
    assert message in problem.message


def test_new_citation_fields_load() -> None:
    from aligntui.catalog.load import parse_catalog

    text = (
        'schema_version = 1\n[survey]\ntitle = "T"\n[[sections]]\nid = "s"\ntitle = "S"\nworks = ["w"]\n'
        '[[works]]\nid = "w"\ntitle = "Chinese values"\nsource = "https://x.org"\nauthors = ["Sam Davies, Jr."]\n'
        'volume = "2"\nnumber = "1"\npages = "1-5"\ndate = "2012-12"\nkeep_case = ["Chinese"]\n'
    )
    work = parse_catalog(text, "c.toml").works["w"]
    assert (work.volume, work.number, work.pages, work.date, work.keep_case) == (
        "2",
        "1",
        "1-5",
        "2012-12",
        ("Chinese",),
    )
