"""The catalog's types: survey, sections, works and links, immutable and typed (pure, no Textual).

Loading and validating a file is ``aligntui.catalog.load``'s job; this module only
says what a catalog is, so every other module can use the types without
importing the loader. The schema is documented in ``docs/catalog.md``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple, TypeVar

__all__ = [
    "HAS_ALIASES",
    "LINK_KINDS",
    "SCHEMA_VERSION",
    "TREE_TAGS",
    "WORK_TYPES",
    "Catalog",
    "CatalogError",
    "Link",
    "Problem",
    "Section",
    "Survey",
    "Work",
    "link_kind",
    "preorder",
    "venue_year",
]

SCHEMA_VERSION = 1
"""The catalog schema this version of aligntui reads."""

WORK_TYPES = ("paper", "book", "dataset", "web")
"""The kinds of work a catalog may hold."""

LINK_KINDS: Mapping[str, str] = {
    "paper": "paper",
    "data": "data",
    "project": "code",
    "code": "code",
    "checkpoint": "checkpoint",
    "leaderboard": "leaderboard",
    "blog": "blog",
    "url": "url",
}
"""Link labels (lower-cased) and the kind each stands for; any other label is of kind ``other``."""

HAS_ALIASES: Mapping[str, str] = {
    "project": "code",
    "checkpoints": "checkpoint",
    "model": "checkpoint",
    "dataset": "data",
}
"""Other words ``has:`` accepts for a kind (``has:project`` is ``has:code``)."""

TREE_TAGS: Mapping[str, str] = {"data": "data", "code": "code", "checkpoint": "ckpt", "leaderboard": "board"}
"""The link kinds a tree row tags, in this order, and the tag each shows."""


def link_kind(label: str) -> str:
    """The kind of a link from its label: ``Project`` is ``code``; unknown labels are ``other``."""
    return LINK_KINDS.get(label.lower(), "other")


_VENUE_YEAR = re.compile(r"\b(1[5-9]\d\d|20\d\d)\s*$")


def venue_year(venue: str | None) -> int | None:
    """The year a venue name ends with (``ICLR 2022`` gives 2022), 1500-2099, else None."""
    match = _VENUE_YEAR.search(venue or "")
    return int(match.group(1)) if match else None


T = TypeVar("T")


def preorder(roots: Iterable[T], children: Callable[[T], Iterable[T]]) -> Iterator[T]:
    """Every node below ``roots`` in tree order (pre-order), iteratively: no depth limit."""
    stack = list(roots)[::-1]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(list(children(node))[::-1])


_TRACKING = re.compile(r"^(utm_[a-z]+|fbclid|gclid|trk|mc_cid|mc_eid)$")


class Link(NamedTuple):
    """A labelled URL of a work (``Paper``, ``Data``, ``Project``...)."""

    label: str
    url: str

    @property
    def clean_url(self) -> str:
        """The URL without tracking parameters (``?trk=...``, ``fbclid``, ``utm_*``): what to copy or open."""
        base, mark, rest = self.url.partition("?")
        query, hash_mark, fragment = rest.partition("#")
        if not mark:
            return self.url
        kept = [piece for piece in query.split("&") if not _TRACKING.match(piece.split("=", 1)[0])]
        cleaned = base + ("?" + "&".join(kept) if kept else "")
        return cleaned + hash_mark + fragment

    @property
    def kind(self) -> str:
        """What the link is, for ``has:`` queries and tree tags."""
        return link_kind(self.label)


class Work(NamedTuple):
    """One distinct work of the catalog: a paper, book, data set or web resource.

    Works and links are named tuples rather than frozen dataclasses: just as
    immutable and typed, and four times faster to build, which is what a
    100,000-work catalog coming out of the parse cache spends its time on.
    """

    id: str
    title: str
    authors: tuple[str, ...] = ()
    year: int | None = None
    venue: str | None = None
    type: str = "paper"
    links: tuple[Link, ...] = ()
    authors_complete: bool = True
    arxiv: str | None = None
    doi: str | None = None
    source: str | None = None
    booktitle: str | None = None
    journal: str | None = None
    publisher: str | None = None
    list_title: str | None = None
    list_authors: str | None = None
    list_venue: str | None = None
    note: str | None = None
    volume: str | None = None
    number: str | None = None
    pages: str | None = None
    keep_case: tuple[str, ...] = ()
    """Words or phrases of the title whose capitals sentence-case styles must keep (proper nouns)."""
    date: str | None = None
    """The full date of publication, ``YYYY-MM-DD`` or ``YYYY-MM``, where the record gives one."""
    aliases: tuple[str, ...] = ()
    """Names the work goes by in the field (model, data set, benchmark or method names its own record gives)."""
    orgs: tuple[str, ...] = ()
    """The labs, companies and universities of the authors, as the paper's own record names them."""
    other_titles: tuple[str, ...] = ()
    """Every other title the work was published under (an arXiv version's title, a venue's)."""
    summary: str = ""
    """One or two sentences, in the catalog's own words, on what the work introduces and finds."""
    abstract: str | None = None
    """The abstract its public record gives (arXiv, Crossref), on one line; filled by ``aligntui enrich``."""

    @property
    def first_author(self) -> str:
        """The first author as written, or an empty string."""
        return self.authors[0] if self.authors else ""

    @property
    def published_year(self) -> int | None:
        """The year to cite: the venue's year when the venue names one, else ``year``."""
        year = venue_year(self.venue)
        if year is not None and (self.booktitle or self.journal or self.type == "book"):
            return year
        return self.year

    @property
    def primary_link(self) -> Link | None:
        """The Paper link, else the first link, else None."""
        for link in self.links:
            if link.kind == "paper":
                return link
        return self.links[0] if self.links else None

    @property
    def citation_url(self) -> str | None:
        """The URL a citation points to: the arXiv abstract page, else the primary link."""
        if self.arxiv:
            return f"https://arxiv.org/abs/{self.arxiv}"
        link = self.primary_link
        return link.clean_url if link else None

    @property
    def link_kinds(self) -> frozenset[str]:
        """The kinds of link this work has."""
        return frozenset(link.kind for link in self.links)


