"""Issue 21: every work of the bundled catalog has a summary, and organisations where a record names them."""

from __future__ import annotations

import re
from pathlib import Path

from aligntui.catalog.model import Catalog

SEEN_NO_AFFILIATION = "no record seen (abstract pages, proceedings, ar5iv, the lab's pages) names the affiliations"
NO_AFFILIATIONS = {
    "sanh2021multitask": "BigScience paper of 40 authors; " + SEEN_NO_AFFILIATION,
    "wang2022super": "40 authors; " + SEEN_NO_AFFILIATION,
    "zeng2022glm": SEEN_NO_AFFILIATION,
    "muennighoff2022crosslingual": SEEN_NO_AFFILIATION,
    "honovich2022unnatural": SEEN_NO_AFFILIATION,
    "wang2022self": SEEN_NO_AFFILIATION,
    "iyer2022opt": SEEN_NO_AFFILIATION,
    "xu2023baize": SEEN_NO_AFFILIATION,
    "lee2023aligning": "the paper's page gives affiliation marks but not the names; " + SEEN_NO_AFFILIATION,
    "srivastava2022beyond": "some 450 authors at 132 institutions; no record lists them",
    "huang2023ceval": SEEN_NO_AFFILIATION,
    "kopf2023openassistant": SEEN_NO_AFFILIATION,
    "kim2023aligning": SEEN_NO_AFFILIATION,
    "scheurer2023training": SEEN_NO_AFFILIATION,
    "forbes2020social": SEEN_NO_AFFILIATION,
    "lourie2021scruples": "the ar5iv page gives affiliation marks but not the names; " + SEEN_NO_AFFILIATION,
    "sun2022moraldial": SEEN_NO_AFFILIATION,
    "rokeach1973nature": "a single author's book; its records name no organisation",
    "sap2019social": SEEN_NO_AFFILIATION,
    "nangia2020crows": SEEN_NO_AFFILIATION,
    "rudinger2018gender": SEEN_NO_AFFILIATION,
    "hartvigsen2022toxigen": SEEN_NO_AFFILIATION,
    "liang2022holistic": "some 50 authors; " + SEEN_NO_AFFILIATION,
    "yuan2023rrhf": SEEN_NO_AFFILIATION,
    "ramamurthy2022reinforcement": SEEN_NO_AFFILIATION,
    "sun2023safety": SEEN_NO_AFFILIATION,
    "levy2022safetext": SEEN_NO_AFFILIATION,
    "xu2023cvalues": SEEN_NO_AFFILIATION,
    "jin2022make": SEEN_NO_AFFILIATION,
    "bang2022answering": SEEN_NO_AFFILIATION,
    "hofstede1984culture": "a single author's book; its records name no organisation",
    "qiu2022valuenet": SEEN_NO_AFFILIATION,
    "hoover2020moral": SEEN_NO_AFFILIATION,
    "schramowski2021large": SEEN_NO_AFFILIATION,
}
"""Works without ``orgs``, each with the reason: a work whose affiliations are found leaves this list."""


def test_every_work_has_a_summary(catalog: Catalog) -> None:
    assert [w.id for w in catalog.works.values() if not w.summary] == []


def test_organisations_wherever_a_record_names_them(catalog: Catalog) -> None:
    without = {w.id for w in catalog.works.values() if not w.orgs}
    assert without == set(NO_AFFILIATIONS)


def test_each_organisation_is_written_one_way(catalog: Catalog) -> None:
    names = {org for work in catalog.works.values() for org in work.orgs}
    folded: dict[str, str] = {}
    for name in sorted(names):
        key = re.sub(r"[^a-z]", "", name.lower().removeprefix("the "))
        assert key not in folded, (name, folded.get(key))
        folded[key] = name


def test_facts_name_their_evidence(catalog: Catalog) -> None:
    """Above each work's orgs or other titles, and above its summary, a comment names the record."""
    assert catalog.path is not None
    blocks = Path(catalog.path).read_text(encoding="utf-8").split("\n[[works]]\n")[1:]
    assert len(blocks) == len(catalog.works)
    for block in blocks:
        lines = block.splitlines()
        work_id = lines[0].split('"')[1]
        for key, comment in (("orgs", "# orgs, titles: http"), ("other_titles", "# orgs, titles: http")):
            if any(line.startswith(f"{key} = ") for line in lines):
                assert any(line.startswith(comment) for line in lines), (work_id, key)
        at = next(n for n, line in enumerate(lines) if line.startswith("summary = "))
        assert lines[at - 1].startswith("# summary, from the abstract: http"), work_id
