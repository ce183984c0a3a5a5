"""The records of one work from the services that can know it (core: asks through a ``Fetcher``).

arXiv's API is asked for a work with an arXiv id (its ``arxiv`` field, or an
arXiv link); Crossref for a work with a DOI (its ``doi`` field, a ``doi.org``
link, or the DOI arXiv's record gives); DBLP's title search for a work that
has no published record yet (no DOI record, or only a preprint), since DBLP
lists where a preprint was later published. A service that fails for one
work is reported and the run goes on; ``Offline`` stops it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, field

from aligntui.catalog.model import Work
from aligntui.enrich.fetch import Answer, Fetcher, ServiceFailed
from aligntui.enrich.records import Record, RecordError, arxiv_id_in, read_arxiv, read_crossref, read_dblp
from aligntui.enrich.services import ARXIV, CROSSREF, DBLP, Service, arxiv_url, crossref_url, dblp_url

__all__ = ["Gathered", "gather_records"]

_DOI_LINK = re.compile(r"(?i)^https?://(?:dx\.)?doi\.org/(10\.\d{4,9}/\S+)$")


@dataclass(slots=True)
class Gathered:
    """A work's records, what went wrong asking for them, and how many answers came from the cache."""

    records: list[Record] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    cached: int = 0
    asked: dict[str, int] = field(default_factory=dict)


def _ask(
    fetcher: Fetcher, service: Service, url: str, read: Callable[[str], Record | None], found: Gathered, absent: str
) -> Record | None:
    """One request and its reading; failures become problems, a record is added."""
    try:
        answer: Answer = fetcher.get(service, url)
    except ServiceFailed as error:
        found.problems.append(str(error))
        return None
    found.cached += answer.cached
    found.asked[service.name] = found.asked.get(service.name, 0) + (not answer.cached)
    if answer.status == 404:
        found.problems.append(absent)
        return None
    if answer.status != 200:
        found.problems.append(f"{service.label}: HTTP {answer.status}")
        return None
    try:
        record = read(answer.body)
    except RecordError as error:
        found.problems.append(str(error))
        return None
    if record is not None:
        found.records.append(record)
    return record


def gather_records(work: Work, fetcher: Fetcher, use: Collection[str], mailto: str | None = None) -> Gathered:
    """Ask arXiv, Crossref and DBLP (those named in ``use``) for what they know of ``work``."""
    found = Gathered()
    arxiv = work.arxiv or arxiv_id_in(link.url for link in work.links)
    if arxiv and "arxiv" in use:
        url = arxiv_url(arxiv)
        before = len(found.problems)
        record = _ask(fetcher, ARXIV, url, lambda body: read_arxiv(body, url, arxiv), found, f"arXiv has no {arxiv}")
        if record is None and len(found.problems) == before:
            found.problems.append(f"arXiv has no paper {arxiv}")  # the feed answered, without that id
    linked = next((m.group(1) for link in work.links if (m := _DOI_LINK.match(link.url))), None)
    doi = work.doi or linked or next((r.doi for r in found.records if r.doi), None)
    if doi and "crossref" in use:
        url = crossref_url(doi, mailto)
        _ask(fetcher, CROSSREF, url, lambda body: read_crossref(body, url), found, f"Crossref has no DOI {doi}")
    if "dblp" in use and all(record.informal for record in found.records):
        url = dblp_url(work.title)
        _ask(fetcher, DBLP, url, lambda body: read_dblp(body, url, work.title), found, "DBLP: no search service")
    return found
