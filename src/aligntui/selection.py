"""Selecting works with a query given as command-line words: one path for every subcommand (pure).

``aligntui list`` and the TUI filter share ``aligntui.search``; every
subcommand that takes a query (list, cite, export, open, bib add) selects
through ``select_works``, so they can never disagree.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, TextIO

from aligntui.catalog import Catalog, Work

if TYPE_CHECKING:
    from aligntui.personal import Personal

__all__ = ["UsageError", "select_works"]


class UsageError(Exception):
    """Bad usage that argparse cannot see (exit status 2)."""


def select_works(
    catalog: Catalog, words: Sequence[str], err: TextIO, *, guess: bool = True, personal: Personal | None = None
) -> list[Work]:
    """The works matching a query given as command-line words, best first; raises ``UsageError``.

    ``personal`` answers ``is:``, ``has:note`` and ``note:`` (``marks_cli.personal_for``); else they match nothing.

    With ``guess`` False (cite, export, open, bib add), a word that matches
    nothing is an error rather than a fuzzy guess: a wrong key must not reach
    a paper; and a query with nothing in it is an error rather than every work.
    Hints go to ``err`` with every unsafe character escaped.
    """
    from aligntui.query import parse_query
    from aligntui.querycheck import query_problem
    from aligntui.safetext import visible
    from aligntui.search import SearchIndex

    text = " ".join(words)
    query = parse_query(text)
    if query.hints:
        raise UsageError("bad query: " + "; ".join(query.hints))
    problem = query_problem(text, need_terms=not guess)
    if problem is not None:
        raise UsageError(problem)
    result = SearchIndex(catalog, personal=personal).search(query)
    if result.fuzzy and not guess:
        problems = [
            f"no work has {word!r}" + (f" (close: {', '.join(found[:3])})" if found else "")
            for word, found in result.fuzzy.items()
        ]
        raise UsageError("; ".join(problems) + " (cite, export and open do not guess: correct the query)")
    for hint in result.hints:
        print(visible(f"aligntui: {hint}"), file=err)
    return [catalog.works[i] for i in result.work_ids]
