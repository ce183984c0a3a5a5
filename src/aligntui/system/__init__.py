"""The world outside the process: atomic writes, advisory locks, regular-file reads,
aligntui's folders, the TOML reader, the clipboard, the web browser and crash reports.

Core (no Textual) but not pure: this is where files, locks and processes are touched.
Imports only ``aligntui.text`` and the standard library (and pyperclip for the
clipboard); every other part may import it.
"""
