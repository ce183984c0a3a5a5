"""A person's .bib file against the catalog: which entries are catalog works, and what is wrong (pure).

``check`` says, entry by entry, which catalog work an entry is (by key, DOI,
arXiv id or title, as ``aligntui.personal.bibfile`` finds works) and where the
catalog knows better (a preprint since published, a corrected year, the number
of authors as BibTeX counts them); then the key clashes (an entry with a
catalog work's id that is another work), the works entered twice under
different keys, and the keys entered twice (BibTeX reads only the first).
Nothing here reads or writes files.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, NamedTuple

from aligntui.cite.bibtex import to_bibtex
from aligntui.personal.bibfile import (
    MATCH_WAYS,
    BibEntry,
    BibFile,
    Clash,
    disagreement,
    entry_identity,
    work_identity,
)
from aligntui.personal.bibparse import count_names, normalise_arxiv, normalise_doi, normalise_title, parse_bib

if TYPE_CHECKING:
    from aligntui.catalog.model import Catalog, Work

__all__ = ["BibCheck", "Duplicate", "Match", "Repeated", "check"]


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


class Duplicate(NamedTuple):
    """Entries of the file under different keys that are one work, and what shows it (``same arXiv id ...``)."""

    entries: tuple[BibEntry, ...]
    reason: str


class Repeated(NamedTuple):
    """Entries with one key (ignoring case): BibTeX reads the first and reports "Repeated entry" for the rest."""

    entries: tuple[BibEntry, ...]


class BibCheck(NamedTuple):
    """The file against the catalog: matches (file order), entries matching none, clashes, duplicates, repeats."""

    matched: tuple[Match, ...]
    unmatched: tuple[BibEntry, ...]
    clashes: tuple[Clash, ...] = ()
    duplicates: tuple[Duplicate, ...] = ()
    repeated: tuple[Repeated, ...] = ()


def _comparable(name: str, value: str) -> str:
    if name == "doi":
        return normalise_doi(value) or value.strip().lower()
    if name == "eprint":
        return normalise_arxiv(value) or value.strip().lower()
    return normalise_title(value)


_IDENTIFIERS = ("doi", "eprint")
"""Fields whose absence from the file is no difference: the entry is already identified, and a style needs neither."""
_PREPRINT = re.compile(r"\barxiv\b|\bcorr\b", re.IGNORECASE)


def _is_preprint(entry: BibEntry) -> bool:
    """An entry for an arXiv preprint as Google Scholar (``arXiv preprint arXiv:...``) or DBLP (``CoRR``) write it."""
    return bool(_PREPRINT.search(entry.fields.get("journal", "")) or entry.fields.get("eprint"))


def _differences(entry: BibEntry, work: Work) -> tuple[str, ...]:
    """What the catalog knows that the entry says otherwise or not at all, one phrase each.

    Not a difference: a missing DOI or arXiv id, and ``@article`` against
    the catalog's ``@misc`` for a preprint both call an arXiv preprint.
    """
    ours = parse_bib(to_bibtex(work))[0]
    found: list[str] = []
    if ours.type != entry.type and not (ours.type == "misc" and _is_preprint(entry)):
        found.append(f"type: catalog @{ours.type}, file @{entry.type}")
    for name in _COMPARED:
        theirs, mine = entry.fields.get(name), ours.fields.get(name)
        if mine is None or (theirs is None and name in _IDENTIFIERS):
            continue
        if theirs is None:
            found.append(f"{name}: catalog {mine!r}, file has none")
        elif _comparable(name, theirs) != _comparable(name, mine):
            found.append(f"{name}: catalog {mine!r}, file {theirs!r}")
    count = len(work.authors)
    listed, incomplete = count_names(entry.fields.get("author", ""))
    if work.authors_complete and count and listed and not incomplete and listed != count:
        found.append(f"author: catalog lists {count} authors, file {listed}")
    return tuple(found)


def _catalog_index(catalog: Catalog) -> dict[str, dict[str, Work]]:
    index: dict[str, dict[str, Work]] = {how: {} for how in MATCH_WAYS}
    for work in catalog.works.values():
        for how, value in zip(MATCH_WAYS, (work.id.lower(), *work_identity(work)), strict=True):
            if value:
                index[how].setdefault(value, work)
    return index


def _match(entry: BibEntry, index: dict[str, dict[str, Work]]) -> tuple[Match | None, Clash | None]:
    """The catalog work an entry is, and the clash when its key is another catalog work's id."""
    mine = entry_identity(entry)
    clash = None
    work = index["key"].get(entry.key.lower())
    if work is not None:
        reason = disagreement(mine, work_identity(work))
        if reason is None:
            return Match(entry, work.id, "key", _differences(entry, work)), None
        clash = Clash(entry, work.id, work.title, reason)
    for how, value in zip(MATCH_WAYS[1:], mine, strict=True):
        work = index[how].get(value) if value else None
        if work is not None and disagreement(mine, work_identity(work)) is None:
            return Match(entry, work.id, how, _differences(entry, work)), clash
    return None, clash


