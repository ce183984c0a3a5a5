"""Loading a catalog file: read, parse (or take from the parse cache), validate (pure, no Textual).

``load_catalog`` returns a ``Catalog`` or raises ``CatalogError`` carrying every
problem found, each with the file, line and column it concerns. Before reading,
the file must be a regular file (not a directory, a FIFO or a device such as
``/dev/zero``) of at most ``MAX_BYTES``; a FIFO is opened without blocking.

A first open parses the works ``PIECE_WORKS`` at a time and builds each piece
before the next is parsed (``tomlread.array_in_pieces``,
``validate.build_catalog_in_pieces``): a parsed document takes about six times
its text, 400 MB for 100,000 works, and is never held whole. Any text that way
cannot read exactly as a whole parse would is read whole.
"""

from __future__ import annotations

import gc
import re
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Literal

from aligntui.catalog import parse_cache as cache
from aligntui.catalog.model import Catalog, CatalogError, Problem
from aligntui.system.regularfile import read_regular
from aligntui.system.tomlread import PiecesRefused, TOMLDecodeError, array_in_pieces, loads_in_pieces

__all__ = [
    "MAX_BYTES",
    "bundled_catalog_path",
    "load_catalog",
    "load_catalog_deferred",
    "parse_catalog",
    "start_loading",
]

MAX_BYTES = 64 * 1024 * 1024
"""The largest catalog file read (64 MiB; 100,000 works with 20 authors each take about 56 MB)."""


def bundled_catalog_path() -> Path:
    """The catalog that ships inside the package (or beside ``src/`` in a checkout)."""
    package = Path(__file__).resolve().parents[1]
    packaged = package / "data" / "catalog.toml"
    if packaged.is_file():
        return packaged
    return package.parents[1] / "catalog.toml"


PIECE_WORKS = 250
"""Works parsed and built at a time (about 140 kB of text at 100,000 works; 1,000 measured no faster)."""

_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


def parse_catalog(text: str, name: str = "<catalog>", path: Path | None = None) -> Catalog:
    """Parse and validate catalog text (a leading byte-order mark is dropped); raise ``CatalogError``."""
    # Imported here: a catalog from the parse cache needs neither (about 10 ms of a warm start's imports).
    from aligntui.catalog.positions import dotted_key_position, nesting_position
    from aligntui.catalog.validate import MAX_NESTING, build_catalog, build_catalog_in_pieces

    text = text.removeprefix("\ufeff")
    try:
        head, pieces = array_in_pieces(text, "works", PIECE_WORKS)
        catalog, problems = build_catalog_in_pieces(head, pieces, text, name, path)
    except PiecesRefused:
        pass  # read whole below: what is wrong, and where, is said as it always was
    else:
        if problems:
            raise CatalogError(problems)
        return catalog
    try:
        data = loads_in_pieces(text, "works")
    except RecursionError:
        # tomllib recurses once per nested array or inline table and gives up some hundreds deep.
        dotted = dotted_key_position(text, MAX_NESTING)
        if dotted is not None:  # tomli (Python 3.10) also recurses once per part of a dotted key
            message = f"a dotted key nests more than {MAX_NESTING} levels deep here"
            raise CatalogError([Problem(name, *dotted, message)]) from None
        line, column = nesting_position(text, MAX_NESTING) or (1, 1)
        message = f"arrays and inline tables nest more than {MAX_NESTING} levels deep here"
        raise CatalogError([Problem(name, line, column, message)]) from None
    except TOMLDecodeError as error:
        message = str(error)
        match = _TOML_POSITION.search(message)
        line, column = (int(match.group(1)), int(match.group(2))) if match else (1, 1)
        reason = _TOML_POSITION.sub("", message).strip()
        raise CatalogError([Problem(name, line, column, f"TOML syntax error: {reason}")]) from None
    catalog, problems = build_catalog(data, text, name, path)
    if problems:
        raise CatalogError(problems)
    return catalog


def load_catalog(path: Path | str | None = None) -> Catalog:
    """Load and validate a catalog file (the bundled one when ``path`` is None); raises ``CatalogError``.

    A catalog parsed afresh is stored in the parse cache before it is returned.
    """
    catalog, store = load_catalog_deferred(path)
    if store is not None:
        store()
    return catalog


