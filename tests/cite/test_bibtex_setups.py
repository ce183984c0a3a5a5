"""BibTeX that survives the common LaTeX setups: each kind of fault as a crafted work, and a real compile.

The compile tests run only where pdflatex, bibtex and biber exist (not in CI);
the unit tests above them pin the encodings that make those compiles pass.
"""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

from aligntui.catalog.load import load_catalog
from aligntui.catalog.model import Link
from aligntui.catalog.titlecase import keep_case_problems, sentence_case
from aligntui.cite.bibtex import BIBTEX_PREAMBLE, bibtex_export, bibtex_url, portable_url, to_bibtex

from .test_cite import bib_fields, make


def _load_script(name: str) -> Any:
    """A script of ``benchmarks/`` as a module (the folder is not a package)."""
    path = Path(__file__).resolve().parents[2] / "benchmarks" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # NamedTuple classes need their module registered
    spec.loader.exec_module(module)
    return module


latex_check = _load_script("latex_check")


# --- URLs: one form that plain, plainnat (with or without url), IEEEtran, backref and biblatex all read ---


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://arxiv.org/abs/2110.08207", "https://arxiv.org/abs/2110.08207"),
        ("https://x.org/a_b?q=1&r=2", "https://x.org/a_b?q=1&r=2"),  # _ & read by the preamble's \url
        ("https://x.org/page#section-2", "https://x.org/page"),  # a fragment would be a TeX parameter
        ("https://x.org/%7Euser/%41bc", "https://x.org/~user/Abc"),  # unreserved escapes decoded (RFC 3986)
        ("https://x.org/a%20b.pdf", None),  # a % would end backref's argument: no portable form
        ("https://x.org/a%3Ab", None),
        ("https://x.org/{x}", None),
        ("https://x.org/caf\u00e9", None),
    ],
)
def test_portable_url(url: str, expected: str | None) -> None:
    assert portable_url(url) == expected


def test_a_url_with_percent_20_and_hash_falls_back_to_a_portable_one() -> None:
    work = make(
        type="web",
        links=(Link("URL", "https://x.org/Guide%20Sample.pdf#page=2"), Link("Data", "https://x.org/data_v1")),
    )
    assert bibtex_url(work) == "https://x.org/data_v1"
    fields = bib_fields(to_bibtex(work))
    assert fields["url"] == "https://x.org/data_v1"
    assert "%" not in to_bibtex(work) and "#" not in to_bibtex(work)
    alone = make(type="web", links=(Link("URL", "https://x.org/Guide%20Sample.pdf#page=2"),))
    assert "url" not in bib_fields(to_bibtex(alone))


def test_web_entries_print_the_url_once() -> None:
    work = make(type="web", publisher="Pew Research Center", links=(Link("URL", "https://www.pewresearch.org/"),))
    fields = bib_fields(to_bibtex(work))
    assert fields["howpublished"] == "Pew Research Center"
    assert fields["url"] == "https://www.pewresearch.org/"
    assert "\\url" not in to_bibtex(work)
    assert "publisher" not in fields


def test_the_export_starts_with_the_url_preamble() -> None:
    text = bibtex_export([make()])
    assert text.startswith(BIBTEX_PREAMBLE + "\n\n@misc{w,")
    assert text.endswith("}\n")
    assert "\\providecommand{\\url}" in BIBTEX_PREAMBLE


# --- arXiv-only works: something the classic styles print --------------------------------------------------


def test_arxiv_preprints_name_their_id_for_styles_that_ignore_eprint() -> None:
    fields = bib_fields(to_bibtex(make(arxiv="2110.08207", venue="AAAI 2022")))
    assert fields["howpublished"] == "arXiv preprint arXiv:2110.08207"
    assert (fields["eprint"], fields["archivePrefix"]) == ("2110.08207", "arXiv")  # biblatex's eprint handling
    assert fields["note"] == "AAAI 2022"


# --- accents: one spelling for bibtex and biber -------------------------------------------------------------


@pytest.mark.parametrize(
    ("author", "expected"),
    [
        ("Alejandro R\u00edos", r"R{\'i}os, Alejandro"),  # {\'i}, not {\'\i}: biber + pdflatex
        ("Asl\u0131 \u00c7elikyilmaz", r"{\c{C}}elikyilmaz, Asl{\i}"),
        ("Na\u00efve \u00cenv\u00eers", r"{\^I}nv{\^i}rs, Na{\"i}ve"),
        ("Ji\u0159\u00ed \u0129", r"{\~i}, Ji{\v{r}}{\'i}"),
        ("Ma\u0142gorzata Tr\u0119bacz", r"Tr{\k{e}}bacz, Ma{\l}gorzata"),
        ("\u0132ssel Jansen", "Jansen, {\\relax \u0132}ssel"),  # a raw letter stays whole when abbreviated
    ],
)
def test_accented_names(author: str, expected: str) -> None:
    assert bib_fields(to_bibtex(make(authors=(author,))))["author"] == expected


# --- names with suffixes --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "author",
    ["Sam Davies, Jr.", "Davies, Jr., Sam", "Sam Davies Jr."],
)
def test_suffix_names_in_bibtex(author: str) -> None:
    assert bib_fields(to_bibtex(make(authors=(author,))))["author"] == "Davies, Jr., Sam"


# --- case: proper nouns kept, compounds part by part, the word after a colon or question mark --------------


