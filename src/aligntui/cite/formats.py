"""Citations of catalog works: BibTeX, APA and IEEE references, Markdown, the survey's list (pure, no Textual).

APA and IEEE references come from the two CSL styles vendored in ``styles/``
and rendered by citeproc-py, which is imported only when one is asked for.

Titles are given in sentence case there (APA; IEEE but for books), keeping the
capitals ``aligntui.catalog.titlecase`` says to keep. An incomplete author list ends in
"and others" (BibTeX), the name ``{"literal": "others"}`` (CSL-JSON), "et al."
(IEEE) or APA's ellipsis "…" (APA 7 puts no "et al." in a reference list). Markdown
outputs escape every character CommonMark would read as markup.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Sequence
from functools import cache
from importlib import resources
from io import BytesIO
from typing import TYPE_CHECKING, Any

from aligntui.catalog.model import Link, Work, venue_year
from aligntui.catalog.names import short_authors, split_name, surname_of
from aligntui.catalog.titlecase import sentence_case
from aligntui.cite.bibtex import bibtex_export, cite_key, to_bibtex, to_bibtex_many, unique_works
from aligntui.cite.style_names import STYLE_NAMES, STYLES

if TYPE_CHECKING:
    from aligntui.catalog.model import Catalog, Survey

__all__ = [
    "STYLES",
    "STYLE_NAMES",
    "bibtex_export",
    "cite_key",
    "format_citation",
    "format_reference",
    "render_many",
    "survey_citation",
    "survey_work",
    "to_bibtex",
    "to_bibtex_many",
    "to_csl_json",
    "to_list_entry",
    "to_markdown",
]

# --- CSL ---------------------------------------------------------------------


def _csl_name(author: str) -> dict[str, str]:
    name = split_name(author)
    if name.literal:
        return {"literal": name.family}
    parts = {"family": name.family, "given": name.given, "suffix": name.suffix}
    return {key: value for key, value in parts.items() if value}


def _csl_issued(work: Work) -> dict[str, object] | None:
    """The CSL date: the full ``date`` where the record gives one, else the year to cite."""
    if work.date:
        return {"date-parts": [[int(part) for part in work.date.split("-")]]}
    if work.published_year is not None:
        return {"date-parts": [[work.published_year]]}
    return None


def to_csl_json(work: Work) -> dict[str, object]:
    """A CSL-JSON item for a work (arXiv preprints as Zotero writes them: type "article").

    An incomplete author list ends with the name ``{"literal": "others"}``, which
    pandoc's citeproc renders as the style's "et al." (jgm/citeproc 0.4, issue 61)
    and other processors print as "others": never as a complete list.
    """
    item: dict[str, object] = {"id": work.id, "title": " ".join(work.title.split())}
    if work.booktitle:
        item.update(type="paper-conference", **{"container-title": work.booktitle})
    elif work.journal:
        item.update(type="article-journal", **{"container-title": work.journal})
    elif work.type == "book":
        item["type"] = "book"
    elif work.arxiv:
        item.update(type="article", publisher="arXiv", number=f"arXiv:{work.arxiv}")
    elif work.type == "web":
        item["type"] = "webpage"
        if work.publisher:
            item["container-title"] = work.publisher
    elif work.type == "dataset":
        item["type"] = "dataset"
    else:
        item["type"] = "article"
        if work.venue:
            item["publisher"] = work.venue
    if work.publisher and work.type != "web":
        item["publisher"] = work.publisher
    if work.authors:
        others = [] if work.authors_complete else [{"literal": "others"}]
        item["author"] = [_csl_name(author) for author in work.authors] + others
    extra = {"volume": work.volume, "issue": work.number, "page": work.pages, "issued": _csl_issued(work)}
    item.update({key: value for key, value in extra.items() if value})
    if work.doi:
        item["DOI"] = work.doi
    if work.citation_url:
        item["URL"] = work.citation_url
    return item


_CITEPROC_LOCK = threading.Lock()
_ET_AL = "Etalmarker"
_APA_MAX_NAMES = 19


@cache
def _csl_style(name: str) -> Any:
    """The parsed CSL style, loaded once from the package's ``styles`` folder."""
    from citeproc import CitationStylesStyle

    data = (resources.files("aligntui.cite") / "styles" / f"{name}.csl").read_bytes()
    return CitationStylesStyle(BytesIO(data), validate=False)


