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
from typing import NamedTuple

import pytest
from rapidfuzz.distance import Levenshtein

from aligntui.catalog.load import load_catalog
from aligntui.catalog.names import split_name


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


class _Folded(NamedTuple):
    """An author string with the folded forms the rules compare."""

    text: str
    given: str
    family: str
    words: frozenset[str]


def _folded(author: str) -> _Folded | None:
    name = split_name(author)
    if name.literal:
        return None
    return _Folded(author, _fold(name.given), _fold(name.family), frozenset(_words(author)))


def _same_person(a: _Folded, b: _Folded) -> bool:
    """The three rules of the module docstring."""
    if a.given + a.family == b.given + b.family:
        return True
    if a.given and a.given == b.given and len(a.family) > 4 and 0 < Levenshtein.distance(a.family, b.family) <= 2:
        return True
    return a.family == b.family and _garbled(set(a.words), set(b.words))


def near_duplicates(authors: set[str]) -> list[tuple[str, str]]:
    """Pairs of distinct author strings that look like one person spelt two ways.

    Only names that share a folded given name or family name can match, so pairs are drawn from
    those groups rather than from every pair of the catalog's authors.
    """
    names = [folded for folded in map(_folded, sorted(authors)) if folded is not None]
    groups: dict[tuple[str, str], list[_Folded]] = {}
    for name in names:
        groups.setdefault(("given", name.given), []).append(name)
        groups.setdefault(("family", name.family), []).append(name)
        groups.setdefault(("full", name.given + name.family), []).append(name)
    pairs: set[tuple[str, str]] = set()
    for group in groups.values():
        for a, b in itertools.combinations(group, 2):
            if _same_person(a, b):
                pairs.add((a.text, b.text))
    return sorted(pairs)


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
