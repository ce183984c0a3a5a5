"""The section titles a work is listed under, kept once per section for the whole index (pure, no Textual).

A work's ``WorkText.sections`` is the folded titles of the sections listing it
and of their parents, joined with ``NAME_SEPARATOR``. Every work of a section
repeats them: at 100,000 works that text is 11 MB, for a taxonomy of a few
hundred titles. ``SectionTitles`` keeps each distinct title once, folded, and
for each work only the number of its set of sections (4 bytes a work; works
listed in the same sections share one set). It answers the questions the
index asks: which works' section text holds a word (``holding``: looked for in
each title once, then one byte per set of sections and one per work, in C)
and what one work's section text is (``text``, made when a query scores it).

A word without ``|`` and without a space at either end is in a work's section
text exactly when it is in one of its titles, since only such a word can
reach across the separator; one that could (``"methods | data"``) is looked
for in each work's whole section text.
"""

from __future__ import annotations

import re
from array import array
from collections import OrderedDict
from collections.abc import Callable, Container, Iterable, Mapping, Sequence
from itertools import compress

from aligntui.catalog.model import Section
from aligntui.search.fields import NAME_SEPARATOR
from aligntui.text.fold import fold

__all__ = ["SectionHits", "SectionTitles"]

TEXT_CACHE_SIZE = 4096
"""How many works' section texts (one per distinct set of sections) are kept between queries."""
HITS_CACHE_SIZE = 4
"""How many hits' flags are kept (100 KB each at 100,000 works): "mo" and "mod" usually hit the same sections."""


class SectionTitles:
    """Each distinct section title once, folded; each work's set of sections by number."""

    __slots__ = (
        "_finds",
        "_folded",
        "_hits",
        "_memberships",
        "_numbers",
        "_path_titles",
        "_paths",
        "_section_sets",
        "_set_count",
        "_texts",
        "_title_sections",
        "_titles",
        "_work_sets",
        "ids",
    )

    def __init__(
        self, sections: Mapping[str, Section], memberships: Mapping[str, tuple[str, ...]], ids: Sequence[str]
    ) -> None:
        self.ids = ids
        """Work positions -> work ids, as the index numbers them."""
        self._memberships = memberships
        self._paths = {s.id: s.path for s in sections.values()}
        titles: dict[str, int] = {}  # raw title -> its number; equal raw titles are one title
        numbers = {sid: n for n, sid in enumerate(self._paths)}
        under: list[list[int]] = []  # title number -> the numbers of the sections whose path holds it
        for sid, path in self._paths.items():
            for title in dict.fromkeys(path):
                if title not in titles:
                    titles[title] = len(titles)
                    under.append([])
                under[titles[title]].append(numbers[sid])
        self._titles = list(titles)
        self._path_titles = {sid: tuple(titles[t] for t in path) for sid, path in self._paths.items()}
        """Section id -> the numbers of its path's titles, in order."""
        self._finds: tuple[str, list[int], dict[int, tuple[str, int]]] = ("", [], {})
        """The last word ``first_in`` looked for, where it first is in each title (-1: not there), and its
        answers so far by set of sections (works listed in the same sections share one)."""
        self._folded = [fold(title) for title in titles]
        self._title_sections = under
        sets: dict[tuple[str, ...], int] = {(): 0}  # the sections listing a work -> the set's number
        self._work_sets = array("I", (sets.setdefault(memberships.get(w, ()), len(sets)) for w in ids))
        """Work position -> the number of its set of sections (0: none)."""
        in_section: list[array[int]] = [array("I") for _ in numbers]
        for listed, number in sets.items():
            for sid in listed:
                in_section[numbers[sid]].append(number)
        self._section_sets = in_section
        """Section number -> the numbers of the sets of sections holding it."""
        self._set_count = len(sets)
        self._numbers = numbers
        self._texts: dict[tuple[str, ...], str] = {}
        self._hits: OrderedDict[frozenset[int], SectionHits] = OrderedDict()

    def __len__(self) -> int:
        return len(self.ids)

    def text(self, position: int) -> str:
        """``WorkText.sections`` of the work at ``position``: its sections' titles, parents too, each once, folded."""
        listed = self._memberships.get(self.ids[position], ())
        found = self._texts.get(listed)
        if found is None:
            paths = self._paths
            found = fold(NAME_SEPARATOR.join(dict.fromkeys(t for sid in listed for t in paths[sid])))
            if len(self._texts) >= TEXT_CACHE_SIZE:
                self._texts.clear()
            self._texts[listed] = found
        return found

    def first_in(self, position: int, needle: str) -> tuple[str, int]:
        """Where ``needle`` first is in the section text of the work at ``position``: the title holding it and
        the place in that title (or, for a word reaching across titles, the whole text); ``("", -1)`` if nowhere.
        """
        if _spans(needle):
            text = self.text(position)
            return text, text.find(needle)
        word, places, answers = self._finds
        if word != needle:
            places = [title.find(needle) for title in self._folded]
            answers = {}
            self._finds = (needle, places, answers)
        number = self._work_sets[position]
        found = answers.get(number)
        if found is None:
            found = answers[number] = self._first_title(position, places)
        return found

    def _first_title(self, position: int, places: list[int]) -> tuple[str, int]:
        """``first_in`` for a word found at ``places`` of each title (-1: not there)."""
        paths = self._path_titles
        for sid in self._memberships.get(self.ids[position], ()):
            for number in paths[sid]:
                if places[number] >= 0:  # the first title holding it, in the order the text lists them
                    return self._folded[number], places[number]
        return "", -1

    def titles_holding(self, test: Callable[[str], object]) -> list[int]:
        """The numbers of the folded titles for which ``test`` is true."""
        return [n for n, title in enumerate(self._folded) if test(title)]

    def of_titles(self, titles: Iterable[int]) -> SectionHits:
        """The works listed under any of these titles (by number), or under a section below one."""
        sections = frozenset(n for number in titles for n in self._title_sections[number])
        if not sections:
            return SectionHits(self, frozenset())
        hits = self._hits.get(sections)
        if hits is not None:
            self._hits.move_to_end(sections)
            return hits
        hits = self._hits[sections] = SectionHits(self, sections)
        if len(self._hits) > HITS_CACHE_SIZE:
            self._hits.popitem(last=False)
        return hits

    def holding(self, needle: str) -> SectionHits:
        """The works whose section text holds ``needle``."""
        if _spans(needle):
            return SectionHits(self, frozenset(), _holds(needle))
        return self.of_titles(self.titles_holding(_holds(needle)))

    def matching(self, pattern: re.Pattern[str], needle: str) -> SectionHits:
        """The works whose section text ``pattern`` finds a match in.

        ``needle``: the text every match holds (a match holding ``|`` is looked for in each work's whole text).
        """
        if _spans(needle):
            return SectionHits(self, frozenset(), pattern.search)
        return self.of_titles(self.titles_holding(pattern.search))

    def words(self, word: re.Pattern[str]) -> dict[str, list[int]]:
        """Each word ``word`` finds in the titles -> the numbers of the titles holding it."""
        found: dict[str, list[int]] = {}
        for number, title in enumerate(self._folded):
            for one in dict.fromkeys(word.findall(title)):
                found.setdefault(one, []).append(number)
        return found

    def _set_flags(self, sections: frozenset[int]) -> bytes:
        """One byte per set of sections: 1 when it holds one of ``sections`` (by number)."""
        marks = bytearray(self._set_count)
        for n in sections:
            for number in self._section_sets[n]:
                marks[number] = 1
        return bytes(marks)


