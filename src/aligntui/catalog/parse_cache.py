"""A cache of parsed catalogs, so a large catalog opens in a fraction of its parse time (pure).

Parsing and validating take seconds for a catalog of 100,000 works. A catalog that
validated cleanly is stored as plain tuples with ``marshal`` (each work as its
own compact layout, ``aligntui.catalog.work``, so loading makes each work in C)
under a key made of its bytes' SHA-256 (fed a megabyte at a time: a later open
never holds the file's bytes), aligntui's version, ``FORMAT`` and Python's
version; any change to the file, or an upgrade, misses the cache and parses afresh. Small catalogs
parse about as fast as they load from the cache, so they are not cached. A cache that cannot be
read or written is ignored: it only ever makes loading faster.

A cache file is not trusted for being in the cache folder: anyone who can
write there can name a file after a catalog's hash. Before its data becomes
a catalog, the ``_verify_*`` functions check again what validation
guaranteed: every value of the type its field has (a work's references
string split back into its values, its rare fields' names known), every id
an id, every string free of the
characters ``aligntui.text.safe`` calls unsafe (TAB and LINE FEED only in
descriptions and notes), every URL an http or https one
(``system.browser.open_url`` checks the whole URL again before opening it),
every section's works and children present. The checks run over whole
columns at once (a 100,000-work catalog's strings take a few regular
expression matches in C), and a file that fails any is a miss: the catalog
is parsed and validated afresh. A cache file that is not a regular file, not
owned by this user, or writable by others is not read at all; ``marshal``
is told not to build code objects where it can (Python 3.13).
"""

from __future__ import annotations

import hashlib
import marshal
import os
import re
import sys
from collections.abc import Callable
from functools import partial
from itertools import chain
from operator import is_not, itemgetter
from pathlib import Path
from typing import Any, BinaryIO

from aligntui import __version__
from aligntui.catalog.model import SCHEMA_VERSION, WORK_TYPES, Catalog, Section, Survey, Work
from aligntui.catalog.work import RARE_DEFAULTS, REFERENCE_SEPARATOR
from aligntui.system.atomic import atomic_binary
from aligntui.system.dirs import cache_dir
from aligntui.system.regularfile import digest_regular, open_regular
from aligntui.text.safe import is_safe, is_safe_line

__all__ = ["MIN_BYTES", "cache_directory", "key_for", "load_cached_file", "store", "store_later"]

MIN_BYTES = 16_000
"""Catalogs smaller than this are parsed every time (the bundled one, 77 kB, is cached)."""
FORMAT = 9
"""The layout of a cache file, and the validation rules it was checked by; a change makes old files misses."""
KEEP = 4
"""How many cached catalogs to keep."""


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
        _put(file, [tuple(work) for work in works[start : start + CHUNK]])  # a work's own compact layout
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
    if sys.version_info >= (3, 13):
        return marshal.loads(data, allow_code=False)
    return marshal.loads(data)  # pragma: no cover - before Python 3.13


def _read(file: BinaryIO, path: Path) -> Catalog:
    survey, raw_sections, totals = _get(file)
    _verify_head(survey, raw_sections, totals)
    sections = {s[0]: Section(*s) for s in raw_sections}
    works: dict[str, Work] = {}
    from_layout = partial(tuple.__new__, Work)  # Work.from_layout, called in C: no Python frame per work
    while (chunk := _get(file)) is not None:
        _verify_works(chunk)
        made = list(map(from_layout, chunk))
        works.update(zip(map(_ID_OF, made), made, strict=True))
    _verify_members(sections, works)
    return Catalog.build(Survey(*survey), sections, works, path, totals)


# --- checking a cache file again (see the module) ------------------------------

