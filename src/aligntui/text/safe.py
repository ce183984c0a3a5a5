"""One rule for untrusted text: which characters may reach a terminal, and how the others are shown (pure).

Everything a catalog, a setting, an environment variable or a file name holds
is untrusted. A terminal acts on control characters instead of showing them:
``ESC ] 52`` writes the clipboard, ``ESC [ 2J`` clears the screen, and the C1
control U+009B is a one-byte ``ESC [``. Rich and Textual strip only a few of
them. Bidirectional overrides and isolates reorder what is shown, so that text
reads differently from what it holds, and zero-width characters hide inside
what looks like one word: the "Trojan Source" attacks (N. Boucher and
R. Anderson, "Trojan Source: Invisible Vulnerabilities", 2021,
arXiv:2111.00169), built on the explicit formatting characters of the Unicode
Bidirectional Algorithm (Unicode Standard Annex #9, "UAX #9", section 2).

The characters this module calls unsafe:

- C0 controls U+0000-U+001F except TAB and LINE FEED, DEL U+007F, and the C1
  controls U+0080-U+009F;
- bidirectional controls: the embeddings and overrides U+202A-U+202E, the
  isolates U+2066-U+2069, and the marks U+200E, U+200F and U+061C;
- U+FEFF (a byte-order mark inside text), the line and paragraph
  separators U+2028 and U+2029, and lone surrogates U+D800-U+DFFF (what
  Python makes of the undecodable bytes of a file name);
- the invisible characters: those the Unicode Character Database lists as
  ``Default_Ignorable_Code_Point`` (DerivedCoreProperties.txt) that no word
  needs: the soft hyphen U+00AD, the combining grapheme joiner U+034F, the
  Hangul fillers U+115F, U+1160, U+3164 and U+FFA0, the Khmer inherent vowels
  U+17B4 and U+17B5, the Mongolian vowel separator U+180E, the invisible
  operators U+2061-U+2064, the deprecated format characters U+2065-U+206F,
  U+FFF0-U+FFF8, the shorthand format controls U+1BCA0-U+1BCA3, the musical
  formatting characters U+1D173-U+1D17A, the tag characters U+E0000-U+E007F
  and the unassigned rest of that plane (U+E0080-U+E00FF, U+E01F0-U+E0FFF).
  They show as nothing, so that two strings that look the same differ. The
  variation selectors (emoji, CJK ideographs) and the Mongolian free
  variation selectors are spelling, and stay;
- the zero-width characters U+200B-U+200D and U+2060 when they stand outside
  a word: at either end of the text or next to a space, punctuation or another
  unsafe character. Between two letters, digits, marks or emoji they stay: a
  zero-width joiner builds emoji sequences and a zero-width non-joiner is part
  of Persian and Indic spelling.

``visible`` keeps TAB and LINE FEED, for text shown on several lines (a
section's description, a work's note, a citation or an export);
``visible_line`` escapes them as well, for text shown on one line (a tree
label, a title, a notification, a ``list`` row).

An unsafe character is shown as Python's ``repr`` writes it: ``\\t``, ``\\n``
and ``\\r``, else ``\\xNN`` below U+0100 and ``\\uNNNN`` above (ESC is
``\\x1b``, U+202E is ``\\u202e``). Such an escape is plain ASCII that no
terminal acts on, and it names the character a person has to look for.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Mapping

__all__ = [
    "character_name",
    "clipped",
    "escape_json",
    "is_safe",
    "is_safe_line",
    "unsafe_characters",
    "visible",
    "visible_line",
]

# The names of the C0 and C1 controls, which unicodedata.name() does not know: the
# "control" aliases of the Unicode Character Database's NameAliases.txt (the C1
# controls 0080, 0081 and 0099 have only "figment" aliases, used here).
_C0 = [
    "NULL",
    "START OF HEADING",
    "START OF TEXT",
    "END OF TEXT",
    "END OF TRANSMISSION",
    "ENQUIRY",
    "ACKNOWLEDGE",
    "ALERT",
    "BACKSPACE",
    "CHARACTER TABULATION",
    "LINE FEED",
    "LINE TABULATION",
    "FORM FEED",
    "CARRIAGE RETURN",
    "SHIFT OUT",
    "SHIFT IN",
    "DATA LINK ESCAPE",
    "DEVICE CONTROL ONE",
    "DEVICE CONTROL TWO",
    "DEVICE CONTROL THREE",
    "DEVICE CONTROL FOUR",
    "NEGATIVE ACKNOWLEDGE",
    "SYNCHRONOUS IDLE",
    "END OF TRANSMISSION BLOCK",
    "CANCEL",
    "END OF MEDIUM",
    "SUBSTITUTE",
    "ESCAPE",
    "INFORMATION SEPARATOR FOUR",
    "INFORMATION SEPARATOR THREE",
    "INFORMATION SEPARATOR TWO",
    "INFORMATION SEPARATOR ONE",
]
_C1 = [
    "PADDING CHARACTER",
    "HIGH OCTET PRESET",
    "BREAK PERMITTED HERE",
    "NO BREAK HERE",
    "INDEX",
    "NEXT LINE",
    "START OF SELECTED AREA",
    "END OF SELECTED AREA",
    "CHARACTER TABULATION SET",
    "CHARACTER TABULATION WITH JUSTIFICATION",
    "LINE TABULATION SET",
    "PARTIAL LINE FORWARD",
    "PARTIAL LINE BACKWARD",
    "REVERSE LINE FEED",
    "SINGLE SHIFT TWO",
    "SINGLE SHIFT THREE",
    "DEVICE CONTROL STRING",
    "PRIVATE USE ONE",
    "PRIVATE USE TWO",
    "SET TRANSMIT STATE",
    "CANCEL CHARACTER",
    "MESSAGE WAITING",
    "START OF GUARDED AREA",
    "END OF GUARDED AREA",
    "START OF STRING",
    "SINGLE GRAPHIC CHARACTER INTRODUCER",
    "SINGLE CHARACTER INTRODUCER",
    "CONTROL SEQUENCE INTRODUCER",
    "STRING TERMINATOR",
    "OPERATING SYSTEM COMMAND",
    "PRIVACY MESSAGE",
    "APPLICATION PROGRAM COMMAND",
]
_CONTROL_NAMES: Mapping[str, str] = {
    **{chr(code): name for code, name in enumerate(_C0)},
    "\x7f": "DELETE",
    **{chr(0x80 + code): name for code, name in enumerate(_C1)},
}

_INVISIBLE = (
    "\u00ad\u034f\u115f\u1160\u17b4\u17b5\u180e\u2061-\u2065\u206a-\u206f\u3164\uffa0\ufff0-\ufff8"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e00ff\U000e01f0-\U000e0fff"
)
"""Default_Ignorable_Code_Point characters no word needs (see the module); bidi and zero-width ones are apart."""
_ALWAYS = (
    "\x00-\x08\x0b-\x1f\x7f-\x9f"  # C0 but TAB and LF, DEL, C1
    "\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c"  # bidirectional controls (UAX #9)
    "\ufeff\u2028\u2029"
    "\ud800-\udfff"  # lone surrogates: a file name's undecodable bytes; no stream can encode them
    f"{_INVISIBLE}"
)
# The unsafe characters str.isprintable() accepts (letters and marks that show as nothing): its fast path
# must look for these too.
_PRINTABLE_UNSAFE = "\u034f\u115f\u1160\u17b4\u17b5\u3164\uffa0"
_ZERO_WIDTH = "\u200b-\u200d\u2060"
# What ends a word for a zero-width character: anything unsafe, spaces, ASCII punctuation.
_NOT_WORD = _ALWAYS + _ZERO_WIDTH + r"\s!-/:-@\[-`{-~"
_UNSAFE = f"[{_ALWAYS}]|(?<![^{_NOT_WORD}])[{_ZERO_WIDTH}]|[{_ZERO_WIDTH}](?![^{_NOT_WORD}])"


@functools.cache
def _unsafe(line: bool = False) -> re.Pattern[str]:
    """What ``visible`` escapes (with TAB and LINE FEED for ``line``), compiled on first use: the explorer's start
    needs it only for text ``str.isprintable`` refuses, and compiling these classes took 1.3 ms each."""
    return re.compile(f"[\t\n]|{_UNSAFE}" if line else _UNSAFE)


def _escape(char: str) -> str:
    """``\\t``, ``\\x1b``, ``\\u202e``, ``\\U000e0041``: as ``repr`` writes a character it escapes.

    Written out here because ``repr`` leaves alone the characters Python
    deems printable, and some unsafe ones are (the Hangul fillers are letters).
    """
    code = ord(char)
    if char in "\t\n\r":
        return repr(char)[1:-1]
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def _replace(match: re.Match[str]) -> str:
    return _escape(match.group())


def _json_escape(code: int) -> str:
    """JSON's ``\\uNNNN`` for a code point; one above U+FFFF is written as its UTF-16 surrogate pair (RFC 8259, 7)."""
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    high, low = divmod(code - 0x10000, 0x400)
    return f"\\u{0xD800 + high:04x}\\u{0xDC00 + low:04x}"


