"""Every file aligntui reads or writes, made hostile: the exit status, the message, no traceback, no hang.

One row per case: what is put in a fresh folder (FIFOs and devices are made
there with ``os.mkfifo`` and ``os.mknod``, never touching the system's), the
command (``python -m aligntui ...``, or ``python -c`` for the files only the
explorer reads: the session, the state, the marks it writes), the exit
status and a fragment of what it must say. Each run has its own config,
state, data and cache folders and a timeout: a FIFO opened for reading
without a writer, or ``/dev/zero`` read to the end, would hang or fill memory.
After each run, every special file made for the case must still be the same
special file, no output may carry a character ``aligntui.text.safe`` calls
unsafe, and no temporary file may be left in the folder.
"""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

import aligntui
from aligntui.system.atomic import TEMPORARY_MARK
from aligntui.text.safe import is_safe

from ..conftest import DATA

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")

TIMEOUT = 60
"""Seconds before a run counts as a hang (each takes well under one on an idle machine)."""
SRC = str(Path(aligntui.__file__).resolve().parents[1])
SMALL = str(DATA / "small.toml")
MARKS = "data/marks/bundled.json"
SESSION = "state/sessions/bundled.json"
STATE = "state/state.json"
CONFIG = "config/config.toml"
OSC52 = "\x1b]52;c;cm0gLXJmIH4=\x07"
Setup = Callable[[Path], None]


# --- what a case puts in its folder -------------------------------------------------------------


