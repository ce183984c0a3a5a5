"""The words a fuzzy guess may stand in with, and the works holding each, packed small (pure).

A catalog of 100,000 works has some 19,000 such words and 2.6 million
(word, work) pairs. Kept as a dict of one ``array`` per word they took 17 MB;
``Vocabulary`` keeps every word's works in one ``array`` of 2-byte gaps
between positions (5 MB), read back with ``itertools.accumulate`` in C.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator
from itertools import accumulate

__all__ = ["Vocabulary"]

_ESCAPE = 0xFFFF
"""A gap of this or more is written as ``_ESCAPE``, its high 16 bits, its low 16 bits."""


class Vocabulary:
    """Words, in order of first appearance, and the ascending positions of the works holding each."""

    __slots__ = ("_gaps", "_starts", "_wide", "words")

    def __init__(self, works: Iterable[Iterable[str]]) -> None:
        """``works``: each work's distinct words, in catalog order (the position is the order)."""
        gaps: dict[str, array[int]] = {}
        last: dict[str, int] = {}
        wide: set[str] = set()
        for index, words in enumerate(works):
            for word in words:
                found = gaps.get(word)
                if found is None:
                    found = gaps[word] = array("H")
                gap = index - last.get(word, 0)
                last[word] = index
                if gap < _ESCAPE:
                    found.append(gap)
                else:
                    found.extend((_ESCAPE, gap >> 16, gap & 0xFFFF))
                    wide.add(word)
        self.words: list[str] = list(gaps)
        """Every word, in the order a catalog walk first meets it."""
        packed = array("H")
        starts = array("I", [0])
        for word in self.words:  # one word's array freed at a time: the two layouts never coexist whole
            packed.extend(gaps.pop(word))
            starts.append(len(packed))
        self._gaps = packed
        self._starts = starts
        self._wide = frozenset(n for n, word in enumerate(self.words) if word in wide)
        """The words with a gap written escaped (rare words: a gap of 65,535 works or more)."""

    def __len__(self) -> int:
        return len(self.words)

    def postings(self, n: int) -> Iterator[int]:
        """The positions of the works holding word ``n`` (of ``words``), ascending."""
        gaps = self._gaps[self._starts[n] : self._starts[n + 1]]
        return accumulate(_unescaped(gaps) if n in self._wide else gaps)


def _unescaped(gaps: array[int]) -> Iterator[int]:
    """The gaps of a word with an escaped (wide) gap, each as one number."""
    items = iter(gaps)
    for gap in items:
        yield (next(items) << 16) | next(items) if gap == _ESCAPE else gap
