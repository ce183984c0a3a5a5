"""The character rules of a catalog: which characters its strings and its text may hold (pure).

A catalog is text someone else wrote. Every string in it reaches a terminal
(the TUI, ``aligntui list``, a citation), so the validator refuses the
characters ``aligntui.text.safe`` calls unsafe (control characters, the
bidirectional controls of Unicode Standard Annex #9, stray zero-width
characters, and the invisible characters such as the soft hyphen, the tag
characters and the Hangul fillers; see the "Trojan Source" attacks, Boucher
and Anderson, 2021)
wherever they stand, comments included, and tabs and line breaks in every
string but the two that may span lines (``description`` and ``note``).
The rules are documented in ``docs/catalog.md``.
"""

from __future__ import annotations

import re

from aligntui.text.safe import _ALWAYS, _PRINTABLE_UNSAFE, character_name, unsafe_characters
from aligntui.text.safe import _INVISIBLE as _INVISIBLE_RANGES

__all__ = [
    "MULTI_LINE_KEYS",
    "character_kind",
    "escape_pattern",
    "literal_problems",
    "needs_string_check",
    "plain_text",
    "string_problem",
]

MULTI_LINE_KEYS = frozenset({"description", "note"})
"""The only keys whose strings may hold tabs and line breaks."""

_LITERAL = re.compile(f"[{_ALWAYS}\u200b-\u200d\u2060]")
_INVISIBLE = re.compile(f"[{_INVISIBLE_RANGES}]")
_SHORT_ESCAPES = {"\b": "b", "\t": "t", "\n": "n", "\f": "f", "\r": "r", "\x1b": "e"}
_PRINTABLE_REFUSED = _PRINTABLE_UNSAFE
"""The refused characters ``str.isprintable`` lets through (invisible letters and marks)."""
_CHUNK = 1 << 20
_PLAIN_ASCII = bytes(range(0x20, 0x7F)) + b"\t\n"
"""Printable ASCII, tab and line feed: the bytes ``plain_text`` has no need to look at."""


def plain_text(text: str) -> bool:
    """True when ``text`` holds nothing but printable characters, tabs and line feeds, none of them refused.

    ``str.isprintable`` is False for every control, format, separator and
    surrogate character, so a pass of it in C settles most catalogs, where
    the regular expression of ``literal_problems`` takes 0.9 s at 100,000
    works. It looks only at the characters other than printable ASCII, tabs
    and line feeds: UTF-8 writes those in bytes of 0x80 and above, so
    deleting the ASCII bytes of the encoded text (``bytes.translate`` in C,
    a megabyte at a time) leaves whole characters, a few per cent of a
    catalog's (names, titles). 0.1 s at 100,000 works instead of 0.2. A False
    answer only means the slower exact check must run.
    """
    for start in range(0, len(text), _CHUNK):
        try:
            rest = text[start : start + _CHUNK].encode("utf-8").translate(None, _PLAIN_ASCII).decode("utf-8")
        except UnicodeError:  # a lone surrogate, which UTF-8 cannot hold, and which is refused
            return False
        if not rest.isprintable() or any(char in rest for char in _PRINTABLE_REFUSED):
            return False
    return True


def needs_string_check(text: str, plain: bool | None = None) -> bool:
    """False when no string of ``text`` can hold a refused character: none written out, none escaped.

    Plain TOML text can put one into a string only literally or through a
    backslash escape, or a tab or line break through a tab or a multi-line
    string; a catalog with none of those (the bundled one) skips the check.
    """
    if "\\" in text or "\t" in text or '"""' in text or "'''" in text:
        return True
    return not (plain_text(text) if plain is None else plain) and _LITERAL.search(text) is not None


def character_kind(char: str) -> str:
    """What sort of unsafe character ``char`` is, for messages (``a control character``...)."""
    code = ord(char)
    if code < 0x20 or 0x7F <= code <= 0x9F:
        return "a control character"
    if 0x202A <= code <= 0x202E or 0x2066 <= code <= 0x2069 or char in "\u200e\u200f\u061c":
        return "a bidirectional control"
    if char in "\u200b\u200c\u200d\u2060":
        return "a zero-width character outside a word"
    if 0xD800 <= code <= 0xDFFF:
        return "a lone surrogate"
    if 0xE0000 <= code <= 0xE007F:
        return "an invisible tag character"
    if _INVISIBLE.match(char):
        return "a character that shows as nothing"
    return "an invisible format character"


def string_problem(value: str, one_line: bool) -> tuple[str, str, int] | None:
    """The first refused character of a string: (the character, what to say about it, how many in all), or None."""
    found = [char for _, char, _ in unsafe_characters(value)]
    if one_line:
        found += [char for char in "\n\t" if char in value]
    if not found:
        return None
    first = min(found, key=value.index)
    if first in "\n\t":
        what = "a line break" if first == "\n" else "a tab"
        return first, f"{what} ({character_name(first)}); only 'description' and 'note' may span lines", len(found)
    return first, f"{character_name(first)}, {character_kind(first)}", len(found)


def escape_pattern(char: str) -> re.Pattern[str]:
    """What puts ``char`` into a TOML string: the character itself or one of its escapes (``\\u001b``, ``\\e``)."""
    code = ord(char)
    choices = [re.escape(char), f"\\\\u(?i:{code:04x})", f"\\\\U(?i:{code:08x})"]
    if char in _SHORT_ESCAPES:
        choices.append(f"\\\\{_SHORT_ESCAPES[char]}")
    if code < 0x100:
        choices.append(f"\\\\x(?i:{code:02x})")  # TOML 1.1
    return re.compile("|".join(choices))


def literal_problems(text: str, plain: bool | None = None) -> list[tuple[int, int, str]]:
    """(line, column, message) for the first refused character written out on each line of ``text``.

    ``plain`` is ``plain_text(text)`` when the caller already knows it.
    """
    if (plain_text(text) if plain is None else plain) or _LITERAL.search(text) is None:
        return []
    problems: list[tuple[int, int, str]] = []
    starts = [0, *(match.end() for match in re.finditer("\n", text))]
    seen: set[int] = set()
    line = 1
    for offset, char, name in unsafe_characters(text):
        if char == "\r" and text.startswith("\n", offset + 1):
            continue  # a CRLF line ending
        while line < len(starts) and starts[line] <= offset:
            line += 1
        if line in seen:
            continue
        seen.add(line)
        message = f"{name}, {character_kind(char)}, is not allowed anywhere in a catalog, comments included"
        problems.append((line, offset - starts[line - 1] + 1, message))
    return problems
