"""A cache of parsed catalogs, so a large catalog opens in a fraction of its parse time (core, no Textual).

Parsing and validating take seconds for a catalog of 100,000 works. A catalog that
validated cleanly is stored as plain tuples with ``marshal`` (each work as its
own compact layout, ``aligntui.catalog.work``, so loading makes each work in C)
under a key made of its bytes' SHA-256 (fed a megabyte at a time: a later open
never holds the file's bytes), aligntui's version, ``FORMAT`` and Python's
version; any change to the file, or an upgrade, misses the cache and parses afresh. Small catalogs
parse about as fast as they load from the cache, so they are not cached. A cache that cannot be
read or written is ignored: it only ever makes loading faster.

A cache file is not trusted for being in the cache folder: anyone who can
write there can name a file after a catalog's hash. Each file is sealed with
HMAC-SHA256 (RFC 2104) under a random key only this user can read
(``aligntui.catalog.cache_secret``), and its name (the cache key) is sealed
with it, so a file is read only if our own code wrote it, for this catalog's
bytes, from a catalog that validated (``load`` stores no other). A file is a
series of records, each its length (8 bytes, little-endian), its ``marshal``
bytes and the MAC of the name and every record so far (32 bytes); a record
is unmarshalled only after its MAC matched (``hmac.compare_digest``), and the
last record (None) proves that nothing was cut off. A file whose MAC does
not match, damaged anywhere or cut short, is a miss: the catalog is parsed
and validated afresh. A missing or untrusted key is a miss too, and the next
store makes a new key. A cache file that is not a regular file, not owned by
this user, writable by others or larger than ``MAX_FILE_BYTES`` is not read
at all; ``marshal`` is told not to build code objects where it can (Python
3.13).

The records: the survey, the sections (each listing its works by their
positions in the catalog, so that a section's ids are the works' own string
objects, not a second copy of each), the totals and each distinct tuple of
section ids a work is listed in; then each ``CHUNK`` of works, as the columns
of their layouts (one list of ids, one of titles...: marshal makes no tuple
per work, and each ``Work`` is made in C from ``zip``) and, for each work,
the position of its sections' tuple (0 for none), so that loading makes
``Catalog.memberships`` without going over the sections; then None. At
100,000 synthetic works a warm load takes 0.2-0.25 s CPU with the collector
paused (the SHA-256 of the 57 MB catalog file and the MAC of the 30 MB cache
file included, ~0.05 s); format 9 checked every value again, 0.64-0.9 s.
"""

from __future__ import annotations

import hashlib
import hmac
import marshal
import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from operator import itemgetter
from pathlib import Path
from typing import Any, BinaryIO, Literal, TypeVar

from aligntui import __version__
from aligntui.catalog.cache_secret import read_secret, secret_for_writing
from aligntui.catalog.model import SCHEMA_VERSION, Catalog, Section, Survey, Work
from aligntui.system.atomic import atomic_binary
from aligntui.system.dirs import cache_dir
from aligntui.system.regularfile import digest_regular, open_regular

__all__ = [
    "MIN_BYTES",
    "Prefetched",
    "cache_directory",
    "key_for",
    "load_cached_file",
    "prefetch",
    "store",
    "store_later",
]

MIN_BYTES = 16_000
"""Catalogs smaller than this are parsed every time (the bundled one, 77 kB, is cached)."""
FORMAT = 14
"""The layout of a cache file; a change makes old files misses (10: sealed, memberships stored; 11: arXiv URLs
abbreviated in a work's references; 12: works stored by column; 13: a section's works as positions; 14: a work's
title and references one string)."""
KEEP = 4
"""How many cached catalogs to keep."""
MAX_FILE_BYTES = 128 * 1024 * 1024
"""The largest cache file read: twice the largest catalog (``load.MAX_BYTES``), whose cache file is about half its
size. A larger one (a link to some big file of ours, put there by someone else) is a miss, never read into memory."""


