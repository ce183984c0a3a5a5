"""One entry of a Markdown paper list: its inline tokens in, title, authors, venue, year and links out (pure).

Paper lists write an entry in many ways: ``**Title**. *Authors* Venue Year.
[[Paper](url)]`` (the survey's own list), ``Title [[Paper]](url)``, ``[Title](url)``
with the authors in a sub-bullet, or a table row. This module reads the pieces
of one entry from markdown-it's syntax tree (``SyntaxTreeNode``) without
knowing which style the list uses: the title is the first bold or italic span,
else a link whose text is not a link label, else the text before the first
link; the first italic span after the title is the authors; a year in what
remains is the year and a short remainder is the venue.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from aligntui.catalog.model import Link

if TYPE_CHECKING:
    from markdown_it.tree import SyntaxTreeNode

__all__ = [
    "Details",
    "Piece",
    "add_links",
    "arxiv_id",
    "inline_pieces",
    "is_label",
    "label_of",
    "parse_authors",
    "read_detail",
    "read_entry",
    "split_venue",
    "web_address",
]

LABEL_WORDS = frozenset(
    {
     "paper", "papers", "pdf", "arxiv", "abs", "abstract", "code", "github", "gitlab", "project", "page", "homepage",
     "website", "site", "web", "url", "link", "data", "dataset", "datasets", "blog", "post", "checkpoint",
     "checkpoints", "model", "models", "weights", "demo", "slides", "video", "talk", "poster", "leaderboard",
     "openreview", "acl", "anthology", "doi", "bib", "bibtex", "tweet", "thread", "huggingface", "hf", "colab",
     "notebook", "repo", "repository", "official", "implementation", "source", "supplementary", "appendix",
    }
)  # fmt: skip
"""Words that make a link's text a link label (``[Paper]``, ``[code]``) rather than a title."""

_ARXIV_URL = re.compile(r"(?i:arxiv\.org)/(?:abs|pdf|html)/(\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})")
_YEAR = re.compile(r"(?<![\d.])(1[89]\d\d|20\d\d)(?![\d.])")
_ET_AL = re.compile(r"\s*,?\s*et\s*al\.?\s*$", re.I)
_NOT_A_LINK = re.compile(r"\[+[^\]\n]*\]+\([^)\n]*\)")
_LABEL_EDGE = re.compile(r"^[\W_]+|[\W_]+$")
_FIELD = re.compile(r"^\s*([A-Za-z][A-Za-z ()]{1,24}?)\s*[:：]\s*(.*)$", re.S)
_SEPARATORS = " \t-–—:|,.;[(/"


@dataclass(frozen=True, slots=True)
class Piece:
    """A top-level part of an entry: ``text``, an emphasised ``span`` or a ``link``; links found inside it."""

    kind: str
    text: str
    links: tuple[tuple[str, str], ...] = ()


@dataclass(slots=True)
class Details:
    """What an entry says about its work; every field may be empty."""

    title: str = ""
    authors: tuple[str, ...] = ()
    authors_complete: bool = True
    authors_text: str = ""
    year: int | None = None
    venue: str = ""
    links: list[Link] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    bad_links: list[str] = field(default_factory=list)


def _text_of(node: SyntaxTreeNode) -> str:
    """The visible text under an inline node (images and inline HTML give nothing)."""
    if node.type in ("text", "code_inline"):
        return node.content
    if node.type == "softbreak":
        return " "
    if node.type == "hardbreak" or (node.type == "html_inline" and re.match(r"<br\b", node.content, re.I)):
        return "\n"  # a line break inside an entry separates its parts
    if node.type in ("image", "html_inline"):
        return ""
    return "".join(_text_of(child) for child in node.children)


def _links_in(node: SyntaxTreeNode) -> list[tuple[str, str]]:
    """Every (text, href) link under a node, badges (links around only an image) left out."""
    if node.type == "link":
        text = _text_of(node)
        return [(text, str(node.attrs.get("href", "")))] if text.strip() else []
    found: list[tuple[str, str]] = []
    for child in node.children:
        found.extend(_links_in(child))
    return found


def inline_pieces(inline: SyntaxTreeNode) -> list[Piece]:
    """The top-level pieces of an inline node, in order; images and badge links are dropped."""
    pieces: list[Piece] = []
    for node in inline.children:
        if node.type in ("em", "strong"):
            pieces.append(Piece("span", _text_of(node), tuple(_links_in(node))))
        elif node.type == "link":
            links = _links_in(node)
            if links:
                pieces.append(Piece("link", links[0][0], tuple(links)))
        else:
            text = _text_of(node)
            if text:
                pieces.append(Piece("text", text))
    return pieces


def label_of(text: str) -> str:
    """A link label without brackets, emoji and edge punctuation (``[📄 Paper]`` is ``Paper``); ``Link`` if empty."""
    label = _LABEL_EDGE.sub("", " ".join(text.split()))
    return label or "Link"


