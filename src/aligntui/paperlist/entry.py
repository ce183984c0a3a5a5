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
from aligntui.paperlist.byline import (
    ET_AL,
    YEAR,
    clean,
    looks_like_names,
    names_span,
    parse_authors,
    short_date_year,
    split_venue,
)
from aligntui.paperlist.links import TAG as _TAG
from aligntui.paperlist.links import arxiv_id, is_label, label_of, relative_link, web_address

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
    "relative_link",
    "split_venue",
    "web_address",
]

_NOT_A_LINK = re.compile(r"\[+[^\]\n]*\]+\([^)\n]*\)")
_FIELD = re.compile(r"^\s*([A-Za-z][A-Za-z ()]{1,24}?)\s*[:：]\s*(.*)$", re.S)
_SHORTCODE = re.compile(r"(?<![\w:])(?::[a-z0-9_+\-]{1,30}:)+(?![\w:])")
_QUOTES = "\"'“”‘’„«»"


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
    relative_links: list[tuple[str, str]] = field(default_factory=list)
    """(label, target) of links to files beside the list (``slides/x.pdf``): resolved against the list's URL."""
    aliases: list[str] = field(default_factory=list)
    """A name written before the title (``<u>GPT-3</u>: **Title**``)."""
    set_apart: bool = False
    """Whether the title was set apart (bold, quoted, a link's text) or numbered, rather than plain leading text."""


def _text_of(node: SyntaxTreeNode) -> str:
    """The visible text under an inline node (images and inline HTML give nothing)."""
    if node.type == "text":
        return _SHORTCODE.sub("", node.content)  # :star:, :fire: are GitHub emoji, not words
    if node.type == "code_inline":
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
    return pieces_of(inline.children)


def pieces_of(nodes: Sequence[SyntaxTreeNode]) -> list[Piece]:
    """The pieces of some of an inline node's children (one line of a paragraph), in order."""
    pieces: list[Piece] = []
    for node in nodes:
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


_clean = clean


def _as_written(text: str) -> str:
    """A title set apart (bold, or a link): as written, spaces collapsed, no quotes around, no colon after."""
    text = " ".join(text.split()).rstrip(" :;,")
    if len(text) > 2 and text[0] in _QUOTES and text.rstrip(".,")[-1:] in _QUOTES:
        text = text.rstrip(".,")[1:-1].strip().rstrip(".,")
    return text


def add_links(details: Details, links: Iterable[tuple[str, str]], title_label: str | None = None) -> None:
    """Add (text, href) links to ``details``: a web address each, labelled; others noted as bad."""
    for text, href in links:
        url = web_address(href)
        label = title_label or label_of(text)
        if url is None and relative_link(href):
            details.relative_links.append((label, href.strip()))
        elif url is None:
            details.bad_links.append(f"{label} ({href})" if href else label)
        elif Link(label, url) not in details.links:
            details.links.append(Link(label, url))


def _merge_text(pieces: list[Piece]) -> list[Piece]:
    """Neighbouring text pieces as one (inline HTML such as ``<u>`` splits a text in two)."""
    merged: list[Piece] = []
    for piece in pieces:
        if piece.kind == "text" and merged and merged[-1].kind == "text":
            merged[-1] = Piece("text", merged[-1].text + piece.text)
        else:
            merged.append(piece)
    return merged


