"""The words a fuzzy guess may stand in with, and the works holding each, packed small (pure).

A catalog of 100,000 works has some 19,000 such words and 2.6 million
(word, work) pairs. Kept as a dict of one ``array`` per word they took 17 MB;
``Vocabulary`` keeps the low 16 bits of every word's positions in one
``array("H")`` (5 MB) and, per word, where its positions pass each multiple
of 65,536: packed and read back in C, with no Python step per position.
"""

from __future__ import annotations

import sys
from array import array
from bisect import bisect_left
from collections.abc import Iterator
from itertools import chain, pairwise, repeat
from operator import add

__all__ = ["Vocabulary"]

_BLOCK = 1 << 16
"""Positions are kept as their remainder modulo this, in blocks of equal quotient."""
_LOW = slice(0, 2) if sys.byteorder == "little" else slice(2, 4)
"""Where the low 16 bits of a 4-byte ``array("I")`` item sit in its bytes."""


def _low_halves(found: array[int]) -> bytes:
    """The low 16 bits of each item of an ``array("I")``, as the bytes of an ``array("H")`` (slices: in C)."""
    if found.itemsize != 4:  # no platform aligntui supports; kept correct anyway
        return array("H", (position % _BLOCK for position in found)).tobytes()
    raw = found.tobytes()
    halves = bytearray(2 * len(found))
    halves[0::2] = raw[_LOW.start :: 4]
    halves[1::2] = raw[_LOW.start + 1 :: 4]
    return bytes(halves)


class Vocabulary:
    """Words, in order of first appearance, and the ascending positions of the works holding each."""

    __slots__ = ("_blocks", "_cuts", "_low", "_starts", "words")

    def __init__(self, postings: dict[str, array[int]]) -> None:
        """Pack ``postings`` (word -> ascending positions, as an ``array("I")``), emptying it as it goes."""
        self.words: list[str] = list(postings)
        """Every word, in the order a catalog walk first meets it."""
        last = max((found[-1] for found in postings.values() if found), default=0)
        self._blocks = last // _BLOCK + 1
        """How many blocks of 65,536 positions the catalog spans."""
        low = array("H")
        starts = array("I", [0])
        cuts = array("I")
        for word in self.words:  # one word's array freed at a time: the two layouts never coexist whole
            found = postings.pop(word)
            low.frombytes(_low_halves(found))
            starts.append(len(low))
            cuts.extend(bisect_left(found, block * _BLOCK) for block in range(1, self._blocks))
        self._low = low
        self._starts = starts
        self._cuts = cuts
        """Per word, ``_blocks - 1`` counts: how many of its positions come before each later block."""

    def __len__(self) -> int:
        return len(self.words)

    def postings(self, n: int) -> Iterator[int]:
        """The positions of the works holding word ``n`` (of ``words``), ascending."""
        low = self._low[self._starts[n] : self._starts[n + 1]]
        if self._blocks == 1:
            return iter(low)
        more = self._blocks - 1
        cuts = (0, *self._cuts[n * more : (n + 1) * more], len(low))
        return chain.from_iterable(
            map(add, low[start:end], repeat(block * _BLOCK)) if block else iter(low[start:end])
            for block, (start, end) in enumerate(pairwise(cuts))
        )
