"""The common ``[[works]]`` table, settled by ``work_table.plain_work``, gives what the careful path gives.

``plain_work`` either builds the very ``Work`` the careful path (``validate._work``)
builds from a table in which it finds no problem, or answers None and leaves
the table to it. Each test compares the two: whole catalogs (a synthetic one
of a few thousand works with every optional key, each of them broken in
turn, and every catalog in tests/data), and single tables.
"""

from __future__ import annotations

import importlib.util
import random
from pathlib import Path
from typing import Any

import pytest

from aligntui.catalog import validate
from aligntui.catalog.load import parse_catalog
from aligntui.catalog.model import Catalog, CatalogError, Work
from aligntui.catalog.tables import Checker
from aligntui.catalog.work_table import WorkShapes, plain_work
from aligntui.system.tomlread import loads

from ..conftest import DATA

ROOT = Path(__file__).resolve().parents[2]


def _synthetic(size: int) -> str:
    """The text of a synthetic catalog from ``benchmarks/synth.py`` (seeded: the same on every run)."""
    spec = importlib.util.spec_from_file_location("synth", ROOT / "benchmarks" / "synth.py")
    assert spec is not None and spec.loader is not None
    synth = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(synth)
    text: str = synth.generate(size)
    return text


EXTRAS = [
    'summary = "A method for aligning models."',
    'orgs = ["DeepMind", "University of Oxford"]',
    'other_titles = ["An Earlier Title"]',
    'aliases = ["RLHF", "InstructGPT"]',
    "keep_case = [TITLE_WORD]",
    'pages = "1-53"',
    'date = "2022-03"',
    'volume = "35"',
    'number = "2"',
    'note = "Two sentences. On one line."',
    'list_venue = "NeurIPS"',
    'list_title = "As the list writes it"',
    'list_authors = "A. Author et al."',
    'publisher = "MIT Press"',
    "authors_complete = false",
    'type = "dataset"',
    'doi = "10.18653/v1/2022.acl-long.1"',
    'abstract = "We study things."',
    'venue = ""',
    'journal = ""',
]
"""Optional keys, well formed: each is added to some works (``TITLE_WORD``: the title's first word, quoted)."""

BREAKAGES = [
    ('arxiv = "', 'arxiv = "x'),
    ('source = "https://', 'source = "ftp://'),
    ('url = "https://', 'url = "https://user@'),
    ('label = "Paper"', 'label = " "'),
    ('label = "Paper"', 'label = "Paper", extra = 1'),
    ('authors = ["', 'authors = ["", "'),
    ('authors = ["', 'authors = ["Lovelace, Ada, Jr., x", "'),
    ('authors = ["', 'authors = [1, "'),
    ("year = 20", "year = 30"),
    ("year = 20", "year = true\n#"),
    ('title = "', 'title = "   "\n#'),
    ('id = "', 'id = "a b'),
    ('venue = "', "venue = 1\n#"),
    ('summary = "', 'summary = "  "\n#'),
    ('orgs = ["DeepMind"', 'orgs = ["DeepMind", "deepmind"'),
    ('other_titles = ["', 'other_titles = ["", "'),
    ('keep_case = ["', 'keep_case = ["Nowhere In It", "'),
    ('pages = "1-53"', 'pages = "one"'),
    ('date = "2022-03"', 'date = "2022-13"'),
    ('type = "dataset"', 'type = "film"'),
    ('doi = "10.', 'doi = "11.'),
    ('aliases = ["RLHF"', 'aliases = [""'),
    ("links = [", "colour = 1\nlinks = ["),
    ("links = [", "links = 1\nlink = ["),
]
"""(text, replacement): each makes some works wrong in one way (the first such place in each work)."""


def _varied(size: int, seed: int) -> str:
    """A synthetic catalog whose works carry optional keys; a few are broken when ``seed`` asks."""
    rng = random.Random(seed)
    head, *works = _synthetic(size).split("\n[[works]]\n")
    out = [head]
    for work in works:
        lines = work.split("\n")
        for extra in rng.sample(EXTRAS, rng.choice((0, 0, 1, 3))):
            key = extra.split(" ", 1)[0] + " ="
            if not any(line.startswith(key) for line in lines):
                title = next(line for line in lines if line.startswith("title = "))
                word = title.split('"')[1].split()[0].strip(":,.;?!")
                lines.insert(2, extra.replace("TITLE_WORD", f'"{word}"'))
        work = "\n".join(lines)
        if seed and rng.random() < 0.05:
            old, new = rng.choice(BREAKAGES)
            work = work.replace(old, new, 1)
        out.append(work)
    return "\n[[works]]\n".join(out)


def _both_paths(text: str, monkeypatch: pytest.MonkeyPatch) -> tuple[Catalog | str, Catalog | str]:
    """What ``parse_catalog`` gives (a catalog, or the error's text) with ``plain_work`` and without it."""

    def parse() -> Catalog | str:
        try:
            return parse_catalog(text, "c.toml")
        except CatalogError as error:
            return str(error)

    fast = parse()
    with monkeypatch.context() as patch:
        patch.setattr(validate, "plain_work", lambda *args: None)
        careful = parse()
    return fast, careful


