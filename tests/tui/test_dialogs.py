"""Dialogs under fast typing: keys before a dialog is mounted and after it is dismissed, double Enter and Escape,
PageUp/PageDown in the command palette, and pastes no file can hold (issue 24).

A burst is written the way a pseudo-terminal delivers one read: every key
event is handed to the app at once, before any of them is handled, so that
bindings run against whatever screen is on top when the App gets to them.
"""

from __future__ import annotations

from typing import Any

import pytest
from rich.style import Style
from textual import events
from textual.command import CommandList
from textual.geometry import Offset
from textual.screen import Screen
from textual.widgets import Input, Static

from aligntui.browse.model import Browser
from aligntui.catalog.model import Catalog
from aligntui.personal.marks import MarkStore, marks_path
from aligntui.personal.settings import Settings
from aligntui.system import browser
from aligntui.tui.app import AlignApp, help_groups, make_app
from aligntui.tui.screens.help import HelpScreen
from aligntui.tui.screens.main import MainScreen
from aligntui.tui.screens.modal import GuardedModal
from aligntui.tui.screens.note import BibPathInput, NoteEditor, storable
from aligntui.tui.screens.palette import GuardedCommandList, GuardedPalette
from aligntui.tui.screens.picker import Picker
from aligntui.tui.screens.show_text import ShowText

SIZE = (120, 40)
CHARACTERS = {"enter": "\r", "escape": "\x1b", "tab": "\t", "space": " ", "question_mark": "?", "ctrl+s": "\x13"}
TO_A_WORK = ("e", "j", "j", "j", "j")
"""From the start, onto a work: expand everything, then down past the first sections."""


def app_for(catalog: Catalog) -> AlignApp:
    return make_app(catalog, Settings(clipboard="osc52"), state={})


def burst(app: AlignApp, *keys: str) -> None:
    """Hand every key to the app at once, as one read of a terminal would."""
    assert app._driver is not None
    for key in keys:
        event = events.Key(key, CHARACTERS.get(key, key if len(key) == 1 else None))
        event.set_sender(app)
        app._driver.send_message(event)


async def settle(pilot: Any) -> None:
    for _ in range(4):
        await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


# -- every dialog is a GuardedModal ---------------------------------------------------------------------------------


@pytest.mark.parametrize("dialog", [Picker, NoteEditor, BibPathInput, HelpScreen, ShowText])
def test_every_dialog_is_guarded(dialog: type) -> None:
    assert issubclass(dialog, GuardedModal)


# -- bursts around dialogs (each crashed before: NoMatches, ScreenStackError, KeyError) -------------------------------

BURSTS = [
    pytest.param((*TO_A_WORK, "C", "enter", "enter"), id="picker-double-enter"),
    pytest.param((*TO_A_WORK, "C", "escape", "escape", "escape"), id="picker-double-escape"),
    pytest.param((*TO_A_WORK, "C", "j", "k", "enter", "j"), id="picker-keys-after-dismiss"),
    pytest.param((*TO_A_WORK, "Y", "enter", "enter", "escape"), id="link-picker-then-show-text"),
    pytest.param((*TO_A_WORK, "m", "x", "ctrl+s", "ctrl+s", "escape"), id="note-double-save"),
    pytest.param((*TO_A_WORK, "m", "escape", "escape", "m", "escape"), id="note-double-escape"),
    pytest.param(("question_mark", "j", "question_mark", "j", "k", "escape", "escape"), id="help-scroll-around-close"),
    pytest.param(("question_mark", "question_mark", "question_mark", "question_mark"), id="help-toggled-fast"),
    pytest.param(("ctrl+p", "pagedown", "pageup", "escape", "escape"), id="palette-page-keys-while-empty"),
    pytest.param(("ctrl+p", "x", "pagedown", "pagedown", "pageup"), id="palette-page-keys-while-changing"),
    pytest.param(("ctrl+p", "down", "pagedown", "escape"), id="palette-page-down-after-down"),
    pytest.param(("ctrl+p", "escape", "escape", "escape"), id="palette-triple-escape"),
    pytest.param(("ctrl+p", "s", "t", "a", "r", "enter", "enter", "enter"), id="palette-double-enter"),
]


