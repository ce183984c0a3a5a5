"""A seeded keystroke fuzz over every binding, odd keys and resizes down to 10x3 (tools/fuzz_keys.py, bounded)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from aligntui.catalog.model import Catalog

TOOL = Path(__file__).resolve().parents[2] / "tools" / "fuzz_keys.py"


def _tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("fuzz_keys", TOOL)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["fuzz_keys"] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(("seed", "hostile"), [(101, False), (102, True)])
async def test_random_keys_never_crash_the_app(catalog: Catalog, seed: int, hostile: bool) -> None:
    tool = _tool()
    sequence = tool.steps(seed, 60)
    assert any(isinstance(step, tuple) for step in sequence)  # resizes are part of it
    await tool.run(tool.hostile(catalog) if hostile else catalog, sequence)


def test_the_same_seed_gives_the_same_keys() -> None:
    tool = _tool()
    assert tool.steps(7, 50) == tool.steps(7, 50) != tool.steps(8, 50)
