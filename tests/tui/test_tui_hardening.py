"""The TUI under hostile text, tiny terminals, crashes and signals: literal text, a notice, a report, a clean exit."""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

import pytest

from aligntui.browse.model import NodeRef
from aligntui.catalog.load import load_catalog, parse_catalog
from aligntui.catalog.model import Catalog
from aligntui.personal.settings import Settings
from aligntui.tui.app import make_app
from aligntui.tui.screens.picker import Picker
from aligntui.tui.screens.too_small import TooSmall
from aligntui.tui.textual_private import notification_texts

from ..conftest import DATA, UI_CATALOG

MARKUP = [
    "[link=file:///etc/passwd]pw[/link]",
    "stray [/] close",
    "[@click=app.quit]x[/]",
    "[bold red]loud[/]",
    "[TODO]",
]


def _hostile_catalog(title: str) -> Catalog:
    text = (DATA / "small.toml").read_text(encoding="utf-8")
    text = text.replace('title = "Alpha"', f'title = "{title}"', 1)
    return parse_catalog(text, "hostile.toml")


@pytest.mark.parametrize("title", MARKUP)
async def test_notifications_show_catalog_text_literally(title: str) -> None:
    catalog = _hostile_catalog(title)
    assert catalog.sections["a"].title == title
    app = make_app(catalog, Settings(clipboard="osc52"), state={})
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.main.taxonomy.cursor_ref == NodeRef("a")
        await pilot.press("c")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.is_running
        assert any(title in n for n in notification_texts(app))
        app.notify(f"Copied BibTeX for {title}")  # what a notification holds is never markup
        await pilot.pause()
        assert app.is_running


async def test_a_bad_clipboard_setting_is_shown_literally(monkeypatch: pytest.MonkeyPatch) -> None:
    from aligntui.personal.settings import load_settings

    monkeypatch.setenv("ALIGNTUI_CLIPBOARD", "[/]")
    app = make_app(load_catalog(UI_CATALOG), load_settings(), state={})
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.is_running
        assert any("'[/]'" in n for n in notification_texts(app))


@pytest.mark.parametrize("size", [(39, 20), (80, 11), (10, 3)])
async def test_below_the_smallest_size_a_notice_covers_the_app(size: tuple[int, int]) -> None:
    app = make_app(load_catalog(UI_CATALOG), Settings(clipboard="osc52"), state={})
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TooSmall)
        await pilot.press("ctrl+p", "C", "question_mark")
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert not isinstance(app.screen, TooSmall)
        assert app.screen is app.main


@pytest.mark.parametrize("key", ["C", "Y", "O"])
async def test_pickers_survive_shrinking_to_a_sliver(key: str) -> None:
    app = make_app(load_catalog(UI_CATALOG), Settings(clipboard="osc52"), state={})
    async with app.run_test(size=(120, 40)) as pilot:
        assert app.main.taxonomy.select_ref(NodeRef("definition.instructions.achievement", "sanh2021multitask"))
        await pilot.press(key)
        await pilot.pause()
        assert isinstance(app.screen, Picker)
        for width in (11, 6, 3):
            await pilot.resize_terminal(width, 10)
            await pilot.pause()
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert isinstance(app.screen, Picker) and app.is_running


async def test_a_crash_writes_a_report_and_exits_non_zero(tmp_path: Path) -> None:
    app = make_app(load_catalog(UI_CATALOG), Settings(clipboard="osc52"), state={})

    def boom() -> None:
        raise ValueError("kaboom")

    with pytest.raises(ValueError, match="kaboom"):
        async with app.run_test(size=(120, 40)) as pilot:
            app.main.action_copy_bibtex = boom  # type: ignore[method-assign]
            await pilot.press("c")
            await pilot.pause()
    assert app.return_code == 1
    assert app.crash_report is not None and app.crash_report.parent == Path(os.environ["ALIGNTUI_STATE_DIR"])
    assert "ValueError: kaboom" in app.crash_report.read_text(encoding="utf-8")


def test_the_command_line_reports_a_crash_in_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    import aligntui.tui.app
    from aligntui.cli.main import main

    report = tmp_path / "crash.txt"

    class Crashed:
        return_code = 1
        crash_report = report
        _exception = ValueError("kaboom")

        def run(self) -> None:
            pass

        def store_parse_cache(self) -> None:
            pass

    monkeypatch.setattr(aligntui.tui.app, "make_app", lambda catalog, **options: Crashed())
    assert main(["--catalog", str(UI_CATALOG)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [
        f"aligntui: the explorer stopped on an unexpected error (ValueError: kaboom); the full traceback is in {report}"
    ]


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_a_signal_restores_the_terminal(signum: int) -> None:
    from ..pseudo_terminal import run_until_signal

    output, status = run_until_signal({"COLUMNS": "100", "LINES": "30"}, b"Definition of Alignment", signum)
    assert b"Definition of Alignment" in output, output[-500:]
    assert status == 128 + signum
    tail = output[output.rindex(b"Definition of Alignment") :]
    assert b"\x1b[?1049l" in tail  # the alternate screen is left
    assert b"\x1b[?25h" in tail  # the cursor is shown again
    assert b"\x1b[?1000l" in tail  # mouse reporting is off
