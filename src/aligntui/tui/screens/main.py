"""The explorer's main screen: the filter, the taxonomy tree and the detail pane.

The screen turns keys into what to copy or open, using the pure browsing
model and citation formatters, and posts ``CopyRequested``/``OpenRequested``
for the App, which does the I/O. Keys for one's marks become a typed
``MarkRequested`` (an ``aligntui.personal.history.MarkChange``) or
``BibRequested``; the App writes, then announces ``MarksChanged`` once, and the
screen re-runs a query about marks from that announcement.

Keys meant for text never act (issue 19): ``focus_target`` tells the App
which keys move the focus between the tree and the filter, and the App holds
the keys typed behind one until the focus has moved, so after ``/`` they are
filter text and after Enter they act on the results; the keys that change
marks refuse to run while the filter has the focus; a bulk change asks first,
with "No" focused (``aligntui.tui.screens.confirm``).
"""

from __future__ import annotations

import time
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.events import Resize
from textual.message import Message
from textual.reactive import var
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Header, Input

from aligntui.browse.model import BEST_MATCHES, Browser, NodeRef, View
from aligntui.catalog.model import Work
from aligntui.personal.history import MarkChange, MarkField
from aligntui.personal.marks import next_status
from aligntui.personal.session import Session
from aligntui.personal.terms import Personal
from aligntui.tui.marks_signal import MarksChanged, on_marks_changed
from aligntui.tui.screens.layout import NARROW_WIDTH, header_title, most_tree_width
from aligntui.tui.widgets.best_matches import why_matched
from aligntui.tui.widgets.detail import PaperDetail
from aligntui.tui.widgets.filter_bar import FilterBar, FilterInput
from aligntui.tui.widgets.key_footer import KeyFooter
from aligntui.tui.widgets.row_label import widest_row
from aligntui.tui.widgets.taxonomy import TaxonomyTree

__all__ = ["MainScreen"]


