"""Relevance of search on the bundled catalog: aligntui against a BM25 and a fuzzy baseline.

    python benchmarks/relevance.py                    # both query sets, Markdown tables
    python benchmarks/relevance.py --set blind        # only the blind queries
    python benchmarks/relevance.py --misses           # and every query whose first hit is not expected

Query sets (each query is a text and the catalog ids of the works meant):

* ``blind``: ``tests/search/blind_queries.py``, written blind to aligntui's rules
  (kinds: names, acronyms, author + year, titles with typos, ...);
* ``existing``: ``tests/search/relevance_cases.py`` (``CASES``), written while
  the ranking was built; reported under the kind ``existing``.

Rankers, each given the query and returning work ids best first:

* ``aligntui``: ``aligntui.browse.selection.select_works(catalog, query.split(),
  err, sort="relevance")``, the path of ``aligntui list``; a ``UsageError``
  counts as an empty result;
* ``bm25``: ``rank_bm25.BM25Okapi`` over the lower-cased word tokens
  (``\\w+``) of each work's title, authors and venue; works scoring > 0, best
  first (ties in catalog order);
* ``fuzzy``: ``rapidfuzz.process.extract`` with ``fuzz.partial_ratio`` over
  "title authors" (``utils.default_process``: lower case, punctuation to
  spaces); works scoring >= ``--fuzzy-cutoff`` (default 60 of 100), best first.

Scores: a query's rank is the 1-based position of its first expected work in
the list. top-1 and top-3 are the shares of queries with rank <= 1 and <= 3;
MRR is the mean of 1 / rank (0 when no expected work is listed); "empty" counts
queries for which the ranker listed nothing; "listed (median)" is the median
length of the lists. Needs the ``bench`` extra (``pip install -e '.[bench]'``)
for rank-bm25. Never run by the test suite.
"""

from __future__ import annotations

import argparse
import io
import re
import statistics
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from aligntui.catalog.model import Catalog

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


class Case(NamedTuple):
    """One query, the ids of the works meant, and its kind (``existing`` for the older cases)."""

    query: str
    expected: tuple[str, ...]
    kind: str


class Outcome(NamedTuple):
    """What one ranker made of one case: the rank of the first expected work (None: not listed) and the list."""

    case: Case
    rank: int | None
    found: list[str]


Ranker = Callable[[str], list[str]]


def blind_cases() -> list[Case]:
    """The blind queries of ``tests/search/blind_queries.py``."""
    from tests.search.blind_queries import BLIND_QUERIES

    return [Case(case.query, tuple(case.expected), str(case.kind)) for case in BLIND_QUERIES]


def existing_cases() -> list[Case]:
    """The cases of ``tests/search/relevance_cases.py`` (query, accepted ids), kind ``existing``."""
    from tests.search.relevance_cases import CASES

    return [Case(query, tuple(accepted), "existing") for query, accepted in CASES]


def aligntui_ranker(catalog: Catalog) -> Ranker:
    """The CLI's query path, ``select_works`` with ``sort="relevance"``; a ``UsageError`` gives []."""
    from aligntui.browse.selection import UsageError, select_works

    def rank(query: str) -> list[str]:
        try:
            works = select_works(catalog, query.split(), io.StringIO(), sort="relevance")
        except UsageError:
            return []
        return [work.id for work in works]

    return rank


_TOKEN = re.compile(r"\w+")


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.lower())


def bm25_ranker(catalog: Catalog) -> Ranker:
    """BM25Okapi (default k1=1.5, b=0.75) over title + authors + venue tokens; works with score > 0."""
    from rank_bm25 import BM25Okapi  # type: ignore[import-untyped]

    works = list(catalog.works.values())
    ids = [work.id for work in works]
    corpus = [_tokens(" ".join([work.title, *work.authors, work.venue or ""])) for work in works]
    bm25 = BM25Okapi(corpus)

    def rank(query: str) -> list[str]:
        terms = _tokens(query)
        if not terms:
            return []
        scores = bm25.get_scores(terms)
        order = sorted(range(len(ids)), key=lambda i: -scores[i])
        return [ids[i] for i in order if scores[i] > 0]

    return rank


