"""What one keystroke in the filter makes the screen do (issue 23): structure that sets its speed, never a time.

A key rebuilds the tree once; the detail pane is drawn once, right after the
frame that shows the tree (not after a pause), and once for however many keys
were handled before that frame; it turns only the lines on screen into
strips, however long its text.
"""

from __future__ import annotations

from typing import Any

import pytest
from rich.text import Text

from aligntui.catalog.model import Catalog
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


async def test_a_key_rebuilds_the_tree_once_then_draws_the_detail_once(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    events: list[str] = []
    record(monkeypatch, events, TaxonomyTree, "show", "tree")
    for name in ("show_section", "show_work", "show_message"):
        record(monkeypatch, events, PaperDetail, name, "detail")
    record(monkeypatch, events, MainScreen, "_show_query", "handled")
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
            if app.main.view.match_count:  # the pane follows the frame that shows the tree
                assert events == ["tree", "handled", "detail"], (key, events)
            else:  # "No work matches": a few lines, shown with the (empty) tree
                assert events == ["tree", "detail", "handled"], (key, events)
        assert app.main.query_text == ""
        events.clear()
        app.main.query_text = "rew"  # three queries handled before one frame
        app.main.query_text = "rewa"
        app.main.query_text = "rewar"
        await pilot.pause()
        await pilot.pause()
        assert events == ["tree", "handled"] * 3 + ["detail"]


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
