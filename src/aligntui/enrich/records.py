"""The answers of arXiv's API, Crossref and DBLP read into plain records (pure, no Textual, no I/O).

Formats, as each service documents them:

* arXiv API: an Atom 1.0 feed, one ``<entry>`` per paper with ``title``,
  ``summary``, ``published``, ``author/name`` and the ``arxiv:doi``
  extension (its free-text ``arxiv:journal_ref`` is not read: DBLP and
  Crossref give the venue as a field); an unknown id gives an entry titled
  ``Error`` or no entry (https://info.arxiv.org/help/api/user-manual.html,
  "The API Response" and "Errors").
* Crossref REST API: ``{"status": "ok", "message": {...}}`` with ``title``
  and ``container-title`` lists, ``author`` as ``given``/``family``,
  ``issued.date-parts``, ``page``, ``volume``, ``type``, and a JATS
  ``abstract`` (https://api.crossref.org/swagger-ui/index.html, ``/works/{doi}``).
* DBLP publication search: ``{"result": {"hits": {"hit": [{"info": {...}}]}}}``
  with ``title``, ``authors.author`` (one object or a list), ``venue``,
  ``year``, ``type``, ``pages``, ``doi``, ``ee`` and ``url``
  (https://dblp.org/faq/How+to+use+the+dblp+search+API.html).

Every value is untrusted: anything of the wrong type is ignored, text is put
on one line with control, bidi and zero-width characters removed
(``aligntui.text.safe.unsafe_characters``) and cut to a sane length, and
identifiers must have their documented shape. An Atom document that declares
a DTD is refused before parsing (Atom never needs one), which rules out
entity expansion attacks without a further dependency.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from aligntui.text.fold import title_key
from aligntui.text.safe import unsafe_characters

__all__ = [
    "Record",
    "RecordError",
    "arxiv_id_in",
    "clean_text",
    "read_arxiv",
    "read_crossref",
    "read_dblp",
]

MAX_TEXT = {"title": 600, "abstract": 6000, "venue": 300, "author": 200}
"""The longest value kept of each kind of text, in characters; longer is cut at a word."""
MAX_AUTHORS = 1000
"""Author lists longer than this are cut, and marked incomplete."""

_ATOM = "{http://www.w3.org/2005/Atom}"
_ARXIV = "{http://arxiv.org/schemas/atom}"
_ARXIV_IN_URL = re.compile(r"(?i:arxiv\.org)/(?:abs|pdf|html)/(\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})")
_DOI = re.compile(r"^10\.\d{4,9}/\S{1,200}$")
_PAGES = re.compile(r"^[\w.:]{1,12}(?:\s*[-–—]+\s*[\w.:]{1,12})?$")
_VOLUME = re.compile(r"^[\w.\- ]{1,20}$")


class RecordError(ValueError):
    """A service's answer could not be read (not XML or JSON, or not the documented shape)."""


@dataclass(frozen=True, slots=True)
class Record:
    """What one service's record says about a work; ``url`` is the address it was fetched from."""

    service: str
    url: str
    title: str = ""
    authors: tuple[str, ...] = ()
    authors_complete: bool = True
    year: int | None = None
    venue: str | None = None
    booktitle: str | None = None
    journal: str | None = None
    doi: str | None = None
    pages: str | None = None
    volume: str | None = None
    arxiv: str | None = None
    abstract: str | None = None
    informal: bool = False
    """A preprint listing (arXiv's own record, DBLP's CoRR): its venue is not a publication."""


def clean_text(value: object, kind: str = "title") -> str:
    """Untrusted text on one line: unsafe characters removed, spaces collapsed, cut at ``MAX_TEXT[kind]``."""
    if not isinstance(value, str):
        return ""
    unsafe = {offset for offset, _, _ in unsafe_characters(value)}
    if unsafe:
        value = "".join(char for offset, char in enumerate(value) if offset not in unsafe)
    text = " ".join(value.split())
    limit = MAX_TEXT.get(kind, 300)
    if len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0] + " …"
    return text


def arxiv_id_in(urls: Iterable[str]) -> str | None:
    """The first arXiv id (no version) that a URL points to: ``arxiv.org/pdf/2110.08207v2`` gives ``2110.08207``."""
    for url in urls:
        match = _ARXIV_IN_URL.search(url)
        if match:
            return match.group(1)
    return None


def _doi(value: object) -> str | None:
    text = clean_text(value, "venue").removeprefix("https://doi.org/").removeprefix("http://dx.doi.org/")
    return text if _DOI.match(text) else None


