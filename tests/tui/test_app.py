"""Pilot tests: keys, the detail pane following the cursor, filtering and restoring."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input

from aligntui.browse.model import NodeRef
from aligntui.catalog.load import load_catalog
from aligntui.catalog.model import Catalog
from aligntui.personal.settings import Settings, load_state
from aligntui.tui.app import AlignApp, make_app
from aligntui.tui.screens.help import HelpScreen
from aligntui.tui.textual_private import notification_texts

from ..conftest import DATA, UI_CATALOG

SIZE = (120, 40)


def app_for(catalog: Catalog, clipboard: str = "osc52") -> AlignApp:
    return make_app(catalog, Settings(clipboard=clipboard))


@pytest.fixture
def catalog(ui_catalog: Catalog) -> Catalog:
    """The UI tests run on the small test catalog."""
    return ui_catalog


async def test_opens_with_first_level_expanded_and_cursor_on_first_section(catalog: Catalog) -> None:
    app = app_for(catalog)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        tree = app.main.taxonomy
        assert tree.cursor_ref == NodeRef("definition")
        assert tree.expanded_sections() == {"definition", "evaluation"}
        assert app.focused is tree
        assert "Definition of Alignment Goals" in app.main.detail.text


async def test_detail_follows_the_cursor(catalog: Catalog) -> None:
    app = app_for(catalog)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "l", "j", "l", "j")
        await pilot.pause()
        assert app.main.taxonomy.cursor_ref == NodeRef("definition.instructions.achievement", "sanh2021multitask")
        text = app.main.detail.text
        assert "Multitask Prompted Training Enables Zero-Shot Task Generalization" in text
        assert "Victor Sanh" in text and "ICLR 2022" in text
        assert "https://arxiv.org/pdf/2110.08207.pdf" in text
        assert "Evaluation of Alignment › Human Instructions › Benchmarks" in text
        await pilot.press("k")
        await pilot.pause()
        assert "Alignment Goal Achievement" in app.main.detail.text and "7 works" in app.main.detail.text


async def test_h_and_l_fold_and_move(catalog: Catalog) -> None:
    app = app_for(catalog)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("h")
        assert "definition" not in app.main.taxonomy.expanded_sections()
        await pilot.press("l")
        assert "definition" in app.main.taxonomy.expanded_sections()
        await pilot.press("l")
        assert app.main.taxonomy.cursor_ref == NodeRef("definition.instructions")
        await pilot.press("h")
        assert app.main.taxonomy.cursor_ref == NodeRef("definition")
        await pilot.press("enter")
        assert "definition" not in app.main.taxonomy.expanded_sections()
        await pilot.press("space")
        assert "definition" in app.main.taxonomy.expanded_sections()


async def test_g_and_G_and_expand_collapse_all(catalog: Catalog) -> None:
    app = app_for(catalog)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        assert app.main.taxonomy.expanded_sections() == {s for s in catalog.sections if catalog.totals.get(s)}
        await pilot.press("G")
        assert app.main.taxonomy.cursor_ref == NodeRef("evaluation.values.reward", "schramowski2021large")
        await pilot.press("g")
        assert app.main.taxonomy.cursor_ref == NodeRef("definition")
        await pilot.press("E")
        assert app.main.taxonomy.expanded_sections() == set()


async def test_filter_is_live_and_restores_the_tree(catalog: Catalog) -> None:
    app = app_for(catalog)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "l")  # open Human Instructions
        before = app.main.taxonomy.expanded_sections()
        await pilot.press("slash")
        assert isinstance(app.focused, Input)
        await pilot.press(*"dpo")
        await pilot.press("backspace", "backspace", "backspace")
        await pilot.press(*"rafailov")
        await pilot.pause()
        assert app.main.view.filtered
        assert app.main.view.result is not None and app.main.view.result.work_ids == ["rafailov2023direct"]
        tree = app.main.taxonomy
        tops = [line for line, row in enumerate(tree.rows) if row.depth == 0]
        assert tree.row_text(tops[0]) == "▼ Best matches  1"
        assert tree.row_text(tops[1]).endswith("1/14")
        await pilot.press("enter")
        await pilot.pause()
        assert app.focused is app.main.taxonomy
        assert app.main.taxonomy.cursor_ref == NodeRef("evaluation.preferences.reward", "rafailov2023direct")
        await pilot.press("escape")
        await pilot.pause()
        assert not app.main.view.filtered
        assert app.main.taxonomy.expanded_sections() >= before
        assert app.main.taxonomy.cursor_ref == NodeRef("evaluation.preferences.reward", "rafailov2023direct")


async def test_escape_in_filter_clears_and_returns_to_tree(catalog: Catalog) -> None:
    app = app_for(catalog)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j")
        await pilot.press("slash", *"glm")
        await pilot.pause()
        assert app.main.view.filtered
        await pilot.press("escape")
        await pilot.pause()
        assert not app.main.view.filtered and app.focused is app.main.taxonomy
        assert app.main.filter_input.value == ""
        assert app.main.taxonomy.cursor_ref == NodeRef("definition.instructions")


async def test_slash_keeps_the_filter_text(catalog: Catalog) -> None:
    app = app_for(catalog)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"moral", "enter")
        await pilot.press("slash")
        assert app.main.filter_input.value == "moral"


async def test_q_is_a_letter_in_the_filter(catalog: Catalog) -> None:
    app = app_for(catalog)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"qa")
        await pilot.pause()
        assert app.is_running
        assert app.main.filter_input.value == "qa"


async def test_empty_result_says_how_to_clear(catalog: Catalog) -> None:
    app = app_for(catalog)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"year:1700")
        await pilot.pause()
        assert app.main.view.result is not None and app.main.view.result.work_ids == []
        assert "Escape" in app.main.detail.text
        assert app.main.taxonomy.last_line == -1


async def test_n_and_N_step_through_matches(catalog: Catalog) -> None:
    app = app_for(catalog)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"author:^bai", "enter")
        await pilot.pause()
        seen = [app.main.taxonomy.cursor_ref]
        for _ in range(4):
            await pilot.press("n")
            seen.append(app.main.taxonomy.cursor_ref)
        assert all(ref is not None and ref.work for ref in seen)
        assert {ref.work for ref in seen if ref} == {"bai2022training", "bai2022constitutional"}
        await pilot.press("N")
        assert app.main.taxonomy.cursor_ref == seen[3]


async def test_also_in_jumps_to_the_same_work_elsewhere(catalog: Catalog) -> None:
    app = app_for(catalog)
    async with app.run_test(size=SIZE) as pilot:
        assert app.main.taxonomy.select_ref(NodeRef("definition.instructions.achievement", "sanh2021multitask"))
        await pilot.press("a")
        assert app.main.taxonomy.cursor_ref == NodeRef(
            "definition.instructions.evaluation.benchmarks", "sanh2021multitask"
        )
        await pilot.press("a")
        assert app.main.taxonomy.cursor_ref == NodeRef("evaluation.instructions.benchmarks", "sanh2021multitask")


async def click_detail_line(pilot: Any, app: AlignApp, fragment: str, column: int = 4) -> None:
    """Click the detail pane's line (as wrapped on screen) that holds ``fragment``, scrolling it into view."""
    from textual.geometry import Region

    detail = app.main.detail
    body = detail.query_one("#detail-body")
    strips = body.render_lines(Region(0, 0, body.size.width, body.virtual_size.height or body.size.height))
    line = next(n for n, strip in enumerate(strips) if fragment in strip.text)
    detail.scroll_to(y=line, animate=False)
    await pilot.pause()
    region = detail.content_region
    await pilot.click(offset=(region.x + column, region.y + line - round(detail.scroll_y)))


