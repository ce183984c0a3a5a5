"""The undo history of mark changes (pure): a table of steps through one test, and the checks of a change."""

from __future__ import annotations

import pytest

from aligntui.personal.history import MarkChange, MarkEdit, MarkField, MarkHistory


def edit(name: str, before: bool = False, after: bool = True) -> MarkEdit:
    return MarkEdit(MarkField.STARRED, {name: before}, {name: after}, f"Starred {name}")


@pytest.mark.parametrize(
    ("steps", "given", "can_undo", "can_redo"),
    [
        ("ab", "", True, False),
        ("ab<", "b", True, True),
        ("ab<<<", "ba-", False, True),
        ("ab<<>", "baa", True, True),
        ("a<c<", "ac", False, True),  # a new change forgets what could be redone: c, not a, comes back
        ("a<c>", "a-", True, False),
        (">a>", "--", True, False),
        ("a=<", "a", False, True),  # "=" changes nothing, so it is not kept
    ],
)
def test_undo_and_redo_steps(steps: str, given: str, can_undo: bool, can_redo: bool) -> None:
    """``<`` undoes, ``>`` redoes, a letter records starring that work; ``given``: each edit undo/redo gave."""
    history = MarkHistory()
    seen = ""
    for step in steps:
        if step in "<>":
            got = history.undo() if step == "<" else history.redo()
            seen += next(iter(got.after)) if got else "-"
        else:
            history.record(edit(step, after=step != "="))
    assert (seen, history.can_undo, history.can_redo) == (given, can_undo, can_redo)


def test_the_oldest_edits_go_past_the_limit() -> None:
    history = MarkHistory(limit=2)
    for name in "abc":
        history.record(edit(name))
    assert [next(iter(e.after)) for e in (history.undo(), history.undo()) if e] == ["c", "b"]
    assert history.undo() is None and not history.can_undo and history.can_redo


def test_an_edit_keeps_each_works_value_before() -> None:
    mixed = MarkEdit(MarkField.STARRED, {"a": True, "b": False}, {"a": True, "b": True}, "Starred 2 works")
    assert mixed.changed
    assert dict(mixed.before) == {"a": True, "b": False}
    with pytest.raises(TypeError):
        mixed.before["a"] = False  # type: ignore[index]
    with pytest.raises(ValueError, match="same works"):
        MarkEdit(MarkField.NOTE, {"a": ""}, {"b": "x"}, "")


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        (MarkField.STARRED, "yes", TypeError),
        (MarkField.STATUS, True, TypeError),
        (MarkField.NOTE, False, TypeError),
    ],
)
def test_a_change_takes_only_its_fields_kind_of_value(field: MarkField, value: bool | str, error: type) -> None:
    with pytest.raises(error):
        MarkChange(field, ("a",), value, "a")
    with pytest.raises(ValueError, match="at least one work"):
        MarkChange(MarkField.NOTE, (), "x", "nothing")
