"""Read and write the survey's own Markdown list format (pure, no Textual).

The list writes one work a line::

    1. **Title**. *Sanh et al.* arXiv 2021. [[Paper](https://...)][[Data](https://...)]

under Markdown headings that draw the taxonomy. ``parse_list`` turns such a
file into headings and entries; it is used to check the catalog against the
survey's list and to import other lists of the same shape.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["ListEntry", "ListHeading", "normalise_title", "parse_list"]

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*$")
_ENTRY = re.compile(r"^\s*\d+\.\s+\*\*(?P<title>.+?)\*\*\.?\s*(?P<rest>.*)$")
_AUTHORS = re.compile(r"^\*(?P<authors>[^*]+)\*\s*(?P<rest>.*)$")
_LINK = re.compile(r"\[\[(?P<label>[^\]]+)\]\((?P<url>[^)\s]*)\)\]")
_YEAR = re.compile(r"(1[89]\d\d|20\d\d)\.?\s*$")


@dataclass(frozen=True, slots=True)
class ListEntry:
    """One numbered entry of the list, as written."""

    line: int
    title: str
    authors: str
    venue: str
    year: int | None
    links: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class ListHeading:
    """A Markdown heading and the entries written directly under it."""

    line: int
    level: int
    title: str
    text: tuple[str, ...]
    entries: tuple[ListEntry, ...]


def _unescape(text: str) -> str:
    """Undo Markdown backslash escapes (``90\\%`` is ``90%``)."""
    return re.sub(r"\\(.)", r"\1", text)


def normalise_title(title: str) -> str:
    """A title reduced to lower-case letters and digits, to tell works apart."""
    return re.sub(r"[^0-9a-z]+", "", _unescape(title).lower())


def _parse_entry(line_no: int, line: str) -> ListEntry | None:
    match = _ENTRY.match(line)
    if match is None:
        return None
    title = _unescape(match["title"]).strip()
    rest = match["rest"]
    links = tuple((m["label"], m["url"]) for m in _LINK.finditer(rest))
    first_link = _LINK.search(rest)
    head = rest[: first_link.start()] if first_link else rest
    authors = ""
    author_match = _AUTHORS.match(head.strip())
    if author_match:
        authors = author_match["authors"].strip()
        head = author_match["rest"]
    head = head.strip()
    year_match = _YEAR.search(head)
    year = int(year_match.group(1)) if year_match else None
    venue = head[: year_match.start()] if year_match else head
    venue = venue.strip().rstrip(",.").strip()
    return ListEntry(line_no, title, authors, venue, year, links)


def parse_list(markdown: str) -> list[ListHeading]:
    """Split a survey list into its headings, each with its prose and entries."""
    headings: list[ListHeading] = []
    current: tuple[int, int, str] | None = None
    text: list[str] = []
    entries: list[ListEntry] = []

    def flush() -> None:
        if current is not None:
            line_no, level, title = current
            headings.append(ListHeading(line_no, level, title, tuple(text), tuple(entries)))

    for line_no, line in enumerate(markdown.splitlines(), start=1):
        heading = _HEADING.match(line)
        if heading:
            flush()
            current = (line_no, len(heading.group(1)), heading.group(2))
            text, entries = [], []
            continue
        entry = _parse_entry(line_no, line)
        if entry is not None:
            entries.append(entry)
        elif line.strip() and not entries:
            text.append(line.strip())
    flush()
    return headings
