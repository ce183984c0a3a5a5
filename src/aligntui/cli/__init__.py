"""The command line: argument parsing and one module per group of subcommands
(explorer, validate/list/cite/export/open, marks and bib, import-md).

May import every core part (catalog, search, browse, cite, personal, paperlist,
text, system) and ``aligntui.tui`` only to start the explorer.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    """The ``aligntui`` console script: ``aligntui.cli.main.main``, its modules imported with the collector paused.

    Importing makes objects that live as long as the process (modules,
    classes, functions); Python's garbage collector passed over them 94 times,
    12-14 ms of the explorer's start (issue 23). They are frozen out of its
    reach (``gc.freeze``) before it runs again: resumed with them still young,
    its first pass would walk them all at once. Returns the exit status.
    """
    import gc

    running = gc.isenabled()
    gc.disable()
    try:
        from aligntui.cli.main import main as run

        gc.freeze()
    finally:
        if running:
            gc.enable()
    return run(argv)
