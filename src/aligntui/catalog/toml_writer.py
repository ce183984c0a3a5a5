"""A ``Catalog`` written as TOML in the project's schema (docs/catalog.md), in the bundled catalog's layout (pure).

Every field of every work is written, so a catalog read and written again
keeps all its facts; only comments are lost (a header comment can be passed
in). Strings are TOML basic strings with every control character escaped
(TOML 1.0, "String"), so any text from a list reads back as itself.
"""

from __future__ import annotations

from collections.abc import Sequence

from aligntui.catalog.model import SCHEMA_VERSION, Catalog, Section, Survey, Work

__all__ = ["catalog_to_toml", "header_comment", "toml_string"]

_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}
_INLINE_WIDTH = {"authors": 90, "works": 88}
"""Up to this many characters an array stays on one line: the bundled catalog's own layout, so rewrites stay small."""


def toml_string(text: str) -> str:
    """``text`` as a TOML basic string: quotes, backslashes and control characters escaped."""
    out = []
    for char in text:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04X}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def _array(key: str, values: Sequence[str], *, inline: bool) -> list[str]:
    """``key = [...]`` on one line when asked and short enough, else one value a line."""
    items = [toml_string(v) for v in values]
    one_line = f"{key} = [{', '.join(items)}]"
    if inline and len(one_line) <= _INLINE_WIDTH.get(key, 88):
        return [one_line]
    return [f"{key} = ["] + [f"  {item}," for item in items] + ["]"]


def _survey(survey: Survey) -> list[str]:
    lines = ["[survey]", f"title = {toml_string(survey.title)}"]
    if survey.authors:
        lines += _array("authors", survey.authors, inline=True)
    if survey.year is not None:
        lines.append(f"year = {survey.year}")
    for key in ("list_title", "arxiv", "url", "venue"):
        value = getattr(survey, key, None)
        if value:
            lines.append(f"{key} = {toml_string(value)}")
    return lines


def _section(section: Section) -> list[str]:
    lines = ["[[sections]]", f"id = {toml_string(section.id)}"]
    if section.parent:
        lines.append(f"parent = {toml_string(section.parent)}")
    lines.append(f"title = {toml_string(section.title)}")
    if section.description:
        lines.append(f"description = {toml_string(section.description)}")
    if section.works:
        lines += _array("works", section.works, inline=True)
    return lines


_TEXT_FIELDS_BEFORE = ("title", "list_title")
_TEXT_FIELDS_AFTER = ("booktitle", "journal", "publisher", "arxiv", "doi", "source")


def _work(work: Work) -> list[str]:
    lines = ["[[works]]", f"id = {toml_string(work.id)}"]
    lines += [f"{key} = {toml_string(getattr(work, key))}" for key in _TEXT_FIELDS_BEFORE if getattr(work, key)]
    if work.authors:
        lines += _array("authors", work.authors, inline=True)
    if not work.authors_complete:
        lines.append("authors_complete = false")
    if work.list_authors:
        lines.append(f"list_authors = {toml_string(work.list_authors)}")
    if work.year is not None:
        lines.append(f"year = {work.year}")
    for key in ("venue", "list_venue"):
        if getattr(work, key):
            lines.append(f"{key} = {toml_string(getattr(work, key))}")
    if work.type != "paper":
        lines.append(f"type = {toml_string(work.type)}")
    lines += [f"{key} = {toml_string(getattr(work, key))}" for key in _TEXT_FIELDS_AFTER if getattr(work, key)]
    if work.links:
        lines.append("links = [")
        lines += [f"  {{ label = {toml_string(link.label)}, url = {toml_string(link.url)} }}," for link in work.links]
        lines.append("]")
    for key in ("volume", "number", "pages", "date"):
        if getattr(work, key, None):
            lines.append(f"{key} = {toml_string(getattr(work, key))}")
    for key in ("keep_case", "aliases", "orgs", "other_titles"):
        if getattr(work, key, ()):
            lines += _array(key, getattr(work, key), inline=True)
    if work.summary:
        lines.append(f"summary = {toml_string(work.summary)}")
    if work.note:
        lines.append(f"note = {toml_string(work.note)}")
    if work.abstract:
        lines.append(f"abstract = {toml_string(work.abstract)}")
    return lines


def header_comment(text: str) -> str:
    """The comment lines at the top of a TOML file (kept when a catalog is rewritten), or ``""``."""
    lines = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        lines.append(line)
    return "\n".join(lines) + "\n" if lines else ""


def catalog_to_toml(catalog: Catalog, header: str = "") -> str:
    """The whole catalog as TOML text: schema version, survey, sections in tree order, works in catalog order."""
    blocks = [[f"schema_version = {SCHEMA_VERSION}"], _survey(catalog.survey)]
    blocks += [_section(section) for section in catalog.walk()]
    blocks += [_work(work) for work in catalog.works.values()]
    body = "\n\n".join("\n".join(block) for block in blocks) + "\n"
    return (header + "\n" if header else "") + body
