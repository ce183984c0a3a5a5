"""The parse cache: same catalog back, invalidated by any change, never harmful."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from aligntui.catalog import parse_cache as cache
from aligntui.catalog.load import load_catalog
from aligntui.catalog.model import CatalogError

from ..conftest import DATA


@pytest.fixture
def copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(cache, "MIN_BYTES", 0)
    target = tmp_path / "catalog.toml"
    shutil.copy(DATA / "small.toml", target)
    return target


def test_second_load_comes_from_the_cache_and_is_equal(copy: Path) -> None:
    first = load_catalog(copy)
    assert len(list(cache.cache_directory().glob("*.marshal"))) == 1
    second = load_catalog(copy)
    assert second == first
    assert second.works["lovelace1843notes"].links[0].kind == "paper"


def test_a_changed_file_is_parsed_again(copy: Path) -> None:
    load_catalog(copy)
    copy.write_text(copy.read_text().replace("Glaciers of Iceland", "Glaciers of Greenland"))
    assert load_catalog(copy).works["sigurdsson2020glaciers"].title == "Glaciers of Greenland"


def test_a_broken_file_is_never_cached(copy: Path) -> None:
    copy.write_text(copy.read_text().replace("year = 1950", "year = 19500"))
    with pytest.raises(CatalogError):
        load_catalog(copy)
    assert not list(cache.cache_directory().glob("*.marshal"))


def test_a_corrupt_cache_file_is_ignored(copy: Path) -> None:
    expected = load_catalog(copy)
    for cached in cache.cache_directory().glob("*.marshal"):
        cached.write_bytes(b"not marshal data")
    assert load_catalog(copy) == expected


def test_small_catalogs_are_not_cached(tmp_path: Path) -> None:
    load_catalog(DATA / "small.toml")
    assert not cache.cache_directory().exists()
