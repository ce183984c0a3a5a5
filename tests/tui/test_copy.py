"""Copying and opening: every key, the notification, and the clipboard fallbacks."""

from __future__ import annotations

import webbrowser
from typing import Any

import pytest
from textual.widgets import OptionList

from aligntui.browse.model import NodeRef
from aligntui.catalog.model import Catalog
from aligntui.cite.formats import to_bibtex
from aligntui.personal.settings import Settings, load_settings, load_state
from aligntui.system import browser as links
from aligntui.system import clipboard
from aligntui.tui.app import AlignApp, make_app
from aligntui.tui.screens.picker import Picker
from aligntui.tui.screens.show_text import ShowText
from aligntui.tui.textual_private import notification_texts

SIZE = (120, 40)


@pytest.fixture
def catalog(ui_catalog: Catalog) -> Catalog:
    """The copy tests run on the small test catalog."""
    return ui_catalog


SANH = NodeRef("definition.instructions.achievement", "sanh2021multitask")


def notifications(app: AlignApp) -> list[str]:
    return notification_texts(app)


async def settle(app: AlignApp, pilot: Any) -> None:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def on_sanh(app: AlignApp, pilot: Any) -> None:
    await pilot.pause()
    assert app.main.taxonomy.select_ref(SANH)
    await pilot.pause()


async def test_c_copies_bibtex_of_the_work(catalog: Catalog) -> None:
    app = make_app(catalog, Settings(clipboard="osc52"))
    async with app.run_test(size=SIZE) as pilot:
        await on_sanh(app, pilot)
        await pilot.press("c")
        await settle(app, pilot)
        assert app.clipboard == to_bibtex(catalog.works["sanh2021multitask"])
        assert (
            "Sent BibTeX for sanh2021multitask to the terminal by OSC 52, which terminals never confirm"
            in notifications(app)
        )


