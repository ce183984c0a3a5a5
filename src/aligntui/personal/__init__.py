"""A person's own files: marks (star, status, note), the session (where one left off),
settings, and the .bib of the paper one is writing (read, append, check); the query
terms that ask about them (is:, has:note, note:, inbib); mark changes as values and their
undo history (``history``, pure).

Core: no Textual; does I/O through ``aligntui.system``. May import browse, search,
cite, catalog, text and system; never paperlist, cli or tui.
"""
