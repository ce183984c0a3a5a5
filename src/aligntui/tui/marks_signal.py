"""The App's one announcement that one's marks (or the .bib file) changed, and how a widget listens to it.

The App writes a change (``aligntui.personal.files``) and then publishes
``MarksChanged`` on its ``marks_changed_signal`` (a Textual ``Signal``, as in
elia's ``runtime_config_signal``); the main screen, the tree rows and the
detail pane's "Yours" block each subscribe with ``on_marks_changed`` and
update themselves. Nothing else calls into them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from textual.dom import DOMNode
from textual.signal import Signal

__all__ = ["AnnouncesMarks", "MarksChanged", "on_marks_changed"]


@dataclass(frozen=True)
class MarksChanged:
    """The marks of ``work_ids`` changed; None: any work's may have (another .bib file was chosen)."""

    work_ids: frozenset[str] | None

    def concerns(self, work_id: str) -> bool:
        """Whether ``work_id``'s marks or .bib sign may have changed."""
        return self.work_ids is None or work_id in self.work_ids


@runtime_checkable
class AnnouncesMarks(Protocol):
    """An App that publishes ``MarksChanged`` after each write (``aligntui.tui.app.AlignApp``)."""

    marks_changed_signal: Signal[MarksChanged]


def on_marks_changed(node: DOMNode, callback: Callable[[MarksChanged], object]) -> None:
    """Call ``callback`` on ``node`` (mounted) each time its App announces changed marks; nothing in other Apps.

    The callback runs at once, inside the App's write, so that the screen is
    up to date before the App handles the next key.
    """
    app = node.app
    if isinstance(app, AnnouncesMarks):
        app.marks_changed_signal.subscribe(node, callback, immediate=True)