async def test_c_on_a_section_copies_every_work_once(catalog: Catalog) -> None:
    app = make_app(catalog, Settings(clipboard="osc52"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("c")  # cursor on "Definition of Alignment Goals"
        await settle(app, pilot)
        assert app.clipboard.count("\n@") + 1 == 17
        # 17 entries are longer than many terminals take in one OSC 52 sequence: the text is offered another way
        assert isinstance(app.screen, Picker)
        assert "17 works in Definition of Alignment Goals" in app.screen._title
        assert "may be dropped" in app.screen._title


async def test_c_on_a_section_while_filtering_copies_the_matches(catalog: Catalog) -> None:
    app = make_app(catalog, Settings(clipboard="osc52"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"author:^bai", "escape")
        await pilot.press("slash", *"author:^bai")
        await pilot.pause()
        app.main.taxonomy.focus()
        app.main.taxonomy.cursor_to_line(0)
        await pilot.press("c")
        await settle(app, pilot)
        assert app.clipboard.count("@") == 2


async def test_auto_falls_back_to_osc52_when_the_system_clipboard_fails(catalog: Catalog) -> None:
    app = make_app(catalog, Settings(clipboard="auto"))
    async with app.run_test(size=SIZE) as pilot:
        await on_sanh(app, pilot)
        await pilot.press("y")
        await settle(app, pilot)
        assert app.clipboard == "https://arxiv.org/pdf/2110.08207.pdf"
        assert notifications(app)[-1].startswith(
            "Sent Paper link of sanh2021multitask to the terminal by OSC 52, which terminals never confirm"
        )


async def test_native_clipboard_is_used_first(catalog: Catalog, monkeypatch: pytest.MonkeyPatch) -> None:
    copied: list[str] = []
    monkeypatch.setattr(clipboard, "native_copy", lambda text: copied.append(text))
    app = make_app(catalog, Settings(clipboard="auto"))
    async with app.run_test(size=SIZE) as pilot:
        await on_sanh(app, pilot)
        await pilot.press("y")
        await settle(app, pilot)
        assert copied == ["https://arxiv.org/pdf/2110.08207.pdf"]
        assert "Copied Paper link of sanh2021multitask (system clipboard)" in notifications(app)


async def test_show_method_opens_a_dialog(catalog: Catalog) -> None:
    app = make_app(catalog, Settings(clipboard="show"))
    async with app.run_test(size=SIZE) as pilot:
        await on_sanh(app, pilot)
        await pilot.press("y")
        await settle(app, pilot)
        assert isinstance(app.screen, ShowText)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ShowText)


async def test_Y_picks_a_link(catalog: Catalog) -> None:
    app = make_app(catalog, Settings(clipboard="osc52"))
    async with app.run_test(size=SIZE) as pilot:
        await on_sanh(app, pilot)
        await pilot.press("Y")
        await pilot.pause()
        assert isinstance(app.screen, Picker)
        await pilot.press("down", "enter")
        await settle(app, pilot)
        assert app.clipboard == "https://github.com/bigscience-workshop/t-zero"


@pytest.mark.parametrize(
    ("presses", "expected"),
    [
        (["enter"], "@inproceedings{sanh2021multitask"),
        (["down", "enter"], "\\cite{sanh2021multitask}"),
        (["down", "down", "enter"], "Sanh, V., Webson, A."),
        (["down", "down", "down", "enter"], "V. Sanh et al., “Multitask prompted training"),
        (
            ["down", "down", "down", "down", "enter"],
            "[Multitask Prompted Training Enables Zero-Shot Task Generalization](https://arxiv.org/pdf/2110.08207.pdf)",
        ),
        (
            ["down", "down", "down", "down", "down", "enter"],
            "1. **Multitask Prompted Training Enables Zero-Shot Task Generalization**. *Sanh et al.* ICLR 2022. [[Paper]",
        ),
    ],
)
async def test_C_picks_a_citation_format(catalog: Catalog, presses: list[str], expected: str) -> None:
    app = make_app(catalog, Settings(clipboard="osc52"))
    async with app.run_test(size=SIZE) as pilot:
        await on_sanh(app, pilot)
        await pilot.press("C")
        await pilot.pause()
        assert isinstance(app.screen, Picker)
        await pilot.press(*presses)
        await settle(app, pilot)
        assert app.clipboard.startswith(expected), app.clipboard


async def test_C_opens_on_the_format_chosen_last(catalog: Catalog) -> None:
    app = make_app(catalog, Settings(clipboard="osc52"))
    async with app.run_test(size=SIZE) as pilot:
        await on_sanh(app, pilot)
        await pilot.press("C", "down", "down", "enter")
        await settle(app, pilot)
        assert load_state()["citation_style"] == "apa"
        await pilot.press("C")
        await pilot.pause()
        assert app.screen.query_one(OptionList).highlighted == 2
        await pilot.press("escape")
        await pilot.press("c")
        await settle(app, pilot)
        assert app.clipboard.startswith("@inproceedings")  # c is always BibTeX


async def test_o_without_a_browser_offers_to_copy(catalog: Catalog) -> None:
    app = make_app(catalog, Settings(clipboard="osc52"))
    async with app.run_test(size=SIZE) as pilot:
        await on_sanh(app, pilot)
        await pilot.press("o")
        await settle(app, pilot)
        assert isinstance(app.screen, Picker)
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.clipboard == "https://arxiv.org/pdf/2110.08207.pdf"


async def test_o_opens_with_a_browser(catalog: Catalog, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr(links, "_has_graphical_browser", lambda: True)

    class Browser:
        name = "firefox"

        def open(self, url: str, new: int = 0) -> bool:
            opened.append(url)
            return True

    monkeypatch.setattr(webbrowser, "get", lambda: Browser())
    app = make_app(catalog, Settings(clipboard="osc52"))
    async with app.run_test(size=SIZE) as pilot:
        await on_sanh(app, pilot)
        await pilot.press("O", "down", "enter")
        await settle(app, pilot)
        assert opened == ["https://github.com/bigscience-workshop/t-zero"]
        assert "Opened Checkpoint link of sanh2021multitask in the web browser (through firefox)" in notifications(app)


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://arxiv.org/abs/1", True),
        ("HTTP://example.org", True),
        ("javascript:alert(1)", False),
        ("file:///etc/passwd", False),
        ("https://", False),
        ("ftp://example.org", False),
    ],
)
def test_only_http_and_https_are_opened(url: str, safe: bool) -> None:
    assert links.is_safe_url(url) is safe
    if not safe:
        assert not links.open_url(url).opened


def test_environment_forces_a_method(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALIGNTUI_CLIPBOARD", "osc52")
    assert load_settings().clipboard == "osc52"
    monkeypatch.setenv("ALIGNTUI_CLIPBOARD", "carrier-pigeon")
    settings = load_settings()
    assert settings.clipboard == "auto" and settings.warnings


async def test_S_cites_the_survey_itself(catalog: Catalog) -> None:
    app = make_app(catalog, Settings(clipboard="osc52"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("S")
        await pilot.pause()
        assert isinstance(app.screen, Picker)
        await pilot.press("down", "enter")  # \cite key
        await settle(app, pilot)
        assert app.clipboard == "\\cite{yao2023instructions}"
        assert any("for the survey" in n for n in notifications(app))
        commands = [c.title for c in app.get_system_commands(app.screen)]
        assert "Cite the survey…" in commands
