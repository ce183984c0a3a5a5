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

``GuardedPalette`` keeps Textual's palette and its behaviour, with the
dismiss-once and input guard of ``aligntui.tui.screens.modal.InputGuard``; a
page move that finds no laid-out list does nothing (a page has no size then),
and a click on no cell does nothing. The App opens it for Ctrl+P and for the
theme search (``App.search_themes``, which Textual opens in its own palette).
"""

from __future__ import annotations

from contextlib import suppress

from textual import events
from textual.command import CommandPalette
from textual.errors import NoWidget

from aligntui.tui.screens.modal import InputGuard

__all__ = ["PAGE_ACTIONS", "GuardedPalette"]

PAGE_ACTIONS = frozenset({"page_up", "page_down"})
"""The command list's actions that read its line cache (``OptionList._move_page``)."""


class GuardedPalette(CommandPalette, InputGuard[None]):
    """Textual's command palette that no key, in any order, can crash."""

    def _action_command_list(self, action: str) -> None:
        """Pass ``action`` to the command list; a page move on a list not laid out yet does nothing."""
        if action not in PAGE_ACTIONS:
            super()._action_command_list(action)
            return
        with suppress(KeyError, IndexError):  # the list has no size, so no lines yet: see the module docstring
            super()._action_command_list(action)

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
