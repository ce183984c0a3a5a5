"""Copying text, and saying truthfully where it went (core: no Textual).

A copy takes one of five paths (``CopyPath``): the system clipboard
(pyperclip, then read back), tmux's paste buffer (``tmux load-buffer -w -``),
the terminal (an OSC 52 sequence, written by the App's
``App.copy_to_clipboard``), the visitor's browser when the App is served on
the web, or a dialog that shows the text for copying by hand. Each outcome
says whether the text is known to be there, may be there, or is known not to
be (``Delivery``), so the App never says "Copied" for a copy that did not
arrive.

The decisions are pure functions of what was observed (``native_problem``,
``osc52_bytes``, ``terminal_without_osc52``, ``tmux_outcome``,
``terminal_outcome``); the process calls are kept apart (``native_copy`` here,
``tmux_state`` and ``load_tmux_buffer`` in ``aligntui.system.tmux``, which
also tells what tmux does with a copy), and ``copy_text`` joins them. Every
lookup of a program goes through the ``PATH`` of the environment mapping it
is given, so tests pass a fake ``tmux``.

How long one OSC 52 sequence may be. ``OSC52_SAFE_BYTES`` is the smallest
limit found among common terminals, leaving out the ~1 KB bugs:

================  ==============================================================  ==========
terminal          limit on one OSC 52 sequence                                    sources
================  ==============================================================  ==========
xterm             not documented; 1,000,000 bytes of text copied (XTerm 360)      [1] [2]
tmux              1 MB for any sequence tmux parses; ``input-buffer-size``        [3] [4]
                  raises it (tmux 3.6)
kitty             8,192 bytes in 2020 (6,138 bytes of text); longer copies go     [2] [5]
                  in chunks with kitty's append extension; today's limit is
                  not documented
iTerm2            not documented (several MB reported to work)                    [6]
Windows Terminal  not documented (its OSC 52 support is not in the docs)          [7] [8]
hterm (ChromeOS)  100,000 bytes (``OSC_52_MAX_SEQUENCE`` in osc52.sh)             [9] [2]
Termux            about 9 KB (6,000 bytes of text pass, 7,000 fail)               [10]
Tabby             about 1 KB (an open bug)                                        [11] [12]
Alacritty         about 1 KB until 2020 (the vte crate's buffer)                  [13]
================  ==============================================================  ==========

[1] https://invisible-island.net/xterm/ctlseqs/ctlseqs.html (names no limit)
[2] https://github.com/kovidgoyal/kitty/issues/3031 (the xterm and hterm figures are quoted there;
    the maintainer: "there is limit to escape code sizes in kitty")
[3] https://github.com/tmux/tmux/issues/4302 (nicm: sequences tmux processes are limited to 1 MB)
[4] https://github.com/wookayin/python-imgcat/pull/23 (``input-buffer-size``, tmux 3.6)
[5] https://sw.kovidgoyal.net/kitty/clipboard/ ("Pasting to clipboard": successive OSC 52 concatenate)
[6] https://github.com/skaji/remote-pbcopy-iterm2/issues/1
[7] https://github.com/microsoft/terminal/pull/5823 (OSC 52 added; no size named)
[8] https://github.com/MicrosoftDocs/terminal/issues/846 ("OSC 52 ... is not documented")
[9] https://github.com/chromium/hterm/blob/master/etc/osc52.sh
[10] https://github.com/termux/termux-app/issues/5324
[11] https://github.com/Eugeny/tabby/issues/6001
[12] https://github.com/Eugeny/tabby/issues/10925
[13] https://github.com/alacritty/alacritty/issues/1410

Terminals that ignore OSC 52 altogether (``terminal_without_osc52``): VTE
terminals (GNOME Terminal, Tilix, Terminator; ``$VTE_VERSION`` is set):
https://gitlab.gnome.org/GNOME/vte/-/issues/125; macOS Terminal
(``$TERM_PROGRAM`` is ``Apple_Terminal``): Textual's ``App.copy_to_clipboard``
docstring, "This does not work on macOS Terminal".
"""

from __future__ import annotations

import os
import shutil
import sys
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from enum import Enum
from typing import Literal

from aligntui.system.tmux import (
    SetClipboard,
    TmuxLoad,
    TmuxState,
    load_tmux_buffer,
    tmux_program,
    tmux_state,
)
from aligntui.text.safe import visible_line

