"""url_problem remembers the ``scheme://host`` heads it accepted: the answers are those of a first look."""

from __future__ import annotations

import pytest

from aligntui.text import weburl

SEEN = ["https://a.org/x", "http://b.example.com/y", "https://c.org.", "https://d.org?q=1"]


@pytest.mark.parametrize(
    "url",
    [
        "https://a.org/fine",
        "https://a.org/with space",
        "https://a.org/\x1b[2J",
        "https://a.org/caf\u00e9",
        "https://a.org/\u202eevil",
        "https://a.org?x=/y",
        "https://a.org#/frag",
        "https://a.org//double",
        "https://a.org:80/port",
        "https://user@a.org/x",
        "http://b.example.com/",
        "HTTPS://a.org/x",
        "javascript://a.org/x",
        "https:///a.org/x",
        "https://a.org",
    ],
)
def test_a_remembered_head_changes_no_answer(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(weburl, "_PLAIN_HEADS", {})
    first = weburl.url_problem(url)
    for seen in SEEN:
        weburl.url_problem(seen)
    assert weburl._PLAIN_HEADS  # the heads of SEEN are remembered
    assert weburl.url_problem(url) == first


def test_heads_are_remembered_up_to_a_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(weburl, "_PLAIN_HEADS", {})
    monkeypatch.setattr(weburl, "_MAX_HEADS", 3)
    for n in range(10):
        assert weburl.url_problem(f"https://host{n}.org/x") is None
    assert len(weburl._PLAIN_HEADS) == 3
