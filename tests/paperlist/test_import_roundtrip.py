"""Round trips: the survey's list and the bundled catalog, ``--update``, ``export --format list``, the other list.

The reference lists live outside the project (../shared/reference) and are read
where they are; tests that need one skip when it is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aligntui.catalog.load import bundled_catalog_path, load_catalog, parse_catalog
from aligntui.catalog.model import Catalog, Link, Work
from aligntui.catalog.toml_writer import catalog_to_toml
from aligntui.cite.formats import to_list_entry
from aligntui.cli.main import main
from aligntui.paperlist.export import to_list_markdown
from aligntui.paperlist.importer import import_markdown
from aligntui.paperlist.merge import merge_list
from aligntui.text.fold import title_key as normalise_title

from ..conftest import REFERENCE
from .test_import_md import list_item_lines

SURVEY_LIST = REFERENCE / "alignment-goal-survey-README.md"
OTHER_LIST = REFERENCE / "align-llm-human-survey-README.md"
needs_survey = pytest.mark.skipif(not SURVEY_LIST.is_file(), reason="the survey's list is not beside the project")
needs_other = pytest.mark.skipif(not OTHER_LIST.is_file(), reason="the other survey's list is not beside the project")

NEW_ENTRY = (
    "1. **A Brand New Paper about Alignment**. *Newman et al.* arXiv 2024. "
    "[[Paper](https://arxiv.org/pdf/2401.00001.pdf)][[Data](https://example.org/new-data)]"
)


def kinds(changes: object) -> set[tuple[str, str]]:
    return {(c.kind, c.subject) for c in changes}  # type: ignore[attr-defined]


def layout(catalog: Catalog) -> list[tuple[tuple[str, ...], str, list[str], list[tuple[Link, ...]]]]:
    """Every section: its path, description, its works' normalised titles and their links, in order."""
    return [
        (
            s.path,
            s.description,
            [normalise_title(catalog.works[w].title) for w in s.works],
            [catalog.works[w].links for w in s.works],
        )
        for s in catalog.walk()
    ]


def assert_same_except(before: Catalog, after: Catalog, changed: set[str]) -> None:
    """Every work not in ``changed`` keeps every fact it had."""
    for work_id, work in before.works.items():
        if work_id not in changed:
            assert after.works[work_id] == work, work_id


# --- the survey's own list ---------------------------------------------------------------------------------


@needs_survey
def test_update_of_the_bundled_catalog_with_its_own_list_changes_nothing(catalog: Catalog) -> None:
    imported = import_markdown(SURVEY_LIST.read_text(encoding="utf-8"), SURVEY_LIST.name)
    for prune in (False, True):
        merged = merge_list(catalog, imported.catalog, prune=prune)
        assert merged.changes == ()
        assert list(merged.catalog.sections.values()) == list(catalog.sections.values())
        assert dict(merged.catalog.works) == dict(catalog.works)


def _line_of(lines: list[str], fragment: str) -> int:
    (index,) = [i for i, line in enumerate(lines) if fragment in line]
    return index


@needs_survey
def test_update_with_an_entry_added_removed_and_moved(catalog: Catalog) -> None:
    lines = SURVEY_LIST.read_text(encoding="utf-8").splitlines()
    moved = lines.pop(_line_of(lines, "Red teaming ChatGPT via Jailbreaking"))
    del lines[_line_of(lines, "Direct preference optimization")]
    anchor = _line_of(lines, "Probing pre-trained language models for cross-cultural")
    lines[anchor + 1 : anchor + 1] = [moved, NEW_ENTRY]
    imported = import_markdown("\n".join(lines), "changed.md")
    merged = merge_list(catalog, imported.catalog)
    assert kinds(merged.changes) == {
        ("added", "newman2024brand"),
        ("not in list", "rafailov2023direct"),
        ("moved", "zhuo2023red"),
    }
    after = merged.catalog
    surveys = after.sections["evaluation.values.benchmarks.surveys"]
    assert surveys.works[-2:] == ("zhuo2023red", "newman2024brand")
    assert after.memberships["zhuo2023red"] == ("evaluation.values.benchmarks.surveys",)
    assert after.memberships["rafailov2023direct"] == catalog.memberships["rafailov2023direct"]
    assert_same_except(catalog, after, {"newman2024brand"})
    new = after.works["newman2024brand"]
    assert (new.arxiv, new.source, new.year) == ("2401.00001", "https://arxiv.org/abs/2401.00001", 2024)
    pruned = merge_list(catalog, imported.catalog, prune=True)
    assert ("removed", "rafailov2023direct") in kinds(pruned.changes)
    assert "rafailov2023direct" not in pruned.catalog.works
    assert_same_except(catalog, pruned.catalog, {"newman2024brand", "rafailov2023direct"})
    parse_catalog(catalog_to_toml(pruned.catalog), "pruned.toml")


