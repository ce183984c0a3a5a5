"""A newer version of a paper list merged into an existing catalog, keeping every hand-added fact (pure).

The list says which works there are, which sections list them, in which order,
and with which links; the catalog keeps everything else (full authors, venues,
DOIs, sources, list wording, notes, section titles and the tree's shape).
Works are matched by normalised title (or ``list_title``), arXiv id or paper
URL, and at last by a nearly equal title; a title the list corrected replaces
the catalog's list wording (``list_title`` where the work has one, else ``title``)
and is reported as a ``title`` change. Sections are matched by the longest run of equal titles at the end of
their paths (``Human Values > Benchmarks``), ties broken by the works they
share; a heading the list rewords is recognised by its works and keeps the
catalog's title. Works the list no longer has are kept unless ``prune``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from aligntui.catalog.model import Catalog, Section, Work
from aligntui.paperlist.importer import make_work_id, work_keys
from aligntui.text.fold import title_key

__all__ = ["NOTICES", "Change", "MergeResult", "merge_list"]


@dataclass(frozen=True, slots=True)
class Change:
    """One change an update makes: what (``added``, ``removed``, ``moved``...), to which id, and how."""

    kind: str
    subject: str
    detail: str = ""


NOTICES = frozenset({"not in list", "section not in list"})
"""Kinds of ``Change`` that report what the list lacks but change nothing (without ``prune``)."""


@dataclass(frozen=True, slots=True)
class MergeResult:
    """The merged catalog and the changes that made it, notices included, in a fixed order of kinds."""

    catalog: Catalog
    changes: tuple[Change, ...]

    @property
    def modified(self) -> bool:
        """Whether the merge changed the catalog (notices alone do not)."""
        return any(change.kind not in NOTICES for change in self.changes)


def _match_works(existing: Catalog, imported: Catalog) -> dict[str, str | None]:
    """Each imported work id and the existing work it is (None: a new work)."""
    index: dict[str, str] = {}
    for work in existing.works.values():
        keys = work_keys(work.title, work.links, work.arxiv)
        if work.list_title:
            keys.add("t:" + title_key(work.list_title))
        for key in keys:
            index.setdefault(key, work.id)
    found: dict[str, str | None] = {}
    for work in imported.works.values():
        ranked = sorted(work_keys(work.title, work.links, work.arxiv), key=lambda k: "atu".index(k[0]))
        found[work.id] = next((index[k] for k in ranked if k in index), None)
    _match_corrected_titles(existing, imported, found)
    return found


def _match_corrected_titles(existing: Catalog, imported: Catalog, found: dict[str, str | None]) -> None:
    """Match a list's work to a catalog's work no other matched, when their titles differ by a typo or so.

    Only works that neither links nor an exact title matched are compared
    (normalised titles, rapidfuzz's ``ratio`` at 90 or more), so a corrected title
    in a list without links updates its work instead of adding a second one.
    """
    from rapidfuzz import fuzz, process

    taken = {old for old in found.values() if old}
    left = {w.id: title_key(w.list_title or w.title) for w in existing.works.values() if w.id not in taken}
    for work_id, old_id in found.items():
        if old_id is not None or not left:
            continue
        title = title_key(imported.works[work_id].title)
        best = process.extractOne(title, left, scorer=fuzz.ratio, score_cutoff=90)
        if best is not None:
            found[work_id] = best[2]
            del left[best[2]]


def _suffix(a: tuple[str, ...], b: tuple[str, ...]) -> int:
    """How many titles two section paths share at their ends (normalised)."""
    count = 0
    for x, y in zip(reversed(a), reversed(b), strict=False):
        if title_key(x) != title_key(y):
            break
        count += 1
    return count


def _under(catalog: Catalog, work_map: Mapping[str, str]) -> dict[str, set[str]]:
    return {s.id: {work_map.get(w.id, w.id) for w in catalog.works_under(s.id)} for s in catalog.walk()}


def _shared(new: Section, old: Section, new_under: set[str], old_under: set[str]) -> tuple[int, int]:
    """How many works two sections share, and how many the larger of them has.

    Sections that list works are compared by those works, others by the works
    under them, so that what an update moves between sections cannot change
    which sections match the next time.
    """
    if new.works or old.works:
        new_under, old_under = set(new.works), set(old.works)
    return len(new_under & old_under), max(len(new_under), len(old_under))


def _match_sections(existing: Catalog, imported: Catalog, work_map: Mapping[str, str]) -> dict[str, str]:
    """Each imported section id and the existing section it is, where there is one.

    Title matches first (longest shared end of the path; ties to the section
    sharing most works, then one of the same kind, then the first); then a
    heading the list reworded, by sharing at least half of both sections' works.
    """
    old_under, new_under = _under(existing, {}), _under(imported, work_map)
    old_ids, new_ids = [s.id for s in existing.walk()], [s.id for s in imported.walk()]
    pairs: list[tuple[int, int, bool, int, int]] = []
    for i, new_id in enumerate(new_ids):
        new = imported.sections[new_id]
        for j, old_id in enumerate(old_ids):
            old = existing.sections[old_id]
            suffix = _suffix(new.path, old.path)
            shared, larger = _shared(new, old, new_under[new_id], old_under[old_id])
            if suffix:
                pairs.append((-suffix, -shared, bool(new.works) != bool(old.works), i, j))
            elif shared and 2 * shared >= larger:
                pairs.append((1, -shared, False, i, j))
    matched: dict[str, str] = {}
    taken: set[str] = set()
    for *_, i, j in sorted(pairs):
        if new_ids[i] not in matched and old_ids[j] not in taken:
            matched[new_ids[i]] = old_ids[j]
            taken.add(old_ids[j])
    return matched


def _link_change(old: Work, new: Work) -> str:
    added = [f"+{link.label} {link.url}" for link in new.links if link not in old.links]
    gone = [f"-{link.label} {link.url}" for link in old.links if link not in new.links]
    return "; ".join(added + gone)


def _keep_in_place(new: list[str], old: Iterable[str], kept: set[str]) -> list[str]:
    """``new`` with the ``kept`` works of ``old`` put back after the work they followed."""
    result = list(new)
    old = list(old)
    for index, work_id in enumerate(old):
        if work_id in kept and work_id not in result:
            before = next((p for p in reversed(old[:index]) if p in result), None)
            result.insert(result.index(before) + 1 if before else 0, work_id)
    return result


class _Merge:
    """The state of one merge; ``merge_list`` runs its steps in order."""

    def __init__(self, existing: Catalog, imported: Catalog, prune: bool) -> None:
        self.old, self.new, self.prune = existing, imported, prune
        self.changes: list[Change] = []
        self.works: dict[str, Work] = {}
        self.work_map: dict[str, str] = {}
        self.gone: set[str] = set()
        self.added_sections: list[str] = []

    def merge_works(self) -> None:
        """Match the list's works to the catalog's; keep, prune or add them; take the list's links."""
        found = _match_works(self.old, self.new)
        listed = {old for old in found.values() if old}
        for work in self.old.works.values():
            if work.id in listed:
                self.works[work.id] = work
            elif self.prune:
                self.gone.add(work.id)
                self.changes.append(Change("removed", work.id, work.title))
            else:
                self.works[work.id] = work
                self.gone.add(work.id)
                self.changes.append(Change("not in list", work.id, "kept (--prune removes it)"))
        taken = set(self.old.works)
        for work in self.new.works.values():
            old_id = found[work.id]
            if old_id is None:
                new_id = make_work_id(work.title, work.authors, work.year, taken)
                self.works[new_id] = work._replace(id=new_id)
                self.work_map[work.id] = new_id
                continue
            self.work_map[work.id] = old_id
            old = self.works[old_id]
            self._retitle(old, work.title)
            old = self.works[old_id]
            if set(work.links) != set(old.links):
                merged = tuple(dict.fromkeys(work.links))
                self.changes.append(Change("links", old_id, _link_change(old, old._replace(links=merged))))
                self.works[old_id] = old._replace(links=merged)

    def _retitle(self, old: Work, listed: str) -> None:
        """Take a title the list corrected: the list's wording (``list_title`` if the work has one, else ``title``)."""
        if title_key(listed) in (title_key(old.title), title_key(old.list_title or "")):
            return  # the list's own wording, or the record's (an exported list writes that)
        if old.list_title:
            self.works[old.id] = old._replace(list_title=listed)
            self.changes.append(Change("title", old.id, f"list title {old.list_title!r} -> {listed!r}"))
        else:
            self.works[old.id] = old._replace(title=listed)
            self.changes.append(Change("title", old.id, f"{old.title!r} -> {listed!r}"))

    def merge_sections(self) -> tuple[dict[str, list[str]], dict[str, list[str]], dict[str, Section]]:
        """Each section's works and children, and every section, merged; roots under the key ``""``."""
        matched = _match_sections(self.old, self.new, self.work_map)
        kept = self.gone if not self.prune else set()
        works: dict[str, list[str]] = {}
        children: dict[str, list[str]] = {"": list(self.old.roots)}
        sections: dict[str, Section] = {}
        for section in self.old.walk():
            sections[section.id] = section
            children[section.id] = list(section.children)
            works[section.id] = [w for w in section.works if w in self.works]
        for new in self.new.walk():
            target = matched.get(new.id)
            listed = list(dict.fromkeys(self.work_map[w] for w in new.works))  # two entries may be one work
            if target is None:
                target = self._add_section(new, matched, children, sections)
                matched[new.id] = target
                works[target] = listed
            else:
                works[target] = _keep_in_place(listed, self.old.sections[target].works, kept)
        kept_places = set(matched.values())
        for section_id in [s for s in sections if s not in kept_places]:  # in the catalog's order, never a set's
            if self.old.sections.get(section_id) and self.old.sections[section_id].works:
                if self.prune:
                    self.changes.append(Change("section gone", section_id, "its works leave it (--prune)"))
                    works[section_id] = []
                else:
                    self.changes.append(Change("section not in list", section_id, "kept (--prune removes it)"))
        return works, children, sections

    def _add_section(
        self, new: Section, matched: dict[str, str], children: dict[str, list[str]], sections: dict[str, Section]
    ) -> str:
        parent = matched.get(new.parent) if new.parent else None
        base = (parent + "." if parent else "") + new.id.rsplit(".", 1)[-1]
        section_id, n = base, 1
        while section_id in sections:
            n += 1
            section_id = f"{base}-{n}"
        siblings = children[parent or ""]
        before_new = self.new.sections[new.parent].children if new.parent else self.new.roots
        position = before_new.index(new.id)
        previous = matched.get(before_new[position - 1]) if position else None
        siblings.insert(siblings.index(previous) + 1 if previous in siblings else (0 if not position else
                        len(siblings)), section_id)  # fmt: skip
        sections[section_id] = Section(section_id, new.title, (), parent, new.description)
        children[section_id] = []
        self.added_sections.append(section_id)
        return section_id

    def build(
        self, works: dict[str, list[str]], children: dict[str, list[str]], sections: dict[str, Section]
    ) -> Catalog:
        """The merged catalog in tree order; sections that hold nothing are dropped if new or when pruning."""

        def holds(section_id: str) -> bool:
            """Whether a section or one below it lists a work."""
            return bool(works.get(section_id)) or any(holds(c) for c in children[section_id])

        ordered: dict[str, Section] = {}
        stack: list[tuple[str, tuple[str, ...]]] = [(s, ()) for s in reversed(children[""])]
        while stack:
            section_id, above = stack.pop()
            if not holds(section_id) and (self.prune or section_id in self.added_sections):
                continue
            old = sections[section_id]
            path = (*above, old.title)
            kids = [c for c in children[section_id] if holds(c) or not (self.prune or c in self.added_sections)]
            ordered[section_id] = Section(
                section_id, old.title, path, old.parent, old.description, tuple(kids),
                tuple(works.get(section_id, ())), len(path) - 1,
            )  # fmt: skip
            stack.extend((c, path) for c in reversed(kids))
        self.changes += [Change("new section", s, sections[s].title) for s in self.added_sections if s in ordered]
        placed = {w for section in ordered.values() for w in section.works}
        final = {w_id: w for w_id, w in self.works.items() if w_id in placed}
        return Catalog.build(self.old.survey, ordered, final, self.old.path)

    def report_memberships(self, merged: Catalog) -> None:
        """Report added works, works whose sections changed, and sections whose order changed."""
        for work_id, work in merged.works.items():
            before = set(self.old.memberships.get(work_id, ()))
            after = set(merged.memberships.get(work_id, ()))
            if work_id not in self.old.works:
                self.changes.append(Change("added", work_id, f"{work.title} (in {', '.join(sorted(after))})"))
            elif before != after:
                moves = [f"-{s}" for s in sorted(before - after)] + [f"+{s}" for s in sorted(after - before)]
                self.changes.append(Change("moved", work_id, " ".join(moves)))
        for section in merged.walk():
            old = self.old.sections.get(section.id)
            if old is None:
                continue
            common_old = [w for w in old.works if w in section.works]
            common_new = [w for w in section.works if w in old.works]
            if common_old != common_new:
                self.changes.append(Change("reordered", section.id, "the list's order"))


def merge_list(existing: Catalog, imported: Catalog, *, prune: bool = False) -> MergeResult:
    """Merge an imported list into ``existing``; ``prune`` drops the works and sections the list no longer has."""
    merge = _Merge(existing, imported, prune)
    merge.merge_works()
    merged = merge.build(*merge.merge_sections())
    merge.report_memberships(merged)
    order = ("added", "removed", "not in list", "title", "moved", "links", "reordered", "new section", "section gone")
    changes = sorted(merge.changes, key=lambda c: order.index(c.kind) if c.kind in order else len(order))
    return MergeResult(merged, tuple(changes))
