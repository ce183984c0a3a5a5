"""What the command line refuses in a query although the TUI filter lets it pass (pure, no Textual).

In the filter bar ``author:`` is a field still being typed and an empty query
shows everything. On the command line both are mistakes, and often the
shell's doing: an unquoted ``aligntui list year:>=2023`` runs ``list year:``
and writes its output to a file named ``=2023``. So a field with no value is
an error there, and so is a ``cite`` query with nothing in it (``OR``, ``-``,
``""``), which would otherwise cite every work.
"""

from __future__ import annotations

import re

from aligntui.search.query import FIELDS, parse_query, tokens

__all__ = ["empty_fields", "query_problem"]

# The tokens of the query language as aligntui.search.query reads them: an optional "-", an optional "field:", a value.
_BARE_FIELD = re.compile(r"-?([A-Za-z]+):")
_EXAMPLES = {
    "year": "year:2023",
    "has": "has:code",
    "author": "author:bai",
    "title": "title:reward",
    "is": "is:starred",
}


def empty_fields(text: str) -> list[str]:
    """The known fields of a query written with no value (``year:``, ``author:""``, ``author:^``), in order."""
    found: list[str] = []
    for match in tokens(text):
        name, raw = match.group(2), match.group(3)
        if name is None:
            bare = _BARE_FIELD.fullmatch(match.group(1) + raw)
            name = bare.group(1) if bare else None
        elif raw.strip('"').strip() not in ("", "^"):
            name = None
        if name is not None and name.lower() in FIELDS:
            found.append(name.lower())
    return found


def query_problem(text: str, *, need_terms: bool) -> str | None:
    """Why a command-line query is refused (``year: needs a value``, ``empty query``), or None.

    ``need_terms``: a query that keeps no term is an error (``cite``, ``open``)
    rather than a match for every work (``list``).
    """
    fields = empty_fields(text)
    if fields:
        example = _EXAMPLES.get(fields[0], f"{fields[0]}:word")
        return f"{fields[0]}: needs a value (for example {example}; quote a query that holds > or <)"
    if need_terms and parse_query(text).is_empty:
        return "empty query: give a work id or words to search for"
    return None
