"""Undo and redo of mark changes (u, U), the bulk-change question, and an explorer with marks off (issues 18, 19)."""

from __future__ import annotations

import json
from typing import Any

from aligntui.browse.model import NodeRef
from aligntui.catalog.model import Catalog
from aligntui.personal.marks import marks_path
from aligntui.personal.settings import Settings
from aligntui.tui.app import AlignApp, make_app
from aligntui.tui.screens.confirm import Confirm
from aligntui.tui.textual_private import notification_texts

SIZE = (120, 40)
SANH = NodeRef("definition.instructions.achievement", "sanh2021multitask")
BENCHMARKS = NodeRef("definition.instructions.evaluation.benchmarks")
BENCHMARK_WORKS = {"sanh2021multitask", "wang2022super", "longpre2023flan", "srivastava2022beyond"}


def app_for(catalog: Catalog) -> AlignApp:
    return make_app(catalog, Settings(clipboard="osc52"), state={})


def stored(catalog: Catalog) -> dict[str, Any]:
    """The marks file as JSON, read straight from the disk ({} before the first write)."""
    path = marks_path(catalog.path)
    if not path.exists():
        return {}
    marks: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))["marks"]
    return marks


def starred(catalog: Catalog) -> set[str]:
    return {work_id for work_id, mark in stored(catalog).items() if mark.get("starred")}


def row_ends_with(app: AlignApp, work_id: str, glyph: str) -> bool:
    """Whether every tree row of ``work_id`` ends with ``glyph`` (the tree repainted itself)."""
    tree = app.main.taxonomy
    labels = [tree.row_text(line) for line, row in enumerate(tree.rows) if row.ref.work == work_id]
    return bool(labels) and all(label.endswith(glyph) for label in labels)


async def go(app: AlignApp, pilot: Any, ref: NodeRef) -> None:
    await pilot.pause()
    assert app.main.taxonomy.select_ref(ref)
    await pilot.pause()


async def test_u_undoes_a_star_and_U_redoes_it_in_the_file_the_rows_and_the_detail(ui_catalog: Catalog) -> None:
    app = app_for(ui_catalog)
    async with app.run_test(size=SIZE) as pilot:
        await go(app, pilot, SANH)
        await pilot.press("s")
        await pilot.pause()
        assert starred(ui_catalog) == {"sanh2021multitask"}
        await pilot.press("u")
        await pilot.pause()
        assert starred(ui_catalog) == set()
        assert "Undone: Starred sanh2021multitask — U redoes" in notification_texts(app)
        assert not row_ends_with(app, "sanh2021multitask", "★")
        assert "★ starred" not in app.main.detail.text
        await pilot.press("U")
        await pilot.pause()
        assert starred(ui_catalog) == {"sanh2021multitask"}
        assert "Redone: Starred sanh2021multitask — u undoes" in notification_texts(app)
        assert row_ends_with(app, "sanh2021multitask", "★")
        assert "★ starred" in app.main.detail.text
        await pilot.press("U")
        await pilot.pause()
        assert "Nothing to redo." in notification_texts(app)


async def test_undo_walks_back_status_and_note_changes_in_order(ui_catalog: Catalog) -> None:
    app = app_for(ui_catalog)
    async with app.run_test(size=SIZE) as pilot:
        await go(app, pilot, SANH)
        await pilot.press("r", "r")
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        await pilot.press(*"T0", "ctrl+s")
        await pilot.pause()
        assert stored(ui_catalog)["sanh2021multitask"] == {"starred": False, "status": "reading", "note": "T0"}
        await pilot.press("u")
        await pilot.pause()
        assert stored(ui_catalog)["sanh2021multitask"] == {"starred": False, "status": "reading", "note": ""}
        assert "T0" not in app.main.detail.text
        await pilot.press("u", "u")
        await pilot.pause()
        assert stored(ui_catalog) == {}
        await pilot.press("u")
        await pilot.pause()
        assert "Nothing to undo." in notification_texts(app)


async def test_a_bulk_star_is_undone_as_one_change_keeping_what_was_starred_before(ui_catalog: Catalog) -> None:
    app = app_for(ui_catalog)
    async with app.run_test(size=SIZE) as pilot:
        await go(app, pilot, SANH)
        await pilot.press("s", "e")  # one work of Benchmarks was starred already; every row is built
        await go(app, pilot, BENCHMARKS)
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        await pilot.press("tab", "enter")
        await pilot.pause()
        assert starred(ui_catalog) == BENCHMARK_WORKS
        assert "Starred 4 works in Benchmarks — u undoes" in notification_texts(app)
        await pilot.press("u")
        await pilot.pause()
        assert starred(ui_catalog) == {"sanh2021multitask"}
        assert "Undone: Starred 4 works in Benchmarks — U redoes" in notification_texts(app)
        assert row_ends_with(app, "sanh2021multitask", "★") and not row_ends_with(app, "wang2022super", "★")
        await pilot.press("U")
        await pilot.pause()
        assert starred(ui_catalog) == BENCHMARK_WORKS
        assert [w for w in sorted(BENCHMARK_WORKS) if not row_ends_with(app, w, "★")] == []


async def test_undo_under_a_query_about_marks_updates_the_matches(ui_catalog: Catalog) -> None:
    app = app_for(ui_catalog)
    async with app.run_test(size=SIZE) as pilot:
        await go(app, pilot, SANH)
        await pilot.press("s", "slash", *"is:starred", "enter")
        await pilot.pause()
        assert app.main.view.matched_ids == {"sanh2021multitask"}
        await pilot.press("u")
        await pilot.pause()
        assert app.main.view.matched_ids == frozenset()
        await pilot.press("U")
        await pilot.pause()
        assert app.main.view.matched_ids == {"sanh2021multitask"}


async def test_the_bulk_question_has_no_focused_and_only_yes_changes_anything(ui_catalog: Catalog) -> None:
    app = app_for(ui_catalog)
    async with app.run_test(size=SIZE) as pilot:
        results: list[bool | None] = []
        app.push_screen(Confirm("Star 4 works?", "Star 4"), results.append)
        await pilot.pause()
        assert app.focused is not None and app.focused.id == "confirm-no"
        await pilot.press("enter")
        await pilot.pause()
        app.push_screen(Confirm("Star 4 works?"), results.append)
        await pilot.pause()
        await pilot.press("s")  # a stray letter, typed too fast
        await pilot.pause()
        app.push_screen(Confirm("Star 4 works?"), results.append)
        await pilot.pause()
        await pilot.press("right", "enter")
        await pilot.pause()
        assert results == [False, False, True]


async def test_marks_off_shows_no_yours_block_and_never_raises(ui_catalog: Catalog) -> None:
    app = AlignApp(ui_catalog, Settings(clipboard="osc52"), {})
    async with app.run_test(size=SIZE) as pilot:
        await go(app, pilot, SANH)
        text = app.main.detail.text
        assert "Multitask Prompted Training" in text and "Yours" not in text
        await pilot.press("s", "r", "m", "u", "U")
        await pilot.pause()
        assert app.return_code is None and not isinstance(app.screen, Confirm)
        assert "Marks are off in this run." in notification_texts(app)
        assert "Nothing to undo." in notification_texts(app)
        await pilot.press("slash", *"is:starred", "enter", "j", "k")
        await pilot.pause()
        assert app.return_code is None
    assert not marks_path(ui_catalog.path).exists()
