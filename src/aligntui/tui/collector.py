"""When Python's cyclic garbage collector may run: not between a key and the frame that answers it (issue 23).

Textual allocates many small containers to paint a frame (a ``Strip`` holds
seven caches), so the collector's automatic passes ran 15-20 times a key;
measured over the 74 keys of ``benchmarks/bench_tui.py`` at 10,000 works they
took 580 ms (7.8 ms a key), with full passes of 29-56 ms landing on single keys.
``Collector`` pauses it from the moment a key arrives until the key's frame is
painted, and from the App's start until its first frame; the passes it skipped
then run in the idle time after the frame. Objects that live as long as the App
(the first screen, the search index once built) are moved out of its reach with
``gc.freeze`` (Python's documentation of ``gc.freeze``: "for a program that
allocates its long-lived objects first"), so a full pass no longer walks them.

Only the pauses this class makes are lifted by it: a collector someone else
disabled stays disabled.
"""

from __future__ import annotations

import gc
from collections.abc import Callable

__all__ = ["Collector"]


class Collector:
    """Pauses and resumes the automatic collector around the App's frames; one per App.

    The App calls ``pause`` when it starts and ``resume`` after its first
    frame, ``pause_for_key`` when a key arrives and ``resume`` once the frame
    that answers it is painted (``Screen.screen_layout_refresh_signal``: a
    filter key always lays the screen out).
    """

    LONGEST_PAUSE = 0.25
    """Seconds a key keeps the collector paused at most: a key that lays nothing out (a move in the tree, a key in
    a dialog) resumes it then."""

    def __init__(self) -> None:
        self._paused = False

    @property
    def paused(self) -> bool:
        """Whether this object has the collector paused now."""
        return self._paused

    def pause(self) -> None:
        """Pause the automatic collector (if it runs) until ``resume``."""
        if not self._paused and gc.isenabled():
            gc.disable()
            self._paused = True

    def pause_for_key(self, later: Callable[[float, Callable[[], None]], object]) -> None:
        """Pause the collector for a key: until ``resume``, or ``LONGEST_PAUSE`` seconds at most.

        ``later(seconds, callback)`` calls ``callback`` after ``seconds`` (the App's ``set_timer``).
        """
        if self._paused or not gc.isenabled():
            return
        self.pause()
        later(self.LONGEST_PAUSE, self.resume)

    def resume(self) -> None:
        """Let the collector run again, if this object paused it."""
        if self._paused:
            self._paused = False
            gc.enable()

    @staticmethod
    def keep_for_good() -> None:
        """Move every object alive now out of the collector's reach (``gc.freeze``): the App's long-lived state."""
        gc.freeze()
