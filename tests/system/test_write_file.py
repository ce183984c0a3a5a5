"""The one routine that writes files: special files never replaced, read-only refused, hard links kept, no litter."""

from __future__ import annotations

import errno
import os
import signal
import socket
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import aligntui
from aligntui.system import atomic
from aligntui.system.atomic import TEMPORARY_MARK, atomic_binary, write_atomically, write_file
from aligntui.system.regularfile import FileRefused

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX file kinds")

SRC = str(Path(aligntui.__file__).resolve().parents[1])


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _null_device(path: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("only root makes device nodes")
    os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))


def _socket(path: Path) -> None:
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))


def _directory(path: Path) -> None:
    path.mkdir()


def _link_to_fifo(path: Path) -> None:
    os.mkfifo(path.with_name("fifo"))
    path.symlink_to(path.with_name("fifo"))


KINDS: dict[str, tuple[Callable[[Path], None], str]] = {
    "fifo": (_fifo, "it is a FIFO (named pipe), and aligntui replaces only regular files"),
    "device": (_null_device, "it is a character device, and aligntui replaces only regular files"),
    "socket": (_socket, "it is a socket, and aligntui replaces only regular files"),
    "directory": (_directory, "it is a directory, and aligntui replaces only regular files"),
    "symlink-to-fifo": (_link_to_fifo, "it is a FIFO (named pipe), and aligntui replaces only regular files"),
}


def _temporaries(folder: Path) -> list[str]:
    return [path.name for path in folder.iterdir() if TEMPORARY_MARK in path.name]


@pytest.mark.parametrize("overwrite", [True, False])
@pytest.mark.parametrize("kind", list(KINDS))
def test_a_special_file_is_never_replaced(kind: str, overwrite: bool, tmp_path: Path) -> None:
    make, said = KINDS[kind]
    target = tmp_path / "out.bib"
    make(target)
    before = os.lstat(target)
    with pytest.raises(FileRefused) as caught:
        write_file(target, "data", overwrite=overwrite)
    assert str(caught.value) == f"{target}: {said}"
    after = os.lstat(target)
    assert (after.st_ino, after.st_mode, after.st_rdev) == (before.st_ino, before.st_mode, before.st_rdev)
    assert not _temporaries(tmp_path)


def test_an_existing_file_needs_overwrite(tmp_path: Path) -> None:
    target = tmp_path / "out.bib"
    target.write_text("old")
    with pytest.raises(FileExistsError):
        write_file(target, "new", overwrite=False)
    assert target.read_text() == "old"
    write_file(target, "new", overwrite=True)
    assert target.read_text() == "new"


def test_a_read_only_file_is_refused_even_for_root(tmp_path: Path) -> None:
    target = tmp_path / "refs.bib"
    target.write_text("mine")
    target.chmod(0o444)
    with pytest.raises(FileRefused) as caught:
        write_atomically(target, "theirs")
    assert caught.value.errno == errno.EACCES
    assert str(caught.value) == f"{target}: it is read-only (-r--r--r--); make it writable first"
    assert target.read_text() == "mine" and stat.S_IMODE(target.stat().st_mode) == 0o444


def test_a_missing_folder_is_named(tmp_path: Path) -> None:
    with pytest.raises(FileRefused) as caught:
        write_file(tmp_path / "nowhere" / "out.bib", "x", overwrite=False)
    assert caught.value.errno == errno.ENOENT
    assert f"the folder {tmp_path / 'nowhere'} does not exist" in str(caught.value)


@pytest.mark.parametrize("name", ["", "a\0b"])
def test_a_bad_name_is_refused_not_a_value_error(name: str) -> None:
    with pytest.raises(FileRefused):
        write_file(Path(name) if name else "", "x", overwrite=True)


