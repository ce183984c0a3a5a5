"""Checking one table of a parsed catalog: keys, value types, characters, URLs, years (pure).

``Checker`` collects positioned problems while ``aligntui.catalog.validate`` turns
parsed TOML into dataclasses. Values from the catalog appear in messages
through ``shown``: ``repr`` bounded in length and depth, so a value nested a
thousand levels deep or a megabyte long makes a short message, never a
``RecursionError``.
"""

from __future__ import annotations

import difflib
import reprlib
import sys
from collections.abc import Mapping, Sequence
from typing import Any

from aligntui.catalog.characters import (
    MULTI_LINE_KEYS,
    escape_pattern,
    needs_string_check,
    plain_text,
    string_problem,
)
from aligntui.catalog.model import Problem
from aligntui.catalog.names import name_problem
from aligntui.catalog.positions import LazyLocator, Where, resolve
from aligntui.text.safe import is_safe_line
from aligntui.text.weburl import url_problem

__all__ = ["MAX_YEAR", "MIN_YEAR", "Checker", "shown"]

MIN_YEAR = 1500
MAX_YEAR = 2100
_TYPE_NAMES = {str: "a string", list: "a list", int: "a whole number", bool: "true or false"}
_UNCHECKED_KEYS = ("url", "source", "id", "works", "parent", "links")
"""Strings whose characters other rules check: URLs, ids, the ids a section names, links (label by label)."""

MAX_MESSAGE = 400
"""The longest problem message: every value in one is bounded, and this bounds what they add up to."""
_SHOWN = reprlib.Repr()
_SHOWN.maxlevel, _SHOWN.maxstring, _SHOWN.maxother, _SHOWN.maxlist = 2, 60, 60, 4


def shown(value: Any) -> str:
    """A value from the catalog as a message shows it: ``repr``, bounded in length and depth."""
    return _SHOWN.repr(value)


