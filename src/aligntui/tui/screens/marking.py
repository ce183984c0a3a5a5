"""The main screen's part in one's marks and session: asking for a change, showing one, restoring a session.

The screen asks (a confirm dialog, the note editor) and posts
``MainScreen.MarkRequested``; the App writes the files and then calls
``show_marks_changed``. ``session_of`` and ``restore_session`` turn the
screen's place into an ``aligntui.personal.session.Session`` and back.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING

from aligntui.personal.session import Session
from aligntui.tui.screens.note import NoteEditor
from aligntui.tui.screens.picker import Picker
from aligntui.tui.widgets.marks_block import repaint_rows

if TYPE_CHECKING:
    from aligntui.tui.screens.main import MainScreen

__all__ = ["ask_mark", "restore_session", "session_of", "show_marks_changed"]


def ask_mark(screen: MainScreen, change: str) -> None:
    """Post a change of ``change`` (star, status, note, bib) for the work under the cursor, asking where needed.

    On a section, ``star`` asks first and then stars, and ``bib`` adds, every
    (matching) work under it; ``status`` and ``note`` need a work.
    """
    works, what = screen._works_under_cursor()
    work, _ = screen.current()
    if not works or (work is None and change in ("status", "note")):
        screen.notify("Put the cursor on a work first." if works else "Nothing here.", severity="warning")
        return
    ids = tuple(w.id for w in works)

    def post(kind: str, note: str | None) -> None:
        if note is not None:  # None: the dialog was cancelled
            screen.post_message(screen.MarkRequested(kind, ids, what, note))

    if change == "note":
        personal = screen.browser.personal
        note = personal.store.get(ids[0]).note if personal is not None else ""
        screen.app.push_screen(NoteEditor(works[0].title, note), lambda text: post("note", text))
    elif change == "star" and work is None:
        choices = [("star", f"Star {what}"), ("cancel", "Cancel")]
        screen.app.push_screen(
            Picker(f"Star {what}?", choices), lambda key: post("star-all", "" if key == "star" else None)
        )
    else:
        post(change, "")


def show_marks_changed(screen: MainScreen, work_ids: Collection[str]) -> None:
    """Show changed marks: re-run a query about marks (its matches changed), else repaint the rows and the detail."""
    if screen.view.personal_query:
        ref = screen.taxonomy.cursor_ref
        screen.watch_query_text(screen.query_text)
        if ref is not None:
            screen.taxonomy.select_ref(ref)
        return
    repaint_rows(screen.taxonomy, screen.view, work_ids)
    screen._pending = screen.taxonomy.cursor_ref
    screen._show_detail()


def session_of(screen: MainScreen) -> Session:
    """Where the person is, for the next start: the open sections (as unfiltered), the cursor and the query."""
    tree = screen.taxonomy
    saved = screen._saved if screen.view.filtered else None
    opened, saved_cursor = saved if saved is not None else (tree.expanded_sections(), None)
    ref = tree.cursor_ref or saved_cursor
    order = tuple(s for s in screen.view.catalog.sections if s in opened)
    return Session(order, ref.section if ref else None, ref.work if ref else None, screen.query_text)


def restore_session(screen: MainScreen, session: Session) -> None:
    """Show the tree as ``session`` left it: open sections, the cursor, then the query (skipping what has gone)."""
    expanded, cursor = session.places(screen.view.catalog)
    screen.taxonomy.show(screen.view, expanded=expanded, cursor=cursor)
    if session.query.strip():
        screen.filter_input.value = session.query
        screen.query_text = session.query
        if cursor is not None:
            screen.taxonomy.select_ref(cursor)
