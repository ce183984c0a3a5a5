"""A work's descriptive facts: its organisations, other titles and summary, checked (pure).

The rules are those of ``docs/catalog.md`` ("Organisations, other titles,
summary"): ``orgs`` and ``other_titles`` are lists of non-empty one-line
strings, none repeated (compared folded: case, accents and spacing aside),
no other title the same as ``title``; ``summary`` is one non-empty line of
at most ``MAX_SUMMARY`` characters. The character rules are the other
strings' (``aligntui.catalog.tables.Checker.fields`` applies them).
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import Any

from aligntui.catalog.tables import Checker, shown
from aligntui.text.fold import fold

__all__ = ["FACT_FIELDS", "MAX_SUMMARY", "fact_values", "plain_fact_values"]

FACT_FIELDS: Mapping[str, tuple[type, ...]] = {"orgs": (list,), "other_titles": (list,), "summary": (str,)}
"""The keys of a ``[[works]]`` table this module checks, and their TOML types."""
MAX_SUMMARY = 600
"""A summary is one or two sentences: longer text is refused, so the detail pane stays short."""


def _folded(text: str) -> str:
    return " ".join(fold(text).split())


def _distinct(check: Checker, values: list[Any], index: int, key: str, what: str, title: str = "") -> tuple[str, ...]:
    """The non-empty, stripped, distinct entries of one list; every other entry is reported where it stands."""
    if not values:
        return ()
    out: list[str] = []
    seen = {_folded(title)} if title else set()
    for n, value in enumerate(values):
        where = check.locator.array_item("works", index, key, n)
        if not isinstance(value, str) or not value.strip():
            check.report(where, f"{what}: every entry of {key!r} must be a non-empty string")
            continue
        folded = _folded(value)
        if title and folded == _folded(title):
            check.report(where, f"{what}: {key!r} entry {shown(value)} is the title itself")
        elif folded in seen:
            check.report(where, f"{what}: {key!r} names {shown(value)} twice")
        else:
            seen.add(folded)
            out.append(sys.intern(value.strip()))
    return tuple(out)


def fact_values(check: Checker, good: Mapping[str, Any], index: int, what: str) -> dict[str, Any]:
    """``orgs``, ``other_titles`` and ``summary`` of the ``index``-th work's type-checked values, as ``Work`` keywords.

    ``good`` is what ``Checker.fields`` kept; problems go to ``check`` with the line of the offending entry.
    """
    summary = good.get("summary", "").strip()
    if "summary" in good and not summary:
        check.report(check.locator.key("works", index, "summary"), f"{what}: the summary is empty (leave the key out)")
    elif len(summary) > MAX_SUMMARY:
        message = f"{what}: the summary has {len(summary)} characters; at most {MAX_SUMMARY} (one or two sentences)"
        check.report(check.locator.key("works", index, "summary"), message)
    return {
        "orgs": _distinct(check, good.get("orgs", []), index, "orgs", what),
        "other_titles": _distinct(check, good.get("other_titles", []), index, "other_titles", what, good["title"]),
        "summary": summary,
    }


def _plain_distinct(values: list[Any], title: str = "") -> tuple[str, ...] | None:
    """``_distinct``'s answer when it reports nothing, else None."""
    if not values:
        return ()
    out: list[str] = []
    seen = {_folded(title)} if title else set()
    for value in values:
        if type(value) is not str or not value.strip():
            return None
        folded = _folded(value)
        if folded in seen:  # the title's own form is in it: the title itself, or a repeated entry
            return None
        seen.add(folded)
        out.append(sys.intern(value.strip()))
    return tuple(out)


def plain_fact_values(good: Mapping[str, Any]) -> dict[str, Any] | None:
    """``fact_values``'s answer when it reports no problem, else None (and nothing is reported)."""
    summary = good.get("summary", "").strip()
    if ("summary" in good and not summary) or len(summary) > MAX_SUMMARY:
        return None
    orgs = _plain_distinct(good.get("orgs", []))
    other_titles = _plain_distinct(good.get("other_titles", []), good["title"])
    if orgs is None or other_titles is None:
        return None
    return {"orgs": orgs, "other_titles": other_titles, "summary": summary}