__all__ = [
    "OSC52_SAFE_BYTES",
    "CopyOutcome",
    "CopyPath",
    "Delivery",
    "Notices",
    "copy_text",
    "native_copy",
    "native_problem",
    "osc52_bytes",
    "terminal_outcome",
    "terminal_without_osc52",
    "tmux_outcome",
]

NATIVE_TIMEOUT = 2.0
"""Seconds to wait for a clipboard program before giving up on it."""

OSC52_SAFE_BYTES = 8192
"""The longest OSC 52 sequence (bytes, ``ESC ] 52 ; c ;`` and BEL included) that the terminals in the
module's table accept: kitty's 2020 limit, and below Termux's. Longer copies may be dropped."""

SHOWN_SUFFIX = "; shown for copying by hand"
"""Ends the detail of a copy that is shown in a dialog instead."""

TMUX_PASTE_HINT = "paste with prefix ]"
"""How tmux pastes its buffer with the default key bindings (``paste-buffer`` on ``prefix ]``)."""


class CopyPath(Enum):
    """Where a copy went."""

    SYSTEM = "system clipboard"
    TMUX = "tmux buffer"
    TERMINAL = "terminal (OSC 52)"
    BROWSER = "browser (OSC 52 through the page)"
    SHOWN = "shown for copying by hand"


class Delivery(Enum):
    """What is known about a copy's arrival."""

    DELIVERED = "delivered"
    """Known to be there: the system clipboard read it back, or tmux took the buffer."""
    MAYBE = "maybe"
    """Sent where nothing confirms (OSC 52 is never answered)."""
    FAILED = "failed"
    """Known not to have arrived; the text is shown instead."""


@dataclass(frozen=True, slots=True)
class CopyOutcome:
    """How a copy went: the path taken, what is known of its arrival, and what to tell the person."""

    path: CopyPath
    delivery: Delivery
    detail: str
    """Where the text is, for the notification's parentheses (untrusted parts already made visible)."""
    notice: str = ""
    """A reason told once per session (a system clipboard that cannot work here), else empty."""
    oversize: bool = False
    """OSC 52 was the only way and its sequence is longer than ``OSC52_SAFE_BYTES``: offer the text another way."""
    caveat: bool = False
    """The way taken may well have lost the copy (tmux in between, a long sequence): say it as a warning."""

    @property
    def shown(self) -> bool:
        """True when the text must be shown for the person to copy by hand."""
        return self.path is CopyPath.SHOWN

    @property
    def severity(self) -> Literal["information", "warning"]:
        """A warning when the copy may well not have arrived or something failed on the way."""
        return "warning" if self.caveat or self.oversize or self.notice else "information"

    def message(self, what: str) -> str:
        """The notification for a copy of ``what`` (e.g. "BibTeX for sanh2021multitask")."""
        if self.shown:
            text = f"{what} ({self.detail})"
        elif self.delivery is Delivery.DELIVERED:
            text = f"Copied {what} ({self.detail})"
        else:
            text = f"Sent {what} {self.detail}"
        return f"{text}. {self.notice}" if self.notice else text


class Notices:
    """Reasons already told in this session, so that each is told once (thread-safe)."""

    def __init__(self) -> None:
        self._told: set[str] = set()
        self._lock = threading.Lock()

    def first(self, reason: str) -> bool:
        """True the first time ``reason`` is seen, False after."""
        with self._lock:
            if reason in self._told:
                return False
            self._told.add(reason)
            return True


SESSION_NOTICES = Notices()
"""The notices of this process: the App's copies share it."""


# -- pure decisions ----------------------------------------------------------------


