"""The bibliography file of the paper a person is writing: find works in it, append to it (core).

The file is the person's: aligntui only appends (one blank line between
entries, the file's own line endings), never changes, reorders or reformats
a byte it did not write, and refuses a file it cannot parse (``BibError``
with the line). A work is already present when an entry has its key, its DOI,
its arXiv id or its normalised title, and no DOI, arXiv id or title says it
is another work; an entry holding the work's key that is another work is a
key clash (``Clash``), and the work is appended under a free key. Keys are
compared ignoring case, as BibTeX does. Each append re-reads the file under a
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
from aligntui.personal.bibparse import (
    ARXIV_DOI,
    BibEntry,
    BibError,
    normalise_arxiv,
    normalise_doi,
    parse_bib,
)
from aligntui.system.atomic import write_atomically
from aligntui.system.locks import lock_file_itself
from aligntui.system.regularfile import MAX_PERSONAL_BYTES, read_regular
from aligntui.text.fold import title_key

if TYPE_CHECKING:
    from aligntui.catalog.model import Work

__all__ = [
    "MATCH_WAYS",
    "TITLE_AGREEMENT",
    "Appended",
    "BibEntry",
    "BibError",
    "BibFile",
    "Clash",
    "Found",
    "Identity",
    "Present",
    "Renamed",
    "already_message",
    "append_works",
    "disagreement",
    "entry_identity",
    "read_bib",
    "renamed_message",
    "titles_agree",
    "work_identity",
]


MATCH_WAYS = ("key", "doi", "arxiv", "title")
"""The ways an entry can be a work, in the order they are tried."""

TITLE_AGREEMENT = 90.0
"""Two normalised titles name the same work when their rapidfuzz ratio (0-100) is at least this: a hyphen,
a dropped article or a typo apart, never another work's title."""


class Identity(NamedTuple):
    """What says which work an entry or a catalog work is: DOI, arXiv id (both normalised) and title."""

    doi: str | None
    arxiv: str | None
    title: str


def entry_identity(entry: BibEntry) -> Identity:
    """The identity of a .bib entry (an arXiv DOI counts as its arXiv id)."""
    return Identity(entry.doi, entry.arxiv, entry.title)


def work_identity(work: Work) -> Identity:
    """The identity of a catalog work (an arXiv DOI counts as its arXiv id)."""
    doi = normalise_doi(work.doi) if work.doi else None
    arxiv = normalise_arxiv(work.arxiv) if work.arxiv else None
    if arxiv is None and work.doi and work.doi.lower().startswith(ARXIV_DOI):
        arxiv = normalise_arxiv(work.doi[len(ARXIV_DOI) :])
    return Identity(doi, arxiv, title_key(work.title))


def titles_agree(one: str, other: str) -> bool:
    """Whether two normalised titles are one work's (``TITLE_AGREEMENT``)."""
    if one == other:
        return True
    from rapidfuzz import fuzz

    return fuzz.ratio(one, other) >= TITLE_AGREEMENT


def disagreement(one: Identity, other: Identity) -> str | None:
    """Why two identities are different works, or None when nothing says so (pure).

    A shared DOI or arXiv id makes them one work; otherwise a DOI or arXiv id
    both have and that differs, else titles both have and that do not agree
    (``titles_agree``), make them two. Nothing to compare is no disagreement.
    """
    if (one.doi and one.doi == other.doi) or (one.arxiv and one.arxiv == other.arxiv):
        return None
    if one.doi and other.doi:
        return f"DOI {one.doi} vs {other.doi}"
    if one.arxiv and other.arxiv:
        return f"arXiv {one.arxiv} vs {other.arxiv}"
    if one.title and other.title and not titles_agree(one.title, other.title):
        return "the titles differ"
    return None


class Found(NamedTuple):
    """The entry a work was found as, and how: ``key``, ``doi``, ``arxiv`` or ``title``."""

    entry: BibEntry
    how: str


class Clash(NamedTuple):
    """An entry holding a work's key (BibTeX compares keys ignoring case) that is another work, and why."""

    entry: BibEntry
    work_id: str
    work_title: str
    reason: str

    def describe(self, name: str) -> str:
        """One sentence naming both works: ``refs.bib:3: touvron2023llama is 'LLaMA: ...', not 'Llama 2: ...'``."""
        theirs = " ".join(self.entry.fields.get("title", "(no title)").split())
        text = (
            f"{name}:{self.entry.line}: key clash: {self.entry.key} there is {theirs!r}, "
            f"not the catalog's {self.work_id} {self.work_title!r} ({self.reason})"
        )
        return text + (f"; that entry is {self.entry.where}" if self.entry.only else "")


