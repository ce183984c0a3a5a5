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
