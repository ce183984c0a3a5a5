"""Keys meant for text never act (issue 19): bursts written to a pseudo-terminal in one write, as fast typing sends them.

Each run records where the keys went with a probe run in the app's process
(every query the filter took, the tree's cursor when it did, every dialog
opened), waits for the expected query (a condition, never a fixed time), ends
the app with SIGTERM, and then reads the saved session and the marks file.
"""

from __future__ import annotations

import json
import signal
from pathlib import Path
from typing import Any

import pytest

from aligntui.catalog.model import Catalog
from aligntui.personal.marks import marks_path
from aligntui.personal.session import load_session

from ..pseudo_terminal import run_typing

PROBE = """
import json, os, time
from aligntui.tui.app import AlignApp
from aligntui.tui.screens.main import MainScreen
from aligntui.tui.widgets.detail import PaperDetail

def note(*entry):
    with open(os.environ["ALIGNTUI_TEST_PROBE"], "a", encoding="utf-8") as log:
        log.write(json.dumps(entry) + "\\n")

watch_query = MainScreen.watch_query_text
def watch_query_text(self, text):
    cursor = self.taxonomy.cursor_ref
    note("query", text, [cursor.section, cursor.work] if cursor else None)
    watch_query(self, text)
MainScreen.watch_query_text = watch_query_text

push = AlignApp.push_screen
def push_screen(self, screen, *args, **kwargs):
    note("screen", type(screen).__name__)
    return push(self, screen, *args, **kwargs)
AlignApp.push_screen = push_screen

if not os.environ.get("ALIGNTUI_TEST_SLOW"):  # each key's query at once, however loaded the machine
    MainScreen.ECHO_FIRST_MS = float("inf")
if os.environ.get("ALIGNTUI_TEST_SLOW"):  # artificial load: every detail pane update takes 80 ms
    show_work, show_section = PaperDetail.show_work, PaperDetail.show_section
    def slow_work(self, *args, **kwargs):
        time.sleep(0.08)
        show_work(self, *args, **kwargs)
    def slow_section(self, *args, **kwargs):
        time.sleep(0.08)
        show_section(self, *args, **kwargs)
    PaperDetail.show_work, PaperDetail.show_section = slow_work, slow_section
"""
"""Python run in the app's process before it starts: it logs, it does not change what keys do."""

START = ("definition", None)
"""Where the cursor is at the start of a fresh run: the first section."""

FIRST_LEVEL = ("definition", "evaluation")
"""The sections open at the start of a fresh run."""


def entries(probe: Path) -> list[list[Any]]:
    if not probe.exists():
        return []
    return [json.loads(line) for line in probe.read_text(encoding="utf-8").splitlines()]


def queries(probe: Path) -> list[str]:
    return [entry[1] for entry in typed(entries(probe))]


def typed(log: list[list[Any]]) -> list[list[Any]]:
    """The queries the filter took, each with the cursor just before (the empty query at the start left out)."""
    return [entry for entry in log if entry[0] == "query" and entry[1]]


def run(tmp_path: Path, keys: bytes, query: str, *, at_start: bool = False, slow: bool = False) -> list[list[Any]]:
    """Type ``keys`` in one write (before the first paint if ``at_start``); wait until the filter holds ``query``."""
    probe = tmp_path / "probe.jsonl"
    env = {"ALIGNTUI_TEST_PROBE": str(probe), "ALIGNTUI_TEST_SLOW": "1" if slow else ""}
    ready = None if at_start else b"works"
    output, status = run_typing(
        env, keys, lambda: bool(queries(probe)) and queries(probe)[-1] == query, ready=ready, prelude=PROBE
    )
    assert status == 128 + signal.SIGTERM, output[-2000:]
    return entries(probe)


@pytest.mark.parametrize("slow", [False, True], ids=["idle", "under-load"])
@pytest.mark.parametrize(
    ("keys", "query"),
    [(b"/reward", "reward"), (b"/star", "star"), (b"/jkjk", "jkjk"), (b"/sbmrSu", "sbmrSu")],
    ids=["reward", "star", "jkjk", "mark-keys"],
)
def test_every_key_after_slash_is_filter_text(
    ui_catalog: Catalog, tmp_path: Path, keys: bytes, query: str, slow: bool
) -> None:
    log = run(tmp_path, keys, query, slow=slow)
    shown = [entry[1] for entry in typed(log)]
    if slow:  # once a query is slow, the keys waiting behind it are shown as one query (MainScreen.ECHO_FIRST_MS)
        assert shown[-1] == query and all(query.startswith(text) for text in shown) and shown == sorted(shown, key=len)
    else:
        assert shown == [query[: n + 1] for n in range(len(query))]  # one letter at a time
    assert typed(log)[0][2] == list(START)  # no key moved the cursor before the filter took the text
    assert [entry for entry in log if entry[0] == "screen"] == []  # no dialog: no bulk question, no note editor
    session = load_session(ui_catalog.path)
    assert (session.query, session.open_sections) == (query, FIRST_LEVEL)  # e, E, h, l opened or closed nothing
    assert not marks_path(ui_catalog.path).exists()


@pytest.mark.parametrize("slow", [False, True], ids=["idle", "under-load"])
@pytest.mark.parametrize(
    ("keys", "query"), [(b"/reward", "reward"), (b"jjsl", "jjsl"), (b"s/star", "s/star")], ids=["slash", "jjsl", "star"]
)
def test_keys_typed_before_the_first_paint_are_filter_text(
    ui_catalog: Catalog, tmp_path: Path, keys: bytes, query: str, slow: bool
) -> None:
    log = run(tmp_path, keys, query, at_start=True, slow=slow)
    assert [entry[1:] for entry in typed(log)] == [[query, list(START)]]  # all at once, cursor unmoved
    assert [entry for entry in log if entry[0] == "screen"] == []
    session = load_session(ui_catalog.path)
    assert (session.query, session.open_sections) == (query, FIRST_LEVEL)
    assert not marks_path(ui_catalog.path).exists()


@pytest.mark.parametrize("slow", [False, True], ids=["idle", "under-load"])
def test_keys_after_enter_act_on_the_results_once_the_focus_moved(
    ui_catalog: Catalog, tmp_path: Path, slow: bool
) -> None:
    """``/ouyang`` Enter ``s``: the query stays ``ouyang``; s stars the first match, the one work by Ouyang."""
    probe = tmp_path / "probe.jsonl"
    env = {"ALIGNTUI_TEST_PROBE": str(probe), "ALIGNTUI_TEST_SLOW": "1" if slow else ""}
    path = marks_path(ui_catalog.path)
    _, status = run_typing(env, b"/ouyang\rs", path.exists, ready=b"works", prelude=PROBE)
    assert status == 128 + signal.SIGTERM
    assert queries(probe)[-1] == "ouyang"
    marks = json.loads(path.read_text(encoding="utf-8"))["marks"]
    assert {work_id for work_id, mark in marks.items() if mark["starred"]} == {"ouyang2022training"}
