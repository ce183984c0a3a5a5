"""The taxonomy tree's lines for a view: which sections are open, and the rows that shows (pure).

The tree pane paints rows from this model, only those on screen
(``aligntui.tui.widgets.taxonomy``): a keystroke makes a new ``Outline``
(sections open until ``AUTO_EXPAND_BUDGET`` works show) and the rows are a list
of small tuples, made once per change, never a node per work. The order and
the guides are those Textual's ``Tree`` drew (``show_root`` off, two cells a
level): a top-level row has no guide; a row below draws, for each of its
ancestors under the top, ``"│ "`` (more siblings follow that ancestor) or
``"  "``, then ``"├ "`` or ``"└ "`` (the last child).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from enum import Enum
from typing import NamedTuple

from aligntui.browse.model import BEST_MATCHES, NodeRef, View

__all__ = ["AUTO_EXPAND_BUDGET", "LEAF_BATCH", "Outline", "Row", "RowKind"]

LEAF_BATCH = 200
"""Works a section shows at a time; the rest wait behind a "+N more" row."""
AUTO_EXPAND_BUDGET = 60
"""While filtering, works shown before sections stay closed: two screens' worth."""


class RowKind(Enum):
    """What a row shows."""

    GROUP = "group"
    """The "Best matches" group of a ranked view."""
    SECTION = "section"
    WORK = "work"
    MORE = "more"
    """"+N more": the section's works after ``NodeRef.more`` wait to be loaded."""


class Row(NamedTuple):
    """One line of the tree: what it shows, its depth (0 at the top) and the guides drawn before it."""

    ref: NodeRef
    kind: RowKind
    depth: int
    guides: str
    """``"│ ├ "``: two cells a level below the top ("" at the top)."""
    expandable: bool
    """A section or group with something under it (it draws ▶ or ▼)."""
    opened: bool


