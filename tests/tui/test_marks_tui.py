"""Marks in the explorer: s, r, m and b, their signs and notifications, the query fields, session restore."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input

from aligntui.browse.model import NodeRef
from aligntui.catalog.model import Catalog
from aligntui.personal.bibparse import parse_bib
from aligntui.personal.marks import MarkStore, marks_path
from aligntui.personal.session import load_session
from aligntui.personal.settings import Settings
from aligntui.tui.app import AlignApp, make_app
from aligntui.tui.screens.confirm import Confirm
from aligntui.tui.screens.note import BibPathInput, NoteEditor
from aligntui.tui.textual_private import notification_texts

SIZE = (120, 40)
SANH = NodeRef("definition.instructions.achievement", "sanh2021multitask")
BENCHMARKS = NodeRef("definition.instructions.evaluation.benchmarks")
BENCHMARK_WORKS = {"sanh2021multitask", "wang2022super", "longpre2023flan", "srivastava2022beyond"}


def app_for(catalog: Catalog, **options: Any) -> AlignApp:
    return make_app(catalog, Settings(clipboard="osc52"), state={}, **options)


def notifications(app: AlignApp) -> list[str]:
    return notification_texts(app)


def stored(catalog: Catalog) -> dict[str, Any]:
    """The marks file as JSON, read straight from the disk."""
    data: dict[str, Any] = json.loads(marks_path(catalog.path).read_text(encoding="utf-8"))["marks"]
    return data


def row_labels(app: AlignApp, work_id: str) -> list[str]:
    """The plain text of every tree row that shows ``work_id``."""
    tree = app.main.taxonomy
    return [tree.row_text(line) for line, row in enumerate(tree.rows) if row.ref.work == work_id]


async def settle(app: AlignApp, pilot: Any) -> None:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def type_query(app: AlignApp, pilot: Any, query: str) -> None:
    """Put ``query`` in the filter bar as if typed (typing it key by key costs a second a test)."""
    await pilot.press("slash")
    app.main.filter_input.value = query
    await pilot.pause()


async def go(app: AlignApp, pilot: Any, ref: NodeRef) -> None:
    await pilot.pause()
    assert app.main.taxonomy.select_ref(ref)
    await pilot.pause()


async def test_s_stars_and_unstars_the_work_and_repaints_every_row(ui_catalog: Catalog) -> None:
    app = app_for(ui_catalog)
    async with app.run_test(size=SIZE) as pilot:
        await go(app, pilot, SANH)
        await pilot.press("s")
        await pilot.pause()
        assert stored(ui_catalog)["sanh2021multitask"]["starred"] is True
        assert "Starred sanh2021multitask — u undoes" in notifications(app)
        assert all(label.endswith("★") for label in row_labels(app, "sanh2021multitask"))
        assert "★ starred" in app.main.detail.text
        app.main.taxonomy.select_ref(BENCHMARKS)
        app.main.taxonomy.action_expand_everything()
        await pilot.pause()
        labels = row_labels(app, "sanh2021multitask")
        assert len(labels) == len(ui_catalog.memberships["sanh2021multitask"]) > 1
        assert all(label.endswith("★") for label in labels)
        await go(app, pilot, SANH)
        await pilot.press("s")
        await pilot.pause()
        assert "sanh2021multitask" not in stored(ui_catalog)
        assert not any("★" in label for label in row_labels(app, "sanh2021multitask"))


async def test_s_on_a_section_asks_then_stars_every_work_under_it(ui_catalog: Catalog) -> None:
    app = app_for(ui_catalog)
    async with app.run_test(size=SIZE) as pilot:
        await go(app, pilot, BENCHMARKS)
        for answer in ("escape", "enter", "y", "x"):  # Escape, Enter on the focused No, stray letters
            await pilot.press("s")
            await pilot.pause()
            assert isinstance(app.screen, Confirm)
            assert app.focused is not None and app.focused.id == "confirm-no"
            await pilot.press(answer)
            await pilot.pause()
            assert not isinstance(app.screen, Confirm)
            assert not marks_path(ui_catalog.path).exists()
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("tab", "enter")
        await pilot.pause()
        assert {i for i, mark in stored(ui_catalog).items() if mark["starred"]} == BENCHMARK_WORKS
        assert "Starred 4 works in Benchmarks — u undoes" in notifications(app)


async def test_r_cycles_the_reading_status(ui_catalog: Catalog) -> None:
    app = app_for(ui_catalog)
    async with app.run_test(size=SIZE) as pilot:
        await go(app, pilot, SANH)
        seen = []
        for _ in range(4):
            await pilot.press("r")
            await pilot.pause()
            seen.append(stored(ui_catalog).get("sanh2021multitask", {}).get("status", "unread"))
        assert seen == ["toread", "reading", "read", "unread"]
        assert "sanh2021multitask: to read — u undoes" in notifications(app)
        await pilot.press("r", "r")
        await pilot.pause()
        assert row_labels(app, "sanh2021multitask")[0].endswith("◐")
        assert "◐ reading" in app.main.detail.text


async def test_r_and_m_on_a_section_say_to_choose_a_work(ui_catalog: Catalog) -> None:
    app = app_for(ui_catalog)
    async with app.run_test(size=SIZE) as pilot:
        await go(app, pilot, BENCHMARKS)
        await pilot.press("r", "m")
        await pilot.pause()
        assert notifications(app).count("Put the cursor on a work first.") == 2
        assert not isinstance(app.screen, NoteEditor)


async def test_m_edits_a_note_and_escape_cancels(ui_catalog: Catalog) -> None:
    app = app_for(ui_catalog)
    async with app.run_test(size=SIZE) as pilot:
        await go(app, pilot, SANH)
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, NoteEditor)
        await pilot.press(*"T0", "enter", *"[b]x", "ctrl+s")
        await pilot.pause()
        assert stored(ui_catalog)["sanh2021multitask"]["note"] == "T0\n[b]x"
        assert "T0\n[b]x" in app.main.detail.text
        assert row_labels(app, "sanh2021multitask")[0].endswith("✎")
        await pilot.press("m")
        await pilot.pause()
        await pilot.press("z", "escape")
        await pilot.pause()
        assert not isinstance(app.screen, NoteEditor)
        assert stored(ui_catalog)["sanh2021multitask"]["note"] == "T0\n[b]x"


async def test_b_adds_to_the_bib_then_says_already_and_copies_the_key(ui_catalog: Catalog, tmp_path: Path) -> None:
    bib = tmp_path / "refs.bib"
    bib.write_text("% my own\n@misc{mine, title={Mine}}\n", encoding="utf-8")
    app = app_for(ui_catalog, bib=bib)
    async with app.run_test(size=SIZE) as pilot:
        await go(app, pilot, SANH)
        await pilot.press("b")
        await settle(app, pilot)
        text = bib.read_text(encoding="utf-8")
        assert text.startswith("% my own\n@misc{mine, title={Mine}}\n\n@")
        assert [entry.key for entry in parse_bib(text)] == ["mine", "sanh2021multitask"]
        assert "Added sanh2021multitask to refs.bib" in notifications(app)
        assert row_labels(app, "sanh2021multitask")[0].endswith("✓")
        assert "in refs.bib as \\cite{sanh2021multitask}" in app.main.detail.text
        await pilot.press("b")
        await settle(app, pilot)
        assert bib.read_text(encoding="utf-8") == text
        assert app.clipboard == "sanh2021multitask"
        assert any(n.startswith("already in refs.bib as \\cite{sanh2021multitask}") for n in notifications(app))


async def test_b_on_a_section_adds_every_work_under_it_once(ui_catalog: Catalog, tmp_path: Path) -> None:
    bib = tmp_path / "refs.bib"
    app = app_for(ui_catalog, bib=bib)
    async with app.run_test(size=SIZE) as pilot:
        await go(app, pilot, SANH)
        await pilot.press("b")
        await go(app, pilot, BENCHMARKS)
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        await pilot.press("right", "enter")
        await settle(app, pilot)
        keys = [entry.key for entry in parse_bib(bib.read_text(encoding="utf-8"))]
        assert sorted(keys) == sorted(BENCHMARK_WORKS)
        assert "Added 3 works to refs.bib; 1 already there" in notifications(app)


async def test_b_without_a_bib_file_asks_for_one(ui_catalog: Catalog, tmp_path: Path) -> None:
    app = app_for(ui_catalog)
    async with app.run_test(size=SIZE) as pilot:
        await go(app, pilot, SANH)
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, BibPathInput)
        app.screen.query_one(Input).value = str(tmp_path / "paper.bib")
        await pilot.press("enter")
        await settle(app, pilot)
        assert "@inproceedings{sanh2021multitask," in (tmp_path / "paper.bib").read_text(encoding="utf-8")


async def test_the_palette_command_chooses_the_bib_file(ui_catalog: Catalog, tmp_path: Path) -> None:
    bib = tmp_path / "refs.bib"
    bib.write_text("@misc{t0, title={Multitask Prompted Training Enables Zero-Shot Task Generalization}}\n")
    app = app_for(ui_catalog)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        titles = [command.title for command in app.get_system_commands(app.main)]
        assert "Choose bibliography file" in titles
        app.action_choose_bib()
        await pilot.pause()
        app.screen.query_one(Input).value = str(bib)
        await pilot.press("enter")
        await pilot.pause()
        assert app.files.bib_path == bib
        assert any("(1 catalog work in it)" in n for n in notifications(app))
        await go(app, pilot, SANH)
        assert row_labels(app, "sanh2021multitask")[0].endswith("✓")
        assert "in refs.bib as \\cite{t0}" in app.main.detail.text


async def test_a_bib_file_that_does_not_parse_is_reported_not_written(ui_catalog: Catalog, tmp_path: Path) -> None:
    bib = tmp_path / "refs.bib"
    bib.write_text("@article{open,\n  title = {never closed\n", encoding="utf-8")
    app = app_for(ui_catalog, bib=bib)
    async with app.run_test(size=SIZE) as pilot:
        await go(app, pilot, SANH)
        await pilot.press("b")
        await settle(app, pilot)
        assert bib.read_text(encoding="utf-8") == "@article{open,\n  title = {never closed\n"
        assert any(n.startswith("Not added: ") and "refs.bib:" in n for n in notifications(app))


@pytest.mark.parametrize(
    ("marks", "query", "expected"),
    [
        ({"sanh2021multitask": {"starred": True}}, "is:starred", {"sanh2021multitask"}),
        ({"wang2022super": {"status": "toread"}}, "is:toread", {"wang2022super"}),
        ({"wang2022super": {"status": "reading"}}, "is:reading -is:starred", {"wang2022super"}),
        ({"wang2022super": {"status": "read", "note": "Reward Models!"}}, "note:reward", {"wang2022super"}),
        ({"wang2022super": {"note": "x"}, "mishra2021cross": {"note": "y"}}, "has:note", {"wang2022super", "mishra2021cross"}),
    ],
)  # fmt: skip
async def test_query_fields_in_the_filter(
    ui_catalog: Catalog, marks: dict[str, dict[str, Any]], query: str, expected: set[str]
) -> None:
    store = MarkStore.for_catalog(ui_catalog.path)
    for work_id, fields in marks.items():
        if fields.get("starred"):
            store.toggle_star(work_id)
        if "status" in fields:
            store.set_status(work_id, fields["status"])
        if "note" in fields:
            store.set_note(work_id, fields["note"])
    app = app_for(ui_catalog)
    async with app.run_test(size=SIZE) as pilot:
        await type_query(app, pilot, query)
        assert app.main.view.matched_ids == expected


async def test_unstarring_under_is_starred_drops_the_work_from_the_view(ui_catalog: Catalog) -> None:
    store = MarkStore.for_catalog(ui_catalog.path)
    store.set_starred(["sanh2021multitask", "wang2022super"], True)
    app = app_for(ui_catalog)
    async with app.run_test(size=SIZE) as pilot:
        await type_query(app, pilot, "is:starred")
        await pilot.press("enter")
        await pilot.pause()
        first = app.main.taxonomy.cursor_ref
        assert first is not None and first.work in {"sanh2021multitask", "wang2022super"}
        await pilot.press("s")
        await pilot.pause()
        assert app.main.view.matched_ids == {"sanh2021multitask", "wang2022super"} - {first.work}
        assert "1 of" in str(app.main.query_one("#filter-hint").render())


async def test_is_inbib_in_the_filter_follows_b(ui_catalog: Catalog, tmp_path: Path) -> None:
    app = app_for(ui_catalog, bib=tmp_path / "refs.bib")
    async with app.run_test(size=SIZE) as pilot:
        await go(app, pilot, SANH)
        await pilot.press("b")
        await settle(app, pilot)
        await type_query(app, pilot, "is:inbib")
        assert app.main.view.matched_ids == {"sanh2021multitask"}


async def test_session_is_restored_and_fresh_starts_clean(ui_catalog: Catalog) -> None:
    app = app_for(ui_catalog)
    async with app.run_test(size=SIZE) as pilot:
        await go(app, pilot, NodeRef("definition.preferences.feedback", "ouyang2022training"))
        await type_query(app, pilot, "author:^ouyang")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
    session = load_session(ui_catalog.path)
    assert session.query == "author:^ouyang"
    assert session.selected_work == "ouyang2022training"
    assert "definition.preferences.feedback" in session.open_sections

    again = app_for(ui_catalog)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert again.main.filter_input.value == "author:^ouyang"
        assert again.main.view.matched_ids == {"ouyang2022training"}
        assert again.main.taxonomy.cursor_ref is not None
        assert again.main.taxonomy.cursor_ref.work == "ouyang2022training"
        await pilot.press("escape")
        await pilot.pause()
        assert "definition.preferences.feedback" in again.main.taxonomy.expanded_sections()

    fresh = app_for(ui_catalog, fresh=True)
    async with fresh.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert fresh.main.filter_input.value == ""
        assert fresh.main.taxonomy.cursor_ref == NodeRef("definition")


async def test_a_session_naming_what_left_the_catalog_is_skipped(ui_catalog: Catalog) -> None:
    from aligntui.personal.session import Session, save_session

    save_session(ui_catalog.path, Session(("gone", "evaluation"), "gone", "nobody2099", ""))
    app = app_for(ui_catalog)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.main.taxonomy.expanded_sections() == {"evaluation"}
        assert app.main.taxonomy.cursor_ref == NodeRef("definition")


async def test_a_read_only_data_folder_gives_a_notification_not_a_traceback(
    ui_catalog: Catalog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    monkeypatch.setenv("ALIGNTUI_DATA_DIR", str(blocker))  # mkdir fails even for root, unlike chmod
    app = app_for(ui_catalog)
    async with app.run_test(size=SIZE) as pilot:
        await go(app, pilot, SANH)
        await pilot.press("s")
        await pilot.pause()
        assert app.return_code is None
        assert any(n.startswith("marks not saved") and "kept in memory" in n for n in notifications(app))
        assert row_labels(app, "sanh2021multitask")[0].endswith("★")  # kept in memory, shown


async def test_a_corrupt_marks_file_is_moved_aside_with_a_warning(ui_catalog: Catalog) -> None:
    path = marks_path(ui_catalog.path)
    path.parent.mkdir(parents=True)
    path.write_text("{not json", encoding="utf-8")
    app = app_for(ui_catalog)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert any("moved it to" in n for n in notifications(app))
        assert not path.exists()


async def test_a_hand_edited_note_with_control_characters_shows_escaped(ui_catalog: Catalog) -> None:
    MarkStore.for_catalog(ui_catalog.path).set_note("sanh2021multitask", "red \x1b[31m[bold]x[/]\u202e")
    app = app_for(ui_catalog)
    async with app.run_test(size=SIZE) as pilot:
        await go(app, pilot, SANH)
        assert "\x1b" not in app.main.detail.text and "[bold]x[/]" in app.main.detail.text
        await pilot.press("m")
        await pilot.pause()
        area = app.screen.query_one("#note-text")
        assert "\x1b" not in area.text and "\u202e" not in area.text  # type: ignore[attr-defined]


async def test_two_instances_open_at_once_keep_each_others_marks(ui_catalog: Catalog) -> None:
    first, second = app_for(ui_catalog), app_for(ui_catalog)  # both read the (empty) marks file now
    async with first.run_test(size=SIZE) as pilot:
        await go(first, pilot, SANH)
        await pilot.press("s")
        await pilot.pause()
    async with second.run_test(size=SIZE) as pilot:
        await go(second, pilot, NodeRef("definition.instructions.achievement", "wang2022super"))
        await pilot.press("r")
        await pilot.pause()
    marks = stored(ui_catalog)
    assert marks["sanh2021multitask"]["starred"] is True
    assert marks["wang2022super"]["status"] == "toread"