def _place(folder: Path, name: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def fifo(name: str) -> Setup:
    return lambda folder: os.mkfifo(_place(folder, name))


def device(name: str, minor: int = 5) -> Setup:
    """A character device like ``/dev/zero`` (minor 5) or ``/dev/null`` (minor 3), made in the folder (as root)."""

    def make(folder: Path) -> None:
        if os.geteuid() != 0:
            pytest.skip("only root makes device nodes")
        os.mknod(_place(folder, name), stat.S_IFCHR | 0o666, os.makedev(1, minor))

    return make


def directory(name: str) -> Setup:
    return lambda folder: _place(folder, name).mkdir()


def unix_socket(name: str) -> Setup:
    def make(folder: Path) -> None:
        with socket.socket(socket.AF_UNIX) as server:
            server.bind(str(_place(folder, name)))

    return make


def link(name: str, target: str) -> Setup:
    """A symlink ``name`` to ``target`` (relative to the folder)."""
    return lambda folder: _place(folder, name).symlink_to(folder / target)


def text(name: str, content: str | bytes, mode: int | None = None) -> Setup:
    def make(folder: Path) -> None:
        path = _place(folder, name)
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        if mode is not None:
            path.chmod(mode)

    return make


def sparse(name: str, size: int) -> Setup:
    """A file of ``size`` bytes that takes no room on disk."""

    def make(folder: Path) -> None:
        with _place(folder, name).open("wb") as file:
            file.truncate(size)

    return make


def hard_link(name: str, other: str, content: str) -> Setup:
    def make(folder: Path) -> None:
        text(name, content)(folder)
        os.link(folder / name, _place(folder, other))

    return make


def both(*setups: Setup) -> Setup:
    def make(folder: Path) -> None:
        for setup in setups:
            setup(folder)

    return make


# --- the contents ---------------------------------------------------------------------------------

BIG = 65 * 1024 * 1024
"""More than every limit (64 MiB for a person's files and the catalog, 1 MiB for settings)."""
DEEP_JSON = "[" * 100_000 + "]" * 100_000
DEEP_MARKS = '{"format": 1, "marks": {"x": ' + "[" * 50_000 + "]" * 50_000 + "}}"
NOT_UTF8 = b"caf\xe9 \xff\xfe"
BIB = "@misc{old2020entry,\n  title = {An Old Entry},\n}\n"


def session(query: object, **more: object) -> str:
    import json

    return json.dumps({"format": 1, "open_sections": [], "query": query, **more})


def marks_with_note(note: str) -> str:
    import json

    entry = {"starred": True, "status": "reading", "note": note}
    return json.dumps({"format": 1, "catalog": "bundled", "marks": {"sanh2021multitask": entry}})


def catalog(title: str = "A work", extra: str = "", works: str = '["w1"]', version: str = "1") -> str:
    return (
        f'schema_version = {version}\n[survey]\ntitle = "S"\n{extra}\n[[sections]]\nid = "s1"\ntitle = "One"\n'
        f'works = {works}\n[[works]]\nid = "w1"\ntitle = "{title}"\nsource = "https://example.org/"\n'
    )


def deep_list(depth: int) -> str:
    lines = [f"{'  ' * level}- [A paper about level {level}](https://example.org/{level})" for level in range(depth)]
    return "# Papers\n\n" + "\n".join(lines) + "\n"


# --- the programs --------------------------------------------------------------------------------

LOAD_SESSION = (
    "-c",
    "from aligntui.personal.session import load_session\n"
    "s = load_session(None)\n"
    "print('restored', repr(s.query[:40]), len(s.open_sections), s.selected_section)",
)
SAVE_SESSION = (
    "-c",
    "from aligntui.personal.session import Session, save_session\n"
    "print('saved:', save_session(None, Session(query='rlhf')))",
)
LOAD_STATE = ("-c", "from aligntui.personal.settings import load_state\nprint('state', load_state())")
LOAD_SETTINGS = (
    "-c",
    "from aligntui.personal.settings import load_settings\n"
    "s = load_settings()\n"
    "print('bib', s.bib, 'clipboard', s.clipboard, *s.warnings, sep='\\n')",
)
STAR = (
    "-c",
    "from aligntui.personal.marks import MarkStore\n"
    "store = MarkStore.for_catalog(None)\n"
    "saved = store.toggle_star('sanh2021multitask')\n"
    "print('ok' if saved.ok else saved.message, *store.warnings, sep='\\n')",
)
LEAVE = (
    "-c",
    "from aligntui.catalog.load import load_catalog\n"
    "from aligntui.personal.files import PersonalFiles\n"
    "from aligntui.personal.session import Session\n"
    "catalog = load_catalog()\n"
    "files = PersonalFiles.read(catalog, None)\n"
    "from aligntui.personal.history import MarkChange, MarkField\n"
    "change = MarkChange(MarkField.STARRED, ('sanh2021multitask',), True, 'it')\n"
    "print(*files.change_marks(change)[1], sep='\\n')\n"
    "print('at exit:', files.leave(None, Session()))",
)
CHOOSE_BIB = (
    "-c",
    "from pathlib import Path\n"
    "from aligntui.catalog.load import load_catalog\n"
    "from aligntui.personal.files import PersonalFiles\n"
    "files = PersonalFiles.read(load_catalog(), Path('refs.bib'))\n"
    "print(*files.warnings, sep='\\n')\n"
    "print(*files.choose_bib(Path('chosen.bib')), sep='\\n')",
)
START_EXPLORER = (
    "-c",
    "import asyncio\n"
    "from aligntui.catalog.load import load_catalog\n"
    "from aligntui.tui.app import make_app\n"
    "async def run():\n"
    "    app = make_app(load_catalog())\n"
    "    async with app.run_test(size=(100, 30)) as pilot:\n"
    "        await pilot.pause()\n"
    "        print('started; query', repr(app.main.filter_input.value))\n"
    "asyncio.run(run())",
)
PLANT_CACHE = (
    "from aligntui.catalog.load import load_catalog, bundled_catalog_path\n"
    "from aligntui.catalog import parse_cache as cache\n"
    "import dataclasses\n"
    "catalog = load_catalog()\n"
    "works = {k: w._replace(title='\\x1b]52;c;eA==\\x07\\x9b2J' + w.title) for k, w in catalog.works.items()}\n"
    "survey = dataclasses.replace(catalog.survey, title='\\x1b]2;owned\\x07')\n"
    "(cached,) = cache.cache_directory().glob('*.marshal')\n"
    "with cached.open('wb') as file:\n"
    "    cache._write(file, dataclasses.replace(catalog, works=works, survey=survey))\n"
)


def planted_cache(folder: Path) -> None:
    """A parse cache entry for the bundled catalog's bytes, doctored to hold escape sequences."""
    subprocess.run([sys.executable, "-c", PLANT_CACHE], env=_env(folder), check=True, timeout=TIMEOUT, cwd=folder)


@dataclass(frozen=True)
class Case:
    """One hostile run: its id, what to set up, the command, the exit status and what the output must hold."""

    id: str
    setup: Setup
    argv: tuple[str, ...]
    status: int
    said: str
    check: Callable[[Path], bool] | None = None
    """Something about the folder afterwards (a hard link kept, a stale temporary file gone)."""


def same_inode(first: str, second: str) -> Callable[[Path], bool]:
    return lambda folder: os.stat(folder / first).st_ino == os.stat(folder / second).st_ino


def holds(name: str, fragment: str) -> Callable[[Path], bool]:
    return lambda folder: fragment in (folder / name).read_text()


def missing(name: str) -> Callable[[Path], bool]:
    return lambda folder: not os.path.lexists(folder / name)


EXPORT = ("export", "--format", "bibtex", "sanh2021multitask", "--force", "-o")
IMPORT = ("import-md", "list.md", "--force", "-o")
LIST_MD = text("list.md", "# Papers\n\n- [A paper about alignment](https://example.org/a)\n")
ADD = ("bib", "add", "sanh2021multitask", "--bib")
REPLACES_ONLY = "and aligntui replaces only regular files"

CASES = [
    # the catalog (--catalog): refused before reading, as before
    Case("catalog-fifo", fifo("c.toml"), ("list", "--catalog", "c.toml"), 1, "it is a FIFO (named pipe)"),
    Case("catalog-zero", device("c.toml"), ("list", "--catalog", "c.toml"), 1, "it is a character device"),
    Case("catalog-dir", directory("c.toml"), ("list", "--catalog", "c.toml"), 1, "it is a directory"),
    Case("catalog-link-fifo", both(fifo("f"), link("c.toml", "f")), ("list", "--catalog", "c.toml"), 1, "FIFO"),
    Case("catalog-socket", unix_socket("c.sock"), ("validate", "c.sock"), 1, "it is a socket"),
    Case("catalog-big", sparse("c.toml", BIG), ("validate", "c.toml"), 1, "more than the limit of 67,108,864"),
    # the catalog's text
    Case("schema-1.0", text("c.toml", catalog(version="1.0")), ("validate", "c.toml"), 1, "schema_version 1.0 is"),
    Case("schema-true", text("c.toml", catalog(version="true")), ("validate", "c.toml"), 1, "schema_version True"),
    Case("title-tag", text("c.toml", catalog("x\U000e0041y")), ("validate", "c.toml"), 1, "U+E0041 TAG LATIN"),
    Case("title-soft-hyphen", text("c.toml", catalog("a\u00adb")), ("validate", "c.toml"), 1, "U+00AD SOFT HYPHEN"),
    Case("title-hangul-filler", text("c.toml", catalog("\u3164")), ("validate", "c.toml"), 1, "U+3164 HANGUL FILLER"),
    Case("title-invisible-times", text("c.toml", catalog("a\u2062b")), ("validate", "c.toml"), 1, "U+2062"),
    Case("title-escaped-tag", text("c.toml", catalog("a\\U000E0001")), ("validate", "c.toml"), 1, "U+E0001"),
    Case("title-halfwidth-filler", text("c.toml", catalog("a\\uFFA0")), ("validate", "c.toml"), 1, "U+FFA0"),
    Case(
        "duplicates-20000",
        text("c.toml", catalog(works="[" + ", ".join(['"w1"'] * 20_001) + "]")),
        ("validate", "c.toml"),
        1,
        "the catalog has 20000 problems",
    ),
    Case(
        "long-unknown-key",
        text("c.toml", catalog(extra="x" * 100_000 + " = 1")),
        ("validate", "c.toml"),
        1,
        "unknown key 'xxxxxxxx",
    ),
    Case("long-id", text("c.toml", catalog(works='["' + "w" * 100_000 + '"]')), ("validate", "c.toml"), 1, "unknown"),
    # the parse cache: a doctored entry is checked again, never trusted
    Case("cache-list", planted_cache, ("list", "rlhf"), 0, "\tTraining a Helpful and Harmless Assistant"),
    Case("cache-cite-survey", planted_cache, ("cite", "--survey"), 0, "@misc{yao2023instructions,\n  title = {From"),
    # the .bib read by bib check
    Case("check-fifo", fifo("refs.bib"), ("bib", "check", "refs.bib"), 1, "cannot read it (it is a FIFO"),
    Case("check-zero", device("refs.bib"), ("bib", "check", "refs.bib"), 1, "it is a character device"),
    Case("check-dir", directory("refs.bib"), ("bib", "check", "refs.bib"), 1, "it is a directory"),
    Case("check-link-zero", both(device("z"), link("refs.bib", "z")), ("bib", "check", "refs.bib"), 1, "device"),
    Case("check-socket", unix_socket("refs.bib"), ("bib", "check", "refs.bib"), 1, "it is a socket"),
    Case("check-big", sparse("refs.bib", BIG), ("bib", "check", "refs.bib"), 1, "more than the limit"),
    Case("check-not-utf8", text("refs.bib", NOT_UTF8), ("bib", "check", "refs.bib"), 1, "not UTF-8"),
    Case("check-dangling", link("refs.bib", "gone"), ("bib", "check", "refs.bib"), 1, "no such file"),
    # the .bib read for is:inbib (--bib)
    Case("inbib-fifo", fifo("refs.bib"), ("--bib", "refs.bib", "list", "is:inbib"), 1, "it is a FIFO"),
    Case("inbib-zero", device("refs.bib"), ("--bib", "refs.bib", "list", "is:inbib"), 1, "character device"),
    Case("inbib-dir", directory("refs.bib"), ("--bib", "refs.bib", "cite", "is:inbib"), 1, "it is a directory"),
    Case("inbib-link-fifo", both(fifo("f"), link("r.bib", "f")), ("--bib", "r.bib", "list", "is:inbib"), 1, "FIFO"),
    # the .bib named by the bib setting
    Case("setting-bib-fifo", both(fifo("r.bib"), text(CONFIG, 'bib = "r.bib"')), ("list", "is:inbib"), 1, "FIFO"),
    Case("setting-bib-zero", both(device("r.bib"), text(CONFIG, 'bib = "r.bib"')), ("list", "is:inbib"), 1, "device"),
    Case("setting-bib-nul", text(CONFIG, 'bib = "a\\u0000b"'), ("list", "is:inbib"), 2, "bib = 'a\\x00b' holds"),
    Case("setting-bib-osc", text(CONFIG, 'bib = "a\\u001b]2;x\\u0007"'), ("list", "is:inbib"), 2, "'a\\x1b]2;x\\x07'"),
    Case("setting-bib-tag", text(CONFIG, 'bib = "a\\U000E0041.bib"'), ("list", "is:inbib"), 2, "a\\U000e0041.bib"),
    Case("setting-bib-huge", text(CONFIG, f'bib = "{"b" * 100_000}"'), ("list", "is:inbib"), 2, "more characters"),
    Case("setting-bib-list", text(CONFIG, "bib = [1]"), ("list", "is:inbib"), 2, "is not a file name"),
    # config.toml itself
    Case("config-fifo", fifo(CONFIG), ("list", "is:inbib"), 2, "it is a FIFO (named pipe), not a regular file"),
    Case("config-zero", device(CONFIG), ("list", "is:inbib"), 2, "it is a character device"),
    Case("config-dir", directory(CONFIG), ("list", "is:inbib"), 2, "it is a directory"),
    Case("config-big", sparse(CONFIG, 2 * 1024 * 1024), ("list", "is:inbib"), 2, "more than the limit of 1,048,576"),
    Case("config-deep", text(CONFIG, "x = " + "[" * 5000 + "]" * 5000), ("list", "is:inbib"), 2, "using the defaults"),
    Case("config-not-utf8", text(CONFIG, NOT_UTF8), ("list", "is:inbib"), 2, "not valid UTF-8 (line 1"),
    Case("settings-clipboard", text(CONFIG, 'clipboard = "' + "\\u001b" * 50_000 + '"'), LOAD_SETTINGS, 0, "more char"),
    # the marks file, read by `marks`, `list is:starred`, `validate`
    Case("marks-fifo", fifo(MARKS), ("marks",), 0, "(it is a FIFO (named pipe), not a regular file), so it is not"),
    Case("marks-zero", device(MARKS), ("marks",), 0, "(it is a character device, not a regular file)"),
    Case("marks-dir", directory(MARKS), ("marks",), 0, "(it is a directory, not a regular file)"),
    Case("marks-link-zero", both(device("z"), link(MARKS, "z")), ("list", "is:starred"), 1, "character device"),
    Case("marks-socket", unix_socket(MARKS), ("marks",), 0, "it is a socket"),
    Case("marks-big", sparse(MARKS, BIG), ("marks",), 0, "more than the limit of 67,108,864 bytes"),
    Case("marks-deep", text(MARKS, DEEP_JSON), ("marks",), 0, "nested more than 32 levels deep (line 1, column 33)"),
    Case("marks-deep-entry", text(MARKS, DEEP_MARKS), ("marks",), 0, "moved it to bundled.json.corrupt-"),
    Case("marks-not-utf8", text(MARKS, NOT_UTF8), ("marks",), 0, "not UTF-8; moved it to"),
    Case(
        "marks-json-c1-bidi",
        text(MARKS, marks_with_note("a\x9b2Jb\u202ec\U000e0041")),
        ("marks", "--format", "json"),
        0,
        "a\\u009b2Jb\\u202ec\\udb40\\udc41",
    ),
    Case(
        "marks-text-osc",
        text(MARKS, marks_with_note(OSC52 + "x\u3164")),
        ("marks",),
        0,
        "\\x1b]52;c;cm0gLXJmIH4=\\x07x\\u3164",
    ),
    # the marks file written by the explorer
    Case("star-marks-fifo", fifo(MARKS), STAR, 0, "marks not saved: cannot read"),
    Case("star-marks-zero", device(MARKS, 3), STAR, 0, "marks not saved: cannot read"),
    Case("star-lock-fifo", fifo(MARKS + ".lock"), STAR, 0, "ok"),
    Case(
        "leave-says-lost",
        directory(MARKS),
        LEAVE,
        0,
        "it is a directory, not a regular file), so it is not overwritten; the unsaved changes are lost",
    ),
    # the session file, read when the explorer starts
    Case("session-fifo", fifo(SESSION), LOAD_SESSION, 0, "restored '' 0 None"),
    Case("session-zero", device(SESSION), LOAD_SESSION, 0, "restored '' 0 None"),
    Case("session-dir", directory(SESSION), LOAD_SESSION, 0, "restored '' 0 None"),
    Case("session-big", sparse(SESSION, BIG), LOAD_SESSION, 0, "restored '' 0 None"),
    Case("session-deep", text(SESSION, DEEP_JSON), LOAD_SESSION, 0, "restored '' 0 None"),
    Case("session-deep-query", text(SESSION, session([[[[[[["x"]]]]]]])), LOAD_SESSION, 0, "restored '' 0 None"),
    Case("session-osc52", text(SESSION, session(OSC52 + "rlhf")), LOAD_SESSION, 0, "restored '' 0 None"),
    Case("session-osc2", text(SESSION, session("\x1b]2;owned\x07")), LOAD_SESSION, 0, "restored '' 0 None"),
    Case("session-csi", text(SESSION, session("\x1b[2J\x1b[31mred")), LOAD_SESSION, 0, "restored '' 0 None"),
    Case("session-c1", text(SESSION, session("\x9b2J\x9d0;x\x9c")), LOAD_SESSION, 0, "restored '' 0 None"),
    Case("session-bidi", text(SESSION, session("rlhf\u202e")), LOAD_SESSION, 0, "restored '' 0 None"),
    Case("session-huge-query", text(SESSION, session("rlhf " * 280_000)), LOAD_SESSION, 0, "restored '' 0 None"),
    Case(
        "session-huge-ids",
        text(SESSION, session("ok", open_sections=["s" * 1000, "fine"], selected_section="x" * 10_000)),
        LOAD_SESSION,
        0,
        "restored 'ok' 1 None",
    ),
    Case("session-good", text(SESSION, session("rlhf")), LOAD_SESSION, 0, "restored 'rlhf' 0 None"),
    # the session file, written when the explorer ends
    Case("save-session-fifo", fifo(SESSION), SAVE_SESSION, 0, REPLACES_ONLY),
    Case("save-session-null", device(SESSION, 3), SAVE_SESSION, 0, "it is a character device"),
    Case("save-session-link-fifo", both(fifo("f"), link(SESSION, "f")), SAVE_SESSION, 0, "it is a FIFO"),
    Case("save-session-link-null", both(device("n", 3), link(SESSION, "n")), SAVE_SESSION, 0, "character device"),
    Case("save-session-dir", directory(SESSION), SAVE_SESSION, 0, "it is a directory"),
    # the state file
    Case("state-fifo", fifo(STATE), LOAD_STATE, 0, "state {}"),
    Case("state-zero", device(STATE), LOAD_STATE, 0, "state {}"),
    Case("state-deep", text(STATE, DEEP_JSON), LOAD_STATE, 0, "state {}"),
    Case("state-big", sparse(STATE, BIG), LOAD_STATE, 0, "state {}"),
    Case("state-huge-value", text(STATE, '{"theme": "' + "t" * 1_000_000 + '", "x": 1}'), LOAD_STATE, 0, "{'x': 1}"),
    Case("state-escape-value", text(STATE, '{"theme": "\\u001b]2;x\\u0007", "y": "ok"}'), LOAD_STATE, 0, "'ok'}"),
    # the explorer starts whatever its personal files hold
    Case(
        "explorer-starts",
        both(
            text(SESSION, session(OSC52 + "x")),
            text(MARKS, DEEP_JSON),
            device(STATE),
            text(CONFIG, 'bib = "a\\u0000b"\nclipboard = "\\u001b[2J"'),
        ),
        START_EXPLORER,
        0,
        "started; query ''",
    ),
    # the .bib the explorer is started with (--bib) and the one chosen in the palette
    Case(
        "explorer-bib-fifo",
        both(fifo("refs.bib"), text("chosen.bib", BIB)),
        CHOOSE_BIB,
        0,
        "refs.bib: cannot read it (it is a FIFO",
    ),
    Case(
        "palette-bib-zero", device("chosen.bib"), CHOOSE_BIB, 0, "chosen.bib: cannot read it (it is a character device"
    ),
    Case("palette-bib-fifo", fifo("chosen.bib"), CHOOSE_BIB, 0, "chosen.bib: cannot read it (it is a FIFO"),
    # the Markdown list read by import-md
    Case("list-fifo", fifo("list.md"), ("import-md", "list.md"), 1, "cannot read list.md: it is a FIFO"),
    Case("list-zero", device("list.md"), ("import-md", "list.md"), 1, "it is a character device"),
    Case("list-dir", directory("list.md"), ("import-md", "list.md"), 1, "it is a directory"),
    Case("list-link-fifo", both(fifo("f"), link("list.md", "f")), ("import-md", "list.md"), 1, "it is a FIFO"),
    Case("list-big", sparse("list.md", BIG), ("import-md", "list.md"), 1, "more than the limit"),
    Case("list-not-utf8", text("list.md", NOT_UTF8), ("import-md", "list.md"), 1, "not valid UTF-8 (line 1, byte 4)"),
    Case(
        "list-name-escapes",
        text("l\x1b]2;x\x07\u202e.md", "# P\n\n- [A paper about things](https://example.org/a)\n"),
        ("import-md", "l\x1b]2;x\x07\u202e.md"),
        0,
        'title = "l]2;x.md"',  # the survey's title, from the file name, without its unsafe characters
    ),
    Case(
        "list-output-name-escapes",
        LIST_MD,
        ("import-md", "list.md", "-o", "o\x1b]2;x\x07\u202e.toml"),
        0,
        "wrote o\\x1b]2;x\\x07\\u202e.toml",
    ),
    Case("list-deep-300", text("list.md", deep_list(300)), ("import-md", "list.md"), 0, "# Made by `aligntui"),
    # import-md writing its catalog
    Case("import-o-fifo", both(LIST_MD, fifo("out.toml")), (*IMPORT, "out.toml"), 1, REPLACES_ONLY),
    Case("import-o-fifo-no-force", both(LIST_MD, fifo("o")), ("import-md", "list.md", "-o", "o"), 1, "FIFO"),
    Case("import-o-null", both(LIST_MD, device("out.toml", 3)), (*IMPORT, "out.toml"), 1, "character device"),
    Case("import-o-link-null", both(LIST_MD, device("n", 3), link("o", "n")), (*IMPORT, "o"), 1, "character device"),
    Case("import-o-dir", both(LIST_MD, directory("out.toml")), (*IMPORT, "out.toml"), 1, "it is a directory"),
    Case("import-o-socket", both(LIST_MD, unix_socket("o.toml")), (*IMPORT, "o.toml"), 1, "it is a socket"),
    Case("import-o-read-only", both(LIST_MD, text("o.toml", "x", 0o444)), (*IMPORT, "o.toml"), 1, "read-only"),
    Case(
        "import-o-hard-link",
        both(LIST_MD, hard_link("o.toml", "other.toml", "old")),
        (*IMPORT, "o.toml"),
        0,
        "wrote o.toml",
        same_inode("o.toml", "other.toml"),
    ),
    Case(
        "import-update-fifo", both(LIST_MD, fifo("c.toml")), ("import-md", "list.md", "--update", "c.toml"), 1, "FIFO"
    ),
    Case(
        "import-update-read-only",
        both(LIST_MD, text("c.toml", Path(SMALL).read_text(), 0o444)),
        ("import-md", "list.md", "--update", "c.toml"),
        1,
        "c.toml: it is read-only (-r--r--r--); make it writable first",
    ),
    # export -o
    Case("export-fifo", fifo("out.bib"), (*EXPORT, "out.bib"), 1, "out.bib: it is a FIFO (named pipe), and aligntui"),
    Case("export-fifo-no-force", fifo("o.bib"), ("export", "--format", "json", "-o", "o.bib"), 1, "FIFO"),
    Case("export-null", device("out.bib", 3), (*EXPORT, "out.bib"), 1, "it is a character device"),
    Case("export-zero", device("out.bib"), (*EXPORT, "out.bib"), 1, "it is a character device"),
    Case("export-link-fifo", both(fifo("f"), link("o.bib", "f")), (*EXPORT, "o.bib"), 1, "it is a FIFO"),
    Case("export-link-null", both(device("n", 3), link("o.bib", "n")), (*EXPORT, "o.bib"), 1, "character device"),
    Case("export-socket", unix_socket("o.bib"), (*EXPORT, "o.bib"), 1, "it is a socket"),
    Case("export-read-only", text("o.bib", "x", 0o444), (*EXPORT, "o.bib"), 1, "it is read-only (-r--r--r--)"),
    Case("export-no-folder", text("x", ""), (*EXPORT, "nowhere/o.bib"), 1, "the folder"),
    Case(
        "export-hard-link",
        hard_link("o.bib", "other.bib", "old"),
        (*EXPORT, "o.bib"),
        0,
        "wrote 1 works to o.bib",
        same_inode("o.bib", "other.bib"),
    ),
    # bib add --bib
    Case("add-fifo", fifo("refs.bib"), (*ADD, "refs.bib"), 1, "it is a FIFO (named pipe)"),
    Case("add-null", device("refs.bib", 3), (*ADD, "refs.bib"), 1, "it is a character device"),
    Case("add-link-fifo", both(fifo("f"), link("refs.bib", "f")), (*ADD, "refs.bib"), 1, "it is a FIFO"),
    Case("add-link-zero", both(device("z"), link("refs.bib", "z")), (*ADD, "refs.bib"), 1, "character device"),
    Case("add-dir", directory("refs.bib"), (*ADD, "refs.bib"), 1, "it is a directory"),
    Case("add-socket", unix_socket("refs.bib"), (*ADD, "refs.bib"), 1, "it is a socket"),
    Case(
        "add-read-only",
        text("refs.bib", BIB, 0o444),
        (*ADD, "refs.bib"),
        1,
        "cannot write it (it is read-only (-r--r--r--); make it writable first)",
        holds("refs.bib", BIB),
    ),
    Case(
        "add-hard-link",
        hard_link("refs.bib", "paper/refs.bib", BIB),
        (*ADD, "refs.bib"),
        0,
        "refs.bib: 1 added",
        lambda folder: (
            same_inode("refs.bib", "paper/refs.bib")(folder)
            and holds("paper/refs.bib", "@misc{old2020entry")(folder)
            and holds("paper/refs.bib", "sanh2021multitask")(folder)
        ),
    ),
    Case(
        "add-sweeps-dead-temporary",
        both(text("refs.bib", BIB), text(f".refs.bib{TEMPORARY_MARK}dead1234.tmp", "left by kill -9")),
        (*ADD, "refs.bib"),
        0,
        "1 added",
        missing(f".refs.bib{TEMPORARY_MARK}dead1234.tmp"),
    ),
]


def _env(folder: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("ALIGNTUI_")}
    env.update({f"ALIGNTUI_{kind}_DIR": str(folder / kind.lower()) for kind in ("CONFIG", "STATE", "DATA", "CACHE")})
    env.update(PYTHONPATH=SRC, HOME=str(folder / "home"), LC_ALL="C.UTF-8", COLUMNS="100")
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "BROWSER", "TMUX"):
        env.pop(name, None)
    return env