@dataclass(frozen=True, slots=True)
class Section:
    """A node of the taxonomy: a title, a description, sub-sections and works."""

    id: str
    title: str
    path: tuple[str, ...]
    parent: str | None = None
    description: str = ""
    children: tuple[str, ...] = ()
    works: tuple[str, ...] = ()
    depth: int = 0


@dataclass(frozen=True, slots=True)
class Survey:
    """The survey the catalog comes from, as it is cited."""

    title: str
    authors: tuple[str, ...] = ()
    year: int | None = None
    arxiv: str | None = None
    url: str | None = None
    venue: str | None = None
    list_title: str | None = None
    """How the survey's list writes the title, where it differs from the arXiv record's."""


@dataclass(frozen=True, slots=True)
class Catalog:
    """A loaded catalog: the survey, its sections in tree order and its works.

    Build one with ``Catalog.build``, which derives the roots, memberships and
    totals; the validator and the parse cache both do.
    """

    survey: Survey
    sections: Mapping[str, Section]
    works: Mapping[str, Work]
    roots: tuple[str, ...]
    path: Path | None = None
    memberships: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """For each work id, the ids of the sections that list it, in tree order."""
    totals: Mapping[str, int] = field(default_factory=dict)
    """How many distinct works each section holds, its sub-sections included."""

    @classmethod
    def build(
        cls,
        survey: Survey,
        sections: Mapping[str, Section],
        works: Mapping[str, Work],
        path: Path | None = None,
        totals: Mapping[str, int] | None = None,
    ) -> Catalog:
        """A catalog from sections in tree order (pre-order) and works; ``totals`` if already known."""
        roots = tuple(s.id for s in sections.values() if s.parent is None)
        memberships: dict[str, list[str]] = {}
        for section in sections.values():
            for work_id in section.works:
                memberships.setdefault(work_id, []).append(section.id)
        return cls(
            survey=survey,
            sections=sections,
            works=works,
            roots=roots,
            path=path,
            memberships=_shared_tuples(memberships),
            totals=totals if totals is not None else _count_totals(sections),
        )

    def walk(self, section_id: str | None = None) -> Iterator[Section]:
        """Every section in tree order (pre-order), below ``section_id`` if given."""
        start = self.roots if section_id is None else (section_id,)
        sections = self.sections
        return preorder((sections[s] for s in start), lambda s: (sections[c] for c in s.children))

    def works_under(self, section_id: str) -> list[Work]:
        """Every distinct work in a section and its sub-sections, in tree order."""
        seen: dict[str, Work] = {}
        for section in self.walk(section_id):
            for work_id in section.works:
                seen.setdefault(work_id, self.works[work_id])
        return list(seen.values())

    def sections_of(self, work_id: str) -> tuple[Section, ...]:
        """The sections a work appears in, in tree order."""
        return tuple(self.sections[s] for s in self.memberships.get(work_id, ()))

    @property
    def membership_count(self) -> int:
        """How many (section, work) pairs the catalog holds."""
        return sum(len(s.works) for s in self.sections.values())


def _shared_tuples(lists: Mapping[str, list[str]]) -> dict[str, tuple[str, ...]]:
    """The lists as tuples, one tuple object for equal ones (most works share their sections with many others)."""
    shared: dict[tuple[str, ...], tuple[str, ...]] = {}
    return {key: shared.setdefault(value, value) for key, value in ((k, tuple(v)) for k, v in lists.items())}


def _count_totals(sections: Mapping[str, Section]) -> dict[str, int]:
    """How many distinct works each section holds, sub-sections included (``sections`` in tree order)."""
    totals: dict[str, int] = {}
    under: dict[str, set[str]] = {}
    for section in reversed(list(sections.values())):  # children before their parent
        found = set(section.works)
        for child in section.children:
            found |= under.pop(child)  # a child's set is needed once: by its parent
        under[section.id] = found
        totals[section.id] = len(found)
    return totals


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a catalog, with where it is (line and column from 1; 0 for the whole file)."""

    file: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        if self.line <= 0:
            return f"{self.file}: {self.message}"
        return f"{self.file}:{self.line}:{self.column}: {self.message}"


class CatalogError(Exception):
    """A catalog could not be loaded; ``problems`` lists every reason."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
