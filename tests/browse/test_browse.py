"""The browsing model: what the screen shows for a query, driven without Textual in milliseconds."""

from __future__ import annotations

from array import array

import pytest

from aligntui.browse.masks import SectionMasks
from aligntui.browse.model import Browser, NodeRef, View
from aligntui.catalog.load import load_catalog
from aligntui.catalog.model import Catalog

from ..conftest import DATA

SANH = "sanh2021multitask"


@pytest.fixture(scope="module")
def browser(ui_catalog: Catalog) -> Browser:
    return Browser(ui_catalog)


def test_unfiltered_view_shows_everything(browser: Browser) -> None:
    view = browser.view("   ")
    assert not view.filtered
    assert view.child_sections(None) == ["definition", "evaluation"]
    assert view.counts_for("definition") == (None, 17)
    assert view.hint() == ("", False)
    assert view.matched_ids == frozenset(browser.catalog.works)
    assert list(view.works_in("definition.instructions.evaluation.arenas")) == ["chiang2023vicuna", "zheng2023judging"]


@pytest.mark.parametrize(
    ("query", "roots", "counts", "hint", "problem"),
    [
        ("rafailov", ["evaluation"], {"evaluation": 1, "definition": 0}, "1 of 20 works match", False),
        ("author:^bai", ["definition", "evaluation"], {"definition": 2, "evaluation": 1}, "2 of 20 works match", False),
        ("year:1700", [], {"definition": 0}, "No work matches. Press Escape to clear the filter.", True),
        ("colour:red moral", ["definition", "evaluation"], {"definition": 2}, "unknown field colour:", True),
    ],
)
def test_filtered_views(
    browser: Browser, query: str, roots: list[str], counts: dict[str, int], hint: str, problem: bool
) -> None:
    view = browser.view(query)
    assert view.filtered
    assert view.child_sections(None) == roots
    for section, count in counts.items():
        assert view.counts_for(section)[0] == count
    text, is_problem = view.hint()
    assert hint in text and is_problem is problem


def test_a_section_lists_only_its_matched_works(browser: Browser) -> None:
    view = browser.view("moral")
    assert list(view.works_in("definition.values.principles.norms")) == ["forbes2020social", "emelin2020moral"]
    assert view.child_sections("definition.values") == [
        "definition.values.principles",
        "definition.values.representation",
    ]
    assert view.child_sections("definition.instructions") == []


def test_works_under_a_section_are_distinct_with_their_first_place(browser: Browser) -> None:
    view = browser.view()
    under = view.works_under("definition.values")
    ids = [work.id for _, work in under]
    assert len(ids) == len(set(ids)) == 6
    assert under[0] == ("definition.values.principles.hhh", browser.catalog.works["ouyang2022training"])
    filtered = browser.view("author:^bai").works_under("definition")
    assert [work.id for _, work in filtered] == ["bai2022training", "bai2022constitutional"]


def test_section_page_counts_what_it_does_not_list(browser: Browser, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Browser, "PAGE_LIMIT", 2)
    page = browser.view().section_page("definition.instructions.achievement")
    assert page.total == 7 and page.matching is None and len(page.works) == 2 and page.more == 5
    page = browser.view("moral").section_page("definition")
    assert page.matching == 2 and page.more == 0


def test_next_and_previous_match_walk_the_places_in_tree_order(browser: Browser) -> None:
    view = browser.view("author:^bai")
    places = list(view.places())
    assert places == [
        NodeRef("definition.values.principles.hhh", "bai2022training"),
        NodeRef("definition.values.principles.hhh", "bai2022constitutional"),
        NodeRef("definition.values.representation.behaviors", "bai2022training"),
        NodeRef("definition.values.representation.intrinsic", "bai2022constitutional"),
        NodeRef("evaluation.preferences.reward", "bai2022training"),
        NodeRef("evaluation.values.benchmarks.safety", "bai2022training"),
        NodeRef("evaluation.values.reward", "bai2022training"),
    ]
    assert view.first_match() == places[0]
    walked = [places[0]]
    for _ in range(len(places)):
        step = view.step(walked[-1], 1)
        assert step is not None
        walked.append(step)
    assert walked == [*places, places[0]]  # wraps around
    assert view.step(places[0], -1) == places[-1]
    assert view.step(places[3], -1) == places[2]


def test_stepping_from_a_section_goes_to_the_first_work_after_or_before_it(browser: Browser) -> None:
    view = browser.view("author:^bai")
    assert view.step(NodeRef("evaluation"), 1) == NodeRef("evaluation.preferences.reward", "bai2022training")
    assert view.step(NodeRef("evaluation"), -1) == NodeRef(
        "definition.values.representation.intrinsic", "bai2022constitutional"
    )
    assert view.step(NodeRef("definition"), -1) == NodeRef("evaluation.values.reward", "bai2022training")


def test_nothing_to_step_to() -> None:
    view = Browser(load_catalog(DATA / "small.toml")).view("year:1700")
    assert view.first_match() is None and view.step(None, 1) is None


def test_sub_sections_come_before_a_sections_own_works(tmp_path: object) -> None:
    from aligntui.catalog.load import parse_catalog

    text = (
        (DATA / "small.toml")
        .read_text(encoding="utf-8")
        .replace('id = "a"\n', 'id = "a"\nworks = ["turing1950computing"]\n', 1)
    )
    view = Browser(parse_catalog(text, "x.toml")).view()
    assert [ref.section for ref in view.places()][:4] == ["a.one", "a.one", "a.two", "a"]


