"""Reading JSON that someone else may have written: bounded in size and in depth (the standard library only).

``json.loads`` recurses once per nested array or object, and a file of
``[[[[...`` a few thousand deep raises ``RecursionError``, which is no
``ValueError`` and so escapes the handlers of a reader that expects bad JSON.
``parse_json`` first measures the depth with one linear scan of the text
(strings skipped) and refuses anything nested more than ``max_depth`` levels
with ``JsonRefused``, a ``ValueError`` that says where; ``read_json`` reads
the file through ``aligntui.system.regularfile`` first, so that a FIFO, a
device or a file over the size limit is refused before any byte is read.
aligntui's own JSON files (marks, sessions, state) nest three levels at most.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from aligntui.system.regularfile import read_regular_text

__all__ = ["MAX_DEPTH", "JsonRefused", "parse_json", "read_json"]

MAX_DEPTH = 32
"""Arrays and objects nested more deeply than this are refused (marks and sessions need 3)."""

# A backslash takes the character after it along, so an escaped quote is never taken for the end of a string.
_TOKENS = re.compile(r'\\.|["\[\]{}]', re.DOTALL)


class JsonRefused(ValueError):
    """Text that is not JSON, or JSON nested too deeply; the message says why and where (line and column from 1)."""


def _where(text: str, offset: int) -> str:
    line = text.count("\n", 0, offset) + 1
    return f"line {line}, column {offset - (text.rfind(chr(10), 0, offset) + 1) + 1}"


def parse_json(text: str, *, max_depth: int = MAX_DEPTH) -> Any:
    """The value of JSON ``text`` nested at most ``max_depth`` levels; raises ``JsonRefused`` (time linear in size)."""
    depth = 0
    in_string = False
    for token in _TOKENS.finditer(text):
        char = token.group()
        if char == '"':
            in_string = not in_string
        elif in_string or len(char) == 2:
            continue
        elif char in "[{":
            depth += 1
            if depth > max_depth:
                where = _where(text, token.start())
                raise JsonRefused(f"arrays and objects nested more than {max_depth} levels deep ({where})")
        else:
            depth -= 1
    try:
        return json.loads(text)
    except RecursionError:  # not reachable after the scan; kept so that no RecursionError ever escapes
        raise JsonRefused(f"arrays and objects nested more than {max_depth} levels deep") from None
    except ValueError as error:
        raise JsonRefused(str(error)) from None


def read_json(path: Path | str, *, limit: int, max_depth: int = MAX_DEPTH) -> Any:
    """The JSON value in the regular file ``path`` of at most ``limit`` bytes (UTF-8).

    Raises ``OSError`` (``FileRefused`` for a special or too large file, and
    ``FileNotFoundError``) or ``ValueError`` (``NotText``, ``JsonRefused``).
    """
    return parse_json(read_regular_text(path, limit), max_depth=max_depth)
