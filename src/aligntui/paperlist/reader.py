"""Reading a Markdown paper list's syntax tree into headings, entries and skipped items (pure, no Textual).

``ListReader`` walks markdown-it's ``SyntaxTreeNode`` once. Headings nest by
level; a bullet without a link whose sub-bullets have links labels a group
(a sub-section); a bullet with a link is an entry, and its sub-bullets are facts
about it (authors, venue, keywords, more links) unless they are entries of their
own. Tables are read by ``aligntui.paperlist.table``. A ``<details><summary>``
block and a paragraph that is only a bold phrase (``**Robustness**``) open a
group under the current heading, as a sub-heading would. A paragraph line
with a link and a title set apart (bold, quoted, or numbered ``**[12]**``) is an
entry too. A heading such as ``Contents`` holds no papers but is no parent of
the headings after it. Whatever is not read is kept in ``skipped`` with its
line and the reason.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from aligntui.paperlist.entry import Details, inline_pieces, read_detail, read_entry, relative_link
from aligntui.paperlist.table import read_table

if TYPE_CHECKING:
    from markdown_it.tree import SyntaxTreeNode

__all__ = ["NO_PAPERS", "ListEntry", "ListNode", "ListReader", "Skipped"]

NO_PAPERS = frozenset(
    {
        "table of contents", "contents", "toc", "news", "updates", "update", "changelog", "change log",
        "contributing", "contribute", "how to contribute", "contributors", "contribution", "contributions",
        "license", "licence", "star history", "stars", "stargazers", "citation", "citations", "cite", "citing",
        "how to cite", "cite this", "acknowledgement", "acknowledgements", "acknowledgment", "acknowledgments",
        "contact", "contact us", "todo", "to do", "sponsors", "maintainers",
    }
)  # fmt: skip
"""Section headings (lower-case, without emoji and punctuation) that never hold papers."""

TABLES_OF_CONTENTS = frozenset({"table of contents", "contents", "toc", "outline", "index"})
"""Headings of a table of contents: they hold no papers, and the headings after them are not theirs."""


@dataclass(frozen=True, slots=True)
class Skipped:
    """A list item (or an HTML block, or a link) that was not imported: its line from 1, the reason, its text."""

    line: int
    reason: str
    text: str = ""


@dataclass(slots=True)
class ListEntry:
    """An entry as read: its line from 1 and its facts."""

    line: int
    details: Details


@dataclass(slots=True)
class ListNode:
    """A heading (or a bullet that labels a group of entries) while the list is read."""

    title: str
    level: float
    line: int
    description: str = ""
    entries: list[ListEntry] = field(default_factory=list)
    children: list[ListNode] = field(default_factory=list)
    no_papers: bool = False
    kind: str = "heading"
    """``heading``, ``toc`` (a table of contents heading), ``details`` or ``bold`` (a group without a heading)."""

    def walk(self) -> Iterator[ListNode]:
        """This node and every node below it, in document order (a loop: no generator chain as deep as the tree)."""
        stack = [self]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.children))

    def holds_entries(self) -> bool:
        """Whether any entry is under this node."""
        return any(node.entries for node in self.walk())


def _heading_key(title: str) -> str:
    return " ".join(re.sub(r"[\W_]+", " ", title.lower()).split())


def _line(node: SyntaxTreeNode) -> int:
    return (node.map[0] + 1) if node.map else 0


def _inline_text(node: SyntaxTreeNode) -> str:
    return " ".join("".join(p.text for p in inline_pieces(node)).split())


class ListReader:
    """Walks the syntax tree once, building ``ListNode``s and collecting what it skips."""

    def __init__(self) -> None:
        self.top = ListNode("", 0, 0)
        self.stack: list[ListNode] = [self.top]
        self.skipped: list[Skipped] = []
        self.used: set[int] = set()
        self.seen_heading = False

    def read(self, root: SyntaxTreeNode) -> None:
        """Read every block of the document (or of a block quote) in order."""
        for block in root.children:
            if block.type == "heading":
                self._heading(block)
            elif block.type in ("bullet_list", "ordered_list"):
                self._list(block, self.stack[-1])
            elif block.type == "table":
                self._table(block)
            elif block.type == "paragraph":
                self._paragraph(block)
            elif block.type == "blockquote":
                self.read(block)
            elif block.type == "html_block":
                self._html(block)

    def _html(self, block: SyntaxTreeNode) -> None:
        """``<summary>`` opens a group and ``</details>`` closes it; other HTML with links or items is reported."""
        content = block.content
        for match in re.finditer(r"</details\s*>|<summary[^>]*>(.*?)</summary\s*>", content, re.I | re.S):
            if match.group(0).lower().startswith("</details"):
                while len(self.stack) > 1 and self.stack[-1].kind in ("bold", "details"):
                    popped = self.stack.pop()
                    if popped.kind == "details":
                        break
            else:
                title = " ".join(re.sub(r"<[^>]*>", " ", match.group(1)).split())
                self._group(title or f"Untitled (line {_line(block)})", "details", _line(block))
        rest = re.sub(r"</?details[^>]*>|<summary[^>]*>.*?</summary\s*>", "", content, flags=re.I | re.S)
        if re.search(r"<(li|a|tr|td)\b", rest, re.I):
            self.skipped.append(Skipped(_line(block), "an HTML block", content.strip()[:60]))

    def _group(self, title: str, kind: str, line: int) -> None:
        """Open a group that is not a heading (a ``<details>`` summary, a bold paragraph) under the current heading."""
        while len(self.stack) > 1 and self.stack[-1].kind == "bold":
            self.stack.pop()
        parent = self.stack[-1]
        node = ListNode(title, parent.level + 0.5, line, kind=kind, no_papers=parent.no_papers)
        parent.children.append(node)
        self.stack.append(node)

    def _heading(self, block: SyntaxTreeNode) -> None:
        level = int(block.tag[1:])
        title = (_inline_text(block.children[0]) if block.children else "") or f"Untitled (line {_line(block)})"
        while len(self.stack) > 1 and (self.stack[-1].level >= level or self.stack[-1].kind != "heading"):
            self.stack.pop()
        node = ListNode(title, level, _line(block))
        node.no_papers = self.stack[-1].no_papers or _heading_key(title) in NO_PAPERS
        node.kind = "toc" if _heading_key(title) in TABLES_OF_CONTENTS else "heading"
        self.stack[-1].children.append(node)
        self.stack.append(node)
        self.seen_heading = True

    def _paragraph(self, block: SyntaxTreeNode) -> None:
        """A bold phrase alone opens a group; lines that read as entries are entries; else a description."""
        inline = block.children[0]
        node = self.stack[-1]
        text = _inline_text(inline)
        parts = [c for c in inline.children if not (c.type == "text" and not c.content.strip(" :"))]
        alone = len(parts) == 1 and parts[0].type == "strong" and not _has_links(parts[0])
        if self.seen_heading and alone and 0 < len(text) <= 80 and not text.startswith("["):
            self._group(text.strip(" :*"), "bold", _line(block))
            return
        if self.seen_heading and not node.no_papers and _has_links(inline):
            taken = False
            for number, line in enumerate(_lines(inline)):
                details = read_entry(line)
                links = [n for n in line if _has_links(n)]
                if details.title and details.set_apart and links:
                    self._take(ListEntry(_line(block) + number, details), node)
                    taken = True
                elif any(_has_links(n) for n in line) and (taken or node.description or node.entries):
                    self.skipped.append(Skipped(_line(block) + number, "a paragraph line that reads as no entry",
                                                _inline_text_of(line)[:60]))  # fmt: skip
            if taken:
                return
        if node is self.top or node.entries or node.children or node.description:
            return
        if text and len(text) <= 300:
            node.description = text

    def _take(self, entry: ListEntry, node: ListNode) -> None:
        """Add an entry to a node and report its links that are not web addresses."""
        node.entries.append(entry)
        self.used.add(entry.line)
        for bad in entry.details.bad_links:
            self.skipped.append(Skipped(entry.line, f"link {bad} is not a web address", entry.details.title[:60]))

    def _why_not(self, node: ListNode) -> str | None:
        if not self.seen_heading:
            return "not under a heading"
        if node.no_papers:
            return f"under {node.title!r}, a section that holds no papers"
        return None

    def _skip_list(self, block: SyntaxTreeNode, reason: str) -> None:
        for item in block.children:
            inline = _item_inline(item)
            self.skipped.append(Skipped(_line(item), reason, _inline_text(inline)[:60] if inline else ""))
            for sub in _sublists(item):
                self._skip_list(sub, reason)

    def _list(self, block: SyntaxTreeNode, node: ListNode) -> None:
        reason = self._why_not(node)
        if reason:
            self._skip_list(block, reason)
            return
        for item in block.children:
            self._item(item, node)

    def _item(self, item: SyntaxTreeNode, node: ListNode) -> None:
        inline = _item_inline(item)
        subs = _sublists(item)
        if inline is None:
            if not subs:
                self.skipped.append(Skipped(_line(item), "an item without a line of text"))
            for sub in subs:
                self._list(sub, node)
            return
        pieces = inline_pieces(inline)
        hrefs = [href for p in pieces for _, href in p.links]
        text = _inline_text(inline)
        if hrefs and all(h.startswith("#") or _page_of_the_list(h) for h in hrefs):
            reason = "a table of contents (links within the page or to the list's other pages)"
            self.skipped.append(Skipped(_line(item), reason, text[:60]))
            for sub in subs:
                self._skip_list(sub, reason)
            return
        if not text.strip():
            reason = "only images or badges" if inline.children else "an empty item"
            self.skipped.append(Skipped(_line(item), reason))
            for sub in subs:
                self._list(sub, node)
            return
        if not hrefs and subs and any(_has_links(sub) for sub in subs):
            group = ListNode(text.strip(" :*") or text, node.level + 0.5, _line(item))
            self.used.add(_line(item))
            node.children.append(group)
            for sub in subs:
                self._list(sub, group)
            return
        self._entry(item, inline, subs, node)

    def _entry(self, item: SyntaxTreeNode, inline: SyntaxTreeNode, subs: list[SyntaxTreeNode], node: ListNode) -> None:
        details = read_entry(inline)
        if not details.title:
            self.skipped.append(Skipped(_line(item), "no title", _inline_text(inline)[:60]))
            return
        if not subs and _prose(details):
            reason = "a sentence, not an entry (a bold lead word, no link, no year)"
            self.skipped.append(Skipped(_line(item), reason, _inline_text(inline)[:60]))
            return
        self._take(ListEntry(_line(item), details), node)
        for sub in subs:
            for sub_item in sub.children:
                self._detail_or_entry(sub_item, details, node)

    def _detail_or_entry(self, item: SyntaxTreeNode, details: Details, node: ListNode) -> None:
        """A sub-bullet is a fact about its parent entry, unless it is an entry of its own (a title and a link)."""
        inline = _item_inline(item)
        if inline is not None:
            own = read_entry(inline)
            text = _inline_text(inline)
            if own.title and own.links and not re.match(r"^[A-Za-z ()]{2,25}:", text) and len(own.title.split()) > 2:
                self._entry(item, inline, _sublists(item), node)
                return
            read_detail(details, inline)
        self.used.add(_line(item))
        for sub in _sublists(item):
            for sub_item in sub.children:
                self._detail_or_entry(sub_item, details, node)

    def _table(self, block: SyntaxTreeNode) -> None:
        node = self.stack[-1]
        reason = self._why_not(node)
        for line, details, why in read_table(block):
            why = reason or why
            if why:
                self.skipped.append(Skipped(line, why, details.title[:60]))
            else:
                node.entries.append(ListEntry(line, details))
                self.used.add(line)


def _item_inline(item: SyntaxTreeNode) -> SyntaxTreeNode | None:
    for child in item.children:
        if child.type == "paragraph" and child.children:
            return child.children[0]
    return None


def _sublists(item: SyntaxTreeNode) -> list[SyntaxTreeNode]:
    return [c for c in item.children if c.type in ("bullet_list", "ordered_list")]


def _prose(details: Details) -> bool:
    """A bullet of prose (``**Note:** this list is updated weekly...``): a short lead, a sentence, no link or year."""
    sentence = max((len(note.split()) for note in details.notes), default=0)
    linked = details.links or details.relative_links or details.bad_links
    return not linked and not details.year and not details.authors and len(details.title.split()) <= 3 and sentence >= 6


def _page_of_the_list(href: str) -> bool:
    """A link to another Markdown page of the list (``pruning.md``, ``./docs/rl.md#top``)."""
    return relative_link(href) and bool(re.search(r"\.(md|markdown)(#.*)?$", href.strip(), re.I))


def _lines(inline: SyntaxTreeNode) -> list[list[SyntaxTreeNode]]:
    """The children of a paragraph's inline node, split at its line breaks."""
    lines: list[list[SyntaxTreeNode]] = [[]]
    for child in inline.children:
        if child.type in ("softbreak", "hardbreak"):
            lines.append([])
        else:
            lines[-1].append(child)
    return [line for line in lines if line]


def _inline_text_of(nodes: list[SyntaxTreeNode]) -> str:
    from aligntui.paperlist.entry import pieces_of

    return " ".join("".join(p.text for p in pieces_of(nodes)).split())


def _has_links(block: SyntaxTreeNode) -> bool:
    return block.type == "link" or any(_has_links(child) for child in block.children)
