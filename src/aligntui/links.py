"""Opening links in a web browser, safely (pure, no Textual)."""

from __future__ import annotations

import os
import sys
import webbrowser
from dataclasses import dataclass
from urllib.parse import urlsplit

__all__ = ["OpenOutcome", "is_safe_url", "open_url"]

# Browsers that take over the terminal: never start them under the TUI.
_CONSOLE_BROWSERS = {"lynx", "links", "elinks", "w3m", "www-browser", "browsh"}


@dataclass(frozen=True, slots=True)
class OpenOutcome:
    """Whether a link was handed to a browser, and what to tell the person."""

    opened: bool
    message: str


def is_safe_url(url: str) -> bool:
    """True for http and https URLs with a host: the only ones aligntui opens."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


def _has_graphical_browser() -> bool:
    if os.environ.get("BROWSER"):
        return os.environ["BROWSER"].split(":")[0].split()[0] not in _CONSOLE_BROWSERS
    if sys.platform in ("darwin", "win32"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def open_url(url: str) -> OpenOutcome:
    """Open ``url`` in a graphical web browser if there is one; never raises."""
    if not is_safe_url(url):
        return OpenOutcome(False, f"not opening {url!r}: only http and https links are opened")
    if not _has_graphical_browser():
        return OpenOutcome(False, "no web browser can be started here (no display)")
    try:
        browser = webbrowser.get()
        if getattr(browser, "name", "") in _CONSOLE_BROWSERS:
            return OpenOutcome(False, "only a console browser is available here")
        if browser.open(url, new=2):
            return OpenOutcome(True, f"opened {url}")
    except (webbrowser.Error, OSError) as error:
        return OpenOutcome(False, f"the web browser could not be started ({error})")
    return OpenOutcome(False, "the web browser could not be started")