# Every unsafe character lies in these blocks; the table is built once, so escape_json is one str.translate in C.
_CANDIDATES = (
    *(range(0x2070), range(0x3164, 0x3165), range(0xD800, 0xE000), range(0xFE00, 0x10000)),
    *(range(0x1BCA0, 0x1BCA4), range(0x1D173, 0x1D17B), range(0xE0000, 0xE1000)),
)


@functools.cache
def _json_escapes() -> dict[int, str]:
    """The ``str.translate`` table of ``escape_json``: built on first use (about 8 ms), not at import."""
    any_unsafe = re.compile(f"[{_ALWAYS}{_ZERO_WIDTH}]")
    return {
        code: _json_escape(code)
        for block in _CANDIDATES
        for code in block
        if chr(code) not in "\t\n" and any_unsafe.match(chr(code))
    }


def visible(text: str) -> str:
    """``text`` with every unsafe character (see the module) escaped as ``repr`` would; TAB and LF kept."""
    if is_safe(text):
        return text
    return _unsafe().sub(_replace, text)


def visible_line(text: str) -> str:
    """``visible`` for one line: TAB and LINE FEED are escaped too (``\\t``, ``\\n``)."""
    if is_safe_line(text):
        return text
    return _unsafe(True).sub(_replace, text)