def _specials(folder: Path) -> dict[str, int]:
    """The special files (FIFOs, devices, sockets) under ``folder``, with their kind and device numbers."""
    found: dict[str, int] = {}
    for path in folder.rglob("*"):
        mode = os.lstat(path).st_mode
        if stat.S_ISFIFO(mode) or stat.S_ISCHR(mode) or stat.S_ISSOCK(mode):
            found[str(path.relative_to(folder))] = stat.S_IFMT(mode) | os.lstat(path).st_rdev
    return found


def test_the_table_has_enough_cases() -> None:
    assert len(CASES) >= 80
    assert len({case.id for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_hostile_file(case: Case, tmp_path: Path) -> None:
    folder = tmp_path / "work"
    folder.mkdir()
    case.setup(folder)
    before = _specials(folder)
    command = [sys.executable, *case.argv] if case.argv[0] == "-c" else [sys.executable, "-m", "aligntui", *case.argv]
    try:
        result = subprocess.run(
            command, capture_output=True, text=True, errors="replace", env=_env(folder), cwd=folder, timeout=TIMEOUT
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"hung: no answer within {TIMEOUT} s")
    said = result.stdout + result.stderr
    assert "Traceback" not in said, result.stderr
    assert (result.returncode, case.said in said) == (case.status, True), said[-2000:]
    assert is_safe(said), [line for line in said.splitlines() if not is_safe(line)][:3]
    assert max(map(len, said.splitlines()), default=0) < 1000, "a line of output is unbounded"
    assert _specials(folder) == before, "a special file was replaced"
    assert not [p.name for p in folder.rglob(f"*{TEMPORARY_MARK}*")], "a temporary file was left behind"
    if case.check is not None:
        assert case.check(folder)
