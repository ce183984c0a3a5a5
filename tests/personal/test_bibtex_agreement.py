"""aligntui reads a .bib as BibTeX does: each tricky case compiled by the real bibtex, where TeX is installed."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from aligntui.catalog.model import Work
from aligntui.personal.bibfile import BibFile, append_works, read_bib
from aligntui.personal.bibparse import MAX_MACROS, MAX_VALUE, BibError, parse_bib

OUYANG = Work(
    id="ouyang2022training",
    title="Training language models to follow instructions with human feedback",
    authors=("Long Ouyang", "Jeff Wu"),
    authors_complete=False,
    year=2022,
    venue="NeurIPS 2022",
    booktitle="Advances in Neural Information Processing Systems",
    arxiv="2203.02155",
)
TITLE = "Training language models to follow instructions with human feedback"


def _bibtex() -> str | None:
    """The bibtex program: on PATH, else where Debian's texlive-binaries puts it."""
    found = shutil.which("bibtex")
    if found is None and os.access("/usr/bin/bibtex", os.X_OK):
        found = "/usr/bin/bibtex"
    return found


BIBTEX = _bibtex()
needs_bibtex = pytest.mark.skipif(
    BIBTEX is None,
    reason="no bibtex program (not on PATH, not /usr/bin/bibtex): apt-get install texlive-latex-base "
    "texlive-bibtex-extra, or the TeX Live of your system, to compile these cases",
)

# A style that prints, for every entry BibTeX keeps, its key and its title as BibTeX read it.
_KEYS_BST = """ENTRY { title } {} {}
FUNCTION {default.type} { }
READ
FUNCTION {out} { cite$ "|" * title missing$ { "" } { title } if$ * write$ newline$ }
ITERATE {out}
"""


def bibtex_view(folder: Path, raw: bytes) -> tuple[list[tuple[str, str]], str]:
    """What the real bibtex keeps of a .bib: (key in lower case, title) per entry, and its log."""
    assert BIBTEX is not None
    folder.mkdir(exist_ok=True)
    (folder / "refs.bib").write_bytes(raw)
    (folder / "keys.bst").write_text(_KEYS_BST)
    (folder / "job.aux").write_text("\\citation{*}\n\\bibstyle{keys}\n\\bibdata{refs}\n")
    env = {"PATH": os.path.dirname(BIBTEX), "HOME": str(folder), "openout_any": "p"}
    subprocess.run([BIBTEX, "-terse", "job"], cwd=folder, env=env, capture_output=True, check=False, timeout=60)
    log = (folder / "job.blg").read_text(encoding="utf-8", errors="replace")
    # bibtex breaks output lines longer than 79 characters at a space, going on after two spaces.
    bbl = (folder / "job.bbl").read_text(encoding="utf-8", errors="replace").replace("\n  ", " ")
    lines = bbl.splitlines()
    return [(key.lower(), title) for key, _, title in (line.partition("|") for line in lines)], log


def aligntui_view(raw: bytes) -> list[tuple[str, str]]:
    """What aligntui says BibTeX keeps: the first entry for each key (ignoring case), with its title, in file order."""
    held: dict[str, str] = {}
    for entry in parse_bib(raw.decode("utf-8-sig")):
        if entry.only != "biber":
            held.setdefault(entry.key.lower(), entry.fields.get("title", ""))
    return list(held.items())


