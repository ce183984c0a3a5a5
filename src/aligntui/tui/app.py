"""The explorer App: the only place that acts on the world.

Screens and widgets show and post messages; this App answers them: the
clipboard, the web browser, notifications and the state file. ``make_app``
reads the settings and state files and builds it, for the CLI and the tests
alike; the App's constructor does no I/O.
"""

from __future__ import annotations

import asyncio
import signal
import threading
from collections.abc import Callable, Iterable, Mapping
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from rich.console import RenderableType
from textual import events, on, work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.driver import Driver
from textual.errors import NoWidget
from textual.events import DeliveryComplete, DeliveryFailed, MouseEvent, Resize
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.signal import Signal
from textual.theme import ThemeProvider
from textual.widget import Widget
from textual.widgets import Input
from textual.worker import Worker, WorkerState

from aligntui.browse.model import Browser
from aligntui.catalog.model import Catalog
from aligntui.personal.files import Notice, PersonalFiles
from aligntui.personal.history import MarkEdit, MarkHistory
from aligntui.personal.settings import Settings, load_settings, load_state, save_state
from aligntui.text.safe import visible, visible_line
from aligntui.tui.collector import Collector
from aligntui.tui.marks_signal import MarksChanged
from aligntui.tui.screens.main import MainScreen
from aligntui.tui.screens.too_small import MIN_HEIGHT, MIN_WIDTH, TooSmall
from aligntui.tui.terminal import lenient
from aligntui.tui.textual_private import on_unhandled_exception, record_clipboard
from aligntui.tui.typeahead import Typeahead
from aligntui.tui.widgets.detail import PaperDetail
from aligntui.tui.widgets.filter_bar import FilterInput
from aligntui.tui.widgets.taxonomy import TaxonomyTree

if TYPE_CHECKING:
    from aligntui.system.browser import OpenOutcome
    from aligntui.system.clipboard import CopyOutcome
    from aligntui.tui.screens.help import KeyGroups

__all__ = ["AlignApp", "help_groups", "make_app"]

WORKER_TASKS = {"index": "Preparing the search index", "copy": "Copying", "open": "Opening the link"}
"""What each worker group does, for the message when one fails (it never stops the explorer)."""


