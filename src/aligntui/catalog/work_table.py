"""A ``[[works]]`` table: its keys and their types, the id rules, and the common table checked in a few steps (pure).

``aligntui.catalog.validate`` checks a work key by key, value by value, and
reports every problem where it stands. Almost every work of a large catalog
has none: its keys are known, its values of their types, its strings free of
refused characters. ``plain_work`` settles such a work with one lookup of
its keys' order, one comparison of its values' types and the checks its
values need, and builds the ``Work`` the careful path would build. It
reports nothing: where any check would fail it returns None, and the careful
path, which decides and reports, runs on that work as before. The rules are
those of ``docs/catalog.md``; the tests compare both paths on whole catalogs.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping
from typing import Any, NamedTuple

from aligntui.catalog.citation_fields import CITATION_FIELDS, citation_problems
from aligntui.catalog.model import WORK_TYPES, Link, Work
from aligntui.catalog.tables import MAX_YEAR, MIN_YEAR, Checker
from aligntui.catalog.work_facts import FACT_FIELDS, plain_fact_values
from aligntui.text.weburl import url_problem

__all__ = ["ARXIV_ID", "DOI", "REQUIRED_WORK", "WORK_FIELD_TYPES", "WORK_ID", "WorkShapes", "plain_work"]

ARXIV_ID = re.compile(r"^(\d{4}\.\d{4,5}|[a-z-]+(\.[A-Z]{2})?/\d{7})(v\d+)?$")
"""An arXiv id, new (``2110.08207``) or old (``cs.CL/0101001``), with an optional version (used with ``match``)."""
DOI = re.compile(r"^10\.\d{4,9}/\S+$")
"""A DOI (``10.18653/v1/2022.acl-long.1``; used with ``match``)."""
WORK_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:-]*")
"""Work and section ids: ASCII letters and digits, then also ``_ . : -`` (used with ``fullmatch``)."""

_STR = (str,)
WORK_FIELD_TYPES: Mapping[str, tuple[type, ...]] = {
    "id": _STR,
    "title": _STR,
    "authors": (list,),
    "authors_complete": (bool,),
    "year": (int,),
    "venue": _STR,
    "type": _STR,
    "arxiv": _STR,
    "doi": _STR,
    "source": _STR,
    "booktitle": _STR,
    "journal": _STR,
    "publisher": _STR,
    "links": (list,),
    "list_title": _STR,
    "list_authors": _STR,
    "list_venue": _STR,
    "note": _STR,
    "aliases": (list,),
    "abstract": _STR,
    **CITATION_FIELDS,
    **FACT_FIELDS,
}
"""The keys of a ``[[works]]`` table and the types each may have (a bool is no whole number)."""
REQUIRED_WORK = ("id", "title", "source")
"""The keys every ``[[works]]`` table must have."""

_PASSED = frozenset(
    {"publisher", "list_title", "list_authors", "note", "volume", "number", "pages", "date", "abstract"}
)
"""Keys whose strings the work keeps as written."""
_SHARED = frozenset({"booktitle", "journal", "list_venue"})
"""Keys whose strings many works repeat: one interned string object each (``validate._shared``)."""
_CITATION = frozenset({"keep_case", "date", "pages"})
"""Keys that ``citation_problems`` checks beyond the authors."""
_FACTS = frozenset(FACT_FIELDS)


class _Shape(NamedTuple):
    """What a table with one order of keys needs checked, beyond the keys every work has."""

    types: tuple[type, ...]
    """The type each value must have, in the table's key order."""
    rare: bool
    """Whether the table has any key beyond those most works have (``_rare_fields`` reads them)."""
    passed: tuple[str, ...]
    shared: tuple[str, ...]
    lists: tuple[str, ...]
    """``keep_case`` and ``aliases``, where the table has them."""
    citation: bool
    """Whether ``citation_problems`` must look at more than the authors."""
    facts: bool
    """Whether the table has ``orgs``, ``other_titles`` or ``summary``."""


