"""Opening a file that must be a regular file: a FIFO cannot block, ``/dev/zero`` cannot fill memory (pure).

Every file aligntui reads (the catalog, ``config.toml``, ``state.json``, the
parse cache) is named by a person or lives in a folder someone else may
write to. ``open_regular`` checks with ``os.stat`` that the path is a regular
file before opening it, opens it with ``O_NONBLOCK`` (so that a FIFO swapped
in between cannot make ``open`` wait for a writer) and checks the open file
again with ``os.fstat``; ``read_regular`` also refuses a file over a size
limit before reading it, and reads no more than the limit if it grows.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

__all__ = ["FileRefused", "open_regular", "read_regular"]

_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)
_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)


class FileRefused(OSError):
    """A file that is not read: not a regular file, or too large; ``strerror`` says which, as a phrase."""

    def __str__(self) -> str:
        return str(self.strerror)


def _refuse_unless_regular(mode: int) -> None:
    if not stat.S_ISREG(mode):
        kind = next((kind for test, kind in _KINDS if test(mode)), "not a regular file")
        raise FileRefused(0, f"it is {kind}, not a regular file")


def open_regular(path: Path | str) -> BinaryIO:
    """The regular file at ``path`` (symlinks followed), open for reading in binary; raises ``OSError``."""
    _refuse_unless_regular(os.stat(path).st_mode)
    descriptor = os.open(path, _FLAGS)
    try:
        _refuse_unless_regular(os.fstat(descriptor).st_mode)
    except BaseException:
        os.close(descriptor)
        raise
    return os.fdopen(descriptor, "rb")


def read_regular(path: Path | str, limit: int) -> bytes:
    """The bytes of the regular file at ``path``, at most ``limit`` of them; raises ``OSError`` (``FileRefused``)."""
    with open_regular(path) as file:
        size = os.fstat(file.fileno()).st_size
        if size > limit:
            raise FileRefused(0, f"it is {size:,} bytes, more than the limit of {_size(limit)}")
        data = file.read(limit + 1)
    if len(data) > limit:
        raise FileRefused(0, f"it grew past the limit of {_size(limit)} while being read")
    return data


def _size(limit: int) -> str:
    """``67,108,864 bytes (64 MiB)``."""
    mib = limit / (1024 * 1024)
    return f"{limit:,} bytes ({mib:g} MiB)" if mib >= 1 else f"{limit:,} bytes"
