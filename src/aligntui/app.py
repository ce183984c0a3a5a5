"""The explorer App: layout, bindings, and every action that touches the world.

Widgets show and post messages; this App answers them. Copying, opening
links, notifications and the state file are done here and nowhere else.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult, ScreenStackError, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.events import Resize
from textual.reactive import var
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Header, Input

from aligntui.catalog import Catalog
from aligntui.citing import CitingApp
from aligntui.pruning import FilteredView
from aligntui.settings import Settings, load_settings, load_state, save_state
from aligntui.widgets.detail import PaperDetail
from aligntui.widgets.filter_bar import FilterBar, FilterInput
from aligntui.widgets.taxonomy import NodeRef, TaxonomyTree

if TYPE_CHECKING:
    from aligntui.query import SearchIndex, SearchResult

__all__ = ["AlignApp", "make_app"]

NARROW_WIDTH = 100
"""Below this many columns the panes stack."""


class AlignApp(CitingApp):
    """Browse the survey's taxonomy, filter it, and copy or open what you find."""

    CSS_PATH = "app.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark", "help", "Help", id="app.help", tooltip="Show this help (? or Esc closes it)"),
        Binding("slash", "focus_filter", "Filter", id="app.filter", tooltip="Go to the filter bar (its text is kept)"),
        Binding(
            "escape",
            "clear_filter",
            "Clear filter",
            show=False,
            id="app.clear-filter",
            tooltip="Clear the filter and show the whole tree as it was",
        ),
        Binding(
            "c",
            "copy_bibtex",
            "BibTeX",
            id="app.copy-bibtex",
            tooltip="Copy the BibTeX of the work, or of every work in the section",
        ),
        Binding(
            "C",
            "pick_citation",
            "Cite as…",
            id="app.pick-citation",
            tooltip="Pick a format (BibTeX, \\cite key, APA, IEEE, Markdown, list entry) and copy",
        ),
        Binding(
            "y", "copy_link", "Copy link", id="app.copy-link", tooltip="Copy the work's primary link (its Paper link)"
        ),
        Binding(
            "Y",
            "pick_link_to_copy",
            "Copy link…",
            show=False,
            id="app.pick-link-copy",
            tooltip="Pick one of the work's links and copy it",
        ),
        Binding("o", "open_link", "Open", id="app.open-link", tooltip="Open the primary link in the web browser"),
        Binding(
            "O",
            "pick_link_to_open",
            "Open link…",
            show=False,
            id="app.pick-link-open",
            tooltip="Pick one of the work's links and open it",
        ),
        Binding("q", "quit", "Quit", id="app.quit", tooltip="Quit (in the filter, q is a letter)"),
    ]
    """App-wide keys: help first, so the footer keeps it on a narrow terminal; filtering, copying, opening, quit."""

    query_text: var[str] = var("")
    """The filter's current query; empty shows the whole catalog."""

    def __init__(self, catalog: Catalog, settings: Settings | None = None) -> None:
        super().__init__()
        self.catalog = catalog
        self.settings = settings or load_settings()
        self._index: SearchIndex | None = None
        self.result: SearchResult | None = None
        self._matched_ids: frozenset[str] | None = None
        self._detail_timer: Timer | None = None
        self._saved: tuple[set[str], NodeRef | None] | None = None
        self._state = load_state()
        self.title = catalog.survey.title or "aligntui"
        self.sub_title = f"{len(catalog.works)} works"

    # -- layout -------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        yield FilterBar(id="filter-bar")
        with Horizontal(id="panes"):
            yield TaxonomyTree(self.catalog, id="tree")
            yield PaperDetail(self.catalog, id="detail")
        yield Footer()

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

    @property
    def index(self) -> SearchIndex:
        """The search index, made on first use (the query module is not needed to paint)."""
        if self._index is None:
            from aligntui.query import SearchIndex

            self._index = SearchIndex(self.catalog)
        return self._index

    @property
    def matched_ids(self) -> frozenset[str]:
        """The ids the filter matches (all works when no filter is on); made when first asked for."""
        if self._matched_ids is None:
            self._matched_ids = frozenset(self.result.work_ids if self.result else self.catalog.works)
        return self._matched_ids

    def on_mount(self) -> None:
        theme = self._state.get("theme")
        if isinstance(theme, str) and theme in self.available_themes:
            self.theme = theme
        self.theme_changed_signal.subscribe(self, lambda theme: self._remember(theme=theme.name))
        for warning in self.settings.warnings:
            self.notify(warning, severity="warning", timeout=8)
        self.taxonomy.show()
        self.taxonomy.focus()
        self.call_after_refresh(self._start_indexing)
        self._apply_width(self.size.width)

    def _start_indexing(self) -> None:
        self._prepare_index(self.index, self.taxonomy)

    @work(thread=True, group="index")
    def _prepare_index(self, index: SearchIndex, tree: TaxonomyTree) -> None:
        """Fold the works' text and count the sections for searching while the person looks at the tree."""
        index.prepare()
        tree.masks  # noqa: B018 - built here, not on the first keystroke
        index.prepare(vocabulary=True)

    def on_resize(self, event: Resize) -> None:
        self._apply_width(event.size.width)

    def _apply_width(self, width: int) -> None:
        self.screen.set_class(width < NARROW_WIDTH, "-narrow")

    def _remember(self, **changes: object) -> None:
        self._state.update(changes)
        if not save_state(**changes):
            self.notify("Could not save settings to the state file.", severity="warning")

    # -- filtering ----------------------------------------------------------------

    @on(Input.Changed, "#filter-input")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.query_text = event.value

    def watch_query_text(self, text: str) -> None:
        tree = self.taxonomy
        bar = self.query_one(FilterBar)
        if not text.strip():
            self.result = None
            bar.show_hint("")
            if tree.filtered:
                expanded, cursor = self._saved or (None, None)
                selected = tree.cursor_ref
                if selected is not None and selected.work is not None:
                    cursor = selected
                tree.show(None, expanded=expanded, cursor=cursor)
            return
        if not tree.filtered:
            self._saved = (tree.expanded_sections(), tree.cursor_ref)
        result = self.index.search(text)
        self.result = result
        self._matched_ids = None
        view = FilteredView(tree.masks, result.positions, ranked=bool(result.fuzzy))
        tree.show(view, words=result.highlight_words)
        count = len(result.work_ids)
        hints = "; ".join(result.hints)
        if count == 0:
            if self._detail_timer is not None:
                self._detail_timer.stop()
                self._detail_timer = None
            bar.show_hint(
                f"No work matches. {hints + '. ' if hints else ''}Press Escape to clear the filter.", problem=True
            )
            self.detail.show_message(
                f"No work matches {text!r}.\n\nPress Escape to clear the filter, or edit the query."
            )
        else:
            summary = f"{count} of {len(self.catalog.works)} works match"
            bar.show_hint(f"{summary}. {hints}" if hints else summary, problem=bool(result.query.hints))

    @on(FilterInput.Leave)
    def _leave_filter(self, event: FilterInput.Leave) -> None:
        if event.clear:
            self.filter_input.value = ""
            self.query_text = ""
        tree = self.taxonomy
        tree.focus()
        if not event.clear and tree.filtered:
            tree.cursor_to_line(0)
            if tree.cursor_ref is not None and tree.cursor_ref.work is None:
                tree.action_next_match()

    def action_focus_filter(self) -> None:
        """Move to the filter bar, keeping its text."""
        self.filter_input.focus()

    def action_clear_filter(self) -> None:
        """Clear the filter and return to the tree."""
        if self.query_text:
            self.filter_input.value = ""
            self.query_text = ""
        self.taxonomy.focus()

    # -- following the cursor -----------------------------------------------------

    DETAIL_DELAY = 0.15
    """Seconds the detail pane waits while the person is typing a query, so keys stay quick."""

    @on(TaxonomyTree.PaperHighlighted)
    @on(TaxonomyTree.SectionHighlighted)
    def _follow_cursor(self) -> None:
        if self._detail_timer is not None:
            self._detail_timer.stop()
            self._detail_timer = None
        if self._typing():
            self._detail_timer = self.set_timer(self.DETAIL_DELAY, self._show_detail)
        else:
            self._show_detail()

    def _typing(self) -> bool:
        """True while the filter input has the focus."""
        try:
            return isinstance(self.focused, FilterInput)
        except ScreenStackError:  # the app is closing
            return False

    def _show_detail(self) -> None:
        """Show what the tree's cursor is on, as things are now."""
        self._detail_timer = None
        # The panes may already be gone when a late highlight arrives at exit.
        for tree in self.query(TaxonomyTree):
            ref = tree.cursor_ref
            if ref is None or ref.more:
                return
            for detail in self.query(PaperDetail):
                if ref.work is not None:
                    detail.show_work(self.catalog.works[ref.work], ref.section)
                else:
                    matching, total = tree.counts_for(ref.section)
                    matched_ids = self.matched_ids if matching is not None else None
                    detail.show_section(self.catalog.sections[ref.section], total, matched_ids, matching or 0)

    @on(PaperDetail.JumpRequested)
    def _jump(self, event: PaperDetail.JumpRequested) -> None:
        if not self.taxonomy.select_ref(NodeRef(event.section_id, event.work_id)):
            self.notify("That place is hidden by the filter; press Escape to clear it.", timeout=4)
            return
        self.taxonomy.focus()

    # -- help and commands --------------------------------------------------------

    def action_help(self) -> None:
        """Show every key and the query language."""
        from aligntui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss()
        else:
            self.push_screen(HelpScreen())

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """The command palette: Textual's commands and the explorer's own."""
        yield from super().get_system_commands(screen)
        tree = self.taxonomy
        yield SystemCommand("Expand all sections", "Open every section of the tree", tree.action_expand_everything)
        yield SystemCommand("Collapse all sections", "Close every section of the tree", tree.action_collapse_everything)
        yield SystemCommand("Focus filter", "Type a query to filter the works", self.action_focus_filter)
        yield SystemCommand("Clear filter", "Show the whole catalog again", self.action_clear_filter)
        yield SystemCommand("Copy BibTeX", "BibTeX of the highlighted work or section", self.action_copy_bibtex)
        yield SystemCommand("Cite as…", "Pick a citation format for the highlighted work", self.action_pick_citation)
        yield SystemCommand("Copy link", "Copy the highlighted work's primary link", self.action_copy_link)
        yield SystemCommand("Open link", "Open the highlighted work's primary link", self.action_open_link)
        if self.result is not None and self.result.work_ids:
            yield SystemCommand(
                "Copy BibTeX of all matching works",
                f"{len(self.result.work_ids)} works match the filter",
                self.action_copy_matching_bibtex,
            )


def make_app(catalog: Catalog, settings: Settings | None = None) -> AlignApp:
    """Build the explorer for a catalog (the CLI and the tests use this)."""
    return AlignApp(catalog, settings)