class Checker:
    """Collects problems while turning parsed TOML into dataclasses."""

    def __init__(self, name: str, text: str) -> None:
        self.name = name
        self.locator = LazyLocator(text)
        self.problems: list[Problem] = []
        self.plain = plain_text(text)
        """The text holds no refused character written out (``characters.plain_text``), so no scan needs to look."""
        self.check_strings = needs_string_check(text, self.plain)
        self.character_lines: set[int] = set()
        """Lines where a string's refused character is already reported: the text-wide check skips them."""
        self.years: dict[int, int] = {}
        """Each year accepted, as the one int object every work of that year holds."""
        self._strings: dict[str, str] = {}
        """Each list entry ``strings`` accepted, and the stripped, interned string it became (authors recur)."""
        self._exact: dict[int, dict[str, type]] = {}
        self.name_problems: dict[str, str | None] = {}
        """Each author string checked, and what ``names.name_problem`` said of it (``citation_problems``'s memo)."""
        self._names: dict[str, str] = {}
        """Each author string ``plain_names`` accepted, and the stripped, interned string it became."""
        self.link_labels: dict[str, str] = {}
        """Each link label accepted, and the stripped, interned string it became."""

    def report(self, where: Where, message: str) -> int:
        """Record a problem (its message cut to ``MAX_MESSAGE`` characters); return its line."""
        line, column = resolve(where)
        if len(message) > MAX_MESSAGE:
            message = message[: MAX_MESSAGE - 1] + "…"
        self.problems.append(Problem(self.name, line, column, message))
        return line

    def characters(self, where: Where, value: Any, key: str, what: str) -> None:
        """Report the first refused character of a string, or of each string in a list."""
        if isinstance(value, list):
            for item in value:
                if isinstance(item, str) and not is_safe_line(item):
                    self.characters(where, item, key, what)
            return
        # Most strings hold no refused character, tab or line break: is_safe_line settles them in C.
        if not isinstance(value, str) or is_safe_line(value):
            return
        found = string_problem(value, key not in MULTI_LINE_KEYS)
        if found is None:
            return
        char, said, count = found
        more = f" ({count} such characters in all)" if count > 1 else ""
        line = self.report(
            self.locator.find_after(where, escape_pattern(char)), f"{what}: {shown(key)} holds {said}{more}"
        )
        self.character_lines.add(line)

    def fields(
        self,
        table: Mapping[str, Any],
        spec: Mapping[str, tuple[type, ...]],
        required: Sequence[str],
        header: str,
        index: int | None,
        what: str,
    ) -> dict[str, Any]:
        """Check one table's keys and value types; return the good values."""
        good: dict[str, Any] = {}
        exact = self._exact.get(id(spec))
        if exact is None:  # the one type of each key that allows one (a bool is no int: types compared exactly)
            exact = self._exact[id(spec)] = {key: types[0] for key, types in spec.items() if len(types) == 1}
        # Positions are promised only where a problem is reported: this loop runs for every key of every work.
        for key, value in table.items():
            if exact.get(key) is type(value) and not self.check_strings:
                good[key] = value  # the common case: a known key, a value of its type, no character to check
                continue
            types = spec.get(key)
            if types is None:
                close = difflib.get_close_matches(key, list(spec), n=1)
                advice = f"did you mean {shown(close[0])}?" if close else f"known keys: {', '.join(spec)}"
                self.report(self.locator.key(header, index, key), f"unknown key {shown(key)} in {what} ({advice})")
                continue
            if not isinstance(value, types) or ((value is True or value is False) and bool not in types):
                where = self.locator.key(header, index, key)
                self.report(where, f"{shown(key)} in {what} must be {_TYPE_NAMES[types[0]]}")
                continue
            if self.check_strings and key not in _UNCHECKED_KEYS:
                self.characters(self.locator.key(header, index, key), value, key, what)
            good[key] = value
        for key in required:
            if key not in good and key not in table:
                self.report(self.locator.table(header, index), f"{what} has no {shown(key)}")
        return good

    def url(self, url: str, where: Where, what: str) -> bool:
        """True for a URL ``weburl.url_problem`` accepts; else report why."""
        problem = url_problem(url)
        if problem is not None:
            line = self.report(where, f"{what}: URL {shown(url)} {problem}")
            self.character_lines.add(line)
            return False
        return True

    def year(self, year: Any, where: Where, what: str) -> int | None:
        if year is None:
            return None
        if not MIN_YEAR <= year <= MAX_YEAR:
            self.report(where, f"{what}: year {year} is not a plausible year")
            return None
        # One int object a year: each one above 256 is a 28-byte object of its own (2.8 MB for 100,000 works).
        return self.years.setdefault(int(year), int(year))

    def strings(self, values: list[Any], header: str, index: int, key: str, what: str) -> list[str]:
        out: list[str] = []
        if not values:
            return out
        known = self._strings
        try:
            return [known[value] for value in values]  # every entry seen before (most authors recur)
        except (KeyError, TypeError):  # TypeError: an entry that is no string (a list) cannot be a key
            pass
        for value in values:
            if isinstance(value, str) and value.strip():
                # Authors recur across works: one string object each saves a third of a large catalog's memory.
                out.append(known.setdefault(value, sys.intern(value.strip())))
            else:
                where = self.locator.key(header, index, key)
                self.report(where, f"{what}: every entry of {shown(key)} must be a non-empty string")
        return out

    def plain_strings(self, values: list[Any]) -> tuple[str, ...] | None:
        """``strings``'s answer as a tuple when it reports nothing (every entry a non-empty string), else None."""
        known = self._strings
        try:
            return tuple(map(known.__getitem__, values))
        except (KeyError, TypeError):
            pass
        if not all(type(value) is str and value.strip() for value in values):
            return None
        return tuple([known.setdefault(value, sys.intern(value.strip())) for value in values])

    def plain_names(self, values: list[Any]) -> tuple[str, ...] | None:
        """``plain_strings`` for a work's authors, also None when ``names.name_problem`` finds fault with one.

        Reports nothing; fills ``name_problems`` as ``citation_problems`` would.
        """
        known = self._names
        try:
            return tuple(map(known.__getitem__, values))
        except (KeyError, TypeError):
            pass
        problems = self.name_problems
        for value in values:
            if type(value) is not str or not value.strip():
                return None
            if value not in known:
                problem = problems.get(value, "")
                if problem == "":  # not seen before ("" is never a message)
                    problem = problems[value] = name_problem(value)
                if problem:
                    return None
                known[value] = self._strings.setdefault(value, sys.intern(value.strip()))
        return tuple(map(known.__getitem__, values))
