"""The smallest Textual app shaped like aligntui: the floor for bench_tui.py.

    python benchmarks/minimal_app.py

A Header, a Tree of 100 leaves, a Static, an Input and a Footer. ``/`` focuses
the Input, as in aligntui; every change of the Input is echoed into the
Static (``query=[...]``), so a keystroke goes through the same round trip as
aligntui's filter (Input.Changed -> App handler -> widget update -> paint)
without any work in between.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Footer, Header, Input, Static, Tree

LEAVES = 100
FIRST_LEAF = "Minimal leaf 001"
"""The label bench_tui.py waits for to call the first paint done."""


class MinimalApp(App[None]):
    """Header, Tree, Static, Input, Footer; nothing else."""

    CSS = """
    Tree { height: 1fr; }
    #echo { height: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "focus_input", "Filter", id="minimal.filter"),
        Binding("q", "quit", "Quit", id="minimal.quit"),
    ]
    """The same two keys aligntui offers for this."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder="/ to type", id="input")
        yield Static(Text("query=[]"), id="echo")
        tree: Tree[int] = Tree("Minimal catalog", id="tree")
        tree.root.expand()
        for n in range(1, LEAVES + 1):
            tree.root.add_leaf(f"Minimal leaf {n:03d}", n)
        yield tree
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(Tree).focus()

    def action_focus_input(self) -> None:
        """Focus the input."""
        self.query_one(Input).focus()

    @on(Input.Changed, "#input")
    def _echo(self, event: Input.Changed) -> None:
        self.query_one("#echo", Static).update(Text(f"query=[{event.value}]"))


if __name__ == "__main__":
    MinimalApp().run()
