"""The screen at every size (issue 13): the cursor stays in view, titles get the room, panes read at 60 columns."""

from __future__ import annotations

import pytest
from rich.cells import cell_len
from textual.binding import Binding

from aligntui.catalog.model import Catalog, Work
from aligntui.personal.settings import Settings
from aligntui.text.safe import visible_line
from aligntui.tui.app import AlignApp, make_app
from aligntui.tui.screens.layout import header_title
from aligntui.tui.widgets.detail import break_url, collapsed_authors
from aligntui.tui.widgets.key_footer import footer_order
from aligntui.tui.widgets.row_label import TITLE_FLOOR, fit_work_label, short_byline
from aligntui.tui.widgets.taxonomy import TaxonomyTree

SIZES = [(120, 40), (80, 24), (60, 20)]


def app_for(catalog: Catalog) -> AlignApp:
    return make_app(catalog, Settings(clipboard="osc52"), state={})


def cursor_in_view(tree: TaxonomyTree) -> bool:
    """True when the cursor's line is one of the lines the tree pane shows."""
    top = round(tree.scroll_offset.y)
    return top <= tree.cursor_line < top + tree.scrollable_content_region.height


# -- the cursor stays in view ----------------------------------------------------------------------------

KEY_SEQUENCES = [
    pytest.param(["e"], id="expand-all"),
    pytest.param(["j", "j", "j", "j", "e"], id="expand-all-below"),
    pytest.param(["e", "G"], id="last"),
    pytest.param(["e", "G", "g"], id="first"),
    pytest.param(["e", "G", "E"], id="collapse-all"),
    pytest.param(["e", "G", "k", "k", "k", "a"], id="also-in"),
    pytest.param(["slash", *"reward", "enter", "n", "n", "n", "n", "n", "n"], id="next-match"),
    pytest.param(["slash", *"reward", "enter", "N", "N", "N"], id="previous-match"),
    pytest.param(["e", "G", "slash", *"reward", "enter", "n", "escape"], id="escape-restores"),
]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("keys", KEY_SEQUENCES)
async def test_the_cursor_stays_in_view(catalog: Catalog, keys: list[str], size: tuple[int, int]) -> None:
    app = app_for(catalog)
    async with app.run_test(size=size) as pilot:
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
        await pilot.pause()
        tree = app.main.taxonomy
        assert tree.cursor_line >= 0
        assert cursor_in_view(tree), (keys, tree.cursor_line, tree.scroll_offset, tree.size)


async def test_the_cursor_stays_in_view_while_the_terminal_shrinks(catalog: Catalog) -> None:
    app = app_for(catalog)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("e", "G", "k", "k")
        await pilot.pause()
        tree = app.main.taxonomy
        for width, height in [(80, 24), (60, 20), (120, 40), (60, 20)]:
            await pilot.resize_terminal(width, height)
            await pilot.pause()
            await pilot.pause()
            assert cursor_in_view(tree), ((width, height), tree.cursor_line, tree.scroll_offset)


# -- titles get the room ---------------------------------------------------------------------------------


async def test_titles_keep_at_least_70_cells_at_120_columns(catalog: Catalog) -> None:
    app = app_for(catalog)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("e")
        await pilot.pause()
        tree = app.main.taxonomy
        checked = 0
        for line, row in enumerate(tree.rows):
            if row.ref.work is None:
                continue
            title = visible_line(catalog.works[row.ref.work].title)
            label = tree.row_text(line)
            shown = label if label.startswith(title) else label.split("…")[0]
            assert cell_len(shown) >= min(cell_len(title), TITLE_FLOOR), label
            assert cell_len(row.guides) + cell_len(label) <= tree.scrollable_content_region.width, label
            checked += 1
        assert checked > 80


def _work(catalog: Catalog, **changes: object) -> Work:
    return catalog.works["stiennon2020learning"]._replace(**changes)


def test_the_byline_shortens_and_tags_drop_before_the_title_is_cut(catalog: Catalog) -> None:
    work = _work(catalog)
    full = fit_work_label(work, (), 1000).plain
    assert full.startswith(work.title + " — Stiennon et al. 2020")
    assert short_byline(work) == "Stiennon+ 2020"
    steps = [fit_work_label(work, (), width).plain for width in range(len(full), 20, -1)]
    assert any(step.endswith("Stiennon+ 2020") for step in steps)  # short byline, tags gone
    firsts = [i for i, step in enumerate(steps) if "…" in step]
    shortened = [i for i, step in enumerate(steps) if "Stiennon+" in step]
    assert firsts and shortened and min(shortened) < min(firsts)
    for width, step in zip(range(len(full), 20, -1), steps, strict=True):
        assert cell_len(step) <= width


