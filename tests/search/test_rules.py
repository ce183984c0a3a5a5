"""The search rules of issue 21, one table per rule, on a small made-up catalog (pure, no Textual).

Each row is (query, what must come first or be found); the catalog below is
written so that each rule alone decides the row.
"""

from __future__ import annotations

import io
import json

import pytest

from aligntui.browse.model import Browser
from aligntui.browse.selection import UsageError, select_works
from aligntui.catalog.load import parse_catalog
from aligntui.catalog.model import Catalog
from aligntui.search.fields import FIELD_WEIGHTS, PACKED_FIELDS, WorkText
from aligntui.search.index import SearchIndex, is_optional
from aligntui.search.query import parse_query
from aligntui.search.wordforms import IRREGULAR_FORMS, STOP_WORDS, other_forms, plain_quotes, stem_prefix

WORKS: list[dict[str, object]] = [
    {
        "id": "nakano2021browser",
        "title": "Browser-assisted question-answering with human feedback",
        "authors": ["Reiichiro Nakano", "Jacob Hilton"],
        "year": 2021,
        "orgs": ["OpenAI"],
        "aliases": ["WebGPT"],
    },
    {
        "id": "bai2022helpful",
        "title": "Training a Helpful and Harmless Assistant with Reinforcement Learning from Human Feedback",
        "authors": ["Yuntao Bai", "Andy Jones"],
        "year": 2022,
        "orgs": ["Anthropic"],
        "summary": "Preference modelling and RLHF make a dialogue agent helpful and harmless.",
    },
    {
        "id": "wei2021zero",
        "title": "Finetuned Language Models Are Zero-Shot Learners",
        "authors": ["Jason Wei", "Maarten Bosma"],
        "year": 2021,
        "other_titles": ["Instruction Tuning Makes Zero Shot Learners"],
    },
    {
        "id": "liu2023visual",
        "title": "Visual InstructionTuning",
        "authors": ["Haotian Liu", "Chunyuan Li"],
        "year": 2023,
    },
    {
        "id": "jones2020criterion",
        "title": "A Criterion for Fair Analyses of People",
        "authors": ["Andy Jones", "Yuntao Bai"],
        "year": 2020,
    },
    {
        "id": "longpre2023flan",
        "title": "The Collection",
        "authors": ["Shayne Longpre", "Jason Wei"],
        "year": 2023,
        "aliases": ["Flan 2021"],
    },
    {
        "id": "tan2020quantum",
        "title": "Quantum Chemistry of LMs",
        "authors": ["Moral Tan"],
        "year": 2020,
    },
    {
        "id": "zhou2023lima",
        "title": "Let\u2019s Align with Less: the \u201creward model\u201d question",
        "authors": ["Chunting Zhou"],
        "year": 2023,
        "summary": "Curated demonstrations are enough for alignment.",
    },
]


def _toml(works: list[dict[str, object]]) -> str:
    lines = [
        "schema_version = 1",
        "[survey]",
        'title = "S"',
        'authors = ["A B"]',
        "year = 2023",
        'url = "https://example.org/s"',
        "[[sections]]",
        'id = "a"',
        'title = "Alpha"',
        f"works = {json.dumps([w['id'] for w in works])}",
    ]
    for work in works:
        lines.append("[[works]]")
        lines.extend(f"{key} = {json.dumps(value)}" for key, value in work.items())
        lines.append('source = "https://example.org/record"')
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return parse_catalog(_toml(WORKS), "rules.toml")


@pytest.fixture(scope="module")
def index(catalog: Catalog) -> SearchIndex:
    return SearchIndex(catalog)


def first(index: SearchIndex, query: str) -> str | None:
    found = index.search(query).work_ids
    return found[0] if found else None


# -- question and function words never empty a result ----------------------------------------

STOP_ROWS = [
    ("how does rlhf train a helpful assistant", "bai2022helpful"),
    ("what is the browser question answering", "nakano2021browser"),
    ("which models are zero-shot learners", "wei2021zero"),
    ("the collection", "longpre2023flan"),
]


@pytest.mark.parametrize(("query", "expected"), STOP_ROWS)
def test_question_and_function_words_never_empty_a_result(index: SearchIndex, query: str, expected: str) -> None:
    result = index.search(query)
    assert result.work_ids[:1] == [expected] and not result.partial


@pytest.mark.parametrize(
    ("query", "optional"),
    [("how to", [False, False]), ("the helpful", [True, False]), ("-the helpful", [False, False])],
)
def test_a_query_of_stop_words_only_still_needs_them(query: str, optional: list[bool]) -> None:
    (group,) = parse_query(query).groups
    assert [is_optional(term, group) for term in group] == optional


@pytest.mark.parametrize(
    ("query", "marked"),
    [("the collection", ("collection", "collect")), ("the", ("the",)), ("to the", ("to", "the"))],
)
def test_stop_words_are_not_marked_beside_other_words(index: SearchIndex, query: str, marked: tuple[str, ...]) -> None:
    assert index.search(query).highlight_words == marked


