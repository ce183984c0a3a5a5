"""Many short strings kept as one, for the index's per-work text (pure, no Textual).

A Python string costs 49 bytes besides its characters and a list 8 more per
item: 5.7 MB for one string per work of a 100,000-work catalog, more than
the characters of a short text such as a title's initials. ``TextColumn``
keeps the strings end to end in one string, with their offsets in an
``array``; item ``i`` is a slice made when asked for. Looking for a word in
every string is a loop of ``str.find`` over the one string, which skips in C
the strings that do not hold it.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from itertools import accumulate, chain, compress, islice, repeat
from operator import contains, le
from typing import Generic, TypeVar, overload

__all__ = ["Coded", "TextColumn", "holding"]


_BATCH = 4096
"""How many strings are joined at a time while a column is made."""
_MANY = 64
"""After this many strings found by skipping from match to match (a Python step each), the rest may each be
asked once in C (``_COMMON``)."""
_COMMON = (0.5, 0.12)
"""The share of the strings looked through so far that hold a needle above which the rest are each asked once
in C: of the column (slices), of a list of the same strings. A step from match to match took 0.5 µs, asking a
slice 0.24 µs and a list's string 0.07 µs (``benchmarks/README.md``, issue 23, seventh pass): at 100,000 works
``rewa``, in 5% of the joined names, took 9.8 ms so where switching after 64 took 29.8; ``a``, in nearly all, 24
ms where skipping throughout took 56."""


class TextColumn(Sequence[str]):
    """A read-only sequence of strings stored as one string and an array of offsets."""

    __slots__ = ("_ends", "_starts", "_text")

    def __init__(self, texts: Iterable[str]) -> None:
        # Joined a batch at a time: the strings are never all alive at once besides the result (the index's
        # joined names, 12 MB as 100,000 strings at 100,000 works, are made and joined here, a batch at a time).
        pieces: list[str] = []
        ends = array("q")
        given = iter(texts)
        while batch := list(islice(given, _BATCH)):
            pieces.append("".join(batch))
            ends.extend(islice(accumulate(map(len, batch), initial=ends[-1] if ends else 0), 1, None))
        if not ends or ends[-1] < 1 << 32:
            ends = array("I", ends)  # 4 bytes an offset, not 8: any catalog's column (at most 64 MB of text)
        self._text = "".join(pieces)
        self._ends = ends
        self._starts = array(ends.typecode, chain((0,), ends[:-1])) if ends else array(ends.typecode)

    def __len__(self) -> int:
        return len(self._ends)

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[str]: ...

    def __getitem__(self, index: int | slice) -> str | Sequence[str]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        return self._text[self._starts[index] : self._ends[index]]

    def __iter__(self) -> Iterator[str]:
        text = self._text
        return (text[start:end] for start, end in zip(self._starts, self._ends, strict=True))

    def holding(
        self, needle: str, candidates: Iterable[int] | None = None, strings: Sequence[str] | None = None
    ) -> array[int]:
        """The positions (ascending for ``None``, else in ``candidates``' order) of the strings holding ``needle``.

        ``candidates``: only these positions are looked at; None: every one.
        ``strings``: the same strings as a list, if kept, whose strings are asked faster than slices of the
        column, once a needle turns out common (at 10,000 works, 1.1 ms where the column took 2.7).
        """
        text, starts, ends = self._text, self._starts, self._ends
        if candidates is not None:
            wanted = candidates if isinstance(candidates, (array, list, range)) else list(candidates)
            # text.find(needle, start, end) for each wanted string, made in C (map): no Python step per string
            places = map(text.find, repeat(needle), map(starts.__getitem__, wanted), map(ends.__getitem__, wanted))
            return array("I", compress(wanted, map(le, repeat(0), places)))
        found = array("I")
        if not needle:
            return array("I", range(len(ends)))
        size, start = len(needle), text.find(needle)
        common = _COMMON[strings is not None]
        while start >= 0:
            i = bisect_right(ends, start)  # the string this match starts in
            if start + size <= ends[i]:
                found.append(i)
                if len(found) >= _MANY and len(found) > common * i:  # a common needle: the rest asked in C
                    rest = range(i + 1, len(ends))
                    found.extend(self.holding(needle, rest) if strings is None else holding(strings, needle, rest))
                    break
            # a match that runs on into the next string means none later in this one either
            start = text.find(needle, ends[i])
        return found


def holding(
    texts: Sequence[str], needle: str, candidates: Iterable[int] | None = None, column: TextColumn | None = None
) -> array[int]:
    """``TextColumn.holding`` for any sequence of strings: a list's strings are each asked once, in C.

    ``column``: the same strings as a ``TextColumn``, looked through for every string (``candidates`` None): a
    needle few strings hold is found in one ``str.find`` over it (at 10,000 works, 0.5 ms where asking each
    string took 1.0).
    """
    if isinstance(texts, TextColumn):
        return texts.holding(needle, candidates)
    if column is not None and candidates is None:
        return column.holding(needle, None, texts)
    wanted = range(len(texts)) if candidates is None else candidates
    if not isinstance(wanted, (array, list, range)):
        wanted = list(wanted)
    asked = texts if candidates is None else map(texts.__getitem__, wanted)
    return array("I", compress(wanted, map(contains, asked, repeat(needle))))


T = TypeVar("T", bound=Hashable)


class Coded(Generic[T]):
    """A value per position drawn from few distinct ones (years, kinds of link): each distinct value once, and
    a number per position (2 bytes while there are at most 65,536 values): 0.2 MB at 100,000 works, where a
    list of shared objects held 0.8 MB."""

    __slots__ = ("_codes", "values")

    def __init__(self, given: Iterable[T]) -> None:
        numbers: defaultdict[T, int] = defaultdict()
        numbers.default_factory = numbers.__len__  # a new value gets the next number, in C
        codes = array("I", map(numbers.__getitem__, given))
        self._codes = array("H", codes) if len(numbers) <= 1 << 16 else codes
        self.values: list[T] = list(numbers)
        """Each distinct value, in the order first met."""

    def __len__(self) -> int:
        return len(self._codes)

    def __getitem__(self, position: int) -> T:
        return self.values[self._codes[position]]

    def having(self, keep: Callable[[T], bool]) -> Iterator[int]:
        """The positions, ascending, whose value ``keep`` keeps (asked once per distinct value)."""
        kept = {number for number, value in enumerate(self.values) if keep(value)}
        return compress(range(len(self._codes)), map(kept.__contains__, self._codes))
