"""Selecting works with a query given as command-line words: one path for every subcommand (pure).

``aligntui list`` and the TUI filter share ``aligntui.search.index``; every
subcommand that takes a query (list, cite, export, open, bib add) selects
through ``select_works``, so they can never disagree.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, TextIO

from aligntui.catalog.model import Catalog, Work

if TYPE_CHECKING:
    from aligntui.search.index import PersonalTerms

__all__ = ["SORTS", "UsageError", "select_works", "sort_works"]

SORTS = ("relevance", "tree", "year")
"""Orders ``--sort`` offers: best match first (the default for a query with words), tree order, oldest first."""


class UsageError(Exception):
    """Bad usage that argparse cannot see (exit status 2)."""


def select_works(
    catalog: Catalog,
    words: Sequence[str],
    err: TextIO,
    *,
    guess: bool = True,
    sort: str | None = None,
    personal: PersonalTerms | None = None,
    partial: bool | None = None,
) -> list[Work]:
    """The works matching a query given as command-line words, in ``sort`` order; raises ``UsageError``.

    ``sort`` is one of ``SORTS``, or None for relevance when the query has
    words (the TUI's order) and tree order when it has none; ``personal``
    answers ``is:``, ``has:note`` and ``note:`` (``marks_cli.personal_for``); else they match nothing.

    With ``guess`` False (cite, export, open, bib add), a word that matches
    nothing is an error rather than a fuzzy guess: a wrong key must not reach
    a paper; and a query with nothing in it is an error rather than every work.
    ``partial``: whether a partial result (no work has every plain word; the
    closest works, ``SearchResult.partial``) is accepted; None accepts it only
    when ``guess`` is True, so ``cite`` and ``export`` never cite a work that
    lacks a word unless asked. Hints go to ``err`` with every unsafe character escaped.
    """
    from aligntui.search.index import SearchIndex
    from aligntui.search.query import parse_query
    from aligntui.search.strict import query_problem
    from aligntui.text.safe import visible

    text = " ".join(words)
    query = parse_query(text)
    if query.hints:
        raise UsageError("bad query: " + "; ".join(query.hints))
    problem = query_problem(text, need_terms=not guess)
    if problem is not None:
        raise UsageError(problem)
    result = SearchIndex(catalog, personal=personal).search(query)
    if result.partial and not (guess if partial is None else partial):
        closest = ", ".join(result.work_ids[:3])
        raise UsageError(
            f"{result.partial_note.partition(';')[0]} (closest: {closest}); "
            "cite, export and open do not take a partial match: correct the query"
        )
    guesses = {word: found for word, found in result.fuzzy.items() if found or not result.partial}
    if guesses and not guess:
        problems = [
            f"no work has {word!r}" + (f" (close: {', '.join(found[:3])})" if found else "")
            for word, found in guesses.items()
        ]
        raise UsageError("; ".join(problems) + " (cite, export and open do not guess: correct the query)")
    for hint in (*result.hints, result.partial_note):
        if hint:
            print(visible(f"aligntui: {hint}"), file=err)
    works = [catalog.works[i] for i in result.work_ids]
    if sort == "relevance" or (sort is None and result.ranked):
        return works
    return sort_works(catalog, works, sort or "tree")


def sort_works(catalog: Catalog, works: Sequence[Work], sort: str) -> list[Work]:
    """``works`` in tree order of first appearance (``tree``), or by the year cited, oldest first (``year``)."""
    order = {work_id: n for n, work_id in enumerate(_tree_order(catalog))}
    last = len(order)
    keyed = sorted(works, key=lambda w: order.get(w.id, last))
    if sort == "year":
        keyed.sort(key=lambda w: w.published_year or 10_000)
    return keyed


def _tree_order(catalog: Catalog) -> dict[str, None]:
    """Every work id in the order it first appears in the taxonomy (pre-order)."""
    from aligntui.catalog.model import preorder

    seen: dict[str, None] = {}
    sections = catalog.sections
    for section in preorder([sections[r] for r in catalog.roots], lambda s: [sections[c] for c in s.children]):
        for work_id in section.works:
            seen.setdefault(work_id, None)
    return seen
