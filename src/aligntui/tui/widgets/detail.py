"""The paper detail pane: everything known about the highlighted work or section."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import ClassVar

from rich.cells import cell_len
from rich.color import Color as RichColor
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.color import Color, ColorParseError
from textual.containers import VerticalScroll
from textual.geometry import Region, Size
from textual.message import Message
from textual.selection import Selection
from textual.strip import Strip
from textual.widget import Widget

from aligntui.browse.model import SectionPage
from aligntui.catalog.model import Section, Work, venue_year
from aligntui.catalog.names import byline, display_name, surname_of
from aligntui.personal.terms import Personal
from aligntui.tui.marks_signal import MarksChanged, on_marks_changed
from aligntui.tui.render.labels import SafeText
from aligntui.tui.widgets.marks_block import marks_block

__all__ = ["PaperDetail", "break_url", "collapsed_authors"]


def _click(action: str) -> Style:
    """A style that runs ``action`` on this widget when clicked (no markup involved)."""
    return Style.from_meta({"@click": action})


URL_BREAK = re.compile(r"(?<=[/-])|(?=[?&])")
"""Where a URL may wrap: after ``/`` or ``-``, before ``?`` or ``&``."""

AUTHORS_FOLD = {True: (8, 3), False: (20, 10)}
"""Stacked (True) or side by side: (a list longer than this is folded, names shown before "… +N more")."""


UNBROKEN = 1_000_000
"""A width no line reaches: the pane's text as one logical line per item."""


def break_url(url: str, width: int) -> list[str]:
    """``url`` in lines of at most ``width`` cells, broken only after ``/``, ``-`` or before ``?``, ``&``.

    A piece with no such place that is still too wide is cut by cells (the only other choice is to overflow).
    """
    if width <= 0 or cell_len(url) <= width:
        return [url]
    lines: list[str] = []
    line = ""
    for piece in URL_BREAK.split(url):
        while cell_len(piece) > width:
            if line:
                lines.append(line)
                line = ""
            cells = 0
            cut = 0
            for cut, char in enumerate(piece):  # noqa: B007 - the loop leaves ``cut`` where the width runs out
                cells += cell_len(char)
                if cells > width:
                    break
            lines.append(piece[: max(cut, 1)])
            piece = piece[max(cut, 1) :]
        if cell_len(line + piece) > width:
            lines.append(line)
            line = ""
        line += piece
    if line:
        lines.append(line)
    return lines


def collapsed_authors(names: Sequence[str], shown: int, short: bool) -> tuple[str, int]:
    """``("Bai, Kadavath, Kundu", 48)``: the first ``shown`` names (surnames if ``short``) and how many more."""
    name_of = surname_of if short else display_name
    return ", ".join(name_of(name) for name in names[:shown]), max(len(names) - shown, 0)