def osc52_bytes(text: str) -> int:
    """Length in bytes of the OSC 52 sequence Textual writes for ``text`` (``ESC ] 52 ; c ; base64 BEL``)."""
    encoded = len(text.encode("utf-8"))
    return len("\x1b]52;c;") + 4 * ((encoded + 2) // 3) + 1


def terminal_without_osc52(env: Mapping[str, str]) -> str | None:
    """The name of a terminal known to ignore OSC 52 (from its environment variables), else None."""
    if env.get("VTE_VERSION"):
        return "GNOME Terminal and other VTE terminals"
    if env.get("TERM_PROGRAM") == "Apple_Terminal":
        return "macOS Terminal"
    return None


def native_problem(env: Mapping[str, str], platform: str, which: Callable[[str], str | None]) -> str | None:
    """Why pyperclip cannot reach a system clipboard here, or None when it may.

    pyperclip picks ``wl-copy`` under Wayland and ``xclip``/``xsel`` under X
    (https://pyperclip.readthedocs.io/en/latest/#not-implemented-error); its
    xclip and xsel back ends report success without a display, so a missing
    display is decided here.
    """
    if platform in ("darwin", "win32", "cygwin") or env.get("WSL_DISTRO_NAME"):
        return None
    wayland, x11 = bool(env.get("WAYLAND_DISPLAY")), bool(env.get("DISPLAY"))
    if not wayland and not x11:
        return "no display for a system clipboard here (no DISPLAY or WAYLAND_DISPLAY)"
    if wayland and which("wl-copy"):
        return None
    if x11 and (which("xclip") or which("xsel")):
        return None
    if wayland and not x11:
        return "the system clipboard needs wl-copy (package wl-clipboard), which is not installed"
    if x11 and not wayland:
        return "the system clipboard needs xclip or xsel, which is not installed"
    return "the system clipboard needs wl-copy (Wayland) or xclip or xsel (X), and none is installed"


def _size(seq_bytes: int) -> str:
    return f"{seq_bytes / 1024:.0f} KB" if seq_bytes >= 1024 else f"{seq_bytes} bytes"


def tmux_outcome(state: TmuxState, load: TmuxLoad, no_osc52: str | None, seq_bytes: int) -> CopyOutcome | None:
    """What a copy through tmux's buffer gave; None when the buffer could not be loaded (send OSC 52 instead)."""
    if load is TmuxLoad.FAILED:
        return None
    where = f"in tmux's buffer ({TMUX_PASTE_HINT})"
    caveat = True
    if load is TmuxLoad.BUFFER_ONLY:
        onward = "this tmux is older than 3.2 and does not pass it on to your terminal"
    elif no_osc52 is not None:
        onward = f"not on your terminal's clipboard: {no_osc52} ignore OSC 52"
    elif state.to_terminal is False:
        onward = "tmux does not pass it on to your terminal (its terminal-features lack 'clipboard')"
    elif seq_bytes > OSC52_SAFE_BYTES:
        onward = f"also sent to your terminal, which may drop a copy this large ({_size(seq_bytes)} over OSC 52)"
    else:
        onward, caveat = "also sent to your terminal", False
    return CopyOutcome(CopyPath.TMUX, Delivery.DELIVERED, f"{where}; {onward}", caveat=caveat)


def terminal_outcome(
    in_tmux: SetClipboard | None, tmux_error: str, no_osc52: str | None, seq_bytes: int
) -> CopyOutcome:
    """What sending OSC 52 to the terminal gives; ``in_tmux`` is tmux's ``set-clipboard`` (None outside tmux).

    A FAILED outcome is shown for copying by hand; the App sends OSC 52 only for the others.
    """
    failure = f"tmux load-buffer failed: {tmux_error}" if tmux_error else ""
    if in_tmux in (SetClipboard.OFF, SetClipboard.EXTERNAL):
        reason = f"tmux drops a program's OSC 52 with set-clipboard {in_tmux.value}"
        reason = f"{failure}; {reason}" if failure else reason
        return CopyOutcome(CopyPath.SHOWN, Delivery.FAILED, reason + SHOWN_SUFFIX)
    if no_osc52 is not None:
        reason = f"{no_osc52} ignore OSC 52"
        return CopyOutcome(CopyPath.SHOWN, Delivery.FAILED, reason + SHOWN_SUFFIX)
    if in_tmux is SetClipboard.ON:
        detail = "to the terminal through tmux (set-clipboard on) by OSC 52, which is never confirmed"
    elif in_tmux is SetClipboard.UNKNOWN:
        detail = "to the terminal by OSC 52; tmux may drop it (its set-clipboard could not be read)"
    else:
        detail = "to the terminal by OSC 52, which terminals never confirm"
    if failure:
        detail += f"; {failure}"
    oversize = seq_bytes > OSC52_SAFE_BYTES
    if oversize:
        detail += (
            f"; at {_size(seq_bytes)} it is longer than many terminals accept in one OSC 52 sequence and may be dropped"
        )
    caveat = in_tmux is not None or oversize
    return CopyOutcome(CopyPath.TERMINAL, Delivery.MAYBE, detail, oversize=oversize, caveat=caveat)


# -- process calls -----------------------------------------------------------------


def _which(env: Mapping[str, str]) -> Callable[[str], str | None]:
    path = env.get("PATH", os.defpath)
    return lambda name: shutil.which(name, path=path)


def native_copy(text: str) -> str | None:
    """Copy with pyperclip and read it back; None on success, else the reason (never raises)."""
    problem = native_problem(os.environ, sys.platform, _which(os.environ))
    if problem is not None:
        return problem
    result: list[str | None] = []

    def attempt() -> None:
        try:
            import pyperclip

            pyperclip.copy(text)
            back = pyperclip.paste()
            result.append(None if back == text else "the system clipboard did not keep the text")
        except Exception as error:  # pyperclip raises its own and OS errors alike
            result.append(f"the system clipboard failed: {visible_line(str(error))[:200]}")

    worker = threading.Thread(target=attempt, daemon=True)
    worker.start()
    worker.join(NATIVE_TIMEOUT)
    if not result:
        return "the system clipboard did not answer"
    return result[0]


# -- the copy ----------------------------------------------------------------------


def _to_terminal(text: str, osc52: Callable[[str], None], env: Mapping[str, str]) -> CopyOutcome:
    seq_bytes = osc52_bytes(text)
    no_osc52 = terminal_without_osc52(env)
    tmux = tmux_program(env)
    setting: SetClipboard | None = None
    error = ""
    if tmux is not None:
        state = tmux_state(tmux, env)
        load, error = load_tmux_buffer(tmux, env, text)
        through_tmux = tmux_outcome(state, load, no_osc52, seq_bytes)
        if through_tmux is not None:
            return through_tmux
        setting = state.set_clipboard
    elif env.get("TMUX"):
        setting, error = SetClipboard.UNKNOWN, "no tmux program on PATH"
    outcome = terminal_outcome(setting, error, no_osc52, seq_bytes)
    if not outcome.shown:
        osc52(text)
    return outcome


def copy_text(
    text: str,
    method: str,
    osc52: Callable[[str], None],
    native: Callable[[str], str | None] | None = None,
    *,
    env: Mapping[str, str] | None = None,
    web: bool = False,
    notices: Notices | None = None,
) -> CopyOutcome:
    """Copy ``text`` the way ``method`` asks (auto, native, osc52, both, show) and say where it went.

    ``osc52`` writes the sequence (``App.copy_to_clipboard``); ``native`` copies to the
    system clipboard and returns None or the reason it failed (``native_copy``); ``env``
    is the environment to read ``TMUX``, ``PATH``, ``VTE_VERSION``... from (``os.environ``);
    ``web`` is the App's ``is_web``: then the copy goes to the visitor's browser, never to
    the server's clipboard. A failing system clipboard's reason is told once per ``notices``.
    Never raises for a clipboard that fails; it is reported in the outcome.
    """
    env = os.environ if env is None else env
    notices = SESSION_NOTICES if notices is None else notices
    if web:
        osc52(text)
        return CopyOutcome(CopyPath.BROWSER, Delivery.MAYBE, "to your browser's clipboard through the page")
    if method == "show":
        return CopyOutcome(CopyPath.SHOWN, Delivery.FAILED, SHOWN_SUFFIX.removeprefix("; "))
    if method == "osc52":
        return _to_terminal(text, osc52, env)
    failure = (native or native_copy)(text)
    if failure is None and method != "both":
        return CopyOutcome(CopyPath.SYSTEM, Delivery.DELIVERED, "system clipboard")
    if failure is not None and method == "native":
        return CopyOutcome(CopyPath.SHOWN, Delivery.FAILED, failure + SHOWN_SUFFIX)
    terminal = _to_terminal(text, osc52, env)
    if failure is None:  # both, and the system clipboard has it
        if terminal.shown:
            onward = "not sent to the terminal: " + terminal.detail.removesuffix(SHOWN_SUFFIX)
        else:
            onward = ("also sent " if terminal.delivery is Delivery.MAYBE else "also ") + terminal.detail
        return CopyOutcome(CopyPath.SYSTEM, Delivery.DELIVERED, f"system clipboard; {onward}")
    notice = f"System clipboard: {failure}." if notices.first(failure) else ""
    return replace(terminal, notice=notice)
