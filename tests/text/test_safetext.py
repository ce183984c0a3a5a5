"""safetext: which characters are unsafe, how they are shown, and their names."""

from __future__ import annotations

import json
import unicodedata

import pytest

from aligntui.text.safe import (
    _C0,
    _C1,
    character_name,
    clipped,
    escape_json,
    is_safe,
    is_safe_line,
    unsafe_characters,
    visible,
    visible_line,
)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("plain title", "plain title"),
        ("", ""),
        ("Jón Sigurðsson — Glaciers", "Jón Sigurðsson — Glaciers"),
        ("[@click=app.quit]x[/]", "[@click=app.quit]x[/]"),  # markup is not this module's business
        ("a\x1b]52;c;aGk=\x1b\\b", "a\\x1b]52;c;aGk=\\x1b\\b"),  # OSC 52: writes the clipboard
        ("\x1b]2;title\x07", "\\x1b]2;title\\x07"),  # OSC ended by BEL
        ("\x1b[2J", "\\x1b[2J"),
        ("x\x9b2Jy", "x\\x9b2Jy"),  # C1 CSI
        ("\x00nul", "\\x00nul"),
        ("del\x7f", "del\\x7f"),
        ("cr\rlf", "cr\\rlf"),
        ("\x85next line", "\\x85next line"),
        ("tab\tand\nnewline kept", "tab\tand\nnewline kept"),
        ("abc\u202edcba", "abc\\u202edcba"),  # RIGHT-TO-LEFT OVERRIDE (Trojan Source)
        ("\u2066isolate\u2069", "\\u2066isolate\\u2069"),
        ("\u200emark\u200f\u061c", "\\u200emark\\u200f\\u061c"),
        ("\ufeffbom", "\\ufeffbom"),
        ("line\u2028sep", "line\\u2028sep"),
        ("admin\u200b", "admin\\u200b"),  # zero-width space at the end of a word
        ("\u200bx", "\\u200bx"),
        ("a \u200d b", "a \\u200d b"),
        ("a\u200b\u200bb", "a\\u200b\\u200bb"),  # two in a row: neither stands between letters
        ("a.\u2060b", "a.\\u2060b"),
        ("word\u200cjoined", "word\u200cjoined"),  # ZWNJ inside a word stays (Persian, Indic spelling)
        ("\U0001f468\u200d\U0001f469\u200d\U0001f467", "\U0001f468\u200d\U0001f469\u200d\U0001f467"),  # family emoji
        ("\u2764\ufe0f\u200d\U0001f525", "\u2764\ufe0f\u200d\U0001f525"),  # heart on fire: ZWJ after a selector
        ("non\u00a0breaking", "non\u00a0breaking"),  # a visible space is not unsafe
        ("file\udcff.toml", "file\\udcff.toml"),  # an undecodable byte of a file name
    ],
)
def test_visible(text: str, shown: str) -> None:
    assert visible(text) == shown
    assert is_safe(text) == (text == shown)
    assert is_safe(visible(text))


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("one line", "one line"),
        ("two\nlines", "two\\nlines"),
        ("a\tb", "a\\tb"),
        ("\x1b[31m\n", "\\x1b[31m\\n"),
    ],
)
def test_visible_line_escapes_tab_and_newline_too(text: str, shown: str) -> None:
    assert visible_line(text) == shown


def test_no_control_survives_visible() -> None:
    every = "".join(chr(code) for code in range(0x110000) if not 0xD800 <= code <= 0xDFFF)
    shown = visible_line(every)
    assert not any(unicodedata.category(c) == "Cc" for c in shown)
    assert not any(c in shown for c in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\ufeff")


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("clean", []),
        ("a\x1bb", [(1, "\x1b", "U+001B ESCAPE")]),
        ("\x9b", [(0, "\x9b", "U+009B CONTROL SEQUENCE INTRODUCER")]),
        ("x\u202e", [(1, "\u202e", "U+202E RIGHT-TO-LEFT OVERRIDE")]),
        ("\x00\x7f", [(0, "\x00", "U+0000 NULL"), (1, "\x7f", "U+007F DELETE")]),
        ("a\u200db \u200b", [(4, "\u200b", "U+200B ZERO WIDTH SPACE")]),
    ],
)
def test_unsafe_characters(text: str, found: list[tuple[int, str, str]]) -> None:
    assert unsafe_characters(text) == found


def test_control_names_are_the_unicode_aliases() -> None:
    for code, name in enumerate(_C0):
        assert unicodedata.lookup(name) == chr(code)
    for code, name in enumerate(_C1):
        assert unicodedata.lookup(name) == chr(0x80 + code)
    assert character_name("\u2069") == "U+2069 POP DIRECTIONAL ISOLATE"
    assert character_name("a") == "U+0061 LATIN SMALL LETTER A"


