"""The parse cache: same catalog back, invalidated by any change, never harmful."""

from __future__ import annotations

import dataclasses
import importlib.util
import os
import secrets as secrets_module
import shutil
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from aligntui.catalog import parse_cache as cache
from aligntui.catalog.cache_secret import KEY_BYTES, KEY_NAME, read_secret, secret_for_writing
from aligntui.catalog.load import bundled_catalog_path, load_catalog
from aligntui.catalog.model import Catalog, CatalogError, Link

from ..conftest import DATA

ROOT = Path(__file__).resolve().parents[2]


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


def test_a_load_started_ahead_hashes_on_a_thread_and_finishes_as_a_deferred_load(
    copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 23: ``start_loading`` works the cache key out on a thread; ``finish()`` is ``load_catalog_deferred``."""
    import threading

    from aligntui.catalog.load import load_catalog_deferred, start_loading

    hashed_on: list[str] = []
    file_key = cache.file_key

    def noting(path: Path, limit: int) -> str | None:
        hashed_on.append(threading.current_thread().name)
        return file_key(path, limit)

    monkeypatch.setattr(cache, "file_key", noting)
    finish = start_loading(copy)
    catalog, store = finish()
    assert hashed_on and hashed_on[0] != threading.main_thread().name
    assert store is not None
    store()
    again, nothing = start_loading(copy)()
    assert again == catalog == load_catalog_deferred(copy)[0] and nothing is None  # from the cache
    missing = tmp_path / "missing.toml"
    with pytest.raises(CatalogError) as started:
        start_loading(missing)()
    with pytest.raises(CatalogError) as deferred:
        load_catalog_deferred(missing)
    assert str(started.value) == str(deferred.value)  # the same message, from finish()


def test_a_load_started_ahead_reads_and_verifies_the_cache_file_on_its_thread(
    copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 23: the cache file is read and its MACs checked on the hashing thread; ``finish()`` only builds."""
    import threading

    from aligntui.catalog.load import start_loading

    expected = load_catalog(copy)
    read_on: list[str] = []
    prefetch = cache.prefetch

    def noting(key: str | None) -> cache.Prefetched | None:
        read_on.append(threading.current_thread().name)
        return prefetch(key)

    def refuse(*args: object) -> None:
        raise AssertionError("the cache file was opened again")

    monkeypatch.setattr(cache, "prefetch", noting)
    monkeypatch.setattr(cache, "_load_key", refuse)
    catalog, store = start_loading(copy)()
    assert read_on and read_on[0] != threading.main_thread().name
    assert catalog == expected and store is None


def test_a_cache_file_changed_after_it_was_verified_is_never_read_again(copy: Path) -> None:
    """What is built is the bytes whose MACs matched, not whatever the file holds by then."""
    expected = load_catalog(copy)
    (cached,) = cache.cache_directory().glob("*.marshal")
    key = cached.stem
    read = cache.prefetch(key)
    assert read is not None
    cached.write_bytes(b"planted after the check")
    assert cache.load_cached_file(copy, 1 << 20, key, read) == expected
    assert cache.prefetch(key) is None  # read again now, the file is refused
    assert load_catalog(copy) == expected  # and parsed afresh


def test_a_damaged_or_foreign_cache_file_is_never_prefetched(copy: Path) -> None:
    expected = load_catalog(copy)
    (cached,) = cache.cache_directory().glob("*.marshal")
    good = cached.read_bytes()
    for damaged in (good[:-1], good + b"\0", good[:40] + bytes([good[40] ^ 1]) + good[41:]):
        cached.write_bytes(damaged)
        assert cache.prefetch(cached.stem) is None
    cached.write_bytes(good)
    read = cache.prefetch(cached.stem)
    assert read is not None and cache.load_cached_file(copy, 1 << 20, "another key", read) is None
    assert cache.load_cached_file(copy, 1 << 20, cached.stem, cache.prefetch(cached.stem)) == expected


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


def _plant(copy: Path, change: Callable[[Catalog], Catalog], secret: bytes = b"") -> Path:
    """Put a doctored catalog into the cache file of ``copy``'s bytes, sealed under ``secret`` (default: none).

    Without the key, as someone able to write the cache folder (not read our key) could.
    """
    catalog = load_catalog(copy)
    (cached,) = cache.cache_directory().glob("*.marshal")
    with cached.open("wb") as file:
        cache._write(file, change(catalog), cached.stem, secret)
    return cached


def _our_secret() -> bytes:
    secret = read_secret(cache.cache_directory())
    assert secret is not None
    return secret


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
        _retitled("two\nlines"),
        _relinked("javascript:alert(1)"),
        _relinked("file:///etc/passwd"),
        _surveyed("survey \x1b[2J"),
    ],
)
@pytest.mark.parametrize("secret", [b"", b"k" * KEY_BYTES], ids=["no key", "another key"])
def test_a_cache_entry_not_sealed_with_our_key_is_a_miss(
    copy: Path, change: Callable[[Catalog], Catalog], secret: bytes
) -> None:
    expected = load_catalog(copy)
    _plant(copy, change, secret)
    assert load_catalog(copy) == expected  # the doctored entry was a miss: parsed and validated afresh


