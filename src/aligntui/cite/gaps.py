"""What a work's citation lacks: the fields a reference cannot do without (pure).

A work imported from a title-only list has no authors and no year; its
BibTeX would be a bare ``@misc`` with a title, which a bibliography style
prints as an anonymous, undated reference. ``cite``, ``export`` and the
explorer's copy and append commands name such works rather than produce it
silently. The fields are those every BibTeX standard style warns about when
missing (``author``, ``year``; Patashnik, *BibTeXing*, 1988, section 3.1).
A web page or data set that is kept up to date (a survey's site) is cited
without a date (APA 7th edition, section 9.17, "n.d."), so only papers and
books need a year.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from aligntui.catalog.model import Work

__all__ = ["CITATION_FIELDS", "DATED_TYPES", "citation_gaps", "describe_gaps", "gaps_note"]

CITATION_FIELDS = ("authors", "year")
"""The fields ``citation_gaps`` checks, in the order it names them."""

DATED_TYPES = frozenset({"paper", "book"})
"""The work types whose citation needs a year (``Work.type``)."""


def citation_gaps(work: Work) -> tuple[str, ...]:
    """The fields of ``CITATION_FIELDS`` the work's citation lacks, in that order; ``()`` when complete.

    Authors count when one is not blank; a year is needed for ``DATED_TYPES`` only.
    """
    missing: list[str] = []
    if not any(name.strip() for name in work.authors):
        missing.append("authors")
    if work.published_year is None and work.type in DATED_TYPES:
        missing.append("year")
    return tuple(missing)


def describe_gaps(work_id: str, missing: tuple[str, ...]) -> str:
    """One sentence for a work whose citation is incomplete: ``x2024: the citation has no authors and no year``."""
    return f"{work_id}: the citation has no {' and no '.join(missing)}"


def gaps_note(works: Sequence[Work], shown: int = 3) -> str:
    """One line for the explorer naming the works whose citation is incomplete; ``""`` when none is.

    Names the first ``shown`` works with what each lacks, then how many more: ``"Incomplete citation:
    x2024 (no authors, no year) and 2 more"``.
    """
    incomplete = [(work.id, missing) for work in works if (missing := citation_gaps(work))]
    if not incomplete:
        return ""
    named = ", ".join(f"{work_id} (no {', no '.join(missing)})" for work_id, missing in incomplete[:shown])
    more = f" and {len(incomplete) - shown} more" if len(incomplete) > shown else ""
    return f"Incomplete citation: {named}{more}. Fill the record (aligntui enrich) before citing it."
