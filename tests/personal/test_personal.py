"""The personal query fields (is:, has:note, note:) in the parser, the search and the command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from aligntui.catalog.model import Catalog
from aligntui.cli.main import main
from aligntui.personal.bibfile import read_bib
from aligntui.personal.marks import MarkStore
from aligntui.personal.terms import Personal
from aligntui.search.index import SearchIndex
from aligntui.search.query import Term, is_personal, parse_query, wants_bib, wants_personal

from ..conftest import UI_CATALOG

UI = str(UI_CATALOG)


@pytest.mark.parametrize(
    ("text", "terms", "hints"),
    [
        ("is:starred", [Term("starred", "is")], ()),
        ("-is:read", [Term("read", "is", negated=True)], ()),
        ("IS:ToRead", [Term("toread", "is")], ()),
        ("is:inbib", [Term("inbib", "is")], ()),
        ("has:note", [Term("note", "has")], ()),
        ("note:reward", [Term("reward", "note")], ()),
        ('note:"reward model"', [Term("reward model", "note", phrase=True)], ()),
        ("is:shiny", [], ("is:shiny is unknown (try is:starred, is:toread, is:reading, is:read, is:unread, is:inbib)",)),
    ],
)  # fmt: skip
def test_parse_personal_fields(text: str, terms: list[Term], hints: tuple[str, ...]) -> None:
    query = parse_query(text)
    assert [term for group in query.groups for term in group] == terms
    assert query.hints == hints


@pytest.mark.parametrize(
    ("text", "personal", "bib"),
    [("is:starred", True, False), ("has:note", True, False), ("has:code", False, False),
     ("note:x", True, False), ("bai OR is:inbib", True, True), ("bai", False, False)],
)  # fmt: skip
def test_which_queries_need_the_files(text: str, personal: bool, bib: bool) -> None:
    query = parse_query(text)
    assert wants_personal(query) is personal
    assert wants_bib(query) is bib
    assert any(is_personal(t) for g in query.groups for t in g) is personal


@pytest.fixture
def marked(ui_catalog: Catalog) -> MarkStore:
    """The UI catalog's store with a star, each status and two notes."""
    store = MarkStore.for_catalog(ui_catalog.path)
    store.set_starred(["sanh2021multitask", "bai2022training"], True)
    store.set_status("wang2022super", "toread")
    store.set_status("sanh2021multitask", "reading")
    store.set_status("bai2022training", "read")
    store.set_note("ouyang2022training", "Section 3: the Reward model.\nCompare with Bai.")
    store.set_note("gone2099", "an orphan's note about rewards")
    return store


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("is:starred", {"sanh2021multitask", "bai2022training"}),
        ("is:toread", {"wang2022super"}),
        ("is:reading", {"sanh2021multitask"}),
        ("is:read", {"bai2022training"}),
        ("is:starred -is:read", {"sanh2021multitask"}),
        ("has:note", {"ouyang2022training"}),
        ("note:reward", {"ouyang2022training"}),
        ('note:"compare with bai"', {"ouyang2022training"}),
        ("note:rewards", set()),
        ("is:toread OR is:reading", {"wang2022super", "sanh2021multitask"}),
        ("is:inbib", {"stiennon2020learning"}),
    ],
)
def test_search_answers_personal_terms(
    ui_catalog: Catalog, marked: MarkStore, tmp_path: Path, query: str, expected: set[str]
) -> None:
    bib = tmp_path / "refs.bib"
    bib.write_text("@misc{x, title={Learning to Summarize with {Human} Feedback}}\n", encoding="utf-8")
    personal = Personal(marked, ui_catalog.works, read_bib(bib))
    assert set(SearchIndex(ui_catalog, personal=personal).search(query).work_ids) == expected


def test_is_unread_is_every_work_without_another_status(ui_catalog: Catalog, marked: MarkStore) -> None:
    found = set(SearchIndex(ui_catalog, personal=Personal(marked, ui_catalog.works)).search("is:unread").work_ids)
    assert found == set(ui_catalog.works) - {"wang2022super", "sanh2021multitask", "bai2022training"}


def test_without_marks_personal_terms_match_nothing(ui_catalog: Catalog) -> None:
    assert SearchIndex(ui_catalog).search("is:starred").work_ids == []
    assert SearchIndex(ui_catalog).search("has:note").work_ids == []


