"""Citations of catalog works: BibTeX entries and cite keys, APA and IEEE references
through CSL (citeproc-py, with the vendored styles in ``styles/``), Markdown and list
formats.

Core and pure: no Textual. Imports ``aligntui.catalog`` and ``aligntui.text``; never
search, browse, personal, paperlist, cli or tui.
"""
