"""Textual's private API that aligntui uses (``aligntui.tui.textual_private``) still has the shape relied on.

A failure names the private thing that a Textual release changed; fix
``src/aligntui/tui/textual_private.py`` (checked against Textual 8.2.8).
"""

from __future__ import annotations

import inspect

import pytest
from textual import __version__ as textual_version
from textual.app import App, ComposeResult
from textual.widget import Widget
from textual.widgets import Footer

from aligntui.tui import textual_private
from aligntui.tui.textual_private import (
    TEXTUAL_CHECKED,
    FooterKey,
    footer_bindings_ready,
    notification_texts,
    on_unhandled_exception,
    record_clipboard,
)

ADAPT = (
    f"Textual {textual_version} changed it; adapt aligntui/tui/textual_private.py (checked against {TEXTUAL_CHECKED})"
)


def test_footer_key_is_the_widget_footer_composes() -> None:
    assert issubclass(FooterKey, Widget), f"textual.widgets._footer.FooterKey: {ADAPT}"
    parameters = list(inspect.signature(FooterKey.__init__).parameters)
    assert parameters[1:5] == ["key", "key_display", "description", "action"], f"FooterKey(...): {ADAPT}"
    assert "disabled" in parameters, f"FooterKey(disabled=): {ADAPT}"


class Probe(App[None]):
    def compose(self) -> ComposeResult:
        yield Footer()


async def test_the_private_attributes_exist_with_their_kinds() -> None:
    app = Probe()
    kept: list[BaseException] = []
    on_unhandled_exception(app, kept.append)
    with pytest.raises(ZeroDivisionError):  # run_test raises the app's unhandled error again at the end
        async with app.run_test() as pilot:
            await pilot.pause()
            footer = app.query_one(Footer)
            assert isinstance(footer_bindings_ready(footer), bool), f"Footer._bindings_ready: {ADAPT}"
            record_clipboard(app, "copied")
            assert app.clipboard == "copied", f"App._clipboard behind App.clipboard: {ADAPT}"
            app.notify("said")
            await pilot.pause()
            assert notification_texts(app) == ["said"], f"App._notifications: {ADAPT}"
            app.call_later(lambda: 1 / 0)
            await pilot.pause()
    assert [type(error) for error in kept] == [ZeroDivisionError], f"App._handle_exception: {ADAPT}"
    assert list(app._exit_renderables) == [], f"App._exit_renderables: {ADAPT}"


def test_every_private_name_is_used_only_in_the_adapter() -> None:
    import re
    from pathlib import Path

    tui = Path(textual_private.__file__).parent
    private = re.compile(r"textual\.\w+\._|\._(tree_nodes|tree_lines|bindings_ready|clipboard|notifications"
                         r"|handle_exception|exit_renderables|size_updated)\b")  # fmt: skip
    users = sorted(
        str(path.relative_to(tui))
        for path in tui.rglob("*.py")
        if path.name != "textual_private.py" and private.search(path.read_text(encoding="utf-8"))
    )
    assert users == []
