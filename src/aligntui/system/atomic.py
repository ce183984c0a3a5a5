"""Writing a file: the one routine every writer of aligntui uses (the standard library only).

``write_file`` (and ``atomic_binary``, its streaming form) writes a new file
or replaces a regular one, and nothing else:

- **Special files are never replaced.** A FIFO, a device (``/dev/null``), a
  socket or a directory at the path, or at the end of its symlinks, is
  refused with ``FileRefused`` before anything is written: renaming over it
  would swap the special file for a regular one, and writing into it could
  block forever (a FIFO without a reader).
- **A read-only file is refused** (``PermissionError``), even where the
  folder would let a rename replace it (and even as root): read-only is the
  owner saying "do not change this".
- **Replacing is atomic**: the data goes to a temporary file in the same
  folder, flushed and ``fsync``-ed, then renamed over the target (POSIX
  ``rename(2)``), so a crash or ``kill -9`` leaves the old file or the new
  one, never a mix. The new file keeps the old one's permission bits (and its
  owner, where we may set it); a symlink stays a link and what it points at
  is replaced.
- **Hard links are kept**: a file with several names (``st_nlink`` > 1) is
  written in place, since a rename would leave the other names on the old
  data. That write is not atomic; where the new data only extends the old (an
  append, as ``bib add`` makes), only the new bytes are written, so a crash
  leaves the old file whole. Callers that re-read and write a shared file
  hold ``aligntui.system.locks.lock_file_itself`` around both.
- **No temporary file is left behind.** Where Linux offers ``O_TMPFILE``
  the data is written to a file without a name, which the kernel frees if
  the process dies; it gets a name only for the instant before the rename.
  Elsewhere it is named ``.<name>.aligntui-tmp-XXXXXXXX.tmp`` and held under
  an ``flock`` while written; each later write to the same name removes such
  files whose writer is gone (their lock is free).

Errors name the user's path, never the temporary file's.
"""

from __future__ import annotations

import contextlib
import errno
import glob
import io
import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from aligntui.system.regularfile import FileRefused, kind_of

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

__all__ = ["TEMPORARY_MARK", "atomic_binary", "new_file_mode", "write_atomically", "write_file"]

TEMPORARY_MARK = ".aligntui-tmp-"
"""What the name of a temporary file holds between the target's name and random letters (for the sweep)."""
_O_TMPFILE = getattr(os, "O_TMPFILE", 0)


def new_file_mode() -> int:
    """The permission bits a new file gets under the current umask (``0o644`` under umask 022)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


class _Target:
    """Where the data goes: the path after symlinks, and what is there now (None: a new file)."""

    def __init__(self, path: Path, *, private: bool = False) -> None:
        name = str(path)
        if not name or "\0" in name:
            raise FileRefused("the file name is empty or holds a NUL character", name)
        self.path = Path(os.path.realpath(path))
        self.private = private
        try:
            self.existing: os.stat_result | None = os.stat(self.path)
        except FileNotFoundError:
            self.existing = None
        folder = self.path.parent
        if self.existing is None and not folder.is_dir():
            raise FileRefused(f"the folder {folder} does not exist", name, errno.ENOENT)
        if self.existing is None:
            return
        mode = self.existing.st_mode
        if not stat.S_ISREG(mode):
            raise FileRefused(f"it is {kind_of(mode)}, and aligntui replaces only regular files", name)
        if not mode & 0o222 or not os.access(self.path, os.W_OK):
            permissions = stat.filemode(mode)
            message = f"it is read-only ({permissions}); make it writable first"
            raise FileRefused(message, name, errno.EACCES)

    @property
    def mode(self) -> int:
        """The permission bits the written file gets: ``0o600`` if private, else the old file's, or a new file's."""
        if self.private:
            return 0o600
        return self.existing.st_mode & 0o7777 if self.existing is not None else new_file_mode()

    @property
    def shared(self) -> bool:
        """Whether the file has other names (hard links) that a rename would leave on the old data."""
        return self.existing is not None and self.existing.st_nlink > 1


def _renamed(error: OSError, path: Path) -> OSError:
    """The same error about ``path`` (``str()``: ``path: why``), never naming a temporary file."""
    if isinstance(error, FileRefused):
        return error
    return FileRefused(error.strerror or str(error), str(path), error.errno or errno.EIO)


@contextmanager
def atomic_binary(
    path: Path, *, sync: bool = True, overwrite: bool = True, private: bool = False
) -> Iterator[BinaryIO]:
    """Yield a binary file whose contents become ``path`` when the block ends without error (see the module).

    Raises ``FileRefused``, an ``OSError`` whose ``str()`` is ``path: why``
    and whose ``errno`` says what went wrong (``EINVAL``: a special file or a
    bad name, ``EACCES``: a read-only file or folder, ``ENOENT``: no such
    folder, ``ENOSPC``: a full disk...); the original file is then untouched.
    ``sync`` False skips ``fsync`` (for caches and sessions, whose loss costs
    little). Without ``overwrite``, an existing ``path`` (a symlink included)
    raises ``FileExistsError`` once it is known to be a regular file: a FIFO
    is refused as a FIFO, whatever ``overwrite`` says. ``private`` gives the
    file mode ``0o600`` whatever the umask (the parse cache, which is read
    only when no one else may write it).
    """
    target = _Target(path, private=private)
    if not overwrite and os.path.lexists(path):
        raise FileExistsError(errno.EEXIST, "it exists", str(path))
    if target.shared:
        buffer = io.BytesIO()
        yield buffer
        try:
            _write_in_place(target, buffer.getvalue(), sync=sync)
        except OSError as error:
            raise _renamed(error, path) from None
        return
    _sweep(target.path)
    try:
        descriptor, named = _temporary(target)
    except OSError as error:
        raise _renamed(error, path) from None
    try:
        with os.fdopen(descriptor, "wb") as file:
            yield file
            file.flush()
            _settle(file.fileno(), target)
            if sync:
                os.fsync(file.fileno())
            if named is None:  # an O_TMPFILE: give it a name for the instant before the rename
                named = _link_unnamed(file.fileno(), target.path)
            os.replace(named, target.path)
            named = None
    except OSError as error:
        raise _renamed(error, path) from None
    finally:
        if named is not None:
            Path(named).unlink(missing_ok=True)
    if sync:
        _sync_folder(target.path.parent)


_UNNAMED_WORKS: dict[int, bool] = {}
"""Per file system (``st_dev``): whether an ``O_TMPFILE`` file can be given a name there."""


def _unnamed_works(folder: Path) -> bool:
    """Whether ``folder`` takes ``O_TMPFILE`` files and ``linkat`` names them (some kernels and sandboxes do not)."""
    if not _O_TMPFILE or not os.path.isdir("/proc/self/fd"):
        return False
    device = os.stat(folder).st_dev
    if device not in _UNNAMED_WORKS:
        try:
            descriptor = os.open(folder, _O_TMPFILE | os.O_WRONLY | os.O_CLOEXEC, 0o600)
        except OSError:
            _UNNAMED_WORKS[device] = False
            return False
        try:
            Path(_link_unnamed(descriptor, folder / "probe")).unlink()
            _UNNAMED_WORKS[device] = True
        except OSError:
            _UNNAMED_WORKS[device] = False
        finally:
            os.close(descriptor)
    return _UNNAMED_WORKS[device]


def _temporary(target: _Target) -> tuple[int, str | None]:
    """An open file in the target's folder: unnamed (``O_TMPFILE``; the name None) or named and locked."""
    folder = target.path.parent
    if _unnamed_works(folder):
        return os.open(folder, _O_TMPFILE | os.O_WRONLY | os.O_CLOEXEC, 0o600), None
    descriptor, named = tempfile.mkstemp(prefix=f".{target.path.name}{TEMPORARY_MARK}", suffix=".tmp", dir=folder)
    if fcntl is not None:
        fcntl.flock(descriptor, fcntl.LOCK_EX)  # held until closed: the sweep leaves a live writer's file alone
    return descriptor, named