def cache_directory() -> Path:
    """Where parsed catalogs are kept (``ALIGNTUI_CACHE_DIR`` overrides)."""
    return cache_dir()


def _key(raw: bytes) -> str:
    digest = hashlib.sha256(raw)
    return _finish(digest)


def _finish(digest: Any) -> str:
    """The cache key: the file's SHA-256 (fed to ``digest``) with aligntui's, the schema's, the format's and
    Python's versions."""
    digest.update(f"|{__version__}|{SCHEMA_VERSION}|{FORMAT}|{sys.version_info[:2]}".encode())
    key: str = digest.hexdigest()
    return key


CHUNK = 5_000
"""Works per marshal record: loading chunk by chunk keeps the peak memory near the catalog's own."""
_TAG = 32
"""The bytes of a record's MAC (SHA-256's output)."""


class Untrusted(ValueError):
    """A cache file whose seal does not match: not written by our code, for this key, whole."""


def _seal(name: str, secret: bytes) -> Any:
    """The running MAC of a cache file called ``name``: its name first, so no file stands in for another's."""
    return hmac.new(secret, f"aligntui parse cache|{name}|".encode(), hashlib.sha256)


T = TypeVar("T")


def _write(file: BinaryIO, catalog: Catalog, name: str = "", secret: bytes = b"") -> None:
    """The catalog's records, sealed under ``secret`` for the file ``name`` (the default: no key anyone lacks)."""
    seal = _seal(name, secret)
    survey = catalog.survey
    place = {work_id: n for n, work_id in enumerate(catalog.works)}
    sections = [  # a section's works as positions: loading makes no second copy of every id
        (s.id, s.title, s.path, s.parent, s.description, s.children, [place[w] for w in s.works], s.depth)
        for s in catalog.sections.values()
    ]
    header = (survey.title, survey.authors, survey.year, survey.arxiv, survey.url, survey.venue, survey.list_title)
    memberships = catalog.memberships
    groups: dict[tuple[str, ...], int] = {(): 0}  # 0: listed in no section
    for listed_in in memberships.values():
        groups.setdefault(listed_in, len(groups))
    _put(file, seal, (header, sections, dict(catalog.totals), list(groups)))
    works = list(catalog.works.values())
    for start in range(0, len(works), CHUNK):
        chunk = works[start : start + CHUNK]
        places = [groups[memberships.get(work.id, ())] for work in chunk]
        columns = [list(column) for column in zip(*chunk, strict=True)]
        _put(file, seal, (columns, places))  # the columns of the works' own compact layout
    _put(file, seal, None)


def _put(file: BinaryIO, seal: Any, value: Any) -> None:
    """One record: its length, its marshal bytes, and the MAC of everything so far."""
    data = marshal.dumps(value)
    size = len(data).to_bytes(8, "little")
    seal.update(size)
    seal.update(data)
    file.write(size)
    file.write(data)
    file.write(seal.copy().digest())


_END = marshal.dumps(None)
"""The last record's bytes: ``None``, which proves that nothing was cut off."""


def _verified(file: BinaryIO, name: str, secret: bytes) -> Iterator[bytes]:
    """The bytes of each record of the cache file ``name`` but the last, each once its MAC matched; then checks
    that the file ends there. Raises ``Untrusted`` or ``EOFError``."""
    seal = _seal(name, secret)
    limit = os.fstat(file.fileno()).st_size
    while (data := _checked(file, seal, limit)) != _END:
        yield data
    if file.read(1):
        raise Untrusted("the cache file goes on after its end")


def _checked(file: BinaryIO, seal: Any, limit: int) -> bytes:
    """The next record's bytes, once its MAC matched; raises ``Untrusted`` or ``EOFError``."""
    size = file.read(8)
    if len(size) != 8:
        raise EOFError("the cache file is cut short")
    length = int.from_bytes(size, "little")
    if length > limit:
        raise Untrusted("the cache file is damaged")
    data = file.read(length)
    tag = file.read(_TAG)
    if len(data) != length or len(tag) != _TAG:
        raise EOFError("the cache file is cut short")
    seal.update(size)
    seal.update(data)
    if not hmac.compare_digest(seal.copy().digest(), tag):
        raise Untrusted("the cache file's seal does not match")
    return data


