"""The person's own .bib file: tolerant reading, append-only writing, duplicates, check, and the bib CLI."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aligntui.catalog.model import Catalog, Survey, Work
from aligntui.cite.bibtex import to_bibtex
from aligntui.personal import bibfile
from aligntui.personal.bibcheck import check
from aligntui.personal.bibfile import BibError, BibFile, already_message, append_works, read_bib, work_identity
from aligntui.personal.bibparse import normalise_title, parse_bib

from ..conftest import DATA

SRC = Path(__file__).resolve().parents[2] / "src"

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
WANG = Work(
    id="wang2022super",
    title="Super-NaturalInstructions: Generalization via Declarative Instructions on 1600+ NLP Tasks",
    authors=("Yizhong Wang",),
    authors_complete=False,
    year=2022,
    venue="EMNLP 2022",
    booktitle="Proceedings of EMNLP 2022",
    arxiv="2204.07705",
    doi="10.18653/v1/2022.emnlp-main.340",
)
SCHOLKOPF = Work(id="new2024work", title="Kernel Methods à la Schölkopf: Ä Study", year=2024, venue="arXiv")

HAND = textwrap.dedent(
    r"""    % My paper's references -- kept by hand, mail me at someone@example.org
    @String{ neurips = "Advances in Neural Information Processing Systems" }
    @STRING (acl = {Proceedings of ACL})
    @preamble{ "\providecommand{\noopsort}[1]{}" }

    Some free text that BibTeX ignores.

    @comment{ an old note { with braces } inside }
    % @article{commented, title = {Not an entry}}

    @Article{  smith1999,
       author    =  "Smith, John and Doe, Jane",
       title = {The {Art} of \emph{Hand} Writing},
       journal = neurips # { Workshop},
      year      = 1999 ,
    }
    @inproceedings( jones2020 ,
    <TAB>title = "Tabs and {P}arentheses",
    <TAB>booktitle = acl,
    <TAB>year = {2020}
    )
    @misc{lonely}



    """
).replace("<TAB>", "\t")


def entries_of(text: str) -> list[tuple[str, str, int]]:
    return [(e.key, e.type, e.line) for e in parse_bib(text)]


def test_hand_written_file_is_read_entry_by_entry() -> None:
    assert entries_of(HAND) == [
        ("commented", "article", 9),
        ("smith1999", "article", 11),
        ("jones2020", "inproceedings", 17),
        ("lonely", "misc", 22),
    ]
    commented, smith, jones, _ = parse_bib(HAND)
    assert commented.only == "bibtex" and smith.only == jones.only == ""
    assert smith.fields["journal"] == "Advances in Neural Information Processing Systems Workshop"
    assert smith.fields["year"] == "1999"
    assert smith.title == "theartofhandwriting"
    assert jones.fields["booktitle"] == "Proceedings of ACL"


@pytest.mark.parametrize(
    ("text", "doi", "arxiv"),
    [
        ("@misc{k, doi = {10.1000/ABC}}", "10.1000/abc", None),
        ("@misc{k, doi = {https://doi.org/10.1000/x.y}}", "10.1000/x.y", None),
        ("@misc{k, url = {https://dx.doi.org/10.1000/z}}", "10.1000/z", None),
        ("@misc{k, eprint = {2203.02155v3}, archivePrefix = {arXiv}}", None, "2203.02155"),
        ("@misc{k, eprint = {2203.02155}}", None, "2203.02155"),
        ("@misc{k, eprint = {123}, archivePrefix = {HAL}}", None, None),
        ("@article{k, journal = {arXiv preprint arXiv:2110.08207}}", None, "2110.08207"),
        ("@misc{k, url = {https://arxiv.org/abs/2204.07705v2}}", None, "2204.07705"),
        ("@misc{k, url = {http://arxiv.org/pdf/cs/0112017}}", None, "cs/0112017"),
        ("@misc{k, title = {No identifiers}}", None, None),
    ],
)
def test_identifiers(text: str, doi: str | None, arxiv: str | None) -> None:
    (entry,) = parse_bib(text)
    assert (entry.doi, entry.arxiv) == (doi, arxiv)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Training Language Models", "traininglanguagemodels"),
        ("{LLaMA}: Open and Efficient", "llamaopenandefficient"),
        (r"Sch{\"o}lkopf and {\v{C}}apek", "scholkopfandcapek"),
        ("Zero-Shot Learners", "zeroshotlearners"),
        ("Zeroshot learners", "zeroshotlearners"),
        ("Schölkopf and Čapek", "scholkopfandcapek"),
        (r"Stra{\ss}e \& {\O}resund", "strasseoresund"),
        ("  Spaces\n   and   lines ", "spacesandlines"),
        ("Super-NaturalInstructions: 1600+ tasks", "supernaturalinstructions1600tasks"),
    ],
)
def test_normalise_title(raw: str, expected: str) -> None:
    """LaTeX undone, then the one title key of aligntui.text.fold (spaces and hyphens do not tell titles apart)."""
    assert normalise_title(raw) == expected


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("@article{broken,\n title={abc,\n}\n", 1, "never closed"),
        ('ok\n\n@article{k,\n  title = "a}b"}\n', 4, "never opened"),
        ("@article{k,\n  title {x}\n}", 2, "expected '='"),
        ("@article{k\n  title = {x}\n}", 2, "expected ',' after the key"),
        ("@article{,\n title = {x}}", 1, "without a key"),
        ('@article{k,\n\n  title = "unclosed\n', 3, "never closed"),
        ("@article{k, title = {x} year = 1}", 1, "expected ',' or '}'"),
        ("@preamble{ {unbalanced }\n", 1, "never closed"),
    ],
)
def test_a_file_that_does_not_parse_names_its_line(text: str, line: int, fragment: str) -> None:
    with pytest.raises(BibError) as caught:
        parse_bib(text, "refs.bib")
    assert caught.value.line == line
    assert caught.value.file == "refs.bib"
    assert fragment in caught.value.message
    assert str(caught.value).startswith(f"refs.bib:{line}: ")


def test_appending_leaves_every_hand_written_byte_alone(tmp_path: Path) -> None:
    path = tmp_path / "refs.bib"
    original = HAND.encode("utf-8")
    path.write_bytes(original)
    result = append_works(path, [OUYANG, SCHOLKOPF])
    assert result.added == ("ouyang2022training", "new2024work")
    data = path.read_bytes()
    assert data.startswith(original)
    assert data[len(original) :].decode("utf-8") == to_bibtex(OUYANG) + "\n\n" + to_bibtex(SCHOLKOPF) + "\n"
    assert [e.key for e in read_bib(path).entries][-2:] == ["ouyang2022training", "new2024work"]


@pytest.mark.parametrize(
    ("before", "joiner"),
    [
        (b"", b""),
        (b"@misc{a}", b"\n\n"),
        (b"@misc{a}\n", b"\n"),
        (b"@misc{a}\n\n", b""),
        (b"@misc{a}\n\n\n\n", b""),
        (b"@misc{a}\r\n", b"\r\n"),
    ],
)
def test_one_blank_line_between_entries(tmp_path: Path, before: bytes, joiner: bytes) -> None:
    path = tmp_path / "refs.bib"
    path.write_bytes(before)
    append_works(path, [OUYANG])
    newline = b"\r\n" if b"\r\n" in before else b"\n"
    entry = to_bibtex(OUYANG).encode().replace(b"\n", newline) + newline
    assert path.read_bytes() == before + joiner + entry


def test_a_missing_file_is_created(tmp_path: Path) -> None:
    path = tmp_path / "refs.bib"
    assert append_works(path, [OUYANG, OUYANG]).added == ("ouyang2022training",)
    assert path.read_text() == to_bibtex(OUYANG) + "\n"


@pytest.mark.parametrize(
    ("existing", "how"),
    [
        ("@misc{ouyang2022training, title = {Training Language Models to Follow Instructions with Human Feedback}}", "key"),
        ("@misc{OUYANG2022training}", "key"),
        ("@article{mine, title = {Other words}, doi = {10.18653/V1/2022.EMNLP-MAIN.340}}", "doi"),
        ("@article{mine, journal = {arXiv preprint arXiv:2204.07705}}", "arxiv"),
        ("@misc{mine, url = {https://arxiv.org/abs/2204.07705v1}}", "arxiv"),
        ("@inproceedings{mine, title = {{Super-NaturalInstructions}: Generalization via Declarative "
         "Instructions on 1600+ {NLP} Tasks}}", "title"),
    ],
)  # fmt: skip
def test_a_work_already_in_the_file_is_not_added_twice(tmp_path: Path, existing: str, how: str) -> None:
    path = tmp_path / "refs.bib"
    path.write_text(existing + "\n")
    work = OUYANG if how == "key" else WANG
    result = append_works(path, [work])
    assert result.added == ()
    (present,) = result.present
    assert present.how == how
    assert path.read_text() == existing + "\n"
    assert already_message(path, present.key) == f"already in refs.bib as \\cite{{{present.key}}}"


def test_work_ids_present(tmp_path: Path) -> None:
    bib = BibFile(tmp_path / "refs.bib", tuple(parse_bib("@misc{x, eprint = {2203.02155}}")))
    assert bib.work_ids([OUYANG, WANG, SCHOLKOPF]) == frozenset({"ouyang2022training"})


def test_a_file_that_does_not_parse_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "refs.bib"
    text = HAND + "@article{bad,\n  title = {unclosed\n"
    path.write_text(text)
    with pytest.raises(BibError) as caught:
        append_works(path, [OUYANG])
    assert caught.value.line == HAND.count("\n") + 2
    assert path.read_text() == text


def test_a_file_not_in_utf8_is_refused_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "refs.bib"
    path.write_bytes(b"@misc{a}\n@misc{b, title = {Caf\xe9}}\n")
    with pytest.raises(BibError) as caught:
        read_bib(path)
    assert caught.value.line == 2


def test_a_symlink_keeps_pointing_at_its_target_which_is_updated(tmp_path: Path) -> None:
    target = tmp_path / "paper" / "refs.bib"
    target.parent.mkdir()
    target.write_text("@misc{a}\n")
    link = tmp_path / "refs.bib"
    link.symlink_to(target)
    append_works(link, [OUYANG])
    assert link.is_symlink()
    assert target.read_text().startswith("@misc{a}\n\n@inproceedings{ouyang2022training,")


def test_a_write_that_fails_is_a_clear_error_and_the_file_is_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "refs.bib"
    path.write_text("@misc{a}\n")

    def full_disk(path: Path, data: str | bytes) -> None:
        raise OSError(28, "No space left on device", str(path))

    monkeypatch.setattr(bibfile, "write_atomically", full_disk)
    with pytest.raises(BibError, match=r"refs\.bib: cannot write it \(No space left on device\)"):
        append_works(path, [OUYANG])
    assert path.read_text() == "@misc{a}\n"


def test_a_failed_append_to_a_new_file_leaves_no_empty_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def read_only(path: Path, data: str | bytes) -> None:
        raise OSError(30, "Read-only file system", str(path))

    monkeypatch.setattr(bibfile, "write_atomically", read_only)
    with pytest.raises(BibError, match=r"cannot write it \(Read-only file system\)"):
        append_works(tmp_path / "refs.bib", [OUYANG])
    assert list(tmp_path.iterdir()) == []


def test_check_reports_matches_keys_and_newer_facts(tmp_path: Path) -> None:
    catalog = Catalog.build(Survey(title="A survey"), sections={}, works={w.id: w for w in (OUYANG, WANG)})
    text = (
        "@misc{ouyang2022training, title = {Training language models to follow instructions with human feedback},"
        " eprint = {2203.02155}, year = {2022}, author = {Ouyang, Long and others}}\n"
        "@article{wang22, title = {Super-NaturalInstructions}, doi = {10.18653/v1/2022.emnlp-main.340}, year = 2021}\n"
        "@book{knuth1984, title = {The TeXbook}}\n"
    )
    report = check(BibFile(tmp_path / "refs.bib", tuple(parse_bib(text))), catalog)
    assert [(m.entry.key, m.work_id, m.how, m.key_differs) for m in report.matched] == [
        ("ouyang2022training", "ouyang2022training", "key", False),
        ("wang22", "wang2022super", "doi", True),
    ]
    assert [e.key for e in report.unmatched] == ["knuth1984"]
    ouyang, wang = report.matched
    assert ouyang.differences == (
        "type: catalog @inproceedings, file @misc",
        "booktitle: catalog 'Advances in Neural Information Processing Systems', file has none",
    )
    assert "year: catalog '2022', file '2021'" in wang.differences
    # the catalog's title as BibTeX writes it (case protection per part of a compound), against the file's
    assert any(d.startswith("title: catalog '") and "NaturalInstructions" in d for d in wang.differences)


def _cli(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ALIGNTUI_")}
    env.update({f"ALIGNTUI_{kind}_DIR": str(tmp_path / kind.lower()) for kind in ("CONFIG", "STATE", "DATA", "CACHE")})
    env["PYTHONPATH"] = str(SRC) + os.pathsep + env.get("PYTHONPATH", "")
    return subprocess.run(
        [sys.executable, "-m", "aligntui", *args], capture_output=True, text=True, env=env, cwd=tmp_path, check=False
    )


def test_cli_bib_add_then_check(tmp_path: Path) -> None:
    bib = tmp_path / "refs.bib"
    bib.write_text(HAND)
    added = _cli(tmp_path, "bib", "add", "ouyang2022training", "OR", "sanh2021multitask", "--bib", str(bib))
    assert added.returncode == 0, added.stderr
    assert sorted(added.stdout.splitlines()) == ["added ouyang2022training", "added sanh2021multitask"]
    again = _cli(tmp_path, "bib", "add", "ouyang2022training", "--bib", str(bib))
    assert again.stdout == "ouyang2022training: already in refs.bib as \\cite{ouyang2022training} (same key)\n"
    assert bib.read_text().startswith(HAND)
    checked = _cli(tmp_path, "bib", "check", str(bib))
    assert checked.returncode == 0, checked.stderr
    assert f"{bib}:11: smith1999: not in the catalog" in checked.stdout
    assert f"{bib}:9: commented: not in the catalog" in checked.stdout
    assert f"{bib}:26: ouyang2022training: catalog work ouyang2022training (same key)" in checked.stdout
    assert f"{bib}:37: sanh2021multitask: catalog work sanh2021multitask (same key)" in checked.stdout
    assert "6 entries, 2 catalog works" in checked.stderr


def test_cli_bib_add_refuses_a_broken_file_without_a_traceback(tmp_path: Path) -> None:
    bib = tmp_path / "refs.bib"
    bib.write_text("@article{a,\n  title = {x}\n  year = 1}\n")
    result = _cli(tmp_path, "bib", "add", "ouyang2022training", "--bib", str(bib))
    assert result.returncode == 1
    assert result.stderr == f"aligntui: {bib}:3: expected ',' or '}}' after the field 'title'\n"
    assert "Traceback" not in result.stderr


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs a folder its owner cannot write")
def test_cli_bib_add_into_a_read_only_folder(tmp_path: Path) -> None:
    folder = tmp_path / "paper"
    folder.mkdir()
    (folder / "refs.bib").write_text("@misc{a}\n")
    folder.chmod(0o555)
    try:
        result = _cli(tmp_path, "bib", "add", "ouyang2022training", "--bib", str(folder / "refs.bib"))
    finally:
        folder.chmod(0o755)
    assert result.returncode == 1
    assert "Permission denied" in result.stderr and "Traceback" not in result.stderr
    assert (folder / "refs.bib").read_text() == "@misc{a}\n"


def test_cli_bib_add_into_a_missing_folder(tmp_path: Path) -> None:
    result = _cli(tmp_path, "bib", "add", "ouyang2022training", "--bib", str(tmp_path / "no" / "refs.bib"))
    assert result.returncode == 1
    assert "No such file or directory" in result.stderr and "Traceback" not in result.stderr


def test_cli_bib_check_a_missing_file(tmp_path: Path) -> None:
    result = _cli(tmp_path, "bib", "check", "nothere.bib", "--catalog", str(DATA / "small.toml"))
    assert (result.returncode, result.stderr) == (1, "aligntui: nothere.bib: no such file\n")


_APPENDER = """
import sys
from pathlib import Path
from aligntui.personal.bibfile import append_works
from aligntui.catalog.model import Work
for n in range(int(sys.argv[3])):
    append_works(Path(sys.argv[1]), [Work(id=f"{sys.argv[2]}{n}", title=f"{sys.argv[2]} number {n}")])
