"""The explorer says only what happened: copies through a fake tmux, a failing opener, and the app in a browser."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

from aligntui.browse.model import NodeRef
from aligntui.catalog.model import Catalog
from aligntui.cite.formats import to_bibtex
from aligntui.personal.settings import Settings
from aligntui.system import browser as links
from aligntui.system import clipboard
from aligntui.tui.app import AlignApp, make_app
from aligntui.tui.screens.picker import Picker
from aligntui.tui.screens.show_text import ShowText

SIZE = (120, 40)
SANH = NodeRef("definition.instructions.achievement", "sanh2021multitask")
PAPER = "https://arxiv.org/pdf/2110.08207.pdf"

FAKE_TMUX = f"""#!{sys.executable}
import json, os, sys
args = sys.argv[1:]
data = sys.stdin.read() if args[:1] == ["load-buffer"] else ""
with open(os.environ["FAKE_TMUX_LOG"], "a", encoding="utf-8") as log:
    log.write(json.dumps({{"argv": args, "stdin": data}}) + "\\n")
if args[0] == "show-options":
    print("set-clipboard " + os.environ["FAKE_SET_CLIPBOARD"])
elif args[0] == "display-message":
    print("bpaste,clipboard,focus,title")
elif args[0] == "load-buffer" and os.environ.get("FAKE_LOAD_FAILS"):
    sys.stderr.write(os.environ["FAKE_LOAD_FAILS"] + "\\n")
    sys.exit(1)
