"""The section titles a work is listed under, kept once per section for the whole index (pure, no Textual).

A work's ``WorkText.sections`` is the folded titles of the sections listing it
and of their parents, joined with ``NAME_SEPARATOR``. Every work of a section
repeats them: at 100,000 works that text is 11 MB, for a taxonomy of a few
hundred titles. ``SectionTitles`` keeps each distinct title once, folded,
with the works each section lists (4 bytes a listing), and answers the two
questions the index asks: which works' section text holds a word
(``holding``, looked for in each title once) and what one work's section text
is (``text``, made when a query scores the work).

A word without ``|`` and without a space at either end is in a work's section
text exactly when it is in one of its titles, since only such a word can
reach across the separator; one that could (``"methods | data"``) is looked
for in each work's whole section text.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Callable, Iterable, Mapping, Sequence

from aligntui.catalog.model import Section
from aligntui.search.fields import NAME_SEPARATOR
from aligntui.text.fold import fold

__all__ = ["SectionTitles"]

TEXT_CACHE_SIZE = 4096
"""How many works' section texts (one per distinct set of sections) are kept between queries."""


class SectionTitles:
    """Each distinct section title once, folded, with the positions of the works listed under it."""

    __slots__ = ("_folded", "_memberships", "_paths", "_section_works", "_texts", "_title_sections", "_titles", "ids")

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
        self._folded = [fold(title) for title in titles]
        self._title_sections = under
        listed: list[array[int]] = [array("I") for _ in numbers]  # section number -> its works' positions
        for position, work_id in enumerate(ids):
            for sid in memberships.get(work_id, ()):
                listed[numbers[sid]].append(position)
        self._section_works = listed
        self._texts: dict[tuple[str, ...], str] = {}

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

    def titles_holding(self, test: Callable[[str], object]) -> list[int]:
        """The numbers of the folded titles for which ``test`` is true."""
        return [n for n, title in enumerate(self._folded) if test(title)]

    def works_of(self, titles: Iterable[int]) -> set[int]:
        """The positions of the works listed under any of these titles (by number), or under a section below one."""
        sections = {n for number in titles for n in self._title_sections[number]}
        found: set[int] = set()
        for n in sections:
            found.update(self._section_works[n])
        return found

    def first_work(self, titles: Iterable[int]) -> int:
        """The position of the first work listed under any of these titles (the number of works if none)."""
        works = self._section_works
        sections = {n for number in titles for n in self._title_sections[number]}
        return min((works[n][0] for n in sections if works[n]), default=len(self.ids))

    def holding(self, needle: str) -> set[int]:
        """The positions of the works whose section text holds ``needle``."""
        if _spans(needle):
            return {i for i in range(len(self.ids)) if needle in self.text(i)}
        return self.works_of(self.titles_holding(_holds(needle)))

    def matching(self, pattern: re.Pattern[str], needle: str) -> set[int]:
        """The positions of the works whose section text ``pattern`` finds a match in.

        ``needle``: the text every match holds (a match holding ``|`` is looked for in each work's whole text).
        """
        if _spans(needle):
            return {i for i in range(len(self.ids)) if pattern.search(self.text(i))}
        return self.works_of(self.titles_holding(pattern.search))

    def words(self, word: re.Pattern[str]) -> dict[str, list[int]]:
        """Each word ``word`` finds in the titles -> the numbers of the titles holding it."""
        found: dict[str, list[int]] = {}
        for number, title in enumerate(self._folded):
            for one in dict.fromkeys(word.findall(title)):
                found.setdefault(one, []).append(number)
        return found


def _spans(needle: str) -> bool:
    """Whether ``needle`` could reach across ``NAME_SEPARATOR`` from one title into the next."""
    return "|" in needle or needle != needle.strip()


def _holds(needle: str) -> Callable[[str], bool]:
    """A test of whether a title holds ``needle``."""

    def test(title: str) -> bool:
        return needle in title

    return test
