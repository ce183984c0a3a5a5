"""Find where a value stands in a TOML text, for error messages (pure).

``tomllib`` returns values without positions. ``Locator`` scans the text once,
on the first question, and answers "which line and column holds key K of the
N-th ``[[works]]`` table" and "where does the M-th element of that array start".
It understands the TOML that people write by hand; where it cannot tell, it
answers with the table's header line, which is still the right neighbourhood.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from functools import partial

__all__ = ["LazyLocator", "Locator", "Where", "nesting_position", "resolve"]

Position = tuple[int, int]
_Table = tuple[str | None, int | None]

# The name neither starts nor ends with a space, so a line that is no header fails in linear time (a lazy
# name followed by \s* backtracked quadratically: a minute for "[" and 4,000 spaces).
_HEADER = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.\"'-](?:[A-Za-z0-9_.\"' -]*[A-Za-z0-9_.\"'-])?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"^(\s*)([A-Za-z0-9_-]+|\"[^\"]*\")\s*[=.]")  # a dotted key stands where its first part does


class Locator:
    """Answers where keys and array elements stand in one TOML text."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._lines: list[str] | None = None
        self._keys: dict[tuple[str | None, int | None, str], Position] = {}
        self._tables: dict[_Table, Position] = {}
        self._starts: list[int] | None = None
        self._elements: dict[Position, list[Position]] = {}

    def _scan(self) -> list[str]:
        if self._lines is not None:
            return self._lines
        # Lines end at LF only, as TOML counts them: str.splitlines() would also end one at U+0085 or U+2028.
        self._lines = [line.removesuffix("\r") for line in self._text.split("\n")]
        counts: dict[str, int] = {}
        current: _Table = (None, None)
        in_multiline = False
        depth = 0
        for number, line in enumerate(self._lines, start=1):
            if in_multiline:
                if line.count('"""') % 2 == 1 or line.count("'''") % 2 == 1:
                    in_multiline = False
                continue
            if depth > 0:
                depth += _bracket_balance(line)
                continue
            header = _HEADER.match(line)
            if header:
                name = header.group(2).strip().strip("\"'")
                if header.group(1) == "[[":
                    index = counts.get(name, -1) + 1
                    counts[name] = index
                    current = (name, index)
                else:
                    current = (name, None)
                self._tables.setdefault(current, (number, len(line) - len(line.lstrip()) + 1))
                continue
            key = _KEY.match(line)
            if key:
                name = key.group(2).strip('"')
                self._keys.setdefault((current[0], current[1], name), (number, len(key.group(1)) + 1))
                rest = line[key.end() :]
                if rest.count('"""') % 2 == 1 or rest.count("'''") % 2 == 1:
                    in_multiline = True
                else:
                    depth = max(0, _bracket_balance(rest))
        return self._lines

    def table(self, header: str | None, index: int | None) -> Position:
        """Where a table's header stands (line 1 for the top level)."""
        self._scan()
        return self._tables.get((header, index), (1, 1))

    def key(self, header: str | None, index: int | None, key: str) -> Position:
        """Where ``key`` of a table stands, else the table's header."""
        self._scan()
        found = self._keys.get((header, index, key))
        return found if found is not None else self.table(header, index)

    def array_item(self, header: str | None, index: int | None, key: str, item: int) -> Position:
        """Where element ``item`` of the array under ``key`` starts, else the key."""
        lines = self._scan()
        start = self._keys.get((header, index, key))
        if start is None:
            return self.table(header, index)
        elements = self._elements.get(start)
        if elements is None:  # one scan per array, however many of its elements a message names
            elements = self._elements[start] = _elements(lines, start)
        return elements[item] if 0 <= item < len(elements) else start

    def find(self, start: Position, pattern: re.Pattern[str]) -> Position | None:
        """Where ``pattern`` first matches at or after ``start`` (line and column from 1), else None."""
        if self._starts is None:
            self._starts = [0, *(match.end() for match in re.finditer("\n", self._text))]
        line, column = start
        if not 1 <= line <= len(self._starts):
            return None
        match = pattern.search(self._text, self._starts[line - 1] + column - 1)
        if match is None:
            return None
        found = bisect.bisect_right(self._starts, match.start())
        return (found, match.start() - self._starts[found - 1] + 1)


Where = Callable[[], tuple[int, int]] | tuple[int, int]


def resolve(where: Where) -> tuple[int, int]:
    """The line and column a ``Where`` stands for."""
    return where() if callable(where) else where


