"""Marks follow the catalog, not its folder; they travel by --export/--import; concurrent writers lose nothing."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from aligntui.catalog.load import load_catalog
from aligntui.personal.marks import (
    Mark,
    MarkStore,
    catalog_slug,
    legacy_slug,
    marks_path,
    merge_mark,
    storable,
)
from aligntui.personal.session import Session, load_session, save_session

from ..conftest import DATA

SRC = Path(__file__).resolve().parents[2] / "src"


def _cli(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ALIGNTUI_")}
    env.update({f"ALIGNTUI_{kind}_DIR": str(tmp_path / kind.lower()) for kind in ("CONFIG", "STATE", "DATA", "CACHE")})
    env["PYTHONPATH"] = str(SRC)
    return subprocess.run(
        [sys.executable, "-m", "aligntui", *args], capture_output=True, text=True, env=env, cwd=tmp_path, check=False
    )


def _copy_catalog(folder: Path) -> Path:
    folder.mkdir(parents=True)
    return Path(shutil.copy(DATA / "small.toml", folder / "catalog.toml"))


def test_the_slug_is_the_catalogs_identity_not_its_path(tmp_path: Path) -> None:
    first = _copy_catalog(tmp_path / "here")
    second = _copy_catalog(tmp_path / "there" / "deeper")
    assert catalog_slug(first) == catalog_slug(second) == catalog_slug(load_catalog(first))
    assert catalog_slug(first).startswith("a-small-survey-")
    other = tmp_path / "other.toml"
    other.write_text(first.read_text().replace('title = "A Small Survey"', 'title = "Another Survey"', 1))
    assert catalog_slug(other) != catalog_slug(first)


def test_marks_are_still_shown_after_the_catalog_folder_is_moved(tmp_path: Path) -> None:
    catalog = _copy_catalog(tmp_path / "project")
    assert _cli(tmp_path, "marks", "--catalog", str(catalog)).stdout == ""
    store = MarkStore.for_catalog(catalog)
    assert store.toggle_star("turing1950computing").ok
    assert save_session(catalog, Session(selected_work="turing1950computing")) is None
    moved = tmp_path / "moved" / "project"
    moved.parent.mkdir()
    (tmp_path / "project").rename(moved)
    listing = _cli(tmp_path, "marks", "--catalog", str(moved / "catalog.toml"))
    assert listing.returncode == 0, listing.stderr
    assert listing.stdout.startswith("turing1950computing\t*\t")
    assert load_session(moved / "catalog.toml").selected_work == "turing1950computing"


def test_a_marks_file_under_the_old_path_hash_is_migrated_once(tmp_path: Path) -> None:
    catalog = _copy_catalog(tmp_path / "project")
    old = marks_path(None).parent / f"{legacy_slug(catalog)}.json"
    old.parent.mkdir(parents=True)
    old.write_text(json.dumps({"format": 1, "marks": {"turing1950computing": {"status": "read", "note": "old"}}}))
    store = MarkStore.for_catalog(load_catalog(catalog))
    assert store.warnings == []
    assert store.get("turing1950computing") == Mark(status="read", note="old")
    assert not old.exists() and old.with_name(old.name + ".migrated").exists()
    assert store.path != old and store.path.exists()
    again = MarkStore.for_catalog(catalog)
    assert again.path == store.path and again.get("turing1950computing").status == "read"


@pytest.mark.parametrize(
    ("mine", "theirs", "merged"),
    [
        (Mark(), Mark(starred=True), Mark(starred=True)),
        (Mark(starred=True), Mark(), Mark(starred=True)),
        (Mark(status="read"), Mark(status="toread"), Mark(status="read")),
        (Mark(status="toread"), Mark(status="reading"), Mark(status="reading")),
        (Mark(note="mine"), Mark(), Mark(note="mine")),
        (Mark(), Mark(note="theirs"), Mark(note="theirs")),
        (Mark(note="same"), Mark(note="same"), Mark(note="same")),
        (Mark(note="short"), Mark(note="short, and more"), Mark(note="short, and more")),
        (Mark(note="a"), Mark(note="b"), Mark(note="a\n\nb")),
        (Mark(True, "read", "x"), Mark(False, "unread", ""), Mark(True, "read", "x")),
    ],
)
def test_merge_mark_field_by_field_loses_nothing(mine: Mark, theirs: Mark, merged: Mark) -> None:
    assert merge_mark(mine, theirs) == merged
    assert merge_mark(merged, theirs) == merged  # importing twice changes nothing more


def test_export_then_import_on_another_machine_merges(tmp_path: Path) -> None:
    catalog = _copy_catalog(tmp_path / "laptop")
    laptop = MarkStore.for_catalog(catalog)
    laptop.toggle_star("turing1950computing")
    laptop.set_note("turing1950computing", "from the laptop")
    carried = tmp_path / "marks-export.json"
    exported = _cli(tmp_path, "marks", "--export", str(carried), "--catalog", str(catalog))
    assert exported.returncode == 0 and "wrote 1 marks" in exported.stderr
    assert _cli(tmp_path, "marks", "--export", str(carried), "--catalog", str(catalog)).returncode == 2  # exists
    other = tmp_path / "desktop"
    other.mkdir()
    desktop_catalog = _copy_catalog(other / "checkout")
    env_dirs = other / "dirs"
    desktop_store = tmp_path / "desktop-marks.json"
    # The desktop has its own data folder: a note and a status of its own on the same work.
    desktop = MarkStore(desktop_store)
    desktop.set_note("turing1950computing", "from the desktop")
    desktop.set_status("turing1950computing", "reading")
    env_dirs.mkdir()
    target = env_dirs / "data" / "marks" / f"{catalog_slug(desktop_catalog)}.json"
    target.parent.mkdir(parents=True)
    shutil.copy(desktop_store, target)
    imported = _cli(env_dirs, "marks", "--import", str(carried), "--catalog", str(desktop_catalog))
    assert imported.returncode == 0, imported.stderr
    assert "1 works changed" in imported.stderr
    data = json.loads(target.read_text())["marks"]["turing1950computing"]
    assert data == {"starred": True, "status": "reading", "note": "from the desktop\n\nfrom the laptop"}
    broken = tmp_path / "broken.json"
    broken.write_text("{")
    result = _cli(env_dirs, "marks", "--import", str(broken), "--catalog", str(desktop_catalog))
    assert result.returncode == 1 and "nothing imported" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("note", "stored", "replaced"),
    [
        ("plain", "plain", False),
        ("lone \udc80 half", "lone \ufffd half", True),
        ("\ud83d\ude00 pair written as halves", "\U0001f600 pair written as halves", True),
        ("high \ud800", "high \ufffd", True),
    ],
)
def test_storable(note: str, stored: str, replaced: bool) -> None:
    assert storable(note) == (stored, replaced)


def test_a_note_with_a_lone_surrogate_is_stored_and_reported(tmp_path: Path) -> None:
    store = MarkStore(tmp_path / "m.json")
    saved = store.set_note("w1", "before \udc80 after")
    assert saved.ok and any("U+FFFD" in w or "\ufffd" in w for w in saved.warnings)
    assert json.loads((tmp_path / "m.json").read_text(encoding="utf-8"))["marks"]["w1"]["note"] == "before \ufffd after"
    assert MarkStore(tmp_path / "m.json").get("w1").note == "before \ufffd after"
    # A marks file (an import) that spells a lone surrogate as a JSON escape is read safely too.
    (tmp_path / "n.json").write_text('{"format": 1, "marks": {"w2": {"note": "x\\udc80"}}}')
    other = MarkStore(tmp_path / "n.json")
    assert other.get("w2").note == "x\ufffd" and other.toggle_star("w2").ok


_WORKER = textwrap.dedent(
    """
    import json, sys, time
    from pathlib import Path
    from aligntui.personal.marks import MarkStore
    path, start, number, count = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    pairs = [(w, f) for w in range(12) for f in ("starred", "status", "note")]
    mine = pairs[number::count]
    store = MarkStore(path)
    while not start.exists():
        time.sleep(0.001)
    done = []
    for work, field in mine:
        work_id = f"w{work}"
        if field == "starred":
            saved, value = store.set_starred([work_id], True), True
        elif field == "status":
            value = ("toread", "reading", "read")[work % 3]
            saved = store.set_status(work_id, value)
        else:
            value = f"note of w{work} by process {number}"
            saved = store.set_note(work_id, value)
        if saved.ok:
            done.append([work_id, field, value])
    print(json.dumps(done))
    """
)


@pytest.mark.parametrize("count", [2, 4])
def test_concurrent_writers_lose_no_acknowledged_change(tmp_path: Path, count: int) -> None:
    path = tmp_path / "marks.json"
    start = tmp_path / "start"
    env = dict(os.environ, PYTHONPATH=str(SRC))
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", _WORKER, str(path), str(start), str(n), str(count)],
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        for n in range(count)
    ]
    start.touch()
    acknowledged: list[list[object]] = []
    for worker in workers:
        out, _ = worker.communicate(timeout=120)
        assert worker.returncode == 0
        acknowledged += json.loads(out)
    assert len(acknowledged) == 36  # every change of every process was written
    on_disk = json.loads(path.read_text(encoding="utf-8"))["marks"]
    lost = [change for change in acknowledged if on_disk.get(change[0], {}).get(str(change[1])) != change[2]]
    assert lost == []


def test_a_session_saved_under_the_path_is_read_with_the_loaded_catalog(tmp_path: Path) -> None:
    # The App reads the session with the loaded catalog (no second read of the file) and saves it with the path.
    path = _copy_catalog(tmp_path / "here")
    assert save_session(path, Session(query="reward model")) is None
    assert load_session(load_catalog(path)).query == "reward model"


@pytest.mark.parametrize(
    "survey",
    [
        '[survey]\ntitle = "A Small Survey"\nurl = "https://example.org/survey"\n',
        'survey.title = "A Small Survey"\nsurvey.url = "https://example.org/survey"\n',
        'survey = { title = "A Small Survey", url = "https://example.org/survey" }\n',
        '[survey] # the survey\ntitle = """A Small Survey"""\nurl = "https://example.org/survey"\n',
    ],
    ids=["table", "dotted keys", "inline table", "comment and multi-line string"],
)
def test_the_slug_of_a_file_is_the_slug_of_the_loaded_catalog(tmp_path: Path, survey: str) -> None:
    body = (DATA / "small.toml").read_text()
    end = body.index("[[sections]]")
    path = tmp_path / "catalog.toml"
    path.write_text("schema_version = 1\n" + survey + "\n" + body[end:])
    assert catalog_slug(path) == catalog_slug(load_catalog(path)) == catalog_slug(DATA / "small.toml")


def test_a_query_with_a_lone_surrogate_is_saved_as_a_replacement_character(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A broken paste into the filter must not crash the session save at quit (found by the fuzzer)."""
    from aligntui.personal.session import Session, load_session, save_session

    catalog = tmp_path / "c.toml"
    catalog.write_text("", encoding="utf-8")
    assert save_session(catalog, Session(query="reward \ud800model")) is None
    assert load_session(catalog).query == "reward \ufffdmodel"
