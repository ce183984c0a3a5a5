"""Copying text: the system clipboard, else the terminal (OSC 52), else show it (pure).

The App passes in the OSC 52 writer (``App.copy_to_clipboard``); this module
decides which way to go and reports it, and never raises.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["CopyOutcome", "copy_text", "native_copy"]

NATIVE_TIMEOUT = 2.0
"""Seconds to wait for a clipboard program before giving up on it."""


@dataclass(frozen=True, slots=True)
class CopyOutcome:
    """How a copy went: ``how`` is native, osc52, both or show."""

    how: str
    detail: str

    @property
    def shown(self) -> bool:
        """True when the text must be shown for the person to copy by hand."""
        return self.how == "show"


def _native_possible() -> bool:
    if sys.platform in ("darwin", "win32", "cygwin"):
        return True
    # pyperclip's xclip/xsel back ends "succeed" silently without a display.
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or os.environ.get("WSL_DISTRO_NAME"))


def native_copy(text: str) -> str | None:
    """Copy with pyperclip and read it back; None on success, else the reason."""
    if not _native_possible():
        return "no display for a system clipboard"
    result: list[str | None] = []

    def attempt() -> None:
        try:
            import pyperclip

            pyperclip.copy(text)
            back = pyperclip.paste()
            result.append(None if back == text else "the system clipboard did not keep the text")
        except Exception as error:  # pyperclip raises its own and OS errors alike
            result.append(f"system clipboard failed: {error}")

    worker = threading.Thread(target=attempt, daemon=True)
    worker.start()
    worker.join(NATIVE_TIMEOUT)
    if not result:
        return "the system clipboard did not answer"
    return result[0]


def copy_text(
    text: str,
    method: str,
    osc52: Callable[[str], None],
    native: Callable[[str], str | None] | None = None,
) -> CopyOutcome:
    """Copy ``text`` the way ``method`` asks (auto, native, osc52, both, show)."""
    native = native or native_copy
    if method == "show":
        return CopyOutcome("show", "shown for copying by hand")
    if method == "osc52":
        osc52(text)
        return CopyOutcome("osc52", "sent to the terminal via OSC 52")
    failure = native(text)
    if method == "both":
        osc52(text)
        if failure is None:
            return CopyOutcome("both", "system clipboard and sent to the terminal via OSC 52")
        return CopyOutcome("osc52", f"sent to the terminal via OSC 52; {failure}")
    if failure is None:
        return CopyOutcome("native", "system clipboard")
    if method == "native":
        return CopyOutcome("show", f"{failure}; shown for copying by hand")
    osc52(text)
    return CopyOutcome("osc52", "sent to the terminal via OSC 52")
