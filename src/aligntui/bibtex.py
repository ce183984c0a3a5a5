"""BibTeX entries for catalog works, with LaTeX escaping and name handling (pure).

``url`` and ``doi`` are verbatim fields (url package, biblatex), so they are
written raw, with only braces, backslashes and spaces percent-encoded; the
``\\url`` inside ``howpublished`` is not verbatim and has ``%`` and ``#`` escaped.
An incomplete author list ends in "and others".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import TYPE_CHECKING

from aligntui.names import split_name

if TYPE_CHECKING:
    from aligntui.catalog import Work

__all__ = ["cite_key", "to_bibtex", "to_bibtex_many", "unique_works"]


# --- BibTeX --------------------------------------------------------------------

# Braces must stay balanced for BibTeX even when escaped, so "{" and "}" become text commands.
_LATEX_SPECIALS = {
    "\\": r"{\textbackslash}",
    "{": r"{\textbraceleft}",
    "}": r"{\textbraceright}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"{\textasciitilde}",
    "^": r"{\textasciicircum}",
    "<": r"{\textless}",
    ">": r"{\textgreater}",
    "|": r"{\textbar}",
}
_LATEX_LETTERS = {
    "ß": r"{\ss}", "ø": r"{\o}", "Ø": r"{\O}", "ł": r"{\l}", "Ł": r"{\L}", "æ": r"{\ae}", "Æ": r"{\AE}",
    "œ": r"{\oe}", "Œ": r"{\OE}", "å": r"{\aa}", "Å": r"{\AA}", "\u0131": r"{\i}", "\u0237": r"{\j}",
    "\u2013": "--", "\u2014": "---", "\u2018": "`", "\u2019": "'", "\u201c": "``", "\u201d": "''",
    "\u00a0": "~", "\u2026": r"{\ldots}",
}  # fmt: skip
_LATEX_ACCENTS = {
    "\u0300": "`", "\u0301": "'", "\u0302": "^", "\u0303": "~", "\u0304": "=", "\u0306": "u",
    "\u0307": ".", "\u0308": '"', "\u030a": "r", "\u030b": "H", "\u030c": "v", "\u0323": "d",
    "\u0327": "c", "\u0328": "k", "\u0331": "b",
}  # fmt: skip
_MARKS_BELOW = frozenset("\u0323\u0327\u0328\u0331")


def _latex_accent(char: str) -> str | None:
    """``{\\"o}`` for ö, ``{\\v{c}}`` for č; None when the letter has no accent-command spelling."""
    decomposed = unicodedata.normalize("NFD", char)
    base, marks = decomposed[0], decomposed[1:]
    if not marks or not base.isascii() or not base.isalpha() or any(m not in _LATEX_ACCENTS for m in marks):
        return None
    inner = "\\" + base if base in "ij" and not _MARKS_BELOW.issuperset(marks) else base
    for mark in marks:
        command = _LATEX_ACCENTS[mark]
        if command.isalpha() or inner not in (base, "\\i", "\\j"):
            inner = f"\\{command}{{{inner}}}"
        else:
            inner = f"\\{command}{inner}"
    return "{" + inner + "}"


def _latex(text: str) -> str:
    """Escape LaTeX specials and spell accented letters as commands; other non-ASCII stays UTF-8."""
    out: list[str] = []
    for char in unicodedata.normalize("NFC", " ".join(text.split())):
        if char in _LATEX_SPECIALS:
            out.append(_LATEX_SPECIALS[char])
        elif char.isascii():
            out.append(char)
        elif char in _LATEX_LETTERS:
            out.append(_LATEX_LETTERS[char])
        else:
            out.append(_latex_accent(char) or char)
    return "".join(out)


_WORD = re.compile(r"^(\W*)(.*?)(\W*)$", re.DOTALL)


def _needs_protection(word: str) -> bool:
    """Whether BibTeX styles must not change this word's case (ChatGPT, LLaMA, GLM-130B, T5)."""
    has_upper = any(c.isupper() for c in word)
    return any(c.isupper() for c in word[1:]) or (has_upper and any(c.isdigit() for c in word))


def _bibtex_title(title: str) -> str:
    """The title escaped, with case-sensitive words protected by braces."""
    pieces: list[str] = []
    for token in " ".join(title.split()).split(" "):
        match = _WORD.match(token)
        assert match is not None  # the pattern matches every string
        lead, word, trail = match.groups()
        if _needs_protection(word):
            pieces.append(f"{_latex(lead)}{{{_latex(word)}}}{_latex(trail)}")
        else:
            pieces.append(_latex(token))
    return " ".join(pieces)


def _bibtex_name(author: str) -> str:
    """One author as BibTeX wants it: "Family, Given", "{Corporate}" or a comma form as written."""
    text = " ".join(author.split())
    name = split_name(text)
    if name.literal:
        return "{" + _latex(name.family) + "}"
    if "," in text:
        return _latex(text)
    parts = [part for part in (name.family, name.suffix, name.given) if part]
    return _latex(", ".join(parts))


def _bibtex_authors(work: Work) -> str:
    names = [_bibtex_name(author) for author in work.authors]
    if names and not work.authors_complete:
        names.append("others")
    return " and ".join(names)


def _verbatim(value: str) -> str:
    """A URL or DOI for a verbatim field: raw, with braces and backslashes percent-encoded."""
    return value.replace("\\", "%5C").replace("{", "%7B").replace("}", "%7D").replace(" ", "%20")


def _bibtex_fields(work: Work) -> tuple[str, list[tuple[str, str]]]:
    """The entry type and the (field, value) pairs of a work, values already in BibTeX form."""
    url = _verbatim(work.citation_url) if work.citation_url else None
    venue = _latex(work.venue) if work.venue else None
    fields: list[tuple[str, str | None]] = [("title", _bibtex_title(work.title)), ("author", _bibtex_authors(work))]
    if work.booktitle:
        kind = "inproceedings"
        fields.append(("booktitle", _latex(work.booktitle)))
    elif work.journal:
        kind = "article"
        fields.append(("journal", _latex(work.journal)))
    elif work.type == "book":
        kind = "book"
    elif work.arxiv:
        kind = "misc"
    else:
        kind = "misc"
        # howpublished is an ordinary field: the \url inside it lands in a macro argument
        # of the .bbl, where an unescaped % starts a comment and # is a parameter.
        howpublished = "\\url{" + url.replace("%", "\\%").replace("#", "\\#") + "}" if url else None
        fields.append(("howpublished", venue if work.type == "paper" and venue else howpublished))
    fields.append(("publisher", _latex(work.publisher) if work.publisher else None))
    year = work.published_year
    fields.append(("year", str(year) if year is not None else None))
    if kind == "misc" and work.arxiv and venue and not venue.lower().startswith("arxiv"):
        fields.append(("note", venue))
    fields.append(("doi", _verbatim(work.doi) if work.doi else None))
    if work.arxiv:
        fields += [("eprint", work.arxiv), ("archivePrefix", "arXiv")]
    fields.append(("url", url))
    return kind, [(key, value) for key, value in fields if value]


def to_bibtex(work: Work) -> str:
    """One BibTeX entry for a work, keyed by its id."""
    kind, fields = _bibtex_fields(work)
    lines = [f"@{kind}{{{work.id},"]
    lines += [f"  {key} = {{{value}}}," for key, value in fields]
    lines.append("}")
    return "\n".join(lines)


def unique_works(works: Iterable[Work]) -> list[Work]:
    """The works in order, each once (by id)."""
    seen: dict[str, Work] = {}
    for work in works:
        seen.setdefault(work.id, work)
    return list(seen.values())


def to_bibtex_many(works: Iterable[Work]) -> str:
    """BibTeX entries for several works, each once, separated by a blank line."""
    return "\n\n".join(to_bibtex(work) for work in unique_works(works))


def cite_key(work: Work) -> str:
    """The LaTeX citation command for a work."""
    return f"\\cite{{{work.id}}}"
