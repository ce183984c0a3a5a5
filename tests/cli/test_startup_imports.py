"""The explorer's start imports only what its first screen needs (issue 23: first paint).

Each module named here costs milliseconds of import before the first frame and is needed only
later (a copy, a .bib, a note, the search index's stems). The check runs in a fresh interpreter,
so what other tests imported cannot hide an import.
"""

from __future__ import annotations

import json
import subprocess
import sys

NOT_AT_START = {
    "snowballstemmer": "the stemmer (30 languages) is made when the search index is first prepared",
    "aligntui.personal.bibparse": "the .bib reader: only with --bib, b, or is:inbib",
    "aligntui.personal.bibfile": "the .bib writer: only with --bib, b, or is:inbib",
    "aligntui.personal.bibcheck": "aligntui bib check only",
    "aligntui.system.clipboard": "the first copy imports it",
    "aligntui.system.browser": "the first link opened imports it",
    "textual.widgets._text_area": "the note editor and the show-text dialog import it",
    "aligntui.enrich": "aligntui enrich only",
    "aligntui.paperlist": "aligntui import-md and export --format markdown only",
    "aligntui.cite.formats": "the citation formatters: the first copy or cite imports them",
    "aligntui.tui.screens.help": "the help screen: imported when ? first opens it",
    "aligntui.tui.screens.picker": "the picker dialog: imported when a choice is first asked",
    "aligntui.tui.screens.confirm": "the confirm dialog: imported when a bulk change first asks",
    "tomllib": "the standard library's TOML parser: only for text rtoml refuses, to say what is wrong",
    "aligntui.catalog.validate": "validation: only for a catalog that is not in the parse cache",
    "aligntui.catalog.positions": "file positions for validation's messages: only for a catalog parsed afresh",
}


def test_the_explorers_imports_leave_out_what_only_later_actions_need() -> None:
    code = "import json, sys\nimport aligntui.cli.main, aligntui.tui.app\nprint(json.dumps(sorted(sys.modules)))\n"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = set(json.loads(result.stdout))
    found = {name: why for name, why in NOT_AT_START.items() if name in loaded}
    assert not found, f"imported at start although not needed for the first screen: {found}"


def test_the_console_script_imports_with_the_collector_paused_and_leaves_it_as_it_was() -> None:
    """Issue 23: the modules imported at start are frozen out of the collector's reach, and it runs again after."""
    code = (
        "import gc, json\n"
        "from aligntui.cli import main\n"
        "passes = []\n"
        "gc.callbacks.append(lambda phase, info: passes.append(phase))\n"
        "before = gc.get_freeze_count()\n"
        "status = main(['validate'])\n"
        "running = gc.isenabled()\n"
        "gc.disable()\n"
        "main(['validate'])\n"
        "print(json.dumps([status, running, gc.get_freeze_count() > before, gc.isenabled(), len(passes)]))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    status, running, frozen, enabled_after_own_pause, _ = json.loads(result.stdout.splitlines()[-1])
    assert status == 0 and running and frozen
    assert not enabled_after_own_pause  # a collector someone else paused stays paused
