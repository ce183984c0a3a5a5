"""The name a catalog's personal files go by: the same wherever the catalog lies (core, no Textual).

One's marks and session are kept per catalog, under ``catalog_slug``: the
bundled catalog is ``bundled``; any other is named by its ``[survey]`` (the
title, and the arXiv id or else the URL: ``catalog_identity``), so moving its
folder or syncing it to another machine keeps them. ``legacy_slug`` is the
name aligntui gave before (a hash of the catalog's path), kept to find files
to migrate. Reads the catalog file's ``[survey]`` table when given a path.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from aligntui.catalog.model import Catalog, Survey

__all__ = ["catalog_identity", "catalog_slug", "identity_of_file", "is_bundled", "legacy_slug"]


def is_bundled(catalog_path: Path) -> bool:
    """Whether ``catalog_path`` is the catalog shipped with aligntui (symbolic links resolved)."""
    from aligntui.catalog.load import bundled_catalog_path

    return Path(os.path.realpath(catalog_path)) == Path(os.path.realpath(bundled_catalog_path()))


def legacy_slug(catalog_path: Path | None) -> str:
    """The file-name stem aligntui 0.x used: ``bundled``, or the catalog's stem and a hash of its resolved path.

    Kept only to find marks files to migrate (``MarkStore.for_catalog``).
    """
    if catalog_path is None or is_bundled(catalog_path):
        return "bundled"
    resolved = Path(os.path.realpath(catalog_path))
    digest = hashlib.sha256(str(resolved).encode("utf-8", "surrogateescape")).hexdigest()[:10]
    stem = "".join(c if c.isalnum() or c in "-_." else "_" for c in resolved.stem) or "catalog"
    return f"{stem}-{digest}"


def catalog_identity(survey: Survey) -> str:
    """What names a catalog wherever it lies: its survey's title, and its arXiv id or else its URL (one line each)."""
    return f"{' '.join(survey.title.split())}\n{survey.arxiv or survey.url or ''}"


_SURVEY_HEADER = re.compile(r"^[ \t]*\[[ \t]*survey[ \t]*\][ \t]*(?:#.*)?$", re.MULTILINE)
_NEXT_HEADER = re.compile(r"^[ \t]*\[", re.MULTILINE)


def identity_of_file(catalog_path: Path) -> str | None:
    """The ``catalog_identity`` of a catalog file, from its ``[survey]`` table; None when it has no survey title.

    Only that table is parsed when it is written as a ``[survey]`` header (so
    this stays fast for a catalog of 100,000 works); any other spelling
    (``survey.title = ...``, an inline table) parses the whole file, so the
    answer is always the one the loaded catalog gives.
    """
    from aligntui.catalog.model import Survey
    from aligntui.system.tomlread import TOMLDecodeError, loads

    try:
        text = catalog_path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
    header = _SURVEY_HEADER.search(text)
    try:
        if header is not None:
            after = _NEXT_HEADER.search(text, header.end())
            table: object = loads(text[header.end() : after.start() if after else len(text)])
        else:
            table = loads(text).get("survey")
    except TOMLDecodeError:
        return None
    if not isinstance(table, dict):
        return None
    title, arxiv, url = (table.get(name) for name in ("title", "arxiv", "url"))
    if not isinstance(title, str) or not title.strip():
        return None
    text_or_none = [value if isinstance(value, str) else None for value in (arxiv, url)]
    return catalog_identity(Survey(title, arxiv=text_or_none[0], url=text_or_none[1]))


def _slug_of_identity(identity: str) -> str:
    title = identity.split("\n", 1)[0]
    words = re.findall(r"[a-z0-9]+", _fold_for_slug(title))[:4]
    digest = hashlib.sha256(identity.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    return f"{'-'.join(words) or 'catalog'}-{digest}"


def _fold_for_slug(text: str) -> str:
    """Lower-case ASCII letters and digits of ``text`` for a file name (accents dropped)."""
    import unicodedata

    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()


def catalog_slug(catalog: Catalog | Path | None) -> str:
    """A file-name stem for a catalog's marks and session, the same wherever the catalog lies.

    ``bundled`` for the catalog shipped with aligntui (so marks survive
    reinstalling it), else the first words of its survey's title and a hash of
    ``catalog_identity`` (``from-instructions-to-basic-1a2b3c4d5e``). A
    catalog file without a readable ``[survey]`` title falls back to
    ``legacy_slug`` (its path).
    """
    from aligntui.catalog.model import Catalog

    if isinstance(catalog, Catalog):
        if catalog.path is None or is_bundled(catalog.path):
            return "bundled"
        return _slug_of_identity(catalog_identity(catalog.survey))
    if catalog is None or is_bundled(catalog):
        return "bundled"
    identity = identity_of_file(catalog)
    return legacy_slug(catalog) if identity is None else _slug_of_identity(identity)