def is_label(text: str) -> bool:
    """Whether a link's text is a label (``[Paper]``, ``code``, ``PDF``) rather than a title."""
    stripped = text.strip()
    if stripped.startswith("[") or not stripped:
        return True
    words = label_of(stripped).lower().split()
    return bool(words) and all(w in LABEL_WORDS or re.match(r"^(v\d+|\d+|[ivx]+)$", w) for w in words)


def web_address(href: str) -> str | None:
    """An http(s) URL from a link target; a bare ``arxiv.org/abs/..`` gets ``https://``; None for anything else."""
    href = href.strip()
    if re.match(r"^https?://[^\s/]+", href, re.I):
        return href
    if re.match(r"^(www\.)?[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}(/|$)", href, re.I):
        return "https://" + href
    return None


def arxiv_id(url: str) -> str | None:
    """The arXiv id (no version) a URL points to, or None: ``arxiv.org/pdf/2110.08207v2.pdf`` gives ``2110.08207``."""
    match = _ARXIV_URL.search(url)
    return match.group(1) if match else None


def _clean(text: str) -> str:
    return " ".join(text.split()).strip(_SEPARATORS + "*_").strip()


def _as_written(text: str) -> str:
    """A title set apart by the list (bold, or a link): kept as written, spaces collapsed, no trailing colon."""
    return " ".join(text.split()).rstrip(" :;,")


def parse_authors(text: str) -> tuple[tuple[str, ...], bool]:
    """Author names from ``A, B and C`` or ``Sanh et al.``; the flag is False when the list says "et al."."""
    text = " ".join(text.split()).strip(" .;,")
    complete = not _ET_AL.search(text)
    text = _ET_AL.sub("", text)
    names = [n.strip(" .;,") for n in re.split(r",|;|\s+and\s+|\s+&\s+", text)]
    return tuple(n for n in names if n), complete


def split_venue(text: str) -> tuple[str, int | None, str]:
    """``(venue, year, leftover)`` from what follows the title: ``arXiv 2021.`` gives ``("arXiv", 2021, "")``.

    A remainder longer than six words or holding a URL is not a venue, and
    without a year neither is one that reads as a sentence rather than a name
    (``A fast tool.``); it is returned as leftover, to keep as a note.
    """
    text = _clean(_NOT_A_LINK.sub(" ", text).replace("[", " ").replace("]", " "))
    years = list(_YEAR.finditer(text))
    year = int(years[-1].group(1)) if years else None
    without_year = _clean(_YEAR.sub(" ", text)) if years else text
    if not without_year:
        return "", year, ""
    if "://" in text or len(without_year.split()) > 6:
        return "", year, text
    if without_year.lower() in ("arxiv", "arxiv preprint", "corr", "preprint"):
        return "arXiv", year, ""
    if year is None and not _reads_as_name(without_year):
        return "", None, text
    return text, year, ""


_SMALL_WORDS = frozenset({"of", "in", "on", "and", "for", "the", "at", "&"})


def _reads_as_name(text: str) -> bool:
    """``AAAI``, ``Nature Machine Intelligence``, ``Findings of EMNLP``: at most five words, capitalised."""
    words = text.split()
    return len(words) <= 5 and all(w[:1].isupper() or w[:1].isdigit() or w in _SMALL_WORDS for w in words)


def add_links(details: Details, links: Iterable[tuple[str, str]], title_label: str | None = None) -> None:
    """Add (text, href) links to ``details``: a web address each, labelled; others noted as bad."""
    for text, href in links:
        url = web_address(href)
        label = title_label or label_of(text)
        if url is None:
            details.bad_links.append(f"{label} ({href})" if href else label)
        elif Link(label, url) not in details.links:
            details.links.append(Link(label, url))


def read_entry(inline: SyntaxTreeNode) -> Details:
    """The facts of one entry's own line (its paragraph's inline node)."""
    pieces = [p for p in inline_pieces(inline) if p.kind != "text" or p.text.strip() or "\n" in p.text]
    tags, pieces = _leading_tags(pieces)
    details = Details()
    if not pieces:
        return details
    first = pieces[0]
    rest: Sequence[Piece]
    if (first.kind == "span" and _clean(first.text)) or (first.kind == "link" and not is_label(first.text)):
        details.title = _as_written(first.text)
        add_links(details, first.links, "Paper")
        rest = pieces[1:]
    else:
        # The title runs to the first link, or to an emphasised span after some text (the authors).
        index = next((i for i, p in enumerate(pieces) if p.kind == "link" or (p.kind == "span" and i)), len(pieces))
        head, newline, below = "".join(p.text for p in pieces[:index]).strip().partition("\n")
        title, bracket, after = head.partition("[")
        title, tail = _split_tail(_clean(title) or _clean(head))
        details.title = title
        leftover = tail + " " + (bracket + after if bracket else "") + newline + below
        rest = [Piece("text", leftover), *list(pieces[index:])]
    _read_rest(details, [Piece("text", " ".join(tags)), *rest] if tags else rest)
    return details


_TAG = re.compile(r"^\s*\[([^\[\]]{1,40})\]\s*(.*)$", re.S)


