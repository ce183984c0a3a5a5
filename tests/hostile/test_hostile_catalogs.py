"""Broken and hostile catalogs through `aligntui validate` and `list`: the exit status, the message and its line.

The files are in tests/data/hostile/ (each a few lines from a five-line valid
catalog; make_corpus.py says how each was made); special files (a FIFO, a directory, /dev/zero, a
file over the size limit) are made at test time. None may end in a traceback,
and no message may carry a control character to the terminal.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import aligntui
from aligntui.catalog.load import MAX_BYTES
from aligntui.cli.main import main

from ..conftest import DATA

HOSTILE = DATA / "hostile"
# Subprocesses run the sources under test, from any working directory.
ENV = {**os.environ, "PYTHONPATH": str(Path(aligntui.__file__).resolve().parents[1])}

# (file, exit status of `validate`, line of the problem (None: the whole file), a fragment of its message)
CASES: list[tuple[str, int, int | None, str]] = [
    # syntax, encoding and the shape of the file
    ("empty", 1, 1, "the catalog has no schema_version"),
    ("only_comment", 1, 1, "the catalog has no [survey] table"),
    ("syntax_unclosed_string", 1, 13, "TOML syntax error: Illegal character"),
    ("syntax_bad_header", 1, 11, "TOML syntax error: Expected ']]'"),
    ("syntax_duplicate_key", 1, 14, "TOML syntax error: Cannot overwrite a value"),
    ("syntax_bare_word", 1, 15, "TOML syntax error: Invalid value"),
    ("invalid_utf8", 1, 13, "the catalog is not valid UTF-8"),
    ("crlf_line_endings", 0, None, "ok (1 works, 1 section entries)"),
    ("byte_order_mark", 0, None, "ok (1 works, 1 section entries)"),
    ("no_survey", 1, 1, "the catalog has no [survey] table"),
    ("survey_not_a_table", 1, 3, "'survey' must be a table"),
    ("wrong_schema_version", 1, 1, "schema_version 2 is not 1"),
    ("schema_version_string", 1, 1, "schema_version '1' is not 1"),
    ("works_are_integers", 1, 2, "each [[works]] entry must be a table, not 1"),
    ("sections_a_string", 1, 2, "'sections' must be written as [[sections]] tables"),
    # wrong types, missing and unknown fields
    ("unknown_key", 1, 15, "unknown key 'venu' in work 'w1' (did you mean 'venue'?)"),
    ("year_as_string", 1, 15, "'year' in work 'w1' must be a whole number"),
    ("year_as_bool", 1, 15, "'year' in work 'w1' must be a whole number"),
    ("year_implausible", 1, 15, "year 20200 is not a plausible year"),
    ("authors_not_a_list", 1, 14, "'authors' in work 'w1' must be a list"),
    ("author_empty", 1, 14, "every entry of 'authors' must be a non-empty string"),
    ("missing_title", 1, 11, "work 'w1' has no 'title'"),
    ("missing_source", 1, 11, "work 'w1' has no 'source'"),
    ("missing_section_id", 1, 6, "section #1 has no 'id'"),
    ("link_bad_shape", 1, 17, 'each link must be { label = "...", url = "..." }'),
    ("work_type_unknown", 1, 16, "type 'podcast' is not one of paper, book, dataset, web"),
    ("arxiv_bad", 1, 16, "'arXiv:2001' is not an arXiv id"),
    ("doi_bad", 1, 16, "'doi.org/10.1/x' is not a DOI"),
    ("huge_unknown_key", 1, 16, "unknown key 'kkkkkkkkkkkkkkkkkkkkkkkkkkk...kkkkkkkkkkkkkkkkkkkkkkkkkkkk' in"),
    # a header that is no plain name, after 5,000 spaces: finding positions once took a minute of regex backtracking
    ("header_with_many_spaces", 1, 1, "unknown top-level key '\u043a\u043b\u044e\u0447'"),
    # ids: duplicates, dangling references, the character set
    ("duplicate_work_id", 1, 20, "duplicate work id 'w1' (first defined on line 12)"),
    ("work_ids_differ_in_case", 1, 20, "'w1' differs only in case: BibTeX keys ignore case"),
    ("duplicate_section_id", 1, 20, "duplicate section id 's1'"),
    ("dangling_work", 1, 9, "section 's1' names unknown work 'w9'"),
    ("dangling_parent", 1, 9, "parent 'nope' is not a section defined above it"),
    ("work_in_no_section", 1, 20, "work 'w2' is in no section"),
    ("section_id_with_space", 1, 7, "section 's1 [a]': an id is ASCII letters and digits"),
    ("section_id_cyrillic", 1, 7, "section 's\u04301': an id is ASCII letters and digits"),
    ("work_id_with_slash", 1, 12, "work 'w1/x': an id is ASCII letters and digits"),
    # URLs, checked by parsing
    ("url_javascript", 1, 16, "URL 'javascript:alert(1)' is not an http or https address"),
    ("url_file", 1, 17, "URL 'file:///etc/passwd' is not an http or https address"),
    ("url_space_in_host", 1, 16, "holds a space or line break (U+0020 SPACE)"),
    ("url_newline", 1, 16, "holds a space or line break (U+000A LINE FEED)"),
    ("url_ipv6_unclosed", 1, 16, "URL 'https://[::1' cannot be parsed (Invalid IPv6 URL)"),
    ("url_user_before_host", 1, 16, "names a user before the host"),
    ("url_escape_in_link", 1, 17, "holds the control character U+001B ESCAPE"),
    # characters that act on a terminal or hide text
    ("title_osc52_clipboard", 1, 13, "'title' holds U+001B ESCAPE, a control character (2 such characters in all)"),
    ("title_clear_screen", 1, 13, "'title' holds U+001B ESCAPE, a control character"),
    ("title_nul", 1, 13, "'title' holds U+0000 NULL, a control character"),
    ("title_del", 1, 13, "'title' holds U+007F DELETE, a control character"),
    ("title_c1_csi", 1, 13, "'title' holds U+009B CONTROL SEQUENCE INTRODUCER, a control character"),
    ("title_next_line_c1", 1, 13, "'title' holds U+0085 NEXT LINE, a control character"),
    ("title_next_line_c1", 1, 16, "URL 'ftp://example.org/w1'"),  # U+0085 does not end a line for the count
    ("title_bidi_override", 1, 13, "'title' holds U+202E RIGHT-TO-LEFT OVERRIDE, a bidirectional control"),
    ("title_line_separator", 1, 13, "'title' holds U+2028 LINE SEPARATOR, an invisible format character"),
    ("title_line_separator", 1, 16, "URL 'ftp://example.org/w1'"),
    ("title_byte_order_mark_inside", 1, 13, "'title' holds U+FEFF ZERO WIDTH NO-BREAK SPACE"),
    ("title_tab", 1, 13, "'title' holds a tab (U+0009 CHARACTER TABULATION); only 'description' and 'note'"),
    ("title_two_lines", 1, 13, "'title' holds a line break (U+000A LINE FEED)"),
    ("title_zero_width_space", 1, 13, "'title' holds U+200B ZERO WIDTH SPACE, a zero-width character outside a word"),
    ("title_emoji_zwj_accepted", 0, None, "ok (1 works, 1 section entries)"),
    ("description_two_lines_accepted", 0, None, "ok (1 works, 1 section entries)"),
    ("author_bidi_isolate", 1, 14, "'authors' holds U+2066 LEFT-TO-RIGHT ISOLATE, a bidirectional control"),
    ("link_label_escape", 1, 17, "'label' holds U+001B ESCAPE"),
    ("section_description_osc8", 1, 9, "'description' holds U+001B ESCAPE, a control character (4 such"),
    ("survey_title_retitle", 1, 4, "the survey: 'title' holds U+001B ESCAPE"),
    ("comment_bidi_override", 1, 5, "U+202E RIGHT-TO-LEFT OVERRIDE, a bidirectional control, is not allowed anywhere"),
    ("note_escape", 1, 16, "'note' holds U+009B CONTROL SEQUENCE INTRODUCER"),
    # nesting
    ("deep_array_too_deep_for_toml", 1, 16, "arrays and inline tables nest more than 64 levels deep"),
    ("deep_array_parses", 1, 16, "'note' in work 'w1' must be a string"),
    ("deep_inline_table", 1, 1, "arrays and inline tables nest more than 64 levels deep"),
    ("deep_section_works", 1, 9, "section 's1' names unknown work [[[...]]]"),
    # tomllib reads the key and validation refuses it; tomli (3.10) gives up, and the loader says why, same line
    ("deep_dotted_key", 1, 2, "unknown top-level key 'a'" if sys.version_info >= (3, 11) else "a dotted key nests"),
    ("deep_sections", 1, 341, "section 'd64' is nested more than 64 levels deep"),
]

_UNSAFE_OUTPUT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _validate(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["validate", *args])
    out, err = capsys.readouterr()
    return code, out, err


def _check_streams(path: str, out: str, err: str) -> None:
    """No traceback; every line of stderr a positioned problem or aligntui's summary; nothing a terminal acts on."""
    assert "Traceback" not in out + err
    assert not _UNSAFE_OUTPUT.search(out + err)
    for text in err.splitlines():
        assert text.startswith((f"{path}:", "aligntui: ")), text