def read_entry(inline: SyntaxTreeNode | Sequence[SyntaxTreeNode]) -> Details:
    """The facts of one entry's own line (its paragraph's inline node, or the nodes of one line of it).

    The title is, in this order: a leading bold or italic span or a link whose
    text is not a label (``[ICLR 2023] Title`` keeps the tag as a venue); a
    span after a byline (``Smith, Ann, et al. "**Title**."``); a quoted title
    in the text (``A. Smith. "Title." ICML 2017.``); else the text before the
    first link, up to two spaces, a venue and year, or a byline.
    """
    nodes = inline if isinstance(inline, Sequence) else inline.children
    pieces = _merge_text([p for p in pieces_of(nodes) if p.kind != "text" or p.text.strip() or "\n" in p.text])
    details = Details()
    tags, pieces = _leading_tags(pieces, details)
    if not pieces:
        return details
    first = pieces[0]
    rest: Sequence[Piece]
    if first.kind == "link" and not is_label(first.text) and first.text.strip().startswith("["):
        tag = _TAG.match(first.text)
        assert tag is not None  # is_label is False only for a tag followed by a title
        tags.append(tag.group(1))
        first = Piece("link", tag.group(2), first.links)
    if (first.kind == "span" and _clean(first.text)) or (first.kind == "link" and not is_label(first.text)):
        details.title, details.set_apart = _as_written(first.text), True
        add_links(details, first.links, "Paper")
        rest = pieces[1:]
        subtitle = _SUBTITLE.match(rest[0].text) if first.kind == "link" and rest and rest[0].kind == "text" else None
        if subtitle and len(subtitle["subtitle"].split()) >= 2:  # [Self-Refine](url): Iterative Refinement...
            details.title += ": " + " ".join(subtitle["subtitle"].split())
            rest = [Piece("text", subtitle["rest"] or ""), *rest[1:]]
    elif len(pieces) > 1 and pieces[1].kind == "span" and _byline(first.text) and _clean(pieces[1].text):
        details.title, details.set_apart = _as_written(pieces[1].text), True
        details.authors_text = _clean(first.text.strip().rstrip(_QUOTES).strip())
        details.authors, details.authors_complete = parse_authors(details.authors_text, inverted_first=True)
        add_links(details, pieces[1].links, "Paper")
        rest = pieces[2:]
    elif first.kind == "text" and (quoted := _QUOTED.search(first.text)) and len(quoted["title"].split()) >= 2:
        details.title, details.set_apart = _as_written(quoted["title"]), True
        before = _clean(first.text[: quoted.start()])
        if (before and looks_like_names(before)) or ET_AL.search(before):
            details.authors_text = before
            details.authors, details.authors_complete = parse_authors(before, inverted_first=True)
        rest = [Piece("text", first.text[quoted.end() :]), *pieces[1:]]
    else:
        # The title runs to the first link, or to an emphasised span after some text (the authors).
        index = next((i for i, p in enumerate(pieces) if p.kind == "link" or (p.kind == "span" and i)), len(pieces))
        head, newline, below = "".join(p.text for p in pieces[:index]).strip().partition("\n")
        title, bracket, after = head.partition("[")
        title, described = _split_description(title)
        title, tail = _split_tail(_clean(title) or _clean(head))
        title, byline = _split_byline(title)
        tail = f"{byline}. {tail}" if byline else tail
        details.title = title
        leftover = described + " " + tail + " " + (bracket + after if bracket else "") + newline + below
        rest = [Piece("text", leftover), *list(pieces[index:])]
    if re.fullmatch(r"[\W\d_]*", details.title):
        details.title = ""  # a number or a mark alone is no title
    _read_rest(details, [Piece("text", " ".join(tags)), *rest] if tags else rest)
    return details


_NUMBER = re.compile(r"^\s*(?:\d{1,4}[.)]|\(\d{1,4}\)|#\d{1,4})(?:\s+|$)(.*)$", re.S)
_NICKNAME = re.compile(r"^\s*([^\s:\[][^:\n]{0,30}?)\s*[:：]\s*$")
_QUOTED = re.compile(r"[\"“](?P<title>[^\"“”\n]{3,300}?)[,.]?[\"”]")


def _byline(text: str) -> bool:
    """Text before an emphasised title that names its authors (``Smith, Ann, et al. "``)."""
    text = _clean(text.strip().rstrip(_QUOTES))
    return bool(text) and (
        looks_like_names(text)
        or bool(ET_AL.search(text))
        or (text[:1].isupper() and len(text.split()) <= 4 and "," in text)
    )


def _leading_tags(pieces: list[Piece], details: Details) -> tuple[list[str], list[Piece]]:
    """Tags before the title (``[ICLR 2023] Title``, ``**[NeurIPS]**``), emoji, numbers and nicknames, taken off.

    A number (``1)``, ``**[12]**``) is the list's own count and is dropped; a
    ``YY.MM`` tag gives the year; a short name and a colon before an emphasised
    title (``<u>GPT-3</u>: **Title**``) is the work's alias.
    """
    tags: list[str] = []
    while pieces and pieces[0].kind != "link":
        first = pieces[0]
        match = _TAG.match(first.text)
        number = _NUMBER.match(first.text) if first.kind == "text" else None
        nickname = _NICKNAME.match(first.text) if first.kind == "text" and len(pieces) > 1 else None
        if first.kind == "text" and not re.search(r"\w", first.text):
            pieces = pieces[1:]
        elif number:
            details.set_apart = True
            pieces = ([Piece("text", number.group(1))] if number.group(1).strip() else []) + pieces[1:]
        elif nickname and pieces[1].kind == "span" and len(nickname.group(1).split()) <= 3:
            details.aliases.append(nickname.group(1))
            pieces = pieces[1:]
        elif match and not first.links and (first.kind == "text" or not match.group(2).strip()):
            tag = match.group(1).strip()
            if short_date_year(tag):
                details.year = short_date_year(tag)
            elif not tag.isdigit():
                tags.append(tag)
            else:
                details.set_apart = True
            rest = match.group(2)
            pieces = ([Piece(first.kind, rest)] if rest.strip() else []) + pieces[1:]
        else:
            break
    return tags, pieces


def _split_description(text: str) -> tuple[str, str]:
    """``Title  what it does`` or ``Title - what it does`` as (title, the rest); a title keeps two words at least."""
    parts = re.split(r"\s{2,}|\s+[-–—]\s+", text.strip(), maxsplit=1)
    if len(parts) == 2 and len(parts[0].split()) >= 2:
        return parts[0], parts[1]
    return text, ""


