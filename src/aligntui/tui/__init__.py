"""The explorer: the Textual App (the only place that acts: clipboard, browser,
files, notifications), its screens, widgets and dialogs, and the Rich rendering
helpers in ``render``.

May import every core part; no core part imports it.
"""
