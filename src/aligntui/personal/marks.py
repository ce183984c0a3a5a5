"""A person's marks on the works of one catalog: a star, a reading status, a note (core, no Textual).

The marks live in ``data_dir()/marks/<slug>.json`` (format in
``docs/marks.md``). The slug names the catalog by what it is, not where it
is (``catalog_slug``: its [survey] title and arXiv id or URL), so moving the
catalog's folder or syncing it to another machine keeps its marks; a file
named by the old hash of the catalog's path is merged in on first use
(``MarkStore.for_catalog``). Marks are keyed by work id so they survive
catalog updates; a mark
whose work has left the catalog is kept and reported as an orphan, never
dropped. Every change is written at once, atomically, under a lock, after
re-reading the file and merging: two instances open at once keep both their
changes (the later one wins only where both changed the same field of the
same work), so a change acknowledged to the person is never undone by
another instance's write. A change that cannot be written (read-only or full disk) stays in
memory, is reported in the returned ``Saved``, and is written with the next
change or ``flush()``. A corrupt file is moved aside under a timestamped name.
Text that UTF-8 cannot hold (a lone surrogate pasted into a note) is stored
with U+FFFD in its place and reported, never a crash. ``export_marks`` and
``MarkStore.import_marks`` carry marks to another machine, merging field by
field (``merge_mark``).
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from aligntui.personal.catalogname import catalog_identity, catalog_slug, identity_of_file, legacy_slug
from aligntui.system.atomic import write_atomically
from aligntui.system.dirs import data_dir
from aligntui.system.jsonread import parse_json
from aligntui.system.locks import HAVE_LOCKS, lock_beside
from aligntui.system.regularfile import MAX_PERSONAL_BYTES, read_regular
from aligntui.text.safe import storable as text_storable

if TYPE_CHECKING:
    from aligntui.catalog.model import Catalog

__all__ = [
    "FORMAT_VERSION",
    "STAR_GLYPH",
    "STATUSES",
    "STATUS_GLYPHS",
    "STATUS_LABELS",
    "Mark",
    "MarkStore",
    "Saved",
    "catalog_identity",
    "catalog_slug",
    "export_marks",
    "glyphs",
    "legacy_slug",
    "marks_path",
    "merge_mark",
    "next_status",
    "read_marks_file",
    "storable",
]

FORMAT_VERSION = 1
"""The version of the marks file this aligntui writes and reads (``docs/marks.md``)."""

STATUSES = ("unread", "toread", "reading", "read")
"""The reading statuses, in the order ``r`` cycles through them; ``unread`` is every unmarked work."""

STATUS_LABELS = {"unread": "unread", "toread": "to read", "reading": "reading", "read": "read"}
"""How each status reads in a sentence."""


STATUS_GLYPHS = {"unread": "", "toread": "○", "reading": "◐", "read": "●"}
"""A one-cell sign for each status, for the tree (unread shows nothing)."""

STAR_GLYPH = "★"
"""The sign of a starred work."""


def glyphs(mark: Mark) -> str:
    """The signs of a mark for a tree row: ``★◐``, ``○``, or an empty string; a note adds ``✎``."""
    return (STAR_GLYPH if mark.starred else "") + STATUS_GLYPHS[mark.status] + ("✎" if mark.note else "")


def next_status(status: str) -> str:
    """The status after ``status`` in the cycle unread → to read → reading → read → unread."""
    return STATUSES[(STATUSES.index(status) + 1) % len(STATUSES)]


def marks_path(catalog: Catalog | Path | None) -> Path:
    """Where the marks of a catalog (a loaded one, its file, or ``None`` for the bundled one) are kept."""
    return data_dir() / "marks" / f"{catalog_slug(catalog)}.json"


def storable(text: str) -> tuple[str, bool]:
    """``text`` with what UTF-8 cannot hold (lone surrogates) as U+FFFD, and whether the text had to change.

    ``aligntui.text.safe.storable``, the one rule the note editor and the session use too; a surrogate pair
    joined into its character also counts as a change here (the person is told the note was altered).
    """
    fixed, _ = text_storable(text)
    return fixed, fixed != text


@dataclass(frozen=True, slots=True)
class Mark:
    """What a person decided about one work: starred, a status from ``STATUSES``, a free-text note."""

    starred: bool = False
    status: str = "unread"
    note: str = ""

    @property
    def empty(self) -> bool:
        """Whether the mark says nothing (such marks are not stored)."""
        return not self.starred and self.status == "unread" and not self.note


NO_MARK = Mark()


class Saved(NamedTuple):
    """The outcome of a change: ``ok`` when it reached the disk, else ``message`` says why not.

    When not ``ok`` the change is kept in memory and written with the next
    change or ``MarkStore.flush()``. ``warnings`` (a corrupt file moved aside,
    for example) are worth a notification even when ``ok``.
    """

    ok: bool
    message: str = ""
    warnings: tuple[str, ...] = ()


class MarksFileError(ValueError):
    """A marks file that is not what ``docs/marks.md`` describes."""


class NewerFormatError(MarksFileError):
    """A marks file written by a newer aligntui: read nothing, overwrite nothing."""


def _parse(text: str) -> dict[str, Mark]:
    """The marks of a file's text; raises ``MarksFileError`` naming the problem."""
    try:
        data = parse_json(text)
    except ValueError as error:
        raise MarksFileError(f"not JSON ({error})") from None
    if not isinstance(data, dict) or not isinstance(data.get("marks"), dict):
        raise MarksFileError('not a marks file (no "marks" table)')
    version = data.get("format")
    if not isinstance(version, int) or version < 1:
        raise MarksFileError('no "format" version')
    if version > FORMAT_VERSION:
        raise NewerFormatError(f"format {version} is newer than this aligntui reads ({FORMAT_VERSION})")
    marks: dict[str, Mark] = {}
    for work_id, entry in data["marks"].items():
        marks[work_id] = _parse_mark(work_id, entry)
    return {work_id: mark for work_id, mark in marks.items() if not mark.empty}