def _fields(catalog: Catalog | str) -> Any:
    """Everything a catalog holds, field by field, or the error's text."""
    if isinstance(catalog, str):
        return catalog
    works = {key: (tuple(work), work._asdict()) for key, work in catalog.works.items()}
    return catalog.survey, catalog.sections, catalog.roots, catalog.memberships, catalog.totals, works


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_a_synthetic_catalog_is_built_the_same_by_both_paths(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    fast, careful = _both_paths(_varied(3_000, seed), monkeypatch)
    assert _fields(fast) == _fields(careful)
    assert isinstance(fast, Catalog) == (seed == 0)  # the broken works make problems, and both paths tell them
    if isinstance(fast, str):
        assert fast.count("\n") > 20


@pytest.mark.parametrize("path", sorted(DATA.rglob("*.toml")), ids=lambda path: path.name)
def test_every_test_catalog_is_read_the_same_by_both_paths(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        pytest.skip("not UTF-8: refused before validation")
    fast, careful = _both_paths(text, monkeypatch)
    assert _fields(fast) == _fields(careful)


def _careful(raw: Any) -> tuple[Work | None, list[Any]]:
    check = Checker("c.toml", "")
    return validate._work(check, raw, 0), check.problems


GOOD = {
    "id": "w1",
    "title": " A Title ",
    "source": "https://arxiv.org/abs/2203.02155",
    "authors": ["Ada Lovelace", " Charles Babbage "],
    "year": 2022,
    "venue": "NeurIPS 2022",
    "arxiv": "2203.02155",
    "links": [
        {"label": " Paper ", "url": "https://arxiv.org/pdf/2203.02155"},
        {"url": "https://x.org", "label": "Code"},
    ],
}
TABLES: list[Any] = [
    GOOD,
    {**GOOD, "orgs": ["OpenAI"], "summary": " Short. ", "other_titles": ["Another"], "aliases": ["X"]},
    {**GOOD, "booktitle": "", "journal": "J", "list_venue": "V", "keep_case": ["Title"], "pages": "3-4"},
    {**GOOD, "authors_complete": False, "type": "book", "doi": "10.1/x", "date": "2022-01-31"},
    {**GOOD, "venue": ""},
    {**GOOD, "authors": []},
    {**GOOD, "links": []},
    {**GOOD, "year": True},
    {**GOOD, "year": 1499},
    {**GOOD, "authors_complete": 1},
    {**GOOD, "id": "9 x"},
    {**GOOD, "title": "   "},
    {**GOOD, "links": [{"label": "Paper", "url": "https://arxiv.org/pdf/1", "x": 1}]},
    {**GOOD, "links": [{"label": "Paper"}, {"label": "Paper", "url": "u"}]},
    {**GOOD, "links": [["Paper", "https://x.org"]]},
    {**GOOD, "links": [{"label": [], "url": "https://x.org"}]},
    {**GOOD, "authors": ["Ada Lovelace", ["nested"]]},
    {**GOOD, "other_titles": [" a title "]},
    {**GOOD, "orgs": ["A", "a"]},
    {**GOOD, "summary": "x" * 601},
    {**GOOD, "unknown": 1},
    {key: value for key, value in GOOD.items() if key != "source"},
    ["not", "a", "table"],
]


@pytest.mark.parametrize("raw", TABLES, ids=range(len(TABLES)))
def test_a_table_is_settled_as_the_careful_path_would(raw: Any) -> None:
    work, problems = _careful(raw)
    plain = plain_work(Checker("c.toml", ""), WorkShapes(), raw)
    assert (plain is None) == (work is None or problems != [])
    if plain is not None:
        assert work is not None and tuple(plain) == tuple(work) and plain._asdict() == work._asdict()


def test_the_common_tables_take_the_plain_path() -> None:
    """The check is only worth having when it settles the works most catalogs hold."""
    text = _varied(300, 0)
    data = loads(text)
    check, shapes = Checker("c.toml", text), WorkShapes()
    assert not check.check_strings  # else the plain path is not taken at all
    assert all(plain_work(check, shapes, raw) is not None for raw in data["works"])


@pytest.mark.parametrize(
    ("names", "members", "reported"),
    [
        (["a", "b"], ["a", "b"], 0),
        ([], [], 0),
        (["a", "a"], ["a"], 1),
        (["a", "x"], ["a"], 1),
        (["a", "gone"], ["a"], 0),  # a broken work: its own problems are reported where it is defined
        (["a", ["b"], 1, True], ["a"], 3),
    ],
)
def test_a_sections_members_are_settled_at_once_only_when_nothing_is_wrong(
    names: list[Any], members: list[str], reported: int
) -> None:
    check = Checker("c.toml", "")
    works = {"a": Work("a", "A"), "b": Work("b", "B"), "gone": Work("gone", "Gone")}
    assert validate._members(check, 0, "s", names, works, {"gone"}) == members
    assert len(check.problems) == reported
