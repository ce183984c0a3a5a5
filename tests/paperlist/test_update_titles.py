"""``import-md --update`` takes a title the list corrected, says so, and prints its changes whole into a pipe."""

from __future__ import annotations

from pathlib import Path

import pytest

from aligntui.catalog.load import load_catalog
from aligntui.cli.import_md import changes_table
from aligntui.cli.main import main
from aligntui.paperlist.importer import import_markdown
from aligntui.paperlist.merge import Change, merge_list

LIST = """\
## Alignment
- Kaf Constitutional Trainig [[Paper]](https://arxiv.org/abs/2401.00161)
- Lamed Debate Protocols For Very Long Conversations Between Many Models
- Mem Oversight Games [[Paper]](https://arxiv.org/abs/2401.00163)
"""

FIXED = (
    LIST.replace("Trainig", "Training")
    .replace("Conversations Between", "Conversation Between")
    .replace("Mem Oversight Games", "Mem Oversight Games Revisited")
)


def test_corrected_titles_are_taken_and_reported() -> None:
    before = import_markdown(LIST, "list.md").catalog
    merged = merge_list(before, import_markdown(FIXED, "list.md").catalog)
    details = sorted(c.detail for c in merged.changes if c.kind == "title")
    assert details == [
        "'Kaf Constitutional Trainig' -> 'Kaf Constitutional Training'",
        "'Lamed Debate Protocols For Very Long Conversations Between Many Models' -> "
        "'Lamed Debate Protocols For Very Long Conversation Between Many Models'",
        "'Mem Oversight Games' -> 'Mem Oversight Games Revisited'",
    ]
    assert sorted(w.title for w in merged.catalog.works.values()) == sorted(
        w.title for w in import_markdown(FIXED, "list.md").catalog.works.values()
    )
    assert len(merged.catalog.works) == 3  # no work added, none lost
    assert merged.modified


def test_a_work_with_a_list_title_keeps_its_record_title() -> None:
    before = import_markdown(LIST, "list.md").catalog
    kaf = next(w for w in before.works.values() if w.title.startswith("Kaf"))
    works = dict(before.works)
    works[kaf.id] = kaf._replace(title="Kaf: Constitutional Training at Scale", list_title=kaf.title)
    from aligntui.catalog.model import Catalog

    catalog = Catalog.build(before.survey, before.sections, works)
    merged = merge_list(catalog, import_markdown(FIXED, "list.md").catalog)
    after = merged.catalog.works[kaf.id]
    assert (after.title, after.list_title) == ("Kaf: Constitutional Training at Scale", "Kaf Constitutional Training")
    assert Change("title", kaf.id, "list title 'Kaf Constitutional Trainig' -> 'Kaf Constitutional Training'") in (
        merged.changes
    )


def test_update_command_applies_title_fixes_and_prints_whole_details(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "list.md").write_text(LIST, encoding="utf-8")
    target = tmp_path / "catalog.toml"
    assert main(["import-md", str(tmp_path / "list.md"), "-o", str(target)]) == 0
    (tmp_path / "list.md").write_text(FIXED, encoding="utf-8")
    capsys.readouterr()
    assert main(["import-md", str(tmp_path / "list.md"), "--update", str(target)]) == 0
    out, _ = capsys.readouterr()
    long_line = next(line for line in out.splitlines() if "Lamed" in line)
    assert long_line.endswith("'Lamed Debate Protocols For Very Long Conversation Between Many Models'")  # not cut
    assert len(long_line) > 120
    titles = {w.title for w in load_catalog(target).works.values()}
    assert "Kaf Constitutional Training" in titles and "Kaf Constitutional Trainig" not in titles


def test_changes_table_cuts_only_for_a_terminal_width() -> None:
    change = Change("title", "x", "a" * 300)
    assert changes_table([change]).endswith("a" * 300)
    cut = changes_table([change], 80).splitlines()[1]
    assert len(cut) == 80 and cut.endswith("…")