@pytest.mark.parametrize("keys", BURSTS)
async def test_a_burst_around_dialogs_never_crashes(ui_catalog: Catalog, keys: tuple[str, ...]) -> None:
    app = app_for(ui_catalog)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        burst(app, *keys)
        await settle(pilot)
        assert isinstance(app.screen_stack[0], MainScreen)  # a late dismiss never popped the main screen
        assert app.is_running
    assert app._exception is None


# -- the base's contract, one rule at a time -------------------------------------------------------------------------


async def test_a_second_dismiss_is_a_no_op_and_the_callback_runs_once(ui_catalog: Catalog) -> None:
    app = app_for(ui_catalog)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        results: list[str | None] = []
        picker = Picker("Pick", [("a", "A"), ("b", "B")])
        app.push_screen(picker, results.append)
        await settle(pilot)
        picker.dismiss("a")
        picker.dismiss("b")
        picker.action_cancel()
        await settle(pilot)
        assert results == ["a"]
        assert picker.closed
        assert app.screen_stack == [app.main]


async def test_a_dismiss_before_mount_does_nothing(ui_catalog: Catalog) -> None:
    app = app_for(ui_catalog)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        results: list[str | None] = []
        picker = Picker("Pick", [("a", "A")], preview=lambda key: key)
        app.push_screen(picker, results.append)
        picker.dismiss(None)  # before its on_mount has run (the crash: NoMatches 'OptionList' on Picker())
        await settle(pilot)
        assert results == [] and app.screen is picker and not picker.closed
        await pilot.press("enter")
        await settle(pilot)
        assert results == ["a"]
        assert app.screen_stack == [app.main]


@pytest.mark.parametrize("dialog", [Picker, NoteEditor, HelpScreen])
async def test_a_dialog_removed_before_mount_skips_its_mount(ui_catalog: Catalog, dialog: type) -> None:
    """Popped (as the app quitting does) right after being pushed: on_mount found no widgets (NoMatches)."""
    app = app_for(ui_catalog)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        made = {Picker: lambda: Picker("Pick", [("a", "A")]), NoteEditor: lambda: NoteEditor("A work", "a note"),
                HelpScreen: lambda: HelpScreen(help_groups())}[dialog]()  # fmt: skip
        app.push_screen(made)
        app.pop_screen()
        await settle(pilot)
        assert app.screen is app.main


@pytest.mark.parametrize("dialog", [Picker, NoteEditor])
async def test_quitting_while_a_dialog_opens_is_no_crash(ui_catalog: Catalog, dialog: type) -> None:
    """A key opens a dialog and the app quits in the same moment: its on_mount found no widgets (NoMatches)."""
    app = app_for(ui_catalog)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(Picker("Pick", [("a", "A")]) if dialog is Picker else NoteEditor("A work", "a note"))
        app.exit()
    assert app._exception is None and app.return_code == 0


async def test_a_palette_reopened_while_the_last_one_goes_is_no_crash(ui_catalog: Catalog) -> None:
    """Escape then Ctrl+P at once: the closing palette still held the id '--command-palette' (DuplicateIds)."""
    app = app_for(ui_catalog)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for _ in range(3):
            app.action_command_palette()
            await settle(pilot)
            app.screen.dismiss()  # popped at once, removed later...
            app.action_command_palette()  # ...so a new one came while the old one was still there
        await settle(pilot)
        assert isinstance(app.screen, GuardedPalette)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is app.main


async def test_no_binding_acts_before_mount_or_after_dismiss(ui_catalog: Catalog) -> None:
    app = app_for(ui_catalog)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        help_screen = HelpScreen(help_groups())
        assert help_screen.check_action("scroll", (1,)) is False  # not mounted: its widgets do not exist yet
        app.push_screen(help_screen)
        await settle(pilot)
        assert help_screen.check_action("scroll", (1,)) is not False
        help_screen._pruning = True  # being removed (Textual's mark), as when the app quits
        assert help_screen.check_action("scroll", (1,)) is False
        help_screen._pruning = False
        help_screen.dismiss()
        assert help_screen.check_action("scroll", (1,)) is False
        assert await app.run_action("scroll(1)", help_screen) is False  # a late key: ignored, no NoMatches
        await settle(pilot)


