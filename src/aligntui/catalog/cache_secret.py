"""The parse cache's secret: a random key only this user can read, that seals each cache file (core, no Textual).

The key is ``KEY_BYTES`` random bytes (``secrets.token_bytes``) in the file
``KEY_NAME`` of the cache folder. It is trusted only as a regular file (not a
symlink, FIFO or device; opened with ``O_NOFOLLOW`` and ``O_NONBLOCK``) with
one name, owned by this user, that no one else may read or write (mode
``0o600`` or stricter, as ``ssh`` wants of a private key), holding exactly
``KEY_BYTES`` bytes. ``read_secret`` gives None for anything else;
``secret_for_writing`` then replaces it with a new key, which makes every
cache file sealed under the old one a miss. A new key is written whole to a
file made with ``O_CREAT | O_EXCL`` and mode ``0o600`` under a random name,
then given its name with ``link(2)``, which never replaces a key another
process made meanwhile: readers see the whole key or none. On Windows, which
has no owners or mode bits of that kind, only the kind and size are checked.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from pathlib import Path

__all__ = ["KEY_BYTES", "KEY_NAME", "read_secret", "secret_for_writing"]

KEY_NAME = "parse-cache.key"
"""The key file's name in the cache folder."""
KEY_BYTES = 32
"""The key's length: 256 bits (RFC 2104 asks an HMAC key for at least the hash's output, 32 bytes for SHA-256)."""

_READ = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


def read_secret(folder: Path) -> bytes | None:
    """The key in ``folder``, or None when there is none we may trust (see the module); never raises ``OSError``."""
    try:
        descriptor = os.open(folder / KEY_NAME, _READ)
    except OSError:
        return None
    try:
        status = os.fstat(descriptor)
        if not _trusted(status):
            return None
        key = os.read(descriptor, KEY_BYTES + 1)
    except OSError:
        return None
    finally:
        os.close(descriptor)
    return key if len(key) == KEY_BYTES else None


def _trusted(status: os.stat_result) -> bool:
    if not stat.S_ISREG(status.st_mode) or status.st_size != KEY_BYTES:
        return False
    if not hasattr(os, "getuid"):  # pragma: no cover - Windows
        return True
    return status.st_uid == os.getuid() and status.st_nlink == 1 and not status.st_mode & 0o077


def secret_for_writing(folder: Path) -> bytes:
    """The key in ``folder``, made anew when missing or not trusted (``folder`` must exist); raises ``OSError``."""
    for _ in range(3):  # another process may make or replace the key between our steps
        key = read_secret(folder)
        if key is not None:
            return key
        path = folder / KEY_NAME
        if os.path.lexists(path):
            os.unlink(path)  # a directory there raises: no cache is written
        with contextlib.suppress(FileExistsError):
            return _make(path)
    raise OSError(f"cannot make the parse cache's key {path}")


def _make(path: Path) -> bytes:
    """A new key written whole under a random name, then linked to ``path``; raises ``FileExistsError`` if taken."""
    key = secrets.token_bytes(KEY_BYTES)
    draft = path.with_name(f".{KEY_NAME}.{secrets.token_hex(8)}")
    descriptor = os.open(draft, _CREATE, 0o600)
    try:
        try:
            written = os.write(descriptor, key)
        finally:
            os.close(descriptor)
        if written != KEY_BYTES:
            raise OSError(f"cannot write the parse cache's key {path}")
        os.link(draft, path)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(draft)
    return key
