"""The help screen: every key by pane, generated from the bindings, and the query language."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

__all__ = ["HelpScreen", "KeyGroups", "binding_groups", "key_name", "keys_markdown"]

QUERY_HELP = """\
Plain words match title, authors, venue, id and section titles; all must match.
  muennighoff            case and accents ignored; typos fall back to close matches
  "human feedback"       a phrase
  -word  -year:2022      exclude
  reward OR preference   either (OR binds looser than AND)
  title:  author:  author:^bai (first author)  venue:  id:  section:"reward model"
  year:2022  year:2021..2023  year:>=2022  has:data  has:code  has:checkpoint  has:leaderboard
  yours: is:starred  is:toread  is:reading  is:read  is:unread  is:inbib  has:note  note:word"""

_KEY_NAMES = {"slash": "/", "question_mark": "?", "escape": "Esc", "enter": "Enter", "space": "Space",
              "pageup": "PgUp", "pagedown": "PgDn", "up": "↑", "down": "↓", "left": "←", "right": "→"}  # fmt: skip


def key_name(key: str) -> str:
    """How a binding's key is written for people (``question_mark`` is ``?``)."""
    return ", ".join(_KEY_NAMES.get(k, k) for k in key.split(","))


KeyGroups = list[tuple[str, list[tuple[str, str]]]]
"""(pane, [(keys, description)]) in the order the help screen lists them."""


def binding_groups(sources: Sequence[tuple[str, Sequence[BindingType], Sequence[tuple[str, str]]]]) -> KeyGroups:
    """Group bindings by pane: keys with one description share a row; ``sources`` gives (pane, bindings, extra rows)."""
    result: KeyGroups = []
    for pane, bindings, extra in sources:
        rows: dict[str, list[str]] = {}
        for binding in bindings:
            assert isinstance(binding, Binding)
            rows.setdefault(binding.tooltip or binding.description, []).append(key_name(binding.key))
        result.append((pane, [(", ".join(keys), description) for description, keys in rows.items()] + list(extra)))
    return result


class HelpScreen(ModalScreen[None]):
    """Lists every binding by pane and the query language."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "dismiss", "Close help", id="help.close"),
        Binding("j,down", "scroll(1)", "Scroll down", show=False, id="help.down"),
        Binding("k,up", "scroll(-1)", "Scroll up", show=False, id="help.up"),
    ]
    """Help keys: Escape or ? closes."""

    def __init__(self, groups: KeyGroups) -> None:
        super().__init__()
        self.groups = groups

    def compose(self) -> ComposeResult:
        text = Text()
        for pane, rows in self.groups:
            text.append(f"{pane}\n", style="bold underline")
            for keys, description in rows:
                text.append(f"  {keys:<22}", style="bold")
                text.append(f"{description}\n")
            text.append("\n")
        text.append("Query language\n", style="bold underline")
        text.append(QUERY_HELP + "\n")
        with VerticalScroll(id="help"):
            yield Static(text, id="help-body")

    def action_scroll(self, lines: int) -> None:
        """Scroll the help text."""
        self.query_one("#help", VerticalScroll).scroll_relative(y=lines, animate=False)

    async def action_dismiss(self, result: None = None) -> None:
        """Close the help screen."""
        self.dismiss(result)


def keys_markdown(groups: KeyGroups) -> str:
    """The README's key table, made from the same groups as the help screen."""
    lines = ["| pane | keys | what |", "|---|---|---|"]
    for pane, rows in groups:
        for keys, description in rows:
            shown = keys.replace("|", "\\|")
            lines.append(f"| {pane} | `{shown}` | {description} |")
    return "\n".join(lines)
