"""The browsing model: what the explorer shows for a query, computed without Textual (pure).

One ``Browser`` per catalog owns the search index and the sections' bit
masks; ``Browser.view(text)`` answers everything the screen asks for one
query: which sections and works to show, the counts, the hint line, a
section's page, the best matches, why each matched, the next and previous
match and the next "also in" place. While a query with words is on, a
section's works, ``places`` and ``step`` follow the ranking, best first.
The tree and the detail pane only render what a ``View`` gives them, and the
command line uses the same ``SearchIndex``, so the two never disagree.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Generic, Protocol, TypeVar

from aligntui.browse.masks import SectionMasks, flags
from aligntui.catalog.model import Catalog, Section, Work

if TYPE_CHECKING:
    from aligntui.search.index import SearchIndex, SearchResult
    from aligntui.search.query import Term
    from aligntui.search.reasons import Reason

__all__ = ["BEST_MATCHES", "Browser", "NodeRef", "PersonalMarks", "SectionPage", "View"]


class PersonalMarks(Protocol):
    """What the browsing model asks of one's own files (``aligntui.personal.terms.Personal`` is one)."""

    def ids_for(self, term: Term) -> frozenset[str]:
        """The ids of the works a personal query term matches (``aligntui.search.index.PersonalTerms``)."""
        ...

    def glyph(self, work_id: str) -> str:
        """The signs of one's marks on a work for its tree row, or ``""``."""
        ...


BEST_MATCHES = "@best"
"""The section id of the "Best matches" group a ranked view shows above the taxonomy (no catalog id has an @)."""


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


PersonalT = TypeVar("PersonalT", bound=PersonalMarks, covariant=True)
"""The kind of one's own files a ``Browser`` holds (the TUI's ``Personal``), so it is handed back typed."""


class Browser(Generic[PersonalT]):
    """One catalog's browsing state: the search index, the sections' bit masks and their totals."""

    PAGE_LIMIT = 200
    """How many of a section's works its page lists."""
    NOTES_KEPT = 32
    """Queries whose rows' notes are kept: typing back over a word shows its rows without working them out again."""

    def __init__(self, catalog: Catalog, personal: PersonalT | None = None) -> None:
        self.catalog = catalog
        self.personal = personal
        """One's marks and .bib: the ``is:``/``note:`` terms and the signs in the rows (None: no marks)."""
        self.totals: Mapping[str, int] = catalog.totals
        self._index: SearchIndex | None = None
        self._masks: SectionMasks | None = None
        self._lock = threading.Lock()
        self._notes: dict[tuple[object, ...], dict[str, str]] = {}

    @property
    def index(self) -> SearchIndex:
        """The search index, made on first use (the search module is not needed to paint)."""
        with self._lock:
            if self._index is None:
                from aligntui.search.index import SearchIndex

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

    def _notes_for(self, result: SearchResult) -> dict[str, str]:
        """The rows' notes worked out so far for a result's terms, shared by every view with the same terms.

        A note depends on the catalog, the terms, their fuzzy stand-ins and the
        words a partial result counted, nothing else (``View.reasons``).
        """
        terms = tuple(term for group in result.query.groups for term in group)
        key = (terms, tuple(sorted(result.fuzzy.items())), tuple(result.counted) if result.partial else ())
        notes = self._notes.pop(key, {})
        self._notes[key] = notes  # the most recent last
        while len(self._notes) > self.NOTES_KEPT:
            del self._notes[next(iter(self._notes))]
        return notes

    def view(self, text: str = "") -> View:
        """What to show for the query ``text``; blank text shows the whole catalog."""
        if not text.strip():
            return View(self, None)
        return View(self, self.index.search(text))


