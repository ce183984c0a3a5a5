"""Where aligntui keeps its settings and what it remembers between runs (pure).

Settings (``config.toml``) are written by people; state (``state.json``) is
written by the app: the theme and the citation format chosen last. Both live
in the platform's directories (platformdirs, which Textual already depends
on), or where ``ALIGNTUI_CONFIG_DIR`` / ``ALIGNTUI_STATE_DIR`` point.

Both are untrusted: read through ``aligntui.system.regularfile`` (a regular
file of at most ``MAX_SETTINGS_BYTES``) and ``aligntui.system.jsonread``
(bounded depth), and every value is checked before use: a ``bib`` file name
must be one line of safe text (``aligntui.text.safe``) without NUL, of at most
``MAX_PATH_CHARS``; a remembered value must be a short safe string, a number
or true/false. A bad value is a warning (settings) or is forgotten (state),
and a warning shows it through ``safe.clipped``: one short line.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aligntui.system.atomic import write_atomically
from aligntui.system.dirs import config_dir, state_dir
from aligntui.system.jsonread import read_json
from aligntui.system.regularfile import read_regular_text
from aligntui.system.tomlread import TOMLDecodeError, loads
from aligntui.text.safe import clipped, is_safe_line

__all__ = ["CLIPBOARD_METHODS", "Settings", "load_settings", "load_state", "save_state"]

MAX_SETTINGS_BYTES = 1024 * 1024
"""``config.toml`` and ``state.json`` larger than this (1 MiB) are not read: a few hundred bytes is usual."""
MAX_PATH_CHARS = 4096
"""The longest file name a setting may hold (Linux's ``PATH_MAX``)."""
MAX_STATE_CHARS = 200
"""The longest string the state file may remember (a theme's or a citation format's name)."""

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
        data = loads(read_regular_text(path, MAX_SETTINGS_BYTES))
    except FileNotFoundError:
        pass
    except (OSError, ValueError, TOMLDecodeError, RecursionError) as error:
        warnings.append(f"{clipped(str(path))}: {clipped(str(error))}; using the defaults")
    clipboard = os.environ.get("ALIGNTUI_CLIPBOARD") or data.get("clipboard", "auto")
    if clipboard not in CLIPBOARD_METHODS:
        shown = clipped(repr(clipboard), 60)
        warnings.append(f"clipboard = {shown} is not one of {', '.join(CLIPBOARD_METHODS)}; using auto")
        clipboard = "auto"
    bib = data.get("bib")
    problem = _file_name_problem(bib) if bib is not None else None
    if problem is not None:
        warnings.append(f"{clipped(str(path))}: bib = {clipped(repr(bib), 60)} {problem}; no bibliography file")
        bib = None
    bib_path = _expanded(bib) if bib else None
    return Settings(clipboard=str(clipboard), bib=bib_path, warnings=tuple(warnings))


def _file_name_problem(value: object) -> str | None:
    """Why a setting's value is no file name (a phrase), or None."""
    if not isinstance(value, str) or not value.strip():
        return "is not a file name"
    if len(value) > MAX_PATH_CHARS:
        return f"is longer than {MAX_PATH_CHARS} characters"
    if "\0" in value or not is_safe_line(value):
        return "holds a control or invisible character"
    return None


def _expanded(name: str) -> Path:
    """``~`` expanded where it can be (``~nobody`` stays as written)."""
    try:
        return Path(name).expanduser()
    except RuntimeError:  # no home folder for that user
        return Path(name)


def _remembered(value: Any) -> bool:
    """Whether a value of the state file is one the app could have written: short safe text, a number, a flag."""
    if isinstance(value, str):
        return len(value) <= MAX_STATE_CHARS and is_safe_line(value)
    return isinstance(value, (bool, int, float)) and abs(value) < sys.maxsize


def load_state() -> dict[str, Any]:
    """What the app remembered last time; an unreadable file counts as empty."""
    try:
        data = read_json(state_path(), limit=MAX_SETTINGS_BYTES, max_depth=4)
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {key: value for key, value in data.items() if _remembered(value)}


def save_state(**changes: Any) -> bool:
    """Merge ``changes`` into the state file, atomically; False if it could not be written."""
    path = state_path()
    state = load_state()
    state.update(changes)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, json.dumps(state, indent=2))
    except (OSError, ValueError):  # ValueError: a NUL in ALIGNTUI_STATE_DIR
        return False
    return True
