"""The bibliography file of the paper a person is writing: find works in it, append to it, check it (pure).

The file is the person's: aligntui only appends (one blank line between
entries, the file's own line endings), never changes, reorders or reformats
a byte it did not write, and refuses a file it cannot parse (``BibError``
with the line). A work is already present when an entry has its key, its DOI,
its arXiv id or its normalised title. Each append re-reads the file under a
lock on the file itself and replaces it atomically (``aligntui.system.atomic``), so
a crash leaves the old file or the new one, a symlink keeps pointing at its
target, which is what is updated, and two instances appending at once both land.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from aligntui.cite.bibtex import to_bibtex, unique_works
from aligntui.personal.bibparse import BibEntry, BibError, normalise_arxiv, normalise_doi, normalise_title, parse_bib
from aligntui.system.atomic import write_atomically
from aligntui.system.locks import lock_file_itself
from aligntui.system.regularfile import MAX_PERSONAL_BYTES, read_regular

if TYPE_CHECKING:
    from aligntui.catalog.model import Catalog, Work

__all__ = [
    "Appended",
    "BibCheck",
    "BibEntry",
    "BibError",
    "BibFile",
    "Found",
    "Match",
    "Present",
    "already_message",
    "append_works",
    "check",
    "read_bib",
]


_WAYS = ("key", "doi", "arxiv", "title")
"""The ways an entry can be a work, in the order they are tried."""


def _identity(entry: BibEntry) -> tuple[str | None, ...]:
    return (entry.key, entry.doi, entry.arxiv, entry.title)


def _work_identity(work: Work) -> tuple[str | None, ...]:
    doi = normalise_doi(work.doi) if work.doi else None
    arxiv = normalise_arxiv(work.arxiv) if work.arxiv else None
    return (work.id, doi, arxiv, normalise_title(work.title, latex=False))


class Found(NamedTuple):
    """The entry a work was found as, and how: ``key``, ``doi``, ``arxiv`` or ``title``."""

    entry: BibEntry
    how: str


@dataclass(frozen=True)
class BibFile:
    """The parsed entries of one .bib file, indexed by key, DOI, arXiv id and normalised title."""

    path: Path
    entries: tuple[BibEntry, ...] = ()
    _index: dict[str, dict[str, BibEntry]] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._index.update({how: {} for how in _WAYS})
        for entry in self.entries:
            self._add(entry)

    def _add(self, entry: BibEntry) -> None:
        """Index one more entry (an earlier entry keeps a shared key, DOI, id or title)."""
        for how, value in zip(_WAYS, _identity(entry), strict=True):
            if value:
                self._index[how].setdefault(value, entry)

    def find(self, work: Work) -> Found | None:
        """The entry that is this work (same key, DOI, arXiv id or normalised title, tried in that order)."""
        index = self._index
        # Cheapest first, and only where the file has something to compare with.
        entry = index["key"].get(work.id)
        if entry is not None:
            return Found(entry, "key")
        for how, raw, normalise in (("doi", work.doi, normalise_doi), ("arxiv", work.arxiv, normalise_arxiv)):
            value = normalise(raw) if raw and index[how] else None
            entry = index[how].get(value) if value else None
            if entry is not None:
                return Found(entry, how)
        entry = index["title"].get(normalise_title(work.title, latex=False)) if index["title"] else None
        return Found(entry, "title") if entry is not None else None

    def work_ids(self, works: Iterable[Work]) -> frozenset[str]:
        """The ids of the ``works`` (e.g. ``catalog.works.values()``) present in the file (``is:inbib``)."""
        return frozenset(work.id for work in works if self.find(work) is not None)

    @property
    def name(self) -> str:
        """The file's name, for messages (``refs.bib``)."""
        return self.path.name


