"""Marks (star, reading status, note), the session file, atomic writes under failure, and the marks CLI."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from aligntui.catalog.load import bundled_catalog_path
from aligntui.personal import marks
from aligntui.personal.marks import (
    FORMAT_VERSION,
    STATUSES,
    Mark,
    MarkStore,
    catalog_slug,
    glyphs,
    marks_path,
    next_status,
)
from aligntui.personal.session import Session, load_session, save_session, session_path
from aligntui.system.atomic import write_atomically

from ..conftest import DATA

SRC = Path(__file__).resolve().parents[2] / "src"


@pytest.fixture(autouse=True)
def _data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A private data folder: marks must never reach the person's own."""
    monkeypatch.setenv("ALIGNTUI_DATA_DIR", str(tmp_path / "data"))


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "marks" / "test.json"


def on_disk(path: Path) -> dict[str, dict[str, object]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == FORMAT_VERSION
    marks_table: dict[str, dict[str, object]] = data["marks"]
    return marks_table


@pytest.mark.parametrize(
    ("status", "after"), [("unread", "toread"), ("toread", "reading"), ("reading", "read"), ("read", "unread")]
)
def test_status_cycle(status: str, after: str) -> None:
    assert next_status(status) == after


@pytest.mark.parametrize(
    ("mark", "signs"),
    [(Mark(), ""), (Mark(starred=True), "★"), (Mark(status="toread"), "○"), (Mark(True, "read", "n"), "★●✎")],
)
def test_glyphs(mark: Mark, signs: str) -> None:
    assert glyphs(mark) == signs


def test_each_change_is_on_disk_at_once(path: Path) -> None:
    store = MarkStore(path)
    assert store.toggle_star("a").ok
    assert store.cycle_status("a").ok
    assert store.set_note("b", "read §3 first\n\n").ok
    assert on_disk(path) == {
        "a": {"starred": True, "status": "toread", "note": ""},
        "b": {"starred": False, "status": "unread", "note": "read §3 first"},
    }
    again = MarkStore(path)
    assert again.get("a") == Mark(starred=True, status="toread")
    assert again.get("nothing") == Mark()
    assert again.note_of("b") == "read §3 first"


def test_a_mark_that_says_nothing_leaves_the_file(path: Path) -> None:
    store = MarkStore(path)
    store.toggle_star("a")
    store.toggle_star("a")
    assert on_disk(path) == {}
    assert "a" not in store.marks


def test_sets_for_the_query_fields(path: Path) -> None:
    store = MarkStore(path)
    store.set_starred(["a", "b", "c"], True)
    store.set_status("b", "reading")
    store.set_status("c", "read")
    store.set_status("d", "toread")
    store.set_note("d", "why")
    assert store.starred_ids() == frozenset({"a", "b", "c"})
    assert {s: store.status_ids(s) for s in STATUSES} == {
        "unread": frozenset({"a"}),
        "toread": frozenset({"d"}),
        "reading": frozenset({"b"}),
        "read": frozenset({"c"}),
    }
    assert store.noted_ids() == frozenset({"d"})
    with pytest.raises(ValueError, match="unknown status"):
        store.status_ids("finished")
    with pytest.raises(ValueError, match="unknown status"):
        store.set_status("a", "finished")


def test_two_instances_writing_in_turn_keep_both_marks(path: Path) -> None:
    left, right = MarkStore(path), MarkStore(path)
    assert left.toggle_star("a").ok
    assert right.cycle_status("b").ok
    assert left.set_note("b", "from the left").ok  # same work, another field: both kept
    assert right.toggle_star("c").ok
    assert on_disk(path) == {
        "a": {"starred": True, "status": "unread", "note": ""},
        "b": {"starred": False, "status": "toread", "note": "from the left"},
        "c": {"starred": True, "status": "unread", "note": ""},
    }
    assert right.get("a").starred  # each write brings the other instance's marks in
    left.reload()
    assert left.get("c").starred


_STARRER = """
import sys
from pathlib import Path
from aligntui.personal.marks import MarkStore
store = MarkStore(Path(sys.argv[1]))
for n in range(int(sys.argv[3])):
    assert store.toggle_star(f"{sys.argv[2]}{n}").ok
"""


def test_two_instances_writing_at_once_keep_every_mark(path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    runs = [subprocess.Popen([sys.executable, "-c", _STARRER, str(path), who, "25"], env=env) for who in "lr"]
    assert [run.wait(timeout=60) for run in runs] == [0, 0]
    assert MarkStore(path).starred_ids() == {f"{who}{n}" for who in "lr" for n in range(25)}


def test_an_orphan_mark_is_kept_and_reported(path: Path) -> None:
    store = MarkStore(path)
    store.toggle_star("gone2019paper")
    store.toggle_star("kept2020paper")
    assert store.orphans({"kept2020paper": object()}) == {"gone2019paper": Mark(starred=True)}
    store.set_note("kept2020paper", "still here")
    assert "gone2019paper" in on_disk(path)
    assert MarkStore(path).orphans(["kept2020paper"]) == {"gone2019paper": Mark(starred=True)}


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"{not json", "not JSON"),
        (b"\xff\xfe", "not UTF-8"),
        (b"[]", "not a marks file"),
        (b'{"format": 1, "marks": {"a": {"status": "finished"}}}', "status must be one of"),
        (b'{"format": 1, "marks": {"a": {"starred": "yes"}}}', "starred must be true or false"),
        (b'{"marks": {}}', 'no "format" version'),
    ],
)
def test_a_corrupt_file_is_moved_aside(path: Path, content: bytes, reason: str) -> None:
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    store = MarkStore(path)
    (warning,) = store.warnings
    assert reason in warning and "moved it to test.json.corrupt-" in warning
    (aside,) = path.parent.glob("test.json.corrupt-*")
    assert aside.read_bytes() == content
    assert store.marks == {}
    assert store.toggle_star("a").ok
    assert on_disk(path) == {"a": {"starred": True, "status": "unread", "note": ""}}


