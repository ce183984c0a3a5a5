"""The TOML reader: the fast parser's answers are tomllib's, and every error is tomllib's."""

from __future__ import annotations

import sys

import pytest

from aligntui.system.tomlread import TOMLDecodeError, loads

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

VALID = [
    'title = "Alpha"',
    '[[works]]\nid = "w1"\nauthors = ["Ada Lovelace", "Émile Borel"]\nyear = 2022\n'
    'links = [{ label = "Paper", url = "https://arxiv.org/abs/2203.02155" }]',
    'a = """\nline one\nline two"""',
    "a = 'C:\\path'\nb = true\nc = 1_000\nd = -0.5",
    'a = "\\u00e9\\t"',
]
INVALID = [
    'title = "Alpha',
    "[[works]\n",
    "a = 1\na = 2",
    "a = word",
    'a = "\\uD800"',
]


@pytest.mark.parametrize("text", VALID)
def test_valid_text_reads_as_tomllib_reads_it(text: str) -> None:
    assert loads(text) == tomllib.loads(text)


@pytest.mark.parametrize("text", INVALID)
def test_errors_are_tomllibs_with_its_message(text: str) -> None:
    with pytest.raises(TOMLDecodeError) as raised:
        loads(text)
    with pytest.raises(tomllib.TOMLDecodeError) as expected:
        tomllib.loads(text)
    assert str(raised.value) == str(expected.value)


def test_deep_nesting_fails_as_tomllib_does() -> None:
    text = "a = " + "[" * 100_000 + "]" * 100_000
    with pytest.raises((RecursionError, TOMLDecodeError)):
        loads(text)