"""

FAKE_OPENER = f"""#!{sys.executable}
import sys
print("opener chatter")
sys.stderr.write("gio: no handler for " + sys.argv[1] + "\\n")
sys.exit(4)
"""


@pytest.fixture
def catalog(ui_catalog: Catalog) -> Catalog:
    """These tests run on the small test catalog."""
    return ui_catalog


@pytest.fixture
def fresh_notices(monkeypatch: pytest.MonkeyPatch) -> clipboard.Notices:
    """A session of its own, so that a reason told in another test is told again here."""
    notices = clipboard.Notices()
    monkeypatch.setattr(clipboard, "SESSION_NOTICES", notices)
    return notices


def install(folder: Path, name: str, script: str) -> Path:
    folder.mkdir(exist_ok=True)
    program = folder / name
    program.write_text(script, encoding="utf-8")
    program.chmod(0o755)
    return program


def notifications(app: AlignApp) -> list[str]:
    return [n.message for n in app._notifications]


async def settle(app: AlignApp, pilot: Any) -> None:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def on_sanh(app: AlignApp, pilot: Any) -> None:
    await pilot.pause()
    assert app.main.taxonomy.select_ref(SANH)
    await pilot.pause()


@pytest.mark.parametrize("setting", ["off", "external", "on"])
async def test_c_in_tmux_loads_tmux_buffer(
    catalog: Catalog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, setting: str
) -> None:
    install(tmp_path / "bin", "tmux", FAKE_TMUX)
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    monkeypatch.setenv("TMUX", "/tmp/tmux-0/default,1,0")
    monkeypatch.setenv("FAKE_TMUX_LOG", str(tmp_path / "tmux.log"))
    monkeypatch.setenv("FAKE_SET_CLIPBOARD", setting)
    app = make_app(catalog, Settings(clipboard="osc52"))
    async with app.run_test(size=SIZE) as pilot:
        await on_sanh(app, pilot)
        await pilot.press("c")
        await settle(app, pilot)
        bibtex = to_bibtex(catalog.works["sanh2021multitask"])
        assert notifications(app) == [
            "Copied BibTeX for sanh2021multitask (in tmux's buffer (paste with prefix ]); also sent to your terminal)"
        ]
    calls = [json.loads(line) for line in (tmp_path / "tmux.log").read_text(encoding="utf-8").splitlines()]
    assert {"argv": ["load-buffer", "-w", "-"], "stdin": bibtex} in calls


async def test_tmux_that_drops_osc52_and_refuses_the_buffer_shows_the_text(
    catalog: Catalog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    install(tmp_path / "bin", "tmux", FAKE_TMUX)
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    monkeypatch.setenv("TMUX", "/tmp/tmux-0/default,1,0")
    monkeypatch.setenv("FAKE_TMUX_LOG", str(tmp_path / "tmux.log"))
    monkeypatch.setenv("FAKE_SET_CLIPBOARD", "external")
    monkeypatch.setenv("FAKE_LOAD_FAILS", "no current client")
    app = make_app(catalog, Settings(clipboard="osc52"))
    async with app.run_test(size=SIZE) as pilot:
        await on_sanh(app, pilot)
        await pilot.press("y")
        await settle(app, pilot)
        assert isinstance(app.screen, ShowText)
        assert not any(n.startswith("Copied") for n in notifications(app))


async def test_a_failing_system_clipboard_is_named_once(
    catalog: Catalog, fresh_notices: clipboard.Notices, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(clipboard, "native_copy", lambda text: "the system clipboard needs xclip or xsel")
    app = make_app(catalog, Settings(clipboard="auto"))
    async with app.run_test(size=SIZE) as pilot:
        await on_sanh(app, pilot)
        await pilot.press("y")
        await settle(app, pilot)
        await pilot.press("y")
        await settle(app, pilot)
        first, second = notifications(app)
        assert first.endswith("System clipboard: the system clipboard needs xclip or xsel.")
        assert "xclip" not in second and second.startswith("Sent Paper link of sanh2021multitask to the terminal")


async def test_a_long_copy_offers_the_dialog_or_a_file(catalog: Catalog, monkeypatch: pytest.MonkeyPatch) -> None:
    saved: list[tuple[str, str]] = []

    def deliver_text(self: AlignApp, file: Any, **options: Any) -> str:
        saved.append((file.read(), options["save_filename"]))
        return "key"

    monkeypatch.setattr(AlignApp, "deliver_text", deliver_text)
    app = make_app(catalog, Settings(clipboard="osc52"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("c")  # the root section: 17 BibTeX entries
        await settle(app, pilot)
        assert isinstance(app.screen, Picker)
        assert "may be dropped" in app.screen._title
        await pilot.press("enter")  # show it
        await pilot.pause()
        assert isinstance(app.screen, ShowText)
        await pilot.press("escape", "c")
        await settle(app, pilot)
        await pilot.press("down", "enter")  # save it as a file
        await settle(app, pilot)
        assert saved and saved[0][0] == app.clipboard and saved[0][1].startswith("aligntui-copy-")


async def test_a_failing_opener_never_says_opened_nor_writes_on_the_screen(
    catalog: Catalog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    opener = install(tmp_path / "bin", "xdg-open", FAKE_OPENER)
    monkeypatch.setattr(links, "_has_graphical_browser", lambda: True)
    monkeypatch.setenv("BROWSER", str(opener))
    app = make_app(catalog, Settings(clipboard="osc52"))
    async with app.run_test(size=SIZE) as pilot:
        await on_sanh(app, pilot)
        await pilot.press("o")
        await settle(app, pilot)
        assert not any(n.startswith("Opened") for n in notifications(app))
        assert isinstance(app.screen, Picker)
        assert (
            app.screen._title == f"xdg-open failed (exit status 4): gio: no handler for {PAPER}. Copy the link instead?"
        )
    captured = capfd.readouterr()
    assert "gio" not in captured.out + captured.err and "opener chatter" not in captured.out + captured.err


async def test_in_a_browser_links_and_copies_go_to_the_visitor(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []
    sent: list[str] = []

    def server_side(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("nothing on the server may be used")

    monkeypatch.setattr(AlignApp, "is_web", property(lambda self: True))
    monkeypatch.setattr(AlignApp, "open_url", lambda self, url, new_tab=True: asked.append(url))
    original = AlignApp.copy_to_clipboard

    def copy_to_clipboard(self: AlignApp, text: str) -> None:
        sent.append(text)
        original(self, text)

    monkeypatch.setattr(AlignApp, "copy_to_clipboard", copy_to_clipboard)
    monkeypatch.setattr(links, "open_url", server_side)
    monkeypatch.setattr(clipboard, "native_copy", server_side)
    app = make_app(catalog, Settings(clipboard="native"))
    async with app.run_test(size=SIZE) as pilot:
        await on_sanh(app, pilot)
        await pilot.press("o")
        await settle(app, pilot)
        assert asked == [PAPER]
        await pilot.press("y")
        await settle(app, pilot)
        assert sent == [PAPER] and app.clipboard == PAPER
        assert notifications(app) == [
            "Asked your browser to open Paper link of sanh2021multitask",
            "Sent Paper link of sanh2021multitask to your browser's clipboard through the page",
        ]
