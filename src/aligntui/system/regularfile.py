"""Reading a file that must be a regular file: the one guarded way aligntui opens any file for reading.

Every file aligntui reads (the catalog, ``config.toml``, ``state.json``, the
marks and session files, the .bib file, a Markdown list, the parse cache) is
named by a person or lives in a folder someone else may write to. So:

- ``open_regular`` checks with ``os.stat`` that the path is a regular file
  before opening it, opens it with ``O_NONBLOCK`` (so that a FIFO swapped in
  between cannot make ``open`` wait for a writer) and checks the open file
  again with ``os.fstat``: a FIFO, a device such as ``/dev/zero``, a socket
  or a directory is refused with ``FileRefused`` and never blocks;
- ``read_regular`` also refuses a file over a size limit before reading it,
  and reads no more than the limit if it grows meanwhile;
- ``read_regular_text`` decodes the bytes as UTF-8 (a byte-order mark
  dropped) and says where the first bad byte is.

A name holding a NUL character (which no file can have) is refused the same
way, not with Python's ``ValueError``. Core, not pure: it reads files.
"""

from __future__ import annotations

import errno
import io
import os
import stat
from pathlib import Path
from typing import Protocol

__all__ = [
    "MAX_PERSONAL_BYTES",
    "FileRefused",
    "NotText",
    "digest_regular",
    "kind_of",
    "open_regular",
    "read_regular",
    "read_regular_text",
]

_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)
MAX_PERSONAL_BYTES = 64 * 1024 * 1024
"""The largest file a person keeps for aligntui to read (a .bib, a marks file, a Markdown list): 64 MiB.

The largest real ones are a few MiB (a lab's shared .bib of 20,000 entries
is about 10 MiB); the limit only keeps a wrong or hostile file from filling memory.
"""
_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)


class FileRefused(OSError):
    """A file that is not read or not written: not a regular file, too large, a bad name.

    ``strerror`` says why as a phrase (``it is a FIFO (named pipe), not a
    regular file``); ``filename``, when set, is the user's path, and ``str()``
    is then ``path: phrase``.
    """

    def __init__(self, reason: str, filename: str | None = None, code: int = errno.EINVAL) -> None:
        super().__init__(code, reason)
        self.filename = filename

    def __str__(self) -> str:
        return f"{self.filename}: {self.strerror}" if self.filename else str(self.strerror)


class NotText(ValueError):
    """A file that is not UTF-8 text; ``line`` (from 1) holds the first byte that is not."""

    def __init__(self, line: int, offset: int) -> None:
        super().__init__(f"not valid UTF-8 (line {line}, byte {offset + 1})")
        self.line = line


def kind_of(mode: int) -> str:
    """What an ``st_mode`` is, as a phrase: ``a FIFO (named pipe)``, ``a directory``, ``a regular file``..."""
    if stat.S_ISREG(mode):
        return "a regular file"
    return next((kind for test, kind in _KINDS if test(mode)), "not a regular file")


def _refuse_unless_regular(mode: int) -> None:
    if not stat.S_ISREG(mode):
        raise FileRefused(f"it is {kind_of(mode)}, not a regular file")


def open_regular(path: Path | str) -> io.BufferedReader:
    """The regular file at ``path`` (symlinks followed), open for reading in binary; raises ``OSError``."""
    if "\0" in str(path):
        raise FileRefused("the file name holds a NUL character, which no file name can")
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
            raise FileRefused(f"it is {size:,} bytes, more than the limit of {_size(limit)}")
        data = file.read(limit + 1)
    if len(data) > limit:
        raise FileRefused(f"it grew past the limit of {_size(limit)} while being read")
    return data


class _Digest(Protocol):
    def update(self, data: bytes | memoryview, /) -> None: ...


def digest_regular(path: Path | str, limit: int, digest: _Digest, chunk: int = 1 << 20) -> int:
    """Feed the bytes of the regular file at ``path`` to ``digest`` (a ``hashlib`` object) a chunk at a time.

    Returns how many bytes were read; raises ``OSError`` (``FileRefused``) as
    ``read_regular`` does. Only one chunk (1 MiB) is held at a time, so a
    file's hash costs no memory the size of the file.
    """
    with open_regular(path) as file:
        size = os.fstat(file.fileno()).st_size
        if size > limit:
            raise FileRefused(f"it is {size:,} bytes, more than the limit of {_size(limit)}")
        total = 0
        buffer = bytearray(chunk)  # one buffer, read into again and again: no new megabyte a chunk to free
        view = memoryview(buffer)
        while count := file.readinto(buffer):
            total += count
            if total > limit:
                raise FileRefused(f"it grew past the limit of {_size(limit)} while being read")
            digest.update(view[:count])
    return total


def read_regular_text(path: Path | str, limit: int) -> str:
    """``read_regular`` decoded as UTF-8, a leading byte-order mark dropped; raises ``OSError`` or ``NotText``."""
    raw = read_regular(path, limit)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise NotText(raw[: error.start].count(b"\n") + 1, error.start) from None


def _size(limit: int) -> str:
    """``67,108,864 bytes (64 MiB)``."""
    mib = limit / (1024 * 1024)
    return f"{limit:,} bytes ({mib:g} MiB)" if mib >= 1 else f"{limit:,} bytes"
