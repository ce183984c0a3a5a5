"""Pilot tests: keys, the detail pane following the cursor, filtering and restoring."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from aligntui.app import AlignApp, make_app
from aligntui.catalog import Catalog
from aligntui.loader import load_catalog
from aligntui.screens.help import HelpScreen
from aligntui.settings import Settings, load_state
from aligntui.widgets.taxonomy import NodeRef

from .conftest import DATA

SIZE = (120, 40)


def app_for(catalog: Catalog, clipboard: str = "osc52") -> AlignApp:
    return make_app(catalog, Settings(clipboard=clipboard))


async def test_opens_with_first_level_expanded_and_cursor_on_first_section(catalog: Catalog) -> None:
    app = app_for(catalog)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        tree = app.taxonomy
        assert tree.cursor_ref == NodeRef("definition")
        assert tree.expanded_sections() == {"definition", "evaluation"}
        assert app.focused is tree
        assert "Definition of Alignment Goals" in app.detail.text


async def test_detail_follows_the_cursor(catalog: Catalog) -> None:
    app = app_for(catalog)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "l", "j", "l", "j")
        await pilot.pause()
        assert app.taxonomy.cursor_ref == NodeRef("definition.instructions.achievement", "sanh2021multitask")
        text = app.detail.text
        assert "Multitask Prompted Training Enables Zero-Shot Task Generalization" in text
        assert "Victor Sanh" in text and "ICLR 2022" in text
        assert "https://arxiv.org/pdf/2110.08207.pdf" in text
        assert "Evaluation of Alignment › Human Instructions › Benchmarks" in text
        await pilot.press("k")
        await pilot.pause()
        assert "Alignment Goal Achievement" in app.detail.text and "17 works" in app.detail.text


async def test_h_and_l_fold_and_move(catalog: Catalog) -> None:
    app = app_for(catalog)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("h")
        assert "definition" not in app.taxonomy.expanded_sections()
        await pilot.press("l")
        assert "definition" in app.taxonomy.expanded_sections()
        await pilot.press("l")
        assert app.taxonomy.cursor_ref == NodeRef("definition.instructions")
        await pilot.press("h")
        assert app.taxonomy.cursor_ref == NodeRef("definition")
        await pilot.press("enter")
        assert "definition" not in app.taxonomy.expanded_sections()
        await pilot.press("space")
        assert "definition" in app.taxonomy.expanded_sections()


async def test_g_and_G_and_expand_collapse_all(catalog: Catalog) -> None:
    app = app_for(catalog)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        assert app.taxonomy.expanded_sections() == {s for s in catalog.sections if app.taxonomy.totals.get(s)}
        await pilot.press("G")
        assert app.taxonomy.cursor_ref == NodeRef("evaluation.values.reward", "schramowski2021large")
        await pilot.press("g")
        assert app.taxonomy.cursor_ref == NodeRef("definition")
        await pilot.press("E")
        assert app.taxonomy.expanded_sections() == set()


async def test_filter_is_live_and_restores_the_tree(catalog: Catalog) -> None:
    app = app_for(catalog)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "l")  # open Human Instructions
        before = app.taxonomy.expanded_sections()
        await pilot.press("slash")
        assert isinstance(app.focused, Input)
        await pilot.press(*"dpo")
        await pilot.press("backspace", "backspace", "backspace")
        await pilot.press(*"rafailov")
        await pilot.pause()
        assert app.taxonomy.filtered
        assert app.result is not None and app.result.work_ids == ["rafailov2023direct"]
        label = str(app.taxonomy.root.children[0].label)
        assert label.endswith("1/54")
        await pilot.press("enter")
        await pilot.pause()
        assert app.focused is app.taxonomy
        assert app.taxonomy.cursor_ref == NodeRef("evaluation.preferences.reward", "rafailov2023direct")
        await pilot.press("escape")
        await pilot.pause()
        assert not app.taxonomy.filtered
        assert app.taxonomy.expanded_sections() >= before
        assert app.taxonomy.cursor_ref == NodeRef("evaluation.preferences.reward", "rafailov2023direct")


async def test_escape_in_filter_clears_and_returns_to_tree(catalog: Catalog) -> None:
    app = app_for(catalog)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j")
        await pilot.press("slash", *"glm")
        await pilot.pause()
        assert app.taxonomy.filtered
        await pilot.press("escape")
        await pilot.pause()
        assert not app.taxonomy.filtered and app.focused is app.taxonomy
        assert app.filter_input.value == ""
        assert app.taxonomy.cursor_ref == NodeRef("definition.instructions")


async def test_slash_keeps_the_filter_text(catalog: Catalog) -> None:
    app = app_for(catalog)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"moral", "enter")
        await pilot.press("slash")
        assert app.filter_input.value == "moral"


async def test_q_is_a_letter_in_the_filter(catalog: Catalog) -> None:
    app = app_for(catalog)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"qa")
        await pilot.pause()
        assert app.is_running
        assert app.filter_input.value == "qa"


async def test_empty_result_says_how_to_clear(catalog: Catalog) -> None:
    app = app_for(catalog)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"year:1700")
        await pilot.pause()
        assert app.result is not None and app.result.work_ids == []
        assert "Escape" in app.detail.text
        assert app.taxonomy.last_line == -1


async def test_n_and_N_step_through_matches(catalog: Catalog) -> None:
    app = app_for(catalog)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"author:^bai", "enter")
        await pilot.pause()
        seen = [app.taxonomy.cursor_ref]
        for _ in range(4):
            await pilot.press("n")
            seen.append(app.taxonomy.cursor_ref)
        assert all(ref is not None and ref.work for ref in seen)
        assert {ref.work for ref in seen if ref} == {"bai2022training", "bai2022constitutional"}
        await pilot.press("N")
        assert app.taxonomy.cursor_ref == seen[3]


async def test_also_in_jumps_to_the_same_work_elsewhere(catalog: Catalog) -> None:
    app = app_for(catalog)
    async with app.run_test(size=SIZE) as pilot:
        assert app.taxonomy.select_ref(NodeRef("definition.instructions.achievement", "sanh2021multitask"))
        await pilot.press("a")
        assert app.taxonomy.cursor_ref == NodeRef("definition.instructions.evaluation.benchmarks", "sanh2021multitask")
        await pilot.press("a")
        assert app.taxonomy.cursor_ref == NodeRef("evaluation.instructions.benchmarks", "sanh2021multitask")


async def test_clicking_also_in_moves_the_tree(catalog: Catalog) -> None:
    app = app_for(catalog)
    async with app.run_test(size=SIZE) as pilot:
        app.taxonomy.select_ref(NodeRef("definition.instructions.achievement", "sanh2021multitask"))
        await pilot.pause()
        app.detail.action_jump(2)
        await pilot.pause()
        assert app.taxonomy.cursor_ref == NodeRef("evaluation.instructions.benchmarks", "sanh2021multitask")


async def test_tab_moves_between_panes(catalog: Catalog) -> None:
    app = app_for(catalog)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("tab")
        assert app.focused is app.detail
        await pilot.press("shift+tab")
        assert app.focused is app.taxonomy


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
        assert app.taxonomy.region.y < app.detail.region.y or app.detail.region.height == 0


async def test_markup_in_catalog_text_is_shown_not_run() -> None:
    app = app_for(load_catalog(DATA / "small.toml"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        assert app.taxonomy.select_ref(NodeRef("b.one", "markup2024gotcha"))
        await pilot.pause()
        node = app.taxonomy.cursor_node
        assert node is not None
        assert "[@click=app.quit]Gotcha[/] and [bold]x and [" in str(node.label)
        assert "[red]Mallory[/red]" in app.detail.text
        await pilot.click("#tree", offset=(10, app.taxonomy.cursor_line))
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
    from aligntui.widgets.taxonomy import TaxonomyTree

    monkeypatch.setattr(TaxonomyTree, "LEAF_BATCH", 1)
    app = app_for(load_catalog(DATA / "small.toml"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j")
        assert app.taxonomy.cursor_ref == NodeRef("a.one")
        await pilot.press("l", "j", "j")
        assert app.taxonomy.cursor_ref == NodeRef("a.one", None, 1)
        assert str(app.taxonomy.cursor_node.label) == "+1 more…"  # type: ignore[union-attr]
        await pilot.press("enter")
        await pilot.pause()
        assert [c.data.work for c in app.taxonomy.cursor_node.parent.children] == [  # type: ignore[union-attr]
            "lovelace1843notes",
            "sigurdsson2020glaciers",
        ]
        # select_ref finds a work hidden behind "+N more" too
        app.taxonomy.show()
        assert app.taxonomy.select_ref(NodeRef("a.one", "sigurdsson2020glaciers"))


QUERIES = ["reward", "author:^bai", "muenighoff", "year:2012..2013 OR has:leaderboard", '"human feedback" -year:2022']


@pytest.mark.parametrize("query", QUERIES)
async def test_tui_and_cli_agree(catalog: Catalog, query: str, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from aligntui.cli import main

    main(["list", "--format", "json", query])
    cli_ids = {record["id"] for record in json.loads(capsys.readouterr().out)}
    app = app_for(catalog)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        app.filter_input.value = query
        await pilot.pause()
        app.taxonomy.action_expand_everything()
        shown: set[str] = set()
        stack = list(app.taxonomy.root.children)
        while stack:
            node = stack.pop()
            if node.data is not None and node.data.work is not None:
                shown.add(node.data.work)
            stack.extend(node.children)
        assert shown == cli_ids
        assert cli_ids


async def test_every_builtin_theme_renders(catalog: Catalog) -> None:
    app = app_for(catalog)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("slash", *"reward", "enter")
        for theme in sorted(app.available_themes):
            app.theme = theme
            await pilot.pause()
            assert app.theme == theme
            assert "Reward" in app.export_screenshot()
