"""The TOML reader: ``rtoml`` when it parses the text, ``tomllib`` (``tomli`` before 3.11) for the rest (pure).

``rtoml`` (a Rust parser, PyPI) reads a large catalog about four times faster
than ``tomllib``: 2 s instead of 8 s for 100,000 works, the whole of a first
open's budget. Anything ``rtoml`` refuses is parsed again with ``tomllib``, so
every syntax error is the standard library's ``TOMLDecodeError`` with its
message and position, and text nested too deeply still raises ``RecursionError``
as before. ``rtoml`` reads TOML 1.1, so it also accepts the few forms 1.1 adds
(``\\xHH`` and ``\\e`` escapes, inline tables over several lines); the catalog's
own rules refuse the control characters those escapes can make. Without
``rtoml`` installed, ``tomllib`` reads everything.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

__all__ = ["TOMLDecodeError", "loads"]

TOMLDecodeError = tomllib.TOMLDecodeError

_fast: Callable[[str], dict[str, Any]] | None
try:
    import rtoml

    _fast = rtoml.loads
    _FAST_ERRORS: tuple[type[Exception], ...] = (rtoml.TomlParsingError, ValueError, TypeError)
except ImportError:  # pragma: no cover - rtoml is a dependency; this keeps a partial install working
    _fast = None
    _FAST_ERRORS = ()


def loads(text: str) -> dict[str, Any]:
    """The TOML document ``text`` as a dict; raises ``TOMLDecodeError`` (or ``RecursionError``) as ``tomllib`` does."""
    if _fast is not None:
        try:
            return _fast(text)
        except _FAST_ERRORS:
            pass  # tomllib says what is wrong, and where, in the words the tests and users know
    document: dict[str, Any] = tomllib.loads(text)
    return document
