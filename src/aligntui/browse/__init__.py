"""The browsing model the screen renders: for a query, which sections and works show,
their counts, ranking, the next match; section masks; the selection used by every
command-line subcommand, so ``aligntui list`` and the TUI filter never disagree.

Core and pure: no Textual. Imports ``aligntui.search``, ``aligntui.catalog`` and
``aligntui.text``; never personal, cite, paperlist, cli or tui.
"""
