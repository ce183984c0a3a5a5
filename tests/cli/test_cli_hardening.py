"""The command line against misuse: empty queries, closed pipes, signals and hostile catalog text."""

from __future__ import annotations

import dataclasses
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import aligntui
from aligntui.catalog.load import load_catalog
from aligntui.catalog.model import Catalog, Link
from aligntui.cite.formats import STYLES
from aligntui.cli import main as cli
from aligntui.cli.main import main

from ..conftest import DATA

SMALL = str(DATA / "small.toml")
# Subprocesses run the sources under test, from any working directory.
ENV = {**os.environ, "PYTHONPATH": str(Path(aligntui.__file__).resolve().parents[1])}


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["cite", "OR"], "empty query"),
        (["cite", "-"], "empty query"),
        (["cite", ""], "empty query"),
        (["cite", "OR", "OR"], "empty query"),
        (["open", ""], "empty query"),
        (["export", "--format", "bibtex", ""], "empty query"),
        (["list", "year:"], "year: needs a value"),
        (["list", "author:"], "author: needs a value"),
        (["list", "rlhf -author:"], "author: needs a value"),
        (["list", 'author:""'], "author: needs a value"),
        (["cite", "year:"], "year: needs a value"),
        (["export", "--format", "json", "has:"], "has: needs a value"),
    ],
)
def test_a_query_with_nothing_in_it_is_a_usage_error(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, *args)
    assert code == 2
    assert out == ""
    assert err.startswith(f"aligntui: {message}")


@pytest.mark.parametrize("args", [["list"], ["list", ""], ["export", "--format", "json"]])
def test_no_query_still_means_every_work_where_documented(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, *args, "--catalog", SMALL)
    assert code == 0
    assert "markup2024gotcha" in out and "lovelace1843notes" in out


def test_quoted_comparison_still_works(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "list", "year:>=2024", "--catalog", SMALL)
    assert (code, out.split("\t")[0]) == (0, "markup2024gotcha")


@pytest.mark.parametrize(
    "args",
    [
        ["list"],
        ["list", "--format", "json"],
        ["cite", "sanh2021multitask"],
        ["cite", "--style", "apa", "sanh2021multitask"],
        ["export", "--format", "bibtex"],
        ["export", "--format", "markdown"],
        ["export", "--format", "csl-json"],
        ["validate"],
        ["--version"],
        ["--help"],
    ],
)
def test_a_closed_pipe_is_silent_and_exits_0(args: list[str]) -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before the first byte, as `| head -0` would be
    try:
        result = subprocess.run(
            [sys.executable, "-m", "aligntui", *args],
            stdout=write_end,
            stderr=subprocess.PIPE,
            timeout=60,
            check=False,
            env=ENV,
        )
    finally:
        os.close(write_end)
    assert (result.returncode, result.stderr.decode()) == (0, "")


def test_head_dash_1_through_a_shell() -> None:
    command = f"{sys.executable} -m aligntui list | head -1; exit ${{PIPESTATUS[0]}}"
    result = subprocess.run(["bash", "-c", command], capture_output=True, text=True, timeout=60, check=False, env=ENV)
    assert result.returncode == 0
    assert result.stderr == ""
    assert result.stdout.count("\n") == 1


_SLOW_EXPORT = """
import os, sys, time
def stalled_fsync(descriptor):
    print("ready", file=sys.stderr, flush=True)
    time.sleep(60)
os.fsync = stalled_fsync
from aligntui.cli.main import main
sys.exit(main(["export", "--format", "bibtex", "-o", sys.argv[1]]))
"""


