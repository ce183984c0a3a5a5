"""Opening links in a web browser, safely (pure, no Textual)."""

from __future__ import annotations

import os
import sys
import webbrowser
from dataclasses import dataclass

from aligntui.text.safe import clipped
from aligntui.text.weburl import is_web_url, url_problem

__all__ = ["CONSOLE_BROWSERS", "OpenOutcome", "is_console_browser", "is_safe_url", "open_url"]

CONSOLE_BROWSERS = frozenset({"lynx", "links", "links2", "elinks", "w3m", "www-browser", "browsh", "carbonyl"})
"""Browsers that take over the terminal they start on: never started from aligntui."""


@dataclass(frozen=True, slots=True)
class OpenOutcome:
    """Whether a link was handed to a browser, and what to tell the person."""

    opened: bool
    message: str


def is_safe_url(url: str) -> bool:
    """True for http and https URLs with a valid host: the only ones aligntui opens (``weburl.url_problem``)."""
    return is_web_url(url)


def is_console_browser(command: str) -> bool:
    """True when a browser command (``lynx``, ``/usr/bin/lynx``, ``w3m %s``) starts a console browser."""
    words = command.split()
    if not words:
        return False
    program = os.path.basename(words[0]).lower()
    return program.removesuffix(".exe") in CONSOLE_BROWSERS


def _browser_entries() -> list[str]:
    """The commands named by ``BROWSER``: a list separated by ``os.pathsep``, as ``webbrowser`` reads it."""
    return [entry for entry in os.environ.get("BROWSER", "").split(os.pathsep) if entry.strip()]


def _has_graphical_browser() -> bool:
    entries = _browser_entries()
    if entries:
        return not all(is_console_browser(entry) for entry in entries)
    if sys.platform in ("darwin", "win32"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def open_url(url: str) -> OpenOutcome:
    """Open ``url`` in a graphical web browser if there is one; never raises."""
    problem = url_problem(url)
    if problem is not None:
        shown = clipped(repr(url), 120)
        return OpenOutcome(False, f"not opening {shown}: the link {problem} (only http and https links are opened)")
    if not _has_graphical_browser():
        return OpenOutcome(False, "no web browser can be started here (no display)")
    try:
        browser = webbrowser.get()
        if is_console_browser(str(getattr(browser, "name", ""))):
            return OpenOutcome(False, "only a console browser is available here")
        if browser.open(url, new=2):
            return OpenOutcome(True, f"opened {url}")
    except (webbrowser.Error, OSError) as error:
        return OpenOutcome(False, f"the web browser could not be started ({error})")
    return OpenOutcome(False, "the web browser could not be started")
