"""Opening links in a web browser, and saying only what happened (core: no Textual).

Only http and https links are opened (``aligntui.text.weburl``), and a
console browser (``lynx``, ``w3m``...) is never started: it would take over
the terminal the explorer draws on.

The opener is chosen by ``choose_opener`` (pure, given a ``which``): a
graphical command named by ``$BROWSER``; under WSL ``wslview`` (wslu), when
``/proc/version`` names Microsoft or WSL or ``$WSL_DISTRO_NAME`` is set
(https://learn.microsoft.com/en-us/windows/wsl/faq; https://wslutiliti.es/wslu/man/wslview.html);
``open`` on macOS; ``xdg-open`` where there is a display. ``run_opener`` starts it in a new
session with standard input and output on ``/dev/null`` and standard error in a
temporary file, so nothing it writes reaches the screen, and waits up to
``LAUNCH_WAIT`` seconds for its exit status: these launchers hand the link to
the browser and exit, so a non-zero status is a failure, told with the last
line it wrote to standard error (made visible with ``aligntui.text.safe``).
An opener still running after the wait (a browser started directly, or an
``xdg-open`` that waits for it) has not failed, and is reported as started.
Where none of these applies, Python's ``webbrowser`` is asked, and a command
it would run is run the same way.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import webbrowser
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from aligntui.text.safe import clipped, visible_line
from aligntui.text.weburl import is_web_url, url_problem

__all__ = [
    "CONSOLE_BROWSERS",
    "OpenOutcome",
    "OpenStatus",
    "Opener",
    "choose_opener",
    "graphical_possible",
    "is_console_browser",
    "is_safe_url",
    "is_wsl",
    "open_url",
    "run_opener",
]

CONSOLE_BROWSERS = frozenset({"lynx", "links", "links2", "elinks", "w3m", "www-browser", "browsh", "carbonyl"})
"""Browsers that take over the terminal they start on: never started from aligntui."""

CONSOLE_ONLY = "only a console browser is named by BROWSER, and it would take over this terminal"
"""Why no browser is started when ``BROWSER`` names console browsers only."""

LAUNCH_WAIT = 5.0
"""Seconds to wait for an opener's exit status; ``xdg-open``, ``wslview`` and ``open`` exit within about one."""

PROC_VERSION = Path("/proc/version")
"""The Linux kernel's version line: WSL kernels name Microsoft (WSL 1) or WSL (WSL 2) in it."""


class OpenStatus(Enum):
    """What became of a link."""

    OPENED = "opened"
    """The opener exited with status 0."""
    STARTED = "started"
    """The opener is still running after ``LAUNCH_WAIT``: it has not failed."""
    FAILED = "failed"
    """The opener could not start or exited with a non-zero status."""
    REFUSED = "refused"
    """Not opened: the link is not http or https, or no graphical browser can be started here."""


@dataclass(frozen=True, slots=True)
class OpenOutcome:
    """Whether a link was handed to a browser, and what to tell the person."""

    status: OpenStatus
    message: str
    """What happened, one line (the opener's own words made visible)."""

    @property
    def opened(self) -> bool:
        """True when the link was handed over and nothing reported a failure."""
        return self.status in (OpenStatus.OPENED, OpenStatus.STARTED)


@dataclass(frozen=True, slots=True)
class Opener:
    """A command that opens a link: ``argv`` with ``%s`` where the link goes (appended when absent)."""

    argv: tuple[str, ...]

    @property
    def name(self) -> str:
        """The program's file name, for messages."""
        return os.path.basename(self.argv[0])

    def command(self, url: str) -> list[str]:
        """The argument list that opens ``url``."""
        if any("%s" in word for word in self.argv):
            return [word.replace("%s", url) for word in self.argv]
        return [*self.argv, url]


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


def is_wsl(env: Mapping[str, str], proc_version: str) -> bool:
    """True under Windows Subsystem for Linux: ``$WSL_DISTRO_NAME`` set, or the kernel names Microsoft or WSL."""
    text = proc_version.lower()
    return bool(env.get("WSL_DISTRO_NAME")) or "microsoft" in text or "wsl" in text


def _browser_entries(env: Mapping[str, str]) -> list[str]:
    """The commands named by ``BROWSER``: a list separated by ``os.pathsep``, as ``webbrowser`` reads it."""
    return [entry for entry in env.get("BROWSER", "").split(os.pathsep) if entry.strip()]


def choose_opener(
    env: Mapping[str, str], platform: str, wsl: bool, which: Callable[[str], str | None]
) -> Opener | str | None:
    """The opener for this system, a reason why there is none (str), or None to ask ``webbrowser``."""
    entries = _browser_entries(env)
    graphical = [entry for entry in entries if not is_console_browser(entry)]
    for entry in graphical:
        words = entry.split()
        found = which(words[0])
        if found is not None:
            return Opener((found, *words[1:]))
    if entries and not graphical:
        return CONSOLE_ONLY
    if wsl:
        found = which("wslview")
        return Opener((found,)) if found else "no wslview here to open links in Windows (install wslu)"
    if platform == "darwin":
        found = which("open")
        return Opener((found,)) if found else None
    if platform in ("win32", "cygwin") or not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY")):
        return None  # xdg-open needs a display; without one only webbrowser may still know a way
    found = which("xdg-open")
    return Opener((found,)) if found else None


