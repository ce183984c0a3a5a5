"""Issue 21: a work's organisations, other titles and summary: validation, the writer and the parse cache."""

from __future__ import annotations

from pathlib import Path

import pytest

from aligntui.catalog import parse_cache as cache
from aligntui.catalog.load import load_catalog, parse_catalog
from aligntui.catalog.model import CatalogError
from aligntui.catalog.toml_writer import catalog_to_toml

from ..conftest import DATA

SMALL = (DATA / "small.toml").read_text(encoding="utf-8")
ANCHOR = 'venue = "Mind 1950"\n'
"""The facts are written after this line of Turing's work."""


def with_facts(lines: str) -> str:
    """The small catalog with ``lines`` added to Turing's work."""
    assert SMALL.count(ANCHOR) == 1
    return SMALL.replace(ANCHOR, ANCHOR + lines + "\n")


GOOD = [
    ("one org", 'orgs = ["University of Manchester"]', {"orgs": ("University of Manchester",)}),
    ("orgs with commas", 'orgs = ["University of California, Berkeley", "Google"]', {"orgs": ("University of California, Berkeley", "Google")}),
    ("spaces are stripped", 'orgs = ["  DeepMind "]', {"orgs": ("DeepMind",)}),
    ("other title", 'other_titles = ["Computing Machinery and Intelligence (reprint)"]', {"other_titles": ("Computing Machinery and Intelligence (reprint)",)}),
    ("summary", 'summary = "Proposes the imitation game as a test of machine thought."', {"summary": "Proposes the imitation game as a test of machine thought."}),
    ("summary at the limit", f'summary = "{"a" * 600}"', {"summary": "a" * 600}),
    ("accented org", 'orgs = ["École normale supérieure"]', {"orgs": ("École normale supérieure",)}),
    ("markup kept as text", 'summary = "[bold]x[/bold] and [@click=app.quit]y[/]"', {"summary": "[bold]x[/bold] and [@click=app.quit]y[/]"}),
    ("empty lists", "orgs = []\nother_titles = []", {"orgs": (), "other_titles": ()}),
]  # fmt: skip


@pytest.mark.parametrize(("lines", "expected"), [g[1:] for g in GOOD], ids=[g[0] for g in GOOD])
def test_good_facts_are_read(lines: str, expected: dict[str, object]) -> None:
    work = parse_catalog(with_facts(lines), "good.toml").works["turing1950computing"]
    for key, value in expected.items():
        assert getattr(work, key) == value


# (name, lines added, fragment of the message, the text of the line the message must name)
BAD = [
    ("orgs not a list", 'orgs = "OpenAI"', "'orgs' in work 'turing1950computing' must be a list", 'orgs = "OpenAI"'),
    ("summary not a string", 'summary = ["a"]', "'summary' in work 'turing1950computing' must be a string", 'summary = ["a"]'),
    ("other_titles not a list", "other_titles = 3", "'other_titles' in work 'turing1950computing' must be a list", "other_titles = 3"),
    ("empty org", 'orgs = [\n  "OpenAI",\n  " ",\n]', "every entry of 'orgs' must be a non-empty string", '  " ",'),
    ("org not a string", 'orgs = [\n  "OpenAI",\n  7,\n]', "every entry of 'orgs' must be a non-empty string", "  7,"),
    ("org twice", 'orgs = [\n  "OpenAI",\n  "Anthropic",\n  "openai",\n]', "'orgs' names 'openai' twice", '  "openai",'),
    ("org twice with accents", 'orgs = ["École Polytechnique", "Ecole  polytechnique"]', "names 'Ecole  polytechnique' twice", "orgs = ["),
    ("title twice", 'other_titles = [\n  "A",\n  "a",\n]', "'other_titles' names 'a' twice", '  "a",'),
    ("title itself", 'other_titles = ["computing machinery and intelligence"]', "is the title itself", "other_titles = ["),
    ("empty summary", 'summary = "  "', "the summary is empty", 'summary = "  "'),
    ("long summary", f'summary = "{"a" * 601}"', "the summary has 601 characters; at most 600", "summary = "),
    ("summary on two lines", 'summary = """one\ntwo"""', "'summary' holds a line break", 'summary = """one'),
    ("summary with \\n", 'summary = "one\\ntwo"', "'summary' holds a line break", 'summary = "one'),
    ("org with escape", 'orgs = ["Open\\u001bAI"]', "'orgs' holds U+001B ESCAPE", "orgs = ["),
    ("title with bidi", 'other_titles = ["x\u202ey"]', "U+202E", "other_titles = ["),
    ("unknown key", 'organisations = ["OpenAI"]', "unknown key 'organisations'", "organisations = "),
]  # fmt: skip


@pytest.mark.parametrize(("lines", "fragment", "needle"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_bad_facts_name_the_file_and_line(lines: str, fragment: str, needle: str) -> None:
    text = with_facts(lines)
    with pytest.raises(CatalogError) as caught:
        parse_catalog(text, "bad.toml")
    line = next(n for n, row in enumerate(text.split("\n"), start=1) if row.startswith(needle))
    messages = [str(p) for p in caught.value.problems]
    assert any(fragment in m and m.startswith(f"bad.toml:{line}:") for m in messages), messages


FULL = with_facts(
    'orgs = ["University of Manchester", "Mind Association"]\n'
    'other_titles = ["Can Machines Think?"]\n'
    'summary = "Asks whether machines can think and proposes the imitation game."'
)


def test_the_writer_keeps_the_facts_and_leaves_other_works_alone() -> None:
    catalog = parse_catalog(FULL, "full.toml")
    again = parse_catalog(catalog_to_toml(catalog), "again.toml")
    assert again.works == catalog.works
    plain = catalog_to_toml(parse_catalog(SMALL, "small.toml"))
    written = catalog_to_toml(catalog)
    assert "orgs" not in plain and "summary" not in plain  # works without facts are written as before
    extra = [line for line in written.splitlines() if line not in plain.splitlines()]
    assert extra == [
        'orgs = ["University of Manchester", "Mind Association"]',
        'other_titles = ["Can Machines Think?"]',
        'summary = "Asks whether machines can think and proposes the imitation game."',
    ]


def test_the_parse_cache_keeps_the_facts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "MIN_BYTES", 0)
    path = tmp_path / "catalog.toml"
    path.write_text(FULL, encoding="utf-8")
    first = load_catalog(path)
    assert list(cache.cache_directory().glob("*.marshal"))
    second = load_catalog(path)
    assert second.works == first.works
    assert second.works["turing1950computing"].other_titles == ("Can Machines Think?",)
