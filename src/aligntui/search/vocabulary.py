"""The words a fuzzy guess may stand in with, and the works holding each, packed small (pure).

A catalog of 100,000 works has some 19,000 such words and 2.6 million
(word, work) pairs. Kept as a dict of one ``array`` per word they took 17 MB;
``Vocabulary`` keeps every word's works in one ``array`` of 2-byte gaps
between positions (5 MB), read back with ``itertools.accumulate`` in C.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator
from itertools import accumulate, chain
from operator import sub

__all__ = ["Vocabulary"]

_ESCAPE = 0xFFFF
"""A gap of this or more is written as ``_ESCAPE``, its high 16 bits, its low 16 bits."""


class Vocabulary:
    """Words, in order of first appearance, and the ascending positions of the works holding each."""

    __slots__ = ("_gaps", "_starts", "_wide", "words")

    def __init__(self, postings: dict[str, array[int]]) -> None:
        """Pack ``postings`` (word -> ascending positions, as an ``array("I")``), emptying it as it goes."""
        self.words: list[str] = list(postings)
        """Every word, in the order a catalog walk first meets it."""
        packed = array("H")
        starts = array("I", [0])
        wide: list[int] = []
        for n, word in enumerate(self.words):  # one word's array freed at a time: the two layouts never coexist whole
            found = postings.pop(word)
            try:
                narrow = array("H", map(sub, found, chain((0,), found)))  # in C; a gap over 65,535 overflows
                # the bytes test may match across two gaps: the exact test then decides
                escaped = b"\xff\xff" in narrow.tobytes() and _ESCAPE in narrow
            except OverflowError:
                escaped = True
            if not escaped:
                packed.extend(narrow)
            else:
                wide.append(n)
                for gap in map(sub, found, chain((0,), found)):
                    packed.extend((gap,) if gap < _ESCAPE else (_ESCAPE, gap >> 16, gap & 0xFFFF))
            starts.append(len(packed))
        self._gaps = packed
        self._starts = starts
        self._wide = frozenset(wide)
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