_NONE = type(None)
_IDS = re.compile(r"(?:[A-Za-z0-9][A-Za-z0-9_.:-]*\n)*[A-Za-z0-9][A-Za-z0-9_.:-]*")
"""Ids one a line (``catalog.validate``'s id rule)."""
_URLS = re.compile(r"(?:(?i:https?)://[^\s/?#@]+[^\s]*\n)*(?i:https?)://[^\s/?#@]+[^\s]*")
"""http(s) URLs one a line: the careful check, for a chunk whose URLs do not all start ``http://`` or ``https://``."""
_ID_OF = itemgetter(0)
_LAYOUT = 8
"""The values of a work's stored layout (``aligntui.catalog.work``): id, title, authors, year, venue, type,
references, rare fields."""
_RARE_TUPLES = frozenset(name for name, default in RARE_DEFAULTS.items() if default == ())
_RARE_STRINGS = frozenset(name for name, default in RARE_DEFAULTS.items() if default is None or default == "")
CHECKED = {
    "layout": ("id", "title", "authors", "year", "venue", "type"),
    "references": ("arxiv", "doi", "source", "links"),
    "rare": (*sorted(_RARE_TUPLES), *sorted(_RARE_STRINGS), "authors_complete"),
}
"""Where ``_verify_works`` checks each field of a work (every one of ``WORK_FIELDS``)."""


class Untrusted(ValueError):
    """A cache file whose data validation would not have let through."""


def _types(values: Any, *allowed: type) -> None:
    """Every value's type is one of ``allowed`` (exactly: a bool is no int here); one pass in C."""
    if not set(map(type, values)) <= set(allowed):
        raise Untrusted(f"a value is not {' or '.join(kind.__name__ for kind in allowed)}")


def _safe_lines(values: list[str]) -> None:
    # Joined by spaces: a zero-width character at either end of a value stands next to a space, as it would alone.
    if not is_safe_line(" ".join(values)):
        raise Untrusted("a string holds an unsafe character")


def _verify_head(survey: Any, sections: Any, totals: Any) -> None:
    _types([survey, *survey[1:2]], tuple)
    if len(survey) != 7:
        raise Untrusted("the survey has the wrong shape")
    _types([survey[0], *survey[1]], str)
    _types([survey[2]], int, _NONE)
    _types(survey[3:], str, _NONE)
    _types([sections], list)
    _types(sections, tuple)
    if set(map(len, sections)) - {8}:
        raise Untrusted("a section has the wrong shape")
    ids, titles, paths, parents, descriptions, children, members, depths = (
        zip(*sections, strict=True) if sections else ((),) * 8
    )
    _types([*ids, *titles, *descriptions], str)
    _types([*paths, *children, *members], tuple)
    _types(chain(*paths, *children, *members), str)
    _types(parents, str, _NONE)
    _types(depths, int)
    if _IDS.fullmatch("\n".join(ids)) is None and ids:
        raise Untrusted("a section id is not an id")
    _safe_lines([survey[0], *survey[1], *(s for s in survey[3:] if s), *titles, *chain(*paths)])
    if not is_safe(" ".join(descriptions)):
        raise Untrusted("a description holds an unsafe character")
    if survey[4] is not None and not _URLS.fullmatch(survey[4]):
        raise Untrusted("the survey's URL is not a web address")
    known = set(ids)
    if not {p for p in parents if p is not None} <= known or not set(chain(*children)) <= known:
        raise Untrusted("a section names a section that is not there")
    _types([totals], dict)
    _types(totals, str)
    _types(totals.values(), int)


def _present(values: Any) -> list[Any]:
    """The values that are not None (a filter in C)."""
    return list(filter(partial(is_not, None), values))


def _joined(values: list[Any], separator: str = " ") -> str:
    """The strings joined; ``str.join`` itself refuses anything that is not a string (``Untrusted``)."""
    try:
        return separator.join(values)
    except TypeError:
        raise Untrusted("a value is not a string") from None


