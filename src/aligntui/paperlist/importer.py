"""A Markdown paper list in, a catalog out: headings become sections, entries become works (pure, no Textual).

The list is parsed with markdown-it-py and read from its syntax tree, not with
line patterns, so any list style works: numbered or bulleted entries, nested
sub-bullets that carry authors or venues, bullets that group entries under a
label, and tables of papers (one row a paper). How one entry is read is
``aligntui.paperlist.entry``'s job. The same work listed under several headings is
one work in several sections (matched by normalised title, arXiv id or paper
URL). Every list item under a heading is either imported or reported in
``ImportResult.skipped`` with its line and the reason.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePath
from urllib.parse import quote_plus, urljoin

from aligntui.catalog.model import Catalog, Link, Section, Survey, Work, link_kind
from aligntui.catalog.names import surname_of
from aligntui.paperlist.entry import Details, arxiv_id
from aligntui.paperlist.reader import NO_PAPERS, ListEntry, ListNode, ListReader, Skipped
from aligntui.text.fold import title_key

__all__ = ["NO_PAPERS", "ImportResult", "Skipped", "import_markdown", "make_work_id", "work_keys"]

_STOP_WORDS = frozenset(
    {
        "a", "an", "the", "on", "of", "in", "for", "to", "towards", "toward", "can", "is", "are", "do", "does", "did",
     "when", "what", "how", "why", "and", "with", "from", "by", "at", "via", "as", "be", "we", "our", "your", "you",
     "it", "its", "this", "that", "these", "those", "not",
    }
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class ImportResult:
    """The catalog made from a list, and everything left out of it."""

    catalog: Catalog
    skipped: tuple[Skipped, ...]
    name: str
    used_lines: frozenset[int] = frozenset()
    """The lines of the list items that were read: entries, their sub-bullets and the labels of groups."""
    notices: tuple[Skipped, ...] = ()
    """Items imported with something to say (a link shared with another title, a relative link kept as text)."""

    @property
    def link_count(self) -> int:
        """How many links the works hold."""
        return sum(len(w.links) for w in self.catalog.works.values())

    def summary(self) -> str:
        """One line: works, sections, section entries, links, skipped items and notes."""
        catalog = self.catalog
        notes = f", {len(self.notices)} note{'s' if len(self.notices) != 1 else ''}" if self.notices else ""
        return (
            f"{self.name}: {len(catalog.works)} works in {len(catalog.sections)} sections "
            f"({catalog.membership_count} section entries), {self.link_count} links; "
            f"{len(self.skipped)} skipped{notes}"
        )


_LETTERS = str.maketrans({"ð": "d", "đ": "d", "þ": "th", "ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "ł": "l", "ı": "i"})


def _ascii_word(text: str) -> str:
    """Lower-case ASCII letters and digits only: ``Sigurðsson`` is ``sigurdsson``."""
    folded = unicodedata.normalize("NFKD", text.lower().translate(_LETTERS))
    return re.sub(r"[^a-z0-9]", "", folded.encode("ascii", "ignore").decode())


def make_work_id(title: str, authors: Iterable[str], year: int | None, taken: set[str]) -> str:
    """``sanh2021multitask``: first author's family name, year, first title word that is not a stop word; unique.

    The rule is the bundled catalog's (docs/catalog.md: "citation key"). A
    clash gets ``b``, ``c``... appended; the id is added to ``taken``.
    """
    first = next(iter(authors), "")
    surname = _ascii_word(surname_of(first)) if first else ""
    words = []
    for raw in title.split():
        head = re.split(r"[-'’]", raw)[0]
        word = _ascii_word(head if len(_ascii_word(head)) > 1 else raw)
        if word and word not in _STOP_WORDS:
            words.append(word)
    year_text = str(year) if year else ""
    first_word = words[0] if words else ""
    base = surname + year_text + first_word if surname else "".join(words[:2]) + year_text
    base = base or "work"
    candidate, suffix = base, 1
    while candidate in taken:
        suffix += 1
        candidate = base + (chr(ord("a") + suffix - 1) if suffix <= 26 else str(suffix))
    taken.add(candidate)
    return candidate


def work_keys(title: str, links: Iterable[Link], arxiv: str | None) -> set[str]:
    """The keys that identify a work across a list: its normalised title, arXiv id and paper URLs."""
    keys = {"t:" + title_key(title)} if title_key(title) else set()
    if arxiv:
        keys.add("a:" + arxiv)
    for link in links:
        if link.kind == "paper":
            keys.add("u:" + link.clean_url.rstrip("/").lower())
    return keys


# --- building the catalog ----------------------------------------------------------------------------------


def _slug(title: str) -> str:
    words = _ascii_word_list(title)
    return "-".join(words[:6]) or "section"


def _ascii_word_list(title: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower()
    return re.findall(r"[a-z0-9]+", folded)


_YEAR_TITLE = re.compile(r"^(?:year\s+)?((?:19|20)\d\d)$", re.I)


class _Builder:
    """Turns the read nodes into sections and deduplicated works."""

    def __init__(self, list_url: str | None) -> None:
        self.list_url = list_url
        self.sections: dict[str, Section] = {}
        self.works: dict[str, Work] = {}
        self.keys: dict[str, str] = {}
        self.taken: set[str] = set()
        self.skipped: list[Skipped] = []
        self.notices: list[Skipped] = []
        self.lines: dict[str, int] = {}

    def section(self, node: ListNode, parent: Section | None, year: int | None) -> str:
        """Add a node's section (after its parent, before its children: tree order) and its works; return its id."""
        base = (parent.id + "." if parent else "") + _slug(node.title)
        section_id, n = base, 1
        while section_id in self.sections:
            n += 1
            section_id = f"{base}-{n}"
        match = _YEAR_TITLE.match(node.title.strip())
        year = int(match.group(1)) if match else year
        works: list[str] = []
        for entry in node.entries:
            work_id = self.work(entry, year)
            if work_id in works:
                self.skipped.append(Skipped(entry.line, "listed twice in this section", entry.details.title[:60]))
            else:
                works.append(work_id)
        path = (parent.path if parent else ()) + (node.title,)
        kept = [c for c in node.children if c.holds_entries()]
        section = Section(
            id=section_id,
            title=node.title,
            path=path,
            parent=parent.id if parent else None,
            description=node.description,
            works=tuple(works),
            depth=len(path) - 1,
        )
        self.sections[section_id] = section
        children = [self.section(child, section, year) for child in kept]
        self.sections[section_id] = _with_children(section, children)
        return section_id

    def work(self, entry: ListEntry, year: int | None) -> str:
        """The id of an entry's work: a work seen before under any of its keys, else a new one."""
        details = entry.details
        arxiv = next((a for a in (arxiv_id(link.url) for link in details.links) if a), None)
        self._resolve(entry)
        keys = work_keys(details.title, details.links, arxiv)
        found = next((self.keys[k] for k in sorted(keys) if k in self.keys), None)
        if found is not None and not _same_title(self.works[found].title, details.title):
            # One link under two different titles is a slip in the list, not one work: keep both, say so.
            other = self.works[found]
            message = f"shares a link with line {self.lines[found]} ({other.title[:40]!r}); kept as a work of its own"
            self.notices.append(Skipped(entry.line, message, details.title[:60]))
            keys = {"t:" + title_key(details.title)}
            found = self.keys.get(next(iter(keys)))
        if found is not None:
            self.works[found] = _merged(self.works[found], details)
        else:
            found = make_work_id(details.title, details.authors, details.year or year, self.taken)
            self.works[found] = self._new_work(found, entry, arxiv, year)
            self.lines[found] = entry.line
        for key in keys:
            self.keys.setdefault(key, found)
        return found

    def _resolve(self, entry: ListEntry) -> None:
        """Links to files beside the list: web addresses against ``list_url``, else kept as text and reported."""
        details = entry.details
        for label, href in details.relative_links:
            if self.list_url:
                details.links.append(Link(label, urljoin(self.list_url, href)))
                continue
            details.notes.append(f"{label}: {href} (a file beside the list)")
            message = f"link {label} ({href}) is a file beside the list: kept in the note; --list-url resolves it"
            self.notices.append(Skipped(entry.line, message, details.title[:60]))
        details.relative_links.clear()

    def _new_work(self, work_id: str, entry: ListEntry, arxiv: str | None, year: int | None) -> Work:
        details = entry.details
        notes = list(details.notes)
        if arxiv:
            source = f"https://arxiv.org/abs/{arxiv}"
        elif details.links:
            source = (_primary(details.links) or details.links[0]).url
        elif self.list_url:
            source = f"{self.list_url}#L{entry.line}"
        else:
            source = "https://dblp.org/search?q=" + quote_plus(details.title)
            notes.append("the list gives no link; the source is a DBLP search for the title")
        return Work(
            id=work_id,
            title=details.title,
            authors=details.authors,
            authors_complete=details.authors_complete or not details.authors,
            year=details.year or year,
            venue=details.venue or None,
            links=tuple(details.links),
            arxiv=arxiv,
            source=source,
            note="; ".join(notes) or None,
            aliases=tuple(dict.fromkeys(a for a in details.aliases if title_key(a) != title_key(details.title))),
        )