class AlignApp(App[None]):
    """Browse the survey's taxonomy, filter it, and copy or open what you find."""

    CSS_PATH = "app.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="app.quit", tooltip="Quit (in the filter, q is a letter)"),
    ]
    """App-wide keys: quit (help is the main screen's first key, so the footer shows it early)."""

    def __init__(
        self,
        catalog: Catalog,
        settings: Settings,
        state: Mapping[str, Any],
        files: PersonalFiles | None = None,
        store_cache: Callable[[], None] | None = None,
    ) -> None:
        super().__init__()
        self.catalog = catalog
        self._store_cache = store_cache
        """Stores the parse cache of a catalog parsed on this open (``catalog.load.load_catalog_deferred``)."""
        self._cache_lock = threading.Lock()
        self.settings = settings
        self.files = files or PersonalFiles()
        """One's marks, .bib file and saved session, as read by ``make_app`` (``aligntui.personal.files``)."""
        self.browser = Browser(catalog, self.files.personal)
        self.state: dict[str, Any] = dict(state)
        """What the app remembers between runs (theme, citation style), as read by ``make_app``."""
        self.title = visible_line(catalog.survey.title) or "aligntui"
        self.sub_title = f"{len(catalog.works)} works"
        self.crash_report: Path | None = None
        """Where the traceback of a crash was written, if one happened."""
        self.history = MarkHistory()
        """The mark changes of this run that ``u`` can undo and ``U`` redo (``aligntui.personal.history``)."""
        self.marks_changed_signal: Signal[MarksChanged] = Signal(self, "marks-changed")
        """Published once after each write of one's marks or .bib file (``aligntui.tui.marks_signal``)."""
        self.typeahead = Typeahead(self, super().on_event, self._focus_target)
        """Holds the keys typed before the first paint or behind a focus move (``aligntui.tui.typeahead``)."""
        self.collector = Collector()
        """Keeps Python's garbage collector out of the start and of each key's frame (``aligntui.tui.collector``)."""
        on_unhandled_exception(self, self._keep_crash_report)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Show a notification: never markup, unsafe characters escaped (it may quote a catalog or a setting)."""
        super().notify(visible(message), title=visible_line(title), severity=severity, timeout=timeout, markup=False)

    def _keep_crash_report(self, error: BaseException) -> None:
        """Keep the traceback in a crash report; the command line prints one line that points to it."""
        from aligntui.system.crashlog import write_crash_report

        if self.crash_report is None and isinstance(error, Exception):
            self.crash_report = write_crash_report(error)

    async def on_event(self, event: events.Event) -> None:
        """Send each key from the terminal where the person meant it (``aligntui.tui.typeahead``).

        A mouse event on a screen that changed under it is dropped, not a crash.
        """
        if isinstance(event, MouseEvent):
            # Textual 8.2.8 routes a mouse event by the last compositor map: a press on a widget that has just been
            # removed (parent None) raised AttributeError in Screen._forward_event, a cell the map no longer has
            # raised NoWidget. The event is about a screen that is gone: nothing to do.
            with suppress(NoWidget, AttributeError):
                await super().on_event(event)
        elif isinstance(event, events.Key) and not event.is_forwarded:
            self.collector.pause_for_key(self.set_timer)
            await self.typeahead.key(event)
        else:
            await super().on_event(event)

    async def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        await self.typeahead.focus_moved()

    def on_load(self) -> None:
        self.collector.pause()  # until the first frame: the start allocates only what lives as long as the App

    def on_ready(self) -> None:
        """The first screen is drawn: keys act from now on; text typed before it goes to the filter."""
        self.collector.keep_for_good()
        self.collector.resume()
        self.main.screen_layout_refresh_signal.subscribe(self, lambda _screen: self.collector.resume(), immediate=True)
        text = self.typeahead.first_paint()
        if text:
            self.main.type_into_filter(text)

    @property
    def painted(self) -> bool:
        """Whether the first screen has been drawn; keys typed before it can only be filter text."""
        return self.typeahead.painted

    def _focus_target(self, key: str) -> Widget | None:
        """The pane ``key`` moves the focus to, when the main screen is on top (``MainScreen.focus_target``)."""
        current = self.screen_stack[-1] if self.screen_stack else None
        return current.focus_target(key) if isinstance(current, MainScreen) else None

    def _exit_on_signal(self, signum: int) -> None:
        """Leave the way ``q`` does, so the terminal is restored, with the conventional status 128 + N."""
        self.exit(return_code=128 + signum)

    def get_driver_class(self) -> type[Driver]:
        """Textual's driver, reading ill-formed UTF-8 from the terminal as U+FFFD (``aligntui.tui.terminal``)."""
        return lenient(super().get_driver_class())

    def get_default_screen(self) -> Screen[Any]:
        """The explorer's main screen, opening on the citation format chosen last."""
        style = self.state.get("citation_style")
        return MainScreen(self.browser, style if isinstance(style, str) else None, self.files.session)

    @property
    def main(self) -> MainScreen:
        """The main screen (under any dialog)."""
        screen = self.screen_stack[0]
        assert isinstance(screen, MainScreen)
        return screen

    def on_mount(self) -> None:
        theme = self.state.get("theme")
        if isinstance(theme, str) and theme in self.available_themes:
            self.theme = theme
        self.theme_changed_signal.subscribe(self, lambda theme: self.remember(theme=theme.name))
        for warning in (*self.settings.warnings, *self.files.warnings):
            self.notify(warning, severity="warning", timeout=8)
        self.call_after_refresh(self._prepare)
        self._watch_signals(install=True)
        self._fit(self.size.width, self.size.height)

    def on_unmount(self) -> None:
        self._watch_signals(install=False)
        self.collector.resume()

    def _watch_signals(self, install: bool) -> None:
        """SIGTERM and SIGHUP end the app like ``q`` does (the loop only takes handlers on the main thread)."""
        try:
            loop = asyncio.get_running_loop()
            for signum in (signal.SIGTERM, signal.SIGHUP):
                if install:
                    loop.add_signal_handler(signum, self._exit_on_signal, int(signum))
                else:
                    loop.remove_signal_handler(signum)
        except (RuntimeError, NotImplementedError, AttributeError, ValueError):
            pass  # not the main thread, or a platform without these signals

    def action_command_palette(self) -> None:
        """Open the command palette (``GuardedPalette``), except while the window is too small to lay it out."""
        from aligntui.tui.screens.palette import GuardedPalette  # imported when first opened, not at every start

        if self.use_command_palette and not isinstance(self.screen, (TooSmall, GuardedPalette)):
            self.push_screen(GuardedPalette())  # no id: a palette just closed may still hold it until removed

    def search_themes(self) -> None:
        """Textual's theme search (the palette's "Change theme"), in the guarded palette."""
        from aligntui.tui.screens.palette import GuardedPalette

        self.push_screen(GuardedPalette(providers=[ThemeProvider], placeholder="Search for themes…"))

    def on_resize(self, event: Resize) -> None:
        self._fit(event.size.width, event.size.height)

    def _fit(self, width: int, height: int) -> None:
        """Cover everything with a notice while the terminal is too small to lay out, and lift it after."""
        small = width < MIN_WIDTH or height < MIN_HEIGHT
        showing = isinstance(self.screen, TooSmall)
        if small and not showing:
            self.push_screen(TooSmall())
        elif showing and not small:
            self.pop_screen()

    @work(thread=True, group="index", exit_on_error=False)
    def _prepare(self) -> None:
        """Build the search index and section masks while the person looks at the tree, then store the parse cache."""
        self.browser.prepare()
        self.store_parse_cache()

    def store_parse_cache(self) -> None:
        """Store the parse cache of a catalog parsed on this open, once (from any thread; the CLI calls it at exit
        too, for a run that ended before the index was ready). A first open pays it after its first paint
        (0.2-0.3 s of CPU at 100,000 works), not before."""
        with self._cache_lock:
            store, self._store_cache = self._store_cache, None
        if store is not None:
            store()

    @on(Worker.StateChanged)
    def _index_ready(self, event: Worker.StateChanged) -> None:
        """The search index lives as long as the App: out of the collector's reach (``Collector.keep_for_good``)."""
        if event.state is WorkerState.SUCCESS and event.worker.group == "index":
            self.collector.keep_for_good()

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        """A background task (the index, a copy, opening a link) that failed is told, with its traceback kept."""
        if event.state is not WorkerState.ERROR or event.worker.error is None:
            return
        from aligntui.system.crashlog import write_crash_report

        error, report = event.worker.error, write_crash_report(event.worker.error)
        where = f"; details in {report}" if report else ""
        task = WORKER_TASKS.get(event.worker.group, "A background task")
        self.notify(f"{task} failed ({type(error).__name__}: {error}){where}", severity="error", timeout=10)

    def remember(self, **changes: object) -> None:
        """Keep ``changes`` in the state file; warn when it cannot be written."""
        self.state.update(changes)
        if not save_state(**changes):
            self.notify("Could not save settings to the state file.", severity="warning")

    @on(MainScreen.StyleChosen)
    def _style_chosen(self, event: MainScreen.StyleChosen) -> None:
        self.remember(citation_style=event.style)

    # -- the clipboard ------------------------------------------------------------

    @on(MainScreen.CopyRequested)
    def _copy_requested(self, event: MainScreen.CopyRequested) -> None:
        if event.incomplete:
            self.notify(event.incomplete, severity="warning", timeout=8)
        self._copy_worker(event.text, event.what)

    @work(thread=True, exclusive=False, group="copy", exit_on_error=False)
    def _copy_worker(self, text: str, what: str, said: str = "") -> None:
        def osc52(payload: str) -> None:
            self.call_from_thread(self.copy_to_clipboard, payload)

        from aligntui.system.clipboard import CopyOutcome, CopyPath, Delivery, copy_text  # not on the start's path

        try:
            outcome = copy_text(text, self.settings.clipboard, osc52, web=self.is_web)
        except Exception as error:  # a copy must never take the app down
            outcome = CopyOutcome(CopyPath.SHOWN, Delivery.FAILED, f"copy failed ({error}); shown for copying by hand")
        self.call_from_thread(self._copied, text, what, outcome, said)

    def _copied(self, text: str, what: str, outcome: CopyOutcome, said: str = "") -> None:
        from aligntui.tui.screens.show_text import ShowText

        record_clipboard(self, text)  # also when the copy went native: App.clipboard tells what was copied
        if outcome.shown:
            self.push_screen(ShowText(outcome.message(what), text))
            if outcome.notice:
                self.notify(outcome.notice, severity="warning", timeout=8)
            return
        message = f"{said} ({outcome.message(what)})" if said else outcome.message(what)
        if not outcome.oversize:
            self.notify(message, severity=outcome.severity, timeout=8 if outcome.severity == "warning" else 4)
            return
        from aligntui.tui.screens.picker import Picker

        def chosen(key: str | None) -> None:
            if key == "show":
                self.push_screen(ShowText(f"{what} (shown for copying by hand)", text))
            elif key == "save":
                from io import StringIO
                from time import strftime

                self.deliver_text(StringIO(text), save_filename=strftime("aligntui-copy-%Y%m%d-%H%M%S.txt"))

        choices = [("show", "Show it for copying by hand"), ("save", "Save it as a file"), ("keep", "Keep it as sent")]
        self.push_screen(Picker(f"{message}.", choices), chosen)

    @on(DeliveryComplete)
    def _saved(self, event: DeliveryComplete) -> None:
        self.notify(f"Saved {event.path}" if event.path else "Handed the file to your browser to download", timeout=8)

    @on(DeliveryFailed)
    def _not_saved(self, event: DeliveryFailed) -> None:
        self.notify(f"Could not save the file: {event.exception}", severity="error", timeout=8)

    # -- the web browser ------------------------------------------------------------

    @on(MainScreen.OpenRequested)
    def _open_requested(self, event: MainScreen.OpenRequested) -> None:
        from aligntui.system.browser import is_safe_url

        if self.is_web and is_safe_url(event.url):
            self.open_url(event.url)  # the visitor's browser, never one on the server
            self.notify(f"Asked your browser to open {event.what}", timeout=4)
            return
        self._open_worker(event.url, event.what)

    @work(thread=True, group="open", exit_on_error=False)
    def _open_worker(self, url: str, what: str) -> None:
        from aligntui.system.browser import open_url

        outcome = open_url(url)
        self.call_from_thread(self._opened, url, what, outcome)

    def _opened(self, url: str, what: str, outcome: OpenOutcome) -> None:
        from aligntui.system.browser import OpenStatus

        if outcome.status is OpenStatus.OPENED:
            self.notify(f"Opened {what} in the web browser ({outcome.message})", timeout=4)
            return
        if outcome.status is OpenStatus.STARTED:
            self.notify(f"Started the web browser for {what} ({outcome.message})", timeout=4)
            return
        from aligntui.system.browser import is_safe_url
        from aligntui.tui.screens.picker import Picker

        if not is_safe_url(url):
            self.notify(outcome.message, severity="error")
            return

        def chosen(key: str | None) -> None:
            if key == "copy":
                self._copy_worker(url, what)

        choices = [("copy", f"Copy {url}"), ("cancel", "Cancel")]
        self.push_screen(Picker(f"{outcome.message}. Copy the link instead?", choices), chosen)

    # -- help and commands --------------------------------------------------------

    def action_help(self) -> None:
        """Show every key and the query language; ? again closes it."""
        from aligntui.tui.screens.help import HelpScreen  # imported when first shown, not at every start

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss()
        else:
            self.push_screen(HelpScreen(help_groups()))

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """The command palette: Textual's commands and the explorer's own."""
        yield from super().get_system_commands(screen)
        for title, (help_text, callback) in palette_entries(self.main).items():
            yield SystemCommand(title, help_text, callback)
        yield SystemCommand("Choose bibliography file", "The .bib file b appends to", self.action_choose_bib)

    # -- one's marks, .bib and session (aligntui.personal.files does the work) --------

    @on(MainScreen.MarkRequested)
    def _write_mark(self, event: MainScreen.MarkRequested) -> None:
        edit, notices = self.files.change_marks(event.change)
        if edit is not None:
            self.history.record(edit)
            self._tell(notices, f"{edit.done} — u undoes")
        else:
            self._tell(notices)
        self._announce(frozenset(event.change.work_ids))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Undo and redo change one's marks: never while a text input has the focus (its letters are text)."""
        if action in ("undo_mark", "redo_mark"):
            return not self._typing_text()
        return True

    def _typing_text(self) -> bool:
        """Whether the focus is in a text input (the filter's Input, a dialog's TextArea)."""
        focused = self.focused
        if isinstance(focused, Input):
            return True
        if focused is None or (self.screen_stack and self.screen is self.screen_stack[0]):
            return False  # the main screen has no TextArea: the start need not import it (about 6 ms)
        from textual.widgets import TextArea

        return isinstance(focused, TextArea)

    def action_undo_mark(self) -> None:
        """Take back the last mark change (star, status or note); U does it again."""
        self._replay(self.history.undo(), forward=False)

    def action_redo_mark(self) -> None:
        """Do again the mark change undone last."""
        self._replay(self.history.redo(), forward=True)

    def _replay(self, edit: MarkEdit | None, *, forward: bool) -> None:
        """Write ``edit``'s values after (redo) or before (undo), then announce the change like any other."""
        if edit is None:
            self.notify(f"Nothing to {'redo' if forward else 'undo'}.", timeout=3)
            return
        done = f"Redone: {edit.done} — u undoes" if forward else f"Undone: {edit.done} — U redoes"
        self._tell(self.files.write(edit, forward=forward), done)
        self._announce(frozenset(edit.after))

    def _announce(self, work_ids: frozenset[str] | None) -> None:
        """Tell every subscriber (the screen, the tree rows, the detail pane) that these works' marks changed."""
        self.marks_changed_signal.publish(MarksChanged(work_ids))

    def _tell(self, notices: Iterable[Notice], done: str = "") -> None:
        """Show ``notices``, then ``done`` unless one of them is an error (the change did not reach the disk)."""
        failed = False
        for notice in notices:
            failed = failed or notice.severity == "error"
            self.notify(notice.text, severity=notice.severity, timeout=8 if notice.severity == "error" else 4)
        if done and not failed:
            self.notify(done, timeout=4)

    @on(MainScreen.BibRequested)
    def _bib_requested(self, event: MainScreen.BibRequested) -> None:
        self.add_to_bib(event.work_ids, event.what)

    def add_to_bib(self, work_ids: tuple[str, ...], what: str) -> None:
        """Append the works' BibTeX to the bibliography file, asking for its name first if none is set."""
        if self.files.bib_path is None:
            self.action_choose_bib(lambda: self.add_to_bib(work_ids, what))
            return
        notices, added, key = self.files.add_to_bib([self.catalog.works[i] for i in work_ids], what)
        self._tell(notices)
        if key is not None:
            self._copy_worker(key, "the key", said=self.files.already(key))
        self._announce(frozenset(added))

    def action_choose_bib(self, then: Callable[[], None] | None = None) -> None:
        """Ask for the bibliography file's name; ``then`` runs once one is chosen."""
        from aligntui.tui.screens.note import BibPathInput

        def chosen(name: str | None) -> None:
            if name is None:
                return
            self._tell(self.files.choose_bib(Path(name).expanduser()))
            self._announce(None)
            if then is not None:
                then()

        current = str(self.files.bib_path) if self.files.bib_path is not None else ""
        self.push_screen(BibPathInput(current), chosen)

    def exit(self, result: None = None, return_code: int = 0, message: RenderableType | None = None) -> None:
        """Leave, saving where the person is for the next start and retrying marks not yet written."""
        main = self.screen_stack[0] if self.screen_stack else None
        if message is None and isinstance(main, MainScreen) and main.is_mounted:
            message = self.files.leave(self.catalog, main.session())
        super().exit(result, return_code, message)


