"""The error a .bib file raises, in a module of its own so that catching it imports no parser.

``aligntui.cli`` and ``aligntui.personal.files`` catch ``BibError`` on every
start; the reader and writer that raise it (``bibparse``, ``bibfile``) are
imported only when a .bib file is read or written.
"""

from __future__ import annotations

__all__ = ["BibError"]


class BibError(Exception):
    """A .bib file that cannot be read or written; ``file`` and ``line`` (0: the whole file) say where."""

    def __init__(self, file: str, line: int, message: str) -> None:
        self.file = file
        self.line = line
        self.message = message
        super().__init__(f"{file}:{line}: {message}" if line > 0 else f"{file}: {message}")
