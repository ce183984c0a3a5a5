"""links: which URLs are opened and which browsers are never started (no browser is started here)."""

from __future__ import annotations

import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aligntui.system import browser as links
from aligntui.text.weburl import url_problem

# Taken before the autouse fixture replaces it for every test.
HAS_GRAPHICAL_BROWSER = links._has_graphical_browser


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("https://arxiv.org/abs/2110.08207", None),
        ("HTTP://EXAMPLE.ORG", None),
        ("https://[::1]/x", None),
        ("http://[2001:db8::1]:8080/", None),
        ("https://例え.jp/", None),
        ("https://example.org:8443/a?b=c#d", None),
        ("https://[::1", "cannot be parsed"),
        ("https://[nope]/", "cannot be parsed" if sys.version_info >= (3, 11) else "bad IPv6 address"),
        ("https://exa mple.org/", "holds a space"),
        ("https://example.org/a b", "holds a space"),
        ("https://example.org/\n", "line break"),
        ("https://exa\x1bmple.org/", "U+001B ESCAPE"),
        ("https://example.org/\u202e", "U+202E RIGHT-TO-LEFT OVERRIDE"),
        ("javascript:alert(1)", "not an http or https address"),
        ("file:///etc/passwd", "not an http or https address"),
        ("ftp://example.org", "not an http or https address"),
        ("https://", "has no host"),
        ("https:///path", "has no host"),
        ("https://arxiv.org@evil.example/", "names a user"),
        ("https://-bad-.org/", "host name that is not valid"),
        ("https://a..b/", "host name that is not valid"),
        ("https://1.2.3.999/", "bad IPv4 address"),
        ("https://example.org:99999/", "cannot be parsed"),
        ("", "is empty"),
    ],
)
def test_url_rule(url: str, problem: str | None) -> None:
    found = url_problem(url)
    assert (found is None) if problem is None else (found is not None and problem in found), found
    assert links.is_safe_url(url) is (problem is None)
    if problem is not None:
        assert not links.open_url(url).opened


@pytest.mark.parametrize(
    ("command", "console"),
    [
        ("lynx", True),
        ("/usr/bin/lynx", True),
        ("w3m %s", True),
        ("/opt/bin/W3M -dump %s", True),
        ("elinks", True),
        ("firefox", False),
        ("/usr/bin/firefox %s", False),
        ("xdg-open", False),
        ("", False),
    ],
)
def test_console_browsers_are_known_by_program_name(command: str, console: bool) -> None:
    assert links.is_console_browser(command) is console


@pytest.mark.parametrize(
    ("browser", "graphical"),
    [
        ("/usr/bin/lynx", False),
        ("lynx", False),
        ("w3m %s", False),
        ("lynx:w3m", False),
        ("lynx:firefox", True),
        ("firefox", True),
    ],
)
def test_browser_variable_with_only_console_browsers_opens_nothing(
    browser: str, graphical: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BROWSER", browser)
    assert HAS_GRAPHICAL_BROWSER() is graphical


def test_a_console_browser_found_by_webbrowser_is_not_started(monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[str] = []

    class Lynx:
        name = "/usr/bin/lynx"

        def open(self, url: str, new: int = 0) -> bool:
            started.append(url)
            return True

    monkeypatch.setattr(links, "_has_graphical_browser", lambda: True)
    monkeypatch.setattr(links.webbrowser, "get", lambda: Lynx())
    outcome = links.open_url("https://example.org/")
    assert not outcome.opened and started == []
    assert "console browser" in outcome.message


@given(
    st.from_regex(
        r"(?i:https?)://[a-z0-9._\-\[\]:@]{0,20}([/?#][ -~\u00a0\u200b\u202e\x1b\x9b]{0,10})?", fullmatch=True
    )
)
def test_the_fast_path_accepts_only_what_parsing_accepts(url: str) -> None:
    from aligntui.text.weburl import _PLAIN, _parsed_problem

    if _PLAIN.fullmatch(url):
        assert _parsed_problem(url) is None, url
