"""clipboard: which way a copy went and whether it arrived, with a fake tmux and a fake system clipboard."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

from aligntui.system import clipboard
from aligntui.system.clipboard import (
    OSC52_SAFE_BYTES,
    CopyPath,
    Delivery,
    Notices,
    copy_text,
    native_problem,
    osc52_bytes,
    terminal_without_osc52,
)
from aligntui.system.tmux import SetClipboard, parse_set_clipboard

REAL_NATIVE_COPY = clipboard.native_copy
"""Taken before the autouse fixture replaces it for every test."""

FAKE_TMUX = f"""#!{sys.executable}
# A stand-in for tmux: records its arguments and standard input, answers as the test's environment says.
import json, os, sys
args = sys.argv[1:]
data = sys.stdin.read() if args[:1] == ["load-buffer"] else ""
with open(os.environ["FAKE_TMUX_LOG"], "a", encoding="utf-8") as log:
    log.write(json.dumps({{"argv": args, "stdin": data}}) + "\\n")
if args[0] == "show-options":
    print("set-clipboard " + os.environ["FAKE_SET_CLIPBOARD"])
elif args[0] == "display-message":
    print(os.environ.get("FAKE_FEATURES", "bpaste,clipboard,focus,title"))
elif args[0] == "load-buffer":
    failure = os.environ.get("FAKE_LOAD_FAILS", "")
    if failure and ("-w" in args or "FAKE_LOAD_FAILS_ALWAYS" in os.environ):
        sys.stderr.write(failure + "\\n")
        sys.exit(1)
