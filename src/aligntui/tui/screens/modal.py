"""The base of every dialog: safe against keys that arrive before it is mounted or after it is dismissed.

Why it is needed (Textual 8.2.8): the App runs a key's binding against the
screen on top *when the App handles the key*, not when the dialog does. A
burst of keys written at once (fast typing, a paste, a script) therefore
reaches a dialog whose widgets do not exist yet (pushed, not yet mounted) or
are being removed (dismissed, not yet gone): ``query_one`` raised
``NoMatches``. And ``Screen.dismiss`` pops whatever screen is on top, so a
second Enter or Escape closed the screen under the dialog, or raised
``ScreenStackError`` when only the main screen was left.

The contract, for every dialog built on ``GuardedModal`` (or on ``InputGuard``
after another Textual screen class, as the command palette does):

- ``dismiss(result)`` closes the dialog once: the first call runs the
  ``push_screen`` callback with ``result`` and pops the dialog; every later
  call does nothing, so the callback runs at most once. A dismiss before the
  dialog is mounted, or while another screen covers it (the too-small
  notice), does nothing either: the dialog stays open (Textual would pop the
  screen on top instead).
- ``closed`` is True from the dismiss that closed it on.
- Bindings act only while the dialog is mounted, open and not being removed
  (``check_action`` says no otherwise): an early or late key is dropped, never passed to the
  screen below.
- Once closed, the dialog drops input (keys, mouse, paste) and the messages
  of its own widgets, so no handler runs against widgets being removed. A
  dialog removed some other way (a pop_screen, the app quitting) before it
  was mounted skips its ``on_mount``, and its bindings no longer act.
- Subclasses write ``compose``, ``on_mount``, actions and handlers as usual
  and may query their own widgets in them; they close with ``self.dismiss``.
  An override of ``dismiss``, ``check_action`` or ``_on_message`` must call
  ``super()``.

A new dialog needs nothing more than its base::

    class Confirm(GuardedModal[bool]):
        BINDINGS = [Binding("escape", "answer(False)", "No", id="confirm.no")]

        def action_answer(self, yes: bool) -> None:
            self.dismiss(yes)  # a second Escape, queued behind the first, does nothing
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.await_complete import AwaitComplete
from textual.message import Message
from textual.screen import ModalScreen, Screen, ScreenResultType

__all__ = ["GuardedModal", "InputGuard"]


async def _nothing() -> None:
    """What a dismiss that does nothing awaits."""


def _is_input(message: Message) -> bool:
    """A key, mouse or paste event, or a message from a widget (``control`` set), unlike Textual's own lifecycle."""
    if isinstance(message, events.Event):
        return isinstance(message, (events.InputEvent, events.Paste))
    return message.control is not None


class InputGuard(Screen[ScreenResultType]):
    """A screen that dismisses once and ignores input before it is mounted and after it is dismissed.

    Listed after a Textual screen class (``class P(CommandPalette, InputGuard[None])``): Textual
    inherits CSS and component classes from the first base only. The module docstring states the contract.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.closed = False
        """True once ``dismiss`` has closed the dialog: it no longer takes input."""

    def dismiss(self, result: ScreenResultType | None = None) -> AwaitComplete:
        """Close with ``result`` the first time; later calls, and calls before mount or while covered, do nothing."""
        if self.closed or not self.is_mounted or self.app.screen is not self:
            return AwaitComplete(_nothing())
        self.closed = True
        return super().dismiss(result)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Bindings act only while the dialog is mounted, not closed and not being removed."""
        if self.closed or not self.is_mounted or self._leaving:
            return False
        return super().check_action(action, parameters)

    async def _on_message(self, message: Message) -> None:
        if self.closed and _is_input(message):
            return  # a dismissed dialog ignores input and what its widgets say
        if self._leaving and (isinstance(message, events.Mount) or _is_input(message)):
            return  # removed, or the app quits, before it was mounted: its widgets never came, nothing to set up
        await super()._on_message(message)

    @property
    def _leaving(self) -> bool:
        """Being removed without a dismiss (a pop_screen), or the app quitting.

        Textual 8.2.8 marks every node ``App._prune`` removes with ``_pruning`` and a closing message pump with
        ``_closing``; once ``App.exit`` is called no node ``is_attached`` and ``mount_all`` mounts nothing, so a
        dialog's widgets may never come.
        """
        return self._pruning or self._closing or not self.is_attached


class GuardedModal(ModalScreen[ScreenResultType], InputGuard[ScreenResultType]):
    """A modal dialog under the contract above: the base of every dialog in ``aligntui.tui.screens``."""