@pytest.mark.skipif(not hasattr(signal, "SIGTERM") or sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize("signal_number", [getattr(signal, "SIGTERM", 15), signal.SIGINT, getattr(signal, "SIGHUP", 1)])
def test_a_signal_during_export_leaves_no_temporary_file(tmp_path: Path, signal_number: int) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "refs.bib"
    process = subprocess.Popen(
        [sys.executable, "-c", _SLOW_EXPORT, str(target)], stderr=subprocess.PIPE, text=True, cwd=folder, env=ENV
    )
    assert process.stderr is not None
    assert process.stderr.readline().strip() == "ready"
    assert [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]  # the half-written file exists
    process.send_signal(signal_number)
    status = process.wait(timeout=30)
    rest = process.stderr.read()
    assert status == {signal.SIGINT: 130}.get(signal_number, 128 + signal_number)
    assert "Traceback" not in rest
    assert list(folder.iterdir()) == []


def test_sigterm_handler_is_only_there_while_a_subcommand_runs(capsys: pytest.CaptureFixture[str]) -> None:
    before = signal.getsignal(signal.SIGTERM)
    seen: list[object] = []
    original = cli.HANDLERS["validate"]

    def spy(*args: object) -> int:
        seen.append(signal.getsignal(signal.SIGTERM))
        return original(*args)  # type: ignore[arg-type]

    cli.HANDLERS["validate"] = spy
    try:
        assert main(["validate"]) == 0
    finally:
        cli.HANDLERS["validate"] = original
    capsys.readouterr()
    assert seen == [cli._terminated]
    assert signal.getsignal(signal.SIGTERM) is before


HOSTILE_TITLE = "Gotcha \x1b]52;c;aGk=\x07 \x1b[2J \x9b31m \u202eevil\u202c \u2066x\u2069 zero\u200b \x00"


@pytest.fixture
def hostile_catalog(monkeypatch: pytest.MonkeyPatch) -> Catalog:
    """The small catalog with hostile text in one work, as if a catalog had skipped validation."""
    catalog = load_catalog(SMALL)
    work = catalog.works["lovelace1843notes"]
    bad = work._replace(
        title=HOSTILE_TITLE,
        authors=("Ada \x1b[31mLovelace", "Charles \u202eBabbage"),
        venue="Memoirs \x9b1843",
        links=(Link("Pa\x1bper", "https://example.org/notes.pdf"),),
        note="line one\nline\ttwo \x1b[0m",
    )
    hostile = dataclasses.replace(catalog, works={**catalog.works, bad.id: bad})
    monkeypatch.setattr(cli, "load_catalog", lambda path=None: hostile)
    return hostile


_RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200b]")


@pytest.mark.parametrize(
    "args",
    [
        ["list", "lovelace"],
        ["list", "--format", "json", "lovelace"],
        *(["cite", "--style", style, "lovelace1843notes"] for style in STYLES),
        *(["export", "--format", fmt] for fmt in cli.EXPORT_FORMATS),
        ["open", "lovelace1843notes"],
    ],
)
def test_hostile_text_is_printed_visibly_never_raw(
    args: list[str], hostile_catalog: Catalog, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, *args)
    assert code in (0, 1), err
    assert not _RAW.search(out + err), repr(out + err)
    if "json" in args or "csl-json" in args:
        records = json.loads(out)
        titles = [r.get("title") for r in records]
        assert HOSTILE_TITLE in titles  # escaped for the terminal, yet the same text once parsed
    elif args[0] in ("list", "cite", "export") and "key" not in args:
        assert "\\x1b" in out and "\\u202e" in out  # shown, as escapes


def test_a_reader_that_stops_midway_is_not_an_error() -> None:
    # The child is blocked on a full pipe when the reader goes: no "Broken pipe", no ignored error at exit.
    process = subprocess.Popen(
        [sys.executable, "-m", "aligntui", "export", "--format", "json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=ENV,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.read(100)
    time.sleep(0.2)
    process.stdout.close()
    status = process.wait(timeout=60)
    assert status == 0
    assert process.stderr.read() == b""


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file names are bytes")
def test_an_undecodable_file_name_and_an_ascii_terminal_are_no_traceback(tmp_path: Path) -> None:
    name = os.fsencode(tmp_path) + b"/caf\xe9.toml"
    Path(os.fsdecode(name)).write_text(Path(SMALL).read_text(encoding="utf-8"), encoding="utf-8")
    for args in ([b"validate", name], [b"list", b"--catalog", name]):
        result = subprocess.run(
            [os.fsencode(sys.executable), b"-m", b"aligntui", *args],
            capture_output=True,
            timeout=60,
            check=False,
            env={**ENV, "PYTHONIOENCODING": "ascii"},
        )
        assert result.returncode == 0, result.stderr
        assert result.stderr == b""
        assert result.stdout.isascii()
    assert (
        b"caf\\udce9.toml: ok"
        in subprocess.run(
            [os.fsencode(sys.executable), b"-m", b"aligntui", b"validate", name],
            capture_output=True,
            timeout=60,
            check=False,
            env=ENV,
        ).stdout
    )


@pytest.mark.parametrize(
    ("args", "status", "message"),
    [
        (["validate", ""], 1, "'': cannot read the catalog: the file name is empty"),
        (["list", "--catalog", ""], 1, "'': cannot read the catalog: the file name is empty"),
        (["export", "--format", "json", "-o", ""], 2, "aligntui: -o needs a file name"),
        (["export", "--format", "json", "-o", ".", "--force"], 2, "aligntui: . is a folder; give a file name for -o"),
    ],
)
def test_empty_and_folder_names_are_refused(
    args: list[str], status: int, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, *args)
    assert (code, out) == (status, "")
    assert err.splitlines()[0] == message