CASES: dict[str, bytes] = {
    "entry after % on its line": b"%@article{dup, title={Old one}}\n@article{dup, title={New one}}\n",
    "entry after % with text before it": b"% was: @misc{old, title={Kept by bibtex}}\n@misc{new, title={N}}\n",
    "entry commented out line by line": b"%@article{multi,\n%  title = {Multi line},\n%}\n@misc{real, title={R}}\n",
    "entry inside @comment": b"@comment{@misc{inner, title={Inside}}}\n@misc{outer, title={Outside}}\n",
    "@comment with balanced braces": b"@comment{ a {note} }\n@misc{after, title={After}}\n",
    "CR line ends starting with %": b"% old Mac file\r@misc{cr1, title={One}}\r@misc{cr2, title={Two}}\r",
    "CRLF line ends": b"% Windows\r\n@misc{crlf1,\r\n  title = {One}\r\n}\r\n@misc{crlf2, title={Two}}\r\n",
    "byte-order mark": b"\xef\xbb\xbf@misc{bom, title={With a BOM}}\n@misc{second, title={S}}\n",
    "@string macros joined with #": (
        b'@string{acl = "Association for Computational Linguistics"}\n@STRING(pre = {Proc. })\n'
        b"@misc{s, title = pre # acl # { 2023}}\n"
    ),
    "@preamble": b'@preamble{ "\\providecommand{\\noopsort}[1]{}" }\n@misc{p, title={After a preamble}}\n',
    "a % inside a value, then an entry on the same line": b"@misc{a, title={50% off}} @misc{b, title={B}}\n@misc{c, title={C}}\n",
    "two entries on the last line": b"@misc{a, title={A}}\n@misc{b, title={B}} @misc{c, title={C}}\n",
    "an entry after @comment on the last line": b"@misc{a, title={A}}\n@comment{x} @misc{b, title={B}}",
    "keys differing only in case": b"@misc{Case, title={First}}\n@misc{case, title={Second}}\n",
    "an e-mail address after %": b"% mail someone@example.org for updates\n@misc{mail, title={M}}\n@misc{b, title={B}}\n",
    "an e-mail address after %, then the last line's entry": b"% mail me at someone@example.org\n@misc{mail, title={M}}\n",
}


@needs_bibtex
@pytest.mark.parametrize("name", list(CASES))
def test_aligntui_holds_the_keys_bibtex_reads(tmp_path: Path, name: str) -> None:
    raw = CASES[name]
    theirs, log = bibtex_view(tmp_path, raw)
    assert aligntui_view(raw) == theirs, log


@pytest.mark.parametrize(
    ("name", "only"),
    [
        ("entry after % on its line", ["bibtex", ""]),
        ("entry inside @comment", ["bibtex", ""]),
        ("entry commented out line by line", ["bibtex", ""]),
        ("CR line ends starting with %", ["", ""]),
        ("byte-order mark", ["", ""]),
        ("a % inside a value, then an entry on the same line", ["", "", ""]),
        ("two entries on the last line", ["", "", "biber"]),
        ("an e-mail address after %, then the last line's entry", ["biber"]),
        ("an entry after @comment on the last line", ["", "biber"]),
    ],
)
def test_entries_only_bibtex_reads_are_marked(name: str, only: list[str]) -> None:
    assert [entry.only for entry in parse_bib(CASES[name].decode("utf-8-sig"))] == only


@pytest.mark.parametrize(
    ("raw", "only"),
    [
        (f"%@inproceedings{{ouyang2022training, title = {{{TITLE}}}}}\n".encode(), "bibtex"),
        (f"% @inproceedings{{ouyang2022training,\n%   title = {{{TITLE}}},\n% }}\n".encode(), "bibtex"),
        (f"@comment{{@misc{{ouyang2022training, title={{{TITLE}}}}}}}\n".encode(), "bibtex"),
        (f"% notes\r@misc{{ouyang2022training, title={{{TITLE}}}}}\r".encode(), ""),
        (f"\ufeff@misc{{OUYANG2022Training, title={{{TITLE}}}}}\r\n".encode(), ""),
    ],
    ids=["after %", "after % line by line", "inside @comment", "CR only", "BOM, CRLF, other case"],
)
def test_a_work_whose_entry_only_bibtex_sees_is_present_and_never_added_twice(
    tmp_path: Path, raw: bytes, only: str
) -> None:
    path = tmp_path / "refs.bib"
    path.write_bytes(raw)
    result = append_works(path, [OUYANG])
    assert result.added == () and [p.how for p in result.present] == ["key"]
    assert path.read_bytes() == raw
    entry = read_bib(path).holder("ouyang2022training")
    assert entry is not None and entry.only == only
    if entry.only:
        assert "bibtex still reads it" in result.present[0].note


