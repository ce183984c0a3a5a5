"""A catalog read piece by piece (its works 1,000 at a time) is the catalog read whole: same works, same problems."""

from __future__ import annotations

import pytest

from aligntui.catalog import load
from aligntui.catalog.model import Catalog, CatalogError
from aligntui.system import tomlread

from ..conftest import DATA

SMALL = (DATA / "small.toml").read_text(encoding="utf-8")
EXTRA = """
[[works]]
id = "{id}"
title = "Extra {id}"
source = "https://example.org/{id}"
"""


def _read(text: str, piece: int, monkeypatch: pytest.MonkeyPatch) -> Catalog | str:
    """The catalog, or the CatalogError's text, with the works read ``piece`` at a time."""
    monkeypatch.setattr(load, "PIECE_WORKS", piece)
    try:
        return load.parse_catalog(text, "c.toml")
    except CatalogError as error:
        return str(error)


CASES = {
    "valid": SMALL,
    "unplaced, duplicate and broken works": SMALL + EXTRA.format(id="x1") + EXTRA.format(id="x1")
    + EXTRA.format(id="X1") + '\n[[works]]\nid = "x1"\n' + EXTRA.format(id="x2").replace("https", "ftp"),
    "unknown key and a bad link": SMALL.replace('year = 1950', 'year = 1950\ncolour = "red"').replace(
        'url = "https://example.org/turing"', 'url = "javascript:alert(1)"'
    ),
    "a section after the works": SMALL + '\n[[sections]]\nid = "late"\ntitle = "Late"\n',
    "a syntax error in the last work": SMALL + '\n[[works]]\nid = "broken\n',
    "works as a key before the tables": "works = 1\n" + SMALL,
    "a table that is no work": SMALL + "\n[[works]]\n[works.inner]\nx = 1\n",
    "no schema version": SMALL.replace("schema_version = 1", ""),
}  # fmt: skip


@pytest.mark.parametrize("text", CASES.values(), ids=CASES.keys())
def test_pieces_of_one_work_give_what_the_whole_document_gives(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    whole = _read(text, 10**9, monkeypatch)
    assert _read(text, 1, monkeypatch) == whole
    assert _read(text, 2, monkeypatch) == whole


def test_a_large_document_is_read_piece_by_piece(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    real = tomlread._fast
    assert real is not None

    def counting(text: str) -> dict[str, object]:
        calls.append(len(text))
        return real(text)

    monkeypatch.setattr(tomlread, "_fast", counting)
    monkeypatch.setattr(load, "PIECE_WORKS", 1)
    catalog = load.parse_catalog(SMALL, "c.toml")
    assert len(catalog.works) == 4
    assert len(calls) == 5  # the part before the works, then one work at a time: never the whole text


def test_pieces_refuse_a_key_after_the_works() -> None:
    head, tables = tomlread.array_in_pieces(SMALL + '\n[[sections]]\nid = "late"\ntitle = "L"\n', "works", 1)
    assert "works" not in head
    with pytest.raises(tomlread.PiecesRefused):
        list(tables)
