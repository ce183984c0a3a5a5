"""How the main screen shares its width: the stacked layout, the panes' split and the header's title (Rich only)."""

from __future__ import annotations

import re

from rich.cells import cell_len, set_cell_size

__all__ = ["DETAIL_MIN_WIDTH", "NARROW_WIDTH", "header_title", "most_tree_width"]

NARROW_WIDTH = 100
"""Below this many columns the panes stack."""
DETAIL_MIN_WIDTH = 38
"""Side by side, the detail pane keeps this many columns (or 32% of the width, borders included); the tree takes
the rest its rows can use: at 120 columns a title at the deepest level keeps 71 cells."""
HEADER_SIDES = 20
"""Columns of the header that are not the title's: the icon (8), the clock's space (10) and a margin."""


def header_title(title: str, sub_title: str, width: int) -> str:
    """``title`` cut so that ``title — sub_title`` fits a ``width``-column header; the sub-title always stays.

    Shortened to the part before a colon or dash, else to whole words and "…".
    """
    room = width - HEADER_SIDES - cell_len(f" — {sub_title}")
    if cell_len(title) <= room:
        return title
    head = re.split(r": | – | — ", title, maxsplit=1)[0]
    if head != title and cell_len(head) <= room:
        return head
    words = head.split(" ")
    while len(words) > 1 and cell_len(" ".join(words)) + 1 > room:
        words.pop()
    short = " ".join(words)
    return short + "…" if cell_len(short) + 1 <= room else set_cell_size(short, max(room - 1, 0)) + "…"


def most_tree_width(width: int) -> int:
    """The most columns the tree may take side by side; wider terminals widen the detail pane too."""
    return width - max(DETAIL_MIN_WIDTH, width * 8 // 25)
