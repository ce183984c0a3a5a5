"""The tree's rows for a view (``browse.outline``): what opens, the guides, "+N more", finding a place."""

from __future__ import annotations

import pytest

from aligntui.browse.model import BEST_MATCHES, Browser, NodeRef
from aligntui.browse.outline import Outline, RowKind
from aligntui.catalog.model import Catalog


@pytest.fixture(scope="module")
def browser(ui_catalog: Catalog) -> Browser:
    return Browser(ui_catalog)


def test_unfiltered_the_top_level_opens_with_textual_tree_guides(browser: Browser) -> None:
    outline = Outline.for_view(browser.view())
    rows = outline.rows
    assert [row.ref.section for row in rows if row.depth == 0] == ["definition", "evaluation"]
    assert outline.opened_sections() == {"definition", "evaluation"}
    first = rows[0]
    assert (first.kind, first.guides, first.expandable, first.opened) == (RowKind.SECTION, "", True, True)
    children = [row for row in rows if row.depth == 1]
    assert all(row.guides in ("├ ", "└ ") for row in children)
    # the last child of each top-level section ends its branch
    lasts = [
        rows[n].guides
        for n in range(len(rows))
        if rows[n].depth == 1 and (n + 1 == len(rows) or rows[n + 1].depth == 0)
    ]
    assert lasts == ["└ ", "└ "]


def test_guides_continue_under_an_open_section_that_has_siblings_below(browser: Browser) -> None:
    outline = Outline.for_view(browser.view())
    outline.open("definition.instructions")
    rows = outline.rows
    at = outline.index_of(NodeRef("definition.instructions"))
    assert at is not None and rows[at].guides == "├ "
    below = rows[at + 1]
    assert below.depth == 2 and below.guides.startswith("│ ")


def test_expanded_sections_are_kept_and_only_inside_open_ones(browser: Browser) -> None:
    view = browser.view()
    outline = Outline.for_view(view, expanded={"evaluation", "definition.instructions"})
    assert outline.opened_sections() == {"evaluation"}  # its parent, "definition", stays closed
    outline = Outline.for_view(view, expanded={"definition", "definition.instructions"})
    assert outline.opened_sections() == {"definition", "definition.instructions"}


def test_a_filter_opens_sections_until_the_budget_of_works_shows(browser: Browser) -> None:
    view = browser.view("model")
    wide = Outline.for_view(view)
    narrow = Outline.for_view(view, budget=2)
    works = [row for row in narrow.rows if row.kind is RowKind.WORK and row.ref.section != BEST_MATCHES]
    taxonomy_works = [row for row in works if narrow.rows.index(row) > len(view.best())]
    assert len(taxonomy_works) <= 3
    assert len(narrow.rows) < len(wide.rows)
    assert narrow.rows[0].kind is RowKind.GROUP and narrow.rows[0].opened


def test_more_row_then_load_more(browser: Browser) -> None:
    view = browser.view()
    outline = Outline(
        view, opened={"definition", "definition.instructions", "definition.instructions.achievement"}, batch=2
    )
    section = "definition.instructions.achievement"
    works = view.works_in(section)
    assert len(works) > 2
    shown = [row.ref.work for row in outline.rows if row.ref.section == section and row.kind is RowKind.WORK]
    assert shown == list(works[:2])
    more = [row for row in outline.rows if row.kind is RowKind.MORE]
    assert [row.ref for row in more] == [NodeRef(section, None, 2)] and more[0].guides.endswith("└ ")
    outline.load_more(section)
    shown = [row.ref.work for row in outline.rows if row.ref.section == section and row.kind is RowKind.WORK]
    assert shown == list(works[:4])


def test_reveal_opens_the_way_and_loads_up_to_the_work(browser: Browser) -> None:
    view = browser.view()
    section = "definition.instructions.achievement"
    last = view.works_in(section)[-1]
    outline = Outline.for_view(view, batch=2)
    line = outline.reveal(NodeRef(section, last))
    assert line is not None and outline.rows[line].ref == NodeRef(section, last)
    assert {"definition", "definition.instructions", section} <= outline.opened
    # a section is shown, its own open flag kept
    outline = Outline.for_view(view)
    line = outline.reveal(NodeRef(section))
    assert line is not None and section not in outline.opened
    assert outline.reveal(NodeRef("no.such.section")) is None
    assert outline.reveal(NodeRef(section, "no-such-work")) is None


def test_a_best_match_is_found_at_its_place_in_the_taxonomy(browser: Browser) -> None:
    view = browser.view("reward model")
    outline = Outline.for_view(view)
    assert outline.group_rows == 1 + len(view.best())  # the group's row and its works
    first = view.first_match()
    assert first is not None
    line = outline.reveal(first)
    assert line is not None and line > len(view.best())  # its row in the taxonomy, not the group's
    outline.close_all()
    assert outline.group_rows == 1
    assert outline.index_of(first, in_group=True) is None
    group_line = outline.index_of(first)  # hidden in the taxonomy: no row
    assert group_line is None
    outline.open(BEST_MATCHES)
    assert outline.index_of(first) is not None and outline.index_of(first) <= len(view.best())
    assert Outline.for_view(browser.view()).group_rows == 0


def test_open_all_and_close_all(browser: Browser) -> None:
    outline = Outline.for_view(browser.view())
    outline.open_all()
    works = {row.ref.work for row in outline.rows if row.kind is RowKind.WORK}
    assert works == set(browser.catalog.works)
    assert outline.parent_index(1) == 0 and outline.parent_index(0) is None
    outline.close_all()
    assert [row.depth for row in outline.rows] == [0, 0]


def test_rows_are_made_once_per_change(browser: Browser) -> None:
    outline = Outline.for_view(browser.view())
    rows = outline.rows
    assert outline.rows is rows
    version = outline.version
    outline.toggle("definition")
    assert outline.version == version + 1 and outline.rows is not rows
