"""What one keystroke in the filter makes the screen do (issue 23): structure that sets its speed, never a time.

A key rebuilds the tree's rows once, before the frame that echoes it in the
input (after it, once queries are slow); the detail pane is drawn once a key in
that frame when its page is short, and right after that frame (not after a
pause), once for however many keys were handled before it, when it lists many
works; it turns only the lines on screen into strips, however long its text.
"""

from __future__ import annotations

from typing import Any

import pytest
from rich.text import Text
from textual.screen import Screen

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


async def test_a_key_is_answered_in_the_frame_that_echoes_it_and_a_long_page_follows_that_frame(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        MainScreen, "ECHO_FIRST_MS", float("inf")
    )  # no query counts as slow, however loaded the machine
    events: list[str] = []
    record(monkeypatch, events, TaxonomyTree, "show", "tree")
    for name in ("show_section", "show_work", "show_message"):
        record(monkeypatch, events, PaperDetail, name, "detail")
    record(monkeypatch, events, MainScreen, "_show_query", "handled")
    record(monkeypatch, events, Screen, "_compositor_refresh", "frame")
    app = app_for(catalog)
    typed = [*"reward", "backspace", "backspace", *"xq", *["backspace"] * 6]  # to no match, then to no filter
    long_pages = 0
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        await pilot.pause()
        for key in typed:
            events.clear()
            await pilot.press(key)
            await pilot.pause()
            await pilot.pause()
            assert events.count("tree") == 1 and events.count("detail") == 1, (key, events)
            main = app.main
            if main._long_page(main.taxonomy.cursor_ref):  # the key's frame, then the long page
                long_pages += 1
                assert events[:4] == ["tree", "handled", "frame", "detail"], (key, events)
            else:  # a work, "Best matches", a short section or "No work matches": in the key's own frame
                assert events[:4] == ["tree", "detail", "handled", "frame"], (key, events)
        assert app.main.query_text == ""
        assert long_pages  # the whole tree again: the cursor on a section of more than SAME_FRAME_WORKS works
        events.clear()
        app.main.query_text = "rew"  # three queries handled before one frame
        app.main.query_text = "rewa"
        app.main.query_text = "rewar"
        assert app.main.view.match_count
        await pilot.pause()
        await pilot.pause()
        assert events[: events.index("frame")].count("handled") == 3, events
        if app.main._long_page(app.main.taxonomy.cursor_ref):
            assert events.count("detail") == 1, events  # once, after the frame, for the last query