def test_the_corpus_is_large_and_every_file_is_in_the_table() -> None:
    files = {p.stem for p in HOSTILE.glob("*.toml")}
    named = {case[0] for case in CASES}
    assert files == named
    assert len(files) >= 40


@pytest.mark.parametrize(("name", "status", "line", "fragment"), CASES, ids=[f"{c[0]}:{c[2]}" for c in CASES])
def test_validate_states_the_problem_and_its_line(
    name: str, status: int, line: int | None, fragment: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = str(HOSTILE / f"{name}.toml")
    code, out, err = _validate(capsys, path)
    assert code == status, err
    _check_streams(path, out, err)
    if status == 0:
        assert out.startswith(f"{path}: {fragment}")
        return
    where = f"{path}:{line}:" if line is not None else f"{path}: "
    assert any(text.startswith(where) and fragment in text for text in err.splitlines()), err


@pytest.mark.parametrize("name", sorted({c[0] for c in CASES}))
def test_list_on_a_hostile_catalog_answers_as_validate_does(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    path = str(HOSTILE / f"{name}.toml")
    code = main(["list", "--catalog", path])
    out, err = capsys.readouterr()
    assert code == next(c[1] for c in CASES if c[0] == name)
    _check_streams(path, out, err)


def _special_files(tmp_path: Path) -> list[tuple[str, str]]:
    """(path, what the message says) for each file that is not a readable regular catalog."""
    fifo = tmp_path / "fifo.toml"
    os.mkfifo(fifo)
    large = tmp_path / "large.toml"
    with large.open("wb") as file:
        file.truncate(MAX_BYTES + 1)  # sparse: no disk space used
    cases = [
        (str(fifo), "it is a FIFO (named pipe), not a regular file"),
        (str(tmp_path), "it is a directory, not a regular file"),
        (str(large), f"it is {MAX_BYTES + 1:,} bytes, more than the limit of {MAX_BYTES:,} bytes (64 MiB)"),
        (str(tmp_path / "missing.toml"), "cannot read the catalog: No such file or directory"),
    ]
    if os.path.exists("/dev/zero"):
        cases.append(("/dev/zero", "it is a character device, not a regular file"))
    return cases


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_special_files_are_refused_before_reading(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for path, fragment in _special_files(tmp_path):
        code, out, err = _validate(capsys, path)
        assert code == 1
        assert err.splitlines()[0].startswith(f"{path}: cannot read the catalog: ")
        assert fragment in err
        _check_streams(path, out, err)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_does_not_block_the_real_command(tmp_path: Path) -> None:
    fifo = tmp_path / "catalog.toml"
    os.mkfifo(fifo)
    for args in (["validate", str(fifo)], ["list", "--catalog", str(fifo)]):
        result = subprocess.run(
            [sys.executable, "-m", "aligntui", *args], capture_output=True, text=True, timeout=60, check=False, env=ENV
        )
        assert result.returncode == 1
        assert result.stderr.startswith(f"{fifo}: cannot read the catalog: it is a FIFO (named pipe)")
        assert "Traceback" not in result.stderr


def test_an_escape_in_a_title_never_reaches_the_terminal_raw() -> None:
    path = HOSTILE / "title_osc52_clipboard.toml"
    result = subprocess.run(
        [sys.executable, "-m", "aligntui", "validate", str(path)], capture_output=True, timeout=60, check=False, env=ENV
    )
    assert result.returncode == 1
    assert b"\x1b" not in result.stdout + result.stderr and b"\x07" not in result.stderr
    assert b":13:16: work 'w1': 'title' holds U+001B ESCAPE" in result.stderr


def test_a_file_name_with_an_escape_is_shown_escaped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "\x1b]2;pwned\x07.toml"
    code, _out, err = _validate(capsys, str(path))
    assert code == 1
    assert "\x1b" not in err and "\\x1b]2;pwned\\x07.toml: cannot read the catalog" in err


def test_a_file_name_with_a_line_break_keeps_one_problem_a_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "two\nlines.toml"
    path.write_text("schema_version = 2\n[survey]\ntitle = 'x'\n", encoding="utf-8")
    code, _out, err = _validate(capsys, str(path))
    assert code == 1
    assert (
        err.splitlines()[0]
        == f"{tmp_path}/two\\nlines.toml:1:1: schema_version 2 is not 1, the version this aligntui reads"
    )