def _citeproc_item(work: Work, style: str, key: str) -> dict[str, object]:
    """The CSL item adjusted for citeproc-py and for the style."""
    item = to_csl_json(work)
    item["id"] = key
    if isinstance(item.get("number"), str):
        # CSL's capitalize-first must leave "arXiv:..." alone; citeproc-py does not, so mark it nocase.
        item["number"] = f'<span class="nocase">{item["number"]}</span>'
        if style == "ieee" and item.get("publisher") == "arXiv":
            item.pop("publisher")  # IEEE: "2021, arXiv:2110.08207.", not "arXiv: arXiv:2110.08207."
    if style == "apa" or work.type != "book":
        item["title"] = sentence_case(work.title, work.keep_case)  # APA, and IEEE for all but books
    names = item.get("author")
    if style == "apa" and names == [{"literal": item.get("container-title")}]:
        item.pop("container-title")  # APA omits the site name when it is also the author
    if isinstance(names, list) and names and not work.authors_complete:
        # citeproc-py knows no "others": a marker name becomes IEEE's "et al." or APA's "…" afterwards.
        kept = names[:1] if style == "ieee" else names[: min(len(names) - 1, _APA_MAX_NAMES)]
        item["author"] = [*kept, {"literal": _ET_AL}]
    return item


_ET_AL_SEAM = re.compile(rf"(\.?),?(?:\s+(?:&|and))?\s*{_ET_AL}")


def _et_al(match: re.Match[str], style: str) -> str:
    """The marker as the style writes an unfinished list: IEEE's "et al.", APA's "…" (APA 7, 9.8).

    APA never puts "et al." in a reference list; it shows left-out authors with an ellipsis,
    as citeproc does for lists of more than 20.
    """
    if style == "apa":
        return "., …" if match[1] else ", …"
    return f"{match[1]} et al."


_IEEE_NUMBER = re.compile(r"^\[\d+\]\s*")


def _clean_reference(text: str, style: str) -> str:
    """Plain text from citeproc, tidied: et al., punctuation inside quotes, no double stops."""
    text = _ET_AL_SEAM.sub(lambda match: _et_al(match, style), text).replace("et al..", "et al.")
    text = text.replace("….", "…")
    text = " ".join(text.split())
    # Without an access date APA's "Retrieved <date>, from <URL>" is left as a bare "Retrieved <URL>".
    text = re.sub(r"\bRetrieved (?=https?://)", "", text)
    text = text.replace(", [Online].", ". [Online].")  # IEEE's "Year, Accessed: <date>. [Online]." likewise
    text = _IEEE_NUMBER.sub("", text) if style == "ieee" else text
    # en-US puts commas and periods inside closing quotes (citeproc-py leaves them outside).
    text = re.sub("\u201d([.,])", "\\1\u201d", text)
    text = re.sub("([?!])[.,](?=[\u201d\\s]|$)", r"\1", text)
    return text.strip()


def _render_csl(works: Sequence[Work], style: str) -> list[str]:
    """Render works as a bibliography in the style's own order, one plain-text string each."""
    if style not in ("apa", "ieee"):
        raise ValueError(f"unknown reference style {style!r} (known: apa, ieee)")
    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    keys = [f"w{n}" for n in range(len(works))]
    source = CiteProcJSON([_citeproc_item(work, style, key) for work, key in zip(works, keys, strict=True)])
    with _CITEPROC_LOCK:
        bibliography = CitationStylesBibliography(_csl_style(style), source, formatter.plain)
        bibliography.register(Citation([CitationItem(key) for key in keys]))
        if style == "apa":
            bibliography.sort()
        entries = [str(entry) for entry in bibliography.bibliography()]
    return [_clean_reference(entry, style) for entry in entries]


def format_reference(work: Work, style: str) -> str:
    """A plain-text APA or IEEE reference for a work."""
    return _render_csl([work], style)[0]


# --- Markdown and the survey's list --------------------------------------------


def _markdown_url(url: str) -> str:
    """A URL that is safe as a Markdown link target and in the survey list's ``(url)``."""
    return url.replace(" ", "%20").replace("(", "%28").replace(")", "%29").replace("<", "%3C").replace(">", "%3E")


# Every character CommonMark may read as markup inside a line: emphasis, code, links, raw HTML
# (``<think>``), entities (``&amp;``) and GFM strikethrough; a backslash before any ASCII
# punctuation is a literal (CommonMark 0.31, section 2.4), so escaping one too many is harmless.
_MD_SPECIALS = "\\`*_[]<>&~"
_MD_LINE_START = re.compile(r"^(#|>|[-+=|]|\d+(?=[.)]))")