_TAIL = re.compile(r"^(?P<title>.*?\S)[.,]\s+(?P<tail>[^.,]*(?:1[89]|20)\d\d[^.,]*)$")
_PAREN_TAIL = re.compile(r"^(?P<title>.*?\S)\s*\((?P<tail>[^()]*(?:1[89]|20)\d\d[^()]*)\)$")
_SUBTITLE = re.compile(
    r"^\s*:\s*(?P<subtitle>[A-Z][^\[\](){}\n|]*?[\w?!])(?P<rest>(?:\s+[-–—|]\s|\s*[(\[\n]).*)?$", re.S
)


def _split_tail(text: str) -> tuple[str, str]:
    """``Title. NeurIPS 2021`` or ``Title (ACL 2021)`` as (``Title``, the venue): a venue and year are not title."""
    for pattern in (_TAIL, _PAREN_TAIL):
        match = pattern.match(text)
        if match and len(match["tail"].split()) <= 6 and len(match["title"].split()) >= 2:
            return match["title"], match["tail"]
    return text, ""


def _split_byline(text: str) -> tuple[str, str]:
    """``Title, D. Dorn, E. Eck, 2022`` or ``Title. Ann Arbor, Bo Bell`` as (title, names): names after a title."""
    for stop in re.finditer(r"(?<=[a-z0-9)])\.\s+", text):
        names = YEAR.sub("", text[stop.end() :]).strip(" ,.()")
        if len(text[: stop.start()].split()) >= 2 and names and looks_like_names(names):
            return text[: stop.start()], text[stop.end() :]
    parts = text.split(", ")
    for cut in range(1, len(parts)):
        tail = ", ".join(parts[cut:])
        names = YEAR.sub("", tail).strip(" ,.()")
        if (
            len(parts[:cut][0].split()) >= 2
            and names
            and (looks_like_names(names) or re.fullmatch(r"(?:[A-Z]\.\s?)+[A-Z][\w'-]+", names))
        ):
            return ", ".join(parts[:cut]), tail
    return text, ""


_TRAIL_YEAR = re.compile(r"[\s,]*\(?((?:1[89]|20)\d\d)\)?\.?$")
_LEAD_YEAR = re.compile(r"^\(?((?:1[89]|20)\d\d)\)?\s*[,.]?\s*")


def _read_rest(details: Details, rest: Sequence[Piece]) -> None:
    """Authors, links, venue and year from what follows the title.

    The authors are the first emphasised span that reads as names
    (``*Sanh et al.*``), else the first part of the plain text that does
    (parts are split at line breaks, full stops and dashes; a year in
    parentheses before the names, ``(2015), A. Smith et al.``, is the year);
    a year in the rest is the year, and a short rest the venue.
    """
    words: list[str] = []
    for piece in rest:
        add_links(details, piece.links)
        if piece.kind == "span" and not details.authors_text and not piece.links and names_span(piece.text):
            details.authors_text = _clean(piece.text)
        elif piece.kind == "span" and re.fullmatch(r"\s*\(.*\)\s*", piece.text) and not YEAR.search(piece.text):
            details.notes.append(_clean(piece.text))  # **(A classic)**: the list's comment
        elif piece.kind != "link":
            words.append(piece.text)
    rest_text = " ".join(words)
    details.bad_links.extend(" ".join(m.group(0).split()) for m in _NOT_A_LINK.finditer(rest_text))
    lead_year = None
    if not details.authors_text:
        for part in _PARTS.split(_NOT_A_LINK.sub(" ", rest_text)):
            lead = _LEAD_YEAR.match(_clean(part)) if re.match(r"\s*\(", part) else None
            names = _clean(part)[lead.end() :] if lead else _clean(part)
            trail = _TRAIL_YEAR.search(names)
            names = names[: trail.start()] if trail else names
            if looks_like_names(names):
                details.authors_text = names
                lead_year = int(lead.group(1)) if lead else int(trail.group(1)) if trail else None
                rest_text = rest_text.replace(part, " ", 1)
                break
    if details.authors_text and not details.authors:
        details.authors, details.authors_complete = parse_authors(details.authors_text)
    year_hint = details.year
    details.venue, details.year, leftover = split_venue(rest_text)
    details.year = details.year or lead_year or year_hint
    if leftover:
        details.notes.append(leftover)


_PARTS = re.compile(r"\n|(?<=[a-z\])])\.\s+|\s+[-–—|]\s+|^\s*[-–—|:]\s+")


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
    if name in _AUTHOR_FIELDS or (not name and not details.authors_text and looks_like_names(text)):
        details.authors_text = value
        details.authors, details.authors_complete = parse_authors(value)
    elif name in _YEAR_FIELDS and YEAR.search(value):
        details.year = int(YEAR.findall(value)[-1])
    elif name in _VENUE_FIELDS or (not name and not details.venue and YEAR.search(text)):
        venue, year, leftover = split_venue(value)
        details.venue = venue or details.venue
        details.year = year or details.year
        if leftover:
            details.notes.append(leftover)
    else:
        details.notes.append(text)
