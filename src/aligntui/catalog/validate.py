"""Validation: parsed TOML in, a ``Catalog`` or a list of positioned problems out (pure).

The rules are those of ``docs/catalog.md``. Nothing here recurses into a
value: a catalog's own shape nests four levels (works, a work, its links, a
link), anything nested more deeply fails a type check, and messages show
values through a bounded ``reprlib`` form.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping
from itertools import chain
from pathlib import Path
from typing import Any, NamedTuple

from aligntui.catalog.characters import literal_problems
from aligntui.catalog.citation_fields import citation_problems
from aligntui.catalog.model import (
    SCHEMA_VERSION,
    WORK_TYPES,
    Catalog,
    Link,
    Problem,
    Section,
    Survey,
    Work,
    preorder,
)
from aligntui.catalog.positions import resolve
from aligntui.catalog.tables import Checker, shown
from aligntui.catalog.work_facts import fact_values
from aligntui.catalog.work_table import ARXIV_ID as _ARXIV
from aligntui.catalog.work_table import DOI as _DOI
from aligntui.catalog.work_table import REQUIRED_WORK as _REQUIRED_WORK
from aligntui.catalog.work_table import WORK_FIELD_TYPES as _FIELDS_WORK
from aligntui.catalog.work_table import WORK_ID as _ID
from aligntui.catalog.work_table import WorkShapes, plain_work
from aligntui.text.weburl import url_problem

__all__ = ["MAX_NESTING", "MAX_SECTION_DEPTH", "build_catalog", "build_catalog_in_pieces"]

_SHOWN_WHOLE = 58
"""The longest string ``tables.shown`` shows whole: its repr, quotes included, within ``maxstring`` (60)."""
MAX_NESTING = 64
"""Arrays and inline tables nested more deeply than this are refused (the catalog's own shape needs 2)."""
MAX_SECTION_DEPTH = 64
"""Sections nested more deeply than this (a root is level 1) are refused."""


_STR = (str,)
_FIELDS_SURVEY: Mapping[str, tuple[type, ...]] = {
    "title": _STR,
    "authors": (list,),
    "year": (int,),
    "arxiv": _STR,
    "url": _STR,
    "venue": _STR,
    "list_title": _STR,
}
_FIELDS_SECTION: Mapping[str, tuple[type, ...]] = {
    "id": _STR,
    "title": _STR,
    "parent": _STR,
    "description": _STR,
    "works": (list,),
}
_REQUIRED_SECTION = ("id", "title")
_TOP_KEYS = ("schema_version", "survey", "sections", "works")


def _survey(check: Checker, raw: Any) -> Survey:
    if raw is None:
        check.report((1, 1), 'the catalog has no [survey] table (it needs at least: [survey] title = "...")')
        return Survey(title="")
    if not isinstance(raw, dict):
        check.report(check.locator.key(None, None, "survey"), "'survey' must be a table")
        return Survey(title="")
    good = check.fields(raw, _FIELDS_SURVEY, ("title",), "survey", None, "the survey")
    authors = check.strings(good.get("authors", []), "survey", 0, "authors", "the survey")
    url = good.get("url")
    if url is not None and not check.url(url, check.locator.key("survey", None, "url"), "the survey"):
        url = None
    year = check.year(good.get("year"), check.locator.key("survey", None, "year"), "the survey")
    return Survey(
        title=good.get("title", ""),
        authors=tuple(authors),
        year=year,
        arxiv=good.get("arxiv"),
        url=url,
        venue=good.get("venue"),
        list_title=good.get("list_title"),
    )


def _links(check: Checker, raw: list[Any], index: int, what: str) -> list[Link]:
    links: list[Link] = []
    labels = check.link_labels
    for n, item in enumerate(raw):
        if type(item) is dict and len(item) == 2 and not check.check_strings:
            # The common case, settled without promising a position: a label seen before, a URL accepted.
            label, url = item.get("label"), item.get("url")
            known = labels.get(label) if type(label) is str else None
            if known is not None and type(url) is str and url_problem(url) is None:
                links.append(Link(known, url))
                continue
        where = check.locator.array_item("works", index, "links", n)
        if not isinstance(item, dict) or len(item) != 2 or "label" not in item or "url" not in item:
            check.report(where, f'{what}: each link must be {{ label = "...", url = "..." }}')
            continue
        label, url = item["label"], item["url"]
        if not isinstance(label, str) or not label.strip() or not isinstance(url, str):
            check.report(where, f"{what}: a link's label and url must be non-empty strings")
            continue
        if check.check_strings:
            check.characters(where, label, "label", what)
        if check.url(url, where, what):
            links.append(Link(labels.setdefault(label, sys.intern(label.strip())), url))
    return links


def _identifiers(check: Checker, good: dict[str, Any], index: int, what: str) -> tuple[str | None, ...]:
    """The work's arXiv id, DOI and source URL, each None when missing or malformed (and reported)."""
    loc = check.locator
    arxiv = good.get("arxiv")
    if arxiv is not None and not _ARXIV.match(arxiv):
        check.report(loc.key("works", index, "arxiv"), f"{what}: {shown(arxiv)} is not an arXiv id (like 2110.08207)")
        arxiv = None
    doi = good.get("doi")
    if doi is not None and not _DOI.match(doi):
        check.report(
            loc.key("works", index, "doi"), f"{what}: {shown(doi)} is not a DOI (like 10.18653/v1/2022.acl-long.1)"
        )
        doi = None
    source = good.get("source")
    if source is not None and not check.url(source, loc.key("works", index, "source"), what):
        source = None
    return arxiv, doi, source


def _work_name(raw_id: Any, index: int) -> str:
    """How messages name a work: ``work 'id'`` (``shown``), else ``work #N`` (from 1) for a work without an id."""
    if type(raw_id) is str and len(raw_id) <= _SHOWN_WHOLE and _ID.fullmatch(raw_id):
        return f"work '{raw_id}'"  # shown(raw_id) without reprlib: an id's repr is itself in quotes
    return f"work {shown(raw_id)}" if isinstance(raw_id, str) else f"work #{index + 1}"


def _work(check: Checker, raw: Any, index: int) -> Work | None:
    if not isinstance(raw, dict):
        where = check.locator.array_item(None, None, "works", index)
        check.report(where, f"each [[works]] entry must be a table, not {shown(raw)}")
        return None
    what = _work_name(raw.get("id"), index)
    good = check.fields(raw, _FIELDS_WORK, _REQUIRED_WORK, "works", index, what)
    loc = check.locator
    if "id" in good and not _ID.fullmatch(good["id"]):
        message = f"{what}: an id is ASCII letters and digits, then also _ . : - (no spaces)"
        check.report(loc.key("works", index, "id"), message)
        good.pop("id")
    if "title" in good and not good["title"].strip():
        check.report(loc.key("works", index, "title"), f"{what}: the title is empty")
        good.pop("title")
    if "id" not in good or "title" not in good:
        return None
    work_type = good.get("type", "paper")
    if work_type not in WORK_TYPES:
        check.report(
            loc.key("works", index, "type"), f"{what}: type {shown(work_type)} is not one of {', '.join(WORK_TYPES)}"
        )
        work_type = "paper"
    year = check.year(good.get("year"), loc.key("works", index, "year"), what)
    arxiv, doi, source = _identifiers(check, good, index, what)
    authors = check.strings(good.get("authors", []), "works", index, "authors", what)
    for key, message in citation_problems(good, check.name_problems):
        check.report(loc.key("works", index, key), f"{what}: {message}")
    return Work(
        id=good["id"],
        title=good["title"].strip(),
        authors=tuple(authors),
        year=year,
        venue=_shared(good.get("venue")),
        type=work_type,
        links=tuple(_links(check, good.get("links", []), index, what)),
        authors_complete=good.get("authors_complete", True),
        arxiv=arxiv,
        doi=doi,
        source=source,
        booktitle=_shared(good.get("booktitle")),
        journal=_shared(good.get("journal")),
        publisher=good.get("publisher"),
        list_title=good.get("list_title"),
        list_authors=good.get("list_authors"),
        list_venue=_shared(good.get("list_venue")),
        note=good.get("note"),
        volume=good.get("volume"),
        number=good.get("number"),
        pages=good.get("pages"),
        keep_case=tuple(check.strings(good.get("keep_case", []), "works", index, "keep_case", what)),
        date=good.get("date"),
        aliases=tuple(check.strings(good.get("aliases", []), "works", index, "aliases", what)),
        **fact_values(check, good, index, what),
        abstract=good.get("abstract"),
    )


def _shared(value: str | None) -> str | None:
    """One string object for values that many works repeat (venues, journals)."""
    return sys.intern(value) if value else None


def _array(check: Checker, data: Mapping[str, Any], key: str) -> list[Any]:
    raw = data.get(key, [])
    if not isinstance(raw, list):
        check.report(check.locator.key(None, None, key), f"{shown(key)} must be written as [[{key}]] tables")
        return []
    return raw


def _check_top(check: Checker, data: Mapping[str, Any]) -> None:
    """Unknown top-level keys and the schema version."""
    loc = check.locator
    for key in data:
        if key not in _TOP_KEYS:
            check.report(
                loc.key(None, None, key), f"unknown top-level key {shown(key)} (known keys: {', '.join(_TOP_KEYS)})"
            )
    version = data.get("schema_version")
    if version is None:
        check.report((1, 1), f"the catalog has no schema_version (this aligntui reads {SCHEMA_VERSION})")
    elif type(version) is not int or version != SCHEMA_VERSION:  # not 1.0, not true: the whole number 1
        check.report(
            loc.key(None, None, "schema_version"),
            f"schema_version {shown(version)} is not {SCHEMA_VERSION}, the version this aligntui reads",
        )


class _Works(NamedTuple):
    valid: dict[str, Work]
    """The valid works by id."""
    broken: set[str]
    """The ids of works that have other problems (sections may name them)."""
    named: list[tuple[int, str]]
    """(index, id) of every ``[[works]]`` table with a string id, in order."""


def _works(check: Checker, pieces: Iterable[list[Any]]) -> _Works:
    """The ``[[works]]`` tables, given as consecutive pieces of the array (each dropped once read), checked."""
    loc = check.locator
    works: dict[str, Work] = {}
    first_index: dict[str, int] = {}
    folded: dict[str, str] = {}
    broken: set[str] = set()
    named: list[tuple[int, str]] = []
    # Tables of the common shape are settled by plain_work; the careful path decides (and reports) the rest.
    shapes = WorkShapes() if not check.check_strings else None
    for index, raw in enumerate(chain.from_iterable(pieces)):
        work = plain_work(check, shapes, raw) if shapes is not None else None
        if work is not None:
            named.append((index, work.id))
        else:
            if type(raw) is dict and type(raw.get("id")) is str:
                named.append((index, raw["id"]))
            work = _work(check, raw, index)
            if work is None:
                if isinstance(raw, dict) and isinstance(raw.get("id"), str):
                    broken.add(raw["id"])
                continue
        work_id = work.id
        key = work_id.casefold()
        first = folded.get(key)
        if first is not None:
            line = resolve(loc.key("works", first_index[first], "id"))[0]
            same = "" if first == work_id else f" ({shown(first)} differs only in case: BibTeX keys ignore case)"
            message = f"duplicate work id {shown(work_id)} (first defined on line {line}){same}"
            check.report(loc.key("works", index, "id"), message)
            if first != work_id:
                broken.add(work_id)  # a section naming 'W1' is not told 'W1' is unknown: it is a duplicate
            continue
        works[work_id] = work
        first_index[work_id] = index
        folded[key] = work_id
    return _Works(works, broken, named)


def _section_tables(check: Checker, raw_sections: list[Any]) -> list[tuple[int, dict[str, Any]]]:
    """(index, good values) of each [[sections]] table that has an id and a title."""
    loc = check.locator
    tables: list[tuple[int, dict[str, Any]]] = []
    for index, raw in enumerate(raw_sections):
        if not isinstance(raw, dict):
            where = loc.array_item(None, None, "sections", index)
            check.report(where, f"each [[sections]] entry must be a table, not {shown(raw)}")
            continue
        what = f"section {shown(raw.get('id'))}" if isinstance(raw.get("id"), str) else f"section #{index + 1}"
        good = check.fields(raw, _FIELDS_SECTION, _REQUIRED_SECTION, "sections", index, what)
        if "title" in good and not good["title"].strip():
            check.report(loc.key("sections", index, "title"), f"{what}: the title is empty")
            continue
        if "id" in good and not _ID.fullmatch(good["id"]):
            message = f"{what}: an id is ASCII letters and digits, then also _ . : - (no spaces)"
            check.report(loc.key("sections", index, "id"), message)
            continue
        if "id" in good and "title" in good:
            tables.append((index, good))
    return tables


def _members(
    check: Checker, index: int, sid: str, names: list[Any], works: Mapping[str, Work], broken: set[str]
) -> list[str]:
    """The works a section lists that exist, each once; the others are reported (time linear in their number)."""
    try:
        distinct = set(names)
    except TypeError:  # an entry that is no string (a list) cannot be hashed: the loop below reports it
        distinct = set()
    if len(distinct) == len(names) and works.keys() >= distinct and distinct.isdisjoint(broken):
        return list(names)  # the common case: each a valid work, named once
    members: list[str] = []
    seen: set[str] = set()
    for position, work_id in enumerate(names):
        if isinstance(work_id, str) and work_id in broken:
            continue  # its own problems are reported where it is defined
        if not isinstance(work_id, str) or work_id not in works:
            where = check.locator.array_item("sections", index, "works", position)
            check.report(where, f"section {shown(sid)} names unknown work {shown(work_id)}")
        elif work_id in seen:
            where = check.locator.array_item("sections", index, "works", position)
            check.report(where, f"section {shown(sid)} names work {shown(work_id)} twice")
        else:
            members.append(work_id)
            seen.add(work_id)
    return members


def _sections(
    check: Checker, tables: list[tuple[int, dict[str, Any]]], works: Mapping[str, Work], broken: set[str]
) -> dict[str, Section]:
    """The sections in tree order (pre-order), each parent defined above its children."""
    loc = check.locator
    info: dict[str, dict[str, Any]] = {}
    parents: dict[str, str | None] = {}
    members: dict[str, list[str]] = {}
    children: dict[str | None, list[str]] = {}
    levels: dict[str | None, int] = {None: 0}
    too_deep: set[str] = set()
    for index, good in tables:
        sid = good["id"]
        if sid in info or sid in too_deep:
            check.report(loc.key("sections", index, "id"), f"duplicate section id {shown(sid)}")
            continue
        parent = good.get("parent")
        if parent in too_deep:
            too_deep.add(sid)  # its ancestor is reported; the rest of that branch is not
            continue
        if parent is not None and parent not in info:
            check.report(
                loc.key("sections", index, "parent"),
                f"section {shown(sid)}: parent {shown(parent)} is not a section defined above it",
            )
            parent = None
        levels[sid] = levels[parent] + 1
        if levels[sid] > MAX_SECTION_DEPTH:
            message = f"section {shown(sid)} is nested more than {MAX_SECTION_DEPTH} levels deep (the limit)"
            check.report(loc.key("sections", index, "parent"), message)
            too_deep.add(sid)
            continue
        info[sid] = good
        parents[sid] = parent
        children.setdefault(parent, []).append(sid)
        members[sid] = _members(check, index, sid, good.get("works", []), works, broken)
    paths: dict[str | None, tuple[str, ...]] = {None: ()}
    sections: dict[str, Section] = {}
    # Each listed id as the very string object that keys ``works``, not the parser's equal copy:
    # 180,000 strings, 12 MB, at 100,000 synthetic works.
    own = {work_id: work_id for work_id in works}
    for sid in preorder(children.get(None, ()), lambda sid: children.get(sid, ())):
        parent_path = paths[parents[sid]]
        title = info[sid]["title"].strip()
        paths[sid] = (*parent_path, title)
        sections[sid] = Section(
            id=sid,
            title=title,
            path=paths[sid],
            parent=parents[sid],
            description=info[sid].get("description", "").strip(),
            children=tuple(children.get(sid, ())),
            works=tuple(map(own.__getitem__, members[sid])),
            depth=len(parent_path),
        )
    return sections


def _report_unplaced(check: Checker, named: list[tuple[int, str]], catalog: Catalog) -> None:
    """Every valid work must be in at least one section (``named``: (index, id) of the tables with an id)."""
    if len(catalog.memberships) == len(catalog.works):  # every valid work is in a section (memberships name no other)
        return
    for index, work_id in named:
        if work_id in catalog.works and work_id not in catalog.memberships:
            check.report(check.locator.key("works", index, "id"), f"work {shown(work_id)} is in no section")


def build_catalog(data: dict[str, Any], text: str, name: str, path: Path | None) -> tuple[Catalog, list[Problem]]:
    """Check parsed catalog data; return the catalog and every problem found, sorted by position."""
    check = Checker(name, text)
    _check_top(check, data)
    survey = _survey(check, data.get("survey"))
    return _finish(check, data, survey, [_array(check, data, "works")], text, path)


def build_catalog_in_pieces(
    head: dict[str, Any], pieces: Iterable[list[Any]], text: str, name: str, path: Path | None
) -> tuple[Catalog, list[Problem]]:
    """``build_catalog`` for a document given as its part before the works and its works piece by piece.

    ``head`` holds no ``works`` key; ``pieces`` gives the ``[[works]]``
    tables in order (``aligntui.system.tomlread.array_in_pieces``), each piece
    dropped once its works are built, so the parsed document is never held
    whole. The problems are those ``build_catalog`` finds in the whole document,
    in the same order.
    """
    check = Checker(name, text)
    _check_top(check, head)
    survey = _survey(check, head.get("survey"))
    return _finish(check, head, survey, pieces, text, path)


def _finish(
    check: Checker, data: dict[str, Any], survey: Survey, pieces: Iterable[list[Any]], text: str, path: Path | None
) -> tuple[Catalog, list[Problem]]:
    """The works, the sections, the catalog and the text-wide checks: the rest of ``build_catalog``."""
    works, broken, named = _works(check, pieces)
    sections = _sections(check, _section_tables(check, _array(check, data, "sections")), works, broken)
    catalog = Catalog.build(survey, sections, works, path)
    _report_unplaced(check, named, catalog)
    for line, column, message in literal_problems(text, check.plain):
        if line not in check.character_lines:
            check.report((line, column), message)
    return catalog, sorted(check.problems, key=lambda p: (p.line, p.column))
