"""Rich ``Text`` for catalog strings (never markup, never terminal control): row and
section labels, highlighted query words.

Imports Rich, ``aligntui.catalog`` and ``aligntui.text``; no Textual.
"""