async def test_once_queries_are_slow_the_echo_is_painted_before_the_query_runs(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Above ``ECHO_FIRST_MS`` a key's letter shows at once; the query runs after that frame, for the latest text."""
    monkeypatch.setattr(MainScreen, "ECHO_FIRST_MS", -1.0)  # every query counts as slow
    events: list[str] = []
    record(monkeypatch, events, MainScreen, "_show_query", "handled")
    record(monkeypatch, events, Screen, "_compositor_refresh", "frame")
    app = app_for(catalog)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", "r")  # the first query runs at once: none was slow yet
        await pilot.pause()
        await pilot.pause()
        for key in "eward":
            events.clear()
            await pilot.press(key)
            await pilot.pause()
            await pilot.pause()
            assert events[:2] == ["frame", "handled"], (key, events)
            assert events.count("handled") == 1, (key, events)
        await pilot.press(*"xyz")  # a burst: the query shown is the input's latest text
        await pilot.pause()
        await pilot.pause()
        assert app.main.query_text == app.main.filter_input.value == "rewardxyz"
        assert app.main.view.result is not None and app.main.view.result.query.text == "rewardxyz"


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
    """The outline's rows are plain tuples; a row is fitted (``fit_work_label``) only when it is painted."""
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
            works = sum(1 for row in tree.rows if row.ref.work is not None)
            assert works > tree.size.height  # more work rows than rows on screen ...
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


async def test_a_key_lays_out_nothing_for_the_tree(catalog: Catalog, monkeypatch: pytest.MonkeyPatch) -> None:
    """The tree's rows change at each key, its size never: while its scroll bar stays, it asks for no layout."""
    app = app_for(catalog)
    layouts: list[str] = []
    original = TaxonomyTree.refresh

    def refresh(self: TaxonomyTree, *regions: Any, layout: bool = False, **options: Any) -> Any:
        if layout:
            layouts.append("the tree asked for a layout")
        return original(self, *regions, layout=layout, **options)

    async with app.run_test(size=(120, 24)) as pilot:
        await pilot.press("slash")
        await pilot.pause()
        await pilot.press(*"rewar")  # many rows: the scroll bar shows from the first key on
        await pilot.pause()
        tree = app.main.taxonomy
        assert tree.show_vertical_scrollbar
        monkeypatch.setattr(TaxonomyTree, "refresh", refresh)
        for key in "d model":
            await pilot.press("space" if key == " " else key)
            await pilot.pause()
            assert tree.show_vertical_scrollbar
            assert tree.virtual_size.height == len(tree.rows)
        assert layouts == []
        assert tree.scroll_offset.y <= max(0, len(tree.rows) - tree.scrollable_content_region.height)


async def test_arrows_page_keys_and_the_mouse_move_and_open(catalog: Catalog) -> None:
    app = app_for(catalog)
    async with app.run_test(size=(120, 24)) as pilot:
        await pilot.pause()
        tree = app.main.taxonomy
        assert tree.cursor_line == 0
        await pilot.press("down", "down")
        assert tree.cursor_line == 2
        await pilot.press("up")
        assert tree.cursor_line == 1
        await pilot.press("end")
        assert tree.cursor_line == tree.last_line
        await pilot.press("home", "pagedown")
        assert tree.cursor_line == min(tree.last_line, tree.scrollable_content_region.height - 1)
        await pilot.press("home")
        first = tree.rows[0]
        assert first.opened
        # as Textual's tree: a click on ▶/▼ opens or closes without moving the cursor; on a title it moves the
        # cursor there and opens or closes the section; on a work it moves the cursor
        second = next(line for line, row in enumerate(tree.rows) if row.depth == 0 and line > 0)
        await pilot.click("#tree", offset=(1, 1 + second))
        await pilot.pause()
        assert not tree.rows[second].opened and tree.cursor_line == 0
        await pilot.click("#tree", offset=(8, 1))
        await pilot.pause()
        assert tree.cursor_line == 0 and not tree.rows[0].opened
        await pilot.click("#tree", offset=(8, 1))
        await pilot.pause()
        assert tree.rows[0].opened
        await pilot.press("e")
        work = next(line for line, row in enumerate(tree.rows) if row.ref.work is not None)
        await pilot.click("#tree", offset=(12, 1 + work))
        await pilot.pause()
        assert tree.cursor_line == work
        # the row under the mouse is shaded (tree--highlight-line), and only while it is there
        shade = tree.get_component_rich_style("tree--highlight-line").bgcolor
        await pilot.hover("#tree", offset=(12, 2))
        await pilot.pause()
        assert any(segment.style is not None and segment.style.bgcolor == shade for segment in tree.render_line(1))
        assert not any(segment.style is not None and segment.style.bgcolor == shade for segment in tree.render_line(2))


async def test_expanding_or_folding_keeps_the_cursor_on_its_row_in_the_group_too(catalog: Catalog) -> None:
    app = app_for(catalog)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        tree = app.main.taxonomy
        await pilot.press("E", "j")
        evaluation = tree.cursor_ref
        assert evaluation is not None and evaluation.work is None
        await pilot.press("e")
        await pilot.pause()
        assert tree.cursor_ref == evaluation
        top = round(tree.scroll_offset.y)
        assert top <= tree.cursor_line < top + tree.scrollable_content_region.height
        await pilot.press("slash", *"reward", "enter", "g", "j", "j")  # the second of "Best matches"
        await pilot.pause()
        line = tree.cursor_line
        assert line == 2 and tree.rows[0].ref.section == "@best"  # a work of "Best matches"
        await pilot.press("e")
        await pilot.pause()
        assert tree.cursor_line == line  # not its place in the taxonomy below
        await pilot.press("h", "space")  # to the group's row, then fold it
        await pilot.pause()
        assert tree.cursor_line == 0 and not tree.rows[0].opened


async def test_a_burst_to_no_match_says_so(catalog: Catalog) -> None:
    """A view's announcement handled after the next view is shown draws nothing (it said "Best matches")."""
    app = app_for(catalog)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        await pilot.pause()
        app.main.query_text = "x"
        app.main.query_text = "xq"
        await pilot.pause()
        await pilot.pause()
        assert app.main.view.match_count == 0
        assert "No work matches 'xq'" in app.main.detail.text


async def test_the_garbage_collector_never_runs_between_a_key_and_its_frame(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 23: the collector's passes (15-20 a key, full ones of 30-50 ms at 10k works) run after the key's frame.

    It is paused from the App's start to its first frame and from each key to the frame that answers it; a key
    that lays nothing out resumes it after ``Collector.LONGEST_PAUSE``; the App and its index, once built, are
    frozen out of its reach; a collector someone else disabled stays disabled.
    """
    import gc

    enabled_in_query: list[bool] = []
    original = MainScreen._show_query

    def show_query(self: MainScreen, text: str) -> None:
        enabled_in_query.append(gc.isenabled())
        original(self, text)

    monkeypatch.setattr(MainScreen, "_show_query", show_query)
    app = app_for(catalog)
    app.collector.LONGEST_PAUSE = 60.0  # however slow the machine, only a frame ends a key's pause here
    assert gc.isenabled()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert gc.isenabled() and not app.collector.paused  # resumed after the first frame
        frozen = gc.get_freeze_count()
        assert frozen > 0
        await app.workers.wait_for_complete()
        await pilot.press("slash", *"reward")
        await pilot.pause()
        await pilot.pause()
        assert len(enabled_in_query) >= 6 and not any(enabled_in_query)  # every query ran with the collector paused
        assert gc.isenabled() and not app.collector.paused  # and the frame that showed it let it run again
        app.collector.LONGEST_PAUSE = 0.01
        await pilot.press("escape", "down")  # a move in the tree: no layout, resumed after LONGEST_PAUSE
        await pilot.pause(0.5)
        assert gc.isenabled() and not app.collector.paused
        gc.disable()  # someone else's pause is theirs to lift
        try:
            await pilot.press("up")
            await pilot.pause(0.5)
            assert not gc.isenabled()
        finally:
            gc.enable()
    assert gc.isenabled()


async def test_a_long_section_page_lists_its_first_works_then_the_rest_a_frame_later(
    ui_catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Wrapping 200 works took 25-30 ms of the first paint at 10,000 works: the frame shows those on screen first."""
    monkeypatch.setattr(PaperDetail, "FIRST_ENTRIES", 3)
    app = app_for(ui_catalog)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        detail, page = app.main.detail, app.main.view.section_page("definition")
        assert len(page.works) > 3
        detail._whole_pages.clear()
        detail.show_section(page)
        body = detail.query_one(DetailText)
        assert len(detail._jumps) == 3  # the first works, laid out at once
        first = "\n".join(line.plain for line in body._text)
        await pilot.pause()
        assert len(detail._jumps) == len(page.works)  # the rest, in the next frame
        whole = "\n".join(line.plain for line in body._text)
        assert whole.startswith(first.rstrip("\n")) and len(whole) > len(first)
        assert detail.text == "\n".join(line.plain for line in detail._section_lines(page, 10_000))


async def test_a_long_section_page_lays_out_no_more_than_the_screen_holds_in_its_first_frame(
    ui_catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Of a page longer than ``FIRST_ENTRIES``, the first frame lays out no work past the screen's last row."""
    app = app_for(ui_catalog)
    async with app.run_test(size=(SIZE[0], 10)) as pilot:
        await pilot.pause()
        detail, page = app.main.detail, app.main.view.section_page("definition")
        monkeypatch.setattr(PaperDetail, "FIRST_ENTRIES", len(page.works) - 1)
        detail._whole_pages.clear()
        detail.show_section(page)
        shown = len(detail._jumps)
        assert 0 < shown < len(page.works) - 1
        assert len(detail.query_one(DetailText)._text) <= 10 + 3  # no work begun past the tenth line
        await pilot.pause()
        assert len(detail._jumps) == len(page.works)
        assert detail.text == "\n".join(line.plain for line in detail._section_lines(page, 10_000))


async def test_a_short_section_page_is_laid_out_at_once(ui_catalog: Catalog) -> None:
    """A page of at most ``FIRST_ENTRIES`` works is whole in its first frame, however small the screen: laid out in
    two, the screen would keep changing a frame longer after a key."""
    app = app_for(ui_catalog)
    async with app.run_test(size=(SIZE[0], 10)) as pilot:
        await pilot.pause()
        detail, page = app.main.detail, app.main.view.section_page("definition")
        assert len(page.works) <= PaperDetail.FIRST_ENTRIES
        detail._whole_pages.clear()
        detail.show_section(page)
        assert len(detail._jumps) == len(page.works)
