"""The command line: the real entry point, its output and its exit status."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from aligntui import __version__
from aligntui.cli.main import main

from ..conftest import DATA

SMALL = str(DATA / "small.toml")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_entry_point_prints_version() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "aligntui", "--version"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    assert result.stdout.strip() == f"aligntui {__version__}"


def test_python_dash_m_works_from_another_directory(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    result = subprocess.run(
        [sys.executable, "-m", "aligntui", "list", "author:^ouyang"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ouyang2022training\t2022\t")


def test_validate_bundled(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "validate")
    assert code == 0
    assert "85 works, 136 section entries" in out


def test_validate_broken_catalog_lists_problems(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text((DATA / "small.toml").read_text().replace("year = 1950", "year = 19500"))
    code, _out, err = run(capsys, "validate", str(broken))
    assert code == 1
    assert f"{broken}:" in err and "not a plausible year" in err
    assert "Traceback" not in err


def test_catalog_option_before_or_after_the_subcommand(capsys: pytest.CaptureFixture[str]) -> None:
    first = run(capsys, "--catalog", SMALL, "list")
    second = run(capsys, "list", "--catalog", SMALL)
    assert first == second
    assert first[1].count("\n") == 4


def test_list_json_contract(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "list", "--format", "json")
    assert code == 0
    records = json.loads(out)
    assert len(records) == 85
    for record in records:
        assert {"id", "title", "authors", "year", "venue", "sections", "links"} <= set(record)
        assert isinstance(record["authors"], list) and all(isinstance(a, str) for a in record["authors"])
        assert record["year"] is None or isinstance(record["year"], int)
        assert record["venue"] is None or isinstance(record["venue"], str)
        assert all(isinstance(p, list) and all(isinstance(t, str) for t in p) for p in record["sections"])
        assert all(set(link) == {"label", "url"} for link in record["links"])
    first = records[0]
    assert first["id"] == "sanh2021multitask"
    assert first["sections"][0] == ["Definition of Alignment Goals", "Human Instructions", "Alignment Goal Achievement"]


def test_list_json_is_in_tree_order_of_first_appearance(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "list", "--catalog", SMALL, "--format", "json")
    assert [r["id"] for r in json.loads(out)] == [
        "lovelace1843notes",
        "sigurdsson2020glaciers",
        "turing1950computing",
        "markup2024gotcha",
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("lovelace", ["lovelace1843notes"]),
        ("sigur", ["sigurdsson2020glaciers"]),
        ("author:babbage", ["lovelace1843notes"]),
        ('section:"reward model"', ["lovelace1843notes", "turing1950computing", "markup2024gotcha"]),
    ],
)
def test_list_query(capsys: pytest.CaptureFixture[str], query: str, expected: list[str]) -> None:
    code, out, _ = run(capsys, "list", "--catalog", SMALL, query)
    assert code == 0
    assert [line.split("\t")[0] for line in out.splitlines()] == expected


def test_bad_query_is_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "list", "colour:red")
    assert code == 2
    assert "unknown field colour:" in err


def test_bad_usage_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["list", "--format", "yaml"])
    assert caught.value.code == 2


def test_missing_catalog_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--catalog", str(tmp_path / "none.toml"), "list")
    assert code == 1
    assert "cannot read the catalog" in err


def test_open_without_browser_prints_the_link(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "open", "sanh2021multitask")
    assert code == 1
    assert "https://arxiv.org/pdf/2110.08207.pdf" in err


def test_open_unknown_id_is_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "open", "nobody1999")
    assert code == 2
    assert "no work has 'nobody1999'" in err


def test_cite_prints_bibtex_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "cite", "id:sanh2021multitask")
    assert code == 0
    assert out.startswith("@inproceedings{sanh2021multitask,")


@pytest.mark.parametrize(
    ("style", "start"),
    [
        ("key", "\\cite{sanh2021multitask}"),
        ("apa", "Sanh, V., Webson, A., Raffel, C."),
        ("ieee", "[1] V. Sanh et al., “Multitask prompted training enables zero-shot task generalization,”"),
        (
            "markdown",
            "- [Multitask Prompted Training Enables Zero-Shot Task Generalization](https://arxiv.org/pdf/2110.08207.pdf)",
        ),
        ("list", "1. **Multitask Prompted Training Enables Zero-Shot Task Generalization**. *Sanh et al.* ICLR 2022."),
    ],
)
def test_cite_styles(capsys: pytest.CaptureFixture[str], style: str, start: str) -> None:
    code, out, _ = run(capsys, "cite", "id:sanh2021multitask", "--style", style)
    assert code == 0
    assert out.startswith(start), out


def test_cite_nothing_matches_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "cite", "year:1700")
    assert code == 1 and "no work matches" in err


@pytest.mark.parametrize(
    ("args", "code", "start"),
    [
        (("--survey",), 0, "@misc{yao2023instructions,"),
        (("--survey", "--style", "apa"), 0, "Yao, J., Yi, X., Wang, X., Wang, J., & Xie, X. (2023). From instructions"),
        (("--survey", "--style", "key"), 0, "\\cite{yao2023instructions}"),
        (("--survey", "sanh"), 2, ""),
        ((), 2, ""),
    ],
)
def test_cite_survey(capsys: pytest.CaptureFixture[str], args: tuple[str, ...], code: int, start: str) -> None:
    status, out, err = run(capsys, "cite", *args)
    assert status == code, err
    assert out.startswith(start)
    assert bool(err) == (code != 0)


def test_cite_several_keys(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "cite", "author:^bai", "--style", "key")
    assert out.strip() == "\\cite{bai2022training,bai2022constitutional}"


@pytest.mark.parametrize("fmt", ["bibtex", "csl-json", "markdown", "json"])
def test_export_whole_catalog(capsys: pytest.CaptureFixture[str], fmt: str) -> None:
    code, out, _ = run(capsys, "export", "--format", fmt)
    assert code == 0
    if fmt == "bibtex":
        assert out.count("\n@") == 85  # the @preamble, then 85 entries
    elif fmt in ("json", "csl-json"):
        assert len(json.loads(out)) == 85
    else:
        assert out.count("\n") == 85


def test_export_to_file_is_atomic_and_never_clobbers(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    out.mkdir()
    target = out / "refs.bib"
    code, _, err = run(capsys, "export", "moral", "--format", "bibtex", "-o", str(target))
    assert code == 0 and "wrote" in err
    first = target.read_text()
    assert first.startswith("@")
    code, _, err = run(capsys, "export", "--format", "bibtex", "-o", str(target))
    assert code == 2 and "--force" in err
    assert target.read_text() == first
    code, _, _ = run(capsys, "export", "--format", "bibtex", "-o", str(target), "--force")
    assert code == 0 and target.read_text().count("\n@") == 85
    assert [p.name for p in out.iterdir()] == ["refs.bib"]


def test_export_into_missing_directory_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "export", "--format", "json", "-o", str(tmp_path / "no" / "such.json"))
    assert code == 1
    assert "the folder" in err and "does not exist" in err and ".such.json." not in err


def test_exported_file_gets_normal_permissions(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import stat

    target = tmp_path / "refs.bib"
    old = os.umask(0o022)
    try:
        run(capsys, "export", "--format", "bibtex", "-o", str(target))
    finally:
        os.umask(old)
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


def test_cite_does_not_guess(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "cite", "dpo OR rrhq", "--style", "key")
    assert code == 2 and out == ""
    assert "no work has 'rrhq' (close: rrhf" in err


def test_list_text_shows_the_year_to_cite(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "list", "id:sanh2021multitask")
    assert out.startswith("sanh2021multitask\t2022\tSanh et al.\t")


def test_readme_key_table_matches_the_bindings() -> None:
    from aligntui.tui.app import help_groups
    from aligntui.tui.screens.help import keys_markdown

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    start = readme.index("<!-- keys:start")
    table = readme[readme.index("\n", start) + 1 : readme.index("<!-- keys:end -->")].strip()
    assert table == keys_markdown(help_groups())


def test_readme_quick_start_has_exactly_two_commands() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = section.split("```sh\n", 1)[1].split("```", 1)[0]
    assert block.strip().splitlines() == [
        "python -m pip install . && aligntui",
        "python -m pip install '.[test]' && python -m pytest",
    ]
