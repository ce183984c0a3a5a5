"""Bounded JSON: depth refused before json.loads recurses, size and file kind refused before reading."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from aligntui.system.jsonread import JsonRefused, parse_json, read_json
from aligntui.system.regularfile import FileRefused, NotText


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ('{"a": [1, {"b": "c"}]}', {"a": [1, {"b": "c"}]}),
        ('"[[[[[[[[[["', "[[[[[[[[[["),  # brackets inside a string do not nest
        ('["\\"[[[[", "]]]]"]', ['"[[[[', "]]]]"]),  # nor after an escaped quote
        ('{"k\\\\": [[1]]}', {"k\\": [[1]]}),  # an escaped backslash ends before the quote
        ("[" * 8 + "]" * 8, [[[[[[[[]]]]]]]]),
    ],
)
def test_parse_json_reads_what_json_reads(text: str, value: object) -> None:
    assert parse_json(text, max_depth=8) == value


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("[" * 9 + "]" * 9, "arrays and objects nested more than 8 levels deep (line 1, column 9)"),
        ("[" * 100_000, "arrays and objects nested more than 8 levels deep (line 1, column 9)"),
        ('{"a":\n' + '{"b":' * 20, "more than 8 levels deep (line 2, column 36)"),
        ("not json", "Expecting value: line 1 column 1 (char 0)"),
        ("", "Expecting value"),
        ('{"a": 1', "Expecting ',' delimiter"),
    ],
)
def test_parse_json_refuses_with_where(text: str, said: str) -> None:
    with pytest.raises(JsonRefused) as caught:
        parse_json(text, max_depth=8)
    assert said in str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_read_json_refuses_special_and_large_files(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo.json"
    os.mkfifo(fifo)
    with pytest.raises(FileRefused, match="FIFO"):
        read_json(fifo, limit=100)
    big = tmp_path / "big.json"
    big.write_text("[" + "1," * 100 + "1]")
    with pytest.raises(FileRefused, match="more than the limit of 100 bytes"):
        read_json(big, limit=100)
    bad = tmp_path / "bad.json"
    bad.write_bytes(b'{"a":\n"\xff"}')
    with pytest.raises(NotText, match=r"not valid UTF-8 \(line 2, byte 8\)"):
        read_json(bad, limit=100)
    good = tmp_path / "good.json"
    good.write_bytes(b'\xef\xbb\xbf{"a": 1}')  # a byte-order mark is dropped
    assert read_json(good, limit=100) == {"a": 1}
