"""The words around a title in a paper list: author names, venue, year and dates (pure, no Textual).

Lists write authors as ``A. Smith, B. Jones and C. Lee``, ``Smith et al.``,
``Smith, Ann, Bo Bell, and Cy Cole`` (the first author family name first, as
in MLA bibliographies) or ``王芳、陈静`` (CJK names with the ideographic
comma); a venue as ``NeurIPS 2022``, ``(NeurIPS 2022)`` or ``arXiv preprint
arXiv:2401.00001 (2024)``; a date as ``2023``, ``(2015)`` or ``23.05``
(two-digit year and month, common in Chinese-language lists).
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "ET_AL",
    "YEAR",
    "clean",
    "looks_like_names",
    "names_span",
    "parse_authors",
    "short_date_year",
    "split_venue",
]

YEAR = re.compile(r"(?<![\d.])(1[89]\d\d|20\d\d)(?![\d.])")
ET_AL = re.compile(r"\s*,?\s*(?:et\s*al\.?|等)\s*$", re.I)
_NOT_A_LINK = re.compile(r"\[+[^\]\n]*\]+\([^)\n]*\)")
_SEPARATORS = ' \t-–—:|,.;[(/"“”„'
_NAME_SPLIT = re.compile(r",|;|、|，|\s+and\s+|\s+&\s+")
_SHORT_DATE = re.compile(r"^\s*(\d\d)[.\-/](0[1-9]|1[0-2])\s*$")


def clean(text: str) -> str:
    """Spaces collapsed; separators, emphasis marks and unmatched brackets taken off both ends."""
    text = " ".join(text.split()).strip(_SEPARATORS + "*_").strip()
    while text.endswith(")") and text.count(")") > text.count("("):
        text = text[:-1].rstrip(_SEPARATORS + "*_")
    while text.startswith("(") and text.endswith(")") and text.count("(") == 1:
        text = text[1:-1].strip()
    return text


def short_date_year(text: str) -> int | None:
    """The year of a ``YY.MM`` date (``23.05`` is 2023), or None; a two-digit year is taken as 20YY."""
    match = _SHORT_DATE.match(text)
    return 2000 + int(match.group(1)) if match else None


def _is_cjk(char: str) -> bool:
    return unicodedata.category(char) == "Lo" and "CJK" in unicodedata.name(char, "")


def _name_start(part: str) -> bool:
    """A name starts with a capital letter or a CJK ideograph."""
    return part[:1].isupper() or (bool(part) and _is_cjk(part[0]))


def parse_authors(text: str, *, inverted_first: bool = False) -> tuple[tuple[str, ...], bool]:
    """Author names from ``A, B and C``, ``Sanh et al.`` or ``王芳、陈静``; the flag is False when "et al.".

    With ``inverted_first`` (a byline written before a quoted title, as MLA
    bibliographies do), ``Family, Given, Given Family...`` gives ``Given Family``
    first: one word, then one or two words, then names of two words or more.
    """
    text = " ".join(text.split()).strip(" .;,")
    complete = not ET_AL.search(text)
    text = ET_AL.sub("", text)
    names = [n.strip(" .;,") for n in _NAME_SPLIT.split(text)]
    names = [n.removeprefix("and ").strip() for n in names if n.strip(" .;,")]
    first_two = (
        len(names) >= 2 and len(names[0].split()) == 1 and names[0][:1].isupper() and 1 <= len(names[1].split()) <= 2
    )
    if inverted_first and first_two and all(len(n.split()) >= 2 for n in names[2:]):
        names = [f"{names[1]} {names[0]}", *names[2:]]
    return tuple(names), complete


def looks_like_names(text: str) -> bool:
    """``A. Smith, B. Jones``, ``Smith et al.`` or ``王芳、陈静``: names separated by commas, or "et al."."""
    if ET_AL.search(text):
        return bool(ET_AL.sub("", text).strip())
    parts = [p.strip() for p in re.split(r",|、|，|\s+and\s+", text) if p.strip()]
    return len(parts) >= 2 and all(_name_start(p) and len(p.split()) <= 4 for p in parts) and not YEAR.search(text)


def names_span(text: str) -> bool:
    """A span that reads as authors: ``Sanh et al.``, ``A. B, C. D``, ``Pew Research Center``; not ``EMNLP``."""
    words = clean(text).split()
    if looks_like_names(clean(text)):
        return True
    if len(words) == 1 and sum(c.isupper() for c in words[0]) >= 3:
        return False  # an acronym such as EMNLP or NeurIPS, not a family name
    return 1 <= len(words) <= 4 and all(w[:1].isupper() for w in words)


_SMALL_WORDS = frozenset({"of", "in", "on", "and", "for", "the", "at", "&"})


def _reads_as_name(text: str) -> bool:
    """``AAAI``, ``Nature Machine Intelligence``, ``Findings of EMNLP``: at most five words, capitalised."""
    words = text.split()
    return len(words) <= 5 and all(w[:1].isupper() or w[:1].isdigit() or w in _SMALL_WORDS for w in words)


def split_venue(text: str) -> tuple[str, int | None, str]:
    """``(venue, year, leftover)`` from what follows the title: ``arXiv 2021.`` gives ``("arXiv", 2021, "")``.

    A remainder longer than six words or holding a URL is not a venue, and
    without a year neither is one that reads as a sentence rather than a name
    (``A fast tool.``); it is returned as leftover, to keep as a note.
    ``(NeurIPS 2022)`` is ``NeurIPS 2022``; ``arXiv preprint arXiv:2401.00001`` is ``arXiv``.
    """
    text = clean(_NOT_A_LINK.sub(" ", text).replace("[", " ").replace("]", " "))
    text = re.sub(r"\(\s*((?:1[89]|20)\d\d)\s*\)", r"\1", text)
    years = list(YEAR.finditer(text))
    year = int(years[-1].group(1)) if years else None
    without_year = clean(YEAR.sub(" ", text)) if years else text
    if not without_year:
        return "", year, ""
    if re.match(r"(?i)^(arxiv|corr|preprint)\b", without_year) and len(without_year.split()) <= 4:
        return "arXiv", year, ""
    if "://" in text or len(without_year.split()) > 6:
        return "", year, text
    if year is None and not _reads_as_name(without_year):
        return "", None, text
    return clean(text), year, ""