def _printable(text: str) -> bool:
    """No TAB, LF or unsafe character: ``str.isprintable`` (one pass in C) and no invisible letter or mark."""
    # `in` runs in C and returns at once where the string's storage cannot hold the character (Latin-1 text).
    return text.isprintable() and (text.isascii() or not any(char in text for char in _PRINTABLE_UNSAFE))


def is_safe(text: str) -> bool:
    """True when ``visible(text)`` would change nothing (TAB and LINE FEED are safe)."""
    return _printable(text) or _unsafe().search(text) is None


def is_safe_line(text: str) -> bool:
    """True when ``visible_line(text)`` would change nothing: no unsafe character, no TAB, no LINE FEED."""
    return _printable(text) or _unsafe(True).search(text) is None


def clipped(text: str, limit: int = 200) -> str:
    """``visible_line(text)`` cut to about ``limit`` characters: ``…`` and how many more when cut.

    For a message that names an untrusted value (a setting, a file name, a
    query): the message stays one short line whatever the value holds.
    """
    if len(text) > limit:
        text = f"{text[:limit]}… ({len(text) - limit:,} more characters)"
    return visible_line(text)


def character_name(char: str) -> str:
    """``U+001B ESCAPE``: the code point and its Unicode name (control aliases from NameAliases.txt)."""
    name = _CONTROL_NAMES.get(char) or unicodedata.name(char, "")
    return f"U+{ord(char):04X} {name}".rstrip()


def unsafe_characters(text: str) -> list[tuple[int, str, str]]:
    """Every unsafe character of ``text`` as (offset from 0, the character, ``U+001B ESCAPE``)."""
    return [(match.start(), match.group(), character_name(match.group())) for match in _unsafe().finditer(text)]


def escape_json(json_text: str) -> str:
    """JSON text from ``json.dumps(ensure_ascii=False)`` with DEL, C1, bidi and zero-width characters as ``\\uNNNN``.

    ``json.dumps`` escapes only C0; outside strings JSON holds nothing but
    ASCII, so every character replaced here stood inside a string and its
    ``\\uNNNN`` escape decodes back to the same text.
    """
    return json_text.translate(_json_escapes())


def storable(text: str) -> tuple[str, int]:
    """``text`` as UTF-8 can hold it, and how many code points had to become U+FFFD (pure).

    A surrogate code point (U+D800-U+DFFF) is no character and no UTF-8 file can
    hold one (Unicode 15, section 3.9, D92); a broken paste or a UTF-16 source
    can still put one in a Python string. A high-low pair becomes the character
    it encodes; a lone one becomes U+FFFD REPLACEMENT CHARACTER.
    """
    if text.isascii() or not re.search("[\ud800-\udfff]", text):  # re's own cache keeps the patterns
        return text, 0
    pair = "[\ud800-\udbff][\udc00-\udfff]"
    joined = re.sub(pair, lambda m: m.group().encode("utf-16-le", "surrogatepass").decode("utf-16-le"), text)
    return re.subn("[\ud800-\udfff]", "\ufffd", joined)
