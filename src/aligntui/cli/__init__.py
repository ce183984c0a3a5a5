"""The command line: argument parsing and one module per group of subcommands
(explorer, validate/list/cite/export/open, marks and bib, import-md).

May import every core part (catalog, search, browse, cite, personal, paperlist,
text, system) and ``aligntui.tui`` only to start the explorer.
"""
