"""The catalog: typed, immutable data loaded from ``catalog.toml`` (pure, no Textual).

``load_catalog`` parses and validates a catalog and either returns a
``Catalog`` or raises ``CatalogError`` carrying every problem found, each
with the file, line and column it concerns.
"""

from __future__ import annotations

import gc
import re
import sys
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib


__all__ = [
    "SCHEMA_VERSION",
    "WORK_TYPES",
    "Catalog",
    "CatalogError",
    "Link",
    "Problem",
    "Section",
    "Survey",
    "Work",
    "bundled_catalog_path",
    "count_totals",
    "display_name",
    "index_memberships",
    "load_catalog",
    "parse_catalog",
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
"""Link labels (lower-cased) and the kind each stands for, as ``has:`` knows them."""


def display_name(author: str) -> str:
    """``Le Bras, Ronan`` as ``Ronan Le Bras``; ``{Pew Research Center}`` without braces."""
    author = author.strip()
    if author.startswith("{") and author.endswith("}"):
        return author[1:-1]
    if "," in author:
        family, given = (part.strip() for part in author.split(",", 1))
        return f"{given} {family}" if given else family
    return author


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
        """What the link is, for ``has:`` queries and tree markers."""
        return LINK_KINDS.get(self.label.lower(), "other")


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

    @property
    def first_author(self) -> str:
        """The first author as written, or an empty string."""
        return self.authors[0] if self.authors else ""

    @property
    def published_year(self) -> int | None:
        """The year to cite: the venue's year when the venue names one, else ``year``."""
        match = re.search(r"\b(1[5-9]\d\d|20\d\d)\s*$", self.venue or "")
        if match and (self.booktitle or self.journal or self.type == "book"):
            return int(match.group(1))
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


@dataclass(frozen=True, slots=True)
class Catalog:
    """A loaded catalog: the survey, its sections in tree order and its works."""

    survey: Survey
    sections: Mapping[str, Section]
    works: Mapping[str, Work]
    roots: tuple[str, ...]
    path: Path | None = None
    memberships: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    totals: Mapping[str, int] = field(default_factory=dict)
    """How many distinct works each section holds, its sub-sections included."""

    def walk(self, section_id: str | None = None) -> Iterator[Section]:
        """Every section in tree order (pre-order), below ``section_id`` if given."""
        stack = list(reversed(self.roots if section_id is None else (section_id,)))
        while stack:
            section = self.sections[stack.pop()]
            yield section
            stack.extend(reversed(section.children))

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


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a catalog, with where it is."""

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


def index_memberships(sections: Mapping[str, Section]) -> dict[str, tuple[str, ...]]:
    """For each work, the sections that list it, in tree order (``sections`` in tree order)."""
    memberships: dict[str, list[str]] = {}
    for section in sections.values():
        for work_id in section.works:
            memberships.setdefault(work_id, []).append(section.id)
    return {work_id: tuple(places) for work_id, places in memberships.items()}


def count_totals(sections: Mapping[str, Section]) -> dict[str, int]:
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


def bundled_catalog_path() -> Path:
    """The catalog that ships inside the package (or beside ``src/`` in a checkout)."""
    packaged = Path(__file__).resolve().parent / "data" / "catalog.toml"
    if packaged.is_file():
        return packaged
    return Path(__file__).resolve().parents[2] / "catalog.toml"


_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


def parse_catalog(text: str, name: str = "<catalog>", path: Path | None = None) -> Catalog:
    """Parse and validate catalog text; raise ``CatalogError`` listing every problem."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        match = _TOML_POSITION.search(message)
        line, column = (int(match.group(1)), int(match.group(2))) if match else (1, 1)
        reason = _TOML_POSITION.sub("", message).strip()
        raise CatalogError([Problem(name, line, column, f"TOML syntax error: {reason}")]) from None
    from aligntui.validation import build_catalog

    catalog, problems = build_catalog(data, text, name, path)
    if problems:
        raise CatalogError(problems)
    return catalog


def load_catalog(path: Path | str | None = None) -> Catalog:
    """Load and validate a catalog file (the bundled one when ``path`` is None)."""
    # Building a large catalog makes hundreds of thousands of objects, none of
    # them garbage: the collector's passes over them would only cost time.
    paused = gc.isenabled()
    gc.disable()
    try:
        return _load(path)
    finally:
        if paused:
            gc.enable()


def _load(path: Path | str | None) -> Catalog:
    file = Path(path) if path is not None else bundled_catalog_path()
    name = str(path) if path is not None else "catalog.toml (bundled)"
    try:
        raw = file.read_bytes()
    except OSError as error:
        reason = error.strerror or str(error)
        raise CatalogError([Problem(name, 0, 0, f"cannot read the catalog: {reason}")]) from None
    from aligntui import cache

    cached = cache.load_cached(raw, file)
    if cached is not None:
        return cached
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise CatalogError([Problem(name, line, 1, "the catalog is not valid UTF-8")]) from None
    catalog = parse_catalog(text, name, file)
    cache.store(raw, catalog)
    return catalog