class PaperDetail(VerticalScroll, can_focus=True):
    """Shows a work (title, authors, venue, links, sections) or a section in brief."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "scroll_up", "Scroll up", show=False, id="detail.up"),
        Binding("down,j", "scroll_down", "Scroll down", show=False, id="detail.down"),
        Binding("pageup", "page_up", "Page up", show=False, id="detail.page-up"),
        Binding("pagedown", "page_down", "Page down", show=False, id="detail.page-down"),
    ]
    """Detail keys: scrolling when the pane has the focus."""

    WHOLE_PAGES_KEPT = 8
    """Section pages (no filter on) kept laid out: a few hundred lines each."""

    FIRST_ENTRIES = 40
    """A section page of more works lists at most these in the frame that first shows it, and no more than fill
    the screen's rows; the rest follow in the next frame. Wrapping all 200 (``Browser.PAGE_LIMIT``) took 25-30 ms
    of the first paint at 10,000 works, the first 40 5-6 ms; in a pane 36 cells wide 8-10 fill 40 rows."""

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

    def __init__(self, personal: Personal | None = None, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._personal = personal
        self._body = DetailText(id="detail-body")
        self._jumps: list[tuple[str, str | None]] = []
        self._shown: tuple[Work, Sequence[Section], str | None, Text | None] | None = None
        self._all_authors = False
        self._width = 0
        self._page: SectionPage | None = None
        self._whole_pages: dict[tuple[str, int], tuple[list[Text], list[tuple[str, str | None]]]] = {}
        """The last ``WHOLE_PAGES_KEPT`` pages of sections with no filter on, laid out, by (section id, width): they
        never change in a run, and clearing the filter shows one again (up to ``Browser.PAGE_LIMIT`` works, the
        costliest page to lay out)."""

    def compose(self):  # type: ignore[no-untyped-def]
        yield self._body

    def on_mount(self) -> None:
        on_marks_changed(self, self._marks_changed)

    def _marks_changed(self, change: MarksChanged) -> None:
        """Redraw the "Yours" block when the shown work's marks changed (the App announced it)."""
        if self._shown is not None and change.concerns(self._shown[0].id):
            self._draw_work()

    @property
    def text(self) -> str:
        """The pane's content as plain text, URLs unbroken (for tests and screen readers)."""
        if self._shown is not None:
            return self._work_text(UNBROKEN).plain
        if self._page is not None:
            return "\n".join(line.plain for line in self._section_lines(self._page, UNBROKEN))
        return self._body.plain

    @property
    def stacked(self) -> bool:
        """True when the pane sits under the tree (few rows): identifiers and links come before the authors."""
        return self.has_class("-stacked")

    @property
    def _text_width(self) -> int:
        """Cells a line of text has: the content less the scroll bar's column, kept whether it shows or not."""
        return max(self.content_region.width - 1, 0)

    def _heading(self, text: Text, title: str) -> None:
        if not self.stacked:  # stacked, every row counts
            text.append("\n")
        text.append(title, style=Style(bold=True, color=self._accent()))
        text.append("\n")

    def _accent(self) -> RichColor | None:
        # Through Textual's parser: its ANSI themes name colours "ansi_green", which Rich's Color.parse refuses.
        accent = self.app.theme_variables.get("text-accent") if self.is_attached else None
        try:
            return Color.parse(accent).rich_color if accent else None
        except ColorParseError:
            return None

    def show_work(self, work: Work, places: Sequence[Section], section_id: str | None, why: Text | None = None) -> None:
        """Show a work and the ``places`` (sections) it is in, as seen from ``section_id``; ``why`` it matched.

        One's own marks on it (the "Yours" block) follow, when marks are on.
        """
        if self._shown is None or self._shown[0].id != work.id:
            self._all_authors = False
        self._shown = (work, places, section_id, why)
        self._page = None
        self._draw_work()
        self.scroll_home(animate=False)

    def toggle_authors(self) -> None:
        """Show the whole author list of the shown work, or collapse it again."""
        self._all_authors = not self._all_authors
        if self._shown is not None:
            self._draw_work()

    def on_resize(self) -> None:
        width = self._text_width
        if width == self._width:
            return
        self._width = width
        if self._shown is not None:
            self._draw_work()
        elif self._page is not None:
            self._body.show(self._section_lines(self._page, width), self._jumps, None)

    def _draw_work(self) -> None:
        assert self._shown is not None
        text = self._work_text(self._text_width or 40)
        self._body.show(text, self._jumps, self._shown[0].id)

    def _work_text(self, width: int) -> Text:
        """The shown work laid out for ``width`` cells (long URLs broken to fit)."""
        assert self._shown is not None
        work, places, section_id, why = self._shown
        marks = marks_block(self._personal, work.id)
        if why is not None:
            marks = why + marks if marks is not None else why
        self._jumps = []
        text = SafeText()
        text.append(work.title, style="bold")
        text.append("\n")
        if self.stacked:
            self._append_published(text, work)
            self._append_ids(text, work)
            if marks is not None:
                text.append_text(marks)  # why it matched, then one's star, status, note and .bib key
            self._append_links(text, work, width)
            text.append("\n")
            self._append_authors(text, work)
            self._append_list_title(text, work)
        else:
            self._append_list_title(text, work)
            text.append("\n")
            self._append_authors(text, work)
            self._append_published(text, work)
            text.append("\n")
            self._append_ids(text, work)
            if marks is not None:
                text.append_text(marks)
            self._append_links(text, work, width)
        self._append_facts(text, work)
        self._heading(text, "In")
        for section in places:
            self._append_place(text, section, work.id, section.id == section_id, width)
        self._append_abstract(text, work)
        if work.source:
            text.append("\nfacts from ", style="dim")
            first = width - cell_len("facts from ")
            fits = cell_len(work.source) <= first or width >= UNBROKEN
            text.append(work.source if fits else "\n" + "\n".join(break_url(work.source, width)), style="dim")
            text.append("\n")
        return text

    def _append_abstract(self, text: Text, work: Work) -> None:
        """The abstract (catalog text, appended as plain Text), and a mark on a record without authors or year."""
        missing = [name for name, value in (("authors", work.authors), ("year", work.year)) if not value]
        if missing and work.type in ("paper", "book"):  # a web page or data set may have neither
            text.append(f"\nrecord incomplete: no {' or '.join(missing)} (aligntui enrich can fill it)\n", style="dim")
        if work.abstract:
            self._heading(text, "Abstract")
            text.append(work.abstract)
            text.append("\n")

    def _append_list_title(self, text: Text, work: Work) -> None:
        if work.list_title and work.list_title.casefold() != work.title.casefold():
            text.append("listed as: ", style="dim")
            text.append(work.list_title, style="dim italic")
            text.append("\n")
        if work.aliases:
            text.append("known as: ", style="dim")
            text.append(", ".join(work.aliases), style="italic")
            text.append("\n")

    def _append_facts(self, text: Text, work: Work) -> None:
        """The work's summary, organisations and other titles, each under its heading when it has any."""
        if work.summary:
            self._heading(text, "Summary")
            text.append(work.summary)
            text.append("\n")
        if work.orgs:
            self._heading(text, "Organisations")
            text.append("; ".join(work.orgs))
            text.append("\n")
        if work.other_titles:
            self._heading(text, "Also published as")
            for title in work.other_titles:
                text.append(title, style="italic")
                text.append("\n")

    def _append_authors(self, text: Text, work: Work) -> None:
        if not work.authors:
            text.append("(no authors recorded)\n", style="dim")
            return
        longest, shown = AUTHORS_FOLD[self.stacked]
        if len(work.authors) > longest and not self._all_authors:
            names, more = collapsed_authors(work.authors, shown, short=self.stacked)
            text.append(names)
            text.append(f" … +{more} more", style=Style(underline=True) + _click("authors"))
            text.append("\n")
            return
        text.append(", ".join(display_name(a) for a in work.authors))
        if not work.authors_complete:
            text.append(", et al. (list incomplete)")
        if len(work.authors) > longest:
            text.append("  (fewer)", style=Style(dim=True, underline=True) + _click("authors"))
        text.append("\n")

    def _append_published(self, text: Text, work: Work) -> None:
        published = work.venue or ""
        if work.year and venue_year(published) != work.year:
            has_year = work.published_year != work.year
            joined = f"{published} · first version {work.year}" if has_year else f"{published} {work.year}"
            published = joined.strip()
        if published:
            text.append(published, style="italic")
            text.append("\n")

    def _append_ids(self, text: Text, work: Work) -> None:
        for label, value in (("id", work.id), ("type", work.type), ("arXiv", work.arxiv), ("DOI", work.doi)):
            if value:
                text.append(f"{label:<7}", style="dim")
                text.append(value)
                text.append("\n")

    def _append_links(self, text: Text, work: Work, width: int) -> None:
        """The links as two aligned columns, label and URL; a long URL wraps in its column."""
        if not work.links:
            return
        self._heading(text, "Links")
        column = max(cell_len(link.label) for link in work.links) + 2
        beside = width - column >= 20
        for index, link in enumerate(work.links):
            click = _click(f"link({index})")
            text.append(link.label, style=Style(bold=True) + click)
            indent = " " * (column if beside else 2)
            lines = break_url(link.clean_url, width - len(indent))
            text.append(" " * (column - cell_len(link.label)) if beside else "\n" + indent)
            for number, line in enumerate(lines):
                if number:
                    text.append("\n" + indent)
                text.append(line, style=Style(underline=True) + click)
            text.append("\n")

    def _hang(self, marker: str, entry: Text, width: int) -> list[Text]:
        """``entry`` after ``marker`` in lines of ``width`` cells, the wrapped lines indented under its first letter."""
        indent = cell_len(marker)
        room = max(width - indent, 10)
        lines = [entry] if entry.cell_len <= room else entry.wrap(self.app.console, room)
        hung: list[Text] = []
        for number, line in enumerate(lines):
            row = Text(marker if number == 0 else " " * indent, style="dim", end="")
            row.append_text(line)
            hung.append(row)
        return hung

    def _append_place(self, text: Text, section: Section, work_id: str | None, current: bool, width: int) -> None:
        index = len(self._jumps)
        self._jumps.append((section.id, work_id))
        entry = SafeText()
        entry.append(" › ".join(section.path), style=Style(bold=current) + _click(f"jump({index})"))
        if not current:
            entry.append("  (also in)", style="dim")
        for line in self._hang("▸ " if current else "  ", entry, width):
            text.append_text(line)
            text.append("\n")

    def show_section(self, page: SectionPage) -> None:
        """Show a section's path, description and its first works in brief."""
        self._shown = None
        self._page = page
        width = self._text_width or 40
        kept = self._whole_pages.get((page.section.id, width)) if page.matching is None else None
        if kept is not None:
            self._show_page(page, width, kept)
        elif len(page.works) > self.FIRST_ENTRIES:
            # the first works now, as many as fill the screen; the rest a frame later
            first = self._section_lines(page, width, self.FIRST_ENTRIES, self.app.size.height)
            self._body.show(first, self._jumps, None)
            self.call_after_refresh(self._finish_page, page, width)
        else:  # all at once: a page laid out in two frames keeps the screen changing a frame longer
            self._finish_page(page, width)
        self.scroll_home(animate=False)

    def _finish_page(self, page: SectionPage, width: int) -> None:
        """Show the whole of ``page`` (laid out once per section and width with no filter on), if still shown."""
        if self._page is not page or (self._text_width or 40) != width:
            return  # another page, or a new width (``on_resize`` lays it out)
        self._show_page(page, width, (self._section_lines(page, width), self._jumps))

    def _show_page(self, page: SectionPage, width: int, kept: tuple[list[Text], list[tuple[str, str | None]]]) -> None:
        """Show a whole page laid out (its lines and jumps); with no filter on, it is kept, the most recent last."""
        if page.matching is None:
            key = (page.section.id, width)
            self._whole_pages.pop(key, None)
            self._whole_pages[key] = kept
            while len(self._whole_pages) > self.WHOLE_PAGES_KEPT:
                del self._whole_pages[next(iter(self._whole_pages))]
        lines, self._jumps = kept
        self._body.show(lines, self._jumps, None)

    def _section_lines(
        self, page: SectionPage, width: int, first: int | None = None, rows: int | None = None
    ) -> list[Text]:
        """The section page in lines of ``width`` cells: its path, description and works, one a bullet; when given,
        only the ``first`` works and none begun once ``rows`` lines are laid out (the screen's height: the pane is
        never taller), the rest being shown a frame later (``_jumps`` then holds fewer places than the page)."""
        self._jumps = []
        section = page.section
        head = SafeText()
        head.append(" › ".join(section.path), style="bold")
        head.append("\n")
        if section.description:
            head.append(section.description, style="italic")
            head.append("\n")
        count = f"{page.matching} of {page.total} works match" if page.matching is not None else f"{page.total} works"
        head.append(f"\n{count}", style="dim")
        lines = list(head.split("\n", allow_blank=True))
        for place, work in page.works[:first]:
            if rows is not None and len(lines) >= rows:
                break
            self._jumps.append((place, work.id))
            entry = SafeText()
            entry.append(work.title, style=_click(f"jump({len(self._jumps) - 1})"))
            by = byline(work)
            if by:
                entry.append(f" — {by}", style="dim")
            lines += self._hang("• ", entry, width)
        if page.more and len(self._jumps) == len(page.works):
            lines.append(Text(f"… and {page.more} more", style="dim"))
        lines.append(Text())  # as the text once ended: a blank line under the last
        return lines

    def show_message(self, message: str) -> None:
        """Show a plain message (an empty result, say)."""
        self._jumps = []
        self._shown = None
        self._page = None
        self._body.show(SafeText().append(message), [], None)


