"""What one keystroke in the filter makes the screen do (issue 23): structure that sets its speed, never a time.

A key rebuilds the tree once; the detail pane is drawn once, after the frame
that paints the tree (not after a pause), and once for however many keys were
handled before that frame; it turns only the lines on screen into strips,
however long its text.
"""

from __future__ import annotations

from typing import Any

import pytest
from rich.text import Text
from textual.screen import Screen

from aligntui.catalog.model import Catalog, preorder
from aligntui.personal.settings import Settings
from aligntui.tui.app import AlignApp, make_app
from aligntui.tui.screens.main import MainScreen
from aligntui.tui.widgets.detail import DetailText, PaperDetail
from aligntui.tui.widgets.taxonomy import TaxonomyTree

SIZE = (120, 40)


def app_for(catalog: Catalog) -> AlignApp:
    return make_app(catalog, Settings(clipboard="osc52"), state={})


def record(monkeypatch: pytest.MonkeyPatch, events: list[str], owner: Any, name: str, what: str) -> None:
    """Append ``what`` to ``events`` each time ``owner.name`` runs (when it returns)."""
    original = getattr(owner, name)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        result = original(*args, **kwargs)
        events.append(what)
        return result

    monkeypatch.setattr(owner, name, wrapper)


async def test_a_key_rebuilds_the_tree_once_then_draws_the_detail_once_after_its_frame(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    events: list[str] = []
    record(monkeypatch, events, TaxonomyTree, "show", "tree")
    for name in ("show_section", "show_work", "show_message"):
        record(monkeypatch, events, PaperDetail, name, "detail")
    record(monkeypatch, events, MainScreen, "_show_query", "handled")
    record(monkeypatch, events, Screen, "_compositor_refresh", "frame")
    app = app_for(catalog)
    typed = [*"reward", "backspace", "backspace", *"xq", *["backspace"] * 6]  # to no match, then to no filter
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        await pilot.pause()
        for key in typed:
            events.clear()
            await pilot.press(key)
            await pilot.pause()
            await pilot.pause()
            done = events[events.index("tree") :]  # after the frame that echoes the key in the input
            assert done.count("tree") == 1 and done.count("detail") == 1, (key, events)
            if app.main.view.match_count:  # the tree's frame, then the pane
                assert done[:4] == ["tree", "handled", "frame", "detail"], (key, events)
            else:  # "No work matches": a few lines, shown with the (empty) tree
                assert done[:3] == ["tree", "detail", "handled"], (key, events)
        assert app.main.query_text == ""
        events.clear()
        app.main.query_text = "rew"  # three queries handled before one frame
        app.main.query_text = "rewa"
        app.main.query_text = "rewar"
        await pilot.pause()
        await pilot.pause()
        assert events[:8] == ["tree", "handled"] * 3 + ["frame", "detail"] and events.count("detail") == 1, events


async def test_the_detail_pane_renders_only_the_lines_on_screen(
    ui_catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    rendered: list[int] = []
    original = DetailText.render_line

    def render_line(self: DetailText, y: int) -> Any:
        rendered.append(y)
        return original(self, y)

    monkeypatch.setattr(DetailText, "render_line", render_line)
    app = app_for(ui_catalog)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        detail = app.main.detail
        rendered.clear()
        detail.show_message("\n".join(f"line {n}" for n in range(2000)))
        await pilot.pause()
        await pilot.pause()
        assert rendered and len(set(rendered)) <= detail.size.height
        assert max(rendered) < detail.size.height
        assert "line 1999" in detail.text


async def test_wrapped_lines_are_the_lines_rich_wraps(ui_catalog: Catalog) -> None:
    app = app_for(ui_catalog)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        body = app.main.detail.query_one(DetailText)
        text = Text("ab cd\n\nefgh ijkl mnop\nx" + "y" * 20 + "\n")
        body.show(text, [], None)
        assert [line.plain for line in body.wrapped(6)] == [line.plain for line in text.wrap(app.console, 6)]
        body.show([Text("ab cd efgh"), Text("")], [], None)
        assert [line.plain for line in body.wrapped(6)] == ["ab cd ", "efgh", ""]


async def test_a_key_fits_only_the_rows_on_screen(catalog: Catalog, monkeypatch: pytest.MonkeyPatch) -> None:
    """Work nodes keep a plain label (``work_name``); a row is fitted (``fit_work_label``) only when it is painted."""
    from aligntui.tui.widgets import taxonomy

    fitted: list[str] = []
    original = taxonomy.fit_work_label

    def fit(work: Any, words: Any, width: int) -> Any:
        fitted.append(work.id)
        return original(work, words, width)

    monkeypatch.setattr(taxonomy, "fit_work_label", fit)
    monkeypatch.setattr(taxonomy, "work_label", lambda *args: pytest.fail("a row label made while building"))
    app = app_for(catalog)
    async with app.run_test(size=(120, 24)) as pilot:
        await pilot.press("slash")
        await pilot.pause()
        for key in "model":
            fitted.clear()
            await pilot.press(key)
            await pilot.pause()
            tree = app.main.taxonomy
            nodes = list(preorder(tree.root.children, lambda node: node.children))
            works = sum(1 for node in nodes if node.data is not None and node.data.work is not None)
            assert works > tree.size.height  # more work nodes than rows on screen ...
            assert 0 < len(fitted) <= tree.size.height  # ... and only those on screen were fitted


async def test_the_detail_pane_text_can_still_be_selected(ui_catalog: Catalog) -> None:
    """Drawn a line at a time, the pane keeps what a ``Static`` did: a mouse selection, wrapped lines joined."""
    app = app_for(ui_catalog)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "l", "j", "l", "j")  # a work whose title wraps in the pane
        await pilot.pause()
        body = app.main.detail.query_one(DetailText)
        assert body.wrapped(body.size.width)[0].plain.rstrip() == "Multitask Prompted Training"
        await pilot.mouse_down(body, offset=(0, 0))
        await pilot.hover(body, offset=(10, 1))
        await pilot.mouse_up(body, offset=(10, 1))
        await pilot.pause()
        assert app.screen.get_selected_text() == "Multitask Prompted Training Enables Zer"


async def test_pages_of_whole_sections_are_laid_out_once_and_few_are_kept(ui_catalog: Catalog) -> None:
    """Clearing the filter shows a section's whole page again: laid out once, and only the last few are kept."""
    app = app_for(ui_catalog)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        main = app.main
        detail = main.detail
        first = main.view.section_page("definition")
        detail.show_section(first)
        lines = detail.query_one(DetailText)._text
        for section_id in list(ui_catalog.sections)[: PaperDetail.WHOLE_PAGES_KEPT - 1]:
            detail.show_section(main.view.section_page(section_id))
        detail.show_section(first)
        assert detail.query_one(DetailText)._text is lines  # the same lines, not laid out again
        for section_id in ui_catalog.sections:
            detail.show_section(main.view.section_page(section_id))
        assert len(detail._whole_pages) == PaperDetail.WHOLE_PAGES_KEPT
