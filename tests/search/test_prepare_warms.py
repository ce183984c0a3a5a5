"""What ``SearchIndex.prepare`` (run in a thread after the first paint) makes, so the first key typed need not."""

from __future__ import annotations

from aligntui.catalog.model import Catalog
from aligntui.search import wordforms
from aligntui.search.index import SearchIndex


def test_prepare_makes_the_stemmer_the_first_key_would_otherwise_import(catalog: Catalog) -> None:
    wordforms._stemmer.cache_clear()
    wordforms.stem_prefix.cache_clear()
    SearchIndex(catalog).prepare()
    assert wordforms._stemmer.cache_info().currsize == 1