def test_the_permissions_and_the_symlink_are_kept(tmp_path: Path) -> None:
    target = tmp_path / "real.bib"
    target.write_text("old")
    target.chmod(0o640)
    link = tmp_path / "link.bib"
    link.symlink_to(target)
    write_atomically(link, "new")
    assert link.is_symlink() and target.read_text() == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_a_new_file_gets_the_umask_mode(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        write_file(tmp_path / "new.bib", "x", overwrite=False)
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.bib").stat().st_mode) == 0o640


def test_a_hard_linked_file_is_written_in_place(tmp_path: Path) -> None:
    target, other = tmp_path / "refs.bib", tmp_path / "paper-refs.bib"
    target.write_text("a longer old content\n")
    os.link(target, other)
    write_atomically(target, "short\n")
    assert os.stat(target).st_ino == os.stat(other).st_ino
    assert other.read_text() == "short\n"
    assert not _temporaries(tmp_path)


def test_an_append_to_a_hard_linked_file_writes_only_the_new_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "refs.bib"
    target.write_bytes(b"@misc{a,}\n")
    os.link(target, tmp_path / "other.bib")
    writes: list[tuple[bytes, int]] = []
    real = os.pwrite

    def recording(descriptor: int, data: bytes, offset: int) -> int:
        writes.append((bytes(data), offset))
        return real(descriptor, data, offset)

    monkeypatch.setattr(atomic.os, "pwrite", recording)
    write_atomically(target, b"@misc{a,}\n\n@misc{b,}\n")
    assert writes == [(b"\n@misc{b,}\n", 10)]  # the old bytes are never rewritten: a crash cannot damage them
    assert (tmp_path / "other.bib").read_bytes() == b"@misc{a,}\n\n@misc{b,}\n"


def test_an_error_names_the_users_file_not_the_temporary_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "refs.bib"
    target.write_text("old")

    def full(*args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(tmp_path / f".refs.bib{TEMPORARY_MARK}x.tmp"))

    monkeypatch.setattr(atomic.os, "replace", full)
    with pytest.raises(OSError) as caught:
        write_atomically(target, "new")
    assert str(caught.value) == f"{target}: No space left on device"
    assert caught.value.errno == errno.ENOSPC and TEMPORARY_MARK not in str(caught.value)
    assert target.read_text() == "old" and not _temporaries(tmp_path)


def test_an_exception_in_the_block_leaves_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "out.toml"
    target.write_text("old")
    with pytest.raises(KeyboardInterrupt), atomic_binary(target) as file:
        file.write(b"half")
        raise KeyboardInterrupt
    assert target.read_text() == "old" and not _temporaries(tmp_path)


def test_the_temporary_file_of_a_dead_writer_is_swept_and_a_live_ones_kept(tmp_path: Path) -> None:
    target = tmp_path / "refs.bib"
    target.write_text("old")
    dead = tmp_path / f".refs.bib{TEMPORARY_MARK}dead0001.tmp"
    dead.write_text("left by kill -9")
    live = tmp_path / f".refs.bib{TEMPORARY_MARK}live0001.tmp"
    live.write_text("being written")
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLD, str(live)], stdout=subprocess.PIPE, text=True, env={**os.environ}
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
        write_atomically(target, "new")
        assert sorted(_temporaries(tmp_path)) == [live.name]
    finally:
        holder.kill()
        holder.wait()
    write_atomically(target, "newer")
    assert not _temporaries(tmp_path)


_HOLD = """
import fcntl, os, sys, time
descriptor = os.open(sys.argv[1], os.O_RDONLY)
fcntl.flock(descriptor, fcntl.LOCK_EX)
print("locked", flush=True)
time.sleep(60)
"""

_SLOW_WRITER = """
import sys, time
from pathlib import Path
from aligntui.system.atomic import atomic_binary
with atomic_binary(Path(sys.argv[1])) as file:
    file.write(b"half of it")
    file.flush()
    print("writing", flush=True)
    time.sleep(60)
"""


def test_a_writer_killed_mid_write_leaves_the_old_file_and_no_litter_after_the_next_write(tmp_path: Path) -> None:
    target = tmp_path / "refs.bib"
    target.write_text("old")
    writer = subprocess.Popen(
        [sys.executable, "-c", _SLOW_WRITER, str(target)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": SRC},
    )
    assert writer.stdout is not None and writer.stdout.readline() == "writing\n"
    writer.send_signal(signal.SIGKILL)
    writer.wait()
    assert target.read_text() == "old"
    write_atomically(target, "new")  # an unnamed O_TMPFILE left nothing; a named one is swept now
    assert target.read_text() == "new" and not _temporaries(tmp_path)
