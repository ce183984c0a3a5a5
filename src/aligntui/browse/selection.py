"""Selecting works with a query given as command-line words: one path for every subcommand (pure).

``aligntui list`` and the TUI filter share ``aligntui.search.index``; every
subcommand that takes a query (list, cite, export, open, bib add) selects
through ``select_works``, so they can never disagree. ``cite`` and ``bib add``
then keep what the query means (``select_intended``): a plain word names one
work, so with several matches only a clear best one is taken (``CLEAR_LEAD``,
the others named on stderr), else nothing, with the candidates; ``--all``
and queries of field terms only (``author:^bai``) take every match. ``export``
and ``list`` name a set and take every match.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, TextIO

from aligntui.catalog.model import Catalog, Work

if TYPE_CHECKING:
    from aligntui.search.index import PersonalTerms
    from aligntui.search.query import Term
    from aligntui.search.ranking import SearchResult

__all__ = ["CLEAR_LEAD", "SORTS", "Choice", "UsageError", "choose", "select_intended", "select_works", "sort_works"]

SORTS = ("relevance", "tree", "year")
"""Orders ``--sort`` offers: best match first (the default for a query with words), tree order, oldest first."""


class UsageError(Exception):
    """Bad usage that argparse cannot see (exit status 2)."""


CLEAR_LEAD = 2.0
"""How far the best match must lead for a word query to take it alone: its score at least this many times
the runner-up's (``SearchResult.scores``). With the ranking's weights (``aligntui.search.ranking``) that is,
for example, a word in one work's title (32) against the same word among another's authors (16); two works
with the word in their titles tie and neither is taken."""


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


@dataclass(frozen=True, slots=True)
class Choice:
    """What a query means to take: ``works`` (best first), and for each OR group that matched more, the others.

    ``passed_over`` holds (the group's text, the works it matched but did not take); ``ambiguous`` holds
    (the group's text, its candidates best first) where no match clearly led, so nothing should be taken.
    """

    works: tuple[str, ...]
    passed_over: tuple[tuple[str, tuple[str, ...]], ...] = ()
    ambiguous: tuple[tuple[str, tuple[str, ...]], ...] = ()


def _names_works_by_words(group: Sequence[Term]) -> bool:
    """Whether an AND group has a plain word (``llama``): field-only groups (``author:^bai``) mean every match."""
    return any(term.field is None and not term.negated for term in group)


def choose(result: SearchResult, *, known_ids: Collection[str] = ()) -> tuple[tuple[str, ...], bool]:
    """The works one AND group's result means, and whether that is a clear choice (pure).

    A single match is clear. A group whose query has a word equal to a work id in ``known_ids`` names that
    work. Otherwise the best match is taken alone when its score is at least ``CLEAR_LEAD`` times the
    runner-up's; else every match is returned with False (ambiguous), best first.
    """
    ids = tuple(result.work_ids)
    if len(ids) <= 1:
        return ids, True
    named = [t.text for group in result.query.groups for t in group if not t.negated and t.text in known_ids]
    if len(named) == 1 and named[0] in ids:
        return (named[0],), True
    scores = result.scores
    if len(scores) >= 2 and scores[0] > 0 and scores[0] >= CLEAR_LEAD * scores[1]:
        return ids[:1], True
    return ids, False


def select_intended(
    catalog: Catalog,
    words: Sequence[str],
    err: TextIO,
    *,
    take_all: bool = False,
    sort: str | None = None,
    personal: PersonalTerms | None = None,
) -> list[Work]:
    """The works a query given to ``cite`` or ``bib add`` means: never more than meant without saying so.

    Each OR group is read on its own. A group with a plain word takes its single match, or its clear best
    match (``choose``), naming the others on ``err``; with no clear best it raises ``UsageError`` listing the
    candidates. A group of field terms only (``author:^bai``), or ``take_all``, takes every match. Also raises
    ``UsageError`` as ``select_works`` does with ``guess`` False; returns [] when nothing matches.
    """
    works = select_works(catalog, words, err, guess=False, sort=sort, personal=personal)
    if take_all or len(works) <= 1:
        return works
    choice = _choice(catalog, words, personal)
    from aligntui.text.safe import visible_line

    def listing(ids: Sequence[str]) -> str:
        shown = "".join(f"\n  {i}  {visible_line(catalog.works[i].title)}" for i in ids[:10])
        return shown + (f"\n  ... and {len(ids) - 10} more" if len(ids) > 10 else "")

    if choice.ambiguous:
        parts = [f"{visible_line(text)!r} matches {len(ids)} works and none clearly best:{listing(ids)}"
                 for text, ids in choice.ambiguous]  # fmt: skip
        raise UsageError("\n".join(parts) + "\ngive a work's id, more words, or --all to take every match")
    for text, others in choice.passed_over:
        print(
            f"aligntui: {visible_line(text)!r}: took the clear best match; also matched (not taken, --all takes them):"
            + listing(others),
            file=err,
        )
    chosen = [catalog.works[i] for i in choice.works]
    return chosen if sort == "relevance" or sort is None else sort_works(catalog, chosen, sort)


def _choice(catalog: Catalog, words: Sequence[str], personal: PersonalTerms | None) -> Choice:
    """Apply ``choose`` to each OR group of the query ``words``."""
    from aligntui.search.index import SearchIndex
    from aligntui.search.query import Query, parse_query

    query = parse_query(" ".join(words))
    index = SearchIndex(catalog, personal=personal)
    taken: dict[str, None] = {}
    passed: list[tuple[str, tuple[str, ...]]] = []
    ambiguous: list[tuple[str, tuple[str, ...]]] = []
    for group in query.groups:
        text = " ".join(str(term) for term in group)
        result = index.search(Query(text, (group,)))
        if not _names_works_by_words(group):
            taken.update(dict.fromkeys(result.work_ids))
            continue
        ids, clear = choose(result, known_ids=catalog.works)
        if not clear:
            ambiguous.append((text, ids))
            continue
        taken.update(dict.fromkeys(ids))
        others = tuple(i for i in result.work_ids if i not in ids)
        if others:
            passed.append((text, others))
    return Choice(tuple(taken), tuple(passed), tuple(ambiguous))


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
