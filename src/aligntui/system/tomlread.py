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
from collections.abc import Callable, Iterator
from itertools import pairwise
from typing import Any

__all__ = ["PiecesRefused", "TOMLDecodeError", "array_in_pieces", "loads", "loads_in_pieces"]


class TOMLDecodeError(ValueError):
    """Text that is not TOML: the message is ``tomllib``'s (its ``TOMLDecodeError`` is the ``__cause__``).

    Ours, so that catching it imports no ``tomllib``: the standard library's
    parser is imported only for text ``rtoml`` refuses (about 4 ms a start).
    """


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
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib
    try:
        document: dict[str, Any] = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise TOMLDecodeError(str(error)) from error
    return document


def _cuts(text: str, header: str, every: int) -> list[int]:
    """Where the text is cut: before every ``every``-th line that is exactly ``[[header]]``, from the first."""
    mark = f"\n[[{header}]]\n"
    cuts: list[int] = []
    found = text.find(mark)
    count = 0
    while found != -1:
        if count % every == 0:
            cuts.append(found + 1)
        count += 1
        found = text.find(mark, found + len(mark) - 1)
    return cuts


class PiecesRefused(Exception):
    """``array_in_pieces`` cannot read this text piece by piece: read it whole (``loads_in_pieces``)."""


def array_in_pieces(text: str, header: str, every: int = 1_000) -> tuple[dict[str, Any], Iterator[list[Any]]]:
    """The document before its first ``[[header]]`` table, and the ``[[header]]`` tables, ``every`` at a time.

    For a document whose ``[[header]]`` tables come last (a catalog's works):
    each piece is parsed only when the iterator reaches it, so the caller can
    turn one piece into its own objects before the next is parsed, and a large
    document is never held parsed whole (about six times its text). Raises
    ``PiecesRefused`` (at once, or from the iterator) for a text this cannot
    read exactly as ``loads`` would: no ``rtoml``, fewer than two pieces, a key
    other than ``header`` after the first ``[[header]]``, a piece ``rtoml``
    refuses. Values already taken from the iterator are then to be dropped,
    and the text read with ``loads_in_pieces``, which says what is wrong.
    """
    cuts = _cuts(text, header, every)
    fast = _fast
    if fast is None or len(cuts) < 2:
        raise PiecesRefused
    try:
        head = fast(text[: cuts[0]])
    except _FAST_ERRORS:
        raise PiecesRefused from None
    if header in head:
        raise PiecesRefused

    def tables() -> Iterator[list[Any]]:
        for start, end in pairwise([*cuts, len(text)]):
            try:
                piece = fast(text[start:end])
            except _FAST_ERRORS:
                raise PiecesRefused from None
            if list(piece) != [header]:
                raise PiecesRefused
            yield piece.pop(header)

    return head, tables()


class _Whole(Exception):
    """The pieces do not add up to the document as one parse would read it: parse it whole."""


_WHOLE_ERRORS: tuple[type[Exception], ...] = (_Whole, *_FAST_ERRORS)


def loads_in_pieces(text: str, header: str, every: int = 1_000) -> dict[str, Any]:
    """``loads(text)`` for a document with a long array of tables ``[[header]]``, read ``every`` tables at a time.

    ``rtoml`` holds its own copy of a whole document while it builds the
    Python one, about ten times the text (1.2 GB for a 57 MB catalog of
    100,000 works); piece by piece it holds one piece's. The text is cut
    before lines that are exactly ``[[header]]``, and the pieces' arrays are
    joined. A cut that falls inside a multi-line string leaves that string
    open in the piece before it, a syntax error, and any key two pieces both
    define is one the whole document would define twice or spread over
    headers: in either case the text is parsed whole, so the answer and every
    error are ``loads(text)``'s.
    """
    cuts = _cuts(text, header, every)
    if _fast is None or len(cuts) < 2:
        return loads(text)
    bounds = [0, *cuts, len(text)]
    merged: dict[str, Any] = {}
    try:
        for number, (start, end) in enumerate(pairwise(bounds)):
            for key, value in _fast(text[start:end]).items():
                if key == header and number > 0:
                    merged.setdefault(header, []).extend(value)
                elif key in merged or key == header:
                    raise _Whole
                else:
                    merged[key] = value
    except _WHOLE_ERRORS:
        return loads(text)
    return merged
