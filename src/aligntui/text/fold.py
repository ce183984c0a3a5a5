"""Case- and accent-insensitive text folding with a map back to the original (pure)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

__all__ = ["fold", "fold_with_map", "highlight_spans", "title_key"]

# Letters that Unicode does not decompose into a base letter and a mark.
_SPECIAL = {
    "ð": "d", "đ": "d", "ø": "o", "ł": "l", "ß": "ss", "æ": "ae", "œ": "oe",
    "þ": "th", "ı": "i", "ħ": "h", "ŋ": "n",
}  # fmt: skip


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    lower = char.lower()
    if lower in _SPECIAL:
        return _SPECIAL[lower]
    if lower.isascii():
        return lower
    decomposed = unicodedata.normalize("NFKD", lower)
    base = "".join(c for c in decomposed if not unicodedata.combining(c))
    return base.casefold()


class _FoldTable(dict[int, str]):
    """``str.translate``'s table for ``fold``: each code point's folded form, worked out when first met."""

    def __missing__(self, code: int) -> str:
        folded = _fold_char(chr(code))
        if len(self) < _TABLE_SIZE:  # a text of endless distinct characters cannot grow it without bound
            self[code] = folded
        return folded


_TABLE_SIZE = 1 << 16


_FOLDED = _FoldTable()


def fold(text: str) -> str:
    """Lower-case ``text`` and strip accents: ``Sigurðsson`` becomes ``sigurdsson``."""
    if text.isascii():
        return text.lower()
    return text.translate(_FOLDED)  # each character as _fold_char folds it, in C once the table knows it


def fold_with_map(text: str) -> tuple[str, list[int]]:
    """Fold ``text`` and return, for each folded character, its index in ``text``."""
    if text.isascii():
        return text.lower(), list(range(len(text)))
    out: list[str] = []
    where: list[int] = []
    for index, char in enumerate(text):
        folded = _fold_char(char)
        out.append(folded)
        where.extend([index] * len(folded))
    return "".join(out), where


def highlight_spans(text: str, words: Sequence[str]) -> list[tuple[int, int]]:
    """Character spans of ``text`` where any folded word occurs, merged and sorted."""
    if not words:
        return []
    folded, where = fold_with_map(text)
    spans: list[tuple[int, int]] = []
    for word in words:
        if not word:
            continue
        start = folded.find(word)
        while start != -1:
            end = start + len(word)
            spans.append((where[start], where[end - 1] + 1))
            start = folded.find(word, end)
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


_NOT_LETTER_OR_DIGIT = re.compile(r"[\W_]+")


def title_key(text: str) -> str:
    """A title reduced for telling works apart: the one rule every comparison of titles uses.

    Folded as ``fold`` folds (case, accents, ``ð`` as ``d``), backslashes and the
    dotless j of LaTeX's ``{\\j}`` undone, then only letters and digits, with no
    spaces, so ``Zero-Shot``, ``zero shot`` and ``zeroshot`` are one key and
    ``90\\%*`` is ``90``. Returns ``""`` for a title with no letter or digit.
    """
    return _NOT_LETTER_OR_DIGIT.sub("", fold(text.replace("\\", "")).replace("\u0237", "j"))