@needs_bibtex
@pytest.mark.parametrize("newline", [b"\n", b"\r\n", b"\r"])
def test_after_an_append_bibtex_reports_no_repeated_entry(tmp_path: Path, newline: bytes) -> None:
    clash = b"%@article{ouyang2022training, title = {A Different Paper}, journal = {J}}"
    raw = newline.join([b"% my references", clash, b"@misc{mine, title={Mine}}", b""])
    path = tmp_path / "refs.bib"
    path.write_bytes(raw)
    result = append_works(path, [OUYANG])
    assert [r.key for r in result.renamed] == ["ouyang2022training-2"]
    written = path.read_bytes()
    assert written.startswith(raw) and (newline == b"\n" or b"\n" not in written.replace(b"\r\n", b""))
    view, log = bibtex_view(tmp_path / "tex", written)
    assert "Repeated entry" not in log and "error message" not in log, log
    assert view == [("ouyang2022training", "A Different Paper"), ("mine", "Mine"), ("ouyang2022training-2", TITLE)]


def test_an_old_mac_file_starting_with_a_comment_is_read() -> None:
    text = "% refs\r@misc{a, title={A}}\r@misc{b,\r  title = {B}}\r"
    assert [(e.key, e.line, e.fields["title"]) for e in parse_bib(text)] == [("a", 2, "A"), ("b", 3, "B")]


def test_macros_built_on_each_other_are_bounded(tmp_path: Path) -> None:
    # Eleven lines that would double a hundredfold each line: 10^22 characters if expanded without bound.
    lines = ['@string{m0 = "xxxxxxxxxx"}']
    lines += [f"@string{{m{n} = " + " # ".join([f"m{n - 1}"] * 100) + "}" for n in range(1, 10)]
    lines.append("@misc{k, title = m9}")
    path = tmp_path / "bomb.bib"
    path.write_text("\n".join(lines) + "\n")
    began = time.perf_counter()
    with pytest.raises(BibError) as caught:
        read_bib(path)
    assert time.perf_counter() - began < 30  # generous: bounded work, not a timing claim
    assert caught.value.line in (3, 4) and f"{MAX_VALUE:,}" in caught.value.message


