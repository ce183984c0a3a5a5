"""Run the explorer on a pseudo-terminal, as a person's terminal would: send it a signal, read every byte it wrote."""

from __future__ import annotations

import os
import pty
import select
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Mapping

from .conftest import UI_CATALOG


def _read(fd: int, wait: float) -> bytes:
    ready, _, _ = select.select([fd], [], [], wait)
    if not ready:
        return b""
    try:
        return os.read(fd, 65536)
    except OSError:
        return b""


def run_until_signal(env: Mapping[str, str], ready: bytes, signum: int) -> tuple[bytes, int | None]:
    """Start the explorer on the UI catalog, wait until ``ready`` shows and start-up settles, send ``signum``.

    Returns every byte the app wrote and its exit status (None if it did not end within 15 s; it is then killed).
    The pseudo-terminal is read all along: a full one would block the app and it could never exit.
    """
    main_fd, child_fd = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "aligntui", "--catalog", str(UI_CATALOG)],
        stdin=child_fd,
        stdout=child_fd,
        stderr=child_fd,
        env={**os.environ, "TERM": "xterm-256color", **env},
        start_new_session=True,
    )
    output = b""
    try:
        deadline = time.monotonic() + 20
        while ready not in output and time.monotonic() < deadline:
            output += _read(main_fd, 0.2)
        while chunk := _read(main_fd, 1.0):  # let start-up finish
            output += chunk
        process.send_signal(signum)
        stop = time.monotonic() + 15
        while process.poll() is None and time.monotonic() < stop:
            output += _read(main_fd, 0.2)
        while chunk := _read(main_fd, 0.5):
            output += chunk
        return output, process.poll()
    finally:
        if process.poll() is None:
            process.kill()
        os.close(child_fd)
        os.close(main_fd)


def run_typing(
    env: Mapping[str, str],
    keys: bytes,
    until: Callable[[], bool],
    *,
    ready: bytes | None = None,
    prelude: str = "",
) -> tuple[bytes, int | None]:
    """Start the explorer on the UI catalog, write ``keys`` in ONE ``os.write``, wait until ``until()``, send SIGTERM.

    ``keys`` are written as soon as the process starts (``ready`` None: typed
    before the first paint), or once ``ready`` shows. ``prelude`` is Python run
    before the explorer in the same process (a probe, a slow handler). The wait
    is for a condition, 30 s at most, never a fixed time. Returns every byte the
    app wrote and its exit status (None if it did not end within 15 s).
    """
    main_fd, child_fd = pty.openpty()
    start = f"{prelude}\nimport runpy, sys\nsys.argv = ['aligntui', '--catalog', {str(UI_CATALOG)!r}]\n"
    process = subprocess.Popen(
        [sys.executable, "-c", start + "runpy.run_module('aligntui', run_name='__main__')"],
        stdin=child_fd,
        stdout=child_fd,
        stderr=child_fd,
        env={**os.environ, "TERM": "xterm-256color", **env},
        start_new_session=True,
    )
    output = b""
    try:
        deadline = time.monotonic() + 30
        while ready is not None and ready not in output and time.monotonic() < deadline:
            output += _read(main_fd, 0.2)
        os.write(main_fd, keys)
        while not until() and process.poll() is None and time.monotonic() < deadline:
            output += _read(main_fd, 0.2)
        process.send_signal(signal.SIGTERM)
        stop = time.monotonic() + 15
        while process.poll() is None and time.monotonic() < stop:
            output += _read(main_fd, 0.2)
        return output, process.poll()
    finally:
        if process.poll() is None:
            process.kill()
        os.close(child_fd)
        os.close(main_fd)
