"""A first open stores the parse cache after the first paint, and at the latest when the explorer ends.

Issue 23: storing the cache of a 100,000-work catalog costs 0.2-0.3 s of CPU, which the first
paint of a first open must not wait for (``catalog.load.load_catalog_deferred``).
"""

from __future__ import annotations

import functools
import io
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from aligntui.catalog import parse_cache as cache
from aligntui.catalog.load import load_catalog_deferred
from aligntui.cli.main import run
from aligntui.personal.settings import Settings
from aligntui.tui.app import AlignApp, make_app

from ..conftest import DATA


@pytest.fixture
def copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(cache, "MIN_BYTES", 0)  # small.toml is cached as a large file would be
    target = tmp_path / "catalog.toml"
    shutil.copy(DATA / "small.toml", target)
    return target


def stored() -> list[Path]:
    return list(cache.cache_directory().glob("*.marshal"))


def explore_until_first_frame(copy: Path, monkeypatch: pytest.MonkeyPatch, at_paint: Callable[[], None]) -> int:
    """Run ``aligntui --catalog copy`` headless; call ``at_paint`` at the first frame, then quit; the exit status."""
    ready = AlignApp.on_ready

    def on_ready(self: AlignApp) -> None:
        at_paint()
        ready(self)
        self.call_later(self.exit)

    monkeypatch.setattr(AlignApp, "on_ready", on_ready)
    monkeypatch.setattr(AlignApp, "run", functools.partialmethod(AlignApp.run, headless=True, size=(100, 30)))
    return run(["--catalog", str(copy)], io.StringIO(), io.StringIO())


def test_the_explorer_stores_the_cache_after_the_index_not_before_its_first_paint(
    copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen_at_paint: list[int] = []
    assert explore_until_first_frame(copy, monkeypatch, lambda: seen_at_paint.append(len(stored()))) == 0
    assert seen_at_paint == [0]  # not stored when the first frame was drawn
    assert len(stored()) == 1  # stored by the time the explorer ended


async def test_the_cache_is_stored_once_whoever_asks_first(copy: Path) -> None:
    catalog, store = load_catalog_deferred(copy)
    assert store is not None
    calls: list[None] = []

    def counted() -> None:
        calls.append(None)
        store()

    app = make_app(catalog, Settings(), {}, store_cache=counted)
    async with app.run_test(size=(100, 30)):
        await app.workers.wait_for_complete()
    app.store_parse_cache()  # what the CLI does at exit
    assert len(calls) == 1 and len(stored()) == 1


def test_the_explorer_never_reads_the_catalog_file_again_to_name_its_session(
    copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The session file's name comes from the loaded catalog, at start and at exit (0.2 s at 100,000 works)."""
    import aligntui.personal.catalogname as catalogname
    from aligntui.personal.session import load_session

    def refuse(path: Path) -> str | None:
        raise AssertionError(f"{path} was read again to name the session")

    monkeypatch.setattr(catalogname, "identity_of_file", refuse)
    assert explore_until_first_frame(copy, monkeypatch, lambda: None) == 0
    catalog, _ = load_catalog_deferred(copy)
    assert load_session(catalog).open_sections  # the session was saved under the catalog's name