"""


def test_two_instances_appending_at_once_both_land(tmp_path: Path) -> None:
    path = tmp_path / "refs.bib"
    path.write_text("% shared\n")
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    runs = [
        subprocess.Popen([sys.executable, "-c", _APPENDER, str(path), who, "15"], env=env) for who in ("left", "right")
    ]
    assert [run.wait(timeout=60) for run in runs] == [0, 0]
    keys = sorted(e.key for e in read_bib(path).entries)
    assert keys == sorted([f"left{n}" for n in range(15)] + [f"right{n}" for n in range(15)])
    assert path.read_text().startswith("% shared\n\n@misc{")


def test_every_catalog_work_is_recognised_under_another_key(tmp_path: Path, catalog: Catalog) -> None:
    for work in catalog.works.values():
        entry = to_bibtex(work).replace(work.id, "someone_elses_key", 1)
        bib = BibFile(tmp_path / "refs.bib", tuple(parse_bib(entry)))
        found = bib.find(work)
        identity = work_identity(work)  # an arXiv DOI (10.48550/arXiv.ID) is the arXiv id
        expected = "doi" if identity.doi else "arxiv" if identity.arxiv else "title"
        assert found is not None and found.how == expected, work.id


@given(st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=60))
def test_a_title_survives_bibtex_escaping(title: str) -> None:
    (entry,) = parse_bib(to_bibtex(Work(id="k", title=title)))
    assert entry.title == normalise_title(title, latex=False)