def test_escape_json_round_trips_and_hides_every_unsafe_character() -> None:
    value = {"title": "a\x1b\x9b\u202e\x7f\u200b\U0001f468\u200d\U0001f469 Jón", "n": [1, "\u2028"]}
    text = escape_json(json.dumps(value, ensure_ascii=False))
    assert json.loads(text) == value
    assert is_safe(text) and text.isascii() is False  # ordinary letters stay readable
    assert "\\u009b" in text and "\\u202e" in text and "\\u007f" in text


@pytest.mark.parametrize(
    "module",
    [
        "aligntui.text.safe",
        "aligntui.text.weburl",
        "aligntui.catalog.characters",
        "aligntui.catalog.tables",
        "aligntui.search.strict",
    ],
)
def test_the_new_core_modules_import_no_ui(module: str) -> None:
    import os
    import subprocess
    import sys
    from pathlib import Path

    import aligntui

    env = {**os.environ, "PYTHONPATH": str(Path(aligntui.__file__).resolve().parents[1])}
    code = f"import sys, {module}; print(','.join(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    assert result.stdout.strip() == ""


# The invisible characters (Default_Ignorable_Code_Point in the UCD's DerivedCoreProperties.txt) no word needs.
INVISIBLE = [
    ("soft\u00adhyphen", "soft\\xadhyphen"),
    ("a\u034fb", "a\\u034fb"),  # COMBINING GRAPHEME JOINER
    ("\u115f\u1160", "\\u115f\\u1160"),  # HANGUL CHOSEONG and JUNGSEONG FILLER: letters, so repr keeps them
    ("x\u3164y", "x\\u3164y"),  # HANGUL FILLER
    ("x\uffa0y", "x\\uffa0y"),  # HALFWIDTH HANGUL FILLER
    ("\u17b4\u17b5", "\\u17b4\\u17b5"),  # KHMER VOWEL INHERENT AQ, AA
    ("a\u180eb", "a\\u180eb"),  # MONGOLIAN VOWEL SEPARATOR
    ("f\u2061(x)", "f\\u2061(x)"),  # FUNCTION APPLICATION
    ("a\u2062b\u2063c\u2064d", "a\\u2062b\\u2063c\\u2064d"),  # INVISIBLE TIMES, SEPARATOR, PLUS
    ("\u206a\u206f", "\\u206a\\u206f"),  # deprecated format characters
    ("a\U0001bca0b", "a\\U0001bca0b"),  # SHORTHAND FORMAT LETTER OVERLAP
    ("a\U0001d173b", "a\\U0001d173b"),  # MUSICAL SYMBOL BEGIN BEAM
    ("tag\U000e0001\U000e0041\U000e007f", "tag\\U000e0001\\U000e0041\\U000e007f"),  # tag characters
]


@pytest.mark.parametrize(("text", "shown"), INVISIBLE)
def test_invisible_characters_are_unsafe(text: str, shown: str) -> None:
    assert visible(text) == shown
    assert visible_line(text) == shown
    assert not is_safe(text) and not is_safe_line(text)
    assert is_safe(shown)
    assert json.loads(escape_json(json.dumps(text, ensure_ascii=False))) == text
    assert is_safe(escape_json(json.dumps(text, ensure_ascii=False)))


@pytest.mark.parametrize(
    "text",
    [
        "\u2764\ufe0f",  # a variation selector makes the emoji: spelling, kept
        "\u845b\U000e0100",  # an ideographic variation sequence (U+E0100 is a variation selector, not a tag)
        "\u1820\u180b",  # a Mongolian free variation selector
        "Sigurðsson — 東京 — Ж",
    ],
)
def test_variation_selectors_are_spelling(text: str) -> None:
    assert is_safe_line(text) and visible_line(text) == text


@pytest.mark.parametrize(
    ("text", "limit", "shown"),
    [
        ("short", 10, "short"),
        ("x" * 12, 10, "xxxxxxxxxx… (2 more characters)"),
        ("a\x1b]52;c;x\x07" + "y" * 100, 6, "a\\x1b]52;… (104 more characters)"),
        ("two\nlines", 50, "two\\nlines"),
    ],
)
def test_clipped_is_one_short_safe_line(text: str, limit: int, shown: str) -> None:
    assert clipped(text, limit) == shown


@pytest.mark.parametrize(
    "text",
    [
        "Sigurðsson",
        "ÇAĞRI Yılmaz",
        "İstanbul",
        "ΟΔΟΣ",
        "Straße ẞ",
        "Dvořák",
        "ﬁne",
        "Ǆemal",
        "x\u0301",
        "Łódź",
        "日本語",
    ],
)
def test_fold_is_each_character_folded_alone(text: str) -> None:
    from aligntui.text.fold import _fold_char, fold

    assert fold(text) == "".join(_fold_char(char) for char in text)
    assert fold(text) == fold(text)  # again, from the table