def test_many_macros_are_bounded_in_total() -> None:
    big = "y" * (MAX_VALUE - 10)
    lines = [f'@string{{m{n} = "{big}"}}' for n in range(MAX_MACROS // MAX_VALUE + 2)]
    with pytest.raises(BibError, match="macros hold more than"):
        parse_bib("\n".join(lines))


def test_macros_referring_to_each_other_expand_once() -> None:
    (entry,) = parse_bib('@string{a = b}\n@string{b = a # "!"}\n@misc{k, title = b # a}\n')
    assert entry.fields["title"] == "b!b"


def test_keys_are_held_ignoring_case_as_bibtex_compares_them(tmp_path: Path) -> None:
    bib = BibFile(tmp_path / "refs.bib", tuple(parse_bib(CASES["keys differing only in case"].decode())))
    holder = bib.holder("CASE")
    assert holder is not None and holder.key == "Case" and bib.free_key("case") == "case-2"


@needs_bibtex
def test_the_exported_bib_reads_the_same_in_bibtex(tmp_path: Path) -> None:
    raw = (Path(__file__).parents[1] / "data" / "bib" / "exports.bib").read_bytes()
    theirs, log = bibtex_view(tmp_path, raw)
    assert aligntui_view(raw) == theirs, log
    assert "Repeated entry" in log  # the old copy of rafailov2023direct after %: bibtex keeps it, as check says


@needs_bibtex
def test_an_entry_bibtex_skips_on_the_last_line_holds_its_key(tmp_path: Path) -> None:
    raw = f"@misc{{a, title={{A}}}}\n@misc{{b, title={{B}}}} @misc{{ouyang2022training, title={{{TITLE}}}}}".encode()
    path = tmp_path / "refs.bib"
    path.write_bytes(raw)
    result = append_works(path, [OUYANG])
    assert result.added == () and "bibtex skips it until a line follows" in result.present[0].note
    other = Work(id="other2024", title="Another Work", authors=("Ann Author",), year=2024)
    assert append_works(path, [other]).added == ("other2024",)
    view, log = bibtex_view(tmp_path / "tex", path.read_bytes())
    assert "Repeated entry" not in log
    assert [key for key, _ in view] == ["a", "b", "ouyang2022training", "other2024"]


def _tool(name: str) -> str | None:
    found = shutil.which(name)
    if found is None and os.access(f"/usr/bin/{name}", os.X_OK):
        found = f"/usr/bin/{name}"
    return found


PDFLATEX, BIBER = _tool("pdflatex"), _tool("biber")
needs_biber = pytest.mark.skipif(
    PDFLATEX is None or BIBER is None,
    reason="no pdflatex or biber program (not on PATH, not in /usr/bin): apt-get install texlive-latex-recommended "
    "texlive-bibtex-extra biber to compile these cases with biblatex",
)
_BIBER_DOC = (
    "\\documentclass{article}\\usepackage[backend=biber]{biblatex}\\addbibresource{refs.bib}"
    "\\begin{document}\\nocite{*}\\printbibliography\\end{document}\n"
)


def biber_view(folder: Path, raw: bytes) -> set[tuple[str, str]]:
    """What biber keeps of a .bib through biblatex: (key, title) per entry."""
    import re

    assert PDFLATEX is not None and BIBER is not None
    folder.mkdir(exist_ok=True)
    (folder / "refs.bib").write_bytes(raw)
    (folder / "doc.tex").write_text(_BIBER_DOC)
    env = {"PATH": os.pathsep.join({os.path.dirname(PDFLATEX), os.path.dirname(BIBER)}), "HOME": str(folder)}
    for command in ([PDFLATEX, "-interaction=batchmode", "doc"], [BIBER, "--quiet", "doc"]):
        subprocess.run(command, cwd=folder, env=env, capture_output=True, check=False, timeout=120)
    bbl = (folder / "doc.bbl").read_text(encoding="utf-8", errors="replace")
    found = re.findall(r"\\entry\{([^}]*)\}.*?(?:\\field\{title\}\{([^}]*)\}|\\endentry)", bbl, re.DOTALL)
    return {(key, title) for key, title in found}


def aligntui_biber_view(raw: bytes) -> set[tuple[str, str]]:
    """What aligntui says biber keeps: every entry not only BibTeX reads, first per key (biber keeps case)."""
    held: dict[str, str] = {}
    for entry in parse_bib(raw.decode("utf-8-sig")):
        if entry.only != "bibtex":
            held.setdefault(entry.key, entry.fields.get("title", ""))
    return set(held.items())


@needs_biber
@pytest.mark.parametrize(
    "name",
    [
        "entry commented out line by line",
        "entry inside @comment",
        "two entries on the last line",
        "keys differing only in case",
        "an e-mail address after %",
    ],
)
def test_aligntui_knows_what_biber_reads(tmp_path: Path, name: str) -> None:
    raw = CASES[name]
    assert aligntui_biber_view(raw) == biber_view(tmp_path, raw)


STRAY = {
    "an e-mail address in free text": b"@misc{a, title={A}}\nmail someone@example.org for updates\n@misc{b, title={B}}\n",
    "an e-mail address before the last line's entry": b"mail me at someone@example.org\n@misc{mail, title={M}}\n",
    "a lone @": b"x @ y\n@misc{mail, title={M}}\n@misc{b, title={B}}\n",
    "an @ and a brace": b"x @{y}\n@misc{mail, title={M}}\n",
}


@pytest.mark.parametrize("name", list(STRAY))
def test_an_at_sign_in_free_text_is_refused_with_its_line(name: str) -> None:
    raw = STRAY[name]
    with pytest.raises(BibError, match="biber stops there") as caught:
        parse_bib(raw.decode())
    assert caught.value.line == raw.split(b"@")[0].count(b"\n") + 1 + (raw.startswith(b"@misc{a") and 1)


@needs_biber
def test_biber_reads_nothing_of_a_file_with_an_at_sign_in_free_text(tmp_path: Path) -> None:
    assert biber_view(tmp_path, STRAY["an e-mail address in free text"]) == set()
