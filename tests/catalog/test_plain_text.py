"""The fast character pass (``plain_text``) never calls text plain that holds a refused character."""

from __future__ import annotations

import sys

import pytest

from aligntui.catalog.characters import _LITERAL, literal_problems, needs_string_check, plain_text


def test_every_refused_character_makes_text_not_plain() -> None:
    refused = [chr(c) for c in range(sys.maxunicode + 1) if chr(c) not in "\t\n" and _LITERAL.match(chr(c))]
    assert refused
    missed = [f"U+{ord(char):04X}" for char in refused if plain_text(f"title = 'a{char}b'\n")]
    assert missed == []


def test_plain_is_printable_with_tabs_and_line_feeds_and_no_refused_letter() -> None:
    """The answer for every character is the rule's own: ``isprintable`` once tabs and line feeds are spaces,
    and none of the refused characters that ``isprintable`` lets through (looked for in whatever ASCII surrounds)."""
    from aligntui.catalog.characters import _PRINTABLE_REFUSED

    def rule(text: str) -> bool:
        spaced = text.replace("\n", " ").replace("\t", " ")
        return spaced.isprintable() and not any(char in text for char in _PRINTABLE_REFUSED)

    chars = [chr(c) for c in range(sys.maxunicode + 1) if c < 0x3400 or c % 97 == 0 or 0xD800 <= c < 0xE000]
    texts = [f"k = 'a{char}b'\n" for char in chars] + ["x" * (1 << 20) + "é\tü", "é" * (1 << 20) + "\r\n"]
    assert [plain_text(text) for text in texts] == [rule(text) for text in texts]


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ('title = "Sigurðsson, Dvořák"\n\tnote = "x"\n', True),
        ("", True),
        ("x" * (1 << 20) + "\x1b", False),  # in the second megabyte
        ("a\u00a0b", False),  # a no-break space is printable-looking but not isprintable: the exact check decides
        ("a\u3164b", False),  # a Hangul filler passes isprintable but is refused
    ],
)
def test_plain_text(text: str, plain: bool) -> None:
    assert plain_text(text) is plain


@pytest.mark.parametrize("text", ['a = "x"\n', 'a = "\u00a0"\n', 'a = "\u3164"\n', 'a = "\u202e"\n'])
def test_known_plainness_gives_the_same_answers(text: str) -> None:
    assert literal_problems(text, plain_text(text)) == literal_problems(text)
    assert needs_string_check(text, plain_text(text)) == needs_string_check(text)
