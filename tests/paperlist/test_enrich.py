"""``aligntui enrich`` against a local stand-in for arXiv, Crossref and DBLP (no network, no real waits).

The server (tests/paperlist/metadata_server.py) answers in each service's
documented format; the fetcher's ``wait`` and ``clock`` are replaced so that
rate-limit waits and back-offs are recorded, not slept.
"""

from __future__ import annotations

import difflib
import io
import re
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from aligntui.catalog.load import bundled_catalog_path, load_catalog, parse_catalog
from aligntui.cite.bibtex import to_bibtex
from aligntui.cli.main import main, run
from aligntui.enrich import fetch
from aligntui.enrich.records import clean_text, read_arxiv, read_crossref, read_dblp

from ..conftest import REFERENCE
from .metadata_server import ArxivEntry, MetadataServer, atom_feed, dblp_hit

LIST = """\
# Small List

## Alignment
- Alpha Tuning: Teaching Models to Follow [[Paper]](https://arxiv.org/abs/2401.00101)
- Beta Prompts for Everyone [[Paper]](https://doi.org/10.1234/beta.1)
- **Gamma Feedback at Scale**. *Di Dorn et al.* [[Paper]](https://example.org/gamma)
- Delta Unknown Study [[Paper]](https://example.org/delta)
"""

ALPHA = ArxivEntry(
    "Alpha Tuning: Teaching Models to Follow", ["Ann Arbor", "Bo Bell"], "2023-12-30T10:00:00Z",
    "We teach models   to follow.\n  A second line.", doi="10.1234/alpha.1",
)  # fmt: skip
ALPHA_CROSSREF = {
    "DOI": "10.1234/alpha.1",
    "title": ["Alpha Tuning: Teaching Models to Follow"],
    "author": [{"given": "Ann", "family": "Arbor"}, {"given": "Bo", "family": "Bell"}],
    "container-title": ["Proceedings of AlphaConf 2024"],
    "type": "proceedings-article",
    "page": "1-10",
    "issued": {"date-parts": [[2024, 6]]},
}
BETA_CROSSREF = {
    "DOI": "10.1234/beta.1",
    "title": ["Beta Prompts for Everyone"],
    "author": [{"given": "Cy", "family": "Cole"}],
    "container-title": ["Journal of Betas"],
    "type": "journal-article",
    "volume": "3",
    "issued": {"date-parts": [[2022]]},
    "abstract": "<jats:p>Prompts for <jats:italic>everyone</jats:italic>.</jats:p>",
}
GAMMA_DBLP = dblp_hit("Gamma Feedback at Scale", ["Di Dorn", "Ed Eck 0001", "Fay Fox"], "NeurIPS", 2022, pages="5-9")


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[MetadataServer]:
    stand_in = MetadataServer()
    stand_in.arxiv["2401.00101"] = ALPHA
    stand_in.crossref["10.1234/alpha.1"] = ALPHA_CROSSREF
    stand_in.crossref["10.1234/beta.1"] = BETA_CROSSREF
    stand_in.dblp["Gamma Feedback at Scale"] = [
        dblp_hit("Gamma Feedback at Scale", ["Di Dorn"], "CoRR", 2021, "Informal and Other Publications"),
        GAMMA_DBLP,
    ]
    base = stand_in.start()
    monkeypatch.setenv("ALIGNTUI_ARXIV_API", base + "/arxiv/api/query")
    monkeypatch.setenv("ALIGNTUI_CROSSREF_API", base + "/crossref")
    monkeypatch.setenv("ALIGNTUI_DBLP_API", base + "/dblp/search/publ/api")
    yield stand_in
    stand_in.stop()


def server_url(server: MetadataServer) -> str:
    return f"http://127.0.0.1:{server.httpd.server_address[1]}"


