"""The TOML reader: the fast parser's answers are tomllib's, and every error is tomllib's."""

from __future__ import annotations

import contextlib
import sys

import pytest

from aligntui.system.tomlread import TOMLDecodeError, loads, loads_in_pieces

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


def _works(count: int) -> str:
    return "".join(f'[[works]]\nid = "w{n}"\n[[works.links]]\nlabel = "Paper"\n\n' for n in range(count))


PIECES = [
    'schema_version = 1\n[survey]\ntitle = "S"\n' + _works(7),
    _works(5) + '[[sections]]\nid = "s"\n' + _works(3) + '[[sections]]\nid = "t"\n',
    _works(3) + 'note = """\n[[works]]\nid = "inside"\n"""\n' + _works(3),
    "[a.b]\nx = 1\n" + _works(3) + "[a.c]\ny = 2\n" + _works(2),
    "works = []\n" + _works(4),
    "[survey]\n" + _works(4) + "[survey]\n",
    _works(4) + "[[works]]\nid = 1 2\n" + _works(2),
]


@pytest.mark.parametrize("text", PIECES)
def test_pieces_read_as_the_whole_document(text: str) -> None:
    try:
        expected = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        with pytest.raises(TOMLDecodeError) as raised:
            loads_in_pieces(text, "works", every=2)
        assert str(raised.value) == str(error)
    else:
        assert loads_in_pieces(text, "works", every=2) == expected


@pytest.mark.parametrize(
    "text",
    [".".join(["a"] * 2_000) + " = 1", "[" + ".".join(["a"] * 2_000) + "]\nx = 1", "a = " + "{b = " * 2_000 + "1"],
    ids=["dotted key", "table header", "inline tables"],
)
def test_deep_keys_never_take_the_process_down(text: str) -> None:
    # The fast parser refuses them (its recursion limit); what follows is tomllib's answer, whatever it is.
    with contextlib.suppress(RecursionError, TOMLDecodeError):
        loads(text)