@dataclass(frozen=True)
class BibFile:
    """The parsed entries of one .bib file, indexed by key (ignoring case), DOI, arXiv id and normalised title."""

    path: Path
    entries: tuple[BibEntry, ...] = ()
    _index: dict[str, dict[str, BibEntry]] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._index.update({how: {} for how in MATCH_WAYS})
        for entry in self.entries:
            self._add(entry)

    def _add(self, entry: BibEntry) -> None:
        """Index one more entry (an earlier entry keeps a shared key, DOI, id or title, as BibTeX keeps it)."""
        identity = entry_identity(entry)
        for how, value in zip(MATCH_WAYS, (entry.key.lower(), *identity), strict=True):
            if value:
                self._index[how].setdefault(value, entry)

    def holder(self, key: str) -> BibEntry | None:
        """The entry BibTeX reads for ``key`` (the first with that key, ignoring case), or None."""
        return self._index["key"].get(key.lower())

    def clash(self, work: Work) -> Clash | None:
        """The entry holding the work's id as its key when it is another work (``disagreement``), else None."""
        entry = self.holder(work.id)
        if entry is None:
            return None
        reason = disagreement(entry_identity(entry), work_identity(work))
        return Clash(entry, work.id, work.title, reason) if reason else None

    def find(self, work: Work) -> Found | None:
        """The entry that is this work: same key (unless a clash), DOI, arXiv id or title, tried in that order.

        An entry found by title only must not contradict the work's DOI or arXiv id.
        """
        index = self._index
        mine = work_identity(work)
        entry = self.holder(work.id)
        if entry is not None and disagreement(entry_identity(entry), mine) is None:
            return Found(entry, "key")
        for how, value in (("doi", mine.doi), ("arxiv", mine.arxiv)):
            entry = index[how].get(value) if value else None
            if entry is not None:
                return Found(entry, how)
        entry = index["title"].get(mine.title) if mine.title else None
        if entry is not None and disagreement(entry_identity(entry), mine) is None:
            return Found(entry, "title")
        return None

    def free_key(self, key: str) -> str:
        """``key`` if no entry holds it, else the first of ``key-2``, ``key-3``... that none holds."""
        if self.holder(key) is None:
            return key
        number = 2
        while self.holder(f"{key}-{number}") is not None:
            number += 1
        return f"{key}-{number}"

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
    """A work that was not appended because the file has it, as ``key`` (found by ``how``); ``note`` says more."""

    work_id: str
    key: str
    how: str
    note: str = ""


class Renamed(NamedTuple):
    """A work appended under ``key`` because the file's entry with its id is another work (``clash``)."""

    work_id: str
    key: str
    clash: Clash


class Appended(NamedTuple):
    """What an append did: the ids of the works added, the works already present, those added under another key."""

    added: tuple[str, ...]
    present: tuple[Present, ...]
    renamed: tuple[Renamed, ...] = ()


def already_message(path: Path, key: str) -> str:
    """The notification for a work the file already has: ``already in refs.bib as \\cite{key}``."""
    return f"already in {path.name} as \\cite{{{key}}}"


def renamed_message(path: Path, renamed: Renamed) -> str:
    """The notification for a work added under a new key because of a key clash (both titles named)."""
    clash = renamed.clash
    return f"{clash.describe(path.name)}; added {renamed.work_id} as \\cite{{{renamed.key}}}"


def _newline_of(raw: bytes) -> bytes:
    """The file's own line end: CRLF, CR (old Mac) or LF (also for a new or one-line file)."""
    if b"\r\n" in raw:
        return b"\r\n"
    if b"\r" in raw and b"\n" not in raw:
        return b"\r"
    return b"\n"


def _joiner(raw: bytes, newline: bytes) -> bytes:
    """What goes between the file's last byte and the first appended entry: one blank line."""
    if not raw.strip():
        return b""
    if raw.endswith(newline * 2) or raw.endswith(b"\n\n"):
        return b""
    return newline if raw.endswith(newline) else newline * 2


def append_works(path: Path, works: Iterable[Work]) -> Appended:
    """Append the BibTeX of each work the file lacks (``to_bibtex``); create the file if missing.

    A work whose id another work's entry holds (``BibFile.clash``) is added
    under ``BibFile.free_key`` and listed in ``renamed``. Raises ``BibError``
    when the file does not parse (nothing written) or cannot be read or
    written (the message says why: a read-only folder, a full disk). The
    folder must exist.
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
            planned = _new_entries(bib, works)
            if planned.chunks:
                newline = _newline_of(raw)
                body = "\n\n".join(planned.chunks).encode("utf-8").replace(b"\n", newline)
                write_atomically(path, raw + _joiner(raw, newline) + body + newline)
    except OSError as error:
        if created:
            _remove_if_empty(path)
        raise BibError(name, 0, f"cannot write it ({error.strerror or error})") from None
    return Appended(tuple(planned.added), tuple(planned.present), tuple(planned.renamed))


def _remove_if_empty(path: Path) -> None:
    """Take back the empty file an append that failed had created."""
    try:
        if os.path.getsize(path) == 0:
            os.unlink(path)
    except OSError:
        pass


@dataclass
class _Plan:
    added: list[str] = field(default_factory=list)
    present: list[Present] = field(default_factory=list)
    renamed: list[Renamed] = field(default_factory=list)
    chunks: list[str] = field(default_factory=list)


def _new_entries(bib: BibFile, works: Iterable[Work]) -> _Plan:
    """The ids to add, the works present, those renamed, and the new entries' text (each work once)."""
    plan = _Plan()
    scratch = BibFile(bib.path, bib.entries)
    for work in unique_works(works):
        found = scratch.find(work)
        if found is not None:
            plan.present.append(Present(work.id, found.entry.key, found.how, found.entry.where))
            continue
        clash = scratch.clash(work)
        key = scratch.free_key(work.id) if clash is not None else work.id
        text = to_bibtex(work._replace(id=key))
        if clash is not None:
            plan.renamed.append(Renamed(work.id, key, clash))
        plan.chunks.append(text)
        plan.added.append(work.id)
        scratch._add(parse_bib(text)[0])
    return plan
