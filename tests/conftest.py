"""Shared fixtures: keep the person's own config, state and clipboard out of every test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from aligntui import clipboard, links
from aligntui.catalog import Catalog
from aligntui.loader import load_catalog

DATA = Path(__file__).parent / "data"
REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference"


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Private config and state directories, no system clipboard, no browser."""
    monkeypatch.setenv("ALIGNTUI_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("ALIGNTUI_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.setenv("ALIGNTUI_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("ALIGNTUI_CLIPBOARD", raising=False)
    monkeypatch.setattr(clipboard, "native_copy", lambda text: "no system clipboard in tests")
    monkeypatch.setattr(links, "_has_graphical_browser", lambda: False)
    yield


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    """The bundled catalog, loaded once."""
    return load_catalog()


# Property tests run the same examples on every run, so the suite stays deterministic.
settings.register_profile("aligntui", derandomize=True, database=None, deadline=None)
settings.load_profile("aligntui")
