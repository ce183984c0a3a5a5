"""The browsing model: what the explorer shows for a query, computed without Textual (pure).

One ``Browser`` per catalog owns the search index and the sections' bit
masks; ``Browser.view(text)`` answers everything the screen asks for one
query: which sections and works to show, the counts, the hint line, a
section's page, the next and previous match and the next "also in" place.
The tree and the detail pane only render what a ``View`` gives them, and the
command line uses the same ``SearchIndex``, so the two never disagree.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from aligntui.catalog import Catalog, Section, Work
from aligntui.pruning import SectionMasks

if TYPE_CHECKING:
    from aligntui.personal import Personal
    from aligntui.search import SearchIndex, SearchResult

__all__ = ["Browser", "NodeRef", "SectionPage", "View"]


@dataclass(frozen=True, slots=True)
class NodeRef:
    """A place in the tree: a section, a work in a section, or the "+N more" node after ``more`` works."""

    section: str
    work: str | None = None
    more: int = 0


@dataclass(frozen=True, slots=True)
class SectionPage:
    """What the detail pane shows for a section: its works in brief, each with the first place it is in."""

    section: Section
    total: int
    matching: int | None
    """Matched works under the section, or None when no filter is on."""
    works: tuple[tuple[str, Work], ...]
    """(section id, work) for up to ``Browser.PAGE_LIMIT`` distinct works, in tree order."""

    @property
    def more(self) -> int:
        """How many works the page does not list."""
        shown = self.matching if self.matching is not None else self.total
        return max(0, shown - len(self.works))


class Browser:
    """One catalog's browsing state: the search index, the sections' bit masks and their totals."""

    PAGE_LIMIT = 200
    """How many of a section's works its page lists."""

    def __init__(self, catalog: Catalog, personal: Personal | None = None) -> None:
        self.catalog = catalog
        self.personal = personal
        """One's marks and .bib: the ``is:``/``note:`` terms and the signs in the rows (None: no marks)."""
        self.totals: Mapping[str, int] = catalog.totals
        self._index: SearchIndex | None = None
        self._masks: SectionMasks | None = None
        self._lock = threading.Lock()

    @property
    def index(self) -> SearchIndex:
        """The search index, made on first use (the search module is not needed to paint)."""
        with self._lock:
            if self._index is None:
                from aligntui.search import SearchIndex

                self._index = SearchIndex(self.catalog, personal=self.personal)
            return self._index

    @property
    def masks(self) -> SectionMasks:
        """The sections' bit masks, made on first use (the first filter, or ahead of it in a thread)."""
        with self._lock:
            if self._masks is None:
                self._masks = SectionMasks(self.catalog)
            return self._masks

    def prepare(self) -> None:
        """Build everything a first query needs (seconds at 100,000 works): call it from a thread."""
        self.index.prepare()
        self.masks  # noqa: B018 - built here, not on the first keystroke
        self.index.prepare(vocabulary=True)

    def view(self, text: str = "") -> View:
        """What to show for the query ``text``; blank text shows the whole catalog."""
        if not text.strip():
            return View(self, None)
        return View(self, self.index.search(text))


