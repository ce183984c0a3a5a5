"""Issue 21: ``list --format json`` carries a work's organisations, other titles and summary."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aligntui.cli.main import main

from ..catalog.test_work_facts import FULL


def test_list_json_has_the_facts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "facts.toml"
    path.write_text(FULL, encoding="utf-8")
    assert main(["list", "--catalog", str(path), "--format", "json"]) == 0
    records = {r["id"]: r for r in json.loads(capsys.readouterr().out)}
    turing = records["turing1950computing"]
    assert turing["orgs"] == ["University of Manchester", "Mind Association"]
    assert turing["other_titles"] == ["Can Machines Think?"]
    assert turing["summary"] == "Asks whether machines can think and proposes the imitation game."
    plain = records["lovelace1843notes"]
    assert (plain["orgs"], plain["other_titles"], plain["summary"]) == ([], [], "")
