"""A table of papers in a Markdown list: one row a paper, columns found by their headers (pure).

Headers such as ``Title``/``Paper``/``Name`` give the title, ``Authors`` the
authors, ``Venue``/``Conference``/``Journal`` the venue, ``Year``/``Date`` the
year; every link in any other column is kept, labelled by its text when that is
a label (``[code]``) and else by the column's header. Without a title-like
header the first column is the title.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from aligntui.paperlist.byline import parse_authors, short_date_year, split_venue
from aligntui.paperlist.entry import Details, add_links, inline_pieces, is_label, read_entry

if TYPE_CHECKING:
    from markdown_it.tree import SyntaxTreeNode

__all__ = ["column_roles", "read_table"]

_ROLES = {
    "title": ("title", "paper", "papers", "name", "paper title", "work", "article"),
    "authors": ("author", "authors", "author(s)", "by"),
    "venue": ("venue", "conference", "journal", "publication", "published", "published in", "conf", "source"),
    "year": ("year", "date", "time", "published on"),
}


def column_roles(headers: list[str]) -> list[str]:
    """The role of each column (``title``, ``authors``, ``venue``, ``year`` or ``other``) from its header."""
    roles = []
    for header in headers:
        role = _role_of(header)
        roles.append(role if role not in roles else "other")
    if "title" not in roles and roles:
        roles[0] = "title"
    return roles


def _cells(row: SyntaxTreeNode) -> list[SyntaxTreeNode]:
    """The inline node of each cell of a table row."""
    found = []
    for cell in row.children:
        found.append(cell.children[0] if cell.children else cell)
    return found


def _text(inline: SyntaxTreeNode) -> str:
    return " ".join("".join(p.text for p in inline_pieces(inline)).split())


def read_table(table: SyntaxTreeNode) -> Iterator[tuple[int, Details, str | None]]:
    """Each body row as (line from 1, its facts, why it is skipped or None)."""
    head = next((c for c in table.children if c.type == "thead"), None)
    body = next((c for c in table.children if c.type == "tbody"), None)
    if head is None or body is None or not head.children:
        return
    headers = [_text(cell) for cell in _cells(head.children[0])]
    roles = column_roles(headers)
    rows = list(_rows(body, roles, headers))
    guessed = not any(_role_of(header) == "title" for header in headers)
    people = any(_key(h) in _PEOPLE_HEADERS for h in headers) and all(_role_of(h) != "venue" for h in headers)
    if people or (guessed and 2 * sum(1 for *_, linked in rows if linked) < len(rows)):
        # No Title column and its first cells mostly without links: contributors, a changelog, a comparison.
        reason = "a table without a Title column whose first cells are not linked papers"
        yield from ((line, details, reason) for line, details, *_ in rows)
    else:
        yield from ((line, details, why) for line, details, why, _ in rows)


_PEOPLE_HEADERS = frozenset(
    {"github", "contributor", "contributors", "affiliation", "email", "e-mail", "role", "contribution"}
)
"""Headers of a table of people (contributors, maintainers), not of papers."""


def _key(header: str) -> str:
    return " ".join(header.lower().split()).strip(" :*")


def _role_of(header: str) -> str:
    key = _key(header)
    return next((name for name, words in _ROLES.items() if key in words), "other")


def _rows(
    body: SyntaxTreeNode, roles: list[str], headers: list[str]
) -> Iterator[tuple[int, Details, str | None, bool]]:
    """Each body row read by the roles of its columns; the flag says whether its title cell has a link."""
    for row in body.children:
        line = (row.map[0] + 1) if row.map else 0
        details = Details()
        other_links: list[tuple[str, str]] = []
        for role, header, cell in zip(roles, headers, _cells(row), strict=False):
            text = _text(cell)
            if role == "title":
                own = read_entry(cell)  # the title cell may hold authors after <br>, a venue, a description
                own.links += details.links
                own.year, own.venue = own.year or details.year, details.venue or own.venue
                own.authors_text, own.authors = details.authors_text or own.authors_text, details.authors or own.authors
                details = own
            elif role == "authors" and text:
                details.authors_text = text
                details.authors, details.authors_complete = parse_authors(text)
            elif role in ("venue", "year") and text:
                venue, year, _ = split_venue(text)
                details.year = year or short_date_year(text) or details.year
                if role == "venue":
                    details.venue = venue or text
            for piece in inline_pieces(cell) if role != "title" else ():
                for link_text, href in piece.links:
                    label = link_text if is_label(link_text) or not header else header
                    other_links.append((label, href))
            if role == "other" and text and not any(p.links for p in inline_pieces(cell)):
                details.notes.append(f"{header}: {text}" if header else text)
        linked = bool(details.links)  # the title cell's own links: other columns' are added below
        add_links(details, other_links)
        yield line, details, None if details.title else "a table row without a title", linked
