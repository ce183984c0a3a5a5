"""The index's results do not change when its layout does: every query, typed key by key, against a record.

``tests/search/data/same_results.json`` holds, for each catalog and each
query below typed one character at a time into one index (so that the cache's
narrowing paths run), a digest of the full result (ids in order, scores,
fuzzy words, partial counts) and of the reasons given for its first works.
It was written by the index before its memory was cut (issue 23); rewrite it
only for a change meant to alter results:

    python tests/search/test_same_results.py --write
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from typing import Any

import pytest

from aligntui.catalog.load import load_catalog
from aligntui.catalog.model import Catalog
from aligntui.search.index import SearchIndex
from aligntui.search.reasons import explain

HERE = Path(__file__).parent
RECORD = HERE / "data" / "same_results.json"
UI_CATALOG = HERE.parent / "data" / "ui.toml"
SYNTH = HERE.parents[1] / "benchmarks" / "synth.py"
SYNTH_SIZE = 2500
"""Works in the synthetic catalog: above ``PRECISE_LIMIT`` so that coarse ranking runs too."""

TYPED = (
    "reward model",
    "preferemce",
    "mod",
    "author:smith year:>=2020",
    "rlhf",
    "fine-tuning",
    "finetuning",
    "zero-shot",
    "instruction tuning benchmark",
    '"reward model"',
    "human feedback -safety",
    "safety OR ethics",
    "section:benchmarks",
    "section:red-teaming",
    "venue:neurips",
    "title:alignment",
    "title:model",
    "id:2019",
    "2021",
    "year:2020..2022",
    "|",
    '"methods | benchmarks"',
    '"ai "',
    "moral norms evaluation paper",
    "oversigt",
    "harmlesness",
    "sigurdson",
    "muller",
    "muller values",
    "calibratoin",
    "has:code",
    "llama2",
    "gpt4",
    "models alignment",
    "aligned",
    "benchmarking",
    "critiques",
    "arenas",
    "constitutional ai",
    "values",
    "neurips 2020",
    "advances neural",
    "methods datasets",
    "openai",
    "author:bai",
    "author:^bai",
    "section:oversight harm",
    "-benchmarks",
    "a",
)
"""Queries typed key by key (each prefix is searched)."""


def _synthetic(folder: Path) -> Catalog:
    """The synthetic catalog of ``SYNTH_SIZE`` works (``benchmarks/synth.py``, seed 0)."""
    sys.path.insert(0, str(SYNTH.parent))
    try:
        from synth import write_catalog
    finally:
        sys.path.remove(str(SYNTH.parent))
    return load_catalog(write_catalog(SYNTH_SIZE, folder / "synth.toml", seed=0))


def _digest(value: Any) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True).encode()).hexdigest()[:16]


def results(catalog: Catalog) -> dict[str, str]:
    """Query prefix -> digest of its result and of the reasons of its first ten works."""
    out: dict[str, str] = {}
    for query in TYPED:
        index = SearchIndex(catalog)
        for end in range(1, len(query) + 1):
            typed = query[:end]
            result = index.search(typed)
            terms = [t for group in result.query.groups for t in group]
            reasons = [
                [
                    (r.word, r.field, r.how, r.text, r.stand_in)
                    for r in explain(
                        catalog, catalog.works[work_id], terms, result.fuzzy, result.counted if result.partial else ()
                    )
                ]
                for work_id in result.work_ids[:10]
            ]
            out[typed] = _digest(
                [
                    result.work_ids,
                    list(result.positions),
                    [round(score, 9) for score in result.scores],
                    sorted(result.fuzzy.items()),
                    [result.partial, list(result.counted), result.least],
                    list(result.hints),
                    reasons,
                ]
            )
    return out


def _record(folder: Path) -> dict[str, dict[str, str]]:
    return {"ui": results(load_catalog(UI_CATALOG)), "synthetic": results(_synthetic(folder))}


@pytest.mark.parametrize("name", ["ui", "synthetic"])
def test_results_match_the_record(name: str, tmp_path: Path) -> None:
    expected = json.loads(RECORD.read_text(encoding="utf-8"))[name]
    catalog = load_catalog(UI_CATALOG) if name == "ui" else _synthetic(tmp_path)
    found = results(catalog)
    changed = [typed for typed in expected if found.get(typed) != expected[typed]]
    assert not changed, f"results changed for {len(changed)} typed queries, first: {changed[:5]}"
    assert set(found) == set(expected)


if __name__ == "__main__":
    if sys.argv[1:] != ["--write"]:
        raise SystemExit("usage: python tests/search/test_same_results.py --write")
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        RECORD.write_text(json.dumps(_record(Path(folder)), indent=0, sort_keys=True) + "\n", encoding="utf-8")