def _shape(keys: tuple[str, ...]) -> _Shape | None:
    """The shape of tables with these keys in this order, or None when the careful path must read them."""
    if not set(keys) <= WORK_FIELD_TYPES.keys() or not set(REQUIRED_WORK) <= set(keys):
        return None  # an unknown key or a missing one is reported (and repeated keys are no TOML)
    passed = tuple(key for key in keys if key in _PASSED)
    shared = tuple(key for key in keys if key in _SHARED)
    lists = tuple(key for key in keys if key in ("keep_case", "aliases"))
    facts = not _FACTS.isdisjoint(keys)
    return _Shape(
        types=tuple(WORK_FIELD_TYPES[key][0] for key in keys),
        rare=bool(passed or shared or lists or facts),
        passed=passed,
        shared=shared,
        lists=lists,
        citation=not _CITATION.isdisjoint(keys),
        facts=facts,
    )


_MAX_SHAPES = 1024
_new_tuple = tuple.__new__


class WorkShapes(dict[tuple[str, ...], "_Shape | None"]):
    """The shapes of the tables seen in one catalog, by key order (a catalog's works share a handful).

    ``shapes[keys]`` is the shape of tables with ``keys`` in this order (None:
    the careful path reads them); a lookup of a known order runs in C.
    """

    def __missing__(self, keys: tuple[str, ...]) -> _Shape | None:
        shape = _shape(keys)
        if len(self) < _MAX_SHAPES:
            self[keys] = shape
        return shape


def _links(check: Checker, raw: list[Any]) -> tuple[Link, ...] | None:
    """The links of a work when ``validate._links`` accepts every one as it stands, else None."""
    labels = check.link_labels
    links: list[Link] = []
    for item in raw:
        if type(item) is not dict or len(item) != 2:
            return None
        label, url = item.get("label"), item.get("url")
        if type(label) is not str or type(url) is not str or url_problem(url) is not None:
            return None
        known = labels.get(label)
        if known is None:
            if not label.strip():
                return None
            known = labels.setdefault(label, sys.intern(label.strip()))
        # Link(known, url) without the named tuple's __new__ in Python: a third of this function's time.
        links.append(_new_tuple(Link, (known, url)))
    return tuple(links)


_NO_RARE: dict[str, Any] = {}


def _rare_fields(check: Checker, shape: _Shape, raw: dict[str, Any]) -> dict[str, Any] | None:
    """The ``Work`` keywords of a table's rarer keys when the careful path finds no problem in them, else None."""
    rare: dict[str, Any] = {key: raw[key] for key in shape.passed}
    for key in shape.shared:
        value = raw[key]
        rare[key] = sys.intern(value) if value else None
    for key in shape.lists:
        values = check.plain_strings(raw[key])
        if values is None:
            return None
        rare[key] = values
    if shape.facts:
        facts = plain_fact_values(raw)
        if facts is None:
            return None
        rare.update(facts)
    return rare


def plain_work(check: Checker, shapes: WorkShapes, raw: Any) -> Work | None:
    """The ``Work`` the careful path builds from ``raw`` when it reports no problem; None when it might.

    Only for a catalog whose strings need no character check
    (``check.check_strings`` false): the values are then taken as they are.
    Fills ``check``'s memos (years, names, labels) as the careful path would;
    reports nothing.
    """
    if type(raw) is not dict:
        return None
    shape = shapes[tuple(raw)]
    if shape is None or tuple(map(type, raw.values())) != shape.types:
        return None
    get = raw.get
    work_id = raw["id"]
    title = raw["title"].strip()
    work_type = get("type", "paper")
    if not title or work_type not in WORK_TYPES or not WORK_ID.fullmatch(work_id):
        return None
    year = get("year")
    if year is not None:
        if not MIN_YEAR <= year <= MAX_YEAR:
            return None
        year = check.years.setdefault(year, year)
    arxiv, doi, source = get("arxiv"), get("doi"), raw["source"]
    if (
        (arxiv is not None and not ARXIV_ID.match(arxiv))
        or (doi is not None and not DOI.match(doi))
        or url_problem(source) is not None
    ):
        return None
    authors = check.plain_names(get("authors", ()))
    links = _links(check, get("links", ()))
    if authors is None or links is None or (shape.citation and citation_problems(raw, check.name_problems)):
        return None
    rare = _rare_fields(check, shape, raw) if shape.rare else _NO_RARE
    if rare is None:
        return None
    venue = get("venue")
    return Work(
        work_id,
        title,
        authors,
        year,
        sys.intern(venue) if venue else None,
        work_type,
        links,
        get("authors_complete", True),
        arxiv,
        doi,
        source,
        **rare,
    )
