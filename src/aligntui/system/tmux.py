"""tmux, asked from inside one of its panes: its ``set-clipboard`` option and its paste buffer (core: no Textual).

``parse_set_clipboard`` is pure; the others run the ``tmux`` found on the
given environment's ``PATH``, against the server ``$TMUX`` names, and never
raise.

Facts (man page ``tmux(1)``: ``set-clipboard``, ``load-buffer``; tmux's CHANGES
file, https://github.com/tmux/tmux/blob/master/CHANGES). tmux 2.6 made
``set-clipboard`` three-state: "on (tmux both sends to outside terminal and
accepts from applications inside); external (tmux sends outside but does not
accept inside); and off", so under ``external`` and ``off`` a program's OSC 52
is dropped. ``external`` is the default (``show-options -s set-clipboard`` on
a tmux 3.3a server started without a configuration file). ``load-buffer -w``
(tmux 3.2: "Add a -w flag to set- and load-buffer to send to clipboard using
OSC 52") loads the buffer and also sends it to the client's terminal when
that terminal has the ``clipboard`` feature (``#{client_termfeatures}``).
Measured with tmux 3.3a and a client on a pseudo-terminal
(TERM=xterm-256color): a program's OSC 52 reached the outer terminal, and
made a buffer, only with ``on``; ``load-buffer -w`` loaded the buffer and
reached the outer terminal with ``off``, ``external`` and ``on`` alike.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum

from aligntui.text.safe import visible_line

__all__ = [
    "SetClipboard",
    "TmuxLoad",
    "TmuxState",
    "load_tmux_buffer",
    "parse_set_clipboard",
    "tmux_program",
    "tmux_state",
]

TMUX_TIMEOUT = 3.0
"""Seconds to wait for one ``tmux`` command (a local socket round trip takes milliseconds)."""


class SetClipboard(Enum):
    """tmux's ``set-clipboard`` server option, or unknown when it could not be read."""

    ON = "on"
    EXTERNAL = "external"
    OFF = "off"
    UNKNOWN = "unknown"


class TmuxLoad(Enum):
    """What ``tmux load-buffer`` did."""

    BUFFER_AND_TERMINAL = "buffer, sent on with -w"
    BUFFER_ONLY = "buffer only (a tmux older than 3.2 has no -w)"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class TmuxState:
    """What the running tmux says about passing a copy on to the terminal."""

    set_clipboard: SetClipboard
    to_terminal: bool | None
    """True when the client's terminal has tmux's ``clipboard`` feature; None when unknown."""


def parse_set_clipboard(answer: str) -> SetClipboard:
    """``set-clipboard``'s value from ``tmux show-options`` output (``set-clipboard external`` or ``external``)."""
    words = answer.split()
    value = words[-1].strip("\"'") if words else ""
    try:
        return SetClipboard(value)
    except ValueError:
        return SetClipboard.UNKNOWN


def _tmux(tmux: str, env: Mapping[str, str], args: list[str], stdin: bytes = b"") -> tuple[int, str, str]:
    """Run one tmux command; (exit status, stdout, stderr), with status -1 when it could not run."""
    try:
        done = subprocess.run(
            [tmux, *args], input=stdin, capture_output=True, env=dict(env), timeout=TMUX_TIMEOUT, check=False
        )
    except (OSError, subprocess.SubprocessError) as error:
        return -1, "", str(error)
    return done.returncode, done.stdout.decode("utf-8", "replace"), done.stderr.decode("utf-8", "replace")


def tmux_program(env: Mapping[str, str]) -> str | None:
    """The ``tmux`` to ask when running inside tmux (``$TMUX`` set), found on ``env``'s PATH; else None."""
    if not env.get("TMUX"):
        return None
    return shutil.which("tmux", path=env.get("PATH", os.defpath))


def tmux_state(tmux: str, env: Mapping[str, str]) -> TmuxState:
    """Read ``set-clipboard`` (a server option since tmux 3.2, global before) and the client's terminal features."""
    status, out, _ = _tmux(tmux, env, ["show-options", "-s", "set-clipboard"])
    setting = parse_set_clipboard(out) if status == 0 else SetClipboard.UNKNOWN
    if setting is SetClipboard.UNKNOWN:
        status, out, _ = _tmux(tmux, env, ["show-options", "-g", "set-clipboard"])
        setting = parse_set_clipboard(out) if status == 0 else SetClipboard.UNKNOWN
    status, out, _ = _tmux(tmux, env, ["display-message", "-p", "#{client_termfeatures}"])
    features = out.strip()
    to_terminal = ("clipboard" in features.split(",")) if status == 0 and features else None
    return TmuxState(setting, to_terminal)


def load_tmux_buffer(tmux: str, env: Mapping[str, str], text: str) -> tuple[TmuxLoad, str]:
    """``tmux load-buffer -w -`` with ``text`` on standard input; without ``-w`` for a tmux older than 3.2."""
    data = text.encode("utf-8")
    status, _, error = _tmux(tmux, env, ["load-buffer", "-w", "-"], data)
    if status == 0:
        return TmuxLoad.BUFFER_AND_TERMINAL, ""
    if status > 0 and ("-w" in error or "unknown flag" in error or "usage" in error):
        status, _, error = _tmux(tmux, env, ["load-buffer", "-"], data)
        if status == 0:
            return TmuxLoad.BUFFER_ONLY, ""
    lines = error.strip().splitlines()
    reason = lines[-1] if lines else f"exit status {status}"
    return TmuxLoad.FAILED, visible_line(reason)[:200]
