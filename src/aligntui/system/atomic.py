"""Atomic file writes: a temporary file in the same folder, flushed, fsynced, renamed (pure).

A crash, ``kill -9`` or a signal at any moment leaves either the old file or
the new one, never a mix (POSIX ``rename(2)`` replaces a file atomically
within one file system). Where the target is a symlink, the file it points to
is what gets replaced, so the link stays a link. The temporary file is
removed on any exception, ``KeyboardInterrupt`` and ``SystemExit`` included.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

__all__ = ["atomic_binary", "new_file_mode", "write_atomically"]


def new_file_mode() -> int:
    """The permission bits a new file gets under the current umask (``0o644`` under umask 022)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


@contextmanager
def atomic_binary(path: Path, *, sync: bool = True) -> Iterator[BinaryIO]:
    """Yield a binary file whose contents replace ``path`` when the block ends without error.

    The new file keeps the old file's permission bits, or gets a new file's.
    Raises ``OSError`` when the folder is missing or not writable; the
    original file is then untouched. ``sync`` False skips ``fsync`` (for
    caches, whose loss costs only time).
    """
    target = Path(os.path.realpath(path))
    try:
        mode = target.stat().st_mode & 0o7777
    except FileNotFoundError:
        mode = new_file_mode()
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            yield file
            file.flush()
            if sync:
                os.fsync(file.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    if sync:
        _sync_folder(target.parent)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable; not every platform can open a folder."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def write_atomically(path: Path, data: str | bytes, *, sync: bool = True) -> None:
    """Replace ``path`` with ``data`` (text is written as UTF-8) atomically; raises ``OSError``."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    with atomic_binary(path, sync=sync) as file:
        file.write(payload)