def _same_title(a: str, b: str) -> bool:
    """Whether two titles are one work's: equal once normalised, or nearly (a typo, a dropped word)."""
    from rapidfuzz.fuzz import ratio

    first, second = title_key(a), title_key(b)
    return first == second or ratio(first, second) >= 85


def _primary(links: Iterable[Link]) -> Link | None:
    return next((link for link in links if link_kind(link.label) == "paper"), None)


def _merged(work: Work, details: Details) -> Work:
    """A work seen again under another heading: the union of links, and facts it lacked."""
    links = list(work.links) + [link for link in details.links if link not in work.links]
    return work._replace(
        links=tuple(links),
        authors=work.authors or details.authors,
        authors_complete=work.authors_complete if work.authors else details.authors_complete,
        year=work.year or details.year,
        venue=work.venue or details.venue or None,
    )


def _with_children(section: Section, children: list[str]) -> Section:
    return Section(
        section.id, section.title, section.path, section.parent, section.description, tuple(children),
        section.works, section.depth,
    )  # fmt: skip


MAX_DEPTH = 40
"""The deepest a list line may be indented, in levels of two spaces (a tab is four): deeper lines are reported."""


def _cut_too_deep(text: str) -> tuple[str, list[Skipped]]:
    """``text`` with every line indented more than ``MAX_DEPTH`` levels blanked, and those lines as ``Skipped``.

    Linear in the text's length; the lines keep their numbers, so every other line is reported where it stands.
    """
    lines = text.split("\n")
    skipped: list[Skipped] = []
    for number, line in enumerate(lines):
        body = line.lstrip(" \t>")
        indent = len(line[: len(line) - len(body)].expandtabs(4)) + line[: len(line) - len(body)].count(">")
        if indent // 2 > MAX_DEPTH and body:
            skipped.append(Skipped(number + 1, f"nested more than {MAX_DEPTH} levels deep", body[:80]))
            lines[number] = ""
    return ("\n".join(lines), skipped) if skipped else (text, skipped)


