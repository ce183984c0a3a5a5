"""The command palette (Ctrl+P): Textual's, made safe against any key in any order (checked with textual 8.2.8).

Two faults of Textual 8.2.8's ``CommandPalette`` crashed the explorer under
fast typing and fuzzing:

- PageUp/PageDown: ``OptionList._move_page`` reads the line of the
  highlighted command from a cache that ``OptionList._update_lines`` fills only
  while the list has a size (it returns at once when
  ``scrollable_content_region`` is empty). The palette's list has no size while
  it is hidden or not yet laid out, for instance just after a keystroke changed
  the commands, so the highlighted index is missing and ``_move_page`` raised
  ``KeyError`` (or ``IndexError`` on an empty cache). The same crash in another
  app: kagan-sh/kagan-legacy issue #31 ("KeyError crash in action_page
  OptionsList"); no Textual report of it was found.
- A second Enter or Escape (or a click on the background) dismissed the palette
  again after it had gone, and ``App.pop_screen`` raised ``ScreenStackError``.
- A click on the background asks the compositor which widget is under it; a
  click that arrives just after the window shrank names a cell the compositor
  no longer has, and ``Screen.get_widget_at`` raised ``NoWidget``.
- Its worker that gathers the commands for what was typed looks up the
  command list; when the palette went meanwhile (closed, the app quitting),
  ``query_one`` raised ``NoMatches`` in the worker: ``WorkerFailed``.
- A click on a command names the option by its index when it was drawn;
  after a keystroke changed the list, ``OptionList._on_click`` looked up an
  index the list no longer has and raised ``IndexError``.

``GuardedPalette`` keeps Textual's palette and its behaviour, with the
dismiss-once and input guard of ``aligntui.tui.screens.modal.InputGuard``; a
click on no cell does nothing; a gathering whose widgets have gone stops; its ``GuardedCommandList`` does nothing for a
page move on a list not laid out (a page has no size then) or a click on an
option it no longer has. The App opens it for Ctrl+P and for the
theme search (``App.search_themes``, which Textual opens in its own palette).
"""

from __future__ import annotations

from contextlib import suppress

from textual import events, work
from textual._widget_navigation import Direction
from textual.app import ComposeResult
from textual.command import CommandInput, CommandList, CommandPalette, SearchIcon
from textual.containers import Horizontal, Vertical
from textual.css.query import NoMatches
from textual.errors import NoWidget
from textual.widgets import Button, LoadingIndicator

from aligntui.tui.screens.modal import InputGuard

__all__ = ["GuardedCommandList", "GuardedPalette"]


class GuardedCommandList(CommandList):
    """Textual's command list: a page move or a click that finds no current line or option does nothing."""

    def _move_page(self, direction: Direction) -> None:
        with suppress(KeyError, IndexError):  # the list has no size, so no lines yet: see the module docstring
            super()._move_page(direction)

    async def _on_click(self, event: events.Click) -> None:
        event.prevent_default()  # instead of OptionList._on_click, which trusts the index drawn
        clicked = event.style.meta.get("option")
        if not isinstance(clicked, int) or not 0 <= clicked < self.option_count:
            return
        if not self.get_option_at_index(clicked).disabled:
            self.highlighted = clicked
            self.action_select()


class GuardedPalette(CommandPalette, InputGuard[None]):
    """Textual's command palette that no key or click, in any order, can crash."""

    def compose(self) -> ComposeResult:
        """Textual 8.2.8's layout of the palette, with ``GuardedCommandList``."""
        with Vertical(id="--container"):
            with Horizontal(id="--input"):
                yield SearchIcon()
                yield CommandInput(placeholder=self._placeholder, select_on_focus=False)
                if not self.run_on_select:
                    yield Button("\u25b6")
            with Vertical(id="--results"):
                yield GuardedCommandList()
                yield LoadingIndicator()

    @work(exclusive=True, group=CommandPalette._GATHER_COMMANDS_GROUP)
    async def _gather_commands(self, search_value: str) -> None:
        """Textual's gathering of the commands that match ``search_value``; it stops if the palette's widgets went."""
        with suppress(NoMatches):
            await CommandPalette._gather_commands.__wrapped__(self, search_value)  # type: ignore[attr-defined]

    def _on_click(self, event: events.Click) -> None:  # type: ignore[override]
        """A click on the background closes the palette, as in Textual; a click on no cell does nothing."""
        event.prevent_default()  # CommandPalette._on_click would ask the compositor about the cell unguarded
        try:
            widget, _ = self.get_widget_at(event.screen_x, event.screen_y)
        except NoWidget:
            return
        if widget is self:
            self._cancel_gather_commands()
            self.app.post_message(CommandPalette.Closed(option_selected=False))
            self.dismiss()