def _loads(data: bytes) -> Any:
    """A verified record's value."""
    if sys.version_info >= (3, 13):
        return marshal.loads(data, allow_code=False)
    return marshal.loads(data)  # pragma: no cover - before Python 3.13


def _build(records: Iterator[bytes], path: Path) -> Catalog:
    """The catalog of a cache file's verified records (``_verified``), the header first."""
    survey, raw_sections, totals, groups = _loads(next(records))
    works: dict[str, Work] = {}
    places: list[int] = []
    from_layout = partial(tuple.__new__, Work)  # Work.from_layout, called in C: no Python frame per work
    for data in records:
        columns, chunk_places = _loads(data)
        works.update(zip(columns[0], map(from_layout, zip(*columns, strict=True)), strict=True))
        places += chunk_places
    if len(places) != len(works) or (places and not 0 <= min(places) <= max(places) < len(groups)):
        raise Untrusted("the cache file's memberships do not match its works")  # checked now: made later
    ids = list(works)
    sections = {
        section_id: Section(section_id, title, path, parent, about, children, _ids_at(ids, listed), depth)
        for section_id, title, path, parent, about, children, listed, depth in raw_sections
    }
    return Catalog.build(Survey(*survey), sections, works, path, totals, partial(_memberships, works, places, groups))


def _ids_at(ids: list[str], positions: list[int]) -> tuple[str, ...]:
    """The ids at these positions, as a tuple (``itemgetter`` makes it in one C call: half the time of
    ``tuple(map(...))``, 7 ms of the 100,000-work catalog's load); raises ``IndexError`` for a position past the end."""
    if len(positions) < 2:
        return tuple(map(ids.__getitem__, positions))
    found: tuple[str, ...] = itemgetter(*positions)(ids)
    return found


def _memberships(
    works: dict[str, Work], places: list[int], groups: list[tuple[str, ...]]
) -> dict[str, tuple[str, ...]]:
    """``Catalog.memberships`` from each work's place in ``groups`` (0: listed in no section, never in a
    validated catalog), made on first use: 30 ms at 100,000 works, after the first paint."""
    memberships = dict(zip(works, map(groups.__getitem__, places), strict=True))
    if 0 in places:
        for work_id, place in zip(works, places, strict=True):
            if not place:
                del memberships[work_id]
    return memberships


def load_cached_file(
    path: Path, limit: int, key: str | Literal[False] | None = False, read: Prefetched | None = None
) -> Catalog | None:
    """The cached catalog for the file at ``path`` (at most ``limit`` bytes), or None (also when it cannot be read).

    ``key`` is the file's ``file_key`` when the caller worked it out already
    (None: no cached catalog can match); left out, it is worked out here.
    ``read``: that key's cache file read and verified ahead (``prefetch``).
    """
    if key is False:
        key = file_key(path, limit)
    if key is None:
        return None
    if read is not None and read.key == key:
        try:
            return _build(read.take(), path)
        except _NOT_OURS:
            return None
    return _load_key(key, path)


class Prefetched:
    """A cache file's records read and verified ahead (``prefetch``), each let go once it is built."""

    __slots__ = ("_records", "key")

    def __init__(self, key: str, records: Iterable[bytes]) -> None:
        self.key = key
        self._records = deque(records)

    def take(self) -> Iterator[bytes]:
        """The records, each let go as it is taken (100,000 works' records hold 27 MB): they can be taken once."""
        records = self._records
        while records:
            yield records.popleft()


