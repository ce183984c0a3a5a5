"""The paper detail pane: everything known about the highlighted work or section."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Static

from aligntui.browse import SectionPage
from aligntui.catalog import Section, Work, venue_year
from aligntui.labels import SafeText
from aligntui.names import byline, display_name

__all__ = ["PaperDetail"]


def _click(action: str) -> Style:
    """A style that runs ``action`` on this widget when clicked (no markup involved)."""
    return Style.from_meta({"@click": action})


class PaperDetail(VerticalScroll, can_focus=True):
    """Shows a work (title, authors, venue, links, sections) or a section in brief."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "scroll_up", "Scroll up", show=False, id="detail.up"),
        Binding("down,j", "scroll_down", "Scroll down", show=False, id="detail.down"),
        Binding("pageup", "page_up", "Page up", show=False, id="detail.page-up"),
        Binding("pagedown", "page_down", "Page down", show=False, id="detail.page-down"),
    ]
    """Detail keys: scrolling when the pane has the focus."""

    class JumpRequested(Message):
        """A person asked to go to a work in another section ("Also in")."""

        def __init__(self, section_id: str, work_id: str | None) -> None:
            self.section_id = section_id
            self.work_id = work_id
            super().__init__()

    class LinkClicked(Message):
        """A link of the shown work was clicked."""

        def __init__(self, work_id: str, index: int) -> None:
            self.work_id = work_id
            self.index = index
            super().__init__()

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._body = DetailText(id="detail-body")
        self._jumps: list[tuple[str, str | None]] = []

    def compose(self):  # type: ignore[no-untyped-def]
        yield self._body

    @property
    def text(self) -> str:
        """The pane's content as plain text (for tests and screen readers)."""
        content = self._body.render()
        return content.plain if isinstance(content, Text) else str(content)

    def show_work(
        self, work: Work, places: Sequence[Section], section_id: str | None, marks: Text | None = None
    ) -> None:
        """Show a work and the ``places`` (sections) it is in, as seen from ``section_id``; ``marks``: one's own."""
        self._jumps = []
        text = SafeText()
        text.append(work.title, style="bold")
        text.append("\n")
        if work.list_title and work.list_title.casefold() != work.title.casefold():
            text.append("listed as: ", style="dim")
            text.append(work.list_title, style="dim italic")
            text.append("\n")
        text.append("\n")
        authors = ", ".join(display_name(a) for a in work.authors) or "(no authors recorded)"
        if not work.authors_complete:
            authors += ", et al. (list incomplete)"
        text.append(authors)
        text.append("\n")
        published = work.venue or ""
        if work.year and venue_year(published) != work.year:
            has_year = work.published_year != work.year
            joined = f"{published} · first version {work.year}" if has_year else f"{published} {work.year}"
            published = joined.strip()
        if published:
            text.append(published, style="italic")
            text.append("\n")
        text.append("\n")
        for label, value in (("id", work.id), ("type", work.type), ("arXiv", work.arxiv), ("DOI", work.doi)):
            if value:
                text.append(f"{label:<7}", style="dim")
                text.append(value)
                text.append("\n")
        if marks is not None:
            text.append_text(marks)  # one's star, status, note and .bib key (aligntui.widgets.marks_block)
        if work.links:
            text.append("\nLinks", style="bold underline")
            text.append("\n")
            for index, link in enumerate(work.links):
                text.append(f"{link.label:<12}", style=Style(bold=True) + _click(f"link({index})"))
                text.append(link.clean_url, style=Style(underline=True) + _click(f"link({index})"))
                text.append("\n")
        text.append("\nIn ", style="bold underline")
        text.append("\n")
        for section in places:
            current = section.id == section_id
            self._append_place(text, section, work.id, current)
        if work.source:
            text.append("\nfacts from ", style="dim")
            text.append(work.source, style="dim")
            text.append("\n")
        self._body.show(text, self._jumps, work.id)
        self.scroll_home(animate=False)

    def _append_place(self, text: Text, section: Section, work_id: str | None, current: bool) -> None:
        index = len(self._jumps)
        self._jumps.append((section.id, work_id))
        marker = "▸ " if current else "  "
        style = Style(bold=current) + _click(f"jump({index})")
        text.append(marker + " › ".join(section.path), style=style)
        if not current:
            text.append("  (also in)", style="dim")
        text.append("\n")

    def show_section(self, page: SectionPage) -> None:
        """Show a section's path, description and its first works in brief."""
        self._jumps = []
        section = page.section
        text = SafeText()
        text.append(" › ".join(section.path), style="bold")
        text.append("\n")
        if section.description:
            text.append(section.description, style="italic")
            text.append("\n")
        count = f"{page.matching} of {page.total} works match" if page.matching is not None else f"{page.total} works"
        text.append(f"\n{count}\n", style="dim")
        for place, work in page.works:
            self._jumps.append((place, work.id))
            text.append("• ", style="dim")
            text.append(work.title, style=_click(f"jump({len(self._jumps) - 1})"))
            by = byline(work)
            if by:
                text.append(f" — {by}", style="dim")
            text.append("\n")
        if page.more:
            text.append(f"… and {page.more} more\n", style="dim")
        self._body.show(text, self._jumps, None)
        self.scroll_home(animate=False)

    def show_message(self, message: str) -> None:
        """Show a plain message (an empty result, say)."""
        self._jumps = []
        self._body.show(SafeText().append(message), [], None)


class DetailText(Static):
    """The detail pane's text; its clickable parts (places, links) post the pane's messages.

    A click's action runs on the widget under the mouse, so the actions live
    here, beside the list of places the text's ``jump(n)`` refers to.
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(Text(""), id=id)
        self._jumps: list[tuple[str, str | None]] = []
        self._work_id: str | None = None

    def show(self, text: Text, jumps: Sequence[tuple[str, str | None]], work_id: str | None) -> None:
        """Show ``text``, whose ``jump(n)`` refers to ``jumps[n]`` and ``link(n)`` to link n of ``work_id``."""
        self._jumps = list(jumps)
        self._work_id = work_id
        self.update(text)

    def action_jump(self, index: int) -> None:
        """Ask to move the tree to place ``index`` of the shown list."""
        if 0 <= index < len(self._jumps):
            section_id, work_id = self._jumps[index]
            self.post_message(PaperDetail.JumpRequested(section_id, work_id))

    def action_link(self, index: int) -> None:
        """Report that link ``index`` of the shown work was clicked."""
        if self._work_id is not None:
            self.post_message(PaperDetail.LinkClicked(self._work_id, index))
