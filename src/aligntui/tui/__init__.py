"""The explorer: the Textual App (the only place that acts: clipboard, browser,
files, notifications), its screens, widgets and dialogs, and the Rich rendering
helpers in ``render``. ``marks_signal`` is the App's one announcement that marks
changed; ``textual_private`` is the only module that touches Textual's private API.

May import every core part; no core part imports it.
"""
