"""The taxonomy tree: sections as branches, works as leaves, built lazily."""

from __future__ import annotations

from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import on
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from aligntui.browse.model import BEST_MATCHES, NodeRef, View
from aligntui.catalog.model import preorder
from aligntui.tui.marks_signal import MarksChanged, on_marks_changed
from aligntui.tui.render.labels import section_label, work_label, work_name
from aligntui.tui.textual_private import forget_removed_nodes, lay_out_tree_lines
from aligntui.tui.widgets.best_matches import add_best_matches, row_suffix
from aligntui.tui.widgets.row_label import fit_work_label

__all__ = ["TaxonomyTree"]

Node = TreeNode[NodeRef]
_FITTED_LIMIT = 4_000
"""Fitted rows kept at most (a few screens' worth for each of the last queries typed)."""


class TaxonomyTree(Tree[NodeRef]):
    """The catalog's sections and works; shows the whole catalog or a filtered view."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False, id="tree.down"),
        Binding("k", "cursor_up", "Up", show=False, id="tree.up"),
        Binding("h,left", "collapse_or_parent", "Collapse / parent", show=False, id="tree.left",
                tooltip="Close the section, or go to the parent"),
        Binding("l,right", "expand_or_child", "Expand / first child", show=False, id="tree.right",
                tooltip="Open the section, or go to its first child"),
        Binding("enter,space", "toggle_section", "Open/close", show=False, id="tree.toggle",
                tooltip='Open or close the section; load more on "+N more"'),
        Binding("g", "first", "First", show=False, id="tree.first"),
        Binding("G", "last", "Last", show=False, id="tree.last"),
        Binding("n", "next_match", "Next match", show=False, id="tree.next-match",
                tooltip="Next matching work (while filtering)"),
        Binding("N", "previous_match", "Previous match", show=False, id="tree.previous-match",
                tooltip="Previous matching work (while filtering)"),
        Binding("e", "expand_everything", "Expand all", show=False, id="tree.expand-all"),
        Binding("E", "collapse_everything", "Collapse all", show=False, id="tree.collapse-all"),
        Binding("a", "also_in", "Also in", id="tree.also-in",
                tooltip="Jump to the same work in the next section it is in"),
    ]  # fmt: skip
    """Tree keys: vi-style movement, folding and jumping between matches."""

    LEAF_BATCH = 200
    """Works added to a section at a time; the rest wait behind a "+N more" node."""
    AUTO_EXPAND_BUDGET = 60
    """While filtering, works shown before sections stay closed: two screens' worth.

    Building a tree node costs about 0.1 ms, so a filter that matches most of a
    100,000-work catalog must not build them all on every keystroke; the rest
    load as sections open, behind "+N more", or as ``n`` walks on."""

    class PaperHighlighted(Message):
        """The cursor moved onto a work; ``ref`` names the work and the section it is in."""

        def __init__(self, ref: NodeRef) -> None:
            self.ref = ref
            super().__init__()

    class SectionHighlighted(Message):
        """The cursor moved onto a section; ``ref`` names it."""

        def __init__(self, ref: NodeRef) -> None:
            self.ref = ref
            super().__init__()

    class Notice(Message):
        """Something the person should be told (a key that does nothing here, and why)."""

        def __init__(self, text: str) -> None:
            self.text = text
            super().__init__()

    def __init__(self, view: View, *, id: str | None = None) -> None:
        super().__init__("catalog", id=id)
        self.show_root = False
        self.guide_depth = 2
        self.view = view
        """The view shown: the model's answer for the current query (the tree keeps no copy of its state)."""
        self._fitted: dict[tuple[str, tuple[str, ...], int], Text] = {}
        self._fitted_catalog = view.catalog
        """Work rows by (work id, words marked, width), for ``_fitted_catalog``: a keystroke repaints the tree more
        than once, and typing back over a word shows the same rows again."""

    def on_mount(self) -> None:
        on_marks_changed(self, self._repaint_marks)

    def _repaint_marks(self, change: MarksChanged) -> None:
        """Relabel every node of a work whose marks changed, so that its row is drawn again (its signs at the end)."""
        view = self.view
        works = view.catalog.works
        for node in preorder(self.root.children, lambda node: node.children):
            ref = node.data
            if ref is not None and ref.work is not None and change.concerns(ref.work):
                node.set_label(work_name(works[ref.work], view.glyph(ref.work)))

    # -- building -----------------------------------------------------------------

    def clear(self) -> TaxonomyTree:
        """Remove every node, and forget them (Tree.clear keeps a registry of old nodes)."""
        super().clear()
        forget_removed_nodes(self)
        return self

    def _add_section(self, parent: Node, section_id: str) -> Node:
        section = self.view.catalog.sections[section_id]
        matched, total = self.view.counts_for(section_id)
        label = section_label(section, total, matched, self.view.words)
        shown = matched if matched is not None else total
        return parent.add(label, NodeRef(section_id), allow_expand=shown > 0)

    def _add_works(self, node: Node, section_id: str, start: int, limit: int | None = None) -> int:
        view = self.view
        works = view.works_in(section_id)
        end = min(len(works), start + min(self.LEAF_BATCH, limit if limit is not None else self.LEAF_BATCH))
        for work_id in works[start:end]:
            work = view.catalog.works[work_id]
            node.add_leaf(work_name(work, view.glyph(work_id)), NodeRef(section_id, work_id))
        if end < len(works):
            more = Text(f"+{len(works) - end} more…", style="italic dim")
            node.add_leaf(more, NodeRef(section_id, None, end))
        return end - start

    def _populate(self, node: Node, limit: int | None = None) -> int:
        """Add a section node's children the first time it opens; return works added."""
        ref = node.data
        if ref is None or ref.work is not None or node.children:
            return 0
        for child in self.view.child_sections(ref.section):
            self._add_section(node, child)
        return self._add_works(node, ref.section, 0, limit)

    @on(Tree.NodeExpanded)
    def _populate_on_expand(self, event: Tree.NodeExpanded[NodeRef]) -> None:
        self._populate(event.node)

    def show(self, view: View, expanded: set[str] | None = None, cursor: NodeRef | None = None) -> None:
        """Rebuild for ``view``, then put the cursor on ``cursor`` if it is shown (else the first line).

        Unfiltered, ``expanded`` names the open sections (default: the first
        level); filtered, sections open until ``AUTO_EXPAND_BUDGET`` works show.
        """
        self.view = view
        filtered = view.filtered
        self.clear()
        with self.app.batch_update():
            budget = self.AUTO_EXPAND_BUDGET
            add_best_matches(self.root, view)
            stack: list[Node] = [self._add_section(self.root, s) for s in view.child_sections(None)][::-1]
            while stack:
                node = stack.pop()
                ref = node.data
                assert ref is not None
                if not filtered:
                    should_open = ref.section in expanded if expanded is not None else node.parent is self.root
                else:
                    should_open = budget > 0
                if not should_open or not node.allow_expand:
                    continue
                budget -= self._populate(node, max(budget, 1) if filtered else None)
                node.expand()
                stack.extend(child for child in reversed(node.children) if child.data and child.data.work is None)
            if cursor is None or not self.select_ref(cursor):
                self.cursor_to_line(0)
        # The cursor may stay on the same line number, which Tree does not announce.
        self._post_highlight(self.cursor_node)

    # -- finding nodes ------------------------------------------------------------

    def _section_node(self, section_id: str) -> Node | None:
        """The node of a section, opening its ancestors on the way."""
        chain: list[str] = []
        current: str | None = section_id
        while current is not None:
            chain.append(current)
            current = self.view.catalog.sections[current].parent if current != BEST_MATCHES else None
        node: Node = self.root
        for sid in reversed(chain):
            if node is not self.root:
                self._populate(node)
                node.expand()
            branches = (c for c in node.children if c.data and c.data.work is None and not c.data.more)
            found = next((c for c in branches if c.data is not None and c.data.section == sid), None)
            if found is None:
                return None
            node = found
        return node

    def find(self, ref: NodeRef) -> Node | None:
        """The node for ``ref``, opening sections and loading "+N more" as needed."""
        node = self._section_node(ref.section)
        if node is None or ref.work is None:
            return node
        self._populate(node)
        node.expand()
        while True:
            for child in node.children:
                if child.data and child.data.work == ref.work:
                    return child
            last = node.children[-1] if node.children else None
            if last is None or not last.data or not last.data.more:
                return None
            self._load_more(last)

    def _row_width(self, ref: NodeRef) -> int:
        """Cells a work's label may use: the pane's width less the guides before it (one level below its section)."""
        return (
            self.scrollable_content_region.width - len(self.view.catalog.sections[ref.section].path) * self.guide_depth
        )

    def render_label(self, node: Node, base_style: Style, style: Style) -> Text:
        """A work's label fitted to the row (``row_label.fit_work_label``), the cursor's style over all of it."""
        ref = node.data
        if ref is None or ref.work is None:
            return super().render_label(node, base_style, style)
        view = self.view
        suffix = row_suffix(view, ref.work)
        width = self._row_width(ref) - suffix.cell_len
        if self._fitted_catalog is not view.catalog or len(self._fitted) > _FITTED_LIMIT:
            self._fitted.clear()
            self._fitted_catalog = view.catalog
        words = tuple(view.words)
        fitted = self._fitted.get((ref.work, words, width))
        if fitted is None:
            work = view.catalog.works[ref.work]
            fitted = fit_work_label(work, words, width) if width > 0 else work_label(work, words)
            self._fitted[ref.work, words, width] = fitted
        label = fitted.copy()
        label.append_text(suffix)
        label.stylize(style)
        return label

    def process_label(self, label: str | Text) -> Text:
        """A ``Text`` made here is one line already (catalog text escaped): kept as it is, not split again per node."""
        return label if isinstance(label, Text) else super().process_label(label)

    def get_label_width(self, node: Node) -> int:
        """A work's label never passes the row's edge, so its width is the room it has (no layout needed)."""
        ref = node.data
        if ref is None or ref.work is None:
            return super().get_label_width(node)
        return max(0, self._row_width(ref))

    def move_cursor(self, node: Node | None, animate: bool = False) -> None:
        """Move the cursor to ``node``, after laying out lines that changed, and keep it in view."""
        lay_out_tree_lines(self)  # so that the node's line number is current
        super().move_cursor(node, animate=animate)
        self.reveal_cursor()

    def reveal_cursor(self) -> None:
        """Scroll the cursor's line into view after the next layout (scrolling now clamps to the old range)."""
        self.call_after_refresh(self._scroll_to_cursor)

    def _scroll_to_cursor(self) -> None:
        node = self.cursor_node
        if node is not None:
            lay_out_tree_lines(self)  # current line numbers
            self.scroll_to_node(node, animate=False)

    def on_resize(self) -> None:
        self.reveal_cursor()

    def select_ref(self, ref: NodeRef) -> bool:
        """Put the cursor on ``ref``'s node; False when it is not in the tree."""
        node = self.find(ref)
        if node is None:
            return False
        self.move_cursor(node, animate=False)
        return True

    def _load_more(self, more: Node) -> None:
        ref = more.data
        parent = more.parent
        if ref is None or parent is None or parent.data is None:
            return
        more.remove()
        self._add_works(parent, parent.data.section, ref.more)

    def expanded_sections(self) -> set[str]:
        """The ids of the open sections."""
        nodes = preorder(self.root.children, lambda node: node.children)
        return {n.data.section for n in nodes if n.data and n.data.work is None and n.is_expanded}

    @property
    def cursor_ref(self) -> NodeRef | None:
        """What the cursor is on."""
        node = self.cursor_node
        return node.data if node is not None else None

    # -- messages -----------------------------------------------------------------

    @on(Tree.NodeHighlighted)
    def _announce(self, event: Tree.NodeHighlighted[NodeRef]) -> None:
        event.stop()
        self._post_highlight(event.node)

    def _post_highlight(self, node: Node | None) -> None:
        ref = node.data if node is not None else None
        if ref is None or ref.more:
            return
        if ref.work is not None:
            self.post_message(self.PaperHighlighted(ref))
        else:
            self.post_message(self.SectionHighlighted(ref))

    @on(Tree.NodeSelected)
    def _select(self, event: Tree.NodeSelected[NodeRef]) -> None:
        ref = event.node.data
        if ref is not None and ref.more:
            event.stop()
            self._load_more(event.node)

    # -- actions ------------------------------------------------------------------

    def action_toggle_section(self) -> None:
        """Open or close the section under the cursor; load more on "+N more"."""
        node = self.cursor_node
        if node is None or node.data is None:
            return
        if node.data.more:
            self._load_more(node)
        elif node.data.work is None and node.allow_expand:
            node.toggle()

    def action_collapse_or_parent(self) -> None:
        """Close the open section under the cursor, else go to the parent."""
        node = self.cursor_node
        if node is None:
            return
        if node.allow_expand and node.is_expanded:
            node.collapse()
        elif node.parent is not None and node.parent is not self.root:
            self.move_cursor(node.parent, animate=False)

    def action_expand_or_child(self) -> None:
        """Open the section under the cursor, else go to its first child."""
        node = self.cursor_node
        if node is None or not node.allow_expand:
            return
        if not node.is_expanded:
            node.expand()
        elif node.children:
            self.move_cursor(node.children[0], animate=False)

    def cursor_to_line(self, line: int) -> None:
        """Move the cursor to ``line`` if the tree has one (an empty tree has none)."""
        if 0 <= line <= self.last_line:
            self.move_cursor_to_line(line)
        else:
            self.cursor_line = -1

    def action_first(self) -> None:
        """Cursor to the first node."""
        self.cursor_to_line(0)

    def action_last(self) -> None:
        """Cursor to the last visible node."""
        self.cursor_to_line(self.last_line)

    def _step_match(self, step: int) -> None:
        """Move to the next (``step`` 1) or previous (-1) matching work, as the view orders them."""
        if not self.view.filtered:
            self.post_message(self.Notice("n and N step through the matches while a filter is on (press / to filter)."))
            return
        target = self.view.step(self.cursor_ref, step)
        if target is not None:
            self.select_ref(target)

    def action_next_match(self) -> None:
        """Cursor to the next matching work (while a filter is on)."""
        self._step_match(1)

    def action_previous_match(self) -> None:
        """Cursor to the previous matching work (while a filter is on)."""
        self._step_match(-1)

    def action_expand_everything(self) -> None:
        """Open every section."""
        with self.app.batch_update():
            stack = list(self.root.children)
            while stack:
                node = stack.pop()
                if node.data is None or node.data.work is not None or not node.allow_expand:
                    continue
                self._populate(node)
                node.expand()
                stack.extend(node.children)
        self.reveal_cursor()

    def action_collapse_everything(self) -> None:
        """Close every section, keeping the cursor on its top-level section."""
        node = self.cursor_node
        while node is not None and node.parent is not None and node.parent is not self.root:
            node = node.parent
        for child in self.root.children:
            child.collapse_all()
        if node is not None:
            self.move_cursor(node, animate=False)
        self.reveal_cursor()

    def action_also_in(self) -> None:
        """Jump to the same work in the next section it appears in."""
        ref = self.cursor_ref
        if ref is None or ref.work is None:
            self.post_message(self.Notice("Put the cursor on a work: a jumps to the next section it is in."))
            return
        target = self.view.also_in(ref)
        if target is None:
            self.post_message(self.Notice("This work appears in no other section."))
            return
        self.select_ref(target)

    @property
    def last_line(self) -> int:
        """The index of the last visible line."""
        return len(lay_out_tree_lines(self)) - 1
