"""Advisory locks between aligntui instances writing the same file (pure).

Two instances that re-read a file and write it back under one lock cannot
erase each other's changes. The locks are ``fcntl.flock`` locks: advisory,
released by the kernel when a process dies (even by ``kill -9``), so a
crashed instance never leaves a stale lock behind. Where ``fcntl`` is
missing (Windows) the blocks run unlocked: re-reading just before the write
still narrows the window to milliseconds.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from aligntui.system.regularfile import open_regular

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

__all__ = ["HAVE_LOCKS", "lock_beside", "lock_file_itself"]

HAVE_LOCKS = fcntl is not None
"""Whether this platform has ``fcntl.flock``; without it the lock blocks run unlocked."""

_RETRIES = 100
"""How often ``lock_file_itself`` follows a file that was replaced while it waited."""


@contextmanager
def lock_beside(lock_path: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``lock_path`` (created if missing, never deleted); raises ``OSError``."""
    descriptor = os.open(lock_path, os.O_RDWR | os.O_CREAT | os.O_NONBLOCK | os.O_CLOEXEC, 0o644)
    try:
        if fcntl is not None:
            fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # closing releases the lock


@contextmanager
def lock_file_itself(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on the file ``path`` names (following symlinks), leaving no lock file behind.

    An atomic write replaces the file by a new one (a new inode), so after
    waiting the lock is checked to be on the file the path names now, and
    taken again on the new file if not. The file must exist and be a regular
    file (it is opened without blocking, so a FIFO is refused, not waited on);
    raises ``OSError`` (``FileRefused`` for a FIFO, a device or a directory).
    """
    for _ in range(_RETRIES):
        with open_regular(path) as held_file:
            descriptor = held_file.fileno()
            if fcntl is None:
                yield
                return
            fcntl.flock(descriptor, fcntl.LOCK_EX)
            held, current = os.fstat(descriptor), os.stat(path)
            if (held.st_dev, held.st_ino) == (current.st_dev, current.st_ino):
                yield
                return
    raise OSError(f"cannot lock {path}: it keeps being replaced")
