"""Kept rows follow a change of theme: the detail pane's strips and the tree's fitted rows are kept between keystrokes."""

from __future__ import annotations

from aligntui.catalog.model import Catalog
from aligntui.personal.settings import Settings
from aligntui.tui.app import make_app
from aligntui.tui.widgets.detail import DetailText

from .painted import until_painted


def backgrounds(body: DetailText) -> set[str]:
    """The background colours of the pane's first lines, as drawn."""
    return {
        segment.style.bgcolor.name
        for y in range(min(3, body.size.height))
        for segment in body.render_line(y)
        if segment.style is not None and segment.style.bgcolor is not None
    }


async def test_a_new_theme_redraws_the_detail_text_in_its_colours(ui_catalog: Catalog) -> None:
    app = make_app(ui_catalog, Settings(), {}, fresh=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await until_painted(pilot)
        body = app.query_one("#detail-body", DetailText)
        for theme in ("nord", "textual-light", "gruvbox"):
            app.theme = theme
            await pilot.pause()
            expected = body.rich_style.bgcolor
            assert expected is not None
            assert backgrounds(body) == {expected.name}, theme


async def test_a_new_theme_redraws_the_tree_rows_in_its_colours(ui_catalog: Catalog) -> None:
    from aligntui.tui.widgets.taxonomy import TaxonomyTree

    app = make_app(ui_catalog, Settings(), {}, fresh=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await until_painted(pilot)
        await pilot.press("slash", "m", "o", "d", "enter")  # a filtered view: work rows with matched letters
        tree = app.query_one(TaxonomyTree)
        for theme in ("nord", "textual-light", "gruvbox"):
            app.theme = theme
            await pilot.pause()
            expected = tree.rich_style.bgcolor
            assert expected is not None
            lines = [tree.render_line(y) for y in range(2, min(8, tree.size.height))]
            found = {s.style.bgcolor.name for line in lines for s in line if s.style and s.style.bgcolor}
            assert expected.name in found and len(found) <= 2, (theme, found)  # the pane's, and the cursor row's
