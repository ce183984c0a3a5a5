"""Where a person left off in a catalog: open sections, the selected work, the last query (pure).

One small JSON file per catalog in ``state_dir()/sessions/`` (named like the
marks file, ``aligntui.personal.marks.catalog_slug``). Losing it costs only the
restore, so an unreadable file counts as no session and a failed write is
reported, not raised.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from aligntui.browse.model import NodeRef
from aligntui.catalog.model import Catalog
from aligntui.personal.marks import catalog_slug
from aligntui.system.atomic import write_atomically
from aligntui.system.dirs import state_dir

__all__ = ["SESSION_FORMAT", "Session", "load_session", "save_session", "session_path"]

SESSION_FORMAT = 1
"""The version of the session file (``docs/marks.md``)."""


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


def session_path(catalog_path: Path | None) -> Path:
    """The session file of a catalog (``None``: the bundled catalog)."""
    return state_dir() / "sessions" / f"{catalog_slug(catalog_path)}.json"


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def load_session(catalog_path: Path | None) -> Session:
    """The session saved for a catalog; an empty ``Session`` when there is none or it is unreadable.

    Ids that are no longer in the catalog are the App's to skip.
    """
    try:
        data = json.loads(session_path(catalog_path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Session()
    if not isinstance(data, dict) or data.get("format") != SESSION_FORMAT:
        return Session()
    sections = data.get("open_sections")
    return Session(
        open_sections=tuple(s for s in sections if isinstance(s, str)) if isinstance(sections, list) else (),
        selected_section=_text(data.get("selected_section")),
        selected_work=_text(data.get("selected_work")),
        query=_text(data.get("query")) or "",
    )


def save_session(catalog_path: Path | None, session: Session) -> str | None:
    """Write a catalog's session atomically; None when written, else why not (for a notification)."""
    path = session_path(catalog_path)
    data = {
        "format": SESSION_FORMAT,
        "open_sections": list(session.open_sections),
        "selected_section": session.selected_section,
        "selected_work": session.selected_work,
        "query": session.query,
    }
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, json.dumps(data, indent=2, ensure_ascii=False) + "\n", sync=False)
    except OSError as error:
        return f"session not saved ({error.strerror or error}: {path})"
    return None
