"""Relevance: natural queries find the paper first, through the same path as ``aligntui list``."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from aligntui.browse.model import Browser
from aligntui.browse.selection import select_works
from aligntui.catalog.load import load_catalog, parse_catalog
from aligntui.catalog.model import Catalog, CatalogError
from aligntui.cli.main import main

from ..conftest import DATA
from .relevance_cases import CASES, RLHF_TITLES


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(None)


def ids(catalog: Catalog, query: str) -> list[str]:
    """The work ids ``aligntui list QUERY`` prints, in its order."""
    return [work.id for work in select_works(catalog, query.split(), io.StringIO())]


@pytest.mark.parametrize(("query", "accepted"), CASES, ids=[query for query, _ in CASES])
def test_the_paper_comes_first(catalog: Catalog, query: str, accepted: tuple[str, ...]) -> None:
    found = ids(catalog, query)
    assert found and found[0] in accepted, found[:5]


def test_the_table_is_big_enough() -> None:
    assert len(CASES) >= 40


@pytest.mark.parametrize(
    ("plural", "singular"),
    [("reward models", "reward model"), ("human values", "human value"), ("instructions", "instruction")],
)
def test_plural_and_singular_find_the_same_works(catalog: Catalog, plural: str, singular: str) -> None:
    assert set(ids(catalog, plural)) == set(ids(catalog, singular))


def test_exact_forms_rank_above_stemmed_ones(catalog: Catalog) -> None:
    found = ids(catalog, "reward models")
    assert found.index("kwon2023reward") < found.index("rafailov2023direct")  # "Reward Design ... Models" vs "Model"


def test_rlhf_finds_the_titles_that_spell_it_out_and_no_fuzzy_guess(catalog: Catalog) -> None:
    err = io.StringIO()
    found = [w.id for w in select_works(catalog, ["rlhf"], err)]
    assert set(RLHF_TITLES) <= set(found[: len(RLHF_TITLES) + 1]) and "close matches" not in err.getvalue()


def test_paul_christiano_gives_the_three_works_he_wrote(catalog: Catalog) -> None:
    assert set(ids(catalog, "paul christiano")) == {"ouyang2022training", "stiennon2020learning", "wu2021recursively"}


def test_a_number_is_a_whole_number_and_a_year(catalog: Catalog) -> None:
    assert ids(catalog, "2")[0] == "touvron2023llama"  # "Llama 2"; summaries name other 2s (GPT-2, 2 tasks)
    assert all(catalog.works[i].year == 1973 or "1973" in catalog.works[i].title for i in ids(catalog, "1973"))


def test_human_feedback_ranks_own_fields_above_section_only_matches(catalog: Catalog) -> None:
    view = Browser(catalog).view("human feedback")
    assert view.result is not None
    order = view.result.work_ids
    own = [w for w in order if all(r.field in ("title", "alias") for r in view.reasons(w))]
    section_only = [w for w in order if all(r.field == "section" for r in view.reasons(w))]
    assert own and section_only
    assert max(order.index(w) for w in own) < min(order.index(w) for w in section_only)
    assert view.note(section_only[0]).startswith("in ")


@pytest.mark.parametrize(
    ("query", "work_id", "field", "how", "text", "note"),
    [
        ("paul christiano", "ouyang2022training", "author", "word", "Paul Christiano", "with Christiano"),
        ("instructgpt", "ouyang2022training", "alias", "word", "InstructGPT", "as InstructGPT"),
        ("rlhf", "bai2022training", "alias", "word", "HH-RLHF", "as HH-RLHF"),
        ("dpo", "rafailov2023direct", "alias", "word", "DPO", "as DPO"),
        (
            "constitution",
            "bai2022constitutional",
            "title",
            "prefix",
            "Constitutional AI: Harmlessness from AI Feedback",
            "",
        ),
        ("summarising", "wu2021recursively", "title", "stem", "Recursively Summarizing Books with Human Feedback", ""),
    ],
)
def test_reasons_say_which_field_and_how(
    catalog: Catalog, query: str, work_id: str, field: str, how: str, text: str, note: str
) -> None:
    reason = Browser(catalog).view(query).reasons(work_id)[0]
    assert (reason.field, reason.how, reason.text, reason.note) == (field, how, text, note)


def test_a_fuzzy_reason_names_the_word_it_replaced(catalog: Catalog) -> None:
    (reason,) = Browser(catalog).view("constitutonal").reasons("bai2022constitutional")
    assert (reason.word, reason.how, reason.stand_in) == ("constitutonal", "guess", "constitutional")


@pytest.mark.parametrize("query", ["llama 2", "human feedback", "reward models", "moral", "rlhf", "preferance"])
def test_the_explorer_and_the_command_line_agree(catalog: Catalog, query: str) -> None:
    view = Browser(catalog).view(query)
    listed = ids(catalog, query)
    assert [ref.work for ref in view.best(len(listed))] == listed
    first = view.first_match()
    assert first is not None and first.work == listed[0]
    if len(listed) > 1:
        following = view.step(first, 1)
        assert following is not None and following.work == listed[1]
        assert view.step(first, -1) == view.best(len(listed))[-1]


def _small_with(line: str) -> str:
    text = (DATA / "small.toml").read_text(encoding="utf-8")
    return text.replace('id = "turing1950computing"\n', f'id = "turing1950computing"\n{line}\n', 1)


def test_aliases_are_searched_and_kept_in_json(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text(_small_with('aliases = ["Imitation Game", "TURING-50"]'), encoding="utf-8")
    catalog = parse_catalog(path.read_text(encoding="utf-8"), str(path))
    assert catalog.works["turing1950computing"].aliases == ("Imitation Game", "TURING-50")
    assert ids(catalog, "turing50")[0] == ids(catalog, "imitation game")[0] == "turing1950computing"
    assert main(["list", "--catalog", str(path), "--format", "json", "id:turing1950computing"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["aliases"] == ["Imitation Game", "TURING-50"]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('aliases = ["ok", ""]', "every entry of 'aliases' must be a non-empty string"),
        ('aliases = ["ok", 3]', "every entry of 'aliases' must be a non-empty string"),
        ('aliases = "T0"', "'aliases' in work 'turing1950computing' must be a list"),
    ],
)
def test_bad_aliases_are_reported(line: str, message: str) -> None:
    with pytest.raises(CatalogError) as caught:
        parse_catalog(_small_with(line), "c.toml")
    assert any(message in problem.message for problem in caught.value.problems)


@pytest.mark.parametrize(
    ("sort", "first"),
    [
        (None, "rafailov2023direct"),
        ("relevance", "rafailov2023direct"),
        ("tree", "abramson2022improving"),  # "reward model" in its summary
        ("year", "stiennon2020learning"),  # 2020, before frazier2019learning (AIES 2020) in tree order
    ],
)
def test_sort_chooses_the_order(capsys: pytest.CaptureFixture[str], sort: str | None, first: str) -> None:
    args = ["list", "--format", "json", "reward model"] + (["--sort", sort] if sort else [])
    assert main(args) == 0
    assert json.loads(capsys.readouterr().out)[0]["id"] == first


def test_without_words_the_order_is_the_tree(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list", "--format", "json", "year:2022"]) == 0
    found = [record["id"] for record in json.loads(capsys.readouterr().out)]
    assert found == [w.id for w in select_works(load_catalog(None), ["year:2022"], io.StringIO(), sort="tree")]
