"""Relevance of search on the bundled catalog: top-1 accuracy and mean reciprocal rank (MRR).

    python benchmarks/relevance.py            # the table
    python benchmarks/relevance.py --misses   # and every query whose first hit is not accepted

The queries and the works accepted first are those of ``tests/search/relevance_cases.py``
(the test suite checks each one); every query runs through
``aligntui.browse.selection.select_works``, the path of ``aligntui list``. The
reciprocal rank of a query is 1 / the position of its best accepted work in
the list, 0 when none is listed.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "search"))

from relevance_cases import CASES


def _rank(found: list[str], accepted: tuple[str, ...]) -> int | None:
    """The 1-based position of the first accepted work in ``found``, or None."""
    for position, work_id in enumerate(found, 1):
        if work_id in accepted:
            return position
    return None


def main() -> int:
    """Print the relevance table; exit 0."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list the queries whose first hit is not accepted")
    args = parser.parse_args()

    import aligntui
    from aligntui.catalog.load import load_catalog
    from aligntui.browse.selection import UsageError, select_works

    catalog = load_catalog(None)
    rows: list[tuple[str, int | None, int]] = []
    for query, accepted in CASES:
        try:
            found = [work.id for work in select_works(catalog, query.split(), io.StringIO())]
        except UsageError:
            found = []
        rows.append((query, _rank(found, accepted), len(found)))

    def summary(selected: list[tuple[str, int | None, int]]) -> tuple[int, float, float]:
        top1 = sum(1 for _, rank, _ in selected if rank == 1)
        mrr = sum(1 / rank for _, rank, _ in selected if rank) / len(selected)
        return len(selected), top1 / len(selected), mrr

    print(f"## Relevance on the bundled catalog (aligntui from {Path(aligntui.__file__).parent})\n")
    print("| queries | count | top-1 accuracy | mean reciprocal rank | not found at all |")
    print("|---|---|---|---|---|")
    count, top1, mrr = summary(rows)
    missing = sum(1 for _, rank, _ in rows if rank is None)
    print(f"| all | {count} | {top1:.0%} | {mrr:.3f} | {missing} |")
    if args.misses:
        print("\n| query | rank of the accepted work | works listed |\n|---|---|---|")
        for query, rank, listed in rows:
            if rank != 1:
                print(f"| `{query}` | {rank if rank else '—'} | {listed} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
