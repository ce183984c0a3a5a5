"""Where aligntui keeps its settings and what it remembers between runs (pure).

Settings (``config.toml``) are written by people; state (``state.json``) is
written by the app: the theme and the citation format chosen last. Both live
in the platform's directories (platformdirs, which Textual already depends
on), or where ``ALIGNTUI_CONFIG_DIR`` / ``ALIGNTUI_STATE_DIR`` point.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

__all__ = ["CLIPBOARD_METHODS", "Settings", "load_settings", "load_state", "save_state"]

CLIPBOARD_METHODS = ("auto", "native", "osc52", "both", "show")
"""How a copy reaches the clipboard; ``auto`` tries native, then OSC 52."""


def _directory(variable: str, kind: str) -> Path:
    override = os.environ.get(variable)
    if override:
        return Path(override)
    import platformdirs

    if kind == "config":
        return Path(platformdirs.user_config_dir("aligntui", appauthor=False))
    return Path(platformdirs.user_state_dir("aligntui", appauthor=False))


def config_path() -> Path:
    """The settings file people edit."""
    return _directory("ALIGNTUI_CONFIG_DIR", "config") / "config.toml"


def state_path() -> Path:
    """The file the app writes what it remembers to."""
    return _directory("ALIGNTUI_STATE_DIR", "state") / "state.json"


@dataclass(frozen=True, slots=True)
class Settings:
    """What a person has configured, with the problems found reading it."""

    clipboard: str = "auto"
    warnings: tuple[str, ...] = ()


def load_settings() -> Settings:
    """Read ``config.toml`` and ``ALIGNTUI_CLIPBOARD``; bad values become warnings."""
    warnings: list[str] = []
    data: dict[str, Any] = {}
    path = config_path()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        pass
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        warnings.append(f"{path}: {error}; using the defaults")
    clipboard = os.environ.get("ALIGNTUI_CLIPBOARD") or data.get("clipboard", "auto")
    if clipboard not in CLIPBOARD_METHODS:
        warnings.append(f"clipboard = {clipboard!r} is not one of {', '.join(CLIPBOARD_METHODS)}; using auto")
        clipboard = "auto"
    return Settings(clipboard=str(clipboard), warnings=tuple(warnings))


def load_state() -> dict[str, Any]:
    """What the app remembered last time; an unreadable file counts as empty."""
    try:
        data = json.loads(state_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def save_state(**changes: Any) -> bool:
    """Merge ``changes`` into the state file, atomically; False if it could not be written."""
    path = state_path()
    state = load_state()
    state.update(changes)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".state.", dir=path.parent)
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            json.dump(state, file, indent=2)
        os.replace(temporary, path)
    except OSError:
        return False
    return True