@pytest.mark.parametrize(
    ("title", "keep", "bibtex", "sentence"),
    [
        (
            "Enables Zero-Shot Task Generalization",
            (),
            "Enables Zero-Shot Task Generalization",
            "Enables zero-shot task generalization",
        ),
        ("Scaling Instruction-Finetuned Models", (), "Scaling Instruction-Finetuned Models", None),
        ("GLM-130B: An Open Model", (), "{GLM}-{130B}: {An} Open Model", "GLM-130B: An open model"),
        ("Flan-T5 and Alpaca", ("Flan", "Alpaca"), "{Flan}-{T5} and {Alpaca}", "Flan-T5 and Alpaca"),
        (
            "Can Machines Learn Morality? The Delphi Experiment",
            ("Delphi",),
            "Can Machines Learn Morality? {The} {Delphi} Experiment",
            "Can machines learn morality? The Delphi experiment",
        ),
        (
            "Values in the World Values Survey and Chinese Twitter",
            ("World Values Survey", "Chinese", "Twitter"),
            "Values in the {World} {Values} {Survey} and {Chinese} {Twitter}",
            "Values in the World Values Survey and Chinese Twitter",
        ),
        ("Chatbot Arena: An Open Platform", ("Chatbot Arena",), "{Chatbot} {Arena}: {An} Open Platform", None),
        ("Values \u2013 A Survey", (), "Values -- {A} Survey", "Values \u2013 A survey"),
        ("What I Learned", (), "What {I} Learned", "What I learned"),
    ],
)
def test_case_protection(title: str, keep: tuple[str, ...], bibtex: str, sentence: str | None) -> None:
    assert bib_fields(to_bibtex(make(title=title, keep_case=keep)))["title"] == bibtex
    if sentence is not None:
        assert sentence_case(title, keep) == sentence


def test_keep_case_must_occur_in_the_title() -> None:
    assert keep_case_problems("Chinese values", ["Chinese"]) == []
    assert keep_case_problems("Chinese values", ["Chin", "Values"]) == [
        "keep_case entry 'Chin' does not occur in the title as whole words",
        "keep_case entry 'Values' does not occur in the title as whole words",
    ]


# --- journals: volume, number, pages ----------------------------------------------------------------------------


def test_journal_volume_number_pages() -> None:
    work = make(journal="Journal of Machine Learning Research", volume="25", number="70", pages="1-53", year=2024)
    fields = bib_fields(to_bibtex(work))
    assert (fields["volume"], fields["number"], fields["pages"]) == ("25", "70", "1--53")


# --- the real thing -------------------------------------------------------------------------------------------------

TEX = shutil.which("pdflatex") and shutil.which("bibtex")
LETTERS = (
    "\u00e1\u00e0\u00e2\u00e4\u00e3\u00e5\u0101\u0103\u0105\u00e7\u0107\u010d\u010f\u00e9\u00e8\u00ea\u00eb\u0113\u0117\u0119\u011b\u011f"
    "\u00ed\u00ec\u00ee\u00ef\u012b\u012f\u0131\u013e\u0142\u0144\u0148\u00f1\u00f3\u00f2\u00f4\u00f6\u00f5\u0151\u00f8\u0155\u0159"
    "\u015b\u0161\u015f\u0219\u0165\u0163\u021b\u00fa\u00f9\u00fb\u00fc\u016b\u016f\u0171\u0173\u00fd\u00ff\u017a\u017e\u017c"
    "\u00c1\u00c9\u00cd\u00d3\u00da\u00d6\u00dc\u0160\u017d\u010c\u0158\u011e\u0130\u0141\u00df\u00e6\u0153"
)
"""Every accented letter the encoder spells as a command, and a few it leaves as UTF-8 (\u0219, \u021b)."""
CRAFTED = [
    make(id="url", title="A URL test", type="web", links=(Link("URL", "https://x.org/a_b~c/d?e=1&f=(2)#frag"),)),
    make(id="pct", title="Percent", type="web", links=(Link("URL", "https://x.org/a%20b.pdf#p"),)),
    make(
        id="names",
        title="Dotless i: R\u00edos and \u00c7elik",
        authors=("Alejandro R\u00edos", "Asl\u0131 \u00c7elik", "Ma\u0142gorzata Tr\u0119bacz", "Sam Davies, Jr."),
        year=2020,
        journal="J",
        volume="3",
        pages="1-5",
    ),
    make(id="arx", title="Zero-Shot Chinese? The Delphi case", arxiv="2110.08207", year=2021, keep_case=("Chinese",)),
    make(id="tag", title="<think> & 100% #1 of $5_x", authors=("Ann Lee",), authors_complete=False, year=2022),
    make(
        id="letters",
        title=f"Every accented letter: {LETTERS}",
        authors=(f"{{{LETTERS}}}", f"{LETTERS[:9]} Lee"),
        year=2020,
    ),
]


@pytest.mark.skipif(not TEX, reason="pdflatex and bibtex are not installed")
@pytest.mark.parametrize("setup", latex_check.SETUPS, ids=[s.name for s in latex_check.SETUPS])
def test_crafted_works_compile_in_every_setup(setup: Any) -> None:
    result = latex_check.check(setup, bibtex_export(CRAFTED), None)
    if result is None:
        pytest.skip(f"{setup.name}: tool or style missing")
    errors, _, lines = result
    assert errors == 0, lines


@pytest.mark.skipif(not TEX, reason="pdflatex and bibtex are not installed")
@pytest.mark.parametrize("setup", latex_check.SETUPS, ids=[s.name for s in latex_check.SETUPS])
def test_bundled_export_compiles_in_every_setup(setup: Any) -> None:
    result = latex_check.check(setup, bibtex_export(load_catalog().works.values()), None)
    if result is None:
        pytest.skip(f"{setup.name}: tool or style missing")
    errors, _, lines = result
    assert errors == 0, lines
