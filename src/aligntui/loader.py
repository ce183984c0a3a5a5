"""Loading a catalog file: read, parse (or take from the parse cache), validate (pure, no Textual).

``load_catalog`` returns a ``Catalog`` or raises ``CatalogError`` carrying every
problem found, each with the file, line and column it concerns.
"""

from __future__ import annotations

import gc
import re
from pathlib import Path

from aligntui import cache
from aligntui.catalog import Catalog, CatalogError, Problem
from aligntui.tomlread import TOMLDecodeError, loads
from aligntui.validation import build_catalog

__all__ = ["bundled_catalog_path", "load_catalog", "parse_catalog"]


def bundled_catalog_path() -> Path:
    """The catalog that ships inside the package (or beside ``src/`` in a checkout)."""
    packaged = Path(__file__).resolve().parent / "data" / "catalog.toml"
    if packaged.is_file():
        return packaged
    return Path(__file__).resolve().parents[2] / "catalog.toml"


_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


def parse_catalog(text: str, name: str = "<catalog>", path: Path | None = None) -> Catalog:
    """Parse and validate catalog text; raise ``CatalogError`` listing every problem."""
    try:
        data = loads(text)
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
    """Load and validate a catalog file (the bundled one when ``path`` is None); raises ``CatalogError``."""
    # Building a large catalog makes hundreds of thousands of objects, none of
    # them garbage: the collector's passes over them would only cost time.
    paused = gc.isenabled()
    gc.disable()
    try:
        return _load(path)
    finally:
        if paused:
            gc.enable()


def _load(path: Path | str | None) -> Catalog:
    file = Path(path) if path is not None else bundled_catalog_path()
    name = str(path) if path is not None else "catalog.toml (bundled)"
    try:
        raw = file.read_bytes()
    except OSError as error:
        reason = error.strerror or str(error)
        raise CatalogError([Problem(name, 0, 0, f"cannot read the catalog: {reason}")]) from None
    cached = cache.load_cached(raw, file)
    if cached is not None:
        return cached
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise CatalogError([Problem(name, line, 1, "the catalog is not valid UTF-8")]) from None
    catalog = parse_catalog(text, name, file)
    cache.store(raw, catalog)
    return catalog
