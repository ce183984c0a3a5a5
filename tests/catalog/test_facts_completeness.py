"""Issue 21: every work of the bundled catalog has a summary, and organisations where a record names them."""

from __future__ import annotations

import re
from pathlib import Path

from aligntui.catalog.model import Catalog

SEEN_NO_AFFILIATION = "no record seen (abstract pages, proceedings, ar5iv, the lab's pages) names the affiliations"
NO_AFFILIATIONS = {
    "sanh2021multitask": "BigScience paper of 40 authors; the model card and repository are published under the "
    "BigScience Workshop account but name no affiliation; " + SEEN_NO_AFFILIATION,
    "wang2022super": "40 authors; ASU's repository lists the paper as its own output but no record lists all the "
    "affiliations; " + SEEN_NO_AFFILIATION,
    "zeng2022glm": "the official repository (THUDM/GLM-130B) and a co-author's page name Tsinghua only in passing; "
    + SEEN_NO_AFFILIATION,
    "muennighoff2022crosslingual": "BigScience paper; the model cards are under the BigScience Workshop account but "
    "name no affiliation; " + SEEN_NO_AFFILIATION,
    "iyer2022opt": "the model cards (facebook/opt-iml-*) name no organisation; " + SEEN_NO_AFFILIATION,
    "xu2023baize": "the official repository names no organisation; " + SEEN_NO_AFFILIATION,
    "lee2023aligning": "a copy of the paper's first page gives affiliation marks but cuts before the names; "
    + SEEN_NO_AFFILIATION,
    "srivastava2022beyond": "some 450 authors at 132 institutions; no record names a leading organisation",
    "huang2023ceval": "only a bare-IP mirror of the paper's first page names them; no primary record seen",
    "kopf2023openassistant": "the paper's first page (arxiv-vanity rendering) gives e-mail addresses but no "
    "affiliations",
    "kim2023aligning": SEEN_NO_AFFILIATION,
    "scheurer2023training": "FAR AI's publication page lists the paper but no record names the affiliations on it",
    "lourie2021scruples": "the ar5iv page gives affiliation marks but not the names; " + SEEN_NO_AFFILIATION,
    "sun2022moraldial": SEEN_NO_AFFILIATION,
    "rokeach1973nature": "a single author's book; its records name no organisation",
    "rudinger2018gender": "the Anthology page and the official repository name no affiliation; " + SEEN_NO_AFFILIATION,
    "hartvigsen2022toxigen": "the dataset card and the official repository give only e-mail addresses; "
    + SEEN_NO_AFFILIATION,
    "yuan2023rrhf": "the official repository gives only e-mail addresses; " + SEEN_NO_AFFILIATION,
    "ramamurthy2022reinforcement": "the project page (rl4lms.apps.allenai.org) lists the authors without "
    "affiliations; " + SEEN_NO_AFFILIATION,
    "sun2023safety": SEEN_NO_AFFILIATION,
    "xu2023cvalues": "the official repository names no affiliation; " + SEEN_NO_AFFILIATION,
    "jin2022make": "only a document-sharing copy of the PDF names them; no primary record seen",
    "bang2022answering": "the ar5iv page starts at the abstract; " + SEEN_NO_AFFILIATION,
    "hofstede1984culture": "a single author's book; its records name no organisation",
    "qiu2022valuenet": "the ar5iv page starts at the abstract; " + SEEN_NO_AFFILIATION,
    "hoover2020moral": "the journal and library records list the authors only; " + SEEN_NO_AFFILIATION,
    "schramowski2021large": "the ar5iv and journal pages seen start at the abstract; " + SEEN_NO_AFFILIATION,
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
