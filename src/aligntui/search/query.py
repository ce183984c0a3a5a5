"""The query language: parsing a query string into terms (pure, no Textual).

One language serves the TUI filter and every CLI subcommand, so they can
never disagree; the README documents it. ``parse_query`` never raises: what
it cannot use becomes a hint and the rest of the query still filters.
``aligntui.search.index`` runs a parsed query over a catalog.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from aligntui.catalog.model import HAS_ALIASES, LINK_KINDS
from aligntui.search.wordforms import plain_quotes
from aligntui.text.fold import fold

__all__ = [
    "FIELDS",
    "HAS_KINDS",
    "IS_VALUES",
    "Query",
    "Term",
    "is_personal",
    "parse_query",
    "wants_bib",
    "wants_personal",
]

FIELDS = ("title", "author", "venue", "year", "section", "has", "id", "is", "note")
"""The field names a term may start with (``author:bai``)."""

HAS_KINDS = tuple(dict.fromkeys(LINK_KINDS.values()))
"""What ``has:`` can ask for; ``has:project`` is ``has:code``."""

IS_VALUES = ("starred", "toread", "reading", "read", "unread", "inbib")
"""What ``is:`` can ask for: a star, a reading status, or a place in the .bib file (``aligntui.personal.terms``)."""

_TOKEN = re.compile(r'\s*(-?)(?:([A-Za-z]+):)?("[^"]*"?|\S+)')
_YEAR = re.compile(r"^(?:(\d{4})\.\.(\d{4})|(\d{4})\.\.|\.\.(\d{4})|(>=|<=|>|<|=)?(\d{4}))$")


@dataclass(frozen=True, slots=True)
class Term:
    """One condition of a query: ``field`` is None for plain words and phrases."""

    text: str
    field: str | None = None
    negated: bool = False
    phrase: bool = False
    first_only: bool = False
    year_range: tuple[int, int] | None = None

    def with_text(self, text: str) -> Term:
        """The same term for another word (a fuzzy stand-in)."""
        return Term(text, self.field, self.negated, self.phrase, self.first_only, self.year_range)

    def __str__(self) -> str:
        value = f'"{self.text}"' if self.phrase else self.text
        if self.first_only:
            value = "^" + value
        prefix = f"{self.field}:" if self.field else ""
        return f"{'-' if self.negated else ''}{prefix}{value}"


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed query: alternatives (OR) of conjunctions (AND) of terms."""

    text: str
    groups: tuple[tuple[Term, ...], ...]
    hints: tuple[str, ...] = ()

    @property
    def is_empty(self) -> bool:
        """True when the query has no usable term and matches every work."""
        return not any(self.groups)

    @property
    def positive_words(self) -> tuple[str, ...]:
        """The folded words and phrases to highlight in titles and authors."""
        seen: dict[str, None] = {}
        for group in self.groups:
            for term in group:
                if not term.negated and term.field in (None, "title", "author", "id", "venue"):
                    seen.setdefault(term.text, None)
        return tuple(seen)


def _year_range(value: str) -> tuple[int, int] | None:
    match = _YEAR.match(value)
    if match is None:
        return None
    low, high, open_low, open_high, op, single = match.groups()
    if low:
        return (min(int(low), int(high)), max(int(low), int(high)))
    if open_low:
        return (int(open_low), 9999)
    if open_high:
        return (0, int(open_high))
    year = int(single)
    return {
        ">=": (year, 9999),
        ">": (year + 1, 9999),
        "<=": (0, year),
        "<": (0, year - 1),
    }.get(op or "=", (year, year))


def tokens(text: str) -> Iterator[re.Match[str]]:
    """The query's tokens in order: each match has the ``-``, the field name (or None) and the value.

    Typographic quotes act as ``"`` (``aligntui.search.wordforms.plain_quotes``,
    which keeps every position): “reward model” is a phrase.
    """
    text = plain_quotes(text)
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None or match.end() == position:
            return
        position = match.end()
        yield match


def parse_query(text: str) -> Query:
    """Parse a query string; never raises (problems become ``hints``)."""
    original, text = text, plain_quotes(text)
    groups: list[list[Term]] = [[]]
    hints: list[str] = []
    for match in tokens(text):
        negated, name, raw = match.group(1) == "-", match.group(2), match.group(3)
        if raw == "OR" and not negated and name is None:
            if groups[-1]:
                groups.append([])
            continue
        phrase = raw.startswith('"')
        if phrase:
            if len(raw) == 1 or not raw.endswith('"'):
                # An unclosed quote takes the rest of the line as its phrase.
                rest = text[match.start(3) + 1 :]  # the token already runs to the end of the text
                hints.append('unclosed quote: add a closing " (searching for the rest as a phrase)')
                raw = rest
            else:
                raw = raw[1:-1]
        value = fold(raw.strip()) if phrase else fold(raw)
        if not value or value == "-":
            continue
        if name is None and re.fullmatch(r"[A-Za-z]+:", raw) and not phrase:
            # "author:" with nothing after it yet: a field still being typed.
            label = raw[:-1].lower()
            if label not in FIELDS:
                hints.append(f"unknown field {raw} (fields: {', '.join(f + ':' for f in FIELDS)})")
            continue
        field_name = name.lower() if name else None
        if field_name is not None and field_name not in FIELDS:
            hints.append(f"unknown field {name}: (fields: {', '.join(f + ':' for f in FIELDS)})")
            continue
        term = _field_term(field_name, value, negated, phrase, hints)
        if term is not None:
            groups[-1].append(term)
    cleaned = tuple(tuple(group) for group in groups if group)
    return Query(text=original, groups=cleaned, hints=tuple(hints))


def _field_term(name: str | None, value: str, negated: bool, phrase: bool, hints: list[str]) -> Term | None:
    if name == "year":
        years = _year_range(value)
        if years is None:
            hints.append(f"year:{value} is not a year (try year:2022, year:2021..2023, year:>=2022)")
            return None
        return Term(value, "year", negated, year_range=years)
    if name == "has":
        kind = HAS_ALIASES.get(value, value)
        if kind not in HAS_KINDS and kind != "note":  # has:note asks the marks (aligntui.personal.terms)
            hints.append(f"has:{value} is unknown (try {', '.join('has:' + k for k in (*HAS_KINDS, 'note'))})")
            return None
        return Term(kind, "has", negated)
    if name == "is":
        if value not in IS_VALUES:
            hints.append(f"is:{value} is unknown (try {', '.join('is:' + v for v in IS_VALUES)})")
            return None
        return Term(value, "is", negated)
    first_only = name == "author" and value.startswith("^")
    if first_only:
        value = value[1:]
        if not value:
            return None
    return Term(value, name, negated, phrase, first_only)


def is_personal(term: Term) -> bool:
    """Whether only one's own files answer ``term``: ``is:``, ``note:`` and ``has:note`` (``PersonalTerms``)."""
    return term.field in ("is", "note") or (term.field == "has" and term.text == "note")


def wants_personal(query: Query) -> bool:
    """Whether a query has a term only the marks or the .bib can answer (the CLI opens them only then)."""
    return any(is_personal(term) for group in query.groups for term in group)


def wants_bib(query: Query) -> bool:
    """Whether a query asks about the bibliography file (``is:inbib``)."""
    return any(term.field == "is" and term.text == "inbib" for group in query.groups for term in group)