def prefetch(key: str | None) -> Prefetched | None:
    """The cache file for ``key`` read and verified (its MACs) ahead, or None when there is none to trust.

    Made on the thread that hashed the catalog file while the explorer imports
    Textual: reading and HMAC-SHA256 let other threads run (CPython releases
    the GIL for both), so the first paint waits only for unmarshalling and
    building (issue 23: 23 ms of a 100,000-work catalog's 160). The records
    are the bytes whose MACs matched: nothing is read from the file again.
    """
    return None if key is None else _from_file(key, partial(Prefetched, key))


def file_key(path: Path, limit: int) -> str | None:
    """The cache key of the file at ``path``: its SHA-256, in hex; None when it is too small or cannot be read.

    The file is hashed a megabyte at a time, so a later open never holds the
    file's bytes (57 MB for 100,000 works) beside the catalog it builds;
    reading and hashing let other threads run (CPython releases the GIL for
    both), so a caller can work this out on a thread while it imports.
    """
    digest = hashlib.sha256()
    try:
        if digest_regular(path, limit, digest) < MIN_BYTES:
            return None
    except OSError:
        return None
    return _finish(digest)


def _load_key(key: str, path: Path) -> Catalog | None:
    return _from_file(key, partial(_build, path=path))


def _from_file(key: str, use: Callable[[Iterator[bytes]], T]) -> T | None:
    """``use`` given the verified records of the cache file for ``key`` (``_verified``), as they are read; None when
    there is no such file to trust, or ``use`` fails as a file that is not a catalog of ours makes it fail."""
    directory = cache_directory()
    secret = read_secret(directory)
    if secret is None:
        return None
    try:
        with open_regular(directory / f"{key}.marshal") as file:
            status = os.fstat(file.fileno())
            if not _ours(status) or status.st_size > MAX_FILE_BYTES:
                return None
            return use(_verified(file, key, secret))
    except _NOT_OURS:
        return None


_NOT_OURS = (
    OSError,
    EOFError,
    ValueError,
    TypeError,
    IndexError,
    KeyError,
    AttributeError,
    RecursionError,
    StopIteration,
)
"""What reading a cache file that is not a catalog of ours raises: ``Untrusted`` is a ``ValueError``; the others
stand for a file our own older code wrote."""


def _ours(status: os.stat_result) -> bool:
    """A file this user owns and no one else may write (as ``ssh`` wants of its keys); always so on Windows."""
    if not hasattr(os, "getuid"):  # pragma: no cover - Windows
        return True
    return status.st_uid == os.getuid() and not status.st_mode & 0o022


def store(raw: bytes, catalog: Catalog) -> None:
    """Keep a parsed catalog for next time (one that validated: it is read back unchecked); failures are ignored."""
    storer = store_later(key_for(raw), catalog)
    if storer is not None:
        storer()


def key_for(raw: bytes) -> str | None:
    """The cache key of a catalog file's bytes, or None for a file too small to be cached."""
    return None if len(raw) < MIN_BYTES else _key(raw)


def store_later(key: str | None, catalog: Catalog) -> Callable[[], None] | None:
    """A function that keeps ``catalog`` for next time under ``key`` (``key_for``), or None when ``key`` is None.

    ``catalog`` must be one that validated: a sealed file is read back without checking its values again.

    Take the key from the bytes that were parsed, before parsing: a file
    changed meanwhile can then never be given this catalog; the function holds
    the key and the catalog, not the bytes.
    """
    if key is None:
        return None
    return lambda: _store(key, catalog)


def _store(key: str, catalog: Catalog) -> None:
    directory = cache_directory()
    try:
        directory.mkdir(parents=True, exist_ok=True)
        secret = secret_for_writing(directory)
        with atomic_binary(directory / f"{key}.marshal", sync=False, private=True) as file:
            _write(file, catalog, key, secret)
        cached = sorted(directory.glob("*.marshal"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in cached[KEEP:]:
            old.unlink(missing_ok=True)
    except (OSError, ValueError):
        pass
