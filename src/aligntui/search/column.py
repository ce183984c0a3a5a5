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
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from itertools import accumulate, chain, compress, pairwise, repeat
from operator import add, le
from typing import Generic, TypeVar, overload

__all__ = ["SharedColumn", "TextColumn"]

CHUNK = 4096
"""How many strings are joined at a time while a column is built."""


def batched(items: Iterable[str], size: int) -> Iterator[list[str]]:
    """``items`` in lists of ``size`` (the last one shorter); ``itertools.batched`` from Python 3.12."""
    batch: list[str] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


class TextColumn(Sequence[str]):
    """A read-only sequence of strings stored as one string and an array of offsets."""

    __slots__ = ("_bounds", "_text")

    def __init__(self, texts: Iterable[str]) -> None:
        # Joined a few thousand at a time: the strings are never all alive at once beside the column.
        chunks: list[str] = []
        sizes = array("q")
        for chunk in batched(texts, CHUNK):
            chunks.append("".join(chunk))
            sizes.extend(map(len, chunk))
        self._text = "".join(chunks)
        del chunks
        # 4-byte offsets while they fit (a column under 4 GB): half the memory of 8-byte ones
        code = "I" if len(self._text) < 1 << 32 else "q"
        self._bounds = array(code, chain((0,), accumulate(sizes)))
        """String ``i`` is ``_text[_bounds[i]:_bounds[i + 1]]`` (one array of offsets, not starts and ends)."""

    def __len__(self) -> int:
        return len(self._bounds) - 1

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[str]: ...

    def __getitem__(self, index: int | slice) -> str | Sequence[str]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        bounds = self._bounds
        if index < 0:
            index += len(self)
        return self._text[bounds[index] : bounds[index + 1]]

    def __iter__(self) -> Iterator[str]:
        text, bounds = self._text, self._bounds
        return (text[start:end] for start, end in pairwise(bounds))

    def holding(self, needle: str, candidates: Iterable[int] | None = None) -> array[int]:
        """The positions (ascending for ``None``, else in ``candidates``' order) of the strings holding ``needle``.

        ``candidates``: only these positions are looked at; None: every one.
        """
        text, bounds = self._text, self._bounds
        if candidates is not None:
            wanted = candidates if isinstance(candidates, (array, list, range)) else list(candidates)
            # text.find(needle, start, end) for each wanted string, made in C (map): no Python step per string
            starts = map(bounds.__getitem__, wanted)
            ends = map(bounds.__getitem__, map(add, wanted, repeat(1)))
            return array("I", compress(wanted, map(le, repeat(0), map(text.find, repeat(needle), starts, ends))))
        found = array("I")
        if not needle:
            return array("I", range(len(self)))
        size, start = len(needle), text.find(needle)
        while start >= 0:
            i = bisect_right(bounds, start, 1) - 1  # the string this match starts in
            end = bounds[i + 1]
            if start + size <= end:
                found.append(i)
            # a match that runs on into the next string means none later in this one either
            start = text.find(needle, end)
        return found


T = TypeVar("T", bound=Hashable)


class SharedColumn(Generic[T]):
    """One value per work drawn from a few distinct ones (years, link kinds): each distinct value once, and a
    2- or 4-byte number per work (a list of references costs 8 bytes a work)."""

    __slots__ = ("_codes", "_table")

    def __init__(self, values: Iterable[T]) -> None:
        numbers: dict[T, int] = {}
        codes = array("I", (numbers.setdefault(value, len(numbers)) for value in values))
        self._table = list(numbers)
        self._codes = array("H", codes) if len(numbers) <= 1 << 16 else codes

    def __len__(self) -> int:
        return len(self._codes)

    def __getitem__(self, index: int) -> T:
        return self._table[self._codes[index]]

    def __iter__(self) -> Iterator[T]:
        return map(self._table.__getitem__, self._codes)

    @property
    def distinct(self) -> int:
        """How many distinct values the column holds."""
        return len(self._table)

    def where(self, test: Callable[[T], object]) -> Iterator[int]:
        """The positions (ascending) whose value passes ``test``, tested once per distinct value."""
        passed = bytes(bool(test(value)) for value in self._table)
        return compress(range(len(self._codes)), map(passed.__getitem__, self._codes))