def check(bib: BibFile, catalog: Catalog) -> BibCheck:
    """Which entries of ``bib`` are catalog works (and where their facts differ), which are not, and the
    key clashes (``Clash``), duplicates under different keys (``Duplicate``) and repeated keys (``Repeated``).
    """
    index = _catalog_index(catalog)
    matched: list[Match] = []
    unmatched: list[BibEntry] = []
    clashes: list[Clash] = []
    for entry in bib.entries:
        match, clash = _match(entry, index)
        if clash is not None:
            clashes.append(clash)
        if match is None:
            unmatched.append(entry)
        else:
            matched.append(match)
    return BibCheck(tuple(matched), tuple(unmatched), tuple(clashes), _duplicates(bib, matched), _repeated(bib))


def _repeated(bib: BibFile) -> tuple[Repeated, ...]:
    by_key: dict[str, list[BibEntry]] = {}
    for entry in bib.entries:
        by_key.setdefault(entry.key.lower(), []).append(entry)
    return tuple(Repeated(tuple(group)) for group in by_key.values() if len(group) > 1)


def _duplicates(bib: BibFile, matched: list[Match]) -> tuple[Duplicate, ...]:
    """Entries under different keys that are one work: the same catalog work, DOI, arXiv id or title."""
    entries = list(bib.entries)
    position = {id(entry): n for n, entry in enumerate(entries)}
    parent = list(range(len(entries)))
    reasons: dict[int, str] = {}

    def root(n: int) -> int:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    def join(one: int, other: int, reason: str) -> None:
        a, b = root(one), root(other)
        if a != b and entries[one].key.lower() != entries[other].key.lower():
            parent[max(a, b)] = min(a, b)
            reasons.setdefault(min(a, b), reason)

    first: dict[tuple[str, str], int] = {}
    for match in matched:
        n = position[id(match.entry)]
        seen = first.setdefault(("work", match.work_id), n)
        if seen != n:
            join(seen, n, f"both are the catalog work {match.work_id}")
    for n, entry in enumerate(entries):
        identity = entry_identity(entry)
        for how, value in (("DOI", identity.doi), ("arXiv id", identity.arxiv), ("title", identity.title)):
            if not value:
                continue
            seen = first.setdefault((how, value), n)
            if seen != n and disagreement(entry_identity(entries[seen]), identity) is None:
                join(seen, n, f"the same {how}" + (f" {value}" if how != "title" else ""))
    groups: dict[int, list[BibEntry]] = {}
    for n, entry in enumerate(entries):
        groups.setdefault(root(n), []).append(entry)
    return tuple(
        Duplicate(tuple(group), reasons.get(top, "")) for top, group in sorted(groups.items()) if len(group) > 1
    )
