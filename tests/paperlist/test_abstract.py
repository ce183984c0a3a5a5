"""The ``abstract`` field: read, written, kept by the parse cache and JSON, shown literally in the detail pane."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aligntui.catalog import parse_cache
from aligntui.catalog.load import load_catalog, parse_catalog
from aligntui.catalog.model import Catalog
from aligntui.catalog.toml_writer import catalog_to_toml
from aligntui.cli.main import main
from aligntui.personal.settings import Settings
from aligntui.tui.app import make_app

HOSTILE = "We [b]align[/b] models. [@click=app.quit]x[/] stays text."


def with_abstract(catalog: Catalog, work_id: str, abstract: str) -> Catalog:
    works = dict(catalog.works)
    works[work_id] = works[work_id]._replace(abstract=abstract)
    return Catalog.build(catalog.survey, catalog.sections, works, catalog.path)


def test_abstract_round_trips_through_the_writer_the_cache_and_json(
    catalog: Catalog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    changed = with_abstract(catalog, "sanh2021multitask", HOSTILE)
    text = catalog_to_toml(changed)
    assert parse_catalog(text, "x.toml").works["sanh2021multitask"].abstract == HOSTILE
    monkeypatch.setattr(parse_cache, "MIN_BYTES", 0)
    path = tmp_path / "c.toml"
    path.write_text(text, encoding="utf-8")
    assert load_catalog(path).works["sanh2021multitask"].abstract == HOSTILE
    assert load_catalog(path).works["sanh2021multitask"].abstract == HOSTILE  # from the cache this time
    assert main(["list", "--catalog", str(path), "--format", "json", "sanh2021multitask"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["abstract"] == HOSTILE


def test_an_abstract_on_two_lines_is_refused(catalog: Catalog) -> None:
    text = catalog_to_toml(with_abstract(catalog, "sanh2021multitask", "one\ntwo"))
    with pytest.raises(Exception, match="abstract"):
        parse_catalog(text, "x.toml")


async def test_detail_pane_shows_the_abstract_as_text_and_marks_incomplete_records(ui_catalog: Catalog) -> None:
    works = dict(ui_catalog.works)
    works["sanh2021multitask"] = works["sanh2021multitask"]._replace(abstract=HOSTILE, year=None)
    catalog = Catalog.build(ui_catalog.survey, ui_catalog.sections, works, ui_catalog.path)
    app = make_app(catalog, Settings(clipboard="osc52"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("j", "l", "j", "l", "j")
        await pilot.pause()
        text = app.main.detail.text
        assert "Abstract" in text and HOSTILE in text
        assert "record incomplete: no year" in text
        assert app.is_running  # the [@click=app.quit] in the abstract did nothing
