"""Untrusted text made safe: which characters may reach a terminal (``safe``), case- and
accent-insensitive folding for search (``fold``) and the one rule for web URLs (``weburl``).

Core and pure: no Textual, no I/O. Imports only the standard library; every other
part of aligntui may import it.
"""