def graphical_possible(env: Mapping[str, str], platform: str, wsl: bool) -> bool:
    """True when a graphical browser may be started here: a graphical ``BROWSER``, macOS, Windows, WSL or a display."""
    entries = _browser_entries(env)
    if entries:
        return not all(is_console_browser(entry) for entry in entries)
    if platform in ("darwin", "win32", "cygwin") or wsl:
        return True
    return bool(env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"))


def _has_graphical_browser() -> bool:
    """``graphical_possible`` for this process (the test suite replaces it, so that no test starts a browser)."""
    return graphical_possible(os.environ, sys.platform, is_wsl(os.environ, _proc_version()))


def _proc_version() -> str:
    try:
        return PROC_VERSION.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def _last_line(data: bytes) -> str:
    lines = [line for line in data.decode("utf-8", "replace").splitlines() if line.strip()]
    return visible_line(lines[-1].strip())[:200] if lines else ""


def run_opener(
    opener: Opener, url: str, wait: float = LAUNCH_WAIT, env: Mapping[str, str] | None = None
) -> OpenOutcome:
    """Start ``opener`` on ``url`` with its output kept off the screen; wait up to ``wait`` seconds for its status."""
    with tempfile.TemporaryFile() as errors:
        try:
            process = subprocess.Popen(
                opener.command(url),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=errors,
                env=None if env is None else dict(env),
                start_new_session=True,
                close_fds=True,
            )
        except OSError as error:
            return OpenOutcome(OpenStatus.FAILED, f"{opener.name} could not be started ({visible_line(str(error))})")
        try:
            status = process.wait(wait)
        except subprocess.TimeoutExpired:
            return OpenOutcome(OpenStatus.STARTED, f"{opener.name} is still running after {wait:g} s, with no error")
        errors.seek(0)
        said = _last_line(errors.read(64 * 1024))
    if status == 0:
        return OpenOutcome(OpenStatus.OPENED, f"through {opener.name}")
    because = f": {said}" if said else ""
    return OpenOutcome(OpenStatus.FAILED, f"{opener.name} failed (exit status {status}){because}")


def _through_webbrowser(url: str, wait: float, env: Mapping[str, str]) -> OpenOutcome:
    try:
        browser = webbrowser.get()
    except webbrowser.Error as error:
        return OpenOutcome(OpenStatus.FAILED, f"no web browser found ({visible_line(str(error))})")
    name = str(getattr(browser, "name", ""))
    if is_console_browser(name):
        return OpenOutcome(OpenStatus.REFUSED, "only a console browser is available here")
    args = getattr(browser, "args", None)
    if isinstance(browser, webbrowser.GenericBrowser) and isinstance(args, Sequence):
        # webbrowser would start it with the terminal as its output: run it here instead.
        return run_opener(Opener((name, *map(str, args))), url, wait, env)
    try:
        if browser.open(url, new=2):
            return OpenOutcome(OpenStatus.OPENED, f"through {name or 'the system'}")
    except OSError as error:
        return OpenOutcome(OpenStatus.FAILED, f"the web browser could not be started ({visible_line(str(error))})")
    return OpenOutcome(OpenStatus.FAILED, "the web browser could not be started")


def open_url(
    url: str, *, env: Mapping[str, str] | None = None, wait: float = LAUNCH_WAIT, proc_version: str | None = None
) -> OpenOutcome:
    """Open ``url`` in a graphical web browser if there is one; never raises.

    ``env`` is the environment to find the opener in (``PATH``, ``BROWSER``, ``DISPLAY``...;
    ``os.environ`` when None); ``wait`` bounds the wait for the opener's exit status;
    ``proc_version`` stands for ``/proc/version`` (read when None).
    """
    problem = url_problem(url)
    if problem is not None:
        shown = clipped(repr(url), 120)
        return OpenOutcome(
            OpenStatus.REFUSED, f"not opening {shown}: the link {problem} (only http and https links are opened)"
        )
    wsl = is_wsl(os.environ if env is None else env, _proc_version() if proc_version is None else proc_version)
    possible = _has_graphical_browser() if env is None else graphical_possible(env, sys.platform, wsl)
    env = os.environ if env is None else env
    if not possible:
        entries = _browser_entries(env)
        if entries and all(is_console_browser(entry) for entry in entries):
            return OpenOutcome(OpenStatus.REFUSED, CONSOLE_ONLY)
        return OpenOutcome(OpenStatus.REFUSED, "no web browser can be started here (no display)")
    path = env.get("PATH", os.defpath)
    opener = choose_opener(env, sys.platform, wsl, lambda name: shutil.which(name, path=path))
    if isinstance(opener, str):
        return OpenOutcome(OpenStatus.REFUSED, opener)
    if opener is None:
        return _through_webbrowser(url, wait, env)
    return run_opener(opener, url, wait, env)
