"""The taxonomy tree: sections as branches, works as leaves, painted a row at a time from ``browse.outline``.

Issue 23: Textual's ``Tree`` made a node per row at every keystroke, laid out
every line and painted about 0.3 ms a row. This pane keeps no nodes: the
``Outline`` of the view gives the rows (small tuples), and ``render_line``
paints only those on screen, each row's ``Strip`` kept until the view, the
width, the cursor or the marks change. Its look, keys and messages are the
old tree's: the same guides, ▶/▼ icons, component classes (``tree--cursor``,
``tree--guides``...) and bindings.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region
from textual.message import Message
from textual.strip import Strip

from aligntui.browse.model import NodeRef, View
from aligntui.browse.outline import AUTO_EXPAND_BUDGET, LEAF_BATCH, Outline, Row, RowKind
from aligntui.tui.marks_signal import MarksChanged, on_marks_changed
from aligntui.tui.render.labels import section_label, work_label
from aligntui.tui.textual_private import QuietScrollView
from aligntui.tui.widgets.best_matches import row_suffix
from aligntui.tui.widgets.row_label import fit_work_label

__all__ = ["TaxonomyTree"]

_FITTED_LIMIT = 4_000
"""Fitted rows kept at most (a few screens' worth for each of the last queries typed)."""
ICON_CLOSED = "▶ "
ICON_OPEN = "▼ "


class TaxonomyTree(QuietScrollView, can_focus=True):
    """The catalog's sections and works; shows the whole catalog or a filtered view."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "tree--label",
        "tree--guides",
        "tree--guides-selected",
        "tree--cursor",
        "tree--highlight-line",
    }
    DEFAULT_CSS = """
    TaxonomyTree {
        background: $surface;
        color: $foreground;
        & > .tree--label {}
        & > .tree--guides { color: $surface-lighten-2; }
        & > .tree--guides-selected { color: $block-cursor-blurred-background; }
        & > .tree--cursor {
            text-style: $block-cursor-blurred-text-style;
            background: $block-cursor-blurred-background;
        }
        & > .tree--highlight-line { background: $block-hover-background; }
        &:focus {
            background-tint: $foreground 5%;
            & > .tree--cursor {
                color: $block-cursor-foreground;
                background: $block-cursor-background;
                text-style: $block-cursor-text-style;
            }
            & > .tree--guides { color: $surface-lighten-3; }
            & > .tree--guides-selected { color: $block-cursor-background; }
        }
        &:light {
            & > .tree--guides { color: $surface-darken-1; }
            & > .tree--guides-selected { color: $block-cursor-background; }
        }
    }
    TaxonomyTree:ansi {
        color: ansi_default;
        & > .tree--guides { color: $ansi-background; }
        &:nocolor > .tree--cursor { text-style: reverse; }
    }
    """
    """The look of Textual's ``Tree`` (its ``DEFAULT_CSS``, 8.2.8), for this widget's component classes."""

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
    """Tree keys: vi-style movement, folding and jumping between matches (↑ ↓ PgUp PgDn Home End move too)."""

    LEAF_BATCH = LEAF_BATCH
    """Works added to a section at a time; the rest wait behind a "+N more" row."""
    AUTO_EXPAND_BUDGET = AUTO_EXPAND_BUDGET
    """While filtering, works shown before sections stay closed: two screens' worth."""

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
        super().__init__(id=id)
        self.guide_depth = 2
        """Cells a level indents (the guides ``"│ "``)."""
        self.view = view
        """The view shown: the model's answer for the current query (the tree keeps no copy of its state)."""
        self.outline = Outline(view, batch=self.LEAF_BATCH)
        """Which sections are open and the rows they make."""
        self._cursor = -1
        self._hover = -1
        """The row under the mouse (-1: none)."""
        self._announced: NodeRef | None = None
        self._fitted: dict[tuple[str, tuple[str, ...], int], Text] = {}
        self._fitted_catalog = view.catalog
        """Work rows by (work id, words marked, width), for ``_fitted_catalog``: typing back over a word shows
        the same rows again."""
        self._strips: dict[tuple[Row, bool, int, int, bool], Strip] = {}
        """Painted rows by (row, cursor on it, width, where its guides take the cursor's colour, under the mouse),
        for the current view, styles and marks."""
        self._strip_style: tuple[Style, ...] = ()
        """The styles the kept strips were painted with."""
        self._pass: tuple[tuple[Style, ...], bool] | None = None
        """The styles and whether the tree has the focus, worked out once for all the lines of one paint."""
        self._subtree: tuple[Sequence[Row] | None, int, int, bool] = (None, -1, 0, False)
        """(the rows, the cursor's line, how far the rows after it were scanned, whether its section ended there)."""

    def on_mount(self) -> None:
        on_marks_changed(self, self._repaint_marks)
        self._rows_changed()

    def _repaint_marks(self, change: MarksChanged) -> None:
        """Paint again the rows of works whose marks changed (their signs at the end)."""
        if any(row.ref.work is not None and change.concerns(row.ref.work) for row in self.outline.rows):
            self._strips.clear()
            self.refresh()

    # -- rows -----------------------------------------------------------------------

    @property
    def rows(self) -> Sequence[Row]:
        """The rows shown, top to bottom."""
        return self.outline.rows

    @property
    def last_line(self) -> int:
        """The index of the last row."""
        return len(self.outline.rows) - 1

    def row_text(self, line: int) -> str:
        """The text row ``line`` shows after its guides (icon, title or count, notes, marks), as painted."""
        return self.render_label(self.outline.rows[line]).plain

    def _rows_changed(self) -> None:
        """After the outline changed: a new height, the cursor kept in range, everything painted again."""
        self._strips.clear()
        count = len(self.outline.rows)
        self.set_virtual_height(count)
        if self._cursor >= count:
            self._cursor = count - 1
        self.refresh()

    def show(self, view: View, expanded: set[str] | None = None, cursor: NodeRef | None = None) -> None:
        """Show ``view``, then put the cursor on ``cursor`` if it is shown (else the first row).

        Unfiltered, ``expanded`` names the open sections (default: the first
        level); filtered, sections open until ``AUTO_EXPAND_BUDGET`` works show.
        """
        self.view = view
        self.outline = Outline.for_view(view, expanded, self.AUTO_EXPAND_BUDGET, self.LEAF_BATCH)
        self._cursor = -1
        self._rows_changed()
        if cursor is None or not self.select_ref(cursor):
            self.cursor_to_line(0)
        self._announced = None
        self._announce()  # the cursor may stay on the same line, a new view's place all the same

    # -- the cursor -----------------------------------------------------------------

    @property
    def cursor_line(self) -> int:
        """The cursor's row (-1: none)."""
        return self._cursor

    @cursor_line.setter
    def cursor_line(self, line: int) -> None:
        self._move_to(line)

    @property
    def cursor_ref(self) -> NodeRef | None:
        """What the cursor is on."""
        rows = self.outline.rows
        return rows[self._cursor].ref if 0 <= self._cursor < len(rows) else None

    def _move_to(self, line: int) -> None:
        """Put the cursor on ``line`` (-1: nowhere), keep it in view and say what it is on."""
        old = self._cursor
        self._cursor = line
        if old != line:
            rows = self.outline.rows
            if any(0 <= n < len(rows) and rows[n].opened for n in (old, line)):
                self.refresh()  # the guides inside an open section under the cursor take its colour
            else:
                self._refresh_row(old)
                self._refresh_row(line)
        self.reveal_cursor()
        self._announce()

    def _refresh_row(self, line: int) -> None:
        if line >= 0:
            self.refresh_line(line)

    def reveal_cursor(self) -> None:
        """Scroll so that the cursor's row is on screen; again after the next layout if one is pending (the scroll
        bar just appeared: until then the scroll range is the old one)."""
        if not self._scroll_to_cursor():
            self.call_after_refresh(self._scroll_to_cursor)

    def _scroll_to_cursor(self) -> bool:
        """Scroll the cursor's row into view; whether it is in view now."""
        line = self._cursor
        if line < 0:
            return True
        height = self.scrollable_content_region.height
        top = round(self.scroll_offset.y)
        if line < top:
            self.scroll_to(y=line, animate=False, immediate=True)
        elif height and line >= top + height:
            self.scroll_to(y=line - height + 1, animate=False, immediate=True)
        top = round(self.scroll_offset.y)
        return top <= line < top + max(height, 1)

    def on_resize(self) -> None:
        self._strips.clear()
        self.call_after_refresh(self.reveal_cursor)

    def cursor_to_line(self, line: int) -> None:
        """Move the cursor to ``line`` if the tree has one (an empty tree has none)."""
        self._move_to(line if 0 <= line <= self.last_line else -1)

    def select_ref(self, ref: NodeRef) -> bool:
        """Put the cursor on ``ref``'s row, opening sections and loading "+N more" as needed; False when the view
        lacks it."""
        version = self.outline.version
        line = self.outline.reveal(ref)
        if self.outline.version != version:
            self._rows_changed()
        if line is None:
            return False
        self._move_to(line)
        return True

    def _announce(self) -> None:
        ref = self.cursor_ref
        if ref is None or ref.more or ref == self._announced:
            return
        self._announced = ref
        if ref.work is not None:
            self.post_message(self.PaperHighlighted(ref))
        else:
            self.post_message(self.SectionHighlighted(ref))

    def expanded_sections(self) -> set[str]:
        """The ids of the open sections."""
        return self.outline.opened_sections()

    # -- painting -------------------------------------------------------------------

    def _row_width(self, row: Row) -> int:
        """Cells a row's label may use: the pane's width less the guides before it."""
        return self.scrollable_content_region.width - row.depth * self.guide_depth

    def render_label(self, row: Row) -> Text:
        """A row's label (icon, title or count), a work's fitted to the row (``row_label.fit_work_label``)."""
        icon, label = self._label_parts(row)
        return Text.assemble(icon, label) if icon else label

    def _label_parts(self, row: Row) -> tuple[str, Text]:
        """A row's icon (▶ or ▼ on a section or group with something under it, else "") and its label."""
        view = self.view
        ref = row.ref
        label: Text
        if row.kind is RowKind.WORK:
            assert ref.work is not None
            suffix = row_suffix(view, ref.work)
            width = self._row_width(row) - suffix.cell_len
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
        elif row.kind is RowKind.MORE:
            hidden = len(view.works_in(ref.section)) - ref.more
            label = Text(f"+{hidden} more…", style="italic dim")
        else:
            if row.kind is RowKind.GROUP:
                label = Text("Best matches", style="bold")
                label.append(f"  {len(view.best())}", style="dim")
            else:
                matched, total = view.counts_for(ref.section)
                label = section_label(view.catalog.sections[ref.section], total, matched, view.words)
            if row.expandable:
                return (ICON_OPEN if row.opened else ICON_CLOSED), label
        return "", label

    def render_lines(self, crop: Region) -> list[Strip]:
        """The lines of ``crop``, the styles and the focus worked out once for all of them (``rich_style`` costs
        0.02-0.1 ms a call, comparing six styles 0.02 ms)."""
        styles = self._styles()
        if styles != self._strip_style:
            self._strips.clear()
            self._strip_style = styles
        self._pass = (self._strip_style, self.has_focus)
        try:
            return super().render_lines(crop)
        finally:
            self._pass = None

    def _styles(self) -> tuple[Style, ...]:
        """The pane's style, the guides', the selected guides', the labels' and the cursor's."""
        return (
            self.rich_style,
            self.get_component_rich_style("tree--guides", partial=True),
            self.get_component_rich_style("tree--guides-selected", partial=True),
            self.get_component_rich_style("tree--label", partial=True),
            self.get_component_rich_style("tree--cursor", partial=False),
            self.get_component_rich_style("tree--highlight-line"),
        )

    def render_line(self, y: int) -> Strip:
        """Row ``y`` of the pane (0 at the top of what shows), from its cache when nothing it shows changed."""
        width = self.scrollable_content_region.width
        line = y + round(self.scroll_offset.y)
        rows = self.outline.rows
        if self._pass is None:  # called on its own, not from render_lines
            styles = self._styles()
            if styles != self._strip_style:
                self._strips.clear()
                self._strip_style = styles
            focused = self.has_focus
        else:
            styles, focused = self._pass
        if line >= len(rows) or line < 0:
            return Strip.blank(width, styles[0])
        row = rows[line]
        cursor = line == self._cursor
        key = (row, cursor, width, self._selected_guides(line, focused), line == self._hover)
        strip = self._strips.get(key)
        if strip is None:
            strip = self._paint(row, cursor, width, key[3], key[4], styles)
            if len(self._strips) > 4 * max(self.size.height, 10):
                self._strips.clear()
            self._strips[key] = strip
        return strip

    def _selected_guides(self, line: int, focused: bool) -> int:
        """Where row ``line``'s guides take the cursor's colour: from the cursor's level on, inside the cursor's
        section (as Textual's tree drew them, while it has the focus, ``focused``); -1 for none."""
        cursor = self._cursor
        if line <= cursor or cursor < 0 or not focused:
            return -1
        rows = self.outline.rows
        depth = rows[cursor].depth
        return depth * self.guide_depth if line < self._subtree_end(line) else -1

    def _subtree_end(self, line: int) -> int:
        """The first row after the cursor's that is not inside the cursor's section, looked for up to ``line``
        (``line + 1`` when all of them are): scanned once per cursor place and outline, a painted row at a time,
        not from the cursor again for every row painted."""
        rows, cursor = self.outline.rows, self._cursor
        kept_rows, kept_cursor, scanned, ended = self._subtree
        if kept_rows is not rows or kept_cursor != cursor:
            scanned, ended = cursor + 1, False
        if not ended:
            depth = rows[cursor].depth
            while scanned <= line and rows[scanned].depth > depth:
                scanned += 1
            ended = scanned <= line
        self._subtree = (rows, cursor, scanned, ended)
        return scanned if ended else line + 1

    def _paint(
        self, row: Row, cursor: bool, width: int, selected: int, hover: bool, styles: tuple[Style, ...]
    ) -> Strip:
        base, guide_style, selected_style, label_style, cursor_style, hover_style = styles
        if hover:
            base = hover_style
        icon, label = self._label_parts(row)
        label.stylize_before(base + label_style)
        if cursor:
            label.stylize(cursor_style)  # over all of it, marked words and "…" included
        guides = row.guides
        segments = []
        if guides:
            if selected < 0:
                segments.append(Segment(guides, base + guide_style))
            else:
                segments += [
                    Segment(guides[:selected], base + guide_style),
                    Segment(guides[selected:], base + guide_style + selected_style),
                ]
        if icon:
            segments.append(Segment(icon, base + label_style))
        segments += label.render(self.app.console)
        return Strip(segments).crop_extend(0, width, base).simplify()

    # -- the mouse ------------------------------------------------------------------

    def on_click(self, event: events.Click) -> None:
        """As Textual's tree: a click on ▶/▼ opens or closes the section; elsewhere on a row it puts the cursor there,
        and on a section also opens or closes it, on "+N more" loads more."""
        offset = event.get_content_offset(self)
        if offset is None:
            return
        line = offset.y + round(self.scroll_offset.y)
        if not 0 <= line <= self.last_line:
            return
        row = self.outline.rows[line]
        if row.expandable and len(row.guides) <= offset.x < len(row.guides) + len(ICON_OPEN):
            keep = self.cursor_ref
            self.outline.toggle(row.ref.section)
            self._changed_outline(keep, in_group=self._in_group(self._cursor))
            return
        self._move_to(line)
        if row.kind is RowKind.MORE or row.expandable:
            self.action_toggle_section()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        """Shade the row under the mouse (``tree--highlight-line``), as Textual's tree does."""
        offset = event.get_content_offset(self)
        line = offset.y + round(self.scroll_offset.y) if offset is not None else -1
        self._hover_to(line if 0 <= line <= self.last_line else -1)

    def on_leave(self) -> None:
        self._hover_to(-1)

    def _hover_to(self, line: int) -> None:
        if line != self._hover:
            old, self._hover = self._hover, line
            self._refresh_row(old)
            self._refresh_row(line)

    # -- actions --------------------------------------------------------------------

    def _in_group(self, line: int) -> bool:
        """Whether row ``line`` is in the "Best matches" group (the group's row or one of its works)."""
        return 0 <= line < self.outline.group_rows

    def _changed_outline(self, keep: NodeRef | None, in_group: bool = False) -> None:
        """The outline changed: paint it again with the cursor on ``keep`` (in the group when ``in_group``), or
        where it was."""
        self._rows_changed()
        line = self.outline.index_of(keep, in_group=in_group) if keep is not None else None
        self._move_to(line if line is not None else min(self._cursor, self.last_line))

    def action_cursor_down(self) -> None:
        """Cursor one row down."""
        if self._cursor < self.last_line:
            self._move_to(self._cursor + 1)

    def action_cursor_up(self) -> None:
        """Cursor one row up."""
        if self._cursor > 0:
            self._move_to(self._cursor - 1)
        elif self._cursor < 0 and self.last_line >= 0:
            self._move_to(0)

    def action_scroll_down(self) -> None:
        """↓ moves the cursor (``ScrollView`` binds it to scrolling)."""
        self.action_cursor_down()

    def action_scroll_up(self) -> None:
        """↑ moves the cursor."""
        self.action_cursor_up()

    def action_page_down(self) -> None:
        """PgDn: the cursor a screen down."""
        page = max(1, self.scrollable_content_region.height - 1)
        self.cursor_to_line(min(self.last_line, max(self._cursor, 0) + page))

    def action_page_up(self) -> None:
        """PgUp: the cursor a screen up."""
        page = max(1, self.scrollable_content_region.height - 1)
        self.cursor_to_line(max(0, self._cursor - page))

    def action_scroll_home(self) -> None:
        """Home: the first row."""
        self.action_first()

    def action_scroll_end(self) -> None:
        """End: the last row."""
        self.action_last()

    def action_toggle_section(self) -> None:
        """Open or close the section under the cursor; load more on "+N more"."""
        ref = self.cursor_ref
        if ref is None:
            return
        row = self.outline.rows[self._cursor]
        if row.kind is RowKind.MORE:
            self.outline.load_more(ref.section)
            rows = self.outline.rows
            after = self._cursor  # the first work loaded takes the "+N more" row's place
            self._rows_changed()
            self._move_to(min(after, len(rows) - 1))
        elif row.expandable:
            self.outline.toggle(ref.section)
            self._changed_outline(ref, in_group=self._in_group(self._cursor))

    def action_collapse_or_parent(self) -> None:
        """Close the open section under the cursor, else go to the parent."""
        if self._cursor < 0:
            return
        row = self.outline.rows[self._cursor]
        if row.expandable and row.opened:
            self.outline.close(row.ref.section)
            self._changed_outline(row.ref, in_group=self._in_group(self._cursor))
            return
        parent = self.outline.parent_index(self._cursor)
        if parent is not None:
            self._move_to(parent)

    def action_expand_or_child(self) -> None:
        """Open the section under the cursor, else go to its first child."""
        if self._cursor < 0:
            return
        row = self.outline.rows[self._cursor]
        if not row.expandable:
            return
        if not row.opened:
            self.outline.open(row.ref.section)
            self._changed_outline(row.ref, in_group=self._in_group(self._cursor))
        elif self._cursor < self.last_line:
            self._move_to(self._cursor + 1)

    def action_first(self) -> None:
        """Cursor to the first row."""
        self.cursor_to_line(0)

    def action_last(self) -> None:
        """Cursor to the last row."""
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
        """Open every section, the cursor kept on its row."""
        keep, in_group = self.cursor_ref, self._in_group(self._cursor)
        self.outline.open_all()
        self._changed_outline(keep, in_group=in_group)

    def action_collapse_everything(self) -> None:
        """Close every section, keeping the cursor on its top-level section."""
        keep = None
        if self._cursor >= 0:
            line = self._cursor
            while (parent := self.outline.parent_index(line)) is not None:
                line = parent
            keep = self.outline.rows[line].ref
        self.outline.close_all()
        self._changed_outline(keep)

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
