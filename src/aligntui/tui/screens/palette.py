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

``GuardedPalette`` keeps Textual's palette and its behaviour, with the
dismiss-once and input guard of ``aligntui.tui.screens.modal.InputGuard``, and
a page move that finds no laid-out list does nothing (a page has no size then).
"""

from __future__ import annotations

from contextlib import suppress

from textual.command import CommandPalette

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