def _verify_works(chunk: Any) -> None:
    """One chunk of work layouts: a few passes in C over whole columns (``str.join`` checks the types)."""
    _types([chunk], list)
    _types(chunk, tuple)
    if set(map(len, chunk)) - {_LAYOUT}:
        raise Untrusted("a work has the wrong shape")
    columns = list(zip(*chunk, strict=True))
    if not columns:
        return
    ids, titles, authors, years, venues, types, references, rare = columns
    _types(years, int, _NONE)
    _types(authors, tuple)
    _types(references, str, _NONE)
    _types(rare, tuple, _NONE)
    if not set(types) <= set(WORK_TYPES):
        raise Untrusted("a work has an unknown type")
    if _IDS.fullmatch(_joined(list(ids), "\n")) is None:
        raise Untrusted("a work id is not an id")
    one_line: list[Any] = [*titles, *_present(venues), *chain.from_iterable(authors)]
    present = _present(references)
    one_line.append(_joined(present).replace(REFERENCE_SEPARATOR, " "))
    urls: list[str] = []
    for value in present:
        parts = value.split(REFERENCE_SEPARATOR)
        if len(parts) < 3 or len(parts) % 2 == 0 or not all(parts[3::2]):
            raise Untrusted("a work's references have the wrong shape")
        urls += parts[4::2]
        if parts[2]:
            urls.append(parts[2])
    notes: list[Any] = []
    # Equal rare records are one object (work._shared_pairs; marshal keeps that within a chunk): each checked once.
    for pairs in dict(zip(map(id, rare), rare, strict=True)).values():
        if pairs is None:
            continue
        if len(pairs) % 2:
            raise Untrusted("a work's rare fields have the wrong shape")
        for name, value in zip(pairs[::2], pairs[1::2], strict=True):
            if name == "note":
                notes.append(value)
            elif name in _RARE_STRINGS:
                one_line.append(value)
            elif name in _RARE_TUPLES:
                _types([value], tuple)
                one_line.extend(value)
            elif name != "authors_complete" or type(value) is not bool:
                raise Untrusted("a work has an unknown field")
    if not is_safe_line(_joined(one_line)):
        raise Untrusted("a string holds an unsafe character")
    if not is_safe(_joined(notes)):
        raise Untrusted("a note holds an unsafe character")
    # No URL holds a line break (checked above), so each "\nhttp" starts one: two counts in C settle the common case.
    joined = "\n" + "\n".join(urls)
    if joined.count("\nhttps://") + joined.count("\nhttp://") != len(urls) and not all(map(_URLS.fullmatch, urls)):
        raise Untrusted("a URL is not a web address")


def _verify_members(sections: dict[str, Section], works: dict[str, Work]) -> None:
    if not set(chain.from_iterable(section.works for section in sections.values())) <= works.keys():
        raise Untrusted("a section names a work that is not there")


def load_cached_file(path: Path, limit: int) -> Catalog | None:
    """The cached catalog for the file at ``path`` (at most ``limit`` bytes), or None (also when it cannot be read).

    The file is hashed a megabyte at a time, so a later open never holds the
    file's bytes (57 MB for 100,000 works) beside the catalog it builds.
    """
    digest = hashlib.sha256()
    try:
        if digest_regular(path, limit, digest) < MIN_BYTES:
            return None
    except OSError:
        return None
    return _load_key(_finish(digest), path)


def _load_key(key: str, path: Path) -> Catalog | None:
    try:
        with open_regular(cache_directory() / f"{key}.marshal") as file:
            if not _ours(os.fstat(file.fileno())):
                return None
            return _read(file, path)
    except (OSError, EOFError, ValueError, TypeError, IndexError, KeyError, AttributeError, RecursionError):
        return None


def _ours(status: os.stat_result) -> bool:
    """A file this user owns and no one else may write (as ``ssh`` wants of its keys); always so on Windows."""
    if not hasattr(os, "getuid"):  # pragma: no cover - Windows
        return True
    return status.st_uid == os.getuid() and not status.st_mode & 0o022


def store(raw: bytes, catalog: Catalog) -> None:
    """Keep a parsed catalog for next time; failures are ignored."""
    storer = store_later(key_for(raw), catalog)
    if storer is not None:
        storer()


def key_for(raw: bytes) -> str | None:
    """The cache key of a catalog file's bytes, or None for a file too small to be cached."""
    return None if len(raw) < MIN_BYTES else _key(raw)


def store_later(key: str | None, catalog: Catalog) -> Callable[[], None] | None:
    """A function that keeps ``catalog`` for next time under ``key`` (``key_for``), or None when ``key`` is None.

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
        with atomic_binary(directory / f"{key}.marshal", sync=False, private=True) as file:
            _write(file, catalog)
        cached = sorted(directory.glob("*.marshal"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in cached[KEEP:]:
            old.unlink(missing_ok=True)
    except (OSError, ValueError):
        pass
