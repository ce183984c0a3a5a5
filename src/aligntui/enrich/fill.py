"""Which fields a work gains from its records, and from which record (pure, no Textual, no I/O).

A record is used only when its title is the work's (nearly: ``difflib``'s
ratio of the normalised titles at 0.85 or more), so a wrong link in a list
cannot give a work another paper's facts; a record that differs is reported.
Each field is taken from the first record that has it, in the order
published record (Crossref, a DBLP publication) before preprint (arXiv, a
DBLP CoRR listing), except ``abstract`` (arXiv's first: it is the authors'
own text, Crossref's is often missing or cut) and ``year`` (the earliest: the
catalog's year is the first version's, the venue carries its own). A field the work already has
is kept unless ``overwrite``; an author list the catalog marks incomplete
("et al.") is completed when the record's first author has the same family
name, since that completes a fact rather than replacing it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from aligntui.catalog.model import Work
from aligntui.enrich.records import Record
from aligntui.text.fold import title_key

__all__ = ["FIELDS", "Fill", "Plan", "plan_work"]

FIELDS = ("authors", "year", "venue", "booktitle", "journal", "volume", "pages", "doi", "arxiv", "abstract")
"""The fields ``aligntui enrich`` fills, in the order they are written."""


@dataclass(frozen=True, slots=True)
class Fill:
    """One field to write: its name, new value, the value it replaces (None: none), and the record's URL.

    ``authors_complete`` follows a filled ``authors`` when the record's list is
    complete and the catalog's was not, or the other way round.
    """

    field: str
    value: str | int | tuple[str, ...]
    old: str | int | tuple[str, ...] | None
    source: str


@dataclass(frozen=True, slots=True)
class Plan:
    """What one work gains, and the records that were not used because their title differs."""

    work_id: str
    fills: tuple[Fill, ...]
    mismatched: tuple[Record, ...] = ()


def _same_title(work: Work, record: Record) -> bool:
    wanted = {title_key(work.title), title_key(work.list_title or "")} - {""}
    found = title_key(record.title)
    return any(found == w or SequenceMatcher(None, found, w).ratio() >= 0.85 for w in wanted)


def _family(name: str) -> str:
    return title_key(name.split()[-1]) if name.split() else ""


def _authors_missing(work: Work, record: Record) -> bool:
    """No authors, or an incomplete list ("et al.") whose first author the record's first author is."""
    if not work.authors:
        return True
    return (
        not work.authors_complete
        and record.authors_complete
        and len(record.authors) >= len(work.authors)
        and bool(record.authors)
        and _family(record.authors[0]) == _family(work.authors[0])
    )


def plan_work(work: Work, records: Sequence[Record], *, overwrite: bool = False) -> Plan:
    """The fields ``work`` gains from ``records`` (in any order); nothing it has is replaced unless ``overwrite``."""
    usable = [r for r in records if _same_title(work, r)]
    mismatched = tuple(r for r in records if r not in usable)
    published = sorted(usable, key=lambda r: r.informal)
    fills: list[Fill] = []
    for name in FIELDS:
        if name == "abstract":
            order = sorted(usable, key=lambda r: r.service != "arxiv")
        elif name == "year":  # the year of the first version, as the catalog's year is (docs/catalog.md)
            order = sorted(usable, key=lambda r: r.year or 9999)
        else:
            order = published
        for record in order:
            value = getattr(record, name)
            if not value:
                continue
            old = getattr(work, name)
            if name == "authors":
                wanted = overwrite or _authors_missing(work, record)
                value = tuple(value)
            else:
                wanted = overwrite or not old
            if wanted and value != old:
                fills.append(Fill(name, value, old or None, record.url))
                if name == "authors" and record.authors_complete != work.authors_complete:
                    fills.append(Fill("authors_complete", record.authors_complete, work.authors_complete, record.url))
            break
    return Plan(work.id, tuple(fills), mismatched)
