"""Issue 21: the detail pane shows a work's summary, organisations and other titles, literally."""

from __future__ import annotations

from aligntui.browse.model import NodeRef
from aligntui.catalog.load import parse_catalog
from aligntui.personal.settings import Settings
from aligntui.tui.app import make_app

from ..catalog.test_work_facts import with_facts

FACTS = with_facts(
    'orgs = ["University of Manchester", "[red]Lab[/red]"]\n'
    'other_titles = ["[@click=app.quit]Can Machines Think?[/]"]\n'
    'summary = "Proposes the [bold]imitation game[/bold]."'
)


async def test_detail_pane_shows_the_facts() -> None:
    app = make_app(parse_catalog(FACTS, "facts.toml"), Settings(clipboard="osc52"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("e")
        assert app.main.taxonomy.select_ref(NodeRef("b.one", "turing1950computing"))
        await pilot.pause()
        text = app.main.detail.text
        assert "Summary\nProposes the [bold]imitation game[/bold].\n" in text
        assert "Organisations\nUniversity of Manchester; [red]Lab[/red]\n" in text
        assert "Also published as\n[@click=app.quit]Can Machines Think?[/]\n" in text
        assert (
            text.index("Summary") < text.index("Organisations") < text.index("Also published as") < text.index("In\n")
        )
        assert app.main.taxonomy.select_ref(NodeRef("a.one", "lovelace1843notes"))
        await pilot.pause()
        assert "Summary" not in app.main.detail.text and "Organisations" not in app.main.detail.text


def test_why_matched_says_a_partial_result_lacks_a_word() -> None:
    from aligntui.browse.model import Browser
    from aligntui.catalog.load import bundled_catalog_path, load_catalog
    from aligntui.tui.widgets.best_matches import why_matched

    view = Browser(load_catalog(bundled_catalog_path())).view("webgpt zebra")
    assert view.result is not None and view.result.partial
    lines = why_matched(view, "nakano2021webgpt").plain.splitlines()
    assert "zebra: not in this work" in lines and not any("(missing)" in line for line in lines)