def _year(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and re.fullmatch(r"\d{4}", value.strip()):
        value = int(value)
    return value if isinstance(value, int) and 1800 <= value <= 2100 else None


def _pages(value: object) -> str | None:
    text = clean_text(value, "venue")
    return text if text and _PAGES.match(text) else None


def _volume(value: object) -> str | None:
    text = clean_text(value, "venue")
    return text if text and _VOLUME.match(text) else None


def _authors(names: Iterable[str]) -> tuple[tuple[str, ...], bool]:
    found = [name for name in names if name]
    return tuple(found[:MAX_AUTHORS]), len(found) <= MAX_AUTHORS


# --- arXiv -------------------------------------------------------------------------------------------------


def read_arxiv(body: str, url: str, wanted: str) -> Record | None:
    """The record of arXiv id ``wanted`` in an API feed, or None when the feed has no such paper."""
    if re.search(r"<!DOCTYPE|<!ENTITY", body[:4096], re.I):
        raise RecordError("the arXiv answer declares a DTD (refused: Atom needs none)")
    try:
        root = ET.fromstring(body)
    except ET.ParseError as error:
        raise RecordError(f"the arXiv answer is not XML ({error})") from None
    for entry in root.iter(f"{_ATOM}entry"):
        entry_id = entry.findtext(f"{_ATOM}id") or ""
        found = arxiv_id_in([entry_id])
        title = clean_text(entry.findtext(f"{_ATOM}title"))
        if found != wanted or not title or "api/errors" in entry_id:
            continue
        names = (clean_text(a.findtext(f"{_ATOM}name"), "author") for a in entry.iter(f"{_ATOM}author"))
        authors, complete = _authors(names)
        published = entry.findtext(f"{_ATOM}published") or ""
        return Record(
            service="arxiv",
            url=url,
            title=title,
            authors=authors,
            authors_complete=complete,
            year=_year(published[:4]),
            doi=_doi(entry.findtext(f"{_ARXIV}doi")),
            arxiv=wanted,
            abstract=clean_text(entry.findtext(f"{_ATOM}summary"), "abstract") or None,
            informal=True,
        )
    return None


# --- Crossref -------------------------------------------------------------------------------------------------


def _json(body: str, service: str) -> Any:
    try:
        return json.loads(body)
    except (ValueError, RecursionError) as error:
        raise RecordError(f"the {service} answer is not JSON ({error})") from None


def _first(value: object) -> object:
    return value[0] if isinstance(value, list) and value else value


def read_crossref(body: str, url: str) -> Record | None:
    """The record in a Crossref ``/works/{doi}`` answer, or None when it holds none."""
    data = _json(body, "Crossref")
    message = data.get("message") if isinstance(data, dict) else None
    if not isinstance(message, dict):
        return None
    names = []
    for author in message.get("author") or []:
        if isinstance(author, dict):
            given, family = clean_text(author.get("given"), "author"), clean_text(author.get("family"), "author")
            names.append(" ".join(filter(None, [given, family])) or clean_text(author.get("name"), "author"))
    authors, complete = _authors(names) if isinstance(message.get("author"), list) else ((), True)
    issued = message.get("issued")
    parts = issued.get("date-parts") if isinstance(issued, dict) else None
    year = _year(_first(_first(parts)))
    container = clean_text(_first(message.get("container-title")), "venue") or None
    kind = message.get("type")
    abstract = message.get("abstract")
    abstract = re.sub(r"<[^>]{0,200}>", " ", abstract) if isinstance(abstract, str) else None
    return Record(
        service="crossref",
        url=url,
        title=clean_text(_first(message.get("title"))),
        authors=authors,
        authors_complete=complete,
        year=year,
        venue=container,
        booktitle=container if kind == "proceedings-article" else None,
        journal=container if kind == "journal-article" else None,
        doi=_doi(message.get("DOI")),
        pages=_pages(message.get("page")),
        volume=_volume(message.get("volume")),
        abstract=clean_text(abstract, "abstract") or None,
        informal=kind == "posted-content",
    )


# --- DBLP -------------------------------------------------------------------------------------------------


def _dblp_name(value: object) -> str:
    """A DBLP author: ``{"text": "Ann Lee 0001"}`` or a string; the homonym number dropped."""
    text = value.get("text") if isinstance(value, dict) else value
    return re.sub(r"\s+\d{4}$", "", clean_text(text, "author"))


def read_dblp(body: str, url: str, title: str) -> Record | None:
    """The hit of a DBLP search whose title is ``title`` (nearly), a publication before a CoRR listing; or None."""
    data = _json(body, "DBLP")
    result = data.get("result") if isinstance(data, dict) else None
    hits = result.get("hits") if isinstance(result, dict) else None
    hit_list = hits.get("hit") if isinstance(hits, dict) else None
    if isinstance(hit_list, dict):
        hit_list = [hit_list]
    if not isinstance(hit_list, list):
        return None
    from difflib import SequenceMatcher

    wanted = title_key(title)
    found: list[Record] = []
    for hit in hit_list[:50]:
        info = hit.get("info") if isinstance(hit, dict) else None
        if not isinstance(info, dict):
            continue
        hit_title = clean_text(info.get("title")).rstrip(".")
        if not wanted or SequenceMatcher(None, title_key(hit_title), wanted).ratio() < 0.9:
            continue
        raw = info.get("authors", {}).get("author") if isinstance(info.get("authors"), dict) else None
        raw = [raw] if isinstance(raw, (dict, str)) else raw if isinstance(raw, list) else []
        authors, complete = _authors(_dblp_name(a) for a in raw)
        venue = clean_text(_first(info.get("venue")), "venue") or None
        kind = info.get("type")
        informal = kind == "Informal and Other Publications" or venue == "CoRR"
        electronic = info.get("ee")
        links = [e for e in (electronic if isinstance(electronic, list) else [electronic]) if isinstance(e, str)]
        record_url = clean_text(info.get("url"), "venue")
        found.append(
            Record(
                service="dblp",
                url=record_url if re.fullmatch(r"https://dblp\.org/rec/[\w/.-]+", record_url) else url,
                title=hit_title,
                authors=authors,
                authors_complete=complete,
                year=_year(info.get("year")),
                venue=None if informal else venue,
                booktitle=venue if kind == "Conference and Workshop Papers" else None,
                journal=venue if kind == "Journal Articles" and not informal else None,
                doi=_doi(info.get("doi")),
                pages=_pages(info.get("pages")),
                volume=_volume(info.get("volume")),
                arxiv=arxiv_id_in(links),
                informal=informal,
            )
        )
    found.sort(key=lambda record: record.informal)
    return found[0] if found else None