# --- the list written by export, always available ------------------------------------------------------------


def _entry_line(lines: list[str], work: Work) -> int:
    entry = to_list_entry(work, 1, clean=False).split(" ", 1)[1]
    (index,) = [i for i, line in enumerate(lines) if line.split(" ", 1)[-1] == entry]
    return index


def test_export_list_round_trips(catalog: Catalog, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--format", "list"]) == 0
    text = capsys.readouterr().out
    imported = import_markdown(text, "exported.md")
    assert imported.skipped == ()
    assert layout(imported.catalog) == layout(catalog)
    assert imported.catalog.survey.title == catalog.survey.title
    assert merge_list(catalog, imported.catalog).changes == ()


def test_export_list_of_a_query_keeps_only_its_sections(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--format", "list", "author:rafailov"]) == 0
    text = capsys.readouterr().out
    assert text.count("1. **") == 1 and "Direct Preference Optimization" in text
    assert [line for line in text.splitlines() if line.startswith("#")][1:] == [
        "## Evaluation of Alignment",
        "### Human Preferences",
        "#### Reward Model",
    ]


def test_update_from_an_edited_export(catalog: Catalog) -> None:
    lines = to_list_markdown(catalog).splitlines()
    works = catalog.works
    moved = lines.pop(_entry_line(lines, works["zhuo2023red"]))
    del lines[_entry_line(lines, works["rafailov2023direct"])]
    anchor = _entry_line(lines, works["arora2022probing"])
    lines[anchor + 1 : anchor + 1] = [moved, NEW_ENTRY]
    changed = "\n".join(lines).replace(works["kwon2023reward"].links[0].url, "https://arxiv.org/abs/2303.00001")
    merged = merge_list(catalog, import_markdown(changed, "edited.md").catalog)
    assert kinds(merged.changes) == {
        ("added", "newman2024brand"),
        ("not in list", "rafailov2023direct"),
        ("moved", "zhuo2023red"),
        ("links", "kwon2023reward"),
    }
    kwon = merged.catalog.works["kwon2023reward"]
    assert kwon.links == (Link("Paper", "https://arxiv.org/abs/2303.00001"),)
    assert kwon._replace(links=works["kwon2023reward"].links) == works["kwon2023reward"]
    assert_same_except(catalog, merged.catalog, {"newman2024brand", "kwon2023reward"})


def test_import_md_update_command(tmp_path: Path, capsys: pytest.CaptureFixture[str], catalog: Catalog) -> None:
    target = tmp_path / "catalog.toml"
    original = bundled_catalog_path().read_text(encoding="utf-8")
    target.write_text(original, encoding="utf-8")
    edited = tmp_path / "list.md"
    lines = to_list_markdown(catalog).splitlines()
    lines.insert(_entry_line(lines, catalog.works["arora2022probing"]) + 1, NEW_ENTRY)
    edited.write_text("\n".join(lines), encoding="utf-8")

    assert main(["import-md", str(edited), "--update", str(target), "--dry-run"]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines()[1].split()[:2] == ["added", "newman2024brand"]
    assert "dry run: nothing written" in err
    assert target.read_text(encoding="utf-8") == original

    assert main(["import-md", str(edited), "--update", str(target)]) == 0
    capsys.readouterr()
    updated = load_catalog(target)
    assert target.read_text(encoding="utf-8").startswith("# The survey's catalog for aligntui.")
    assert_same_except(catalog, updated, set())
    assert "newman2024brand" in updated.works

    assert main(["import-md", str(edited), "--update", str(target)]) == 0
    out, err = capsys.readouterr()
    assert out.strip() == "no changes"
    assert "nothing written" in err

    elsewhere = tmp_path / "elsewhere.toml"
    elsewhere.write_text("mine", encoding="utf-8")
    assert main(["import-md", str(edited), "--update", str(target), "-o", str(elsewhere)]) == 2
    assert elsewhere.read_text(encoding="utf-8") == "mine"
    assert main(["import-md", str(edited), "--update", str(target), "-o", str(elsewhere), "--force"]) == 0
    assert load_catalog(elsewhere).works == updated.works


# --- the other survey's list ---------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [SURVEY_LIST, OTHER_LIST], ids=["survey", "other"])
def test_every_item_of_the_reference_lists_is_imported_or_reported(path: Path) -> None:
    if not path.is_file():
        pytest.skip("the reference list is not beside the project")
    text = path.read_text(encoding="utf-8")
    result = import_markdown(text, path.name)
    assert list_item_lines(text) <= result.used_lines | {s.line for s in result.skipped}


@needs_other
def test_other_list_imports_to_a_valid_catalog() -> None:
    result = import_markdown(OTHER_LIST.read_text(encoding="utf-8"), OTHER_LIST.name)
    catalog = parse_catalog(catalog_to_toml(result.catalog), "other.toml")
    assert catalog.survey.title == "Awesome-Align-LLM-Human"
    assert len(catalog.works) > 150
    assert {s.reason for s in result.skipped} >= {"under 'News', a section that holds no papers"}
    assert not any("Contents" in s.title for s in catalog.sections.values())


@needs_other
async def test_other_list_opens_in_the_explorer() -> None:
    from aligntui.tui.app import make_app

    result = import_markdown(OTHER_LIST.read_text(encoding="utf-8"), OTHER_LIST.name)
    catalog = parse_catalog(catalog_to_toml(result.catalog), "other.toml")
    app = make_app(catalog)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()


EDITS = st.lists(
    st.tuples(st.sampled_from(["delete", "insert", "move", "heading"]), st.integers(0, 400), st.integers(0, 400)),
    max_size=8,
)


@settings(max_examples=25)
@given(EDITS, st.booleans())
def test_any_edit_of_the_list_merges_to_a_valid_catalog_once(
    catalog: Catalog, edits: list[tuple[str, int, int]], prune: bool
) -> None:
    """Entries deleted, added or moved, new headings anywhere: a valid catalog, and a second update changes nothing.

    (Two new headings with the same title, splitting other sections, can still
    be matched differently the second time; the headings added here differ.)
    """
    lines = to_list_markdown(catalog).splitlines()
    for n, (edit, a, b) in enumerate(edits):
        a, b = a % len(lines), b % len(lines)
        if edit == "delete" and lines[a][:1].isdigit():
            del lines[a]
        elif edit == "insert":
            lines.insert(a, NEW_ENTRY)
        elif edit == "move" and lines[a][:1].isdigit():
            lines.insert(b, lines.pop(a))
        elif edit == "heading":
            lines.insert(a, "#" * (2 + b % 4) + f" Fresh {n}")
    imported = import_markdown("\n".join(lines), "edited.md").catalog
    merged = parse_catalog(catalog_to_toml(merge_list(catalog, imported, prune=prune).catalog), "merged.toml")
    assert not merge_list(merged, imported, prune=prune).modified


def test_sections_the_list_lacks_are_reported_in_the_catalogs_order_whatever_the_hash_seed(tmp_path: Path) -> None:
    """``--update`` names the sections a list lacks in the catalog's order (it was a set's: the hash seed's)."""
    import os
    import subprocess
    import sys

    text = to_list_markdown(load_catalog(bundled_catalog_path()))
    lines = text.splitlines()
    second = next(i for i, line in enumerate(lines) if line.startswith("### ") and i > 5)
    listing = tmp_path / "list.md"
    listing.write_text("\n".join(lines[:second]) + "\n", encoding="utf-8")  # only the first subsection's works
    target = tmp_path / "catalog.toml"
    target.write_bytes(bundled_catalog_path().read_bytes())
    outputs = set()
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        command = [sys.executable, "-m", "aligntui", "import-md", "--update", str(target), "--dry-run", str(listing)]
        result = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
        outputs.add(result.stdout + result.stderr)
    assert len(outputs) == 1
    (output,) = outputs
    reported = [line for line in output.splitlines() if "section not in list" in line]
    sections = list(load_catalog(target).sections)
    ids = [next(word for word in line.split() if word in sections) for line in reported]
    places = [sections.index(section_id) for section_id in ids]
    assert len(ids) > 3 and places == sorted(places)