async def test_clicking_also_in_moves_the_tree(catalog: Catalog) -> None:
    app = app_for(catalog)
    async with app.run_test(size=SIZE) as pilot:
        app.main.taxonomy.select_ref(NodeRef("definition.instructions.achievement", "sanh2021multitask"))
        await pilot.pause()
        await click_detail_line(pilot, app, "  Evaluation of Alignment")
        await pilot.pause()
        assert app.main.taxonomy.cursor_ref == NodeRef("evaluation.instructions.benchmarks", "sanh2021multitask")
        assert app.focused is app.main.taxonomy


async def test_clicking_a_link_in_the_detail_pane_offers_open_or_copy(catalog: Catalog) -> None:
    from aligntui.tui.screens.picker import Picker

    app = app_for(catalog)
    async with app.run_test(size=SIZE) as pilot:
        app.main.taxonomy.select_ref(NodeRef("definition.instructions.achievement", "sanh2021multitask"))
        await pilot.pause()
        await click_detail_line(pilot, app, "Checkpoint")
        await pilot.pause()
        assert isinstance(app.screen, Picker)
        await pilot.press("down", "enter")  # Copy
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.clipboard == "https://github.com/bigscience-workshop/t-zero"


async def test_the_detail_pane_follows_the_filter(catalog: Catalog) -> None:
    """Each key of the filter shows, in the detail pane, the place the cursor is on (issue 23: no wait, no second
    redraw); leaving the filter shows the first match."""
    app = app_for(catalog)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "Definition of Alignment Goals" in app.main.detail.text
        await pilot.press("slash", *"rafailov")
        await pilot.pause()
        assert app.main.query_text == "rafailov"
        assert app.main.taxonomy.cursor_ref == NodeRef("@best")
        assert app.main.detail.text.startswith("Best matches\n")
        assert "Direct Preference Optimization" in app.main.detail.text  # the group's one work, in brief
        await pilot.press("enter")
        await pilot.pause()
        assert app.main.detail.text.startswith("Direct Preference Optimization")


