"""Where aligntui keeps its settings and what it remembers between runs (pure).

Settings (``config.toml``) are written by people; state (``state.json``) is
written by the app: the theme and the citation format chosen last. Both live
in the platform's directories (platformdirs, which Textual already depends
on), or where ``ALIGNTUI_CONFIG_DIR`` / ``ALIGNTUI_STATE_DIR`` point.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aligntui.system.atomic import write_atomically
from aligntui.system.dirs import config_dir, state_dir
from aligntui.system.regularfile import read_regular
from aligntui.system.tomlread import TOMLDecodeError, loads

__all__ = ["CLIPBOARD_METHODS", "Settings", "load_settings", "load_state", "save_state"]

MAX_SETTINGS_BYTES = 1024 * 1024
"""``config.toml`` and ``state.json`` larger than this (1 MiB) are not read: a few hundred bytes is usual."""

CLIPBOARD_METHODS = ("auto", "native", "osc52", "both", "show")
"""How a copy reaches the clipboard; ``auto`` tries native, then OSC 52."""


def config_path() -> Path:
    """The settings file people edit."""
    return config_dir() / "config.toml"


def state_path() -> Path:
    """The file the app writes what it remembers to."""
    return state_dir() / "state.json"


@dataclass(frozen=True, slots=True)
class Settings:
    """What a person has configured, with the problems found reading it."""

    clipboard: str = "auto"
    bib: Path | None = None
    """The .bib file ``b`` appends to (``bib = "paper/refs.bib"``, ``~`` expanded, relative to the start folder)."""
    warnings: tuple[str, ...] = ()


def load_settings() -> Settings:
    """Read ``config.toml`` and ``ALIGNTUI_CLIPBOARD``; bad values become warnings."""
    warnings: list[str] = []
    data: dict[str, Any] = {}
    path = config_path()
    try:
        data = loads(read_regular(path, MAX_SETTINGS_BYTES).decode("utf-8"))
    except FileNotFoundError:
        pass
    except (OSError, UnicodeDecodeError, TOMLDecodeError, RecursionError) as error:
        warnings.append(f"{path}: {error}; using the defaults")
    clipboard = os.environ.get("ALIGNTUI_CLIPBOARD") or data.get("clipboard", "auto")
    if clipboard not in CLIPBOARD_METHODS:
        warnings.append(f"clipboard = {clipboard!r} is not one of {', '.join(CLIPBOARD_METHODS)}; using auto")
        clipboard = "auto"
    bib = data.get("bib")
    if bib is not None and (not isinstance(bib, str) or not bib.strip()):
        warnings.append(f"{path}: bib = {bib!r} is not a file name; no bibliography file")
        bib = None
    bib_path = Path(bib).expanduser() if bib else None
    return Settings(clipboard=str(clipboard), bib=bib_path, warnings=tuple(warnings))


def load_state() -> dict[str, Any]:
    """What the app remembered last time; an unreadable file counts as empty."""
    try:
        data = json.loads(read_regular(state_path(), MAX_SETTINGS_BYTES).decode("utf-8"))
    except (OSError, ValueError, RecursionError):  # RecursionError: JSON nested a thousand levels deep
        return {}
    return data if isinstance(data, dict) else {}


def save_state(**changes: Any) -> bool:
    """Merge ``changes`` into the state file, atomically; False if it could not be written."""
    path = state_path()
    state = load_state()
    state.update(changes)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, json.dumps(state, indent=2))
    except OSError:
        return False
    return True