@pytest.fixture(autouse=True)
def waits(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Every wait the fetcher asks for, in seconds; the fake clock moves only by them."""
    asked: list[float] = []
    now = [1000.0]

    def wait(seconds: float) -> None:
        asked.append(round(seconds, 3))
        now[0] += seconds

    monkeypatch.setattr(fetch, "wait", wait)
    monkeypatch.setattr(fetch, "clock", lambda: now[0])
    monkeypatch.setattr(fetch, "TIMEOUT", 0.3)
    return asked


@pytest.fixture
def catalog_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    (tmp_path / "list.md").write_text(LIST, encoding="utf-8")
    target = tmp_path / "catalog.toml"
    assert main(["import-md", str(tmp_path / "list.md"), "-o", str(target)]) == 0
    capsys.readouterr()
    return target


def works_by_title(path: Path) -> dict[str, object]:
    return {w.title.split(":")[0].split()[0]: w for w in load_catalog(path).works.values()}


def test_enrich_fills_what_is_missing_from_each_service(
    server: MetadataServer, catalog_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["enrich", str(catalog_file)]) == 0
    err = capsys.readouterr().err
    works = works_by_title(catalog_file)
    alpha, beta, gamma, delta = (works[k] for k in ("Alpha", "Beta", "Gamma", "Delta"))
    assert alpha.authors == ("Ann Arbor", "Bo Bell") and alpha.year == 2023  # type: ignore[attr-defined]
    assert (alpha.booktitle, alpha.pages, alpha.doi) == ("Proceedings of AlphaConf 2024", "1-10", "10.1234/alpha.1")  # type: ignore[attr-defined]
    assert alpha.abstract == "We teach models to follow. A second line."  # type: ignore[attr-defined]
    assert (beta.journal, beta.volume, beta.year, beta.authors) == ("Journal of Betas", "3", 2022, ("Cy Cole",))  # type: ignore[attr-defined]
    assert beta.abstract == "Prompts for everyone ."  # type: ignore[attr-defined]
    # The list said "Di Dorn et al.": the record's complete list with the same first author completes it.
    assert (gamma.authors, gamma.authors_complete) == (("Di Dorn", "Ed Eck", "Fay Fox"), True)  # type: ignore[attr-defined]
    assert (gamma.booktitle, gamma.venue, gamma.year, gamma.pages) == ("NeurIPS", "NeurIPS", 2022, "5-9")  # type: ignore[attr-defined]
    assert delta.authors == ()  # type: ignore[attr-defined]
    assert "filled" in err and "1 works without a record" in err


def test_every_filled_field_names_its_source(server: MetadataServer, catalog_file: Path) -> None:
    assert main(["enrich", str(catalog_file)]) == 0
    text = catalog_file.read_text(encoding="utf-8")
    lines = text.splitlines()
    for index, line in enumerate(lines):
        key = line.split(" = ")[0]
        if key in ("abstract", "booktitle", "journal", "pages", "doi", "volume"):
            assert lines[index - 1].startswith(f"# enriched: {key} <- http"), line
    assert "# enriched: authors <- http://127.0.0.1:" in text and "/arxiv/api/query?id_list=2401.00101" in text
    assert "# enriched: booktitle <- https://dblp.org/rec/conf/x/GammaFeedbac" in text


def test_facts_in_the_catalog_are_kept_unless_overwrite(
    server: MetadataServer, catalog_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = catalog_file.read_text(encoding="utf-8").replace(
        'title = "Beta Prompts for Everyone"', 'title = "Beta Prompts for Everyone"\nyear = 2019\nvenue = "Mine"'
    )
    catalog_file.write_text(text, encoding="utf-8")
    assert main(["enrich", str(catalog_file)]) == 0
    beta = works_by_title(catalog_file)["Beta"]
    assert (beta.year, beta.venue, beta.journal) == (2019, "Mine", "Journal of Betas")  # type: ignore[attr-defined]
    assert main(["enrich", str(catalog_file), "--overwrite", "--only", beta.id]) == 0  # type: ignore[attr-defined]
    beta = works_by_title(catalog_file)["Beta"]
    assert (beta.year, beta.venue) == (2022, "Journal of Betas")  # type: ignore[attr-defined]
    text = catalog_file.read_text(encoding="utf-8")
    assert 'venue = "Mine"' not in text and "year = 2019" not in text
    assert "# enriched: year <- http://127.0.0.1:" in text.split("year = 2022")[0].splitlines()[-1]


def test_dry_run_prints_a_diff_and_writes_nothing(
    server: MetadataServer, catalog_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = catalog_file.read_text(encoding="utf-8")
    assert main(["enrich", str(catalog_file), "--dry-run"]) == 0
    out, err = capsys.readouterr()
    assert catalog_file.read_text(encoding="utf-8") == before
    assert out.startswith("---") and '+booktitle = "Proceedings of AlphaConf 2024"' in out
    assert "dry run: nothing written" in err


def test_comments_and_layout_are_kept(server: MetadataServer, catalog_file: Path) -> None:
    text = catalog_file.read_text(encoding="utf-8")
    text = text.replace("[[works]]", "# a comment of mine\n[[works]]  # and one here", 1)
    text = text.replace('source = "', '# evidence: the list\nsource = "', 2)
    catalog_file.write_text(text, encoding="utf-8")
    assert main(["enrich", str(catalog_file)]) == 0
    after = catalog_file.read_text(encoding="utf-8").splitlines()
    kept = iter(after)
    # Every line is still there, in its order, but the "et al." author list that DBLP's record completed.
    completed = {"authors_complete = false", 'authors = ["Di Dorn"]'}
    lost = [line for line in text.splitlines() if line not in completed and line not in kept]
    assert not lost
    assert "authors_complete = false" not in after


def test_output_elsewhere_needs_force(server: MetadataServer, catalog_file: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.toml"
    other.write_text("mine", encoding="utf-8")
    before = catalog_file.read_text(encoding="utf-8")
    assert main(["enrich", str(catalog_file), "-o", str(other)]) == 2
    assert other.read_text(encoding="utf-8") == "mine"
    assert main(["enrich", str(catalog_file), "-o", str(other), "--force"]) == 0
    assert catalog_file.read_text(encoding="utf-8") == before
    assert load_catalog(other).works


def test_mailto_joins_crossrefs_polite_pool(server: MetadataServer, catalog_file: Path) -> None:
    assert main(["enrich", str(catalog_file), "--services", "crossref", "--mailto", "me@example.org"]) == 0
    assert "/crossref/works/10.1234/beta.1?mailto=me%40example.org" in server.requests


def test_answers_are_cached(server: MetadataServer, catalog_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["enrich", str(catalog_file), "--dry-run"]) == 0
    asked = len(server.requests)
    capsys.readouterr()
    assert main(["enrich", str(catalog_file), "--dry-run"]) == 0
    assert len(server.requests) == asked
    assert "requests: arxiv 0, crossref 0, dblp 0" in capsys.readouterr().err
    assert main(["enrich", str(catalog_file), "--dry-run", "--refresh"]) == 0
    assert len(server.requests) == 2 * asked


def test_rate_limits_are_kept(server: MetadataServer, catalog_file: Path, waits: list[float]) -> None:
    server.arxiv["2401.00102"] = ArxivEntry("Alpha Two Revisited", ["Ann Arbor"])
    text = catalog_file.read_text(encoding="utf-8").replace(
        "https://example.org/delta", "https://arxiv.org/abs/2401.00102"
    )
    catalog_file.write_text(text.replace("Delta Unknown Study", "Alpha Two Revisited"), encoding="utf-8")
    assert main(["enrich", str(catalog_file), "--services", "arxiv"]) == 0
    assert waits == [3.0]  # arXiv's terms: one request every three seconds
    waits.clear()
    assert main(["enrich", str(catalog_file), "--services", "dblp", "--refresh"]) == 0
    assert waits and set(waits) == {2.0}  # DBLP's FAQ: one or two seconds between requests


def test_429_waits_for_retry_after_and_5xx_backs_off(
    server: MetadataServer, catalog_file: Path, waits: list[float], capsys: pytest.CaptureFixture[str]
) -> None:
    server.misbehave("2401.00101", "429", "500", "500")
    server.misbehave("10.1234/beta.1", "503-date")
    assert main(["enrich", str(catalog_file), "--services", "arxiv,crossref"]) == 0
    # Retry-After: 7, then back-off 2 s, the rest of arXiv's 3 s between requests, back-off 4 s.
    assert waits[:4] == [7.0, 2.0, 1.0, 4.0]
    assert works_by_title(catalog_file)["Alpha"].authors == ("Ann Arbor", "Bo Bell")  # type: ignore[attr-defined]
    assert works_by_title(catalog_file)["Beta"].journal == "Journal of Betas"  # type: ignore[attr-defined]


def test_a_service_that_keeps_failing_is_reported_and_the_run_goes_on(
    server: MetadataServer, catalog_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server.misbehave("2401.00101", *["hang"] * 5)
    server.misbehave("10.1234/beta.1", *["500"] * 5)
    assert main(["enrich", str(catalog_file)]) == 0
    err = capsys.readouterr().err
    assert re.search(r"alpha\S*: arXiv: timed out after 5 tries", err)
    assert re.search(r"beta\S*: Crossref: HTTP 500 after 5 tries", err)
    assert works_by_title(catalog_file)["Gamma"].booktitle == "NeurIPS"  # type: ignore[attr-defined]


def test_offline_stops_with_one_line(
    catalog_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with socket.socket() as probe:  # a port nothing listens on: the connection is refused, as offline
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    for name in ("ALIGNTUI_ARXIV_API", "ALIGNTUI_CROSSREF_API", "ALIGNTUI_DBLP_API"):
        monkeypatch.setenv(name, f"http://127.0.0.1:{port}/api")
    before = catalog_file.read_text(encoding="utf-8")
    assert main(["enrich", str(catalog_file)]) == 1
    _, err = capsys.readouterr()
    assert err.count("\n") == 1 and err.startswith("aligntui: cannot reach arXiv at 127.0.0.1")
    assert err.rstrip().endswith("stopped, nothing written")
    assert catalog_file.read_text(encoding="utf-8") == before


HOSTILE = ArxivEntry(  # XML cannot carry C0 controls at all: the rest of the hostile text
    "Alpha Tuning: Teaching Models to Follow\u2066",
    ["Ann \u200bArbor", "\u202eBo Bell", "[@click=app.quit]x[/]"],
    summary="Evil \u202ered text \u200b and [b]markup[/b]",
    doi="not a doi",
)
HOSTILE_CROSSREF = (
    '{"message": {"title": ["Beta Prompts for Everyone\\u001b[2J"], "author": [{"given": "Cy\\u001b]52;c;Zm9v\\u0007",'
    ' "family": "Cole"}], "container-title": ["J\\u009bof Betas"], "type": "journal-article", "abstract": "a\\u001b[31mb"}}'
)


def test_hostile_answers_are_made_safe(
    server: MetadataServer, catalog_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server.arxiv["2401.00101"] = HOSTILE
    server.raw["10.1234/beta.1"] = HOSTILE_CROSSREF
    assert main(["enrich", str(catalog_file), "--services", "arxiv,crossref", "--dry-run"]) == 0
    out, err = capsys.readouterr()
    assert not re.search("[\x1b\x07\x9b\u202e\u2066\u200b]", out + err)
    assert main(["enrich", str(catalog_file), "--services", "arxiv,crossref"]) == 0
    alpha, beta = works_by_title(catalog_file)["Alpha"], works_by_title(catalog_file)["Beta"]
    assert alpha.authors == ("Ann Arbor", "Bo Bell", "[@click=app.quit]x[/]")  # type: ignore[attr-defined]
    assert alpha.abstract == "Evil red text and [b]markup[/b]"  # type: ignore[attr-defined]
    assert alpha.doi is None  # type: ignore[attr-defined]
    assert (beta.authors, beta.journal, beta.abstract) == (("Cy]52;c;Zm9v Cole",), "Jof Betas", "a[31mb")  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("key", "how", "said"),
    [
        ("2401.00101", "huge", "an answer of 50000 bytes (limit 10000)"),
        ("2401.00101", "garbage", "the arXiv answer is not XML"),
        ("2401.00101", "dtd", "the arXiv answer declares a DTD"),
        ("10.1234/beta.1", "garbage", "the Crossref answer is not JSON"),
    ],
)
def test_malformed_answers_are_reported(
    server: MetadataServer,
    catalog_file: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    key: str,
    how: str,
    said: str,
) -> None:
    monkeypatch.setattr(fetch, "MAX_BYTES", 10_000)
    server.misbehave(key, how)
    assert main(["enrich", str(catalog_file), "--dry-run"]) == 0
    assert said in capsys.readouterr().err


def test_wrong_types_are_ignored() -> None:
    wrong = (
        '{"message": {"title": [7], "author": "Ann", "issued": {"date-parts": [["2020"]]}, "page": {"a": 1},'
        ' "container-title": "Not a list", "DOI": 10, "volume": true, "abstract": ["x"]}}'
    )
    record = read_crossref(wrong, "http://x")
    assert record is not None
    assert (record.title, record.authors, record.year, record.pages, record.doi, record.volume) == (
        "",
        (),
        2020,
        None,
        None,
        None,
    )
    assert read_crossref('{"message": "nope"}', "http://x") is None
    assert read_crossref("[1, 2]", "http://x") is None
    assert read_dblp('{"result": {"hits": {"hit": "x"}}}', "http://x", "T") is None
    bad = '{"result": {"hits": {"hit": [{"info": {"title": ["T"], "authors": 3, "year": 1e9}}]}}}'
    assert read_dblp(bad, "http://x", "T") is None
    assert clean_text(["a"]) == "" and len(clean_text("a" * 700)) == 602
    assert clean_text("word " * 200).endswith("word …")


def test_a_record_with_another_title_is_not_used(
    server: MetadataServer, catalog_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server.arxiv["2401.00101"] = ArxivEntry("Something Else Entirely", ["Zed Zee"])
    server.crossref.pop("10.1234/alpha.1")
    assert main(["enrich", str(catalog_file), "--services", "arxiv"]) == 0
    assert "arxiv record is titled 'Something Else Entirely': not used" in capsys.readouterr().err
    assert works_by_title(catalog_file)["Alpha"].authors == ()  # type: ignore[attr-defined]


def test_unknown_arxiv_id_and_doi_are_reported(
    server: MetadataServer, catalog_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server.arxiv.clear()
    server.crossref.pop("10.1234/beta.1")
    assert main(["enrich", str(catalog_file), "--dry-run"]) == 0
    err = capsys.readouterr().err
    assert "arXiv has no paper 2401.00101" in err and "Crossref has no DOI 10.1234/beta.1" in err


@pytest.mark.parametrize(
    ("argv", "status", "said"),
    [
        (["--services", "scholar"], 2, "--services takes some of arxiv,crossref,dblp"),
        (["--only", "nope"], 2, "no work with id 'nope'"),
        (["--mailto", "me\nX-Evil: 1"], 2, "--mailto takes an e-mail address"),
    ],
)
def test_bad_usage(
    catalog_file: Path, capsys: pytest.CaptureFixture[str], argv: list[str], status: int, said: str
) -> None:
    assert main(["enrich", str(catalog_file), *argv]) == status
    assert said in capsys.readouterr().err


def test_bad_catalogs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text("schema_version = 1\n[survey]\n", encoding="utf-8")
    assert main(["enrich", str(broken)]) == 1
    binary = tmp_path / "binary.toml"
    binary.write_bytes(b"\xff\xfe")
    assert main(["enrich", str(binary)]) == 1
    assert main(["enrich", str(tmp_path / "missing.toml")]) == 1
    assert "Traceback" not in capsys.readouterr().err


def test_readers_on_documented_shapes() -> None:
    feed = atom_feed({"2401.00101": ALPHA})
    record = read_arxiv(feed, "http://a", "2401.00101")
    assert record is not None and record.doi == "10.1234/alpha.1" and record.year == 2023
    assert read_arxiv(atom_feed({}), "http://a", "2401.00101") is None
    error_feed = (
        '<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>http://arxiv.org/api/errors#incorrect_id_format</id>'
        "<title>Error</title></entry></feed>"
    )
    assert read_arxiv(error_feed, "http://a", "2401.00101") is None
    parse_catalog  # noqa: B018 - the loader validates what enrich writes (used by the command)


# --- a real list, imported and completed -----------------------------------------------------------------

OTHER_LIST = REFERENCE / "align-llm-human-survey-README.md"


@pytest.mark.skipif(not OTHER_LIST.is_file(), reason="the other survey's list is not beside the project")
def test_import_then_enrich_gives_full_bibtex_for_every_work_the_services_know(
    server: MetadataServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The title-only list (``Title [[Paper]](url)``) made full BibTeX entries, not bare ``@misc{title}``."""
    target = tmp_path / "other.toml"
    assert main(["import-md", str(OTHER_LIST), "-o", str(target)]) == 0
    imported = load_catalog(target)
    known: set[str] = set()
    for table in (server.arxiv, server.crossref, server.dblp):
        table.clear()
    for n, work in enumerate(imported.works.values()):
        people = [f"Given{n} Family{n}", f"Other{n} Person{n}"]
        if work.arxiv:
            server.arxiv[work.arxiv] = ArxivEntry(
                work.title, people, f"20{18 + n % 6}-01-02T00:00:00Z", f"Abstract {n}."
            )
            known.add(work.id)
        elif any(link.kind == "paper" for link in work.links):  # ACL Anthology, OpenReview: DBLP knows them
            server.dblp[work.title] = [dblp_hit(work.title, people, "ACL", 2023, pages=f"{n}-{n + 9}")]
            known.add(work.id)
    assert len(known) > 140
    capsys.readouterr()
    assert main(["enrich", str(target)]) == 0
    err = capsys.readouterr().err
    assert "works without a record" in err
    completed = load_catalog(target)
    for work_id in known:
        entry = to_bibtex(completed.works[work_id])
        assert re.search(r"^  author = \{Family\d+, Given\d+ and Person\d+, Other\d+\},$", entry, re.M), entry
        assert re.search(r"^  year = \{20\d\d\},$", entry, re.M), entry
        assert "eprint = {" in entry or "booktitle = {ACL}" in entry, entry
        assert entry.startswith("@misc{") == ("eprint = {" in entry), entry
    unknown = set(completed.works) - known
    assert all(not completed.works[w].authors for w in unknown)  # blogs: nothing invented


def test_the_bundled_catalog_keeps_every_line_and_comment(
    server: MetadataServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    original = bundled_catalog_path().read_text(encoding="utf-8")
    target = tmp_path / "catalog.toml"
    target.write_text(original, encoding="utf-8")
    title = "Multitask Prompted Training Enables Zero-Shot Task Generalization"
    server.arxiv["2110.08207"] = ArxivEntry(title, ["Someone Else"], summary="A synthetic abstract.")
    assert main(["enrich", str(target), "--only", "sanh2021multitask", "--services", "arxiv"]) == 0
    after = target.read_text(encoding="utf-8")
    added = [line for line in difflib.ndiff(original.splitlines(), after.splitlines()) if line[:1] in "+-"]
    assert added == [
        "+ # enriched: abstract <- " + server_url(server) + "/arxiv/api/query?id_list=2110.08207&max_results=1",
        '+ abstract = "A synthetic abstract."',
    ]  # the 23 authors the catalog has are kept: "Someone Else" replaces nothing
    assert load_catalog(target).works["sanh2021multitask"].abstract == "A synthetic abstract."


def test_progress_bar_only_on_a_terminal(server: MetadataServer, catalog_file: Path) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    for stream, shown in ((Terminal(), True), (io.StringIO(), False)):
        assert run(["enrich", str(catalog_file), "--dry-run"], io.StringIO(), stream) == 0
        assert ("\r[" in stream.getvalue()) is shown
        assert "4/4" not in stream.getvalue().splitlines()[-1]  # the bar is cleared before the summary
