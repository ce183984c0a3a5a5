"""Filled fields written into a catalog's TOML text work by work, keeping everything else as it was (pure).

Re-serialising the catalog would drop its comments (the bundled one keeps the
evidence for facts in comments) and reflow its layout, so each work's
``[[works]]`` block is found in the text and edited where it is: a field it
lacks is added at the end of the block, a field it has (with ``overwrite``) is
replaced where it stands. Each written field gets a comment line above it
naming where it came from::

    # enriched: authors <- http://export.arxiv.org/api/query?id_list=2401.00101&max_results=1
    authors = ["Ann Arbor", "Bo Bell"]

A block belongs to a work by its ``id = "..."`` line. The caller checks the
result with the catalog's own validation before writing it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from aligntui.catalog.toml_writer import toml_string
from aligntui.enrich.fill import Fill, Plan

__all__ = ["ENRICHED", "apply_plans", "render_value"]

ENRICHED = "# enriched: {field} <- {source}"
"""The comment above each field enrich writes."""

_WORKS = re.compile(r"^\s*\[\[\s*works\s*\]\]\s*(#.*)?$")
_HEADER = re.compile(r"^\s*\[")
_ID = re.compile(r"""^\s*id\s*=\s*(?:"([^"\\]*)"|'([^']*)')""")
_INLINE_WIDTH = 90


def render_value(field: str, value: str | int | tuple[str, ...]) -> list[str]:
    """The TOML lines of one field: a string, integer, boolean or list of strings (one line if short)."""
    if isinstance(value, bool):
        return [f"{field} = {'true' if value else 'false'}"]
    if isinstance(value, int):
        return [f"{field} = {value}"]
    if isinstance(value, str):
        return [f"{field} = {toml_string(value)}"]
    items = [toml_string(item) for item in value]
    one_line = f"{field} = [{', '.join(items)}]"
    if len(one_line) <= _INLINE_WIDTH:
        return [one_line]
    return [f"{field} = ["] + [f"  {item}," for item in items] + ["]"]


def _comment(fill: Fill) -> str:
    source = re.sub(r"[\x00-\x1f\x7f-\x9f\s]", "?", fill.source)  # one line, whatever a service sent
    return ENRICHED.format(field=fill.field, source=source)


def _blocks(lines: list[str]) -> dict[str, tuple[int, int]]:
    """Each work id and its block: (index of the ``[[works]]`` line, index after its last key line)."""
    found: dict[str, tuple[int, int]] = {}
    starts = [i for i, line in enumerate(lines) if _WORKS.match(line)]
    for start in starts:
        end = next((i for i in range(start + 1, len(lines)) if _HEADER.match(lines[i])), len(lines))
        while end > start + 1 and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
            end -= 1  # blank lines and comments before the next table belong to it
        for line in lines[start + 1 : end]:
            match = _ID.match(line)
            if match:
                found.setdefault(match.group(1) or match.group(2) or "", (start, end))
                break
    return found


def _key_span(lines: list[str], start: int, end: int, key: str) -> tuple[int, int] | None:
    """Where ``key = ...`` stands in a block (a multi-line array included), with an enriched comment above it."""
    pattern = re.compile(rf"^\s*{re.escape(key)}\s*=")
    for i in range(start + 1, end):
        if pattern.match(lines[i]):
            last = i
            value = lines[i].split("=", 1)[1].strip()
            if value.startswith("[") and "]" not in value:
                last = next((j for j in range(i + 1, end) if lines[j].strip().startswith("]")), i)
            first = i - 1 if lines[i - 1].lstrip().startswith(f"# enriched: {key} <-") else i
            return first, last + 1
    return None


def _edit_block(lines: list[str], start: int, end: int, fills: Sequence[Fill]) -> list[str]:
    """The block's lines with every fill written."""
    block = lines[start:end]
    for fill in fills:
        span = _key_span(block, 0, len(block), fill.field)
        if fill.field == "authors_complete" and fill.value is True:
            new: list[str] = []  # complete is the default: the line goes
        else:
            new = [_comment(fill), *render_value(fill.field, fill.value)]
        if span is None:
            block.extend(new)
        else:
            block[span[0] : span[1]] = new
    return block


def apply_plans(text: str, plans: Sequence[Plan]) -> tuple[str, list[str]]:
    """The catalog text with every plan's fills written, and the ids of works whose block was not found."""
    lines = text.splitlines()
    blocks = _blocks(lines)
    missing = [plan.work_id for plan in plans if plan.fills and plan.work_id not in blocks]
    edits = sorted(
        ((blocks[plan.work_id], plan.fills) for plan in plans if plan.fills and plan.work_id in blocks), reverse=True
    )
    for (start, end), fills in edits:
        lines[start:end] = _edit_block(lines, start, end, fills)
    ending = "\n" if text.endswith("\n") or not text else ""
    return "\n".join(lines) + ending, missing
