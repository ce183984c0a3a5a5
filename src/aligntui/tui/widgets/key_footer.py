"""The footer: the keys of the screen it is on that fit the width, help always first."""

from __future__ import annotations

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.binding import Binding
from textual.dom import DOMNode
from textual.events import Resize
from textual.widgets import Footer

from aligntui.tui.textual_private import FooterKey, footer_bindings_ready

__all__ = ["KeyFooter", "footer_order"]

HELP_ACTIONS = ("app.help", "help")
"""Actions that open help: the footer always shows them, first."""


def footer_order(entries: list[tuple[Binding, int]], width: int, compact: bool) -> list[Binding]:
    """The bindings that fit ``width`` cells, in priority order; ``entries`` are (binding, rank), lower rank first.

    Help ranks first and is always kept; the rest keep their rank order and
    stop at the first one that does not fit, so the shown keys are a prefix of
    the priority list (widths as Textual's ``FooterKey`` draws them).
    """
    ordered = sorted(entries, key=lambda entry: (entry[0].action not in HELP_ACTIONS, entry[1]))
    shown: list[Binding] = []
    used = 0
    for binding, _ in ordered:
        key_cells = cell_len(binding.key_display or binding.key)
        cells = key_cells + cell_len(binding.description) + (2 if compact else 3)
        if binding.action not in HELP_ACTIONS and used + cells > width:
            break
        shown.append(binding)
        used += cells
    return shown


class KeyFooter(Footer):
    """A one-line footer of the keys that fit: help, then the screen's own keys, the focused pane's, the App's."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, show_command_palette=False)
        self._width = 0

    def _rank(self, namespace: DOMNode, binding: Binding) -> int:
        if namespace is self.screen:
            return 1
        if namespace is self.app:
            return 3
        return 2

    def compose(self) -> ComposeResult:
        if not footer_bindings_ready(self):
            return
        self._width = self.app.size.width
        self.compact = False  # Textual draws a compact key without a space before its description
        entries: list[tuple[Binding, int]] = []
        enabled_of: dict[str, bool] = {}
        seen: set[str] = set()
        active = self.screen.active_bindings
        palette = self.app.COMMAND_PALETTE_BINDING if self.app.ENABLE_COMMAND_PALETTE else None
        for key, (namespace, binding, enabled, _tooltip) in active.items():
            if not (binding.show or key == palette) or binding.action in seen:
                continue
            seen.add(binding.action)
            display = self.app.get_key_display(binding)
            shown = Binding(binding.key, binding.action, binding.description, key_display=display)
            entries.append((shown, 4 if key == palette else self._rank(namespace, binding)))
            enabled_of[binding.action] = enabled
        for binding in footer_order(entries, self._width, self.compact):
            yield FooterKey(
                binding.key.split(",")[0],
                binding.key_display or binding.key,
                binding.description,
                binding.action,
                disabled=not enabled_of[binding.action],
            ).data_bind(compact=Footer.compact)

    def on_resize(self, event: Resize) -> None:
        if self.app.size.width != self._width:
            self.call_after_refresh(self.recompose)
