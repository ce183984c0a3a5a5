"""A cache of parsed catalogs, so a large catalog opens in a fraction of its parse time (pure).

``tomllib`` takes seconds for a catalog of 100,000 works. A catalog that
validated cleanly is stored as plain tuples with ``marshal`` under a key made
of its bytes' SHA-256, aligntui's version and Python's version; any change to
the file, or an upgrade, misses the cache and parses afresh. Small catalogs
parse about as fast as they load from the cache, so they are not cached. A cache that cannot be
read or written is ignored: it only ever makes loading faster.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
from pathlib import Path
from typing import Any, BinaryIO

from aligntui import __version__
from aligntui.catalog.model import SCHEMA_VERSION, Catalog, Link, Section, Survey, Work
from aligntui.system.atomic import atomic_binary
from aligntui.system.dirs import cache_dir
from aligntui.system.regularfile import open_regular

__all__ = ["MIN_BYTES", "cache_directory", "load_cached", "store"]

MIN_BYTES = 16_000
"""Catalogs smaller than this are parsed every time (the bundled one, 77 kB, is cached)."""
FORMAT = 7
"""The layout of a cache file, and the validation rules it was checked by; a change makes old files misses."""
KEEP = 4
"""How many cached catalogs to keep."""


def cache_directory() -> Path:
    """Where parsed catalogs are kept (``ALIGNTUI_CACHE_DIR`` overrides)."""
    return cache_dir()


def _key(raw: bytes) -> str:
    digest = hashlib.sha256(raw)
    digest.update(f"|{__version__}|{SCHEMA_VERSION}|{FORMAT}|{sys.version_info[:2]}".encode())
    return digest.hexdigest()


CHUNK = 5_000
"""Works per marshal record: loading chunk by chunk keeps the peak memory near the catalog's own."""


def _write(file: BinaryIO, catalog: Catalog) -> None:
    survey = catalog.survey
    sections = [
        (s.id, s.title, s.path, s.parent, s.description, s.children, s.works, s.depth)
        for s in catalog.sections.values()
    ]
    header = (survey.title, survey.authors, survey.year, survey.arxiv, survey.url, survey.venue, survey.list_title)
    _put(file, (header, sections, dict(catalog.totals)))
    works = list(catalog.works.values())
    for start in range(0, len(works), CHUNK):
        _put(file, [(*w[:6], tuple(tuple(link) for link in w.links), *w[7:]) for w in works[start : start + CHUNK]])
    _put(file, None)


def _put(file: BinaryIO, value: Any) -> None:
    """One record: its length, then its marshal bytes (read back with one ``read`` each)."""
    data = marshal.dumps(value)
    file.write(len(data).to_bytes(8, "little"))
    file.write(data)


def _get(file: BinaryIO) -> Any:
    size = int.from_bytes(file.read(8), "little")
    if size > os.fstat(file.fileno()).st_size:
        raise ValueError("the cache file is damaged")
    data = file.read(size)
    if len(data) != size:
        raise EOFError("the cache file is cut short")
    return marshal.loads(data)


def _read(file: BinaryIO, path: Path) -> Catalog:
    survey, raw_sections, totals = _get(file)
    sections = {s[0]: Section(*s) for s in raw_sections}
    works: dict[str, Work] = {}
    while (chunk := _get(file)) is not None:
        for w in chunk:
            works[w[0]] = Work._make((*w[:6], tuple(map(Link._make, w[6])), *w[7:]))
    return Catalog.build(Survey(*survey), sections, works, path, totals)


def load_cached(raw: bytes, path: Path) -> Catalog | None:
    """The cached catalog for these bytes, or None."""
    if len(raw) < MIN_BYTES:
        return None
    try:
        with open_regular(cache_directory() / f"{_key(raw)}.marshal") as file:
            return _read(file, path)
    except (OSError, EOFError, ValueError, TypeError, IndexError):
        return None


def store(raw: bytes, catalog: Catalog) -> None:
    """Keep a parsed catalog for next time; failures are ignored."""
    if len(raw) < MIN_BYTES:
        return
    directory = cache_directory()
    try:
        directory.mkdir(parents=True, exist_ok=True)
        with atomic_binary(directory / f"{_key(raw)}.marshal", sync=False) as file:
            _write(file, catalog)
        cached = sorted(directory.glob("*.marshal"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in cached[KEEP:]:
            old.unlink(missing_ok=True)
    except (OSError, ValueError):
        pass
