"""A word typed after other words is looked for among their matches only, and narrowed letter by letter there."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pytest

from aligntui.catalog.model import Catalog
from aligntui.search import index as index_module
from aligntui.search.index import SearchIndex
from aligntui.search.query import Term

TYPED = [
    "reward model",
    "human feedback -moral",
    "author:bai constitutional ai",
    "language flant5 tuning",
    "instruction-tuning model",
    "value year:2022 alignment",
    "title:preference data OR reward hacking",
    "is:starred model",
]
"""Queries of several terms, each typed one character at a time into one index."""


@pytest.mark.parametrize("text", TYPED)
def test_typing_after_other_words_gives_what_a_fresh_index_gives(catalog: Catalog, text: str) -> None:
    typed = SearchIndex(catalog)
    for end in range(1, len(text) + 1):
        prefix = text[:end]
        result = typed.search(prefix)
        fresh = SearchIndex(catalog).search(prefix)
        assert (result.work_ids, result.scores, result.partial) == (fresh.work_ids, fresh.scores, fresh.partial)


def test_the_next_letter_of_a_second_word_looks_only_at_the_last_letters_matches(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    index = SearchIndex(catalog)
    before = len(index.search("reward pref").work_ids)
    looked: list[int] = []
    scan = index_module.holding

    def counted(texts: Any, needle: str, candidates: Iterable[int] | None = None, *column: Any) -> Any:
        looked.append(len(texts) if candidates is None else len(list(candidates)))
        return scan(texts, needle, candidates, *column)

    monkeypatch.setattr(index_module, "holding", counted)
    index.search("reward prefe")
    assert looked and max(looked) <= before < len(index.search("reward").work_ids)


class Marks:
    """One's marks, changed between two keys (``aligntui.search.index.PersonalTerms``)."""

    def __init__(self, ids: frozenset[str]) -> None:
        self.ids = ids

    def ids_for(self, term: Term) -> frozenset[str]:
        return self.ids


def test_a_word_after_a_mark_is_looked_for_among_the_marks_as_they_are_now(catalog: Catalog) -> None:
    marks = Marks(frozenset({"rafailov2023direct"}))
    index = SearchIndex(catalog, personal=marks)
    assert index.search("is:starred mod").work_ids == ["rafailov2023direct"]
    marks.ids = frozenset({"ouyang2022training"})
    assert index.search("is:starred mode").work_ids == ["ouyang2022training"]