async def test_tab_moves_between_panes(catalog: Catalog) -> None:
    app = app_for(catalog)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("tab")
        assert app.focused is app.main.detail
        await pilot.press("shift+tab")
        assert app.focused is app.main.taxonomy


async def test_help_opens_and_closes(catalog: Catalog) -> None:
    app = app_for(catalog)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("question_mark")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)
        await pilot.press("question_mark")
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)


async def test_q_quits(catalog: Catalog) -> None:
    app = app_for(catalog)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


@pytest.mark.parametrize("size", [(80, 24), (60, 20), (40, 12)])
async def test_narrow_terminals_stack_the_panes(catalog: Catalog, size: tuple[int, int]) -> None:
    app = app_for(catalog)
    async with app.run_test(size=size) as pilot:
        await pilot.press("j", "l", "j", "slash", *"reward", "enter", "j")
        await pilot.pause()
        assert app.screen.has_class("-narrow")
        tree, detail = app.main.taxonomy.region, app.main.detail.region
        assert tree.y < detail.y and tree.height > 0 and detail.height > 0
        assert detail.width == tree.width == size[0]


async def test_markup_in_catalog_text_is_shown_not_run() -> None:
    app = app_for(load_catalog(DATA / "small.toml"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        assert app.main.taxonomy.select_ref(NodeRef("b.one", "markup2024gotcha"))
        await pilot.pause()
        tree = app.main.taxonomy
        assert "[@click=app.quit]Gotcha[/] and [bold]x and [" in tree.row_text(tree.cursor_line)
        assert "[red]Mallory[/red]" in app.main.detail.text
        await pilot.click("#tree", offset=(10, app.main.taxonomy.cursor_line))
        await pilot.pause()
        assert app.is_running


async def test_theme_is_remembered(catalog: Catalog) -> None:
    app = app_for(catalog)
    async with app.run_test(size=SIZE) as pilot:
        app.theme = "nord"
        await pilot.pause()
    assert load_state()["theme"] == "nord"
    second = app_for(catalog)
    async with second.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert second.theme == "nord"


async def test_command_palette_offers_the_apps_commands(catalog: Catalog) -> None:
    app = app_for(catalog)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for wanted in (
            "Expand all sections",
            "Collapse all sections",
            "Focus filter",
            "Clear filter",
            "Copy BibTeX",
            "Open link",
        ):
            assert wanted in titles
        assert "Copy BibTeX of all matching works" not in titles
        await pilot.press("slash", *"moral")
        await pilot.pause()
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Copy BibTeX of all matching works" in titles


async def test_more_node_loads_the_rest(monkeypatch: pytest.MonkeyPatch) -> None:
    from aligntui.tui.widgets.taxonomy import TaxonomyTree

    monkeypatch.setattr(TaxonomyTree, "LEAF_BATCH", 1)
    app = app_for(load_catalog(DATA / "small.toml"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j")
        assert app.main.taxonomy.cursor_ref == NodeRef("a.one")
        await pilot.press("l", "j", "j")
        assert app.main.taxonomy.cursor_ref == NodeRef("a.one", None, 1)
        tree = app.main.taxonomy
        assert tree.row_text(tree.cursor_line) == "+1 more…"
        await pilot.press("enter")
        await pilot.pause()
        assert [row.ref.work for row in tree.rows if row.ref.section == "a.one" and row.ref.work] == [
            "lovelace1843notes",
            "sigurdsson2020glaciers",
        ]
        assert tree.cursor_ref == NodeRef("a.one", "sigurdsson2020glaciers")  # where "+1 more…" was
        # select_ref finds a work hidden behind "+N more" too
        app.main.taxonomy.show(app.main.view)
        assert app.main.taxonomy.select_ref(NodeRef("a.one", "sigurdsson2020glaciers"))


QUERIES = ["reward", "author:^bai", "muenighoff", "year:2020 OR has:leaderboard", '"human feedback" -year:2022']


@pytest.mark.parametrize("query", QUERIES)
async def test_tui_and_cli_agree(catalog: Catalog, query: str, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from aligntui.cli.main import main

    main(["list", "--catalog", str(UI_CATALOG), "--format", "json", query])
    cli_ids = {record["id"] for record in json.loads(capsys.readouterr().out)}
    app = app_for(catalog)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        app.main.filter_input.value = query
        await pilot.pause()
        app.main.taxonomy.action_expand_everything()
        shown = {row.ref.work for row in app.main.taxonomy.rows if row.ref.work is not None}
        assert shown == cli_ids
        assert cli_ids


async def test_every_builtin_theme_renders(catalog: Catalog) -> None:
    app = app_for(catalog)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("slash", *"reward", "enter")
        for theme in sorted(app.available_themes):
            app.theme = theme
            await pilot.pause()
            screenshot = app.export_screenshot()
            assert "Reward" in screenshot
            background = app.get_css_variables()["background"].lower()
            if background.startswith("#"):  # the ansi themes use the terminal's own colours
                assert background in screenshot.lower(), theme


async def test_copy_bibtex_of_all_matching_works_from_the_palette(catalog: Catalog) -> None:
    app = app_for(catalog)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"moral", "enter")
        await pilot.pause()
        commands = {c.title: c for c in app.get_system_commands(app.screen)}
        commands["Copy BibTeX of all matching works"].callback()
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        matching = app.main.view.match_count
        assert matching == 3 and app.clipboard.count("\n@") + 1 == matching
        assert "Sent BibTeX for 3 matching works to the terminal by OSC 52, which terminals never confirm" in (
            notification_texts(app)
        )


async def test_a_state_file_that_cannot_be_saved_gives_a_warning(
    catalog: Catalog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("ALIGNTUI_STATE_DIR", str(blocker))
    app = app_for(catalog)
    async with app.run_test(size=SIZE) as pilot:
        app.theme = "nord"
        await pilot.pause()
        assert "Could not save settings to the state file." in notification_texts(app)
        assert app.is_running


async def test_config_warnings_are_shown_at_start(
    catalog: Catalog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config"
    config.mkdir()
    (config / "config.toml").write_text('clipboard = "carrier-pigeon"\n', encoding="utf-8")
    monkeypatch.setenv("ALIGNTUI_CONFIG_DIR", str(config))
    app = make_app(catalog)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.settings.clipboard == "auto"
        assert any("carrier-pigeon" in n for n in notification_texts(app))


async def test_copying_an_incomplete_citation_says_so(tmp_path: Path) -> None:
    """A title-only work (as a title-only list imports it) is copied, and the explorer names what it lacks."""
    path = tmp_path / "titles.toml"
    path.write_text(
        'schema_version = 1\n\n[survey]\ntitle = "Titles only"\n\n'
        '[[sections]]\nid = "s"\ntitle = "Section"\nworks = ["paperabout"]\n\n'
        '[[works]]\nid = "paperabout"\ntitle = "A paper about things"\nsource = "https://example.org/a"\n',
        encoding="utf-8",
    )
    app = app_for(load_catalog(path))
    async with app.run_test(size=SIZE) as pilot:
        assert app.main.taxonomy.select_ref(NodeRef("s", "paperabout"))
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "@misc{paperabout" in app.clipboard
        said = notification_texts(app)
        assert any("Incomplete citation: paperabout (no authors, no year)" in text for text in said), said
