"""The help screen: every key by pane, generated from the bindings, and the query language."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.cells import cell_len
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from aligntui.tui.screens.modal import GuardedModal
from aligntui.tui.widgets.key_footer import KeyFooter

__all__ = ["HelpScreen", "KeyGroups", "binding_groups", "key_name", "keys_markdown"]

QUERY_INTRO = "Plain words match title, authors, venue, id and section titles; all must match."
QUERY_ROWS = [
    ("muennighoff", "case and accents ignored; typos fall back to close matches"),
    ('"human feedback"', "a phrase"),
    ("-word  -year:2022", "exclude"),
    ("reward OR preference", "either (OR binds looser than AND)"),
    ("title:  author:  venue:  id:", "search one field"),
    ("author:^bai", "first author"),
    ('section:"reward model"', "works in sections whose title matches"),
    ("year:2022  year:2021..2023  year:>=2022", "by year"),
    ("has:data  has:code  has:checkpoint  has:leaderboard", "works with such a link"),
    ("is:starred  is:toread  is:reading  is:read  is:unread", "your own marks"),
    ("is:inbib  has:note  note:word", "in your .bib file; with a note; words of your notes"),
]
"""The query language as (example, meaning) rows."""

KEY_COLUMN = 22
"""The help table's key column: wider keys wrap inside it."""

_KEY_NAMES = {"slash": "/", "question_mark": "?", "escape": "Esc", "enter": "Enter", "space": "Space", "plus": "+",
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


def _table(rows: Sequence[tuple[str, str]], key_width: int) -> Table:
    """Two columns, keys (``key_width`` cells) and what they do; a wrapped line stays in its own column."""
    table = Table.grid(padding=(0, 2), expand=True)
    table.add_column(style="bold", width=key_width, overflow="fold")
    table.add_column(ratio=1, overflow="fold")
    for keys, description in rows:
        table.add_row(keys, description)
    return table


class HelpScreen(GuardedModal[None]):
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
        key_width = min(KEY_COLUMN, max((cell_len(keys) for _, rows in self.groups for keys, _ in rows), default=0))
        with VerticalScroll(id="help"):
            for pane, rows in self.groups:
                yield Static(Text(pane, style="bold"), classes="help-heading")
                yield Static(_table(rows, key_width), classes="help-table")
            yield Static(Text("Query language", style="bold"), classes="help-heading")
            yield Static(Text(QUERY_INTRO), classes="help-intro")
            yield Static(_table(QUERY_ROWS, KEY_COLUMN), classes="help-table")
        yield KeyFooter()

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
