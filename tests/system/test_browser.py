"""browser: a link is "opened" only when its opener did not fail, and the opener never writes on the screen."""

from __future__ import annotations

import os
import sys
import threading
import webbrowser
from pathlib import Path

import pytest

from aligntui.system import browser as links
from aligntui.system.browser import Opener, OpenStatus, choose_opener, is_wsl, open_url, run_opener

URL = "https://arxiv.org/abs/2110.08207"

FAKE_OPENER = f"""#!{sys.executable}
# A stand-in for xdg-open, wslview or a BROWSER command: records its arguments, then does as told.
import os, sys
with open(os.environ["FAKE_OPENER_LOG"], "a", encoding="utf-8") as log:
    log.write(" ".join(sys.argv[1:]) + "\\n")
hold = os.environ.get("FAKE_OPENER_HOLD")
if hold:
    open(hold, encoding="utf-8").read()  # blocks until the test writes to the FIFO
print("opener chatter on standard output")
sys.stderr.write(os.environ.get("FAKE_OPENER_STDERR", ""))
sys.exit(int(os.environ.get("FAKE_OPENER_STATUS", "0")))
"""


def fake_opener(folder: Path, name: str) -> tuple[dict[str, str], Path]:
    """A fake opener called ``name`` alone on a PATH of its own, and the log of its arguments."""
    bin_dir = folder / "bin"
    bin_dir.mkdir(exist_ok=True)
    program = bin_dir / name
    program.write_text(FAKE_OPENER, encoding="utf-8")
    program.chmod(0o755)
    log = folder / "opener.log"
    return {"PATH": str(bin_dir), "FAKE_OPENER_LOG": str(log)}, log