def test_the_stop_word_list_holds_the_question_words() -> None:
    assert {"how", "do", "which", "the", "of", "to", "what", "a", "an", "for", "is"} <= STOP_WORDS


# -- partial results: the closest works, flagged ---------------------------------------------

PARTIAL_ROWS = [
    # (query, first work, counted words, fewest held)
    ("browser question answering paper", "nakano2021browser", 4, 3),
    ("webgpt dataset", "nakano2021browser", 2, 1),
    ("helpful harmless assistant benchmark", "bai2022helpful", 4, 3),
]


@pytest.mark.parametrize(("query", "expected", "counted", "least"), PARTIAL_ROWS)
def test_no_work_has_every_word_so_the_closest_come_flagged(
    index: SearchIndex, query: str, expected: str, counted: int, least: int
) -> None:
    result = index.search(query)
    assert result.partial and result.work_ids[0] == expected
    assert (len(result.counted), result.least) == (counted, least)


def test_a_partial_result_needs_half_the_words(index: SearchIndex) -> None:
    assert index.search("quantum zzzz yyyy xxxx").work_ids == []  # one word of four: not most of the query


def test_the_hint_says_no_work_has_all_the_words(catalog: Catalog) -> None:
    view = Browser(catalog).view("browser question answering paper")
    text, problem = view.hint()
    assert text.startswith("No work has all 4 words (browser, question, answering, paper); closest: ")
    assert not problem


def test_reasons_name_the_missing_words(catalog: Catalog) -> None:
    view = Browser(catalog).view("browser question answering paper")
    reasons = view.reasons("nakano2021browser")
    assert [(r.word, r.how) for r in reasons if r.how == "missing"] == [("paper", "missing")]
    assert "without paper" in view.note("nakano2021browser")


@pytest.mark.parametrize(
    ("guess", "partial", "refused"),
    [(True, None, False), (False, None, True), (False, True, False), (True, False, True)],
)
def test_cite_and_export_refuse_a_partial_result_unless_asked(
    catalog: Catalog, guess: bool, partial: bool | None, refused: bool
) -> None:
    words = ["browser", "question", "answering", "paper"]
    if refused:
        with pytest.raises(UsageError, match="no work has all 4 words"):
            select_works(catalog, words, io.StringIO(), guess=guess, partial=partial)
    else:
        err = io.StringIO()
        assert select_works(catalog, words, err, guess=guess, partial=partial)[0].id == "nakano2021browser"
        assert "no work has all 4 words" in err.getvalue()


# -- typographic quotes are quotes -------------------------------------------------------------


@pytest.mark.parametrize(
    ("curly", "straight"),
    [
        ("\u201creward model\u201d", '"reward model"'),
        ("\u201ereward model\u201c", '"reward model"'),
        ("\u00abreward model\u00bb", '"reward model"'),
        ("let\u2019s align", "let's align"),
    ],
)
def test_typographic_quotes_act_as_quotes(index: SearchIndex, curly: str, straight: str) -> None:
    assert parse_query(curly).groups == parse_query(straight).groups
    assert index.search(curly).work_ids == index.search(straight).work_ids == ["zhou2023lima"]


def test_plain_quotes_keeps_every_position() -> None:
    text = "\u201ca\u2019b\u201d"
    assert len(plain_quotes(text)) == len(text) and plain_quotes(text) == '"a\'b"'


# -- hyphenated, spaced and joined forms are one word -------------------------------------------

FORM_ROWS = [
    ("zero-shot learners", "wei2021zero"),
    ("zeroshot learners", "wei2021zero"),
    ("zero shot learners", "wei2021zero"),
    ("instruction-tuning visual", "liu2023visual"),
    ("instruction tuning visual", "liu2023visual"),
    ("instructiontuning visual", "liu2023visual"),
    ("question answering browser", "nakano2021browser"),
    ("questionanswering", "nakano2021browser"),
    ("browser assisted", "nakano2021browser"),
    ("open-ai", "nakano2021browser"),
]


@pytest.mark.parametrize(("query", "expected"), FORM_ROWS)
def test_hyphenated_spaced_and_joined_forms_are_one_word(index: SearchIndex, query: str, expected: str) -> None:
    result = index.search(query)
    assert result.work_ids[:1] == [expected] and not result.partial and not result.fuzzy


# -- irregular plurals ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [("criteria", "jones2020criterion"), ("analysis", "jones2020criterion"), ("person", "jones2020criterion")],
)
def test_word_forms_reach_irregular_plurals(index: SearchIndex, query: str, expected: str) -> None:
    assert index.search(query).work_ids == [expected]


def test_every_irregular_form_finds_the_others_and_the_stemmer_does_not() -> None:
    for group in IRREGULAR_FORMS:
        for form in group:
            assert set(other_forms(form)) == set(group) - {form}
        assert len({stem_prefix(form) or form for form in group}) > 1, group  # else the table is not needed