def help_groups() -> KeyGroups:
    """(pane, [(keys, description)]) for every key of the explorer: the help screen and README table use it."""
    from aligntui.tui.screens.help import binding_groups

    extra_app = [("Tab, Shift+Tab", "Move between the panes"), ("Ctrl+P", "Command palette (themes, all commands)")]
    return binding_groups(
        [
            ("Everywhere", [*MainScreen.BINDINGS, *AlignApp.BINDINGS], extra_app),
            (
                "Tree",
                list(TaxonomyTree.BINDINGS),
                [("↑, ↓, PgUp, PgDn, Home, End", "Move"), ("Click", "Move there; on ▶/▼ or again: open/close")],
            ),
            ("Filter", list(FilterInput.BINDINGS), []),
            ("Detail", list(PaperDetail.BINDINGS), []),
        ]
    )


def make_app(
    catalog: Catalog,
    settings: Settings | None = None,
    state: Mapping[str, Any] | None = None,
    *,
    bib: Path | None = None,
    fresh: bool = False,
    store_cache: Callable[[], None] | None = None,
) -> AlignApp:
    """Build the explorer for a catalog, reading the settings, state, marks, .bib and session files.

    ``bib`` (``--bib``) wins over ``bib`` in config.toml; ``fresh`` ignores the saved session;
    ``store_cache`` (from ``load_catalog_deferred``) is called once the search index is ready.
    """
    settings = settings or load_settings()
    files = PersonalFiles.read(catalog, bib or settings.bib, fresh=fresh)
    return AlignApp(catalog, settings, load_state() if state is None else state, files, store_cache)