"""


class FakeTmux:
    """A fake ``tmux`` in its own folder, and the environment that puts it first (and alone) on PATH."""

    def __init__(self, folder: Path, setting: str) -> None:
        bin_dir = folder / "bin"
        bin_dir.mkdir()
        program = bin_dir / "tmux"
        program.write_text(FAKE_TMUX, encoding="utf-8")
        program.chmod(0o755)
        self.log = folder / "tmux.log"
        self.env: dict[str, str] = {
            "PATH": str(bin_dir),
            "TMUX": "/tmp/tmux-0/default,1234,0",
            "FAKE_TMUX_LOG": str(self.log),
            "FAKE_SET_CLIPBOARD": setting,
        }

    def calls(self) -> list[dict[str, Any]]:
        if not self.log.exists():
            return []
        return [json.loads(line) for line in self.log.read_text(encoding="utf-8").splitlines()]


def _no_native(text: str) -> str:
    return "no display for a system clipboard here (no DISPLAY or WAYLAND_DISPLAY)"


@pytest.mark.parametrize("setting", ["off", "external", "on"])
def test_in_tmux_the_copy_goes_to_tmux_buffer_whatever_set_clipboard_says(tmp_path: Path, setting: str) -> None:
    tmux = FakeTmux(tmp_path, setting)
    sent: list[str] = []
    outcome = copy_text("@article{x}", "osc52", sent.append, env=tmux.env)
    assert outcome.path is CopyPath.TMUX and outcome.delivery is Delivery.DELIVERED
    assert outcome.message("BibTeX for x") == (
        "Copied BibTeX for x (in tmux's buffer (paste with prefix ]); also sent to your terminal)"
    )
    assert sent == []  # tmux sends it on itself (load-buffer -w): no second copy through the pane
    calls = tmux.calls()
    assert calls[0]["argv"] == ["show-options", "-s", "set-clipboard"]
    assert {"argv": ["load-buffer", "-w", "-"], "stdin": "@article{x}"} in calls


@pytest.mark.parametrize(
    ("setting", "path", "delivery", "sent", "says"),
    [
        ("off", CopyPath.SHOWN, Delivery.FAILED, False, "tmux drops a program's OSC 52 with set-clipboard off"),
        ("external", CopyPath.SHOWN, Delivery.FAILED, False, "with set-clipboard external"),
        ("on", CopyPath.TERMINAL, Delivery.MAYBE, True, "through tmux (set-clipboard on)"),
    ],
)
def test_when_tmux_refuses_the_buffer_osc52_is_sent_only_where_tmux_passes_it(
    tmp_path: Path, setting: str, path: CopyPath, delivery: Delivery, sent: bool, says: str
) -> None:
    tmux = FakeTmux(tmp_path, setting)
    tmux.env.update(FAKE_LOAD_FAILS="no server running on /tmp/tmux-0/default", FAKE_LOAD_FAILS_ALWAYS="1")
    written: list[str] = []
    outcome = copy_text("text", "osc52", written.append, env=tmux.env)
    assert (outcome.path, outcome.delivery) == (path, delivery)
    assert (written == ["text"]) is sent
    assert says in outcome.detail and "no server running" in outcome.detail
    assert not outcome.message("x").startswith("Copied")


def test_a_tmux_older_than_3_2_loads_the_buffer_without_w(tmp_path: Path) -> None:
    tmux = FakeTmux(tmp_path, "external")
    tmux.env["FAKE_LOAD_FAILS"] = "command load-buffer: unknown flag -w"
    outcome = copy_text("text", "osc52", lambda text: None, env=tmux.env)
    assert outcome.path is CopyPath.TMUX and outcome.delivery is Delivery.DELIVERED
    assert "older than 3.2" in outcome.detail
    assert [c["argv"] for c in tmux.calls() if c["argv"][0] == "load-buffer"] == [
        ["load-buffer", "-w", "-"],
        ["load-buffer", "-"],
    ]


def test_tmux_without_the_clipboard_feature_keeps_it_in_its_buffer(tmp_path: Path) -> None:
    tmux = FakeTmux(tmp_path, "on")
    tmux.env["FAKE_FEATURES"] = "bpaste,focus,title"
    outcome = copy_text("text", "osc52", lambda text: None, env=tmux.env)
    assert outcome.delivery is Delivery.DELIVERED
    assert "tmux does not pass it on to your terminal" in outcome.detail
    assert outcome.severity == "warning"


def test_tmux_in_gnome_terminal_names_the_terminal(tmp_path: Path) -> None:
    tmux = FakeTmux(tmp_path, "external")
    tmux.env["VTE_VERSION"] = "7402"
    outcome = copy_text("text", "osc52", lambda text: None, env=tmux.env)
    assert outcome.path is CopyPath.TMUX
    assert "GNOME Terminal and other VTE terminals ignore OSC 52" in outcome.detail


def test_tmux_set_but_no_tmux_program_says_tmux_may_drop_it(tmp_path: Path) -> None:
    env = {"PATH": str(tmp_path), "TMUX": "/tmp/tmux-0/default,1,0"}
    sent: list[str] = []
    outcome = copy_text("text", "osc52", sent.append, env=env)
    assert outcome.path is CopyPath.TERMINAL and outcome.delivery is Delivery.MAYBE and sent == ["text"]
    assert "tmux may drop it" in outcome.detail and "no tmux program" in outcome.detail


def test_gnome_terminal_outside_tmux_shows_the_text_instead() -> None:
    sent: list[str] = []
    outcome = copy_text("text", "osc52", sent.append, env={"VTE_VERSION": "7402"})
    assert outcome.shown and outcome.delivery is Delivery.FAILED and sent == []
    assert outcome.message("BibTeX") == (
        "BibTeX (GNOME Terminal and other VTE terminals ignore OSC 52; shown for copying by hand)"
    )


def test_the_sequence_length_counts_what_textual_writes() -> None:
    assert osc52_bytes("") == len("\x1b]52;c;\a")
    assert osc52_bytes("a" * 6138) == 8192  # kitty's 2020 limit: 6,138 bytes of text passed, 6,139 did not
    assert osc52_bytes("é") == 8 + 4  # two UTF-8 bytes, one base64 quantum


@pytest.mark.parametrize(("length", "oversize"), [(6138, False), (6139, True), (42_000, True)])
def test_a_copy_longer_than_terminals_accept_says_it_may_be_dropped(length: int, oversize: bool) -> None:
    sent: list[str] = []
    outcome = copy_text("a" * length, "osc52", sent.append, env={})
    assert (osc52_bytes("a" * length) > OSC52_SAFE_BYTES) is oversize
    assert outcome.oversize is oversize and outcome.delivery is Delivery.MAYBE
    assert ("may be dropped" in outcome.detail) is oversize
    assert sent == ["a" * length]
    if oversize:
        assert outcome.message("BibTeX for 17 works").startswith("Sent BibTeX for 17 works to the terminal by OSC 52")
        assert outcome.severity == "warning"


def test_a_long_copy_through_tmux_is_in_the_buffer_and_may_not_reach_the_terminal(tmp_path: Path) -> None:
    tmux = FakeTmux(tmp_path, "external")
    outcome = copy_text("a" * 42_000, "osc52", lambda text: None, env=tmux.env)
    assert outcome.delivery is Delivery.DELIVERED and not outcome.oversize
    assert "which may drop a copy this large (55 KB over OSC 52)" in outcome.detail


def test_a_failing_system_clipboard_tells_its_reason_once() -> None:
    notices = Notices()
    reasons: list[str] = []

    def wayland_without_wl_copy(text: str) -> str:
        reasons.append(text)
        return "the system clipboard needs wl-copy (package wl-clipboard), which is not installed"

    first = copy_text("a", "auto", lambda text: None, wayland_without_wl_copy, env={}, notices=notices)
    second = copy_text("b", "auto", lambda text: None, wayland_without_wl_copy, env={}, notices=notices)
    assert reasons == ["a", "b"]
    assert (
        first.notice
        == "System clipboard: the system clipboard needs wl-copy (package wl-clipboard), which is not installed."
    )
    assert first.message("x").endswith(first.notice)
    assert second.notice == "" and "wl-copy" not in second.message("x")


def test_the_system_clipboard_that_works_is_delivered_and_tmux_is_not_asked(tmp_path: Path) -> None:
    tmux = FakeTmux(tmp_path, "external")
    outcome = copy_text("a", "auto", lambda text: None, lambda text: None, env=tmux.env)
    assert (outcome.path, outcome.delivery, outcome.detail) == (CopyPath.SYSTEM, Delivery.DELIVERED, "system clipboard")
    assert tmux.calls() == []


def test_both_says_where_each_copy_went(tmp_path: Path) -> None:
    tmux = FakeTmux(tmp_path, "external")
    outcome = copy_text("a", "both", lambda text: None, lambda text: None, env=tmux.env)
    assert outcome.detail == (
        "system clipboard; also in tmux's buffer (paste with prefix ]); also sent to your terminal"
    )
    vte = copy_text("a", "both", lambda text: None, lambda text: None, env={"VTE_VERSION": "1"})
    assert vte.detail.startswith("system clipboard; not sent to the terminal: GNOME Terminal")


@pytest.mark.parametrize(
    ("method", "native", "path", "osc_calls"),
    [
        ("auto", None, CopyPath.SYSTEM, 0),
        ("auto", _no_native, CopyPath.TERMINAL, 1),
        ("native", None, CopyPath.SYSTEM, 0),
        ("native", _no_native, CopyPath.SHOWN, 0),
        ("osc52", _no_native, CopyPath.TERMINAL, 1),
        ("both", None, CopyPath.SYSTEM, 1),
        ("both", _no_native, CopyPath.TERMINAL, 1),
        ("show", None, CopyPath.SHOWN, 0),
    ],
)
def test_copy_methods(method: str, native: Any, path: CopyPath, osc_calls: int) -> None:
    sent: list[str] = []
    outcome = copy_text("x", method, sent.append, native or (lambda text: None), env={}, notices=Notices())
    assert outcome.path is path
    assert len(sent) == osc_calls


def test_in_a_browser_the_copy_goes_through_the_page_never_the_server() -> None:
    def server_clipboard(text: str) -> str | None:
        raise AssertionError("the server's clipboard must not be used")

    sent: list[str] = []
    outcome = copy_text("x", "native", sent.append, server_clipboard, env={"TMUX": "t"}, web=True)
    assert outcome.path is CopyPath.BROWSER and sent == ["x"]
    assert outcome.message("the key") == "Sent the key to your browser's clipboard through the page"


@pytest.mark.parametrize(
    ("answer", "setting"),
    [
        ("set-clipboard external\n", SetClipboard.EXTERNAL),
        ("set-clipboard on", SetClipboard.ON),
        ("off\n", SetClipboard.OFF),
        ('set-clipboard "on"', SetClipboard.ON),
        ("", SetClipboard.UNKNOWN),
        ("invalid option: set-clipboard", SetClipboard.UNKNOWN),
    ],
)
def test_parse_set_clipboard(answer: str, setting: SetClipboard) -> None:
    assert parse_set_clipboard(answer) is setting


@pytest.mark.parametrize(
    ("env", "platform", "programs", "problem"),
    [
        ({}, "darwin", set(), None),
        ({}, "linux", set(), "no display"),
        ({"WSL_DISTRO_NAME": "Ubuntu"}, "linux", set(), None),
        ({"WAYLAND_DISPLAY": "wayland-0"}, "linux", {"wl-copy"}, None),
        ({"WAYLAND_DISPLAY": "wayland-0"}, "linux", {"xclip"}, "needs wl-copy (package wl-clipboard)"),
        ({"DISPLAY": ":0"}, "linux", {"xsel"}, None),
        ({"DISPLAY": ":0"}, "linux", set(), "needs xclip or xsel"),
        ({"DISPLAY": ":0", "WAYLAND_DISPLAY": "w"}, "linux", {"xclip"}, None),
        ({"DISPLAY": ":0", "WAYLAND_DISPLAY": "w"}, "linux", set(), "wl-copy (Wayland) or xclip or xsel (X)"),
    ],
)
def test_native_problem_names_the_missing_program(
    env: dict[str, str], platform: str, programs: set[str], problem: str | None
) -> None:
    found = native_problem(env, platform, lambda name: f"/usr/bin/{name}" if name in programs else None)
    assert (found is None) if problem is None else (found is not None and problem in found), found


def test_native_copy_checks_the_display_before_pyperclip(monkeypatch: pytest.MonkeyPatch) -> None:
    import pyperclip

    def never(text: str) -> None:
        raise AssertionError("pyperclip must not be asked without a display")

    monkeypatch.setattr(pyperclip, "copy", never)
    monkeypatch.setattr(sys, "platform", "linux")
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "WSL_DISTRO_NAME"):
        monkeypatch.delenv(name, raising=False)
    assert REAL_NATIVE_COPY("x") == "no display for a system clipboard here (no DISPLAY or WAYLAND_DISPLAY)"


def test_native_copy_reports_what_pyperclip_raised(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import pyperclip

    def broken(text: str) -> None:
        raise pyperclip.PyperclipException("Error: Can't open display: \x1b[2J")

    xclip = tmp_path / "xclip"
    xclip.write_text("#!/bin/sh\n", encoding="utf-8")
    xclip.chmod(0o755)
    monkeypatch.setattr(pyperclip, "copy", broken)
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("DISPLAY", ":99")
    monkeypatch.setenv("PATH", str(tmp_path))
    reason = REAL_NATIVE_COPY("x")
    assert reason == "the system clipboard failed: Error: Can't open display: \\x1b[2J"


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"VTE_VERSION": "7402"}, "GNOME Terminal and other VTE terminals"),
        ({"TERM_PROGRAM": "Apple_Terminal"}, "macOS Terminal"),
        ({"TERM_PROGRAM": "iTerm.app"}, None),
        ({"TERM_PROGRAM": "WezTerm"}, None),
        ({}, None),
    ],
)
def test_terminals_known_to_ignore_osc52(env: dict[str, str], named: str | None) -> None:
    assert terminal_without_osc52(env) == named