def test_glyphs(ui_catalog: Catalog, marked: MarkStore, tmp_path: Path) -> None:
    bib = tmp_path / "refs.bib"
    bib.write_text(
        "@misc{sanh2021multitask, title={Multitask Prompted Training Enables Zero-Shot Task Generalization}}\n",
        encoding="utf-8",
    )
    personal = Personal(marked, ui_catalog.works, read_bib(bib))
    assert personal.glyph("sanh2021multitask") == "★◐✓"
    assert personal.glyph("ouyang2022training") == "✎"
    assert personal.glyph("mishra2021cross") == ""
    assert personal.bib_key("sanh2021multitask") == "sanh2021multitask"


# -- the command line ---------------------------------------------------------------


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_list_cite_and_export_understand_marks(capsys: pytest.CaptureFixture[str], marked: MarkStore) -> None:
    code, out, _ = run(capsys, "list", "is:starred", "--catalog", UI)
    assert code == 0
    assert sorted(line.split("\t")[0] for line in out.splitlines()) == ["bai2022training", "sanh2021multitask"]
    code, out, _ = run(capsys, "cite", "is:toread", "--style", "key", "--catalog", UI)
    assert (code, out.strip()) == (0, "\\cite{wang2022super}")
    code, out, _ = run(capsys, "export", "is:starred", "--format", "bibtex", "--catalog", UI)
    assert code == 0
    assert "{sanh2021multitask," in out and "{bai2022training," in out and "wang2022super" not in out
    code, out, _ = run(capsys, "list", "note:reward", "--catalog", UI)
    assert out.startswith("ouyang2022training\t")


def test_is_inbib_on_the_command_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bib = tmp_path / "refs.bib"
    bib.write_text("@misc{t0, title={Multitask Prompted Training Enables Zero-Shot Task Generalization}}\n")
    code, out, _ = run(capsys, "--bib", str(bib), "list", "is:inbib", "--catalog", UI)
    assert (code, out.split("\t")[0]) == (0, "sanh2021multitask")
    code, _, err = run(capsys, "list", "is:inbib", "--catalog", UI)
    assert code == 2 and "is:inbib needs your .bib file" in err
    bib.write_text("@misc{open,\n")
    code, _, err = run(capsys, "--bib", str(bib), "list", "is:inbib", "--catalog", UI)
    assert code == 1 and "refs.bib:" in err


def test_the_bib_of_config_toml_serves_is_inbib(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from aligntui.personal.settings import config_path, load_settings

    bib = tmp_path / "refs.bib"
    bib.write_text(
        "@misc{sanh2021multitask, title={Multitask Prompted Training Enables Zero-Shot Task Generalization}}\n"
    )
    config_path().parent.mkdir(parents=True, exist_ok=True)
    config_path().write_text(f"bib = {str(bib)!r}\n", encoding="utf-8")
    assert load_settings().bib == bib
    code, out, _ = run(capsys, "list", "is:inbib", "--catalog", UI)
    assert (code, out.split("\t")[0]) == (0, "sanh2021multitask")


def test_a_bad_bib_setting_is_a_warning(tmp_path: Path) -> None:
    from aligntui.personal.settings import config_path, load_settings

    config_path().parent.mkdir(parents=True, exist_ok=True)
    config_path().write_text("bib = 3\n", encoding="utf-8")
    settings = load_settings()
    assert settings.bib is None and any("bib = 3" in w for w in settings.warnings)


def test_a_bad_is_value_is_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "list", "is:shiny", "--catalog", UI)
    assert code == 2 and "is:shiny is unknown" in err


def test_list_without_personal_terms_reads_no_marks(capsys: pytest.CaptureFixture[str], ui_catalog: Catalog) -> None:
    from aligntui.personal.marks import marks_path

    path = marks_path(ui_catalog.path)
    path.parent.mkdir(parents=True)
    path.write_text("{corrupt")
    code, _, err = run(capsys, "list", "bai", "--catalog", UI)
    assert code == 0 and err == "" and path.read_text() == "{corrupt"


def test_validate_mentions_orphan_marks(capsys: pytest.CaptureFixture[str], marked: MarkStore) -> None:
    code, out, _ = run(capsys, "validate", UI)
    assert code == 0
    assert out.splitlines()[-1] == "1 of your marks are for works no longer in it (kept; aligntui marks --orphans)"
