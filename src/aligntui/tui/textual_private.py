"""Every use of Textual's private API in aligntui, named and explained in one place (checked against 8.2.8).

Textual may change anything whose name starts with ``_`` in any release.
aligntui touches seven such things, each for a reason Textual's public API does
not cover; the rest of ``aligntui.tui`` calls the functions here instead, and
``tests/tui/test_textual_private.py`` fails with the name of the one that moved
when a Textual release changes it.

=========================  ==========================================================
private name               why
=========================  ==========================================================
``widgets._footer``        ``FooterKey``: the key widget ``Footer`` composes; the
``.FooterKey``             footer that fits keys to the width composes the same one.
``Footer._bindings_ready`` The footer composes nothing until Textual has the
                           screen's bindings; the footer that fits keys asks the same.
``App._clipboard``         What ``App.clipboard`` reports; set when the copy went to
                           the system clipboard instead of through the terminal.
``App._handle_exception``  The one place an unhandled error passes; the crash report
``App._exit_renderables``  is written there, and Textual's own traceback (printed at
                           exit) is dropped: the command line prints one line instead.
``App._notifications``     The notifications on show: the tests check what was said.
``ScrollView``             Called at every layout of the screen; a ``ScrollView``
``._size_updated``         compares its own container size with the compositor's,
                           which always differ, so it repaints its scroll bars (and
                           Textual's ``Tree``, itself) at every layout: three times
                           a keystroke. ``QuietScrollView`` passes it only changes.
=========================  ==========================================================
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.app import App
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.widgets import Footer
from textual.widgets._footer import FooterKey  # not exported; the widget Footer itself composes

__all__ = [
    "TEXTUAL_CHECKED",
    "FooterKey",
    "QuietScrollView",
    "footer_bindings_ready",
    "notification_texts",
    "on_unhandled_exception",
    "record_clipboard",
]

TEXTUAL_CHECKED = "8.2.8"
"""The Textual release these uses were last checked against."""


def footer_bindings_ready(footer: Footer) -> bool:
    """Whether Textual has told ``footer`` the screen's bindings (``Footer._bindings_ready``)."""
    ready: bool = footer._bindings_ready
    return ready


def record_clipboard(app: App[Any], text: str) -> None:
    """Make ``App.clipboard`` report ``text`` (``App._clipboard``), as ``App.copy_to_clipboard`` does."""
    app._clipboard = text


def on_unhandled_exception(app: App[Any], keep: Callable[[BaseException], None]) -> None:
    """Call ``keep(error)`` for every unhandled error, before Textual exits; drop Textual's printed traceback.

    Wraps the instance's ``App._handle_exception``; ``App._exit_renderables``
    is what Textual prints at exit (the traceback), cleared after each error.
    """
    handle: Callable[[Exception], None] = app._handle_exception

    def keep_then_handle(error: Exception) -> None:
        keep(error)
        handle(error)
        app._exit_renderables.clear()

    setattr(app, "_handle_exception", keep_then_handle)  # noqa: B010 - assigning to a method on purpose


def notification_texts(app: App[Any]) -> list[str]:
    """The messages of the notifications on show (``App._notifications``); the tests read what was said."""
    return [notification.message for notification in app._notifications]


class QuietScrollView(ScrollView):
    """A ``ScrollView`` that updates its size and scroll bars at a layout only when one of them changed.

    ``ScrollView._size_updated`` runs at every layout of the screen and
    repaints the scroll bars whenever ``container_size`` differs from its own
    (it keeps the size less the gutter, the compositor passes another, so always).
    Here the size, the compositor's container size and the virtual size last
    passed on are remembered, and an unchanged call does nothing. A subclass that
    changes its virtual size without a layout (``set_reactive``) updates its
    scroll bar itself and calls ``sizes_seen`` (``set_virtual_height`` does both).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._sizes_seen: tuple[Size, Size, Size] | None = None

    def sizes_seen(self) -> None:
        """Remember the current size, container size and virtual size as passed on (the bars are current)."""
        if self._sizes_seen is not None:
            size, container, _ = self._sizes_seen
            self._sizes_seen = (size, container, self.virtual_size)

    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True) -> bool:
        seen = (size, container_size, self.virtual_size)
        if seen == self._sizes_seen:
            return False
        self._sizes_seen = seen
        changed: bool = super()._size_updated(size, virtual_size, container_size, layout)
        return changed

    def set_virtual_height(self, rows: int) -> None:
        """Make the content ``rows`` lines tall; without a layout of the screen while the scroll bar stays.

        Setting ``virtual_size`` lays out the whole screen (Textual's reactive has
        ``layout=True``): most of a keystroke's frame at 10,000 works for the
        taxonomy tree. A line-API pane's own size never depends on its lines, so
        only the scroll bar must follow: while it neither appears nor goes, the
        virtual size is set without a layout and the bar is told the new height.
        """
        size = Size(0, rows)
        if size == self.virtual_size:
            return
        height = self.scrollable_content_region.height
        bar_wanted = rows > height
        if not self.is_mounted or not height or bar_wanted != self.show_vertical_scrollbar:
            self.virtual_size = size
            return
        self.set_reactive(ScrollView.virtual_size, size)
        if bar_wanted:
            self.vertical_scrollbar.window_virtual_size = rows
        self.sizes_seen()
        self.scroll_y = self.validate_scroll_y(self.scroll_y)
