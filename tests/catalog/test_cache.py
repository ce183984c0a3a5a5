"""The parse cache: same catalog back, invalidated by any change, never harmful."""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from aligntui.catalog import parse_cache as cache
from aligntui.catalog.load import load_catalog
from aligntui.catalog.model import Catalog, CatalogError, Link

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


def test_a_cached_catalog_is_loaded_without_reading_the_whole_file_at_once(
    copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = load_catalog(copy)

    def refuse(*args: object) -> bytes:
        raise AssertionError("the whole file was read")

    monkeypatch.setattr("aligntui.catalog.load.read_regular", refuse)
    assert load_catalog(copy) == first  # hashed a chunk at a time, then built from the cache


def test_a_deferred_load_stores_the_cache_only_when_asked(copy: Path) -> None:
    from aligntui.catalog.load import load_catalog_deferred

    catalog, store = load_catalog_deferred(copy)
    assert store is not None and not list(cache.cache_directory().glob("*.marshal"))
    store()
    assert len(list(cache.cache_directory().glob("*.marshal"))) == 1
    again, nothing = load_catalog_deferred(copy)
    assert again == catalog and nothing is None  # from the cache: nothing to store


def test_a_deferred_store_keeps_the_key_of_the_bytes_that_were_parsed(copy: Path) -> None:
    from aligntui.catalog.load import load_catalog_deferred

    _, store = load_catalog_deferred(copy)
    copy.write_text(copy.read_text().replace("Glaciers of Iceland", "Glaciers of Greenland"))
    assert store is not None
    store()  # the file changed meanwhile: the entry is the old bytes', never the new file's
    assert load_catalog(copy).works["sigurdsson2020glaciers"].title == "Glaciers of Greenland"


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


def _plant(copy: Path, change: Callable[[Catalog], Catalog]) -> Path:
    """Put a doctored catalog into the cache file of ``copy``'s bytes, as someone able to write there could."""
    catalog = load_catalog(copy)
    (cached,) = cache.cache_directory().glob("*.marshal")
    with cached.open("wb") as file:
        cache._write(file, change(catalog))
    return cached


def _retitled(title: str) -> Callable[[Catalog], Catalog]:
    def change(catalog: Catalog) -> Catalog:
        works = {wid: w._replace(title=title) if wid == "lovelace1843notes" else w for wid, w in catalog.works.items()}
        return dataclasses.replace(catalog, works=works)

    return change


def _relinked(url: str) -> Callable[[Catalog], Catalog]:
    def change(catalog: Catalog) -> Catalog:
        work = catalog.works["lovelace1843notes"]
        works = {**catalog.works, work.id: work._replace(links=(Link("Paper", url),))}
        return dataclasses.replace(catalog, works=works)

    return change


def _surveyed(title: str) -> Callable[[Catalog], Catalog]:
    return lambda catalog: dataclasses.replace(catalog, survey=dataclasses.replace(catalog.survey, title=title))


@pytest.mark.parametrize(
    "change",
    [
        _retitled("\x1b]52;c;cm0gLXJmIH4=\x07x"),  # OSC 52: writes the clipboard
        _retitled("\x1b]2;owned\x07"),
        _retitled("\x9b31mred"),  # C1 CSI
        _retitled("abc\u202edcba"),
        _retitled("tag\U000e0041\U000e0042"),
        _retitled("soft\u00adhyphen"),
        _retitled("two\nlines"),
        _relinked("javascript:alert(1)"),
        _relinked("file:///etc/passwd"),
        _relinked("https://a.org/\x1b[2J"),
        _surveyed("survey \x1b[2J"),
    ],
)
def test_a_cache_entry_is_checked_again_like_the_catalog(copy: Path, change: Callable[[Catalog], Catalog]) -> None:
    expected = load_catalog(copy)
    _plant(copy, change)
    assert load_catalog(copy) == expected  # the doctored entry was a miss: parsed and validated afresh


@pytest.mark.parametrize(
    "record",
    [
        (("t", (), None, None, None, None, None), [], {}),  # a valid head, then no chunks at all
        (("t", (), "1999", None, None, None, None), [], {}),
        (("t", (1,), None, None, None, None, None), [], {}),
        compile("1", "<x>", "eval"),
        [[[[]]]],
        "a string",
    ],
)
def test_a_cache_file_of_the_wrong_shape_is_a_miss(copy: Path, record: object) -> None:
    expected = load_catalog(copy)
    (cached,) = cache.cache_directory().glob("*.marshal")
    with cached.open("wb") as file:
        cache._put(file, record)
    assert load_catalog(copy) == expected


def test_a_cache_file_others_may_write_is_not_read(copy: Path) -> None:
    expected = load_catalog(copy)
    cached = _plant(copy, _retitled("Planted"))
    cached.chmod(0o666)
    assert load_catalog(copy) == expected
    _plant(copy, _retitled("Planted")).chmod(0o600)
    assert load_catalog(copy).works["lovelace1843notes"].title == "Planted"  # the mode is what refused it


def test_every_field_of_a_work_is_checked_again() -> None:
    checked = [name for names in cache.CHECKED.values() for name in names]
    assert sorted(checked) == sorted(cache.Work._fields)


def test_the_cache_is_used_under_a_group_writable_umask(copy: Path) -> None:
    import os

    old = os.umask(0o002)
    try:
        load_catalog(copy)
    finally:
        os.umask(old)
    (cached,) = cache.cache_directory().glob("*.marshal")
    assert cached.stat().st_mode & 0o777 == 0o600
    _plant(copy, _retitled("Planted")).chmod(0o600)
    assert load_catalog(copy).works["lovelace1843notes"].title == "Planted"  # read from the cache