@pytest.mark.parametrize("width", [20, 31, 40, 57])
def test_wide_characters_are_cut_by_cells(catalog: Catalog, width: int) -> None:
    work = _work(catalog, title="大型语言模型的对齐目标综述：从指令到基本人类价值观的演进与挑战" * 2)
    label = fit_work_label(work, (), width)
    assert width - 1 <= label.cell_len <= width
    assert label.plain.rstrip().endswith("…") or label.plain.endswith("… ")


async def test_the_cursor_highlight_covers_the_ellipsis(catalog: Catalog) -> None:
    app = app_for(catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("e")
        await pilot.pause()
        tree = app.main.taxonomy
        line = next(line for line in range(tree.last_line + 1) if "…" in tree.row_text(line))
        tree.cursor_to_line(line)
        await pilot.pause()
        strip = tree.render_line(line - round(tree.scroll_offset.y))
        cursor = tree.get_component_rich_style("tree--cursor").bgcolor
        cut = [segment for segment in strip if "…" in segment.text]
        assert cut and all(segment.style is not None and segment.style.bgcolor == cursor for segment in cut)


# -- narrow terminals --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "width", "expected"),
    [
        ("From Instructions to Basic Human Values: A Survey", 120, "From Instructions to Basic Human Values: A Survey"),
        (
            "From Instructions to Basic Human Values: A Survey of Alignment Goals",
            80,
            "From Instructions to Basic Human Values",
        ),
        (
            "From Instructions to Intrinsic Human Values – A Survey of Alignment Goals",
            80,
            "From Instructions to Intrinsic Human Values",
        ),
        ("From Instructions to Basic Human Values: A Survey", 60, "From Instructions to Basic…"),
    ],
)
def test_the_header_shortens_and_keeps_the_count(title: str, width: int, expected: str) -> None:
    assert header_title(title, "85 works", width) == expected


def test_the_footer_keeps_help_and_a_prefix_of_the_rest() -> None:
    entries = [
        (Binding("a", "also_in", "Also in"), 2),
        (Binding("?", "app.help", "Help", key_display="?"), 1),
        (Binding("/", "focus_filter", "Filter"), 1),
        (Binding("c", "copy_bibtex", "BibTeX"), 1),
        (Binding("q", "quit", "Quit"), 3),
    ]
    assert [b.action for b in footer_order(entries, 200, False)] == [
        "app.help", "focus_filter", "copy_bibtex", "also_in", "quit"
    ]  # fmt: skip
    assert [b.action for b in footer_order(entries, 20, False)] == ["app.help", "focus_filter"]
    assert [b.action for b in footer_order(entries, 3, False)] == ["app.help"]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_every_screen_shows_its_own_keys(catalog: Catalog, size: tuple[int, int]) -> None:
    app = app_for(catalog)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        main_keys = [key.description for key in app.screen.query("FooterKey").results()]  # type: ignore[attr-defined]
        assert main_keys[0] == "Help" and "Filter" in main_keys
        await pilot.press("question_mark")
        await pilot.pause()
        help_keys = [key.description for key in app.screen.query("FooterKey").results()]  # type: ignore[attr-defined]
        assert help_keys == ["Close help"]


@pytest.mark.parametrize(
    ("url", "width", "lines"),
    [
        ("https://arxiv.org/abs/2203.02155", 40, ["https://arxiv.org/abs/2203.02155"]),
        (
            "https://github.com/allenai/natural-instructions",
            20,
            ["https://github.com/", "allenai/natural-", "instructions"],
        ),
        ("https://example.org/x?foo=1&bar=2", 22, ["https://example.org/x", "?foo=1&bar=2"]),
        (
            "https://example.org/abcdefghijklmnopqrstuvwxyz",
            12,
            ["https://", "example.org/", "abcdefghijkl", "mnopqrstuvwx", "yz"],
        ),
    ],
)
def test_urls_break_only_at_slash_query_ampersand_or_hyphen(url: str, width: int, lines: list[str]) -> None:
    assert break_url(url, width) == lines
    assert "".join(lines) == url


def test_a_long_author_list_is_folded() -> None:
    names = ["Yuntao Bai", "Saurav Kadavath", "Sandipan Kundu", *[f"Author {i}" for i in range(48)]]
    assert collapsed_authors(names, 3, short=True) == ("Bai, Kadavath, Kundu", 48)


async def test_stacked_detail_shows_ids_and_links_before_a_long_author_list(catalog: Catalog) -> None:
    work_id = max(catalog.works, key=lambda w: len(catalog.works[w].authors))
    work = catalog.works[work_id]
    assert len(work.authors) > 20
    app = app_for(catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("slash", *f"id:{work_id}", "enter")
        await pilot.pause()
        detail = app.main.detail
        text = detail.text
        assert text.index(f"id     {work_id}") < text.index("Links") < text.index("more")
        assert f"+{len(work.authors) - 3} more" in text
        await pilot.press("plus")
        await pilot.pause()
        assert "more" not in detail.text.split("Links")[1].split("In\n")[0]
        assert work.authors[-1].split(",")[0].split()[-1] in detail.text
