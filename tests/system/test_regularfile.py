"""Files that must be regular: the catalog, config.toml, state.json and the parse cache never block or overflow."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from aligntui.personal.settings import config_path, load_settings, load_state, state_path
from aligntui.system.regularfile import FileRefused, digest_regular, read_regular

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")


def _make(kind: str, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "directory":
        path.mkdir()
    elif kind == "dev-zero":
        path.symlink_to("/dev/zero")
    elif kind == "large":
        with path.open("wb") as file:
            file.truncate(2 * 1024 * 1024)
    elif kind == "deep":
        path.write_text("x = " + "[" * 5000 + "]" * 5000 if path.suffix == ".toml" else "[" * 100000 + "]" * 100000)


@pytest.mark.parametrize(
    ("kind", "said"),
    [
        ("fifo", "it is a FIFO (named pipe), not a regular file"),
        ("directory", "it is a directory, not a regular file"),
        ("dev-zero", "it is a character device, not a regular file"),
        ("large", "it is 2,097,152 bytes, more than the limit of 1,048,576 bytes (1 MiB)"),
    ],
)
def test_read_regular_refuses_before_reading(kind: str, said: str, tmp_path: Path) -> None:
    path = tmp_path / "file"
    _make(kind, path)
    with pytest.raises(FileRefused) as caught:
        read_regular(path, 1024 * 1024)
    assert str(caught.value) == said


@pytest.mark.parametrize(
    ("kind", "said"),
    [
        ("fifo", "it is a FIFO (named pipe), not a regular file"),
        ("dev-zero", "it is a character device, not a regular file"),
        ("large", "it is 2,097,152 bytes, more than the limit of 1,048,576 bytes (1 MiB)"),
    ],
)
def test_digest_regular_refuses_as_read_regular_does(kind: str, said: str, tmp_path: Path) -> None:
    import hashlib

    path = tmp_path / "file"
    _make(kind, path)
    with pytest.raises(FileRefused) as caught:
        digest_regular(path, 1024 * 1024, hashlib.sha256())
    assert str(caught.value) == said


def test_digest_regular_hashes_the_whole_file_a_chunk_at_a_time(tmp_path: Path) -> None:
    import hashlib

    path = tmp_path / "file"
    data = os.urandom(10_000)
    path.write_bytes(data)
    digest = hashlib.sha256()
    assert digest_regular(path, 20_000, digest, chunk=999) == len(data)
    assert digest.hexdigest() == hashlib.sha256(data).hexdigest()


@pytest.mark.parametrize("kind", ["fifo", "directory", "dev-zero", "large", "deep"])
def test_a_strange_config_file_is_a_warning_not_a_hang(kind: str) -> None:
    _make(kind, config_path())
    settings = load_settings()
    assert settings.clipboard == "auto"
    assert len(settings.warnings) == 1 and "using the defaults" in settings.warnings[0]


@pytest.mark.parametrize("kind", ["fifo", "directory", "dev-zero", "large", "deep"])
def test_a_strange_state_file_counts_as_empty(kind: str) -> None:
    _make(kind, state_path())
    assert load_state() == {}


@pytest.mark.parametrize("kind", ["fifo", "directory", "dev-zero"])
def test_lock_file_itself_refuses_a_special_file_without_blocking(kind: str, tmp_path: Path) -> None:
    from aligntui.system.locks import lock_file_itself

    path = tmp_path / "refs.bib"
    _make(kind, path)
    with pytest.raises(FileRefused), lock_file_itself(path):
        pass


def test_a_name_with_a_nul_is_refused_as_a_file_not_a_value_error() -> None:
    with pytest.raises(FileRefused, match="NUL"):
        read_regular("a\0b", 10)