class LazyLocator:
    """Answers "where is it" with a promise, kept only if a problem is reported.

    Finding a position means scanning the text; a valid 100,000-work catalog
    must not pay for positions that no message will ever name.
    """

    def __init__(self, text: str) -> None:
        self._locator = Locator(text)

    def key(self, header: str | None, index: int | None, key: str) -> Where:
        """Where ``key`` of a table will be found."""
        return partial(self._locator.key, header, index, key)

    def table(self, header: str | None, index: int | None) -> Where:
        """Where a table's header will be found."""
        return partial(self._locator.table, header, index)

    def array_item(self, header: str | None, index: int | None, key: str, item: int) -> Where:
        """Where element ``item`` of an array will be found."""
        return partial(self._locator.array_item, header, index, key, item)

    def find_after(self, where: Where, pattern: re.Pattern[str]) -> Where:
        """Where ``pattern`` first matches at or after ``where``, else ``where`` itself."""

        def position() -> Position:
            start = resolve(where)
            found = self._locator.find(start, pattern)
            return found if found is not None else start

        return position


def _bracket_balance(text: str) -> int:
    """Open minus closed brackets outside strings and comments."""
    balance = 0
    quote = ""
    escaped = False
    for char in text:
        if quote:
            if escaped:
                escaped = False
            elif char == "\\" and quote == '"':
                escaped = True
            elif char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char == "#":
            break
        elif char in "[{":
            balance += 1
        elif char in "]}":
            balance -= 1
    return balance


def _elements(lines: list[str], start: Position) -> list[Position]:
    """Where each top-level element of the array value of the key at ``start`` starts (time linear in its length)."""
    line_no, _ = start
    first = lines[line_no - 1]
    column = first.index("=") + 1
    depth = 0
    quote = ""
    escaped = False
    found: list[Position] = []
    expecting = False
    for number in range(line_no, len(lines) + 1):
        text = lines[number - 1]
        offset = column if number == line_no else 0
        for col in range(offset, len(text)):
            char = text[col]
            if quote:
                if escaped:
                    escaped = False
                elif char == "\\" and quote == '"':
                    escaped = True
                elif char == quote:
                    quote = ""
                continue
            if char == "#":
                break
            if expecting and not char.isspace() and char not in ",]":
                found.append((number, col + 1))
                expecting = False
            if char in "\"'":
                quote = char
            elif char in "[{":
                depth += 1
                if depth == 1 and char == "[":
                    expecting = True
            elif char in "]}":
                depth -= 1
                if depth == 0:
                    return found
            elif char == "," and depth == 1:
                expecting = True
    return found


def nesting_position(text: str, limit: int) -> Position | None:
    """Where arrays and inline tables first nest more than ``limit`` levels deep, else None (iterative).

    Table headers (``[survey]``, ``[[works]]``) do not count; strings and
    comments are skipped. Used only after the TOML reader gave up, to say where.
    """
    depth = 0
    quote = ""
    for number, line in enumerate(text.split("\n"), start=1):
        col = 0
        if not quote and depth == 0:
            stripped = line.lstrip()
            if stripped.startswith("["):
                continue  # a table header
            col = line.find("=") + 1
            if col == 0:
                continue
        escaped = False
        while col < len(line):
            char = line[col]
            col += 1
            if quote:
                if escaped:
                    escaped = False
                elif char == "\\" and quote[0] == '"':
                    escaped = True
                elif line.startswith(quote, col - 1):
                    col += len(quote) - 1
                    quote = ""
            elif char in "\"'":
                quote = char * 3 if line.startswith(char * 3, col - 1) else char
                col += len(quote) - 1
            elif char == "#":
                break
            elif char in "[{":
                depth += 1
                if depth > limit:
                    return (number, col)
            elif char in "]}":
                depth = max(0, depth - 1)
        if quote in ("'", '"'):
            quote = ""  # a one-line string ends with its line
    return None


def dotted_key_position(text: str, limit: int) -> Position | None:
    """The first line whose key has more than ``limit`` dots (``a.a.a...= 1``), at column 1, else None.

    ``tomli`` (Python 3.10) recurses once per part of a dotted key and gives up some hundreds deep, where
    ``tomllib`` reads it; used only after the TOML reader gave up, to say where. Linear in the text's length.
    """
    for number, line in enumerate(text.split("\n"), start=1):
        key = line.split("=", 1)[0] if "=" in line else ""
        if key.count(".") > limit and '"' not in key and "'" not in key:
            return number, 1
    return None