@dataclass(slots=True)
class View:
    """The explorer's state for one query: the result, counts, and the works each section shows."""

    browser: Browser
    result: SearchResult | None
    """The search result, or None when no filter is on."""
    counts: Mapping[str, int] | None = None
    """Matched works under each section that leads to a match (None when unfiltered)."""
    _matched: frozenset[int] = frozenset()
    _rank: dict[int, int] | None = None
    _works: dict[str, list[str]] = field(default_factory=dict)
    _matched_ids: frozenset[str] | None = None

    def __post_init__(self) -> None:
        result = self.result
        if result is not None:
            masks = self.browser.masks
            self.counts = masks.counts(result.positions)
            self._matched = frozenset(result.positions)
            if result.fuzzy:
                self._rank = {p: r for r, p in enumerate(result.positions)}

    @property
    def catalog(self) -> Catalog:
        """The catalog shown."""
        return self.browser.catalog

    @property
    def filtered(self) -> bool:
        """True when a query with terms is on."""
        return self.result is not None

    @property
    def words(self) -> tuple[str, ...]:
        """The words to mark in labels (the query's own and fuzzy stand-ins)."""
        return self.result.highlight_words if self.result is not None else ()

    @property
    def match_count(self) -> int:
        """How many distinct works match (all of them when unfiltered)."""
        return len(self.result.work_ids) if self.result is not None else len(self.catalog.works)

    @property
    def matched_ids(self) -> frozenset[str]:
        """The ids of the matched works (all when unfiltered); made when first asked for."""
        if self._matched_ids is None:
            ids = self.result.work_ids if self.result is not None else self.catalog.works
            self._matched_ids = frozenset(ids)
        return self._matched_ids

    def hint(self) -> tuple[str, bool]:
        """The line under the filter and whether it reports a problem; empty when unfiltered."""
        result = self.result
        if result is None:
            return "", False
        hints = "; ".join(result.hints)
        if not result.work_ids:
            return f"No work matches. {hints + '. ' if hints else ''}Press Escape to clear the filter.", True
        summary = f"{len(result.work_ids)} of {len(self.catalog.works)} works match"
        return (f"{summary}. {hints}" if hints else summary), bool(result.query.hints)

    def glyph(self, work_id: str) -> str:
        """The signs of one's marks on a work for its tree row (``Personal.glyph``), or ``""``."""
        personal = self.browser.personal
        return personal.glyph(work_id) if personal is not None else ""

    @property
    def personal_query(self) -> bool:
        """Whether the query asks about marks or the .bib, so that changing one changes the matches."""
        from aligntui.personal import wants_personal

        return self.result is not None and wants_personal(self.result.query)

    # -- sections and their works ---------------------------------------------

    def counts_for(self, section_id: str) -> tuple[int | None, int]:
        """(matching works, or None when unfiltered; all works) under a section."""
        total = self.browser.totals.get(section_id, 0)
        if self.counts is None:
            return None, total
        return self.counts.get(section_id, 0), total

    def child_sections(self, section_id: str | None) -> list[str]:
        """The sub-sections shown under a section (the roots for None): those that lead to a match."""
        catalog = self.catalog
        children = catalog.roots if section_id is None else catalog.sections[section_id].children
        if self.counts is None:
            return list(children)
        counts = self.counts
        return [c for c in children if c in counts]

    def works_in(self, section_id: str) -> Sequence[str]:
        """The ids of the works a section itself lists and the query matches, in its order (best first after fuzzy)."""
        section = self.catalog.sections[section_id]
        if self.result is None:
            return section.works
        found = self._works.get(section_id)
        if found is None:
            position = self.browser.masks.position
            matched = self._matched
            found = [w for w in section.works if position[w] in matched]
            if self._rank is not None:
                rank = self._rank
                found.sort(key=lambda w: rank[position[w]])
            self._works[section_id] = found
        return found

    def works_under(self, section_id: str, limit: int | None = None) -> list[tuple[str, Work]]:
        """Distinct matched works in a section and its sub-sections, each with the first place it is in."""
        works = self.catalog.works
        found: dict[str, tuple[str, Work]] = {}
        for section in self._shown_sections(section_id):
            for work_id in self.works_in(section.id):
                if work_id not in found:
                    found[work_id] = (section.id, works[work_id])
                    if limit is not None and len(found) >= limit:
                        return list(found.values())
        return list(found.values())

    def _shown_sections(self, section_id: str) -> Iterator[Section]:
        """The section and the sub-sections shown below it, in tree order."""
        sections = self.catalog.sections
        stack = [section_id]
        while stack:
            section = sections[stack.pop()]
            yield section
            stack.extend(reversed(self.child_sections(section.id)))

    def section_page(self, section_id: str) -> SectionPage:
        """What the detail pane shows for a section."""
        matching, total = self.counts_for(section_id)
        works = self.works_under(section_id, self.browser.PAGE_LIMIT)
        return SectionPage(self.catalog.sections[section_id], total, matching, tuple(works))

    # -- moving between matches -----------------------------------------------

    def _postorder(self) -> list[str]:
        """The shown sections in the order their own works appear in the tree (after their sub-sections)."""
        out: list[str] = []
        stack: list[tuple[str, bool]] = [(root, False) for root in reversed(self.child_sections(None))]
        while stack:
            section_id, done = stack.pop()
            if done:
                out.append(section_id)
                continue
            stack.append((section_id, True))
            stack.extend((child, False) for child in reversed(self.child_sections(section_id)))
        return out

    def places(self) -> Iterator[NodeRef]:
        """Every (section, work) place the view shows, in tree order (a section's sub-sections before its works)."""
        for section_id in self._postorder():
            for work_id in self.works_in(section_id):
                yield NodeRef(section_id, work_id)

    def first_match(self) -> NodeRef | None:
        """The first work shown, or None when nothing matches."""
        return self.step(None, 1)

    def step(self, ref: NodeRef | None, step: int) -> NodeRef | None:
        """The work after (``step`` 1) or before (-1) ``ref`` in tree order, wrapping around; None if there is none."""
        order = self._postorder()
        if not order:
            return None
        index = {section_id: n for n, section_id in enumerate(order)}
        if ref is None or ref.section not in index:
            start = 0 if step > 0 else len(order) - 1
        elif ref.work is not None:
            works = self.works_in(ref.section)
            position = works.index(ref.work) + step if ref.work in works else -1
            if 0 <= position < len(works):
                return NodeRef(ref.section, works[position])
            start = index[ref.section] + step
        else:
            # A section's line comes before its sub-sections, which end just before it in this order.
            size = sum(1 for _ in self._shown_sections(ref.section))
            start = index[ref.section] - size + 1 if step > 0 else index[ref.section] - size
        for offset in range(len(order)):
            section_id = order[(start + offset * step) % len(order)]
            works = self.works_in(section_id)
            if works:
                return NodeRef(section_id, works[0] if step > 0 else works[-1])
        return None

    def also_in(self, ref: NodeRef) -> NodeRef | None:
        """The same work in the next section that shows it, or None when it is shown in no other."""
        if ref.work is None:
            return None
        places = [s for s in self.catalog.memberships.get(ref.work, ()) if ref.work in self.works_in(s)]
        if len(places) < 2:
            return None
        following = places[(places.index(ref.section) + 1) % len(places)] if ref.section in places else places[0]
        return NodeRef(following, ref.work)