def test_a_file_corrupted_while_open_loses_nothing(path: Path) -> None:
    store = MarkStore(path)
    store.toggle_star("a")
    path.write_text("{half a file")
    saved = store.toggle_star("b")
    assert saved.ok and "moved it to test.json.corrupt-" in saved.warnings[0]
    assert set(on_disk(path)) == {"a", "b"}


def test_forget_removes_every_mark_of_a_work(path: Path) -> None:
    store = MarkStore(path)
    store.toggle_star("a")
    store.set_note("a", "x")
    store.toggle_star("b")
    assert store.forget("a").ok
    assert set(on_disk(path)) == {"b"} and store.get("a") == Mark()


def test_a_file_from_a_newer_aligntui_is_never_overwritten(path: Path) -> None:
    path.parent.mkdir(parents=True)
    newer = '{"format": 99, "marks": {"a": {"starred": true, "colour": "red"}}}'
    path.write_text(newer)
    store = MarkStore(path)
    assert "newer than this aligntui reads" in store.warnings[0]
    saved = store.toggle_star("b")
    assert not saved.ok and "marks not saved" in saved.message
    assert store.get("b").starred
    assert path.read_text() == newer


def test_a_full_disk_keeps_the_change_in_memory_and_retries(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = MarkStore(path)
    store.toggle_star("a")

    def full(path: Path, data: str | bytes, *, sync: bool = True) -> None:
        raise OSError(28, "No space left on device", str(path))

    monkeypatch.setattr(marks, "write_atomically", full)
    saved = store.cycle_status("b")
    assert not saved.ok
    assert saved.message == (f"marks not saved (No space left on device: {path}); kept in memory, retried next change")
    assert store.get("b").status == "toread" and store.pending
    assert "b" not in on_disk(path)
    monkeypatch.setattr(marks, "write_atomically", write_atomically)
    assert store.set_note("c", "later").ok
    assert not store.pending
    assert set(on_disk(path)) == {"a", "b", "c"}


def test_a_folder_that_cannot_be_made_gives_a_message_not_a_traceback(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    store = MarkStore(blocker / "marks" / "x.json")
    saved = store.toggle_star("a")
    assert not saved.ok and saved.message.startswith("marks not saved (")
    assert store.get("a").starred


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs a folder its owner cannot write")
def test_a_read_only_folder(path: Path) -> None:
    MarkStore(path).toggle_star("a")
    path.parent.chmod(0o555)
    try:
        saved = MarkStore(path).toggle_star("b")
    finally:
        path.parent.chmod(0o755)
    assert not saved.ok and "Permission denied" in saved.message
    assert set(on_disk(path)) == {"a"}


@pytest.mark.parametrize("step", ["fsync", "chmod", "replace"])
def test_a_failure_between_the_steps_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    target = tmp_path / "marks.json"
    target.write_text("old")

    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(5, f"injected failure in {step}")

    monkeypatch.setattr(f"aligntui.system.atomic.os.{step}", fail)
    with pytest.raises(OSError, match="injected"):
        write_atomically(target, "new")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["marks.json"]  # no temporary file left


def test_a_failed_rename_leaves_the_marks_file_as_it_was(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = MarkStore(path)
    store.toggle_star("a")
    before = path.read_bytes()
    (path.parent / ".test.json.dead1234.tmp").write_text("left by a writer killed mid-write")

    def fail(*args: object) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr("aligntui.system.atomic.os.replace", fail)
    saved = store.toggle_star("b")
    assert not saved.ok and "Input/output error" in saved.message
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == ["test.json", "test.json.lock"]


_WRITER = """
import sys
from pathlib import Path
from aligntui.system.atomic import write_atomically
path, size = Path(sys.argv[1]), int(sys.argv[2])
print("ready", flush=True)
n = 0
while True:
    write_atomically(path, (b"AB"[n % 2:n % 2 + 1]) * size)
    n += 1
"""


def test_kill_9_in_the_middle_of_writes_leaves_the_old_or_the_new_file(tmp_path: Path) -> None:
    target = tmp_path / "marks.json"
    size = 4_000_000
    target.write_bytes(b"A" * size)
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    for delay in (0.05, 0.13, 0.31):
        writer = subprocess.Popen(
            [sys.executable, "-c", _WRITER, str(target), str(size)], env=env, stdout=subprocess.PIPE
        )
        assert writer.stdout is not None and writer.stdout.readline() == b"ready\n"
        time.sleep(delay)
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=30)
        writer.stdout.close()
        data = target.read_bytes()
        assert len(data) == size and data in (b"A" * size, b"B" * size)


def test_catalog_slug(tmp_path: Path) -> None:
    catalog = tmp_path / "my catalog.toml"
    link = tmp_path / "link.toml"
    link.symlink_to(catalog)
    assert catalog_slug(None) == catalog_slug(bundled_catalog_path()) == "bundled"
    slug = catalog_slug(catalog)
    assert slug.startswith("my_catalog-") and len(slug) == len("my_catalog-") + 10
    assert catalog_slug(link) == slug != catalog_slug(tmp_path / "other.toml")
    assert marks_path(catalog) == tmp_path / "data" / "marks" / f"{slug}.json"


def test_session_round_trip(tmp_path: Path) -> None:
    catalog = tmp_path / "c.toml"
    assert load_session(catalog) == Session()
    saved = Session(open_sections=("a", "a.one"), selected_section="a.one", selected_work="w1", query="author:x")
    assert save_session(catalog, saved) is None
    assert load_session(catalog) == saved
    assert load_session(None) == Session()
    session_path(catalog).write_text('{"format": 1, "open_sections": "oops", "query": 3}')
    assert load_session(catalog) == Session()


def _cli(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ALIGNTUI_")}
    env.update({f"ALIGNTUI_{kind}_DIR": str(tmp_path / kind.lower()) for kind in ("CONFIG", "STATE", "DATA", "CACHE")})
    env["PYTHONPATH"] = str(SRC)
    return subprocess.run(
        [sys.executable, "-m", "aligntui", *args], capture_output=True, text=True, env=env, cwd=tmp_path, check=False
    )


def test_cli_marks_lists_and_reports_orphans(tmp_path: Path) -> None:
    small = DATA / "small.toml"
    store = MarkStore.for_catalog(small)
    store.toggle_star("turing1950computing")
    store.set_note("turing1950computing", "the imitation game\n\x1b[31mred")
    store.set_status("gone2001paper", "reading")
    listing = _cli(tmp_path, "marks", "--catalog", str(small))
    assert listing.returncode == 0, listing.stderr
    assert listing.stdout.splitlines() == [
        "gone2001paper\t-\treading\t(no longer in the catalog)\t",
        "turing1950computing\t*\tunread\tComputing Machinery and Intelligence\tthe imitation game / \\x1b[31mred",
    ]
    orphans = _cli(tmp_path, "marks", "--orphans", "--catalog", str(small))
    assert orphans.stdout == "gone2001paper\t-\treading\t(no longer in the catalog)\t\n"
    assert orphans.stderr.startswith("1 orphan mark (kept in ")
    as_json = json.loads(_cli(tmp_path, "marks", "--format", "json", "--catalog", str(small)).stdout)
    assert [(r["id"], r["in_catalog"]) for r in as_json] == [("gone2001paper", False), ("turing1950computing", True)]
    where = _cli(tmp_path, "marks", "--path", "--catalog", str(small))
    assert where.stdout.strip() == str(store.path)


def test_cli_marks_with_a_corrupt_file_warns_and_goes_on(tmp_path: Path) -> None:
    target = MarkStore.for_catalog(None).path
    target.parent.mkdir(parents=True)
    target.write_text("{broken")
    result = _cli(tmp_path, "marks")
    assert result.returncode == 0 and result.stdout == ""
    assert "moved it to bundled.json.corrupt-" in result.stderr and "Traceback" not in result.stderr