def _leading_tags(pieces: list[Piece]) -> tuple[list[str], list[Piece]]:
    """Tags before the title (``[ICLR 2023] Title``, ``**[NeurIPS]**``) and leading emoji, taken off the pieces."""
    tags: list[str] = []
    while pieces and pieces[0].kind != "link":
        first = pieces[0]
        match = _TAG.match(first.text)
        if first.kind == "text" and not re.search(r"\w", first.text):
            pieces = pieces[1:]
        elif match and not first.links and (first.kind == "text" or not match.group(2).strip()):
            tags.append(match.group(1))
            rest = match.group(2)
            pieces = ([Piece("text", rest)] if rest.strip() else []) + pieces[1:]
        else:
            break
    return tags, pieces


_TAIL = re.compile(r"^(?P<title>.*?\S)[.,]\s+(?P<tail>[^.,]*(?:1[89]|20)\d\d[^.,]*)$")


def _split_tail(text: str) -> tuple[str, str]:
    """``Title. NeurIPS 2021`` as (``Title``, ``NeurIPS 2021``): a short trailing venue and year is not title."""
    match = _TAIL.match(text)
    if match and len(match["tail"].split()) <= 6 and len(match["title"].split()) >= 2:
        return match["title"], match["tail"]
    return text, ""


def _read_rest(details: Details, rest: Sequence[Piece]) -> None:
    """Authors, links, venue and year from what follows the title.

    The authors are the first emphasised span that reads as names
    (``*Sanh et al.*``), else the first part of the plain text that does
    (parts are split at line breaks, full stops and dashes); a year in the rest
    is the year, and a short rest the venue.
    """
    words: list[str] = []
    for piece in rest:
        add_links(details, piece.links)
        if piece.kind == "span" and not details.authors_text and not piece.links and _names_span(piece.text):
            details.authors_text = _clean(piece.text)
        elif piece.kind != "link":
            words.append(piece.text)
    rest_text = " ".join(words)
    details.bad_links.extend(" ".join(m.group(0).split()) for m in _NOT_A_LINK.finditer(rest_text))
    if not details.authors_text:
        for part in _PARTS.split(_NOT_A_LINK.sub(" ", rest_text)):
            if _looks_like_names(_clean(part)):
                details.authors_text = _clean(part)
                rest_text = rest_text.replace(part, " ", 1)
                break
    if details.authors_text:
        details.authors, details.authors_complete = parse_authors(details.authors_text)
    details.venue, details.year, leftover = split_venue(rest_text)
    if leftover:
        details.notes.append(leftover)


_PARTS = re.compile(r"\n|(?<=[a-z\])])\.\s+|\s+[-–—|]\s+|^\s*[-–—|:]\s+")


def _names_span(text: str) -> bool:
    """A span that reads as authors: ``Sanh et al.``, ``A. B, C. D``, ``Pew Research Center``; not ``EMNLP``."""
    words = _clean(text).split()
    if _looks_like_names(_clean(text)):
        return True
    if len(words) == 1 and sum(c.isupper() for c in words[0]) >= 3:
        return False  # an acronym such as EMNLP or NeurIPS, not a family name
    return 1 <= len(words) <= 4 and all(w[:1].isupper() for w in words)


_AUTHOR_FIELDS = ("author", "authors", "author(s)", "by", "writers")
_VENUE_FIELDS = ("venue", "conference", "journal", "published", "published in", "publication", "in", "where")
_YEAR_FIELDS = ("year", "date", "published on", "time")


def read_detail(details: Details, inline: SyntaxTreeNode) -> None:
    """Merge a sub-bullet (``Authors: ...``, ``NeurIPS 2020``, ``Keywords: ...``, links) into an entry's facts."""
    pieces = inline_pieces(inline)
    for piece in pieces:
        if piece.kind == "link" or piece.links:
            add_links(details, piece.links)
    text = _clean(" ".join(p.text for p in pieces if p.kind != "link"))
    if not text:
        return
    match = _FIELD.match(text)
    name, value = (match.group(1).strip().lower(), _clean(match.group(2))) if match else ("", text)
    if name in _AUTHOR_FIELDS or (not name and not details.authors_text and _looks_like_names(text)):
        details.authors_text = value
        details.authors, details.authors_complete = parse_authors(value)
    elif name in _YEAR_FIELDS and _YEAR.search(value):
        details.year = int(_YEAR.findall(value)[-1])
    elif name in _VENUE_FIELDS or (not name and not details.venue and _YEAR.search(text)):
        venue, year, leftover = split_venue(value)
        details.venue = venue or details.venue
        details.year = year or details.year
        if leftover:
            details.notes.append(leftover)
    else:
        details.notes.append(text)


def _looks_like_names(text: str) -> bool:
    """``A. Smith, B. Jones`` or ``Smith et al.``: capitalised words separated by commas, or "et al."."""
    if _ET_AL.search(text):
        return True
    parts = [p.strip() for p in re.split(r",|\s+and\s+", text) if p.strip()]
    return len(parts) >= 2 and all(p[:1].isupper() and len(p.split()) <= 4 for p in parts) and not _YEAR.search(text)
