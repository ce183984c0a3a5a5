"""One spelling per person across the bundled catalog: near-duplicate author names are errors.

Two names are the same person spelt two ways when, after folding accents, case,
spaces, hyphens and dots, they are equal ("El-Showk"/"El Showk", "Lukošiūtė"/
"Lukosiute"); when their given names agree and their family names differ by one
or two edits ("Lukosiute"/"Lukosuite"); or when one name is the other plus a word
that repeats part of another ("Chen Xuechen Li"/"Xuechen Li"). A middle initial or
name more or less ("Percy Liang"/"Percy S. Liang", "William Wang"/"William Yang Wang")
is how different records write one person, or two people: allowed (docs/catalog.md).
"""

from __future__ import annotations

import itertools
import unicodedata

import pytest
from rapidfuzz.distance import Levenshtein

from aligntui.loader import load_catalog
from aligntui.names import split_name


def _fold(text: str) -> str:
    """Lower case, accents dropped, and only letters and digits kept."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if c.isalnum() and not unicodedata.combining(c)).lower()


def _words(author: str) -> set[str]:
    """The folded words of a name, initials left out."""
    return {_fold(word) for word in author.replace("-", " ").replace(",", " ").split() if len(_fold(word)) > 1}


def _garbled(words_a: set[str], words_b: set[str]) -> bool:
    """One name is the other plus a word that repeats part of another word ("Chen Xuechen Li")."""
    small, large = sorted((words_a, words_b), key=len)
    extra = large - small
    return small < large and all(any(word in other for other in small) for word in extra)


def near_duplicates(authors: set[str]) -> list[tuple[str, str]]:
    """Pairs of distinct author strings that look like one person spelt two ways."""
    pairs: list[tuple[str, str]] = []
    for a, b in itertools.combinations(sorted(authors), 2):
        name_a, name_b = split_name(a), split_name(b)
        if name_a.literal or name_b.literal:
            continue
        full_a, full_b = _fold(name_a.given + name_a.family), _fold(name_b.given + name_b.family)
        same_given = _fold(name_a.given) == _fold(name_b.given) and name_a.given != ""
        close_family = 0 < Levenshtein.distance(_fold(name_a.family), _fold(name_b.family)) <= 2
        words_a, words_b = _words(a), _words(b)
        extra_word = _fold(name_a.family) == _fold(name_b.family) and _garbled(words_a, words_b)
        if full_a == full_b or (same_given and close_family and len(_fold(name_a.family)) > 4) or extra_word:
            pairs.append((a, b))
    return pairs


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        ({"Kamile Lukosiute", "Kamile Lukosuite"}, [("Kamile Lukosiute", "Kamile Lukosuite")]),
        ({"Sheer El-Showk", "El Showk, Sheer"}, [("El Showk, Sheer", "Sheer El-Showk")]),
        ({"Kamilė Lukošiūtė", "Kamile Lukosiute"}, [("Kamile Lukosiute", "Kamilė Lukošiūtė")]),
        ({"Christopher D Manning", "Christopher D. Manning"}, [("Christopher D Manning", "Christopher D. Manning")]),
        ({"Chen Xuechen Li", "Xuechen Li"}, [("Chen Xuechen Li", "Xuechen Li")]),
        ({"Percy Liang", "Percy S. Liang"}, []),
        ({"William Wang", "William Yang Wang"}, []),
        ({"Bin Wang", "Binh Tang", "Tong Sun", "Tony Sun", "Yanzhe Zhang", "Yian Zhang"}, []),
        ({"Dario Amodei", "Daniela Amodei"}, []),
    ],
)
def test_near_duplicates(names: set[str], expected: list[tuple[str, str]]) -> None:
    assert near_duplicates(names) == expected


def test_bundled_catalog_spells_each_person_one_way() -> None:
    authors = {author for work in load_catalog().works.values() for author in work.authors}
    assert near_duplicates(authors) == []