def test_a_failing_opener_is_a_failure_and_its_words_stay_off_the_screen(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    env, log = fake_opener(tmp_path, "xdg-open")
    env.update(
        DISPLAY=":0",
        FAKE_OPENER_STATUS="4",
        FAKE_OPENER_STDERR="gio: https://arxiv.org/abs/2110.08207: no handler\nlast line \x1b[2J cleared\n",
    )
    outcome = open_url(URL, env=env, proc_version="Linux version 6.1.0")
    assert outcome.status is OpenStatus.FAILED and not outcome.opened
    assert outcome.message == "xdg-open failed (exit status 4): last line \\x1b[2J cleared"
    assert log.read_text(encoding="utf-8") == f"{URL}\n"
    captured = capfd.readouterr()
    assert captured.out == "" and captured.err == ""


def test_an_opener_that_exits_0_opened_the_link(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    env, log = fake_opener(tmp_path, "xdg-open")
    env["WAYLAND_DISPLAY"] = "wayland-0"
    outcome = open_url(URL, env=env, proc_version="")
    assert outcome.status is OpenStatus.OPENED and outcome.message == "through xdg-open"
    assert log.read_text(encoding="utf-8") == f"{URL}\n"
    assert capfd.readouterr() == ("", "")


def test_an_opener_still_running_after_the_wait_has_started(tmp_path: Path) -> None:
    env, _ = fake_opener(tmp_path, "firefox")
    fifo = tmp_path / "hold"
    os.mkfifo(fifo)
    env.update(BROWSER="firefox", FAKE_OPENER_HOLD=str(fifo))
    try:
        outcome = open_url(URL, env=env, wait=0.05, proc_version="")
        assert outcome.status is OpenStatus.STARTED and outcome.opened
        assert outcome.message == "firefox is still running after 0.05 s, with no error"
    finally:
        with open(fifo, "w", encoding="utf-8") as release:  # lets the fake browser exit
            release.write("go")


@pytest.mark.parametrize(
    ("env", "proc_version"),
    [
        ({"WSL_DISTRO_NAME": "Ubuntu"}, "Linux version 5.15.0"),
        ({}, "Linux version 5.15.153.1-microsoft-standard-WSL2 (root@...)"),
        ({}, "Linux version 4.4.0-19041-Microsoft (Microsoft@Microsoft.com)"),
    ],
)
def test_wsl_without_a_display_opens_with_wslview(tmp_path: Path, env: dict[str, str], proc_version: str) -> None:
    opener_env, log = fake_opener(tmp_path, "wslview")
    outcome = open_url(URL, env={**opener_env, **env}, proc_version=proc_version)
    assert outcome.status is OpenStatus.OPENED and outcome.message == "through wslview"
    assert log.read_text(encoding="utf-8") == f"{URL}\n"


def test_wsl_without_wslview_says_what_to_install(tmp_path: Path) -> None:
    outcome = open_url(URL, env={"PATH": str(tmp_path), "WSL_DISTRO_NAME": "Ubuntu"}, proc_version="")
    assert outcome.status is OpenStatus.REFUSED and "install wslu" in outcome.message


@pytest.mark.parametrize(
    ("env", "proc_version", "wsl"),
    [
        ({}, "Linux version 6.1.0-18-amd64 (debian-kernel@lists.debian.org)", False),
        ({}, "Linux version 5.15.153.1-microsoft-standard-WSL2", True),
        ({"WSL_DISTRO_NAME": "Debian"}, "", True),
        ({}, "", False),
    ],
)
def test_is_wsl(env: dict[str, str], proc_version: str, wsl: bool) -> None:
    assert is_wsl(env, proc_version) is wsl


def _which(*programs: str) -> object:
    return lambda name: f"/usr/bin/{name}" if name in programs else None


@pytest.mark.parametrize(
    ("env", "platform", "wsl", "programs", "expected"),
    [
        ({"BROWSER": "firefox %s"}, "linux", False, ("firefox",), Opener(("/usr/bin/firefox", "%s"))),
        ({"BROWSER": "lynx:w3m"}, "linux", False, ("lynx", "w3m"), "only a console browser"),
        ({"BROWSER": "lynx:chromium"}, "linux", False, ("lynx", "chromium"), Opener(("/usr/bin/chromium",))),
        ({}, "linux", True, ("wslview", "xdg-open"), Opener(("/usr/bin/wslview",))),
        ({"DISPLAY": ":0"}, "linux", False, ("xdg-open",), Opener(("/usr/bin/xdg-open",))),
        ({}, "linux", False, ("xdg-open",), None),
        ({"DISPLAY": ":0"}, "linux", False, (), None),
        ({}, "darwin", False, ("open",), Opener(("/usr/bin/open",))),
        ({}, "win32", False, (), None),
    ],
)
def test_choose_opener(
    env: dict[str, str], platform: str, wsl: bool, programs: tuple[str, ...], expected: Opener | str | None
) -> None:
    chosen = choose_opener(env, platform, wsl, _which(*programs))  # type: ignore[arg-type]
    if isinstance(expected, str):
        assert isinstance(chosen, str) and expected in chosen
    else:
        assert chosen == expected


def test_an_opener_command_puts_the_link_where_percent_s_is() -> None:
    assert Opener(("/usr/bin/firefox", "--new-tab", "%s")).command(URL) == ["/usr/bin/firefox", "--new-tab", URL]
    assert Opener(("/usr/bin/xdg-open",)).command(URL) == ["/usr/bin/xdg-open", URL]


def test_a_missing_opener_program_is_a_failure() -> None:
    outcome = run_opener(Opener(("/nonexistent/xdg-open",)), URL)
    assert outcome.status is OpenStatus.FAILED and "xdg-open could not be started" in outcome.message


def test_a_browser_webbrowser_finds_is_run_without_the_terminal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    env, log = fake_opener(tmp_path, "firefox")
    env.update(DISPLAY=":0", FAKE_OPENER_STATUS="1", FAKE_OPENER_STDERR="Error: no DISPLAY environment variable\n")
    found = webbrowser.BackgroundBrowser(str(tmp_path / "bin" / "firefox"))
    monkeypatch.setattr(webbrowser, "get", lambda: found)
    outcome = open_url(URL, env=env, proc_version="")  # DISPLAY but no xdg-open: webbrowser is asked
    assert outcome.status is OpenStatus.FAILED
    assert outcome.message == "firefox failed (exit status 1): Error: no DISPLAY environment variable"
    assert log.read_text(encoding="utf-8") == f"{URL}\n"
    assert capfd.readouterr() == ("", "")


def test_without_a_graphical_browser_nothing_is_started(monkeypatch: pytest.MonkeyPatch) -> None:
    started = threading.Event()
    monkeypatch.setattr(links, "run_opener", lambda *args, **kwargs: started.set())
    outcome = open_url(URL)  # the autouse fixture says there is no graphical browser
    assert outcome.status is OpenStatus.REFUSED and not started.is_set()


@pytest.mark.parametrize(
    ("env", "platform", "wsl", "possible"),
    [
        ({}, "linux", False, False),
        ({}, "linux", True, True),
        ({"DISPLAY": ":0"}, "linux", False, True),
        ({"WAYLAND_DISPLAY": "wayland-0"}, "linux", False, True),
        ({"BROWSER": "w3m"}, "linux", False, False),
        ({"BROWSER": "w3m:firefox"}, "linux", False, True),
        ({}, "darwin", False, True),
    ],
)
def test_graphical_possible(env: dict[str, str], platform: str, wsl: bool, possible: bool) -> None:
    assert links.graphical_possible(env, platform, wsl) is possible


def test_no_display_starts_nothing_and_says_so(tmp_path: Path) -> None:
    env, log = fake_opener(tmp_path, "xdg-open")
    outcome = open_url(URL, env=env, proc_version="")
    assert outcome.status is OpenStatus.REFUSED and outcome.message == "no web browser can be started here (no display)"
    assert not log.exists()
    console = open_url(URL, env={**env, "BROWSER": "lynx"}, proc_version="")
    assert console.status is OpenStatus.REFUSED and "console browser" in console.message
