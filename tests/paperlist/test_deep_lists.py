"""Lists nested deeper than markdown-it reads by default, and list files with unsafe names."""

from __future__ import annotations

from aligntui.paperlist.importer import MAX_DEPTH, import_markdown


def _nested(depth: int) -> str:
    lines = ["# Papers", ""]
    lines += ["  " * level + f"- Group {level}" for level in range(depth)]
    lines += ["", "## Later", "", "- [A Later Paper](https://example.org/later), Smith et al., 2020"]
    return "\n".join(lines) + "\n"


def test_a_list_nested_ten_deep_keeps_the_headings_after_it() -> None:
    result = import_markdown(_nested(12), "deep.md")
    assert "A Later Paper" in [w.title for w in result.catalog.works.values()]


def test_lines_deeper_than_the_limit_are_reported_not_lost() -> None:
    result = import_markdown(_nested(MAX_DEPTH + 5), "deep.md")
    assert "A Later Paper" in [w.title for w in result.catalog.works.values()]
    deep = [s for s in result.skipped if "levels deep" in s.reason]
    assert [s.line for s in deep] == list(range(MAX_DEPTH + 4, MAX_DEPTH + 8))


def test_a_file_name_with_control_and_bidi_characters_makes_a_safe_title() -> None:
    result = import_markdown("- [A Paper](https://example.org/a), Smith et al., 2020\n", "list\x1b]2;x\x07\u202e.md")
    assert result.catalog.survey.title == "list]2;x.md"