class DetailText(Widget):
    """The detail pane's text, drawn a line at a time; its clickable parts (places, links) post the pane's messages.

    The text is wrapped once a width (``wrapped``) and only the lines on
    screen are turned into strips (Textual's line API, each kept until the
    text changes): a section page lists up to ``Browser.PAGE_LIMIT`` works,
    hundreds of lines, and is shown at every keystroke of the filter, so
    rendering all of it each time (a ``Static`` does) would cost more than the
    rest of the keystroke (issue 23).

    A click's action runs on the widget under the mouse, so the actions live
    here, beside the list of places the text's ``jump(n)`` refers to.
    """

    DEFAULT_CSS = """
    DetailText {
        height: auto;
    }
    """

    ALLOW_SELECT = True

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._text: Text | list[Text] = Text("")
        self._jumps: list[tuple[str, str | None]] = []
        self._work_id: str | None = None
        self._lines: list[Text] = []
        self._soft: list[bool] = []
        """For each wrapped line, whether it goes on with the line above (the text has no newline there)."""
        self._lines_width = -1
        self._strips: dict[int, Strip] = {}
        self._strips_style = Style()
        """The widget's style the kept strips were made with."""
        self._pass: tuple[Style, Selection | None] | None = None
        """The widget's style and the mouse's selection, worked out once for all the lines of one paint."""

    @property
    def plain(self) -> str:
        """The text shown, unwrapped, without styles."""
        text = self._text
        return text.plain if isinstance(text, Text) else "\n".join(line.plain for line in text)

    def show(self, text: Text | list[Text], jumps: Sequence[tuple[str, str | None]], work_id: str | None) -> None:
        """Show ``text`` (or its lines); its ``jump(n)`` is ``jumps[n]``, its ``link(n)`` link n of ``work_id``.

        Lines given as a list hold no newline; one wider than the pane wraps.
        """
        self._jumps = list(jumps)
        self._work_id = work_id
        self._text = text
        self._lines_width = -1
        self._strips.clear()
        self.refresh(layout=True)

    def wrapped(self, width: int) -> list[Text]:
        """The text's lines at ``width`` cells: words wrapped, a word longer than the width folded."""
        width = max(width, 1)
        if width != self._lines_width:
            lines: list[Text] = []
            soft: list[bool] = []
            text = self._text
            given = text.split("\n", allow_blank=True) if isinstance(text, Text) else text
            for line in given:  # as Text.wrap, without wrapping what fits
                parts = [line] if line.cell_len <= width else list(line.wrap(self.app.console, width, overflow="fold"))
                lines += parts
                soft += [False] + [True] * (len(parts) - 1)
            self._lines, self._soft = lines, soft
            self._lines_width = width
            self._strips.clear()
        return self._lines

    def get_content_width(self, container: Size, viewport: Size) -> int:
        """As wide as the pane (the text wraps to it)."""
        return container.width

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """One row a wrapped line."""
        return len(self.wrapped(width))

    def render_lines(self, crop: Region) -> list[Strip]:
        """The lines of ``crop``, the style and the selection worked out once for all of them (``rich_style`` walks
        every ancestor: 0.02-0.04 ms a call, a third of a line's cost)."""
        self._pass = (self.rich_style, self.text_selection)
        try:
            return super().render_lines(crop)
        finally:
            self._pass = None

    def render_line(self, y: int) -> Strip:
        """Line ``y`` of the wrapped text (made once, then kept until the text, the width or the style changes)."""
        width = self.size.width
        style, selection = self._pass or (self.rich_style, self.text_selection)
        if style != self._strips_style:  # a new theme or a new style: the kept strips have the old one in them
            self._strips.clear()
            self._strips_style = style
        strip = self._strips.get(y) if selection is None else None
        if strip is None:
            lines = self.wrapped(width)
            if y >= len(lines):
                return Strip.blank(width, style)
            line = lines[y]
            span = selection.get_span(y) if selection is not None else None
            if span is not None:
                start, end = span
                line = line.copy()
                line.stylize(
                    self.screen.get_component_rich_style("screen--selection"), start, len(line) if end == -1 else end
                )
            segments = Segment.apply_style(line.render(self.app.console), style)
            strip = Strip(segments).crop_extend(0, width, style)
            strip = strip.apply_offsets(0, y)  # where each cell is in the text: for the mouse's selection
            if selection is None:
                self._strips[y] = strip
        return strip

    def get_selection(self, selection: Selection) -> tuple[str, str] | None:
        """The text under the mouse's selection, with no newline where a line was only wrapped."""
        pieces: list[str] = []
        for y, line in enumerate(self.wrapped(self.size.width)):
            span = selection.get_span(y)
            if span is None:
                continue
            start, end = span
            if pieces:
                pieces.append("" if self._soft[y] else "\n")
            pieces.append(line.plain[start:] if end == -1 else line.plain[start:end])
        return "".join(pieces), "\n"

    def selection_updated(self, selection: Selection | None) -> None:
        """Draw the selection (lines with a selection are made afresh)."""
        self.refresh()

    def on_resize(self) -> None:
        self._strips.clear()

    def action_jump(self, index: int) -> None:
        """Ask to move the tree to place ``index`` of the shown list."""
        if 0 <= index < len(self._jumps):
            section_id, work_id = self._jumps[index]
            self.post_message(PaperDetail.JumpRequested(section_id, work_id))

    def action_authors(self) -> None:
        """Show every author of the shown work, or collapse the list again."""
        pane = self.parent
        if isinstance(pane, PaperDetail):
            pane.toggle_authors()

    def action_link(self, index: int) -> None:
        """Report that link ``index`` of the shown work was clicked."""
        if self._work_id is not None:
            self.post_message(PaperDetail.LinkClicked(self._work_id, index))
