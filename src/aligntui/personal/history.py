"""Mark changes as values, and the undo history of them (pure: no Textual, no files, no clock).

A ``MarkChange`` is what the explorer asks for (set this field of these works
to this value); a ``MarkEdit`` is what was done (each work's value before and
after), which ``MarkHistory`` keeps so that ``u`` can put the values before
back and ``U`` the values after. ``aligntui.personal.files`` turns a change
into an edit by reading the marks store and writes both ways.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from types import MappingProxyType

__all__ = ["MarkChange", "MarkEdit", "MarkField", "MarkHistory", "MarkValue"]

MarkValue = bool | str
"""A field's value: ``starred`` is a bool, ``status`` one of ``marks.STATUSES``, ``note`` any text."""


class MarkField(Enum):
    """The fields of a mark (``aligntui.personal.marks.Mark``) that the explorer changes."""

    STARRED = "starred"
    STATUS = "status"
    NOTE = "note"


@dataclass(frozen=True)
class MarkChange:
    """Set ``field`` of every work in ``work_ids`` to ``value``; ``what`` names them for the notification.

    Raises ``TypeError`` when ``value`` is not of the field's kind (a bool for
    ``STARRED``, text for ``STATUS`` and ``NOTE``), and ``ValueError`` for no works.
    """

    field: MarkField
    work_ids: tuple[str, ...]
    value: MarkValue
    what: str

    def __post_init__(self) -> None:
        if not self.work_ids:
            raise ValueError("a mark change needs at least one work")
        wants_bool = self.field is MarkField.STARRED
        if isinstance(self.value, bool) != wants_bool:
            raise TypeError(f"{self.field.value} takes a {'bool' if wants_bool else 'str'}, not {self.value!r}")


@dataclass(frozen=True)
class MarkEdit:
    """A change as done: the value of ``field`` before and after, by work id; ``done`` says it in words."""

    field: MarkField
    before: Mapping[str, MarkValue]
    after: Mapping[str, MarkValue]
    done: str
    """``Starred 3 works in Benchmarks``: what the change did, for the notifications of undo and redo."""

    def __post_init__(self) -> None:
        if set(self.before) != set(self.after):
            raise ValueError("before and after must name the same works")
        object.__setattr__(self, "before", MappingProxyType(dict(self.before)))
        object.__setattr__(self, "after", MappingProxyType(dict(self.after)))

    @property
    def changed(self) -> bool:
        """Whether some work's value differs before and after (starring starred works changes nothing)."""
        return any(self.before[work_id] != value for work_id, value in self.after.items())


@dataclass
class MarkHistory:
    """The edits that ``undo`` can take back, newest last, and the undone ones ``redo`` can do again.

    A new edit clears what could be redone (the usual editor rule). At most
    ``limit`` edits are kept; the oldest go first.
    """

    limit: int = 200
    _done: list[MarkEdit] = field(default_factory=list)
    _undone: list[MarkEdit] = field(default_factory=list)

    def record(self, edit: MarkEdit) -> None:
        """Remember ``edit`` as the newest change (an edit that changed nothing is not kept)."""
        if not edit.changed:
            return
        self._done.append(edit)
        del self._done[: -self.limit]
        self._undone.clear()

    def undo(self) -> MarkEdit | None:
        """The newest edit to take back (write its ``before``), or None when there is nothing to undo."""
        if not self._done:
            return None
        edit = self._done.pop()
        self._undone.append(edit)
        return edit

    def redo(self) -> MarkEdit | None:
        """The edit undone last, to do again (write its ``after``), or None when there is nothing to redo."""
        if not self._undone:
            return None
        edit = self._undone.pop()
        self._done.append(edit)
        return edit

    @property
    def can_undo(self) -> bool:
        """Whether ``undo`` has an edit to give."""
        return bool(self._done)

    @property
    def can_redo(self) -> bool:
        """Whether ``redo`` has an edit to give."""
        return bool(self._undone)
