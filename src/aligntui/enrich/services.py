"""The metadata services ``aligntui enrich`` asks: where they are, how often they may be asked (pure).

Each endpoint can be replaced by an environment variable (a mirror, or a
local server in tests). The waits follow each service's published terms:

* arXiv API: "no more than one request every three seconds", one connection
  at a time (Terms of Use for arXiv APIs, https://info.arxiv.org/help/api/tou.html#rate-limits).
* Crossref REST API: limits are advertised in the ``X-Rate-Limit-Limit`` and
  ``X-Rate-Limit-Interval`` headers of every answer and a 429 answer means
  "wait and retry at a lower rate"; an e-mail address in ``mailto`` puts the
  requests in the "polite" pool (https://www.crossref.org/documentation/retrieve-metadata/rest-api/access-and-authentication/,
  and the etiquette of https://github.com/CrossRef/rest-api-doc). The limits
  were revised from 1 December 2025 (Crossref blog, "Announcing changes to
  REST API rate limits"), so aligntui keeps one request a second at most and
  slows down further when the headers ask for it.
* DBLP: "you should always be fine when waiting for at least one or two
  second between two consecutive requests"; too many get a 429 with a
  ``Retry-After`` header (https://dblp.org/faq/1474706.html, "Rate limiting").
  aligntui waits two seconds.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from urllib.parse import quote, urlencode

__all__ = ["ARXIV", "CROSSREF", "DBLP", "SERVICES", "Service"]


@dataclass(frozen=True, slots=True)
class Service:
    """A metadata service: its name, documented endpoint, the variable that replaces it, and its wait in seconds."""

    name: str
    label: str
    endpoint: str
    variable: str
    interval: float

    @property
    def base(self) -> str:
        """The endpoint in use: the variable's value when set, else the documented one (no trailing slash)."""
        return (os.environ.get(self.variable) or self.endpoint).rstrip("/")


ARXIV = Service("arxiv", "arXiv", "http://export.arxiv.org/api/query", "ALIGNTUI_ARXIV_API", 3.0)
CROSSREF = Service("crossref", "Crossref", "https://api.crossref.org", "ALIGNTUI_CROSSREF_API", 1.0)
DBLP = Service("dblp", "DBLP", "https://dblp.org/search/publ/api", "ALIGNTUI_DBLP_API", 2.0)
SERVICES = {service.name: service for service in (ARXIV, CROSSREF, DBLP)}
"""Every service by name, in the order they are asked."""


def arxiv_url(arxiv_id: str) -> str:
    """The API query for one arXiv id (the id list form of the user manual, section 3.1.1)."""
    return f"{ARXIV.base}?{urlencode({'id_list': arxiv_id, 'max_results': 1})}"


def crossref_url(doi: str, mailto: str | None = None) -> str:
    """The Crossref ``/works/{doi}`` address; ``mailto`` joins the polite pool."""
    query = f"?{urlencode({'mailto': mailto})}" if mailto else ""
    return f"{CROSSREF.base}/works/{quote(doi, safe='/')}{query}"


def dblp_url(title: str) -> str:
    """A DBLP publication search for a title, JSON, five hits."""
    return f"{DBLP.base}?{urlencode({'q': title, 'format': 'json', 'h': 5})}"
