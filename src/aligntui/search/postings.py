"""Each word's works for the fuzzy fallback, end to end in two arrays (pure, no Textual).

At 100,000 works the fallback's ~19,000 words are held by 1.7 million
(word, work) pairs. A dict of one array per word spends 2.8 MB on the arrays'
headers and the dict; 4-byte positions spend twice what the gaps between
them need. ``Postings`` keeps a word's works as the gaps between them, 2 bytes
each, end to end in one array, and the few words with a gap of 65,536 works
or more as positions in a second array; ``postings[n]`` gives word ``n``'s
works back (``itertools.accumulate`` in C).
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator
from itertools import accumulate
from operator import sub

__all__ = ["Postings"]

SMALL_GAP = 1 << 16
"""Gaps below this fit in 2 bytes."""


class Postings:
    """Word number -> the ascending positions of the works holding it, stored as 2-byte gaps where they fit."""

    __slots__ = ("_ends", "_gaps", "_wide", "_wide_ends")

    def __init__(self, lists: Iterable[array[int]]) -> None:
        """``lists``: each word's positions, ascending, word by word; each may be freed once read."""
        self._gaps = array("H")
        self._ends = array("I")  # word n's gaps end at _ends[n]
        self._wide = array("I")
        self._wide_ends = array("I")  # word n's wide positions end at _wide_ends[n]
        for positions in lists:
            gaps = array("I", positions[:1])
            gaps.extend(map(sub, positions[1:], positions))  # made in C: no Python step per work
            if max(gaps, default=0) < SMALL_GAP:
                self._gaps.extend(array("H", gaps))
            else:
                self._wide.extend(positions)
            self._ends.append(len(self._gaps))
            self._wide_ends.append(len(self._wide))

    def __len__(self) -> int:
        return len(self._ends)

    def __getitem__(self, number: int) -> Iterator[int]:
        """Word ``number``'s works, ascending."""
        start = self._ends[number - 1] if number else 0
        end = self._ends[number]
        if end > start:
            return accumulate(self._gaps[start:end])
        start = self._wide_ends[number - 1] if number else 0
        return iter(self._wide[start : self._wide_ends[number]])
