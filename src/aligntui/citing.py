"""The App's copy and open actions: citations, links, the clipboard and the browser.

A base class of ``AlignApp`` rather than a module of helpers, because these
are the App's own actions: they do the I/O that widgets only ask for.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import App

from aligntui.catalog import Catalog, Work
from aligntui.clipboard import CopyOutcome, copy_text
from aligntui.settings import Settings
from aligntui.widgets.detail import PaperDetail
from aligntui.widgets.taxonomy import NodeRef, TaxonomyTree

if TYPE_CHECKING:
    from aligntui.query import SearchResult

__all__ = ["CitingApp"]


class CitingApp(App[None]):
    """Copying citations and links, and opening links, for the highlighted work or section."""

    catalog: Catalog
    settings: Settings
    result: SearchResult | None
    _state: dict[str, Any]

    @property
    def taxonomy(self) -> TaxonomyTree:
        """The taxonomy pane (the explorer provides it)."""
        raise NotImplementedError

    @property
    def matched_ids(self) -> frozenset[str]:
        """The ids the filter matches (the explorer provides it)."""
        raise NotImplementedError

    def _remember(self, **changes: object) -> None:
        raise NotImplementedError

    def _current(self) -> tuple[Work | None, NodeRef | None]:
        ref = self.taxonomy.cursor_ref
        if ref is None:
            return None, None
        return (self.catalog.works[ref.work] if ref.work else None), ref

    def _works_under_cursor(self) -> tuple[list[Work], str]:
        work, ref = self._current()
        if work is not None:
            return [work], work.id
        if ref is None:
            return [], ""
        works = self.catalog.works_under(ref.section)
        if self.result is not None:
            works = [w for w in works if w.id in self.matched_ids]
        title = self.catalog.sections[ref.section].title
        return works, f"{len(works)} work{'s' if len(works) != 1 else ''} in {title}"

    def copy(self, text: str, what: str) -> None:
        """Copy ``text`` the configured way and say how it went."""
        self._copy_worker(text, what)

    @work(thread=True, exclusive=False, group="copy")
    def _copy_worker(self, text: str, what: str) -> None:
        def osc52(payload: str) -> None:
            self.call_from_thread(self.copy_to_clipboard, payload)

        try:
            outcome = copy_text(text, self.settings.clipboard, osc52)
        except Exception as error:  # a copy must never take the app down
            outcome = CopyOutcome("show", f"copy failed ({error}); shown for copying by hand")
        self.call_from_thread(self._copied, text, what, outcome)

    def _copied(self, text: str, what: str, outcome: CopyOutcome) -> None:
        self._clipboard = text  # also when the copy went native: App.clipboard tells what was copied
        if outcome.shown:
            from aligntui.screens.show_text import ShowText

            self.push_screen(ShowText(f"{what} ({outcome.detail})", text))
            return
        self.notify(f"Copied {what} ({outcome.detail})", timeout=4)

    def action_copy_bibtex(self) -> None:
        """Copy the BibTeX of the highlighted work, or of every work in the section."""
        from aligntui.cite import to_bibtex_many

        works, what = self._works_under_cursor()
        if not works:
            self.notify("Nothing to copy here.", severity="warning")
            return
        self.copy(to_bibtex_many(works), f"BibTeX for {what}")

    def action_pick_citation(self) -> None:
        """Choose a citation format for the highlighted work and copy it."""
        from aligntui.cite import STYLE_NAMES, format_citation
        from aligntui.screens.picker import Picker

        work, _ = self._current()
        if work is None:
            self.notify("Put the cursor on a work to cite it.", severity="warning")
            return

        def chosen(style: str | None) -> None:
            if style is None:
                return
            self._remember(citation_style=style)
            try:
                text = format_citation(work, style)
            except Exception as error:  # a formatter bug must not crash the app
                self.notify(f"Could not format {STYLE_NAMES[style]}: {error}", severity="error")
                return
            self.copy(text, f"{STYLE_NAMES[style]} for {work.id}")

        last = self._state.get("citation_style")
        picker = Picker(
            f"Cite {work.id} as",
            list(STYLE_NAMES.items()),
            last if isinstance(last, str) else None,
            preview=lambda style: format_citation(work, style),
        )
        self.push_screen(picker, chosen)

    def _link_choices(self, work: Work) -> list[tuple[str, str]]:
        return [(str(i), f"{link.label}: {link.clean_url}") for i, link in enumerate(work.links)]

    def _with_link(self, action: str, pick: bool) -> None:
        work, _ = self._current()
        if work is None or not work.links:
            self.notify("This has no link." if work else "Put the cursor on a work first.", severity="warning")
            return
        if not pick:
            link = work.primary_link
            assert link is not None
            self._act_on_link(work, work.links.index(link), action)
            return
        from aligntui.screens.picker import Picker

        def chosen(key: str | None) -> None:
            if key is not None:
                self._act_on_link(work, int(key), action)

        verb = "Copy" if action == "copy" else "Open"
        self.push_screen(Picker(f"{verb} a link of {work.id}", self._link_choices(work)), chosen)

    def _act_on_link(self, work: Work, index: int, action: str) -> None:
        link = work.links[index]
        if action == "copy":
            self.copy(link.clean_url, f"{link.label} link of {work.id}")
        else:
            self._open_worker(link.clean_url, f"{link.label} link of {work.id}")

    @work(thread=True, group="open")
    def _open_worker(self, url: str, what: str) -> None:
        from aligntui.links import open_url

        outcome = open_url(url)
        self.call_from_thread(self._opened, url, what, outcome.opened, outcome.message)

    def _opened(self, url: str, what: str, opened: bool, message: str) -> None:
        if opened:
            self.notify(f"Opened {what} in the web browser", timeout=4)
            return
        from aligntui.links import is_safe_url
        from aligntui.screens.picker import Picker

        if not is_safe_url(url):
            self.notify(message, severity="error")
            return

        def chosen(key: str | None) -> None:
            if key == "copy":
                self.copy(url, what)

        self.push_screen(
            Picker(f"{message}. Copy the link instead?", [("copy", f"Copy {url}"), ("cancel", "Cancel")]), chosen
        )

    def action_copy_link(self) -> None:
        """Copy the highlighted work's primary link."""
        self._with_link("copy", pick=False)

    def action_pick_link_to_copy(self) -> None:
        """Choose one of the work's links and copy it."""
        self._with_link("copy", pick=True)

    def action_open_link(self) -> None:
        """Open the highlighted work's primary link in the browser."""
        self._with_link("open", pick=False)

    def action_pick_link_to_open(self) -> None:
        """Choose one of the work's links and open it."""
        self._with_link("open", pick=True)

    @on(PaperDetail.LinkClicked)
    def _link_clicked(self, event: PaperDetail.LinkClicked) -> None:
        from aligntui.screens.picker import Picker

        work = self.catalog.works[event.work_id]

        def chosen(key: str | None) -> None:
            if key in ("copy", "open"):
                self._act_on_link(work, event.index, key)

        link = work.links[event.index]
        self.push_screen(
            Picker(f"{link.label}: {link.clean_url}", [("open", "Open in browser"), ("copy", "Copy")]), chosen
        )

    def action_copy_matching_bibtex(self) -> None:
        """Copy the BibTeX of every work the filter matches."""
        from aligntui.cite import to_bibtex_many

        if self.result is None or not self.result.work_ids:
            self.notify("No filter is on, or nothing matches.", severity="warning")
            return
        works = [self.catalog.works[w] for w in self.result.work_ids]
        self.copy(to_bibtex_many(works), f"BibTeX for {len(works)} matching works")
