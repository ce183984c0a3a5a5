"""Integrity of the blind relevance queries (``blind_queries.py``): never their accuracy.

Accuracy is measured by ``benchmarks/relevance.py``; these tests only keep the
data set usable: every expected id is a work of the bundled catalog, enough
queries, every kind used, no query twice.
"""

from __future__ import annotations

from collections import Counter

from aligntui.catalog.load import bundled_catalog_path, load_catalog

from .blind_queries import BLIND_QUERIES, KINDS


def test_every_expected_id_is_a_work_of_the_bundled_catalog() -> None:
    works = load_catalog(bundled_catalog_path()).works
    unknown = [(case.query, work_id) for case in BLIND_QUERIES for work_id in case.expected if work_id not in works]
    assert unknown == []


def test_every_query_expects_at_least_one_work_and_none_twice() -> None:
    for case in BLIND_QUERIES:
        assert case.expected, case.query
        assert len(set(case.expected)) == len(case.expected), case.query


def test_there_are_at_least_80_queries() -> None:
    assert len(BLIND_QUERIES) >= 80


def test_every_kind_is_used_at_least_five_times() -> None:
    counts = Counter(case.kind for case in BLIND_QUERIES)
    assert {kind: counts[kind] for kind in KINDS if counts[kind] < 5} == {}
    assert set(counts) <= set(KINDS)


def test_no_query_text_appears_twice() -> None:
    counts = Counter(case.query for case in BLIND_QUERIES)
    assert [query for query, count in counts.items() if count > 1] == []


def test_no_query_is_blank_or_padded() -> None:
    for case in BLIND_QUERIES:
        assert case.query.strip() == case.query != ""