@dataclass(slots=True)
class View:
    """The explorer's state for one query: the result, counts, and the works each section shows."""

    browser: Browser[PersonalMarks]
    result: SearchResult | None
    """The search result, or None when no filter is on."""
    counts: Mapping[str, int] | None = None
    """Matched works under each section that leads to a match (None when unfiltered)."""
    _matched: bytearray = field(default_factory=bytearray)
    """One byte per work position, 1 for a matched work (``aligntui.browse.masks.flags``): 100 KB at 100,000
    works, where a frozenset of a result that large held 4 MB."""
    _rank: dict[int, int] | None = None
    """Position -> place in the ranking; made when a section's works are first sorted (ranked views only)."""
    _works: dict[str, list[str]] = field(default_factory=dict)
    _matched_ids: frozenset[str] | None = None
    _rank_of: dict[str, int] | None = None
    _notes: dict[str, str] = field(default_factory=dict)
    _words: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        result = self.result
        if result is not None:
            masks = self.browser.masks
            self._matched = flags(result.positions, masks.size)
            self.counts = masks.counts_of(self._matched)
            self._notes = self.browser._notes_for(result)

    @property
    def catalog(self) -> Catalog:
        """The catalog shown."""
        return self.browser.catalog

    @property
    def filtered(self) -> bool:
        """True when a query with terms is on."""
        return self.result is not None

    @property
    def ranked(self) -> bool:
        """True when matches are in relevance order (a query with words), False for tree order."""
        return self.result is not None and self.result.ranked

    @property
    def words(self) -> tuple[str, ...]:
        """The words to mark in labels (the query's own and fuzzy stand-ins); made once (every row painted asks)."""
        if self._words is None:
            self._words = tuple(self.result.highlight_words) if self.result is not None else ()
        return self._words

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
        if result.partial:  # "No work has all 6 words (...); closest: 4 works with 3 or more of them, best first"
            note = result.partial_note
            return note[0].upper() + note[1:] + (f". {hints}" if hints else ""), False
        summary = f"{len(result.work_ids)} of {len(self.catalog.works)} works match"
        return (f"{summary}. {hints}" if hints else summary), bool(result.query.hints)

    def glyph(self, work_id: str) -> str:
        """The signs of one's marks on a work for its tree row (``Personal.glyph``), or ``""``."""
        personal = self.browser.personal
        return personal.glyph(work_id) if personal is not None else ""

    @property
    def personal_query(self) -> bool:
        """Whether the query asks about marks or the .bib, so that changing one changes the matches."""
        from aligntui.search.query import wants_personal

        return self.result is not None and wants_personal(self.result.query)

    # -- sections and their works ---------------------------------------------

    def counts_for(self, section_id: str) -> tuple[int | None, int]:
        """(matching works, or None when unfiltered; all works) under a section."""
        if section_id == BEST_MATCHES:  # "10 of 37 works match": the best ten of every match
            return len(self.best()), self.match_count
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
        """The ids of the works a section itself lists and the query matches: best first when ranked, else its order."""
        section = self.catalog.sections[section_id]
        if self.result is None:
            return section.works
        found = self._works.get(section_id)
        if found is None:
            matched, places = self._matched, self.browser.masks.places[section_id]
            kept = [(w, p) for w, p in zip(section.works, places, strict=True) if matched[p]]
            if self.ranked:
                rank = self._ranks()
                kept.sort(key=lambda pair: rank[pair[1]])
            found = self._works[section_id] = [w for w, _ in kept]
        return found

    def _ranks(self) -> dict[int, int]:
        """Position -> place in the ranking of a ranked view, made on first use."""
        if self._rank is None:
            assert self.result is not None
            self._rank = {p: r for r, p in enumerate(self.result.positions)}
        return self._rank

    def works_under(self, section_id: str, limit: int | None = None) -> list[tuple[str, Work]]:
        """Distinct matched works in a section and its sub-sections, each with the first place it is in."""
        works = self.catalog.works
        if section_id == BEST_MATCHES:
            return [(ref.section, works[ref.work]) for ref in self.best() if ref.work is not None][:limit]
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
        return SectionPage(self.section(section_id), total, matching, tuple(works))

    def section(self, section_id: str) -> Section:
        """A section of the catalog, or the "Best matches" group of a ranked view."""
        if section_id == BEST_MATCHES:
            return Section(BEST_MATCHES, "Best matches", ("Best matches",), description="The best matches, best first.")
        return self.catalog.sections[section_id]

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
        """Every (section, work) place the view shows: best work first when ranked, else in tree order."""
        if self.result is not None and self.ranked:
            memberships = self.catalog.memberships
            for work_id in self.result.work_ids:
                for section_id in memberships.get(work_id, ()):
                    yield NodeRef(section_id, work_id)
            return
        for section_id in self._postorder():
            for work_id in self.works_in(section_id):
                yield NodeRef(section_id, work_id)

    def first_match(self) -> NodeRef | None:
        """The best match when ranked, else the first work shown; None when nothing matches."""
        return self.step(None, 1)

    def best(self, limit: int = 10) -> list[NodeRef]:
        """The top ``limit`` matches, best first, each at the first place it is in; [] when not ranked."""
        if self.result is None or not self.ranked:
            return []
        return [self._place(work_id) for work_id in self.result.work_ids[:limit]]

    def _place(self, work_id: str) -> NodeRef:
        """A work at the first section it is in."""
        places = self.catalog.memberships.get(work_id, ())
        return NodeRef(places[0] if places else "", work_id)

    def reasons(self, work_id: str) -> tuple[Reason, ...]:
        """Why a work matched the query, one ``Reason`` per query word it holds; () when unfiltered."""
        if self.result is None or work_id not in self.catalog.works:
            return ()
        from aligntui.search.reasons import explain

        terms = [term for group in self.result.query.groups for term in group]
        missing = self.result.counted if self.result.partial else ()
        return explain(self.catalog, self.catalog.works[work_id], terms, self.result.fuzzy, missing)

    def note(self, work_id: str) -> str:
        """A short note for a tree row saying why a work is shown when its title does not ("with Christiano")."""
        found = self._notes.get(work_id)
        if found is None:  # asked for every visible row at every repaint: worked out once per view
            notes = [reason.note for reason in self.reasons(work_id)]
            found = self._notes[work_id] = "; ".join(dict.fromkeys(note for note in notes if note))
        return found

    def _ranked_step(self, ref: NodeRef | None, step: int) -> NodeRef | None:
        """The next (``step`` 1) or previous (-1) work in rank order, at its first place, wrapping around."""
        assert self.result is not None
        ids = self.result.work_ids
        if not ids:
            return None
        if self._rank_of is None:
            self._rank_of = {work_id: n for n, work_id in enumerate(ids)}
        if ref is not None and ref.work in self._rank_of:
            return self._place(ids[(self._rank_of[ref.work] + step) % len(ids)])
        if ref is not None and ref.work is None and ref.section in self.catalog.sections:
            under = {section.id for section in self._shown_sections(ref.section)}
            memberships = self.catalog.memberships
            for work_id in ids if step > 0 else reversed(ids):
                place = next((s for s in memberships.get(work_id, ()) if s in under), None)
                if place is not None:
                    return NodeRef(place, work_id)
        return self._place(ids[0] if step > 0 else ids[-1])

    def step(self, ref: NodeRef | None, step: int) -> NodeRef | None:
        """The work after (``step`` 1) or before (-1) ``ref``: in rank order when ranked, else in tree order."""
        if self.ranked:
            return self._ranked_step(ref, step)
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
