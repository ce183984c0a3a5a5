"""cite and bib add take what a query means: one clear best match, every match with --all, or none (exit 2)."""

from __future__ import annotations

from pathlib import Path

import pytest

from aligntui.browse.selection import CLEAR_LEAD, choose
from aligntui.cli.main import main
from aligntui.search.query import parse_query
from aligntui.search.ranking import SearchResult


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _result(scores: list[float], text: str = "word") -> SearchResult:
    ids = [f"w{n}" for n in range(len(scores))]
    return SearchResult(parse_query(text), ids, scores=scores)


@pytest.mark.parametrize(
    ("scores", "taken", "clear"),
    [
        ([32.0], ("w0",), True),
        ([32.0, 16.0], ("w0",), True),  # a title word against an author word: CLEAR_LEAD exactly
        ([64.0, 28.0, 8.0], ("w0",), True),
        ([32.0, 32.0], ("w0", "w1"), False),  # two titles with the word: neither
        ([80.0, 41.0], ("w0", "w1"), False),
        ([112.0, 96.0], ("w0", "w1"), False),
        ([], (), True),
    ],
)
def test_choose(scores: list[float], taken: tuple[str, ...], clear: bool) -> None:
    result = _result(scores) if scores else SearchResult(parse_query("word"), [])
    assert choose(result) == (taken, clear)
    assert CLEAR_LEAD == 2.0


def test_a_word_that_is_a_work_id_names_that_work() -> None:
    result = SearchResult(parse_query("w1"), ["w0", "w1"], scores=[10.0, 10.0])
    assert choose(result, known_ids={"w0", "w1"}) == (("w1",), True)


def test_cite_refuses_a_query_with_no_clear_best_match(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "cite", "llama", "--style", "key")
    assert (code, out) == (2, "")
    assert "'llama' matches" in err and "none clearly best" in err
    assert "taori2023stanford  Stanford Alpaca" in err and "touvron2023llama  Llama 2" in err
    assert "--all" in err


def test_cite_all_takes_every_match(capsys: pytest.CaptureFixture[str]) -> None:
    code, listed, _ = run(capsys, "list", "llama")
    ids = [line.split("\t")[0] for line in listed.splitlines()]
    assert code == 0 and {"taori2023stanford", "touvron2023llama"} <= set(ids)
    code, out, _ = run(capsys, "cite", "llama", "--all", "--style", "key")
    assert (code, out.strip()) == (0, f"\\cite{{{','.join(ids)}}}")


def test_cite_takes_the_clear_best_and_names_the_others(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "cite", "summarize", "--style", "key")
    assert (code, out.strip()) == (0, "\\cite{stiennon2020learning}")
    assert "took the clear best match" in err and "wu2021recursively" in err


@pytest.mark.parametrize(
    ("query", "keys"),
    [
        ("llama 2", "touvron2023llama"),
        ("touvron2023llama", "touvron2023llama"),
        ("author:^bai", "bai2022training,bai2022constitutional"),  # field terms only: every match
        ("ouyang2022training OR sanh2021multitask", "ouyang2022training,sanh2021multitask"),
        ("summarize OR constitutional", "stiennon2020learning,bai2022constitutional"),
    ],
)
def test_cite_queries(capsys: pytest.CaptureFixture[str], query: str, keys: str) -> None:
    code, out, err = run(capsys, "cite", query, "--style", "key")
    assert (code, out.strip()) == (0, f"\\cite{{{keys}}}"), err


def test_bib_add_refuses_an_ambiguous_query_and_writes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bib = tmp_path / "refs.bib"
    code, out, err = run(capsys, "bib", "add", "llama", "--bib", str(bib))
    assert (code, out) == (2, "") and "taori2023stanford" in err and "touvron2023llama" in err
    assert not bib.exists()
    code, out, _ = run(capsys, "bib", "add", "stiennon", "--all", "--bib", str(bib))
    assert code == 0 and sorted(out.split()) == ["added", "added", "stiennon2020learning", "wu2021recursively"]


def test_bib_add_takes_the_first_author_s_work_as_the_clear_best(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Stiennon is the first author of one work and a co-author of another: first authors weigh more (issue 21)."""
    bib = tmp_path / "refs.bib"
    code, out, err = run(capsys, "bib", "add", "stiennon", "--bib", str(bib))
    assert (code, out.split()) == (0, ["added", "stiennon2020learning"])
    assert "wu2021recursively" in err


@pytest.mark.parametrize("fmt", [[], ["--format", "json"]])
def test_list_with_no_match_says_so_and_exits_1(capsys: pytest.CaptureFixture[str], fmt: list[str]) -> None:
    code, out, err = run(capsys, "list", "year:1700", *fmt)
    assert code == 1 and "no work matches that query" in err
    assert out == ("[]\n" if fmt else "")


TITLE_ONLY = """schema_version = 1

[survey]
title = "Imported"

[[sections]]
id = "s"
title = "Imported"
works = ["first", "second"]

[[works]]
id = "first"
title = "A Paper Known Only by Its Title"
source = "https://example.org/list"

[[works]]
id = "second"
title = "A Complete Paper"
authors = ["Ann Author"]
year = 2020
source = "https://example.org/list"
"""


@pytest.mark.parametrize(
    "args",
    [
        ["cite", "id:first"],
        ["cite", "paper", "--all"],
        ["export", "--format", "bibtex"],
        ["export", "paper", "--format", "csl-json"],
    ],
)
def test_an_incomplete_citation_is_named_on_stderr(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, args: list[str]
) -> None:
    catalog = tmp_path / "catalog.toml"
    catalog.write_text(TITLE_ONLY)
    code, out, err = run(capsys, *args, "--catalog", str(catalog))
    assert code == 0 and out
    assert "first: the citation has no authors and no year (A Paper Known Only by Its Title)" in err
    assert "second" not in err and "1 of " in err


def test_bib_add_names_an_incomplete_citation(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    catalog = tmp_path / "catalog.toml"
    catalog.write_text(TITLE_ONLY)
    bib = tmp_path / "refs.bib"
    code, out, err = run(capsys, "bib", "add", "id:first", "--bib", str(bib), "--catalog", str(catalog))
    assert code == 0 and out == "added first\n"
    assert "aligntui: first: the citation has no authors and no year; check its entry before citing" in err