def _parse_mark(work_id: str, entry: Any) -> Mark:
    if not isinstance(entry, dict):
        raise MarksFileError(f"the mark of {work_id!r} is not a table")
    starred = entry.get("starred", False)
    status = entry.get("status", "unread")
    note = entry.get("note", "")
    if not isinstance(starred, bool):
        raise MarksFileError(f"{work_id!r}: starred must be true or false")
    if status not in STATUSES:
        raise MarksFileError(f"{work_id!r}: status must be one of {', '.join(STATUSES)}")
    if not isinstance(note, str):
        raise MarksFileError(f"{work_id!r}: note must be text")
    return Mark(starred=starred, status=status, note=storable(note)[0])


def _render(marks: Mapping[str, Mark], catalog: str) -> str:
    """The file's text: sorted, indented, one field a line, so that diffs stay small; always encodable."""
    data = {
        "format": FORMAT_VERSION,
        "catalog": storable(catalog)[0],
        "marks": {
            storable(work_id)[0]: {"starred": mark.starred, "status": mark.status, "note": storable(mark.note)[0]}
            for work_id, mark in sorted(marks.items())
            if not mark.empty
        },
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def merge_mark(mine: Mark, theirs: Mark) -> Mark:
    """Two marks of one work merged field by field, losing nothing (pure; ``--import``).

    Starred if either is; the status furthest along ``STATUSES`` (reading
    moves forward); a note from one side when the other has none or already
    contains it, else both, mine first, separated by a blank line.
    """
    status = max(mine.status, theirs.status, key=STATUSES.index)
    if not theirs.note or theirs.note in mine.note:
        note = mine.note
    elif not mine.note or mine.note in theirs.note:
        note = theirs.note
    else:
        note = f"{mine.note}\n\n{theirs.note}"
    return Mark(starred=mine.starred or theirs.starred, status=status, note=note)


def read_marks_file(path: Path) -> tuple[dict[str, Mark], str]:
    """The marks of a marks or export file and the catalog it names; raises ``MarksFileError`` or ``OSError``."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise MarksFileError("not UTF-8") from None
    marks = _parse(text)
    catalog = json.loads(text).get("catalog")
    return marks, catalog if isinstance(catalog, str) else ""


def export_marks(marks: Mapping[str, Mark], catalog: str, path: Path) -> None:
    """Write ``marks`` to ``path`` atomically, in the marks file's own format (``--export``); raises ``OSError``."""
    write_atomically(path, _render(marks, catalog))


def _move_aside(path: Path) -> Path:
    """Rename a bad marks file to ``<name>.corrupt-<UTC time>`` (never over another); raises ``OSError``."""
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    aside = path.with_name(f"{path.name}.corrupt-{stamp}")
    counter = 1
    while aside.exists():
        counter += 1
        aside = path.with_name(f"{path.name}.corrupt-{stamp}-{counter}")
    os.replace(path, aside)
    return aside


def _remove_stale_temporaries(path: Path) -> None:
    """Delete temporary files a writer killed mid-write left (safe only under the lock every writer takes)."""
    if not HAVE_LOCKS:
        return
    for stale in path.parent.glob(f".{path.name}.*.tmp"):
        stale.unlink(missing_ok=True)


class MarkStore:
    """The marks of one catalog, kept in one JSON file (``marks_path``); every change is saved at once."""

    def __init__(self, path: Path, catalog: str = "") -> None:
        """Open (not create) the marks file at ``path``; problems reading it land in ``warnings``."""
        self.path = path
        self.catalog = catalog
        self._marks: dict[str, Mark] = {}
        self._pending: dict[tuple[str, str], Any] = {}
        self._blocked = ""  # why the file must not be overwritten (unreadable, or from a newer aligntui)
        self.warnings: list[str] = []
        """Problems met reading the file, oldest first, for the App to show once."""
        self._marks = self._read() or {}

    @classmethod
    def for_catalog(cls, catalog: Catalog | Path | None) -> MarkStore:
        """The store of a catalog (loaded, its file, or ``None``: the bundled one), in ``marks_path``.

        A marks file kept under the catalog's ``legacy_slug`` (its path) is
        merged in first (``merge_mark``) and renamed ``<name>.migrated``; a
        migration that cannot be done is a warning and is retried next time.
        """
        from aligntui.catalog.model import Catalog

        name = catalog_slug(catalog)
        path = data_dir() / "marks" / f"{name}.json"
        catalog_path = catalog.path if isinstance(catalog, Catalog) else catalog
        if name == "bundled":
            identity = "bundled"
        elif isinstance(catalog, Catalog):
            identity = catalog_identity(catalog.survey)
        else:
            found = identity_of_file(catalog) if catalog is not None else None
            identity = found or os.path.realpath(catalog or "")
        legacy = data_dir() / "marks" / f"{legacy_slug(catalog_path)}.json"
        warnings: list[str] = []
        if legacy != path and legacy.is_file():
            warnings += _migrate(legacy, path, identity)
        store = cls(path, identity)
        store.warnings[:0] = warnings
        return store

    # --- reading -------------------------------------------------------------

    def _read(self) -> dict[str, Mark] | None:
        """The marks on disk (a missing file has none); None when the file is bad, with a warning recorded.

        A corrupt file is moved aside; one that cannot be read, or that a newer
        aligntui wrote, is left alone and blocks writing.
        """
        self._blocked = ""
        try:
            raw = read_regular(self.path, MAX_PERSONAL_BYTES)
        except FileNotFoundError:
            return {}
        except OSError as error:
            self._blocked = f"cannot read {self.path} ({error.strerror or error}), so it is not overwritten"
            self.warnings.append(self._blocked)
            return None
        try:
            return _parse(raw.decode("utf-8"))
        except UnicodeDecodeError:
            reason = "not UTF-8"
        except NewerFormatError as error:
            self._blocked = f"{self.path}: {error}, so it is not overwritten"
            self.warnings.append(self._blocked)
            return None
        except MarksFileError as error:
            reason = str(error)
        try:
            aside = _move_aside(self.path)
        except OSError as error:
            self._blocked = f"{self.path}: {reason}; cannot move it aside ({error.strerror or error}) nor overwrite it"
            self.warnings.append(self._blocked)
        else:
            self.warnings.append(f"{self.path}: {reason}; moved it to {aside.name} (nothing is deleted)")
        return None

    def _on_disk(self) -> dict[str, Mark]:
        """The marks on disk, or the last ones known when the file has gone bad since (never lose them)."""
        found = self._read()
        return dict(self._marks) if found is None else found

    def reload(self) -> None:
        """Re-read the file (another instance may have written it), keeping unsaved changes on top."""
        self._marks = self._apply_pending(self._on_disk())

    def get(self, work_id: str) -> Mark:
        """The mark of a work (an empty ``Mark`` when it has none)."""
        return self._marks.get(work_id, NO_MARK)

    @property
    def marks(self) -> Mapping[str, Mark]:
        """Every non-empty mark by work id, orphans included."""
        return self._marks

    @property
    def pending(self) -> bool:
        """Whether some change has not reached the disk yet."""
        return bool(self._pending)

    def starred_ids(self) -> frozenset[str]:
        """The ids of the starred works (``is:starred``)."""
        return frozenset(i for i, m in self._marks.items() if m.starred)

    def status_ids(self, status: str) -> frozenset[str]:
        """The ids of the works with ``status`` (``is:toread``...); for ``unread``, those marked but unread.

        Every work without a mark is unread too: ``is:unread`` is the works
        not in ``status_ids`` of the three other statuses. Raises ``ValueError``
        for a status not in ``STATUSES``.
        """
        if status not in STATUSES:
            raise ValueError(f"unknown status {status!r}; one of {', '.join(STATUSES)}")
        return frozenset(i for i, m in self._marks.items() if m.status == status)

    def noted_ids(self) -> frozenset[str]:
        """The ids of the works with a note (``has:note``)."""
        return frozenset(i for i, m in self._marks.items() if m.note)

    def note_of(self, work_id: str) -> str:
        """The note of a work, or an empty string (``note:WORD`` searches it)."""
        return self.get(work_id).note

    def orphans(self, work_ids: Collection[str]) -> dict[str, Mark]:
        """The marks whose work is not among ``work_ids`` (e.g. ``catalog.works``), sorted by id."""
        return {i: m for i, m in sorted(self._marks.items()) if i not in work_ids}

    # --- changing ------------------------------------------------------------

    def toggle_star(self, work_id: str) -> Saved:
        """Star the work, or unstar it if starred; saved at once."""
        return self._change([work_id], "starred", not self.get(work_id).starred)

    def set_starred(self, work_ids: Iterable[str], starred: bool) -> Saved:
        """Star (or unstar) several works in one write (``s`` on a section)."""
        return self._change(list(work_ids), "starred", starred)

    def cycle_status(self, work_id: str) -> Saved:
        """Move the work to its next reading status (``next_status``); saved at once."""
        return self._change([work_id], "status", next_status(self.get(work_id).status))

    def set_status(self, work_id: str, status: str) -> Saved:
        """Give the work a status from ``STATUSES``; raises ``ValueError`` for any other."""
        if status not in STATUSES:
            raise ValueError(f"unknown status {status!r}; one of {', '.join(STATUSES)}")
        return self._change([work_id], "status", status)

    def set_note(self, work_id: str, note: str) -> Saved:
        """Replace the work's note (trailing blanks dropped; empty removes it); saved at once.

        Text UTF-8 cannot hold is stored as U+FFFD (``storable``) and the returned ``Saved`` warns of it.
        """
        text, replaced = storable(note.rstrip())
        saved = self._change([work_id], "note", text)
        if not replaced:
            return saved
        warning = f"the note of {work_id} held characters that cannot be stored (lone surrogates); kept as \ufffd"
        return saved._replace(warnings=(*saved.warnings, warning))

    def import_marks(self, incoming: Mapping[str, Mark]) -> tuple[Saved, int]:
        """Merge marks from another machine into this store, field by field (``merge_mark``), in one write.

        Returns the outcome and how many works' marks changed; the merge is
        done under the lock against the latest file, so no change is undone.
        """
        self.reload()
        changed = 0
        for work_id, theirs in incoming.items():
            mine = self.get(work_id)
            merged = merge_mark(mine, theirs)
            if merged == mine:
                continue
            changed += 1
            for name in ("starred", "status", "note"):
                if getattr(merged, name) != getattr(mine, name):
                    self._pending[(work_id, name)] = getattr(merged, name)
            self._marks[work_id] = merged
        return self.flush(), changed

    def forget(self, work_id: str) -> Saved:
        """Remove every mark of a work (an orphan's, say); saved at once."""
        self._pending.update({(work_id, name): value for name, value in _EMPTY_FIELDS.items()})
        self._marks.pop(work_id, None)
        return self.flush()

    def _change(self, work_ids: list[str], name: str, value: Any) -> Saved:
        for work_id in work_ids:
            self._pending[(work_id, name)] = value
            mark = replace(self.get(work_id), **{name: value})
            if mark.empty:
                self._marks.pop(work_id, None)
            else:
                self._marks[work_id] = mark
        return self.flush()

    def _apply_pending(self, marks: dict[str, Mark]) -> dict[str, Mark]:
        for (work_id, name), value in self._pending.items():
            mark = replace(marks.get(work_id, NO_MARK), **{name: value})
            if mark.empty:
                marks.pop(work_id, None)
            else:
                marks[work_id] = mark
        return marks

    def flush(self) -> Saved:
        """Write the unsaved changes now: lock, re-read, merge, write atomically. Never raises ``OSError``."""
        if not self._pending:
            return Saved(True)
        seen = len(self.warnings)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with lock_beside(self.path.with_name(self.path.name + ".lock")):
                merged = self._apply_pending(self._on_disk())
                if self._blocked:
                    return Saved(False, f"marks not saved: {self._blocked}", self._new(seen))
                _remove_stale_temporaries(self.path)
                write_atomically(self.path, _render(merged, self.catalog))
        except OSError as error:
            reason = error.strerror or str(error)
            message = f"marks not saved ({reason}: {self.path}); kept in memory, retried next change"
            return Saved(False, message, self._new(seen))
        self._pending.clear()
        self._marks = merged
        return Saved(True, "", self._new(seen))

    def _new(self, seen: int) -> tuple[str, ...]:
        return tuple(self.warnings[seen:])


_EMPTY_FIELDS: Mapping[str, Any] = {"starred": False, "status": "unread", "note": ""}


def _migrate(legacy: Path, path: Path, identity: str) -> list[str]:
    """Merge the marks file named by the catalog's old path hash into ``path``; warnings (none when all is well)."""
    try:
        old, _ = read_marks_file(legacy)
    except (OSError, MarksFileError) as error:
        return [f"{legacy}: not migrated ({getattr(error, 'strerror', None) or error}); left as it is"]
    target = MarkStore(path, identity)
    if target.warnings:
        return target.warnings
    saved, _ = target.import_marks(old)
    if not saved.ok:
        return [f"{legacy}: not migrated ({saved.message}); retried next time"]
    try:
        os.replace(legacy, legacy.with_name(legacy.name + ".migrated"))
    except FileNotFoundError:
        pass  # another instance, starting at the same time, migrated it too (the merge is idempotent)
    except OSError as error:
        return [f"{legacy}: migrated, but cannot rename it ({error.strerror or error})"]
    return []