def import_markdown(text: str, name: str = "<list>", list_url: str | None = None) -> ImportResult:
    """Read a Markdown paper list into a catalog; ``list_url`` (where the list is published) sources linkless works.

    The catalog is built but not validated here: write it with
    ``aligntui.catalog.toml_writer`` and check it with ``aligntui.catalog.load.parse_catalog``.
    """
    from markdown_it import MarkdownIt
    from markdown_it.tree import SyntaxTreeNode

    from aligntui.text.safe import unsafe_characters

    # Control, bidi and stray zero-width characters mean nothing in a paper list and a catalog refuses them.
    def without_unsafe(value: str) -> str:
        unsafe = {offset for offset, _, _ in unsafe_characters(value)}
        return "".join(char for offset, char in enumerate(value) if offset not in unsafe) if unsafe else value

    text, too_deep = _cut_too_deep(without_unsafe(text))
    parser = MarkdownIt("commonmark").enable("table")
    # markdown-it stops reading the rest of a document silently past maxNesting (20 by default, which a list
    # nested 10 deep reaches); lines deeper than MAX_DEPTH were cut above and are reported instead.
    parser.options["maxNesting"] = 4 * MAX_DEPTH + 20
    tokens = parser.parse(text)
    reader = ListReader()
    reader.skipped.extend(too_deep)
    reader.read(SyntaxTreeNode(tokens))
    roots = [root for root in reader.top.children if root.holds_entries() and not root.no_papers]
    survey_title = next((r.title for r in reader.top.children if r.level == 1 and not r.holds_entries()), "")
    if len(roots) == 1 and roots[0].level == 1 and not roots[0].entries:
        # The one top heading that holds every entry but none of its own is the list's title.
        survey_title, roots = roots[0].title, roots[0].children
    builder = _Builder(list_url)
    for root in roots:
        if root.holds_entries():
            builder.section(root, None, None)
    survey = Survey(title=survey_title or without_unsafe(PurePath(name).name or name))
    catalog = Catalog.build(survey, builder.sections, builder.works)
    skipped = sorted(reader.skipped + builder.skipped, key=lambda s: s.line)
    notices = tuple(sorted(builder.notices, key=lambda s: s.line))
    return ImportResult(catalog, tuple(skipped), name, frozenset(reader.used), notices)