async def test_a_dismiss_while_covered_leaves_the_dialog_open(ui_catalog: Catalog) -> None:
    app = app_for(ui_catalog)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        results: list[str | None] = []
        picker = Picker("Pick", [("a", "A")])
        app.push_screen(picker, results.append)
        await settle(pilot)
        await pilot.resize_terminal(20, 5)  # the too-small notice covers the picker
        await settle(pilot)
        picker.dismiss("a")  # would pop the notice instead of the picker
        await pilot.resize_terminal(*SIZE)
        await settle(pilot)
        assert app.screen is picker and not picker.closed and results == []
        await pilot.press("enter")
        await settle(pilot)
        assert results == ["a"]


# -- the command palette ---------------------------------------------------------------------------------------------


async def test_the_palette_is_the_guarded_one(ui_catalog: Catalog) -> None:
    app = app_for(ui_catalog)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert isinstance(app.screen, GuardedPalette)
        await pilot.press("ctrl+p")  # a second Ctrl+P opens no second palette
        await settle(pilot)
        assert sum(isinstance(s, GuardedPalette) for s in app.screen_stack) == 1


@pytest.mark.parametrize("typed", ["", "zzzzqqqq", "star"])
async def test_page_keys_in_the_palette_never_crash(ui_catalog: Catalog, typed: str) -> None:
    """PageDown in an empty palette, one whose list matches nothing, and one whose list is changing."""
    app = app_for(ui_catalog)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press("pagedown", "pageup", *typed, "pagedown", "pagedown", "pageup")
        burst(app, "backspace", "pagedown", "x", "pageup", "pagedown")
        await settle(pilot)
        assert isinstance(app.screen, GuardedPalette)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is app.main


async def test_the_theme_search_is_the_guarded_palette(ui_catalog: Catalog) -> None:
    """Ctrl+P, "Change theme": Textual opens its own palette there (App.search_themes)."""
    app = app_for(ui_catalog)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.search_themes()
        await settle(pilot)
        assert isinstance(app.screen, GuardedPalette)
        burst(app, "escape", "escape", "escape")
        await settle(pilot)
        assert app.screen is app.main


async def test_a_click_on_a_cell_the_palette_no_longer_has_does_nothing(ui_catalog: Catalog) -> None:
    """A click that comes just after the window shrank: Textual's palette raised NoWidget."""
    app = app_for(ui_catalog)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        palette = app.screen
        palette.post_message(events.Click(palette, 500, 500, 0, 0, 1, False, False, False, 500, 500))
        await settle(pilot)
        assert app.screen is palette
        await pilot.click(offset=(0, SIZE[1] - 1))  # the background, as before: closes it
        await settle(pilot)
        assert app.screen is app.main


async def test_a_click_on_a_command_the_list_no_longer_has_does_nothing(ui_catalog: Catalog) -> None:
    """A click names the option by the index it was drawn with; typing had changed the list (IndexError)."""
    app = app_for(ui_catalog)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", "s", "t")
        await settle(pilot)
        commands = app.screen.query_one(CommandList)
        assert isinstance(commands, GuardedCommandList)
        stale = Style.from_meta({"option": commands.option_count + 50})
        x, y = commands.region.x + 2, commands.region.y + 1  # on the list, not the background
        commands.post_message(events.Click(commands, 2, 1, 0, 0, 1, False, False, False, x, y, style=stale))
        await settle(pilot)
        assert isinstance(app.screen, GuardedPalette)


async def test_gathering_commands_for_a_palette_that_went_is_no_crash(ui_catalog: Catalog) -> None:
    """The palette's worker looked up its command list after the palette went: WorkerFailed (NoMatches)."""
    app = app_for(ui_catalog)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        palette = app.screen
        assert isinstance(palette, GuardedPalette)
        await palette.query_one(CommandList).remove()  # as when the palette is being removed
        palette._gather_commands("star")
        await settle(pilot)
        assert app.is_running


