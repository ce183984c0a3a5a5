"""Which sections lead to the matched works, and which of their works to show (pure).

Every section keeps the set of works under it as a bit mask over the works'
positions, so counting the matches of every section is one ``&`` and one
``bit_count`` each: microseconds, where walking 100,000 works per keystroke
took a tenth of a second. A section's matched works are listed only when the
tree opens it.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence

from aligntui.catalog import Catalog

__all__ = ["FilteredView", "SectionMasks", "prune"]


def _mask(positions: Iterable[int], size: int) -> int:
    bits = bytearray((size + 7) // 8)
    for position in positions:
        bits[position >> 3] |= 1 << (position & 7)
    return int.from_bytes(bits, "little")


class SectionMasks:
    """The works under each section of a catalog, as bit masks; built once."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.position: dict[str, int] = {work_id: i for i, work_id in enumerate(catalog.works)}
        size = len(self.position)
        self.masks: dict[str, int] = {}
        for section in reversed(list(catalog.walk())):  # children before their parent
            own = _mask((self.position[w] for w in section.works), size)
            for child in section.children:
                own |= self.masks[child]
            self.masks[section.id] = own

    def totals(self) -> dict[str, int]:
        """How many distinct works each section holds, its sub-sections included."""
        return {section_id: mask.bit_count() for section_id, mask in self.masks.items()}

    def counts(self, positions: Iterable[int]) -> dict[str, int]:
        """For each section leading to a matched work, how many distinct matched works it holds."""
        matched = _mask(positions, len(self.position))
        found = {section_id: (mask & matched).bit_count() for section_id, mask in self.masks.items()}
        return {section_id: count for section_id, count in found.items() if count}


class FilteredView:
    """What the tree shows for one result: counts now, a section's works when it opens."""

    def __init__(self, masks: SectionMasks, positions: Sequence[int], ranked: bool = False) -> None:
        self._masks = masks
        self._matched: Collection[int] = frozenset(positions)
        self._rank = {p: r for r, p in enumerate(positions)} if ranked else None
        self.counts = masks.counts(positions)
        self._works: dict[str, list[str]] = {}

    def works(self, section_id: str) -> list[str]:
        """The matched works listed in a section, in its order (best first after fuzzy matching)."""
        found = self._works.get(section_id)
        if found is None:
            position = self._masks.position
            found = [w for w in self._masks.catalog.sections[section_id].works if position[w] in self._matched]
            if self._rank is not None:
                rank = self._rank
                found.sort(key=lambda w: rank[position[w]])
            self._works[section_id] = found
        return found


def prune(catalog: Catalog, work_ids: Iterable[str]) -> dict[str, int]:
    """For each section leading to one of ``work_ids``, how many of them it holds (distinct)."""
    masks = SectionMasks(catalog)
    return masks.counts(masks.position[w] for w in work_ids)
