"""The catalog: its model (immutable dataclasses), loading, validation with
positions, the parse cache, the TOML writer, people's names and title case.

Core: no Textual. Imports ``aligntui.text`` and ``aligntui.system`` only; never
search, browse, cite, personal, paperlist, cli or tui.
"""