def palette_entries(screen: MainScreen) -> dict[str, tuple[str, Callable[[], object]]]:
    """The command palette's entries for the main screen: title -> (help, callback)."""
    tree = screen.taxonomy
    entries: dict[str, tuple[str, Callable[[], object]]] = {
        "Expand all sections": ("Open every section of the tree", tree.action_expand_everything),
        "Collapse all sections": ("Close every section of the tree", tree.action_collapse_everything),
        "Focus filter": ("Type a query to filter the works", screen.action_focus_filter),
        "Clear filter": ("Show the whole catalog again", screen.action_clear_filter),
        "Copy BibTeX": ("BibTeX of the highlighted work or section", screen.action_copy_bibtex),
        "Cite as…": ("Pick a citation format for the highlighted work", screen.action_pick_citation),
        "Cite the survey…": ("Copy the citation of the survey this catalog comes from", screen.action_cite_survey),
        "Copy link": ("Copy the highlighted work's primary link", lambda: screen.action_link("copy")),
        "Open link": ("Open the highlighted work's primary link", lambda: screen.action_link("open")),
        "Star": ("Star or unstar the highlighted work (on a section: star all)", screen.action_star),
        "Cycle reading status": ("unread, to read, reading, read", screen.action_cycle_status),
        "Edit note": ("Write a note on the highlighted work", screen.action_edit_note),
        "Add to bibliography file": ("Append the BibTeX to your .bib file", screen.action_add_to_bib),
    }
    result = screen.view.result
    if result is not None and result.work_ids:
        entries["Copy BibTeX of all matching works"] = (
            f"{len(result.work_ids)} works match the filter",
            screen.action_copy_matching_bibtex,
        )
    return entries
