"""Key clashes, duplicates and BibTeX's author count on a .bib exported from Google Scholar, DBLP and ACL Anthology.

``tests/data/bib/exports.bib`` holds 25 entries written the way those services
export them (Scholar's ``touvron2023llama`` for LLaMA 1, preprints since
published, DBLP's and the Anthology's author lists broken across lines,
``@string`` venues, ``month = dec``, comments, an old entry commented out with
``%``). Its facts come from the bundled catalog, whose works cite public
records, and for the two works not in it, from their public records: LLaMA 1
(arXiv 2302.13971, Meta AI's publication page) and Human Preference Score
(ICCV 2023 open-access page, arXiv 2303.14420).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from aligntui.catalog.model import Catalog
from aligntui.personal.bibcheck import check
from aligntui.personal.bibfile import append_works, read_bib
from aligntui.personal.bibparse import count_names, split_names

from ..conftest import DATA

EXPORTS = DATA / "bib" / "exports.bib"
SRC = Path(__file__).resolve().parents[2] / "src"

EXPECTED_WORKS = {
    "ouyang2022training": "ouyang2022training",
    "DBLP:conf/nips/OuyangWJAWMZASR22": "ouyang2022training",
    "touvron2023llama": None,  # LLaMA 1: not in the catalog, whose touvron2023llama is Llama 2
    "DBLP:journals/corr/abs-2302-13971": None,
    "wu2023human": None,  # Human Preference Score (v1): the catalog's wu2023human is v2
    "wang-etal-2022-super": "wang2022super",
    "DBLP:journals/corr/abs-2204-07705": "wang2022super",
    "mishra-etal-2022-cross": "mishra2021cross",
    "lin-etal-2022-truthfulqa": "lin2021truthfulqa",
    "ziems-etal-2022-moral": "ziems2022moral",
    "forbes-etal-2020-social": "forbes2020social",
    "rafailov2023direct": "rafailov2023direct",
    "bai2022training": "bai2022training",
    "DBLP:journals/corr/abs-2212-08073": "bai2022constitutional",
    "stiennon2020learning": "stiennon2020learning",
    "wu2021recursively": "wu2021recursively",
    "DBLP:conf/iclr/SanhWRBSACSRDBX22": "sanh2021multitask",
    "chung2022scaling": "chung2022scaling",
    "sap-etal-2020-social": "sap2019social",
    "DBLP:journals/corr/abs-2112-00861": "askell2021general",
    "yao2023instructions": None,  # the survey itself
    "parrish-etal-2022-bbq": "parrish2021bbq",
    "gehman-etal-2020-realtoxicityprompts": "gehman2020realtoxicityprompts",
    "DBLP:conf/nips/ZhengC00WZL0LXZ23": "zheng2023judging",
}


def test_check_finds_every_clash_and_duplicate_and_flags_nothing_else(catalog: Catalog) -> None:
    bib = read_bib(EXPORTS)
    assert len(bib.entries) == 25
    report = check(bib, catalog)
    found = {match.entry.key: match.work_id for match in report.matched}
    found.update({entry.key: None for entry in report.unmatched})
    assert found == EXPECTED_WORKS
    assert [(c.entry.key, c.work_id, c.reason) for c in report.clashes] == [
        ("touvron2023llama", "touvron2023llama", "arXiv 2302.13971 vs 2307.09288"),
        ("wu2023human", "wu2023human", "the titles differ"),
    ]
    assert [sorted(e.key for e in d.entries) for d in report.duplicates] == [
        ["DBLP:conf/nips/OuyangWJAWMZASR22", "ouyang2022training"],
        ["DBLP:journals/corr/abs-2302-13971", "touvron2023llama"],
        ["DBLP:journals/corr/abs-2204-07705", "wang-etal-2022-super"],
    ]
    assert [[(e.key, e.only) for e in r.entries] for r in report.repeated] == [
        [("rafailov2023direct", "bibtex"), ("rafailov2023direct", "")]
    ]
    differences = [d for match in report.matched for d in match.differences]
    assert not [d for d in differences if d.startswith("author")]  # multi-line author lists counted right
    # What remains is what the catalog knows better: a preprint since published, a venue's name.
    assert {d.split(":")[0] for d in differences} <= {"type", "booktitle", "journal", "year", "doi"}


@pytest.mark.parametrize(
    ("value", "names"),
    [
        ("Long Ouyang and\n                  Jeff Wu and\n                  Xu Jiang", 3),
        ("Wang, Yizhong  and\n      Mishra, Swaroop", 2),
        ("Ouyang, Long and Wu, Jeff and others", 3),
        ("{Barnes and Noble} and Smith, J.", 2),
        ("A. Author AND B. Author", 2),
        ("Anderson, Sandra and Sanders, Andy", 2),
        ("Alexander\tand\nBob", 2),
        ("", 0),
    ],
)
def test_authors_are_split_as_bibtex_splits_them(value: str, names: int) -> None:
    assert len(split_names(value)) == names


def test_and_others_marks_an_incomplete_list() -> None:
    assert count_names("Ouyang, Long and Wu, Jeff and others") == (2, True)
    assert count_names("Ouyang, Long and Wu, Jeff") == (2, False)


def _cli(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ALIGNTUI_")}
    env.update({f"ALIGNTUI_{kind}_DIR": str(tmp_path / kind.lower()) for kind in ("CONFIG", "STATE", "DATA", "CACHE")})
    env["PYTHONPATH"] = str(SRC)
    return subprocess.run(
        [sys.executable, "-m", "aligntui", *args], capture_output=True, text=True, env=env, cwd=tmp_path, check=False
    )


def test_bib_add_llama_2_to_a_scholar_bib_with_llama_1_reports_the_clash(tmp_path: Path) -> None:
    bib = tmp_path / "refs.bib"
    shutil.copy(EXPORTS, bib)
    before = bib.read_bytes()
    result = _cli(tmp_path, "bib", "add", "llama 2", "--bib", str(bib))
    assert result.returncode == 0, result.stderr
    assert "already in" not in result.stdout + result.stderr
    for stream in (result.stdout, result.stderr):
        assert "key clash: touvron2023llama there is 'Llama: Open and efficient foundation language models'" in stream
        assert "'Llama 2: Open Foundation and Fine-Tuned Chat Models'" in stream
        assert "added touvron2023llama as \\cite{touvron2023llama-2}" in stream
    after = bib.read_bytes()
    assert after.startswith(before) and b"@misc{touvron2023llama-2," in after[len(before) :]
    again = _cli(tmp_path, "bib", "add", "llama 2", "--bib", str(bib))
    assert again.stdout == "touvron2023llama: already in refs.bib as \\cite{touvron2023llama-2} (same arxiv)\n"
    assert bib.read_bytes() == after


def test_bib_add_for_a_clash_on_title_alone(tmp_path: Path, catalog: Catalog) -> None:
    bib = tmp_path / "refs.bib"
    bib.write_text(
        "@inproceedings{wu2023human,\n  title={Human preference score: Better aligning text-to-image models with "
        "human preference},\n  author={Wu, Xiaoshi and Sun, Keqiang and Zhu, Feng and Zhao, Rui and Li, Hongsheng},\n"
        "  booktitle={Proceedings of the IEEE/CVF International Conference on Computer Vision},\n  year={2023}\n}\n"
    )
    result = append_works(bib, [catalog.works["wu2023human"]])
    assert result.added == ("wu2023human",) and result.present == ()
    assert [(r.key, r.clash.reason) for r in result.renamed] == [("wu2023human-2", "the titles differ")]
    assert read_bib(bib).holder("wu2023human-2") is not None


def test_bib_check_cli_summarises_the_problems(tmp_path: Path) -> None:
    result = _cli(tmp_path, "bib", "check", str(EXPORTS))
    assert result.returncode == 0, result.stderr
    assert "2 key clashes, 3 works entered twice, 1 repeated keys" in result.stderr
    assert f"{EXPORTS}:42: key clash: touvron2023llama" in result.stdout
    assert f"{EXPORTS}:240: repeated key rafailov2023direct (again at line 242)" in result.stdout


def test_b_in_the_explorer_says_the_key_a_clashing_work_was_added_under(tmp_path: Path, catalog: Catalog) -> None:
    from aligntui.personal.files import PersonalFiles

    bib = tmp_path / "refs.bib"
    shutil.copy(EXPORTS, bib)
    files = PersonalFiles.read(catalog, bib)
    notices, added, copy_key = files.add_to_bib([catalog.works["touvron2023llama"]], "Llama 2")
    assert added == ("touvron2023llama",) and copy_key is None  # never the LLaMA 1 key to copy
    assert any(n.severity == "warning" and "\\cite{touvron2023llama-2}" in n.text for n in notices)
    assert files.personal is not None and files.personal.bib_key("touvron2023llama") == "touvron2023llama-2"
