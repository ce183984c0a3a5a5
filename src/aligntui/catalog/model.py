"""The catalog's types: survey, sections, works and links, immutable and typed (pure, no Textual).

Loading and validating a file is ``aligntui.catalog.load``'s job; this module only
says what a catalog is, so every other module can use the types without
importing the loader. The schema is documented in ``docs/catalog.md``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from aligntui.catalog.work import LINK_KINDS, Link, Work, link_kind, venue_year

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

HAS_ALIASES: Mapping[str, str] = {
    "project": "code",
    "checkpoints": "checkpoint",
    "model": "checkpoint",
    "dataset": "data",
}
"""Other words ``has:`` accepts for a kind (``has:project`` is ``has:code``)."""

TREE_TAGS: Mapping[str, str] = {"data": "data", "code": "code", "checkpoint": "ckpt", "leaderboard": "board"}
"""The link kinds a tree row tags, in this order, and the tag each shows."""


T = TypeVar("T")


def preorder(roots: Iterable[T], children: Callable[[T], Iterable[T]]) -> Iterator[T]:
    """Every node below ``roots`` in tree order (pre-order), iteratively: no depth limit."""
    stack = list(roots)[::-1]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(list(children(node))[::-1])


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
    _memberships: Mapping[str, tuple[str, ...]] | Callable[[], dict[str, tuple[str, ...]]] = field(
        default_factory=dict, repr=False, compare=False
    )
    """``memberships``, or what makes it on first use (the parse cache's, after the first paint)."""
    totals: Mapping[str, int] = field(default_factory=dict)
    """How many distinct works each section holds, its sub-sections included."""

    @property
    def memberships(self) -> Mapping[str, tuple[str, ...]]:
        """For each work id, the ids of the sections that list it, in tree order (the work ids in no set order).

        A cached catalog makes this dict on first use (30 ms at 100,000 works),
        which the first paint never makes; made twice at once by two threads,
        either equal dict is kept.
        """
        found = self._memberships
        if callable(found):
            found = found()
            object.__setattr__(self, "_memberships", found)  # frozen, but this is a cache of a derived value
        return found

    @classmethod
    def build(
        cls,
        survey: Survey,
        sections: Mapping[str, Section],
        works: Mapping[str, Work],
        path: Path | None = None,
        totals: Mapping[str, int] | None = None,
        memberships: Mapping[str, tuple[str, ...]] | Callable[[], dict[str, tuple[str, ...]]] | None = None,
    ) -> Catalog:
        """A catalog from sections in tree order (pre-order) and works; ``totals`` and ``memberships`` if known.

        The parse cache passes the last two as it stored them (``memberships``
        as a function making them, called on first use); they must be what
        this method would derive from ``sections``.
        """
        roots = tuple(s.id for s in sections.values() if s.parent is None)
        if memberships is None:
            memberships = _memberships(sections)
        return cls(
            survey=survey,
            sections=sections,
            works=works,
            roots=roots,
            path=path,
            _memberships=memberships,
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


def _memberships(sections: Mapping[str, Section]) -> dict[str, tuple[str, ...]]:
    """For each work id, the ids of the sections that list it, in tree order; one tuple object for equal ones
    (most works share their sections with many others)."""
    lists: dict[str, list[str]] = {}
    for section in sections.values():
        for work_id in section.works:
            lists.setdefault(work_id, []).append(section.id)
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
