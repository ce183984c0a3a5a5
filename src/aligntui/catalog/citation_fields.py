"""Checks of the work fields that citations rely on: author names, kept words, dates and pages (pure).

The validator calls ``citation_problems`` with a work's well-typed fields and
reports each message at the key it names.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from aligntui.catalog.names import name_problem
from aligntui.catalog.titlecase import keep_case_problems

__all__ = ["CITATION_FIELDS", "citation_problems"]

CITATION_FIELDS: Mapping[str, tuple[type, ...]] = {
    "volume": (str,),
    "number": (str,),
    "pages": (str,),
    "keep_case": (list,),
    "date": (str,),
}
"""The optional work keys this module checks, and the types each may have (merged into the validator's)."""

_DATE = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$")
_PAGES = re.compile(r"^[A-Za-z]?\d+([-\u2013]{1,2}[A-Za-z]?\d+)?$")


def citation_problems(fields: Mapping[str, Any], known: dict[str, str | None] | None = None) -> list[tuple[str, str]]:
    """(key, message) for each problem in a work's citation fields; ``fields`` holds only well-typed values.

    ``known``: each author string checked before and its ``name_problem``, read and filled
    (authors recur across works); None: every name is checked.
    """
    problems: list[tuple[str, str]] = []
    names = {} if known is None else known
    for author in fields.get("authors", []):
        if not isinstance(author, str):
            continue
        message = names.get(author, "")
        if message == "":  # not seen before ("" is never a message)
            message = names[author] = name_problem(author)
        if message:
            problems.append(("authors", message))
    keep = [phrase for phrase in fields.get("keep_case", []) if isinstance(phrase, str)]
    if keep and "title" in fields:  # nothing to find in a title for a work that keeps no phrase (most)
        problems += [("keep_case", message) for message in keep_case_problems(fields["title"], keep)]
    date = fields.get("date")
    if date is not None and not _DATE.match(date):
        problems.append(("date", f"date {date!r} is not YYYY-MM-DD or YYYY-MM"))
    pages = fields.get("pages")
    if pages is not None and not _PAGES.match(pages):
        problems.append(("pages", f"pages {pages!r} is not a page or a range such as 1-53"))
    return problems
