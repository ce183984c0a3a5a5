"""Markdown paper lists: reading a list into a catalog (import), merging a newer list
into an existing catalog (update) and writing a catalog back as a list (export).

Core and pure: no Textual. May import cite, catalog, text and system; never search,
browse, personal, cli or tui.
"""