class MainScreen(Screen[None]):
    """Browse the taxonomy, filter it, and ask for citations and links of what the cursor is on."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark", "app.help", "Help", id="app.help", tooltip="Show this help (? or Esc closes it)"),
        Binding("slash", "focus_filter", "Filter", id="app.filter",
                tooltip="Go to the filter bar (its text is kept); every key typed after / is filter text"),
        Binding("escape", "clear_filter", "Clear filter", show=False, id="app.clear-filter",
                tooltip="Clear the filter and show the whole tree as it was"),
        Binding("c", "copy_bibtex", "BibTeX", id="app.copy-bibtex",
                tooltip="Copy the BibTeX of the work, or of every work in the section"),
        Binding("C", "pick_citation", "Cite as…", id="app.pick-citation",
                tooltip="Pick a format (BibTeX, \\cite key, APA, IEEE, Markdown, list entry) and copy"),
        Binding("S", "cite_survey", "Cite survey", show=False, id="app.cite-survey",
                tooltip="Pick a format and copy the citation of the survey itself"),
        Binding("y", "link('copy')", "Copy link", id="app.copy-link",
                tooltip="Copy the work's primary link (its Paper link)"),
        Binding("Y", "link('copy', True)", "Copy link…", show=False, id="app.pick-link-copy",
                tooltip="Pick one of the work's links and copy it"),
        Binding("o", "link('open')", "Open", id="app.open-link", tooltip="Open the primary link in the web browser"),
        Binding("O", "link('open', True)", "Open link…", show=False, id="app.pick-link-open",
                tooltip="Pick one of the work's links and open it"),
        Binding("plus", "all_authors", "All authors", show=False, id="app.all-authors",
                tooltip='Show every author of the work ("… +48 more"), or fewer again'),
        Binding("s", "star", "Star", show=True, id="app.star",
                tooltip="Star or unstar the work; on a section, star every (matching) work under it, after a Yes"),
        Binding("r", "cycle_status", "Status", show=False, id="app.status",
                tooltip="Cycle the work's reading status: unread, to read, reading, read"),
        Binding("m", "edit_note", "Note", show=True, id="app.note",
                tooltip="Write a note on the work (Ctrl+S saves it)"),
        Binding("b", "add_to_bib", "To .bib", show=True, id="app.add-bib",
                tooltip="Add the work's BibTeX to your .bib file (on a section: every matching work, after a Yes)"),
        Binding("u", "app.undo_mark", "Undo", show=False, id="app.undo",
                tooltip="Undo the last change of a star, status or note (adding to the .bib is not undone)"),
        Binding("U", "app.redo_mark", "Redo", show=False, id="app.redo",
                tooltip="Redo the change u undid last (U is Shift+U)"),
    ]  # fmt: skip
    """Screen keys: help first, so a narrow footer keeps it; filtering, citations and links, one's marks and .bib.

    The mark keys, undo and redo are refused while the filter has the focus (``check_action``)."""

    CHANGES_MARKS = frozenset({"star", "cycle_status", "edit_note", "add_to_bib"})
    """The screen's actions that change one's files: never run while a text input has the focus (undo and redo are
    the App's, which checks the same)."""

    AUTO_FOCUS = "#tree"
    """The tree has the focus from the start, before the first paint (no key ever finds nothing focused)."""
    SAME_FRAME_WORKS = 30
    """A section page of at most this many works is drawn in the key's own frame; a longer one right after it."""
    ECHO_FIRST_MS = 50.0
    """When the last query took longer than this (milliseconds: the 100,000-work catalog's first letters), the
    next key's echo is painted before its query runs, so that typing never looks stuck; below it the key's
    letter and its result share one frame."""

    query_text: var[str] = var("")
    """The filter's current query; blank shows the whole catalog."""

    class CopyRequested(Message):
        """Copy ``text`` to the clipboard; ``what`` says what it is (for the notification).

        ``incomplete`` names the works whose citation lacks authors or a year (``cite.gaps.gaps_note``), ``""`` if none.
        """

        def __init__(self, text: str, what: str, incomplete: str = "") -> None:
            self.text = text
            self.what = what
            self.incomplete = incomplete
            super().__init__()

    class OpenRequested(Message):
        """Open ``url`` in the web browser; ``what`` says what it is."""

        def __init__(self, url: str, what: str) -> None:
            self.url = url
            self.what = what
            super().__init__()

    class MarkRequested(Message):
        """Write ``change`` (a star, a status or a note of some works) to one's marks."""

        def __init__(self, change: MarkChange) -> None:
            self.change = change
            super().__init__()

    class BibRequested(Message):
        """Append the BibTeX of ``work_ids`` to one's .bib file; ``what`` names them for the notification."""

        def __init__(self, work_ids: tuple[str, ...], what: str) -> None:
            self.work_ids = work_ids
            self.what = what
            super().__init__()

    class StyleChosen(Message):
        """A citation style was picked: the App remembers it for next time."""

        def __init__(self, style: str) -> None:
            self.style = style
            super().__init__()

    def __init__(
        self, browser: Browser[Personal], citation_style: str | None = None, session: Session | None = None
    ) -> None:
        super().__init__()
        self.restore = session or Session()
        """Where the person left off last time (``aligntui.personal.session``), applied once on mount."""
        self.browser = browser
        self.view: View = browser.view()
        """The model's answer for the current query."""
        self.citation_style = citation_style
        """The citation format chosen last (the picker opens on it)."""
        self._saved: tuple[set[str], NodeRef | None] | None = None
        self._drawn: tuple[View, NodeRef] | None = None
        """The view and place the detail pane shows, so that the tree's announcement of it draws nothing again."""
        self._detail_waits = False
        """True from a new view until the pane is drawn for it (before the key's frame, or after it for a long page)."""
        self._slow_query = False
        """The last query shown took more than ``ECHO_FIRST_MS``."""
        self._query_waits = False
        """A call to ``_show_typed`` is queued for after the next frame."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield FilterBar(id="filter-bar")
        with Horizontal(id="panes"):
            yield TaxonomyTree(self.view, id="tree")
            yield PaperDetail(self.browser.personal, id="detail")
        yield KeyFooter()

    @property
    def taxonomy(self) -> TaxonomyTree:
        """The taxonomy pane."""
        return self.query_one("#tree", TaxonomyTree)

    @property
    def detail(self) -> PaperDetail:
        """The detail pane."""
        return self.query_one("#detail", PaperDetail)

    @property
    def filter_input(self) -> FilterInput:
        """The filter's input."""
        return self.query_one("#filter-input", FilterInput)

    def on_mount(self) -> None:
        self._restore(self.restore)
        self._lay_out(self.app.size.width)
        on_marks_changed(self, self._marks_changed)
        self.screen_layout_refresh_signal.subscribe(self, self._after_frame, immediate=True)
        self.watch(self.filter_input, "value", self._filter_changed, init=False)

    def focus_target(self, key: str) -> Widget | None:
        """The pane ``key``, dispatched now, moves the focus to (tree <-> filter), or None; the App then waits."""
        active = self.active_bindings.get(key)
        action = active.binding.action if active is not None and active.enabled else ""
        if isinstance(self.focused, FilterInput):
            return self.taxonomy if action in ("screen.leave_filter", "screen.clear_filter") else None
        return self.filter_input if action == "focus_filter" else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """``/`` and the keys that change marks act only when the focus is not in a text input."""
        if action == "focus_filter" or action in self.CHANGES_MARKS:
            return not isinstance(self.focused, Input)
        return True

    def on_resize(self, event: Resize) -> None:
        self._lay_out(event.size.width)

    def _lay_out(self, width: int) -> None:
        """Stack the panes below ``NARROW_WIDTH``; side by side, give the tree the room its rows can use."""
        narrow = width < NARROW_WIDTH
        self.set_class(narrow, "-narrow")
        self.detail.set_class(narrow, "-stacked")
        if narrow:
            self.taxonomy.styles.width = None
        else:
            most = most_tree_width(width)
            wanted = widest_row(self.view.catalog, self.taxonomy.guide_depth, most) + 3  # border and scroll bar
            self.taxonomy.styles.width = max(min(wanted, most), width // 2)
        self.title = header_title(self.app.title, self.app.sub_title, width)

    # -- filtering ----------------------------------------------------------------

    def _filter_changed(self, value: str) -> None:
        """Show the input's new text as a query in the frame that echoes the key (after it, if queries are slow).

        Issue 23: handled from ``Input.Changed``, which reaches the screen
        after the echo's frame is painted, the result waited for the next
        screen update (16-33 ms later). Watching the input's value, the
        query's answer is ready before that frame. The text shown is always
        the input's latest (``_show_typed``), so no key typed earlier can
        bring back an older query.
        """
        if not self._slow_query:
            self._show_typed()
        elif not self._query_waits:
            self._query_waits = True
            self.call_after_refresh(self._show_typed)

    def _show_typed(self) -> None:
        """Show the input's text as the query; note whether that took more than ``ECHO_FIRST_MS``."""
        self._query_waits = False
        started = time.perf_counter()
        self.query_text = self.filter_input.value
        self._slow_query = (time.perf_counter() - started) * 1000 > self.ECHO_FIRST_MS

    def watch_query_text(self, text: str) -> None:
        self._show_query(text)

    def _show_query(self, text: str) -> None:
        """Ask the model for ``text``'s view and show it: the hint, the tree, or why nothing matches."""
        tree = self.taxonomy
        was_filtered = self.view.filtered
        view = self.browser.view(text)
        if view.filtered and not was_filtered:
            self._saved = (tree.expanded_sections(), tree.cursor_ref)
        self.view = view
        hint, problem = view.hint()
        self.query_one(FilterBar).show_hint(hint, problem=problem)
        if not view.filtered:
            if was_filtered:
                expanded, cursor = self._saved or (None, None)
                selected = tree.cursor_ref
                if selected is not None and selected.work is not None:
                    cursor = selected
                tree.show(view, expanded=expanded, cursor=cursor)
                self._detail_later()
            return
        tree.show(view)
        if view.match_count == 0:
            self._drawn, self._detail_waits = None, False
            self.detail.show_message(
                f"No work matches {text!r}.\n\nPress Escape to clear the filter, or edit the query."
            )
        else:
            self._detail_later()

    def _detail_later(self) -> None:
        """Draw the detail pane for the new view's cursor once, not for each highlight: now when its page is
        short, else right after the key's frame.

        Issue 23: a work, the "Best matches" group or a section of at most
        ``SAME_FRAME_WORKS`` works costs 1-2 ms, and drawn now it shares the
        key's frame with the echo and the tree; a long section page (up to
        ``Browser.PAGE_LIMIT`` works wrapped) would slow that frame, so it
        follows it (``_after_frame``), drawn once for however many keys were
        handled before the frame.
        """
        ref = self.taxonomy.cursor_ref
        self._detail_waits = self._long_page(ref)
        if not self._detail_waits:
            self._show_detail(ref)

    def _long_page(self, ref: NodeRef | None) -> bool:
        """Whether the detail pane for ``ref`` is a section page of more than ``SAME_FRAME_WORKS`` works."""
        if ref is None or ref.work is not None or ref.section == BEST_MATCHES:
            return False
        matched, total = self.view.counts_for(ref.section)
        return (matched if matched is not None else total) > self.SAME_FRAME_WORKS

    def action_leave_filter(self) -> None:
        """Go from the filter to the results, cursor on the first match (the focus moves before the next key)."""
        self.query_text = self.filter_input.value  # every key typed before Enter has reached the input
        tree = self.taxonomy
        self.set_focus(tree)
        if self.view.filtered:
            first = self.view.first_match()
            if first is not None:
                tree.select_ref(first)

    def action_all_authors(self) -> None:
        """Show the whole author list of the work in the detail pane, or collapse it again."""
        self.detail.toggle_authors()

    def action_focus_filter(self) -> None:
        """Move to the filter bar, keeping its text; at once, so that the keys queued after ``/`` are its text."""
        self.set_focus(self.filter_input)

    def action_clear_filter(self) -> None:
        """Clear the filter and return to the tree."""
        if self.query_text or self.filter_input.value:
            self.filter_input.value = ""
            self.query_text = ""
        self.set_focus(self.taxonomy)

    def type_into_filter(self, text: str) -> None:
        """Put ``text`` (typed before the screen was drawn) in the filter, which takes the focus."""
        self.set_focus(self.filter_input)
        self.filter_input.insert_text_at_cursor(text)
        self.query_text = self.filter_input.value

    # -- following the cursor -----------------------------------------------------

    @on(TaxonomyTree.PaperHighlighted)
    @on(TaxonomyTree.SectionHighlighted)
    def _follow_cursor(self, event: TaxonomyTree.PaperHighlighted | TaxonomyTree.SectionHighlighted) -> None:
        if event.ref != self.taxonomy.cursor_ref:
            return  # announced for a view the tree no longer shows (keys typed in one burst)
        if not self._detail_waits:  # else the pane is drawn for the new view's cursor once (_detail_later)
            self._show_detail(event.ref)

    def _after_frame(self, screen: Screen[None]) -> None:
        """Once the tree of a new view is on screen, draw the detail pane for the cursor's place (a long page).

        Issue 23: a key's frame then paints the tree and the count alone (the
        answer, as soon as it can be shown), and a long section page follows
        in the next frame, not 0.15 s later; however many keys were handled
        before that frame, the pane is drawn once, for the last. A layout
        refresh ends with the frame painted, then calls this at once
        (``Screen.screen_layout_refresh_signal``, ``immediate``: posted later, a
        frame painted before the keystroke was handled could call it after);
        every new view lays the screen out, as the filter's hint changes with
        it (``FilterBar.show_hint`` updates a ``Static``).
        """
        if self._detail_waits:
            self._detail_waits = False
            self._show_detail(self.taxonomy.cursor_ref)

    def _show_detail(self, ref: NodeRef | None) -> None:
        """Show ``ref`` (the cursor's place) in the detail pane, unless it shows it for this view already."""
        view = self.view
        drawn = self._drawn
        if (
            ref is None
            or ref.more
            or not self.is_mounted
            or (drawn is not None and drawn[0] is view and drawn[1] == ref)
        ):
            return
        self._drawn = (view, ref)
        catalog = view.catalog
        if ref.work is not None:
            why = why_matched(view, ref.work)
            self.detail.show_work(catalog.works[ref.work], catalog.sections_of(ref.work), ref.section, why)
        else:
            self.detail.show_section(view.section_page(ref.section))

    @on(PaperDetail.JumpRequested)
    def _jump(self, event: PaperDetail.JumpRequested) -> None:
        if not self.taxonomy.select_ref(NodeRef(event.section_id, event.work_id)):
            self.notify("That place is hidden by the filter; press Escape to clear it.", timeout=4)
            return
        self.taxonomy.focus()

    @on(TaxonomyTree.Notice)
    def _tell(self, event: TaxonomyTree.Notice) -> None:
        self.notify(event.text, timeout=3)

    # -- citing and links ---------------------------------------------------------

    def current(self) -> tuple[Work | None, NodeRef | None]:
        """The work under the cursor (None on a section) and the cursor's place."""
        ref = self.taxonomy.cursor_ref
        if ref is None or ref.more:
            return None, None
        return (self.view.catalog.works[ref.work] if ref.work else None), ref

    def _works_under_cursor(self) -> tuple[list[Work], str]:
        work, ref = self.current()
        if work is not None:
            return [work], work.id
        if ref is None:
            return [], ""
        works = [w for _, w in self.view.works_under(ref.section)]
        title = self.view.section(ref.section).title
        return works, f"{len(works)} work{'s' if len(works) != 1 else ''} in {title}"

    def action_copy_bibtex(self) -> None:
        """Copy the BibTeX of the highlighted work, or of every (matching) work in the section."""
        from aligntui.cite.formats import to_bibtex_many
        from aligntui.cite.gaps import gaps_note

        works, what = self._works_under_cursor()
        if not works:
            self.notify("Nothing to copy here.", severity="warning")
            return
        self.post_message(self.CopyRequested(to_bibtex_many(works), f"BibTeX for {what}", gaps_note(works)))

    def action_copy_matching_bibtex(self) -> None:
        """Copy the BibTeX of every work the filter matches."""
        from aligntui.cite.formats import to_bibtex_many
        from aligntui.cite.gaps import gaps_note

        result = self.view.result
        if result is None or not result.work_ids:
            self.notify("No filter is on, or nothing matches.", severity="warning")
            return
        works = [self.view.catalog.works[w] for w in result.work_ids]
        what = f"BibTeX for {len(works)} matching works"
        self.post_message(self.CopyRequested(to_bibtex_many(works), what, gaps_note(works)))

    def action_pick_citation(self) -> None:
        """Choose a citation format for the highlighted work and copy it."""
        work, _ = self.current()
        if work is None:
            self.notify("Put the cursor on a work to cite it (S cites the survey itself).", severity="warning")
            return
        self._pick_citation(work, work.id)

    def action_cite_survey(self) -> None:
        """Choose a citation format for the survey itself, as its arXiv record titles it, and copy it."""
        from aligntui.cite.formats import survey_work

        self._pick_citation(survey_work(self.view.catalog.survey), "the survey")

    def _pick_citation(self, work: Work, name: str) -> None:
        from aligntui.cite.formats import STYLE_NAMES, format_citation
        from aligntui.cite.gaps import gaps_note

        def chosen(style: str | None) -> None:
            if style is None:
                return
            self.citation_style = style
            self.post_message(self.StyleChosen(style))
            try:
                text = format_citation(work, style)
            except Exception as error:  # a formatter bug must not crash the app
                self.notify(f"Could not format {STYLE_NAMES[style]}: {error}", severity="error")
                return
            incomplete = gaps_note([work]) if style != "key" else ""
            self.post_message(self.CopyRequested(text, f"{STYLE_NAMES[style]} for {name}", incomplete))

        choices = list(STYLE_NAMES.items())
        preview = lambda style: format_citation(work, style)  # noqa: E731
        from aligntui.tui.screens.picker import Picker

        self.app.push_screen(Picker(f"Cite {name} as", choices, self.citation_style, preview=preview), chosen)

    def action_link(self, action: str, pick: bool = False) -> None:
        """Copy (``action`` "copy") or open ("open") the work's primary link, or a picked one (``pick``)."""
        work, _ = self.current()
        if work is None or not work.links:
            self.notify("This has no link." if work else "Put the cursor on a work first.", severity="warning")
            return
        if not pick:
            primary = work.primary_link
            assert primary is not None
            self.act_on_link(work, work.links.index(primary), action)
            return

        def chosen(key: str | None) -> None:
            if key is not None:
                self.act_on_link(work, int(key), action)

        verb = "Copy" if action == "copy" else "Open"
        choices = [(str(i), f"{link.label}: {link.clean_url}") for i, link in enumerate(work.links)]
        from aligntui.tui.screens.picker import Picker

        self.app.push_screen(Picker(f"{verb} a link of {work.id}", choices), chosen)

    def act_on_link(self, work: Work, index: int, action: str) -> None:
        """Ask the App to copy or open link ``index`` of ``work``."""
        link = work.links[index]
        what = f"{link.label} link of {work.id}"
        message = (
            self.CopyRequested(link.clean_url, what) if action == "copy" else self.OpenRequested(link.clean_url, what)
        )
        self.post_message(message)

    @on(PaperDetail.LinkClicked)
    def _link_clicked(self, event: PaperDetail.LinkClicked) -> None:
        work = self.view.catalog.works[event.work_id]

        def chosen(key: str | None) -> None:
            if key in ("copy", "open"):
                self.act_on_link(work, event.index, key)

        link = work.links[event.index]
        choices = [("open", "Open in browser"), ("copy", "Copy")]
        from aligntui.tui.screens.picker import Picker

        self.app.push_screen(Picker(f"{link.label}: {link.clean_url}", choices), chosen)

    # -- one's marks and .bib (the App writes the files, then announces MarksChanged) --

    def _ask(self, question: str, yes: str, then: MarkChange | BibRequested) -> None:
        """Post ``then`` once the person answers Yes (No is focused: Enter or a stray letter cancels)."""

        def answered(sure: bool | None) -> None:
            if sure:
                self.post_message(self.MarkRequested(then) if isinstance(then, MarkChange) else then)

        from aligntui.tui.screens.confirm import Confirm  # the dialogs are imported when first needed

        self.app.push_screen(Confirm(question, yes), answered)

    def _marked_works(self, needs_work: bool) -> tuple[tuple[str, ...], str, Personal] | None:
        """(ids, what they are, one's marks) for the cursor's work or section; None (and a notice) when none."""
        personal = self.browser.personal
        works, what = self._works_under_cursor()
        work, _ = self.current()
        if personal is None:
            self.notify("Marks are off in this run.", severity="warning")
            return None
        if not works or (needs_work and work is None):
            self.notify("Put the cursor on a work first." if works else "Nothing here.", severity="warning")
            return None
        return tuple(w.id for w in works), what, personal

    def action_star(self) -> None:
        """Star or unstar the work here; on a section, star every (matching) work under it after a Yes."""
        found = self._marked_works(needs_work=False)
        if found is None:
            return
        ids, what, personal = found
        if self.current()[0] is not None:
            change = MarkChange(MarkField.STARRED, ids, not personal.store.get(ids[0]).starred, what)
            self.post_message(self.MarkRequested(change))
        else:
            self._ask(f"Star {what}?", f"Star {len(ids)}", MarkChange(MarkField.STARRED, ids, True, what))

    def action_cycle_status(self) -> None:
        """Move the work to its next reading status: unread, to read, reading, read."""
        found = self._marked_works(needs_work=True)
        if found is not None:
            ids, what, personal = found
            status = next_status(personal.store.get(ids[0]).status)
            self.post_message(self.MarkRequested(MarkChange(MarkField.STATUS, ids, status, what)))

    def action_edit_note(self) -> None:
        """Write the work's note in a dialog (Ctrl+S keeps it, Escape leaves it as it was)."""
        found = self._marked_works(needs_work=True)
        if found is None:
            return
        ids, what, personal = found
        work = self.view.catalog.works[ids[0]]

        def written(text: str | None) -> None:
            if text is not None:
                self.post_message(self.MarkRequested(MarkChange(MarkField.NOTE, ids, text, what)))

        from aligntui.tui.screens.note import NoteEditor  # Textual's TextArea: imported when first needed (~6 ms)

        self.app.push_screen(NoteEditor(work.title, personal.store.get(ids[0]).note), written)

    def action_add_to_bib(self) -> None:
        """Append the work's BibTeX to one's .bib file; on a section, every (matching) work after a Yes."""
        works, what = self._works_under_cursor()
        if not works:
            self.notify("Nothing here.", severity="warning")
            return
        request = self.BibRequested(tuple(w.id for w in works), what)
        if self.current()[0] is not None:
            self.post_message(request)
        else:
            self._ask(f"Add {what} to your .bib file?", f"Add {len(works)}", request)

    def _marks_changed(self, change: MarksChanged) -> None:
        """Re-run a query about marks (its matches may have changed), keeping the cursor where it was."""
        if not self.view.personal_query:
            return
        ref = self.taxonomy.cursor_ref
        self._show_query(self.query_text)
        if ref is not None:
            self.taxonomy.select_ref(ref)

    # -- the session ------------------------------------------------------------------

    def session(self) -> Session:
        """Where the person is, for the next start: the open sections (as unfiltered), the cursor and the query."""
        tree = self.taxonomy
        saved = self._saved if self.view.filtered else None
        opened, saved_cursor = saved if saved is not None else (tree.expanded_sections(), None)
        ref = tree.cursor_ref or saved_cursor
        order = tuple(s for s in self.view.catalog.sections if s in opened)
        return Session(order, ref.section if ref else None, ref.work if ref else None, self.query_text)

    def _restore(self, session: Session) -> None:
        """Show the tree as ``session`` left it: open sections, the cursor, then the query (skipping what has gone)."""
        expanded, cursor = session.places(self.view.catalog)
        self.taxonomy.show(self.view, expanded=expanded, cursor=cursor)
        if session.query.strip():
            self.filter_input.value = session.query
            self.query_text = session.query
            if cursor is not None:
                self.taxonomy.select_ref(cursor)