class SectionHits(Container[int]):
    """The works whose section text holds a word: a test for one work, or one flag per work."""

    __slots__ = ("_owner", "_sections", "_set_flags", "_test", "_work_flags")

    def __init__(
        self, owner: SectionTitles, sections: frozenset[int], test: Callable[[str], object] | None = None
    ) -> None:
        self._owner = owner
        self._sections = sections
        """The numbers of the sections holding the word (empty: none, or ``test`` decides)."""
        self._set_flags: bytes | None = None
        """One byte per set of sections, 1 for a set holding one of ``_sections``; made when first needed."""
        self._test = test
        """A test of one work's whole section text, for a word that may reach across two titles."""
        self._work_flags: bytes | None = None
        """One byte per work, 1 for a work hit; made when first asked for (``flags``)."""

    def __bool__(self) -> bool:
        return self._test is not None or bool(self._sections)

    def __contains__(self, position: object) -> bool:
        if not isinstance(position, int):
            return False
        owner = self._owner
        if self._test is not None:
            return bool(self._test(owner.text(position)))
        if self._set_flags is not None:
            return self._set_flags[owner._work_sets[position]] == 1
        numbers, sections = owner._numbers, self._sections  # a few works asked: no flags made
        return any(numbers[sid] in sections for sid in owner._memberships.get(owner.ids[position], ()))

    def flags(self, positions: Sequence[int]) -> bytes:
        """One byte per work of ``positions``, 1 for a work hit (made in C but for a word reaching across titles)."""
        if self._test is not None:
            return bytes(map(self.__contains__, positions))
        if not self._sections:
            return bytes(len(positions))
        every = self._work_flags
        if every is None:
            if self._set_flags is None:
                self._set_flags = self._owner._set_flags(self._sections)
            every = self._work_flags = bytes(map(self._set_flags.__getitem__, self._owner._work_sets))
        if isinstance(positions, range) and positions == range(len(every)):
            return every
        return bytes(map(every.__getitem__, positions))

    def works(self) -> set[int]:
        """The positions of every work hit."""
        if not self:
            return set()
        every = range(len(self._owner))
        return set(compress(every, self.flags(every)))

    def first(self) -> int:
        """The position of the first work hit, or the number of works when none is."""
        owner = self._owner
        if self._test is not None:
            found = self.flags(range(len(owner))).find(1)
            return len(owner) if found < 0 else found
        # Sets of sections are numbered in the order works first have them: the lowest number comes first.
        numbers = [listed[0] for n in self._sections if (listed := owner._section_sets[n])]
        return owner._work_sets.index(min(numbers)) if numbers else len(owner)


def _spans(needle: str) -> bool:
    """Whether ``needle`` could reach across ``NAME_SEPARATOR`` from one title into the next."""
    return "|" in needle or needle != needle.strip()


def _holds(needle: str) -> Callable[[str], bool]:
    """A test of whether a title holds ``needle``."""

    def test(title: str) -> bool:
        return needle in title

    return test