def test_also_in_cycles_through_the_shown_places(browser: Browser) -> None:
    view = browser.view()
    here = NodeRef("definition.instructions.achievement", SANH)
    seen = [here]
    for _ in range(3):
        following = view.also_in(seen[-1])
        assert following is not None
        seen.append(following)
    assert [ref.section for ref in seen] == [
        "definition.instructions.achievement",
        "definition.instructions.evaluation.benchmarks",
        "evaluation.instructions.benchmarks",
        "definition.instructions.achievement",
    ]
    assert view.also_in(NodeRef("evaluation.preferences.reward", "rafailov2023direct")) is None
    assert view.also_in(NodeRef("definition")) is None


def test_fuzzy_results_are_listed_best_first(browser: Browser) -> None:
    view = browser.view("muenighoff")
    assert view.result is not None and view.result.fuzzy
    assert view.works_in("definition.instructions.achievement")[0] == "muennighoff2022crosslingual"


def test_the_model_does_not_import_textual() -> None:
    import subprocess
    import sys

    code = "import sys, aligntui.browse.model; print(any(m.split('.')[0] == 'textual' for m in sys.modules))"
    assert (
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
        == "False"
    )


def test_a_ranked_view_orders_sections_places_and_steps_best_first(browser: Browser) -> None:
    view = browser.view("reward model")
    assert view.ranked and view.result is not None
    order = view.result.work_ids
    places = list(view.places())
    assert list(dict.fromkeys(ref.work for ref in places)) == order
    for section_id in {ref.section for ref in places}:
        shown = list(view.works_in(section_id))
        assert shown == sorted(shown, key=order.index)
    assert [ref.work for ref in view.best(3)] == order[:3]
    assert view.first_match() == view.best(1)[0]


def test_an_unranked_view_has_no_best_list(browser: Browser) -> None:
    assert browser.view("author:^bai").best() == [] and browser.view().best() == []
    assert browser.view().reasons("ouyang2022training") == ()


def test_a_ranked_view_has_a_best_matches_group(browser: Browser) -> None:
    from aligntui.browse.model import BEST_MATCHES

    view = browser.view("human feedback")
    best = view.best()
    assert best and all(ref.work for ref in best)
    page = view.section_page(BEST_MATCHES)
    assert page.section.title == "Best matches"
    assert [work.id for _, work in page.works] == [ref.work for ref in best]
    assert page.matching == len(best) and page.total == view.match_count
    assert browser.view("author:^bai").best() == []  # a field-only query keeps tree order


def test_why_a_work_matched(browser: Browser) -> None:
    view = browser.view("christiano")
    matched = view.result.work_ids if view.result else []
    assert matched
    assert all("Christiano" in view.note(work_id) for work_id in matched)


def test_row_notes_are_kept_for_the_terms_not_the_view(ui_catalog: Catalog) -> None:
    """Typing back over a word reuses its rows' notes (issue 23); the same terms give the same notes, others not."""
    browser = Browser(ui_catalog)
    first = browser.view("christiano")
    work_id = first.result.work_ids[0] if first.result is not None else ""
    note = first.note(work_id)
    assert note == "with Christiano"
    again = browser.view("christiano ")  # the same terms, another view
    assert again is not first and again._notes is first._notes and again.note(work_id) == note
    other = browser.view("christiano feedback")
    assert other._notes is not first._notes
    for n in range(Browser.NOTES_KEPT):
        browser.view(f"christiano {n}")
    assert browser.view("christiano")._notes is not first._notes  # only the last NOTES_KEPT queries are kept


def test_a_view_of_a_huge_result_holds_no_set_or_dict_per_position(browser: Browser) -> None:
    view = browser.view("a")
    assert view.result is not None and len(view.result.positions) == len(browser.catalog.works)
    assert isinstance(view._matched, bytearray) and len(view._matched) == len(browser.catalog.works)
    assert view._rank is None
    for value in (getattr(view, name) for name in View.__slots__):
        assert not isinstance(value, (set, frozenset)) or len(value) < 2


def test_a_ranked_view_makes_its_rank_only_to_sort_a_section(browser: Browser) -> None:
    view = browser.view("reward model")
    assert view.ranked and view._rank is None
    section = next(s for s in view.child_sections(None))
    view.works_under(section)
    assert view._rank is not None


def test_section_masks_keep_positions_per_section_not_per_work(ui_catalog: Catalog) -> None:
    masks = SectionMasks(ui_catalog)
    assert not hasattr(masks, "position")
    for section in ui_catalog.sections.values():
        places = masks.places[section.id]
        assert isinstance(places, array)
        assert [list(ui_catalog.works)[p] for p in places] == list(section.works)


@pytest.mark.parametrize(
    ("positions", "size"), [([], 0), ([], 5), ([0], 1), ([0, 7, 8], 9), ([3, 15], 16), (list(range(0, 1000, 3)), 1001)]
)
def test_flags_and_bits_mark_the_same_works(positions: list[int], size: int) -> None:
    from aligntui.browse.masks import _flags_mask, _mask, flags

    marked = flags(positions, size)
    assert [p for p, flag in enumerate(marked) if flag] == positions and len(marked) == size
    assert _flags_mask(marked) == _mask(positions, size)


def test_section_masks_keep_a_sections_own_order_not_the_catalogs() -> None:
    from aligntui.catalog.model import Section, Survey, Work

    works = {work_id: Work(work_id, work_id.title()) for work_id in ("w0", "w1", "w2", "w3")}
    sections = {
        "top": Section("top", "Top", ("Top",), children=("top.a",), works=("w3", "w0")),
        "top.a": Section("top.a", "A", ("Top", "A"), parent="top", works=("w2", "w1", "w3"), depth=1),
    }
    masks = SectionMasks(Catalog.build(Survey("S"), sections, works))
    assert list(masks.places["top"]) == [3, 0] and list(masks.places["top.a"]) == [2, 1, 3]
    assert masks.totals() == {"top": 4, "top.a": 3}