def _markdown_text(text: str, at_line_start: bool = False) -> str:
    """Catalog text as literal Markdown: specials escaped, and a block marker at the start of a line."""
    escaped = re.sub(f"([{re.escape(_MD_SPECIALS)}])", r"\\\1", " ".join(text.split()))
    if at_line_start:
        match = _MD_LINE_START.match(escaped)
        if match:  # "# x" is a heading, "1. x" a list item: escape the marker's punctuation
            marker = match[0]
            escaped = (marker + "\\" + escaped[len(marker) :]) if marker[0].isdigit() else "\\" + escaped
    return escaped


def to_markdown(work: Work) -> str:
    """A Markdown link to the work, ``[Title](url)``, or just the (escaped) title without a link."""
    link = work.primary_link
    title = _markdown_text(work.title, at_line_start=link is None)
    return f"[{title}]({_markdown_url(link.clean_url)})" if link else title


def to_list_entry(work: Work, number: int = 1, *, clean: bool = True) -> str:
    """The work as a line of the survey's list: number, title, authors, venue and year, links.

    ``clean`` False keeps the links' tracking parameters, so the list written
    back (``export --format list``) has the very URLs it was made from.
    """
    parts = [f"{number}. **{_markdown_text(work.title)}**."]
    authors = short_authors(work)
    if authors:
        parts.append(f"*{_markdown_text(authors)}*")
    where = " ".join(work.venue.split()) if work.venue else ""
    # A venue that already names its year ("ICLR 2022") is not followed by a second one.
    if work.year is not None and venue_year(where) is None:
        where = f"{where} {work.year}".strip()
    if where:
        parts.append(_markdown_text(where) + ".")
    links = [
        f"[[{_markdown_text(link.label)}]({_markdown_url(link.clean_url if clean else link.url)})]"
        for link in work.links
    ]
    if links:
        parts.append("".join(links))
    return " ".join(parts)


# --- the survey itself ----------------------------------------------------------

_KEY_SKIP = frozenset({"a", "an", "the", "from", "to", "of", "on", "in", "for", "and", "with", "towards", "toward"})


def survey_work(survey: Survey) -> Work:
    """The survey as a work, keyed as Google Scholar does: ``yao2023instructions``."""
    words = [w for w in re.findall(r"[a-z0-9]+", survey.title.lower()) if w not in _KEY_SKIP]
    family = re.sub(r"\W+", "", surname_of(survey.authors[0]).lower()) if survey.authors else "survey"
    key = f"{family}{survey.year or ''}{words[0] if words else ''}"
    url = survey.url or (f"https://arxiv.org/abs/{survey.arxiv}" if survey.arxiv else None)
    return Work(
        id=key,
        title=survey.title,
        authors=survey.authors,
        year=survey.year,
        venue=survey.venue,
        arxiv=survey.arxiv,
        source=url,
        links=(Link("Paper", url),) if url else (),
        list_title=survey.list_title,
    )


def survey_citation(catalog: Catalog, style: str) -> str:
    """The survey the catalog comes from, cited in one of ``STYLES``; ValueError for any other style."""
    return format_citation(survey_work(catalog.survey), style)


# --- dispatch ----------------------------------------------------------------

_FORMATTERS: dict[str, Callable[[Work], str]] = {
    "bibtex": to_bibtex,
    "key": cite_key,
    "apa": lambda work: format_reference(work, "apa"),
    "ieee": lambda work: format_reference(work, "ieee"),
    "markdown": to_markdown,
    "list": to_list_entry,
}


def format_citation(work: Work, style: str) -> str:
    """A work cited in one of ``STYLES``; ValueError for any other style."""
    if style not in _FORMATTERS:
        raise ValueError(f"unknown citation style {style!r} (known: {', '.join(STYLES)})")
    return _FORMATTERS[style](work)


def render_many(works: Sequence[Work], style: str) -> str:
    """Several works, each once, cited together in one text in one of ``STYLES``."""
    if style not in _FORMATTERS:
        raise ValueError(f"unknown citation style {style!r} (known: {', '.join(STYLES)})")
    unique = unique_works(works)
    if not unique:
        return ""
    if style == "bibtex":
        return to_bibtex_many(unique)
    if style == "key":
        return "\\cite{" + ",".join(work.id for work in unique) + "}"
    if style == "list":
        return "\n".join(to_list_entry(work, n) for n, work in enumerate(unique, start=1))
    if style == "markdown":
        return "\n".join(f"- {to_markdown(work)}" for work in unique)
    references = _render_csl(unique, style)
    if style == "ieee":
        references = [f"[{n}] {text}" for n, text in enumerate(references, start=1)]
    return "\n\n".join(references)
