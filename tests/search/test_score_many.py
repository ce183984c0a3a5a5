"""``TermScorer.score_many`` gives exactly what ``TermScorer.score`` gives, work by work (issue 23).

``score_many`` reads a plain word's score from the packed text without
splitting it; ``score`` is the rule (README, "Ranking"). Every word, word
start and piece of a word of the test catalogs, and some joined and hyphenated
forms, are scored both ways over every work.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aligntui.catalog.load import load_catalog
from aligntui.search.fields import WorkText
from aligntui.search.index import SearchIndex
from aligntui.search.query import parse_query
from aligntui.search.ranking import _at_word_start
from aligntui.search.wordforms import joined_body, joined_pattern

HERE = Path(__file__).parent
CATALOGS = {"ui": HERE.parent / "data" / "ui.toml", "bundled": None}
FORMS = ("fine-", "zero-", "fine-tuning", "zero-shot", "instructiontuning", "flant5", "rlhf", "al", "et", "mod")


@pytest.mark.parametrize("name", sorted(CATALOGS))
def test_score_many_is_score(name: str) -> None:
    catalog = load_catalog(CATALOGS[name])
    index = SearchIndex(catalog)
    index.prepare()
    packed, joined = list(index._all), list(index._joined)
    words = set(FORMS)
    for text in packed[:12]:
        for word in re.findall(r"[a-z0-9]+", text):
            words.update((word, word[:3], word[:4], word[1:4]))
    checked = 0
    for word in sorted(words):
        terms = [t for group in parse_query(word).groups for t in group]
        if len(terms) != 1 or terms[0].field is not None or terms[0].negated:
            continue
        scorer = index._scorer(terms[0])
        many = dict(scorer.score_many(packed, joined, range(len(packed))))
        one = {i: scorer.score(WorkText.unpack(packed[i], joined[i]), i) for i in range(len(packed))}
        assert many == one, word
        checked += 1
    assert checked > 300


def test_a_later_whole_word_counts_outside_the_title() -> None:
    """``al`` starts "albert" (a word's start) and is the whole word of "et al." later in the same field."""
    catalog = load_catalog(CATALOGS["ui"])
    index = SearchIndex(catalog)
    index.prepare()
    packed, joined = list(index._all), list(index._joined)
    scorer = index._scorer(parse_query("al").groups[0][0])
    flan = list(catalog.works).index("longpre2023flan")  # co-authors "... albert webson ... longpre et al."
    assert packed[flan].split("\n")[2].find("al") == packed[flan].split("\n")[2].find("albert")
    assert "al" not in re.findall(r"[a-z]+", packed[flan].split("\n")[0])
    assert dict(scorer.score_many(packed, joined, [flan]))[flan] == 3 * 4.0  # a co-author's whole word


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="ab -1é", max_size=24), st.text(alphabet="ab1-", min_size=1, max_size=5), st.data())
def test_the_first_joined_match_at_a_word_start_is_the_patterns(text: str, word: str, data: st.DataObject) -> None:
    """``_at_word_start`` skips its body's matches inside a word: it finds what ``joined_pattern`` finds."""
    pattern, body = joined_pattern(word), joined_body(word)
    if pattern is None or body is None:
        return
    end = data.draw(st.integers(0, len(text)))
    want = pattern.search(text, 0, end)
    got = _at_word_start(body, text, body.search(text, 0, end), end)
    assert (got and (got.span(), got.group(1))) == (want and (want.span(), want.group(1)))