class Outline:
    """Which sections of ``view`` are open, how many works each shows, and the rows that makes.

    ``opened`` holds section ids (and ``BEST_MATCHES``); ``loaded`` the works a
    section shows before its "+N more" row (``batch`` unless set). A section
    keeps its open flag while an ancestor is closed, as Textual's tree did.
    """

    def __init__(
        self, view: View, opened: Iterable[str] = (), loaded: dict[str, int] | None = None, batch: int = LEAF_BATCH
    ) -> None:
        self.view = view
        self.batch = batch
        """Works a section shows at a time (``LEAF_BATCH``)."""
        self.opened: set[str] = set(opened)
        self.loaded: dict[str, int] = dict(loaded or {})
        self.version = 0
        """Counts the changes made (a new version: new rows)."""
        self._rows: list[Row] | None = None
        self._group_rows = 0
        self._index: dict[NodeRef, int] | None = None

    @classmethod
    def for_view(
        cls,
        view: View,
        expanded: set[str] | None = None,
        budget: int = AUTO_EXPAND_BUDGET,
        batch: int = LEAF_BATCH,
    ) -> Outline:
        """The outline a new view starts with.

        Unfiltered, the sections in ``expanded`` open (default: the top level),
        each inside an open one; filtered, sections open in tree order while
        fewer than ``budget`` works show, the last one opened showing what is
        left of the budget (at least one) before its "+N more".
        """
        outline = cls(view, batch=batch)
        if view.best():
            outline.opened.add(BEST_MATCHES)
        filtered = view.filtered
        stack = [(section, 0) for section in reversed(view.child_sections(None))]
        while stack:
            section, depth = stack.pop()
            if filtered:
                should_open = budget > 0
            elif expanded is not None:
                should_open = section in expanded
            else:
                should_open = depth == 0
            if not should_open or not outline._expandable(section):
                continue
            outline.opened.add(section)
            if filtered:
                shown = min(len(view.works_in(section)), batch, max(budget, 1))
                outline.loaded[section] = max(shown, 1)
                budget -= shown
            stack.extend((child, depth + 1) for child in reversed(view.child_sections(section)))
        return outline

    # -- rows -------------------------------------------------------------------

    @property
    def rows(self) -> Sequence[Row]:
        """The visible rows, top to bottom (made once after each change)."""
        if self._rows is None:
            self._group_rows = 0
            self._rows = self._make_rows()
            self._index = None
        return self._rows

    @property
    def group_rows(self) -> int:
        """How many rows at the top are the "Best matches" group (its row and, open, its works); 0 without one."""
        self.rows  # noqa: B018 - made with the rows
        return self._group_rows

    def index_of(self, ref: NodeRef, in_group: bool = False) -> int | None:
        """The row showing ``ref``, or None when it is not shown (closed, filtered out or not loaded).

        A work in "Best matches" has the ref of its place in the taxonomy; that place's row is the answer when it is
        shown, the group's row only when not, or first when ``in_group`` (the cursor was in the group).
        """
        rows, group = self.rows, self.group_rows
        if in_group:
            found = next((n for n in range(group) if rows[n].ref == ref), None)
            if found is not None:
                return found
        if self._index is None:
            # The "Best matches" rows name the places in the taxonomy below: a place's own row wins.
            index: dict[NodeRef, int] = {}
            for n in (*range(group, len(rows)), *range(group)):
                index.setdefault(rows[n].ref, n)
            self._index = index
        return self._index.get(ref)

    def parent_index(self, index: int) -> int | None:
        """The row of the section or group that holds row ``index``; None for a top-level row."""
        rows = self.rows
        depth = rows[index].depth
        for n in range(index - 1, -1, -1):
            if rows[n].depth < depth:
                return n
        return None

    def _changed(self) -> None:
        self.version += 1
        self._rows = None
        self._index = None

    def _expandable(self, section: str) -> bool:
        matched, total = self.view.counts_for(section)
        return (matched if matched is not None else total) > 0

    def _make_rows(self) -> list[Row]:
        view = self.view
        rows: list[Row] = []
        add = rows.append
        best = view.best()
        tops: list[tuple[RowKind, str]] = [(RowKind.GROUP, BEST_MATCHES)] if best else []
        tops += [(RowKind.SECTION, s) for s in view.child_sections(None)]
        for n, (kind, section) in enumerate(tops):
            self._add_branch(add, kind, section, 0, "", n == len(tops) - 1, best)
            if kind is RowKind.GROUP:
                self._group_rows = len(rows)
        return rows

    def _add_branch(
        self,
        append: Callable[[Row], None],
        kind: RowKind,
        section: str,
        depth: int,
        lead: str,
        last: bool,
        best: list[NodeRef],
    ) -> None:
        """Add a section's row, then, when it is open, its rows below (recursively)."""
        expandable = bool(best) if kind is RowKind.GROUP else self._expandable(section)
        opened = expandable and section in self.opened
        guides = "" if depth == 0 else lead + ("└ " if last else "├ ")
        append(Row(NodeRef(section), kind, depth, guides, expandable, opened))
        if not opened:
            return
        inner = "" if depth == 0 else lead + ("  " if last else "│ ")
        below = depth + 1
        if kind is RowKind.GROUP:
            for n, ref in enumerate(best):
                append(Row(ref, RowKind.WORK, below, inner + ("└ " if n == len(best) - 1 else "├ "), False, False))
            return
        view = self.view
        children = view.child_sections(section)
        works = view.works_in(section)
        shown = min(len(works), self.loaded.get(section, self.batch))
        more = shown < len(works)
        for n, child in enumerate(children):
            self._add_branch(append, RowKind.SECTION, child, below, inner, n == len(children) - 1 and not shown, best)
        for n in range(shown):
            guide = inner + ("└ " if n == shown - 1 and not more else "├ ")
            append(Row(NodeRef(section, works[n]), RowKind.WORK, below, guide, False, False))
        if more:
            append(Row(NodeRef(section, None, shown), RowKind.MORE, below, inner + "└ ", False, False))

    # -- changes ----------------------------------------------------------------

    def open(self, section: str) -> None:
        """Open a section (or the group)."""
        if section not in self.opened:
            self.opened.add(section)
            self._changed()

    def close(self, section: str) -> None:
        """Close a section (or the group)."""
        if section in self.opened:
            self.opened.discard(section)
            self._changed()

    def toggle(self, section: str) -> None:
        """Open a closed section, close an open one."""
        if section in self.opened:
            self.close(section)
        else:
            self.open(section)

    def load_more(self, section: str) -> None:
        """Show ``batch`` more of a section's works."""
        works = self.view.works_in(section)
        shown = min(len(works), self.loaded.get(section, self.batch))
        if shown < len(works):
            self.loaded[section] = shown + self.batch
            self._changed()

    def open_all(self) -> None:
        """Open every section that has something under it (and the group)."""
        view = self.view
        stack = list(view.child_sections(None))
        if view.best():
            self.opened.add(BEST_MATCHES)
        while stack:
            section = stack.pop()
            if self._expandable(section):
                self.opened.add(section)
                stack.extend(view.child_sections(section))
        self._changed()

    def close_all(self) -> None:
        """Close every section and the group."""
        self.opened.clear()
        self._changed()

    def opened_sections(self) -> set[str]:
        """The ids of the open sections (the group not included)."""
        return self.opened - {BEST_MATCHES}

    def reveal(self, ref: NodeRef) -> int | None:
        """Open what hides ``ref`` and load its section's works up to it; its row, or None when the view lacks it.

        A section's own open flag is kept (its ancestors open); a work opens its
        section too.
        """
        view = self.view
        if ref.section == BEST_MATCHES:
            chain: list[str] = [BEST_MATCHES]
            if not view.best():
                return None
        else:
            sections = view.catalog.sections
            if ref.section not in sections:
                return None
            chain = []
            current: str | None = ref.section
            while current is not None:
                chain.append(current)
                current = sections[current].parent
            chain.reverse()
            parent: str | None = None
            for section in chain:
                if section not in view.child_sections(parent):
                    return None
                parent = section
        opening = chain if ref.work is not None or ref.more else chain[:-1]
        for section in opening:
            if not self._expandable(section) and section != BEST_MATCHES:
                return None
            self.open(section)
        if ref.work is not None and ref.section != BEST_MATCHES:
            works = view.works_in(ref.section)
            try:
                position = works.index(ref.work)
            except ValueError:
                return None
            shown = self.loaded.get(ref.section, self.batch)
            if position >= shown:
                batches = (position - shown) // self.batch + 1
                self.loaded[ref.section] = shown + batches * self.batch
                self._changed()
        return self.index_of(ref)
