"""The citation styles' names and labels, in a module of their own: the CLI's ``--style`` reads them on every
start, and the formatters (``aligntui.cite.formats``, which re-exports both) are imported only to cite."""

from __future__ import annotations

__all__ = ["STYLES", "STYLE_NAMES"]

STYLE_NAMES: dict[str, str] = {
    "bibtex": "BibTeX",
    "key": "Citation key (\\cite{key})",
    "apa": "APA",
    "ieee": "IEEE",
    "markdown": "Markdown link",
    "list": "Survey list entry",
}
"""Every citation style ``format_citation`` knows, in menu order, with its human label: the one list the CLI's
``--style``, the explorer's citation picker and the settings read."""

STYLES: tuple[str, ...] = tuple(STYLE_NAMES)
"""The styles' names, in menu order."""