def test_an_entry_sealed_with_our_key_is_read_without_checking_its_values_again(copy: Path) -> None:
    load_catalog(copy)
    _plant(copy, _retitled("Planted"), _our_secret())
    assert load_catalog(copy).works["lovelace1843notes"].title == "Planted"  # the seal is what the other tests met


def test_an_entry_sealed_for_another_catalog_is_a_miss(copy: Path, tmp_path: Path) -> None:
    expected = load_catalog(copy)
    other = tmp_path / "other.toml"
    other.write_text(copy.read_text().replace("Glaciers of Iceland", "Glaciers of Greenland"))
    load_catalog(other)
    ours, theirs = sorted(cache.cache_directory().glob("*.marshal"), key=lambda p: p.stat().st_mtime)
    theirs.replace(ours)  # a whole file, sealed with our key, under this catalog's name
    assert load_catalog(copy) == expected


def _cached_file(copy: Path) -> Path:
    load_catalog(copy)
    (cached,) = cache.cache_directory().glob("*.marshal")
    return cached


def test_a_cache_file_damaged_anywhere_is_a_miss(copy: Path) -> None:
    expected = load_catalog(copy)
    cached = _cached_file(copy)
    good = cached.read_bytes()
    positions = sorted({*range(0, 64), *range(0, len(good), 7), *range(len(good) - 64, len(good))})
    for position in positions:
        flipped = bytearray(good)
        flipped[position] ^= 0x01
        cached.write_bytes(bytes(flipped))
        assert cache.load_cached_file(copy, 1 << 20) is None, position
    for length in (0, 7, 8, 100, len(good) // 2, len(good) - 33, len(good) - 1):
        cached.write_bytes(good[:length])
        assert cache.load_cached_file(copy, 1 << 20) is None, length
    cached.write_bytes(good + b"\0")
    assert cache.load_cached_file(copy, 1 << 20) is None
    cached.write_bytes(good)
    assert cache.load_cached_file(copy, 1 << 20) == expected


def test_a_cache_file_larger_than_any_catalog_makes_is_not_read(copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = load_catalog(copy)
    cached = _plant(copy, _retitled("Planted"), _our_secret())
    monkeypatch.setattr(cache, "MAX_FILE_BYTES", cached.stat().st_size - 1)
    assert cache.load_cached_file(copy, 1 << 20) is None  # whole and sealed, but too large to be ours
    monkeypatch.setattr(cache, "MAX_FILE_BYTES", cached.stat().st_size)
    assert cache.load_cached_file(copy, 1 << 20) != expected  # the planted entry: the size is what refused it


def _chowned(key: Path) -> None:
    os.chown(key, 12345, -1)


def _moded(mode: int) -> Callable[[Path], None]:
    return lambda key: key.chmod(mode)


def _truncated(key: Path) -> None:
    key.write_bytes(key.read_bytes()[:-1])


def _lengthened(key: Path) -> None:
    key.write_bytes(key.read_bytes() + b"x")


def _symlinked(key: Path) -> None:
    target = key.with_name("elsewhere")
    key.replace(target)
    key.symlink_to(target)


def _hard_linked(key: Path) -> None:
    os.link(key, key.with_name("second-name"))


def _fifo(key: Path) -> None:
    key.unlink()
    os.mkfifo(key)


def _removed(key: Path) -> None:
    key.unlink()


@pytest.mark.parametrize(
    "spoil",
    [
        _chowned,
        _moded(0o640),
        _moded(0o604),
        _moded(0o620),
        _moded(0o602),
        _truncated,
        _lengthened,
        _symlinked,
        _hard_linked,
        _fifo,
        _removed,
    ],
)
def test_an_untrusted_key_is_a_miss_and_is_replaced(copy: Path, spoil: Callable[[Path], None]) -> None:
    expected = load_catalog(copy)
    _plant(copy, _retitled("Planted"), _our_secret())
    key = cache.cache_directory() / KEY_NAME
    spoil(key)
    assert load_catalog(copy) == expected  # a miss: parsed afresh, and stored under a new key
    status = os.lstat(key)
    assert stat.S_ISREG(status.st_mode) and status.st_mode & 0o777 == 0o600 and status.st_nlink == 1
    assert status.st_uid == os.getuid() and status.st_size == KEY_BYTES
    assert cache.load_cached_file(copy, 1 << 20) == expected  # the new entry is read with the new key


def test_a_folder_where_the_key_should_be_only_costs_the_cache(copy: Path) -> None:
    expected = load_catalog(copy)
    key = cache.cache_directory() / KEY_NAME
    key.unlink()
    key.mkdir()
    assert load_catalog(copy) == expected
    assert load_catalog(copy) == expected and cache.load_cached_file(copy, 1 << 20) is None


def test_the_key_is_made_private_whatever_the_umask(copy: Path) -> None:
    old = os.umask(0)
    try:
        load_catalog(copy)
    finally:
        os.umask(old)
    assert (cache.cache_directory() / KEY_NAME).stat().st_mode & 0o777 == 0o600
    assert not [p for p in cache.cache_directory().iterdir() if p.name.startswith(".")]  # no draft left


def test_a_key_made_meanwhile_by_another_process_is_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    made = secrets_module.token_bytes(KEY_BYTES)
    real_link = os.link

    def race(source: object, target: object) -> None:
        (tmp_path / KEY_NAME).write_bytes(made)  # the other process links its key first
        (tmp_path / KEY_NAME).chmod(0o600)
        real_link(source, target)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "link", race)
    assert secret_for_writing(tmp_path) == made


@pytest.mark.parametrize(
    "record",
    [
        (("t", (), None, None, None, None, None), [], {}),  # an old head, then no chunks at all
        compile("1", "<x>", "eval"),
        [[[[]]]],
        "a string",
    ],
)
def test_a_cache_file_of_the_wrong_shape_is_a_miss_even_when_sealed(copy: Path, record: object) -> None:
    expected = load_catalog(copy)
    (cached,) = cache.cache_directory().glob("*.marshal")
    with cached.open("wb") as file:
        cache._put(file, cache._seal(cached.stem, _our_secret()), record)
    assert load_catalog(copy) == expected


def test_a_cache_file_others_may_write_is_not_read(copy: Path) -> None:
    expected = load_catalog(copy)
    cached = _plant(copy, _retitled("Planted"), _our_secret())
    cached.chmod(0o666)
    assert load_catalog(copy) == expected
    _plant(copy, _retitled("Planted"), _our_secret()).chmod(0o600)
    assert load_catalog(copy).works["lovelace1843notes"].title == "Planted"  # the mode is what refused it


def test_the_cache_is_used_under_a_group_writable_umask(copy: Path) -> None:
    old = os.umask(0o002)
    try:
        load_catalog(copy)
    finally:
        os.umask(old)
    (cached,) = cache.cache_directory().glob("*.marshal")
    assert cached.stat().st_mode & 0o777 == 0o600
    _plant(copy, _retitled("Planted"), _our_secret()).chmod(0o600)
    assert load_catalog(copy).works["lovelace1843notes"].title == "Planted"  # read from the cache


def _synthetic(tmp_path: Path, size: int) -> Path:
    """A synthetic catalog of ``size`` works from ``benchmarks/synth.py`` (seeded: the same on every run)."""
    spec = importlib.util.spec_from_file_location("synth", ROOT / "benchmarks" / "synth.py")
    assert spec is not None and spec.loader is not None
    synth = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(synth)
    return Path(synth.write_catalog(size, tmp_path / f"synth-{size}.toml"))


@pytest.mark.parametrize("which", ["bundled", "synthetic"])
def test_a_warm_catalog_equals_the_cold_one_in_every_field(
    which: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "CHUNK", 300)  # several chunks, the last one short
    path = bundled_catalog_path() if which == "bundled" else _synthetic(tmp_path, 1_000)
    cold = load_catalog(path)
    warm = cache.load_cached_file(path, 1 << 26)
    assert warm is not None  # from the cache
    for field in dataclasses.fields(Catalog):
        name = field.name.lstrip("_")  # ``_memberships`` is read as ``memberships``: made on first use
        assert getattr(warm, name) == getattr(cold, name), name
    assert list(warm.sections) == list(cold.sections) and list(warm.works) == list(cold.works)  # the same order
    for work_id, work in cold.works.items():
        assert warm.works[work_id]._asdict() == work._asdict()
        assert warm.sections_of(work_id) == cold.sections_of(work_id)


def test_a_cached_catalog_makes_its_memberships_on_first_use(copy: Path) -> None:
    cold = load_catalog(copy)
    warm = load_catalog(copy)  # from the cache
    assert callable(warm._memberships)  # nothing made before the first paint needs it
    assert warm.memberships == cold.memberships
    assert warm._memberships is warm.memberships  # made once, then kept


@pytest.mark.parametrize("place", [-1, 10_000])
def test_a_sealed_file_whose_memberships_point_nowhere_is_a_miss(copy: Path, place: int) -> None:
    """Checked when the file is read, not when the memberships are made after the first paint."""
    expected = load_catalog(copy)
    (cached,) = cache.cache_directory().glob("*.marshal")
    real = cache._put

    def put(file: object, seal: object, value: object) -> None:
        if isinstance(value, tuple) and len(value) == 2 and isinstance(value[1], list):  # a chunk of works
            value = (value[0], [place, *value[1][1:]])
        real(file, seal, value)  # type: ignore[arg-type]

    with pytest.MonkeyPatch.context() as patch, cached.open("wb") as file:
        patch.setattr(cache, "_put", put)
        cache._write(file, expected, cached.stem, _our_secret())
    assert cache.load_cached_file(copy, 1 << 26) is None
    assert load_catalog(copy).memberships == expected.memberships


def test_section_positions_become_the_works_own_ids() -> None:
    """A section's works are stored as positions and come back as the works' ids, as a tuple, for 0, 1 or many."""
    ids_at, ids = cache._ids_at, ["a", "b", "c", "d"]
    assert ids_at(ids, []) == ()
    assert ids_at(ids, [2]) == ("c",)
    assert ids_at(ids, [0, 3, 1]) == ("a", "d", "b")
    assert all(found is ids[n] for found, n in zip(ids_at(ids, [1, 2]), [1, 2], strict=True))
    with pytest.raises(IndexError):
        ids_at(ids, [0, 4])