async def test_a_mouse_event_on_a_widget_just_removed_is_dropped(
    ui_catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Textual routes by the last compositor map: a press on a widget removed meanwhile raised AttributeError."""
    app = app_for(ui_catalog)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        removed = Static("gone")  # never mounted: no parent, as a widget just removed
        monkeypatch.setattr(Screen, "get_widget_and_offset_at", lambda self, x, y: (removed, Offset(0, 0)))
        app.post_message(events.MouseDown(None, 5, 5, 0, 0, 1, False, False, False, 5, 5))
        await settle(pilot)
        assert app.is_running


# -- text no file can hold -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected", "replaced"),
    [
        ("plain note", "plain note", 0),
        ("a\ud800b", "a\ufffdb", 1),
        ("\udfff\ud800", "\ufffd\ufffd", 2),
        ("pair \ud83d\ude00 joined", "pair \U0001f600 joined", 0),
        ("pair then lone \ud83d\ude00\ud83d", "pair then lone \U0001f600\ufffd", 1),
        ("tab\tand\nline \x1b kept", "tab\tand\nline \x1b kept", 0),
    ],
)
def test_storable(text: str, expected: str, replaced: int) -> None:
    assert storable(text) == (expected, replaced)
    expected.encode("utf-8")  # what the marks file is written in


async def test_a_pasted_lone_surrogate_is_saved_as_a_replacement_and_said(ui_catalog: Catalog) -> None:
    app = app_for(ui_catalog)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(*TO_A_WORK)
        work, _ = app.main.current()
        assert work is not None
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, NoteEditor)
        app.post_message(events.Paste("broken \ud800 paste"))  # as the driver does: the App gives it to the focus
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is app.main
        assert MarkStore.for_catalog(ui_catalog.path).get(work.id).note == "broken \ufffd paste"
        assert marks_path(ui_catalog.path).is_file()  # read back from the file written, not from memory
        assert any("surrogate" in n.message for n in app._notifications)


@pytest.mark.parametrize("junk", ["\ud800", "\x00", "\x1b[2J", "\u202e"])
async def test_the_bib_dialog_refuses_a_name_no_file_can_have(ui_catalog: Catalog, junk: str) -> None:
    app = app_for(ui_catalog)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.action_choose_bib()
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, BibPathInput)
        field = dialog.query_one(Input)
        field.value = ""
        app.post_message(events.Paste(f"refs{junk}.bib"))
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is dialog and not dialog.closed  # refused: the dialog stays, with a message
        assert any("cannot hold" in n.message for n in app._notifications)
        assert app.files.bib_path is None


# -- found by the fuzzer ---------------------------------------------------------------------------------------------


async def test_every_theme_can_show_a_work(ui_catalog: Catalog) -> None:
    """The ANSI themes name their accent "ansi_green", which Rich cannot parse: the detail pane crashed (Ctrl+P, theme)."""
    app = app_for(ui_catalog)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(*TO_A_WORK)
        for theme in sorted(app.available_themes):
            app.theme = theme
            await pilot.press("j", "k")
            await settle(pilot)
        assert app.main.detail.is_mounted


# -- a failing background task is a message (WorkerFailed crashed the app) ------------------------------------------


@pytest.mark.parametrize(
    ("raised", "told"),
    [
        ("index broke", "search index failed (RuntimeError: index broke)"),
        # an error may quote the catalog: its markup and control characters are shown literally (AlignApp.notify)
        (
            "title [bold]x[/bold] [@click=app.quit]q[/] \x1b[31mred",
            "title [bold]x[/bold] [@click=app.quit]q[/] \\x1b[31mred",
        ),
    ],
)
async def test_a_failing_index_worker_is_told_not_a_crash(
    ui_catalog: Catalog, monkeypatch: pytest.MonkeyPatch, raised: str, told: str
) -> None:
    def broken(self: Browser) -> None:
        raise RuntimeError(raised)

    monkeypatch.setattr(Browser, "prepare", broken)
    app = app_for(ui_catalog)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert any(told in n.message and not n.markup for n in app._notifications)
        await pilot.press("j")
        assert app.is_running


async def test_a_failing_open_worker_is_told_not_a_crash(ui_catalog: Catalog, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(url: str) -> None:
        raise ValueError("embedded null byte")

    monkeypatch.setattr(browser, "open_url", broken)
    app = app_for(ui_catalog)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(*TO_A_WORK, "o")
        await settle(pilot)
        assert any("Opening the link failed (ValueError" in n.message for n in app._notifications)
        assert app.is_running