def _link_unnamed(descriptor: int, target: Path) -> str:
    """Give an ``O_TMPFILE`` file a temporary name beside ``target`` (``linkat`` through ``/proc/self/fd``)."""
    for _ in range(100):
        named = str(target.parent / f".{target.name}{TEMPORARY_MARK}{os.urandom(6).hex()}.tmp")
        try:
            os.link(f"/proc/self/fd/{descriptor}", named, follow_symlinks=True)
        except FileExistsError:
            continue
        return named
    raise FileExistsError(errno.EEXIST, "no free temporary name", str(target))


def _settle(descriptor: int, target: _Target) -> None:
    """Give the written file the old file's permission bits and, where we may, its owner."""
    os.chmod(descriptor, target.mode)
    old = target.existing
    if old is not None and (old.st_uid, old.st_gid) != (os.getuid(), os.getgid()):
        with contextlib.suppress(OSError):  # only root may give a file away: else the file is ours, as with any editor
            os.chown(descriptor, old.st_uid, old.st_gid)


def _write_in_place(target: _Target, data: bytes, *, sync: bool) -> None:
    """Overwrite a hard-linked file through its own inode; when ``data`` extends the file, write only the rest."""
    flags = os.O_RDWR | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    descriptor = os.open(target.path, flags)
    try:
        now = os.fstat(descriptor)
        if not stat.S_ISREG(now.st_mode):
            kind = kind_of(now.st_mode)
            raise FileRefused(f"it is {kind}, and aligntui replaces only regular files", str(target.path))
        old = os.pread(descriptor, now.st_size, 0) if now.st_size <= len(data) else b""
        start = len(old) if old and data.startswith(old) else 0
        view = memoryview(data)[start:]
        while view:
            written = os.pwrite(descriptor, view, start)
            view, start = view[written:], start + written
        os.ftruncate(descriptor, len(data))
        if sync:
            os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _sweep(target: Path) -> None:
    """Remove the temporary files of writers of ``target`` that died (their ``flock`` is free); never blocks."""
    if fcntl is None:
        return
    pattern = f".{glob.escape(target.name)}{TEMPORARY_MARK}*.tmp"
    for stale in target.parent.glob(pattern):
        try:
            before = os.lstat(stale)
            if not stat.S_ISREG(before.st_mode):
                continue
            descriptor = os.open(stale, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | os.O_CLOEXEC)
        except OSError:
            continue
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            held = os.fstat(descriptor)
            if (held.st_dev, held.st_ino) == (before.st_dev, before.st_ino):
                stale.unlink(missing_ok=True)
        except OSError:
            pass  # a writer holds it: it is in use
        finally:
            os.close(descriptor)


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


def write_file(path: Path | str, data: str | bytes, *, overwrite: bool, sync: bool = True) -> None:
    """Write ``data`` (text as UTF-8) to ``path``, a new file or (with ``overwrite``) a regular one; see the module.

    Raises ``FileExistsError`` when ``path`` exists and ``overwrite`` is
    False (a symlink counts as existing), and what ``atomic_binary`` raises.
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    with atomic_binary(Path(path), sync=sync, overwrite=overwrite) as file:
        file.write(payload)


def write_atomically(path: Path, data: str | bytes, *, sync: bool = True) -> None:
    """Replace (or create) ``path`` with ``data``: ``write_file`` with ``overwrite``; raises ``OSError``."""
    write_file(path, data, overwrite=True, sync=sync)
