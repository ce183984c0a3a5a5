"""The words a fuzzy guess may stand in with, and the works holding each, packed small (pure).

A catalog of 100,000 works has some 19,000 such words and 2.6 million
(word, work) pairs. Kept as a dict of one ``array`` per word they took 17 MB;
``Vocabulary`` keeps the low 16 bits of every word's positions in one
``array("H")`` (5 MB) and, per word, where its positions pass each multiple
of 65,536: packed and read back in C, with no Python step per position.
"""

from __future__ import annotations

from array import array
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Iterator
from itertools import accumulate, chain, pairwise, repeat
from operator import add, sub

__all__ = ["Vocabulary"]

_BLOCK = 1 << 16
"""Positions are kept as their remainder modulo this, in blocks of equal quotient."""


class Vocabulary:
    """Words, in order of first appearance, and the ascending positions of the works holding each."""

    __slots__ = ("_blocks", "_cuts", "_low", "_starts", "words")

    def __init__(self, works: Iterable[Collection[str]]) -> None:
        """The vocabulary of works given in catalog order (position 0 first), each as its distinct words.

        Made without a growing array per word: the (work, word) pairs are
        read once into one array of word numbers (two bytes each while the
        words fit) and counted, then each word's positions are written into
        their place of the packed array. At 100,000 synthetic works a dict of
        arrays held 12-17 MB for the build's length, in thousands of blocks
        the allocator kept after; this holds one array of 5 MB and one count
        per work.
        """
        numbers: defaultdict[str, int] = defaultdict()
        numbers.default_factory = numbers.__len__  # a new word gets the next number, in C
        stream: array[int] = array("H")
        sizes = array("I")
        for words in works:
            if stream.typecode == "H" and len(numbers) + len(words) > _BLOCK:
                stream = array("I", stream)  # more words than two bytes number
            before = len(stream)
            stream.extend(map(numbers.__getitem__, words))
            sizes.append(len(stream) - before)
        counted = Counter(stream)
        starts = array("I", accumulate(map(counted.__getitem__, range(len(numbers))), initial=0))
        low = array("H", [0]) * len(stream)
        following = list(starts[:-1])  # where each word's next position goes
        snapshots: list[list[int]] = []
        at = 0
        for work, size in enumerate(sizes):
            if work and not work % _BLOCK:  # each word's count of positions before this block
                snapshots.append(list(map(sub, following, starts)))
            value = work % _BLOCK
            for number in stream[at : at + size]:  # inline: a step per (work, word) pair
                place = following[number]
                low[place] = value
                following[number] = place + 1
            at += size
        self.words: list[str] = list(numbers)
        """Every word, in the order a catalog walk first meets it."""
        self._low = low
        """The low 16 bits of every word's positions, word after word."""
        self._starts = starts
        """Where each word's positions start in ``_low`` (and where the last ends)."""
        self._blocks = len(snapshots) + 1
        """How many blocks of 65,536 positions the catalog spans."""
        self._cuts = array("I", chain.from_iterable(zip(*snapshots, strict=True)))
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
