"""Keys typed faster than the explorer handles them go where the person meant them (issue 19).

Textual dispatches a key to the widget focused when the App takes it from
its queue, but a key that moves the focus (``/``, or Enter in the filter)
only does so when its binding runs, a few messages later; the keys typed
behind it would reach the pane it leaves, as commands. ``Typeahead`` holds
them until the focus has moved to the pane the key moves it to, then
dispatches them in the order they were typed. Before the first paint the
person cannot see where a key would go: printable keys become filter text,
the others are dropped. The App decides which pane a key moves the focus to
(``MainScreen.focus_target``); this class only holds and lets go.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from textual.app import App
from textual.events import Key
from textual.widget import Widget

__all__ = ["Typeahead"]


class Typeahead:
    """The keys of one App that wait: for its first paint (as text) or for a focus move (as keys).

    ``dispatch`` sends a key on as Textual would; ``focus_target(key)`` is the
    widget the key, dispatched now, moves the focus to, or None.
    """

    def __init__(
        self,
        app: App[Any],
        dispatch: Callable[[Key], Awaitable[None]],
        focus_target: Callable[[str], Widget | None],
    ) -> None:
        self._app = app
        self._dispatch = dispatch
        self._focus_target = focus_target
        self.painted = False
        """Whether the first screen has been drawn; until then keys can only be filter text."""
        self._early: list[str] = []
        self._held: list[Key] = []
        self._waiting_for: Widget | None = None

    async def key(self, event: Key) -> None:
        """Dispatch ``event`` (a key from the terminal), or hold it until the first paint or a focus move."""
        if not self.painted:
            if event.is_printable and event.character is not None:
                self._early.append(event.character)
            return  # Enter, Escape, arrows... typed blind are dropped
        if self._waiting_for is not None:
            if not self._focus_arrived():
                self._held.append(event)
                return
            await self._release()
        target = self._focus_target(event.key)
        await self._dispatch(event)
        self._waiting_for = target

    def first_paint(self) -> str:
        """Note the first paint; the text typed before it (a leading ``/`` left out) for the filter."""
        self.painted = True
        text = "".join(self._early)
        self._early.clear()
        return text[1:] if text.startswith("/") else text

    async def focus_moved(self) -> None:
        """The focus moved: dispatch the keys that waited for it, in the order they were typed."""
        if self._waiting_for is not None and self._focus_arrived():
            await self._release()

    def _focus_arrived(self) -> bool:
        """Whether the awaited focus move happened (or cannot any more: another screen came up)."""
        stack = self._app.screen_stack
        waiting = self._waiting_for
        return waiting is None or not stack or stack[-1] is not waiting.screen or stack[-1].focused is waiting

    async def _release(self) -> None:
        held, self._held = self._held, []
        self._waiting_for = None
        for key in held:
            await self.key(key)  # a held key may move the focus again: the rest then wait anew
