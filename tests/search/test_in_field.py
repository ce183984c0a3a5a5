"""A field term (``author:bai``) keeps exactly the works whose field text holds it (issue 23).

``SearchIndex._in_field`` asks each work's packed text between its field
separators, in C; ``SearchIndex._field`` builds the field's text as the rule
states it (the fields of ``TERM_FIELDS`` joined by " | "). Both must agree for
every field, every word and piece of a word of the test catalog, and the
needles that could run across the join.
"""

from __future__ import annotations

import re
from array import array
from pathlib import Path

import pytest

from aligntui.catalog.load import load_catalog
from aligntui.search.index import SearchIndex
from aligntui.search.query import parse_query

UI_CATALOG = Path(__file__).parent.parent / "data" / "ui.toml"
ACROSS = ("s", "a", " ", "|", "h | j", "smith ", " smith", "2020", "neurips", "ai:", ": ", "al.")


@pytest.mark.parametrize(
    ("name", "first_only"),
    [("title", False), ("author", False), ("author", True), ("venue", False), ("id", False), ("section", False)],
)
def test_in_field_is_field(name: str, first_only: bool) -> None:
    index = SearchIndex(load_catalog(UI_CATALOG))
    index.prepare()
    packed = list(index._all)
    needles = set(ACROSS)
    for text in packed[:30]:
        for word in re.findall(r"[a-z0-9]+", text):
            needles.update((word, word[:2], word[1:3]))
    for needle in sorted(needles):
        found = array("I", [i for i, text in enumerate(packed) if needle in text])
        expected = [i for i in found if needle in index._field(i, name, first_only)]
        assert list(index._in_field(found, needle, name, first_only)) == expected, needle


@pytest.mark.parametrize("field", ["title", "author", "venue", "id", "section"])
def test_a_one_letter_field_term_is_looked_for_in_the_field_alone(field: str) -> None:
    """``author:s``: one letter is asked of each work's field directly, with no scan of its whole text first."""
    index = SearchIndex(load_catalog(UI_CATALOG))
    index.prepare()
    for letter in "aesz1|":  # "|": none of the UI catalog's works has one in every field
        got = index._text_matches(parse_query(f"{field}:{letter}").groups[0][0])
        held = [i for i in range(len(index)) if letter in index._all[i] and letter in index._field(i, field, False)]
        assert list(got) == held, letter
