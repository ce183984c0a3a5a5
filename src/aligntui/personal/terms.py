"""What a person's own files say about the works: marks and the .bib, as the query language asks (pure).

``Personal`` answers the query terms that no catalog holds (``is:starred``,
``is:toread``, ``is:reading``, ``is:read``, ``is:unread``, ``is:inbib``,
``has:note``, ``note:WORDS``) from a ``MarkStore`` and the parsed .bib file
(``aligntui.personal.bibfile``); ``SearchIndex`` consults it for exactly the terms
``is_personal`` names (through the ``PersonalTerms`` hook of ``aligntui.search.index``,
so search never imports this package). It reads the store live, so a new mark counts at the
next search; the App, which writes the files, hands it a re-read .bib.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from aligntui.personal.marks import STATUSES, glyphs
from aligntui.text.fold import fold

if TYPE_CHECKING:
    from aligntui.catalog.model import Work
    from aligntui.personal.bibfile import BibFile
    from aligntui.personal.marks import MarkStore
    from aligntui.search.query import Term

__all__ = ["BIB_GLYPH", "Personal"]

BIB_GLYPH = "✓"
"""The sign of a work the bibliography file has, after the marks' own signs in a tree row."""


class Personal:
    """The marks of one catalog (``store``) and the works its bibliography file has (``bib``, or None)."""

    def __init__(self, store: MarkStore, works: Mapping[str, Work], bib: BibFile | None = None) -> None:
        self.store = store
        self.works = works
        self._bib = bib
        self._bib_ids: frozenset[str] | None = None

    @property
    def bib(self) -> BibFile | None:
        """The parsed bibliography file, or None when none is named."""
        return self._bib

    def set_bib(self, bib: BibFile | None) -> None:
        """Use another (or a re-read) bibliography file."""
        self._bib = bib
        self._bib_ids = None

    def bib_ids(self) -> frozenset[str]:
        """The ids of the works the bibliography file has (empty without one); computed once per file."""
        if self._bib_ids is None:
            self._bib_ids = self._bib.work_ids(self.works.values()) if self._bib is not None else frozenset()
        return self._bib_ids

    def bib_key(self, work_id: str) -> str | None:
        """The key the bibliography file has a work under, or None."""
        work = self.works.get(work_id)
        found = self._bib.find(work) if self._bib is not None and work is not None else None
        return found.entry.key if found is not None else None

    def glyph(self, work_id: str) -> str:
        """The signs of a work for its tree row: ``★◐✎✓`` (star, status, note, in the .bib), or ``""``."""
        return glyphs(self.store.get(work_id)) + (BIB_GLYPH if work_id in self.bib_ids() else "")

    def ids_for(self, term: Term) -> frozenset[str]:
        """The ids of the works a personal term matches, ignoring its negation (``is_personal`` terms only).

        Raises ``ValueError`` for any other term; ``query.parse_query`` only
        makes ``is:`` terms with a value from ``IS_VALUES``.
        """
        from aligntui.search.query import IS_VALUES  # the query language: not on the explorer's start path

        store = self.store
        if term.field == "note":
            needle = term.text
            return frozenset(i for i, mark in store.marks.items() if mark.note and needle in fold(mark.note))
        if term.field == "has" and term.text == "note":
            return store.noted_ids()
        if term.field != "is" or term.text not in IS_VALUES:
            raise ValueError(f"not a personal term: {term}")
        if term.text == "starred":
            return store.starred_ids()
        if term.text == "inbib":
            return self.bib_ids()
        if term.text == "unread":
            marked = frozenset().union(*(store.status_ids(s) for s in STATUSES if s != "unread"))
            return frozenset(i for i in self.works if i not in marked)
        return store.status_ids(term.text)
