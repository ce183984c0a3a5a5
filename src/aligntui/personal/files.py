"""The App's side of one's own files: the marks store, the .bib file and the session (no Textual).

``AlignApp`` holds one ``PersonalFiles``, made by ``make_app`` with
``PersonalFiles.read``; each change writes its file at once and returns what
to tell the person as ``Notice`` rows, which the App shows. Nothing here
raises for a file that cannot be written: a read-only or full disk becomes a
notice, and the marks store keeps the change in memory and retries it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal, NamedTuple

from aligntui.personal.bibfile import BibError, already_message, append_works, read_bib, renamed_message
from aligntui.personal.marks import STATUS_LABELS, MarkStore, Saved
from aligntui.personal.session import Session, load_session, save_session
from aligntui.personal.terms import Personal

if TYPE_CHECKING:
    from aligntui.catalog.model import Catalog, Work

__all__ = ["Notice", "PersonalFiles"]


class Notice(NamedTuple):
    """One notification: its text (untrusted parts included: the App escapes it) and how serious it is."""

    text: str
    severity: Literal["information", "warning", "error"] = "information"


def _saved(saved: Saved, done: str) -> list[Notice]:
    """The notices of a marks change: its warnings, then ``done`` or why it was not written."""
    notices = [Notice(warning, "warning") for warning in saved.warnings]
    notices.append(Notice(done) if saved.ok else Notice(saved.message, "error"))
    return notices


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' if count != 1 else ''}"


@dataclass
class PersonalFiles:
    """One's marks (``personal``, None: marks are off), the .bib file's path and the session to restore."""

    personal: Personal | None = None
    bib_path: Path | None = None
    session: Session = field(default_factory=Session)
    warnings: tuple[str, ...] = ()
    """Problems met reading the files, for the App to show once at the start."""

    @classmethod
    def read(cls, catalog: Catalog, bib_path: Path | None, *, fresh: bool = False) -> PersonalFiles:
        """Read the catalog's marks, the .bib file (if named) and the saved session (unless ``fresh``)."""
        # The loaded catalog, not its path: naming its files from the path would read the whole file again.
        store = MarkStore.for_catalog(catalog)
        warnings = list(store.warnings)
        bib = None
        if bib_path is not None:
            try:
                bib = read_bib(bib_path, missing_ok=True)
            except BibError as error:
                warnings.append(f"{error}; b cannot add to it until that is fixed")
        session = Session() if fresh else load_session(catalog)
        return cls(Personal(store, catalog.works, bib), bib_path, session, tuple(warnings))

    def change_mark(self, change: str, work_ids: Sequence[str], what: str, note: str = "") -> list[Notice]:
        """Star (``star``, ``star-all``), cycle the ``status`` of, or set the ``note`` of works; saved at once."""
        if self.personal is None:
            return [Notice("Marks are off in this run.", "warning")]
        store = self.personal.store
        first = work_ids[0]
        if change == "star":
            saved = store.toggle_star(first)
            return _saved(saved, f"{'Starred' if store.get(first).starred else 'Unstarred'} {what}")
        if change == "star-all":
            return _saved(store.set_starred(work_ids, True), f"Starred {what}")
        if change == "status":
            saved = store.cycle_status(first)
            return _saved(saved, f"{what}: {STATUS_LABELS[store.get(first).status]}")
        if change == "note":
            saved = store.set_note(first, note)
            return _saved(saved, f"Note {'saved' if note.strip() else 'removed'} for {what}")
        raise ValueError(f"unknown change {change!r}")

    def add_to_bib(self, works: Sequence[Work], what: str) -> tuple[list[Notice], tuple[str, ...], str | None]:
        """Append the works the .bib lacks: (notices, ids added, the key to copy when the one work was there)."""
        path = self.bib_path
        if path is None:
            return [Notice("No bibliography file: start with --bib FILE or choose one (Ctrl+P).", "warning")], (), None
        try:
            result = append_works(path, works)
        except BibError as error:
            return [Notice(f"Not added: {error}", "error")], (), None
        notices = self._reload()
        # A key clash (the .bib's entry with this id is another work): say which key the work was added under.
        notices += [Notice(renamed_message(path, renamed), "warning") for renamed in result.renamed]
        if not result.added and len(result.present) == 1:
            return notices, (), result.present[0].key  # the App says already_message and copies the key
        if not result.added:
            notices.append(Notice(f"All {_plural(len(result.present), 'work')} already in {path.name}"))
        else:
            there = f"; {len(result.present)} already there" if result.present else ""
            added = what if len(result.added) == 1 and len(works) == 1 else _plural(len(result.added), "work")
            notices.append(Notice(f"Added {added} to {path.name}{there}"))
        return notices, result.added, None

    def choose_bib(self, path: Path) -> list[Notice]:
        """Use ``path`` as the bibliography file from now on (a missing file is created by the first ``b``)."""
        self.bib_path = path
        notices = self._reload()
        personal = self.personal
        count = len(personal.bib_ids()) if personal is not None and personal.bib is not None else 0
        if not notices:
            notices.append(Notice(f"Bibliography file: {path} ({_plural(count, 'catalog work')} in it)"))
        return notices

    def _reload(self) -> list[Notice]:
        """Re-read the .bib file after it changed, so that its signs and ``is:inbib`` follow."""
        if self.personal is None or self.bib_path is None:
            return []
        try:
            self.personal.set_bib(read_bib(self.bib_path, missing_ok=True))
        except BibError as error:
            self.personal.set_bib(None)
            return [Notice(f"{error}; b cannot add to it until that is fixed", "error")]
        return []

    def already(self, key: str) -> str:
        """The notice for the one work the .bib already had: ``already in refs.bib as \\cite{key}``."""
        return already_message(self.bib_path or Path("the .bib file"), key)

    def leave(self, catalog_path: Path | None, session: Session) -> str | None:
        """Save the session and retry unsaved marks at exit; a line to print when marks could not be saved."""
        save_session(catalog_path, session)  # losing the session costs only the restore
        if self.personal is None:
            return None
        saved = self.personal.store.flush()
        lost = saved.message.removesuffix("; kept in memory, retried next change") + "; the unsaved changes are lost"
        return None if saved.ok else f"aligntui: {lost}"
