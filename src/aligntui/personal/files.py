"""The App's side of one's own files: the marks store, the .bib file and the session (no Textual).

``AlignApp`` holds one ``PersonalFiles``, made by ``make_app`` with
``PersonalFiles.read``; each change writes its file at once and returns what
to tell the person as ``Notice`` rows, which the App shows. A mark change
(``aligntui.personal.history.MarkChange``) comes back as the ``MarkEdit`` done,
which ``write`` can take back (undo) or do again (redo). Nothing here
raises for a file that cannot be written: a read-only or full disk becomes a
notice, and the marks store keeps the change in memory and retries it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal, NamedTuple

from aligntui.personal.errors import BibError
from aligntui.personal.history import MarkChange, MarkEdit, MarkField, MarkValue
from aligntui.personal.marks import STATUS_LABELS, Mark, MarkStore, Saved
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
    """The notices of a marks change: its warnings, then ``done`` (if any) or why it was not written."""
    notices = [Notice(warning, "warning") for warning in saved.warnings]
    if not saved.ok:
        notices.append(Notice(saved.message, "error"))
    elif done:
        notices.append(Notice(done))
    return notices


def _value(mark: Mark, field: MarkField) -> MarkValue:
    value: MarkValue = getattr(mark, field.value)
    return value


def _done(change: MarkChange) -> str:
    """What a change does, in words: ``Starred 3 works in Benchmarks``, ``sanh2021: to read``."""
    if change.field is MarkField.STARRED:
        return f"{'Starred' if change.value else 'Unstarred'} {change.what}"
    if change.field is MarkField.STATUS:
        return f"{change.what}: {STATUS_LABELS.get(str(change.value), str(change.value))}"
    return f"Note {'saved' if str(change.value).strip() else 'removed'} for {change.what}"


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
            from aligntui.personal.bibfile import read_bib  # the .bib reader only when a .bib is named

            try:
                bib = read_bib(bib_path, missing_ok=True)
            except BibError as error:
                warnings.append(f"{error}; b cannot add to it until that is fixed")
        session = Session() if fresh else load_session(catalog)
        return cls(Personal(store, catalog.works, bib), bib_path, session, tuple(warnings))

    def change_marks(self, change: MarkChange) -> tuple[MarkEdit | None, list[Notice]]:
        """Write ``change`` at once: (the edit done, for the undo history; None when marks are off), notices."""
        personal = self.personal
        if personal is None:
            return None, [Notice("Marks are off in this run.", "warning")]
        store = personal.store
        before = {work_id: _value(store.get(work_id), change.field) for work_id in change.work_ids}
        edit = MarkEdit(change.field, before, dict.fromkeys(change.work_ids, change.value), _done(change))
        return edit, self.write(edit, forward=True)

    def write(self, edit: MarkEdit, *, forward: bool) -> list[Notice]:
        """Write ``edit``'s values after (``forward``) or before (to undo it); the notices of the write."""
        personal = self.personal
        if personal is None:
            return [Notice("Marks are off in this run.", "warning")]
        store = personal.store
        values = edit.after if forward else edit.before
        saved: list[Saved] = []
        for value in dict.fromkeys(values.values()):  # one write per distinct value, in a stable order
            ids = [work_id for work_id, wanted in values.items() if wanted == value]
            if edit.field is MarkField.STARRED:
                saved.append(store.set_starred(ids, bool(value)))
            else:
                for work_id in ids:
                    setter = store.set_status if edit.field is MarkField.STATUS else store.set_note
                    saved.append(setter(work_id, str(value)))
        warnings = [warning for one in saved for warning in one.warnings]
        failed = next((one for one in saved if not one.ok), None)
        return _saved(Saved(failed is None, failed.message if failed else "", tuple(warnings)), "")

    def add_to_bib(self, works: Sequence[Work], what: str) -> tuple[list[Notice], tuple[str, ...], str | None]:
        """Append the works the .bib lacks: (notices, ids added, the key to copy when the one work was there)."""
        path = self.bib_path
        if path is None:
            return [Notice("No bibliography file: start with --bib FILE or choose one (Ctrl+P).", "warning")], (), None
        from aligntui.cite.gaps import gaps_note
        from aligntui.personal.bibfile import append_works, renamed_message

        incomplete = gaps_note(works)
        try:
            result = append_works(path, works)
        except BibError as error:
            return [Notice(f"Not added: {error}", "error")], (), None
        notices = self._reload()
        if incomplete and result.added:
            notices.append(Notice(incomplete, "warning"))
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
        from aligntui.personal.bibfile import read_bib

        try:
            self.personal.set_bib(read_bib(self.bib_path, missing_ok=True))
        except BibError as error:
            self.personal.set_bib(None)
            return [Notice(f"{error}; b cannot add to it until that is fixed", "error")]
        return []

    def already(self, key: str) -> str:
        """The notice for the one work the .bib already had: ``already in refs.bib as \\cite{key}``."""
        from aligntui.personal.bibfile import already_message

        return already_message(self.bib_path or Path("the .bib file"), key)

    def leave(self, catalog: Catalog | Path | None, session: Session) -> str | None:
        """Save the session and retry unsaved marks at exit; a line to print when marks could not be saved.

        Pass the loaded ``Catalog``: its path alone would make the session's name read the whole file again.
        """
        save_session(catalog, session)  # losing the session costs only the restore
        if self.personal is None:
            return None
        saved = self.personal.store.flush()
        lost = saved.message.removesuffix("; kept in memory, retried next change") + "; the unsaved changes are lost"
        return None if saved.ok else f"aligntui: {lost}"
