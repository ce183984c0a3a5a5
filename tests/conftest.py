"""Shared fixtures: keep the person's own files, clipboard and browser out of every test.

The environment is isolated here, when pytest first imports this file and so
before any test module is imported or any fixture runs: a test module that
loads a catalog at import time still writes its parse cache into a private
folder, never into ``~/.cache``. Each test then gets folders of its own.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

DATA = Path(__file__).parent / "data"
REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference"
UI_CATALOG = DATA / "ui.toml"
"""A small catalog for the UI tests, so that data fixes to the bundled catalog never break them."""

_FOLDERS = ("CONFIG", "STATE", "CACHE", "DATA")
_SESSION = Path(tempfile.mkdtemp(prefix="aligntui-tests-"))
atexit.register(shutil.rmtree, _SESSION, ignore_errors=True)
for _name in _FOLDERS:
    os.environ[f"ALIGNTUI_{_name}_DIR"] = str(_SESSION / _name.lower())
for _name in ("HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME"):
    os.environ[_name] = str(_SESSION / "home" / _name.lower())
# A terminal or multiplexer the tests run in must not change what a copy or an open does (nor be touched).
for _name in (
    "ALIGNTUI_CLIPBOARD",
    "BROWSER",
    "DISPLAY",
    "WAYLAND_DISPLAY",
    "TMUX",
    "VTE_VERSION",
    "TERM_PROGRAM",
    "WSL_DISTRO_NAME",
):
    os.environ.pop(_name, None)

from aligntui.catalog.load import load_catalog  # noqa: E402
from aligntui.catalog.model import Catalog  # noqa: E402
from aligntui.system import browser as links  # noqa: E402 - imported after the environment is isolated
from aligntui.system import clipboard  # noqa: E402


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Private config, state, data and cache folders per test; no system clipboard, no browser."""
    for name in _FOLDERS:
        monkeypatch.setenv(f"ALIGNTUI_{name}_DIR", str(tmp_path / name.lower()))
    monkeypatch.delenv("ALIGNTUI_CLIPBOARD", raising=False)
    monkeypatch.setattr(clipboard, "native_copy", lambda text: "no system clipboard in tests")
    monkeypatch.setattr(links, "_has_graphical_browser", lambda: False)
    yield


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    """The bundled catalog, loaded once: for tests of the catalog's own data."""
    return load_catalog()


@pytest.fixture(scope="session")
def ui_catalog() -> Catalog:
    """The small UI-test catalog, loaded once."""
    return load_catalog(UI_CATALOG)


# Property tests run the same examples on every run, so the suite stays deterministic.
settings.register_profile("aligntui", derandomize=True, database=None, deadline=None)
settings.load_profile("aligntui")
