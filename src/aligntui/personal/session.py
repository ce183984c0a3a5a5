"""Where a person left off in a catalog: open sections, the selected work, the last query (pure).

One small JSON file per catalog in ``state_dir()/sessions/`` (named like the
marks file, ``aligntui.personal.marks.catalog_slug``). Losing it costs only the
restore, so an unreadable file counts as no session and a failed write is
reported, not raised.

The file is untrusted like any other: it is read through
``aligntui.system.jsonread`` (a regular file of at most ``MAX_SESSION_BYTES``,
nested at most ``MAX_DEPTH`` levels), and a value that a person could not
have left there is dropped, not restored: a query longer than
``MAX_QUERY_CHARS`` or holding a character ``aligntui.text.safe`` calls unsafe
(an escape sequence would reach the terminal through the filter box), an id
longer than ``MAX_ID_CHARS``, more than ``MAX_OPEN_SECTIONS`` open sections.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from aligntui.browse.model import NodeRef
from aligntui.catalog.model import Catalog
from aligntui.personal.marks import catalog_slug
from aligntui.system.atomic import write_atomically
from aligntui.system.dirs import state_dir
from aligntui.system.jsonread import read_json
from aligntui.text.safe import is_safe_line, storable

__all__ = ["SESSION_FORMAT", "Session", "load_session", "save_session", "session_path"]

SESSION_FORMAT = 1
"""The version of the session file (``docs/marks.md``)."""
MAX_SESSION_BYTES = 4 * 1024 * 1024
"""Session files larger than this (4 MiB) are not read; a few hundred bytes is usual."""
MAX_DEPTH = 4
"""How deeply a session file may nest arrays and objects (it needs 2)."""
MAX_QUERY_CHARS = 2_000
"""The longest query restored: far more than anyone types, far less than makes each keystroke slow."""
MAX_ID_CHARS = 200
"""The longest section or work id restored."""
MAX_OPEN_SECTIONS = 100_000
"""The most open sections restored."""


@dataclass(frozen=True, slots=True)
class Session:
    """What to restore: open section ids (tree order), the selected section and work ids, the query text."""

    open_sections: tuple[str, ...] = ()
    selected_section: str | None = None
    selected_work: str | None = None
    query: str = ""

    def places(self, catalog: Catalog) -> tuple[set[str] | None, NodeRef | None]:
        """The open sections (None: the tree's default) and the cursor to restore, skipping what left the catalog."""
        sections = catalog.sections
        expanded = {s for s in self.open_sections if s in sections}
        opened = None if not expanded and self.selected_section is None else expanded
        section, work = self.selected_section, self.selected_work
        if section is None or section not in sections or (work is not None and work not in sections[section].works):
            return opened, None
        return opened, NodeRef(section, work)


def session_path(catalog_path: Catalog | Path | None) -> Path:
    """The session file of a catalog (``None``: the bundled catalog).

    Given the loaded ``Catalog`` rather than its file, the name comes from its
    survey without reading the file again (a second of a 100,000-work start).
    """
    return state_dir() / "sessions" / f"{catalog_slug(catalog_path)}.json"


def _text(value: object, limit: int = MAX_ID_CHARS) -> str | None:
    """``value`` when it is one line of safe text of at most ``limit`` characters, else None."""
    return value if isinstance(value, str) and len(value) <= limit and is_safe_line(value) else None


def _ids(values: Iterable[object]) -> tuple[str, ...]:
    kept = (_text(value) for value in values)
    return tuple(value for value in kept if value is not None)[:MAX_OPEN_SECTIONS]


def load_session(catalog_path: Catalog | Path | None) -> Session:
    """The session saved for a catalog; an empty ``Session`` when there is none or it is unreadable.

    Ids that are no longer in the catalog are the App's to skip.
    """
    try:
        data = read_json(session_path(catalog_path), limit=MAX_SESSION_BYTES, max_depth=MAX_DEPTH)
    except (OSError, ValueError):
        return Session()
    if not isinstance(data, dict) or data.get("format") != SESSION_FORMAT:
        return Session()
    sections = data.get("open_sections")
    return Session(
        open_sections=_ids(sections) if isinstance(sections, list) else (),
        selected_section=_text(data.get("selected_section")),
        selected_work=_text(data.get("selected_work")),
        query=_text(data.get("query"), MAX_QUERY_CHARS) or "",
    )


def save_session(catalog_path: Catalog | Path | None, session: Session) -> str | None:
    """Write a catalog's session atomically; None when written, else why not (for a notification).

    Given the loaded ``Catalog``, the file is named without reading the catalog file again (0.2 s at 100,000 works).
    """
    path = session_path(catalog_path)
    data = {
        "format": SESSION_FORMAT,
        "open_sections": list(session.open_sections),
        "selected_section": session.selected_section,
        "selected_work": session.selected_work,
        # A lone surrogate (a broken paste into the filter) cannot be written as UTF-8: kept as U+FFFD.
        "query": storable(session.query)[0],
    }
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, json.dumps(data, indent=2, ensure_ascii=False) + "\n", sync=False)
    except OSError as error:
        return f"session not saved ({error.strerror or error}: {path})"
    except ValueError:  # a name with a NUL character, from ALIGNTUI_STATE_DIR
        return f"session not saved (a bad file name: {path!r})"
    return None