def fuzzy_ranker(catalog: Catalog, cutoff: float) -> Ranker:
    """rapidfuzz partial_ratio of the query against "title authors"; works scoring >= ``cutoff`` (0-100)."""
    from rapidfuzz import fuzz, process, utils

    choices = {work.id: f"{work.title} {' '.join(work.authors)}" for work in catalog.works.values()}

    def rank(query: str) -> list[str]:
        if not utils.default_process(query):
            return []
        hits = process.extract(
            query,
            choices,
            scorer=fuzz.partial_ratio,
            processor=utils.default_process,
            limit=None,
            score_cutoff=cutoff,
        )
        return [key for _, _, key in hits]

    return rank


def run(ranker: Ranker, cases: Sequence[Case]) -> list[Outcome]:
    """Each case through ``ranker``, with the rank of its first expected work."""
    outcomes = []
    for case in cases:
        found = ranker(case.query)
        rank = next((position for position, work_id in enumerate(found, 1) if work_id in case.expected), None)
        outcomes.append(Outcome(case, rank, found))
    return outcomes


def _row(label: str, name: str, outcomes: Sequence[Outcome]) -> str:
    count = len(outcomes)
    top1 = sum(1 for o in outcomes if o.rank == 1) / count
    top3 = sum(1 for o in outcomes if o.rank is not None and o.rank <= 3) / count
    mrr = sum(1 / o.rank for o in outcomes if o.rank) / count
    empty = sum(1 for o in outcomes if not o.found)
    listed = statistics.median(len(o.found) for o in outcomes)
    return f"| {label} | {count} | {name} | {top1:.0%} | {top3:.0%} | {mrr:.3f} | {empty} | {listed:g} |"


def report(title: str, results: dict[str, list[Outcome]]) -> None:
    """Print one set's tables: overall per ranker, then per kind and ranker."""
    header = (
        "| kind | queries | ranker | top-1 | top-3 | MRR | empty | listed (median) |\n|---|---|---|---|---|---|---|---|"
    )
    print(f"\n## {title}\n\n### Overall\n\n{header}")
    for name, outcomes in results.items():
        print(_row("all", name, outcomes))
    kinds = list(dict.fromkeys(o.case.kind for o in next(iter(results.values()))))
    if len(kinds) > 1:
        print(f"\n### Per kind\n\n{header}")
        for kind in kinds:
            for name, outcomes in results.items():
                print(_row(kind, name, [o for o in outcomes if o.case.kind == kind]))


def report_misses(title: str, results: dict[str, list[Outcome]]) -> None:
    """Print, per ranker, every query whose first hit is not an expected work, with what came first."""
    for name, outcomes in results.items():
        misses = [o for o in outcomes if o.rank != 1]
        print(f"\n### Misses of {name} ({title}): {len(misses)}\n")
        print("| query | kind | expected | rank | first hit | listed |\n|---|---|---|---|---|---|")
        for o in misses:
            first = o.found[0] if o.found else "(nothing)"
            query = o.case.query.replace("|", "\\|")
            rank = o.rank if o.rank else "—"
            print(f"| `{query}` | {o.case.kind} | {', '.join(o.case.expected)} | {rank} | {first} | {len(o.found)} |")


def main() -> int:
    """Print the relevance tables; exit 0."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--set", choices=("blind", "existing", "both"), default="both", help="which queries")
    parser.add_argument("--misses", action="store_true", help="list each query whose first hit is not expected")
    parser.add_argument("--fuzzy-cutoff", type=float, default=60.0, help="least partial_ratio listed (0-100)")
    args = parser.parse_args()

    import aligntui
    from aligntui.catalog.load import bundled_catalog_path, load_catalog

    path = bundled_catalog_path()
    catalog = load_catalog(path)
    rankers = {
        "aligntui": aligntui_ranker(catalog),
        "bm25": bm25_ranker(catalog),
        "fuzzy": fuzzy_ranker(catalog, args.fuzzy_cutoff),
    }
    sets = []
    if args.set in ("blind", "both"):
        sets.append(("Blind queries (tests/search/blind_queries.py)", blind_cases()))
    if args.set in ("existing", "both"):
        sets.append(("Existing cases (tests/search/relevance_cases.py)", existing_cases()))

    print(f"# Relevance on the bundled catalog ({len(catalog.works)} works, {path.name})")
    print(f"\naligntui {aligntui.__version__} from {Path(aligntui.__file__).parent}")
    for title, cases in sets:
        results = {name: run(ranker, cases) for name, ranker in rankers.items()}
        report(title, results)
        if args.misses:
            report_misses(title, results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