# -- fuzzy guesses ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "not_found"),
    [
        ("moralz", "tan2020quantum"),  # a typo near "Moral", which is only Moral Tan's given name
        ("morals", "tan2020quantum"),  # nor is a word's stem looked for in a name
        ("lmss", "tan2020quantum"),  # "LMs" is a short stray word
    ],
)
def test_fuzzy_never_guesses_a_given_name_or_a_short_stray_word(index: SearchIndex, query: str, not_found: str) -> None:
    assert not_found not in index.search(query).work_ids


def test_a_guess_is_shown_as_a_guess(catalog: Catalog) -> None:
    view = Browser(catalog).view("harmlss")
    (reason,) = view.reasons("bai2022helpful")
    assert reason.how == "guess" and reason.note == "guess: harmless for harmlss"


# -- first authors, years --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("bai", "bai2022helpful"),  # first author of one work, co-author of another
        ("jones", "jones2020criterion"),
        ("wei 2021", "wei2021zero"),  # Wei's own work of 2021, not the one he co-wrote with "Flan 2021" in its alias
        ("flan 2021", "longpre2023flan"),  # the alias as a name
        ("longpre 2023", "longpre2023flan"),
    ],
)
def test_first_authors_weigh_more_and_a_year_is_the_works_own(index: SearchIndex, query: str, expected: str) -> None:
    assert first(index, query) == expected


def test_a_year_inside_an_alias_scores_less_than_the_works_own_year(index: SearchIndex) -> None:
    result = index.search("jason wei 2021")
    assert result.work_ids[0] == "wei2021zero"
    assert result.scores[0] > result.scores[result.work_ids.index("longpre2023flan")]


# -- orgs, other titles and summary are searched ----------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected", "field"),
    [
        ("openai", "nakano2021browser", "organisation"),
        ("makes zero shot", "wei2021zero", "other title"),
        ("curated demonstrations", "zhou2023lima", "summary"),
    ],
)
def test_orgs_other_titles_and_summary_are_searched(catalog: Catalog, query: str, expected: str, field: str) -> None:
    view = Browser(catalog).view(query)
    assert view.result is not None and view.result.work_ids[0] == expected
    assert view.reasons(expected)[0].field == field


def test_a_summary_match_ranks_below_a_title_match(index: SearchIndex) -> None:
    found = index.search("alignment").work_ids
    assert found == ["zhou2023lima"]  # in the summary only
    assert index.search("harmless").work_ids[0] == "bai2022helpful"


# -- the typed layout ------------------------------------------------------------------------------


def test_the_packed_text_unpacks_to_the_same_fields(index: SearchIndex) -> None:
    text = index.text(0)
    assert WorkText.unpack(text.packed, text.joined) == text
    assert text.first_author == "reiichiro nakano" and text.orgs == "openai" and "webgpt" in text.title
    assert "browserassistedquestionansweringwithhumanfeedback" in text.joined
    assert text.joined not in text.packed  # kept apart: only words of four letters or more look there
    start = 0
    for name in PACKED_FIELDS:
        assert WorkText.field_at(text.packed, start) == name
        start += len(getattr(text, name)) + 1
    assert set(FIELD_WEIGHTS) == set(WorkText._fields)
    assert FIELD_WEIGHTS["first_author"] > FIELD_WEIGHTS["coauthors"] > FIELD_WEIGHTS["summary"]


@pytest.mark.parametrize(
    ("command", "status", "out", "err"),
    [
        ("list", 0, "bai2022constitutional", "aligntui: no work has all 3 words (anthropic, constitution, paper)"),
        ("cite", 2, "", "cite, export and open do not take a partial match"),
        ("export", 2, "", "cite, export and open do not take a partial match"),
    ],
)
def test_the_command_line_lists_a_partial_match_and_will_not_cite_it(
    capsys: pytest.CaptureFixture[str], command: str, status: int, out: str, err: str
) -> None:
    from aligntui.cli.main import main

    formats = {"list": ["--format", "json"], "export": ["--format", "bibtex"]}
    args = [command, "anthropic", "constitution", "paper", *formats.get(command, [])]
    assert main(args) == status
    captured = capsys.readouterr()
    assert out in captured.out and err in captured.err


def _initials_by_expression(title: str) -> str:
    """``wordforms.initials`` as its regular expressions alone say it (the rule its ASCII path must keep)."""
    from aligntui.search import wordforms
    from aligntui.text.fold import fold

    return fold("".join(wordforms._INITIALS.findall(wordforms._SMALL.sub(" ", title))))


@pytest.mark.parametrize(
    "title",
    ["", "A", "OF the AND", "RLHF: of A_B AB_ _abc GPT4s GPT-4 x", "An AN an", "I/O and U.S.A.", "Constitutional AI"],
)
def test_ascii_initials_are_those_of_the_expressions(title: str) -> None:
    from aligntui.search.wordforms import initials

    assert initials(title) == _initials_by_expression(title)


def test_random_ascii_titles_have_the_initials_of_the_expressions() -> None:
    import random

    from aligntui.search.wordforms import initials

    rng = random.Random(3)
    for _ in range(3000):
        title = "".join(rng.choice("aAbZ09_ -:'.oOfFnNtThHeEI") for _ in range(rng.randint(0, 30)))
        assert initials(title) == _initials_by_expression(title), title