def _decode(raw: bytes, name: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise BibError(name, line, "not UTF-8 text; aligntui reads and appends UTF-8 only") from None


def read_bib(path: Path, *, missing_ok: bool = False) -> BibFile:
    """Read and parse a .bib file; a missing one is empty with ``missing_ok``; raises ``BibError``."""
    try:
        raw = read_regular(path, MAX_PERSONAL_BYTES)
    except FileNotFoundError:
        if missing_ok:
            return BibFile(path)
        raise BibError(str(path), 0, "no such file") from None
    except OSError as error:
        raise BibError(str(path), 0, f"cannot read it ({error.strerror or error})") from None
    return BibFile(path, tuple(parse_bib(_decode(raw, str(path)), str(path))))


class Present(NamedTuple):
    """A work that was not appended because the file has it, as ``key`` (found by ``how``)."""

    work_id: str
    key: str
    how: str


class Appended(NamedTuple):
    """What an append did: the ids of the works added, and the works already present."""

    added: tuple[str, ...]
    present: tuple[Present, ...]


def already_message(path: Path, key: str) -> str:
    """The notification for a work the file already has: ``already in refs.bib as \\cite{key}``."""
    return f"already in {path.name} as \\cite{{{key}}}"


def _joiner(raw: bytes, newline: bytes) -> bytes:
    """What goes between the file's last byte and the first appended entry: one blank line."""
    if not raw.strip():
        return b""
    if raw.endswith(newline * 2) or raw.endswith(b"\n\n"):
        return b""
    return newline if raw.endswith(b"\n") else newline * 2


def append_works(path: Path, works: Iterable[Work]) -> Appended:
    """Append the BibTeX of each work the file lacks (``to_bibtex``); create the file if missing.

    Raises ``BibError`` when the file does not parse (nothing written) or
    cannot be read or written (the message says why: a read-only folder, a
    full disk). The folder must exist.
    """
    name = str(path)
    created = False
    try:
        if not os.path.exists(path):
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o666))
            created = True
        with lock_file_itself(path):
            raw = read_regular(path, MAX_PERSONAL_BYTES)
            bib = BibFile(path, tuple(parse_bib(_decode(raw, name), name)))
            added, present, chunks = _new_entries(bib, works)
            if chunks:
                newline = b"\r\n" if b"\r\n" in raw else b"\n"
                body = "\n\n".join(chunks).encode("utf-8").replace(b"\n", newline)
                write_atomically(path, raw + _joiner(raw, newline) + body + newline)
    except OSError as error:
        if created:
            _remove_if_empty(path)
        raise BibError(name, 0, f"cannot write it ({error.strerror or error})") from None
    return Appended(tuple(added), tuple(present))


def _remove_if_empty(path: Path) -> None:
    """Take back the empty file an append that failed had created."""
    try:
        if os.path.getsize(path) == 0:
            os.unlink(path)
    except OSError:
        pass


def _new_entries(bib: BibFile, works: Iterable[Work]) -> tuple[list[str], list[Present], list[str]]:
    """The ids to add, the works present, and the new entries' text (a work twice in ``works`` added once)."""
    added: list[str] = []
    present: list[Present] = []
    chunks: list[str] = []
    scratch = BibFile(bib.path, bib.entries)
    for work in unique_works(works):
        found = scratch.find(work)
        if found is not None:
            present.append(Present(work.id, found.entry.key, found.how))
            continue
        text = to_bibtex(work)
        chunks.append(text)
        added.append(work.id)
        scratch._add(parse_bib(text)[0])
    return added, present, chunks


# --- check -------------------------------------------------------------------

_COMPARED = ("title", "booktitle", "journal", "publisher", "year", "doi", "eprint")
"""The fields ``check`` compares: those a catalog update can correct (authors are compared by count)."""


class Match(NamedTuple):
    """An entry of the file that is a catalog work, how it was matched, and where the catalog says otherwise."""

    entry: BibEntry
    work_id: str
    how: str
    differences: tuple[str, ...]

    @property
    def key_differs(self) -> bool:
        """Whether the file cites the work under another key than the catalog's id."""
        return self.entry.key != self.work_id


class BibCheck(NamedTuple):
    """The file against the catalog: entries matching works (file order), and entries matching none."""

    matched: tuple[Match, ...]
    unmatched: tuple[BibEntry, ...]


def _comparable(name: str, value: str) -> str:
    if name == "doi":
        return normalise_doi(value) or value.strip().lower()
    if name == "eprint":
        return normalise_arxiv(value) or value.strip().lower()
    return normalise_title(value)


def _differences(entry: BibEntry, work: Work) -> tuple[str, ...]:
    """What the catalog knows that the entry says otherwise or not at all, one phrase each."""
    ours = parse_bib(to_bibtex(work))[0]
    found: list[str] = []
    if ours.type != entry.type:
        found.append(f"type: catalog @{ours.type}, file @{entry.type}")
    for name in _COMPARED:
        theirs, mine = entry.fields.get(name), ours.fields.get(name)
        if mine is None:
            continue
        if theirs is None:
            found.append(f"{name}: catalog {mine!r}, file has none")
        elif _comparable(name, theirs) != _comparable(name, mine):
            found.append(f"{name}: catalog {mine!r}, file {theirs!r}")
    count = len(work.authors)
    listed = len([a for a in entry.fields.get("author", "").split(" and ") if a.strip()])
    if work.authors_complete and count and listed and listed != count:
        found.append(f"author: catalog lists {count} authors, file {listed}")
    return tuple(found)


def check(bib: BibFile, catalog: Catalog) -> BibCheck:
    """Which entries of ``bib`` are catalog works (and where their facts differ), and which are not."""
    index: dict[str, dict[str, Work]] = {how: {} for how in _WAYS}
    for work in catalog.works.values():
        for how, value in zip(_WAYS, _work_identity(work), strict=True):
            if value:
                index[how].setdefault(value, work)
    matched: list[Match] = []
    unmatched: list[BibEntry] = []
    for entry in bib.entries:
        ways = zip(_WAYS, _identity(entry), strict=True)
        hit = next(((index[h][v], h) for h, v in ways if v and v in index[h]), None)
        if hit is None:
            unmatched.append(entry)
        else:
            work, how = hit
            matched.append(Match(entry, work.id, how, _differences(entry, work)))
    return BibCheck(tuple(matched), tuple(unmatched))
