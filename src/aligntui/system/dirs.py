"""Where aligntui keeps files: configuration, state, personal data and caches (pure).

Each folder comes from platformdirs (already a dependency of Textual), as the
platform's conventions want it (``~/.config/aligntui``, ``~/.local/state/aligntui``,
``~/.local/share/aligntui`` and ``~/.cache/aligntui`` on Linux, honouring the
``XDG_*`` variables), unless an ``ALIGNTUI_*_DIR`` variable names another.
Nothing here creates a folder; writers create what they need.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["cache_dir", "config_dir", "data_dir", "state_dir"]


def _folder(variable: str, kind: str) -> Path:
    override = os.environ.get(variable)
    if override:
        return Path(override)
    import platformdirs

    finder = {
        "config": platformdirs.user_config_dir,
        "state": platformdirs.user_state_dir,
        "data": platformdirs.user_data_dir,
        "cache": platformdirs.user_cache_dir,
    }[kind]
    return Path(finder("aligntui", appauthor=False))


def config_dir() -> Path:
    """Settings people write (``ALIGNTUI_CONFIG_DIR`` overrides)."""
    return _folder("ALIGNTUI_CONFIG_DIR", "config")


def state_dir() -> Path:
    """What the app remembers between runs, and crash reports (``ALIGNTUI_STATE_DIR`` overrides)."""
    return _folder("ALIGNTUI_STATE_DIR", "state")


def data_dir() -> Path:
    """What a person decides and must never lose: marks (``ALIGNTUI_DATA_DIR`` overrides)."""
    return _folder("ALIGNTUI_DATA_DIR", "data")


def cache_dir() -> Path:
    """Parsed catalogs, safe to delete (``ALIGNTUI_CACHE_DIR`` overrides)."""
    return _folder("ALIGNTUI_CACHE_DIR", "cache")