def load_catalog_deferred(path: Path | str | None = None) -> tuple[Catalog, Callable[[], None] | None]:
    """``load_catalog``, leaving the parse cache to the caller: the catalog, and what stores it, or None.

    The second value is None when the catalog came from the cache or is too
    small to be cached; else calling it (once, from any thread, failures
    ignored) stores the catalog for the next open: 0.3-0.5 s CPU at 100,000
    works that need not come before a first paint. Not calling it only makes
    the next open parse again.
    """
    return _load_paused(path, False, None)


def start_loading(path: Path | str | None = None) -> Callable[[], tuple[Catalog, Callable[[], None] | None]]:
    """Begin ``load_catalog_deferred``: the file's hash (the parse cache's key) is worked out on a thread, and
    the cache file for it read and verified there (``parse_cache.prefetch``).

    Returns the function that finishes the load (it waits for the thread) and
    returns what ``load_catalog_deferred`` does, raising ``CatalogError`` the
    same way. Issue 23: hashing the 57 MB of a 100,000-work catalog takes
    30-50 ms, and reading and verifying its 27 MB cache file 20-25, during
    which CPython lets other threads run, so the explorer imports Textual
    meanwhile.
    """
    file = _file(path)
    found: list[tuple[str | None, cache.Prefetched | None]] = []

    def ahead() -> None:
        key = cache.file_key(file, MAX_BYTES)
        found.append((key, None))  # the key first: should reading the cache file fail, the load still has it
        found[0] = (key, cache.prefetch(key))

    hashing = threading.Thread(target=ahead, daemon=True)
    hashing.start()

    def finish() -> tuple[Catalog, Callable[[], None] | None]:
        hashing.join()
        if not found:  # the thread failed: work the key out here
            return _load_paused(path, False, None)
        key, read = found.pop()  # not held once the load is done, whatever happens to the records
        return _load_paused(path, key, read)

    return finish


def _load_paused(
    path: Path | str | None, key: str | Literal[False] | None, read: cache.Prefetched | None
) -> tuple[Catalog, Callable[[], None] | None]:
    # Building a large catalog makes hundreds of thousands of objects, none of
    # them garbage: the collector's passes over them would only cost time.
    paused = gc.isenabled()
    gc.disable()
    try:
        return _load(path, key, read)
    finally:
        if paused:
            gc.enable()


def _file(path: Path | str | None) -> Path:
    """The catalog file ``path`` names, the bundled one for None; raises ``CatalogError`` for an empty name."""
    if path is not None and not str(path):  # Path("") would be the current folder
        raise CatalogError([Problem("''", 0, 0, "cannot read the catalog: the file name is empty")])
    return Path(path) if path is not None else bundled_catalog_path()


def _load(
    path: Path | str | None, key: str | Literal[False] | None, read: cache.Prefetched | None
) -> tuple[Catalog, Callable[[], None] | None]:
    """Load the catalog; ``key`` is its parse-cache key if already worked out (False: work it out), ``read`` its
    cache file read and verified ahead."""
    file = _file(path)
    name = str(path) if path is not None else "catalog.toml (bundled)"
    cached = cache.load_cached_file(file, MAX_BYTES, key, read)
    if cached is not None:
        return cached, None
    raw = _read(file, name)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise CatalogError([Problem(name, line, 1, "the catalog is not valid UTF-8")]) from None
    key = cache.key_for(raw)
    del raw  # 57 MB at 100,000 works, not held while the catalog is built
    catalog = parse_catalog(text, name, file)
    return catalog, cache.store_later(key, catalog)


def _read(file: Path, name: str) -> bytes:
    """The bytes of a regular file of at most ``MAX_BYTES``; anything else is a ``CatalogError`` before reading."""
    try:
        return read_regular(file, MAX_BYTES)
    except OSError as error:
        reason = error.strerror or str(error)
        raise CatalogError([Problem(name, 0, 0, f"cannot read the catalog: {reason}")]) from None
