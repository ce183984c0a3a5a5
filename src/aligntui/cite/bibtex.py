"""BibTeX entries for catalog works, with LaTeX escaping and name handling (pure).

Every entry compiles under pdflatex with plain, plainnat (with or without the
url package), IEEEtran, natbib + hyperref's backref, and biblatex + biber
(``benchmarks/latex_check.py`` checks): the ``url`` field holds a URL with no
``%`` or ``#`` (``portable_url``; hyperref's backref reads the entry as a macro
argument), ``BIBTEX_PREAMBLE`` gives styles that print ``url`` without the url
package a ``\\url`` that reads ``_``, ``&`` and ``~``, accented letters are
spelt ``{\\'i}`` (biber decodes ``{\\'\\i}`` to a letter pdflatex cannot set), and
words whose case must be kept are braced part by part (``aligntui.catalog.titlecase``).
An incomplete author list ends in "and others".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from aligntui.catalog.names import split_name
from aligntui.catalog.titlecase import title_tokens

if TYPE_CHECKING:
    from aligntui.catalog.model import Work

__all__ = [
    "BIBTEX_PREAMBLE",
    "bibtex_export",
    "bibtex_url",
    "cite_key",
    "portable_url",
    "to_bibtex",
    "to_bibtex_many",
    "unique_works",
]


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


def _latex_accent(char: str) -> str | None:
    """``{\\"o}`` for ö, ``{\\v{c}}`` for č; None when the letter has no accent-command spelling."""
    decomposed = unicodedata.normalize("NFD", char)
    base, marks = decomposed[0], decomposed[1:]
    if not marks or not base.isascii() or not base.isalpha() or any(m not in _LATEX_ACCENTS for m in marks):
        return None
    # A plain i under the accent, not \\i: biber turns {\\'\\i} into a dotless i and a combining accent,
    # which pdflatex cannot typeset, while LaTeX's OT1 and T1 encodings both compose \\'i correctly.
    inner = base
    for mark in marks:
        command = _LATEX_ACCENTS[mark]
        braced = command.isalpha() or inner != base
        inner = f"\\{command}{{{inner}}}" if braced else f"\\{command}{inner}"
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


def _bibtex_title(title: str, keep_case: Sequence[str] = ()) -> str:
    """The title escaped, each part whose case must be kept (``aligntui.catalog.titlecase``) in braces."""
    pieces: list[str] = []
    for token in title_tokens(title, keep_case):
        parts = [f"{{{_latex(part.text)}}}" if part.keep else _latex(part.text) for part in token.parts]
        pieces.append(_latex(token.lead) + "-".join(parts) + _latex(token.trail))
    return " ".join(pieces)


_RAW_LETTERS = re.compile(r"[^\x00-\x7f]+")


def _bibtex_name(author: str) -> str:
    """One author as BibTeX wants it: "Family, Given", "{Corporate}" or a comma form as written."""
    name = split_name(author)
    if name.literal:
        return "{" + _latex(name.family) + "}"
    parts = [part for part in (name.family, name.suffix, name.given) if part]
    # Styles that abbreviate given names (IEEEtran) cut raw UTF-8 letters byte by byte; a "special character"
    # ({\relax ...}, Patashnik, BibTeXing, section 4) is kept whole.
    return _RAW_LETTERS.sub(r"{\\relax \g<0>}", _latex(", ".join(parts)))


def _bibtex_authors(work: Work) -> str:
    names = [_bibtex_name(author) for author in work.authors]
    if names and not work.authors_complete:
        names.append("others")
    return " and ".join(names)


def _verbatim(value: str) -> str:
    """A DOI for a verbatim field: raw, with braces and backslashes percent-encoded."""
    return value.replace("\\", "%5C").replace("{", "%7B").replace("}", "%7D").replace(" ", "%20")


_UNRESERVED_ESCAPE = re.compile(r"%(2[DdEe]|3[0-9]|4[1-9A-Fa-f]|5[0-9Aa]|5[Ff]|6[1-9A-Fa-f]|7[0-9Aa]|7[Ee])")
_PORTABLE_URL = re.compile(r"^https?://[A-Za-z0-9\-._~:/?=&+,;@!'()*]+$")


def portable_url(url: str) -> str | None:
    """The URL in a form every BibTeX setup prints, or None when it has none.

    Percent-escapes of unreserved characters are decoded (equivalent by RFC 3986,
    section 6.2.2.2) and the fragment is dropped; a ``%`` or ``#`` that remains
    would end hyperref's backref argument or start a comment in the .bbl.
    """
    url = _UNRESERVED_ESCAPE.sub(lambda match: chr(int(match[1], 16)), url.partition("#")[0])
    return url if _PORTABLE_URL.match(url) else None


def bibtex_url(work: Work) -> str | None:
    """The URL of the BibTeX entry: the citation URL, else the first link or source that is portable."""
    candidates = [work.citation_url, *(link.clean_url for link in work.links), work.source]
    return next((url for url in map(portable_url, filter(None, candidates)) if url), None)


BIBTEX_PREAMBLE = (
    r'@preamble{"\providecommand{\url}{\begingroup\catcode`\_=12 \catcode`\&=12 \catcode`\~=12 \aligntuiurl}'
    r'\providecommand{\aligntuiurl}[1]{\texttt{#1}\endgroup}"}'
)
"""Gives styles that print ``url`` without the url package (plainnat, IEEEtran) a ``\\url`` that
reads ``_``, ``&`` and ``~`` as text, as the url package would; with url, hyperref or biblatex it does nothing."""


def _misc_how(work: Work, venue: str | None) -> str | None:
    """What @misc prints as ``howpublished``: arXiv's id as Google Scholar writes it, a venue or the site."""
    if work.arxiv:
        return f"arXiv preprint arXiv:{work.arxiv}"
    if work.type == "paper" and venue:
        return venue
    return _latex(work.publisher) if work.publisher else None


def _bibtex_fields(work: Work) -> tuple[str, list[tuple[str, str]]]:
    """The entry type and the (field, value) pairs of a work, values already in BibTeX form."""
    venue = _latex(work.venue) if work.venue else None
    title = _bibtex_title(work.title, work.keep_case)
    fields: list[tuple[str, str | None]] = [("title", title), ("author", _bibtex_authors(work))]
    publisher = _latex(work.publisher) if work.publisher else None
    if work.booktitle:
        kind = "inproceedings"
        fields.append(("booktitle", _latex(work.booktitle)))
    elif work.journal:
        kind = "article"
        fields.append(("journal", _latex(work.journal)))
    elif work.type == "book":
        kind = "book"
    else:
        kind = "misc"
        fields.append(("howpublished", _misc_how(work, venue)))
        publisher = publisher if work.arxiv or work.type == "paper" else None
    pages = re.sub("[-\u2013]+", "--", work.pages) if work.pages else None
    # In @inproceedings, "number" is a number in a series, and plain warns beside a volume: an issue is for articles.
    number = _latex_or_none(work.number) if kind == "article" else None
    fields += [("volume", _latex_or_none(work.volume)), ("number", number), ("pages", pages)]
    fields.append(("publisher", publisher))
    year = work.published_year
    fields.append(("year", str(year) if year is not None else None))
    if kind == "misc" and work.arxiv and venue and not venue.lower().startswith("arxiv"):
        fields.append(("note", venue))
    fields.append(("doi", _verbatim(work.doi) if work.doi else None))
    if work.arxiv:
        fields += [("eprint", work.arxiv), ("archivePrefix", "arXiv")]
    fields.append(("url", bibtex_url(work)))
    return kind, [(key, value) for key, value in fields if value]


def _latex_or_none(value: str | None) -> str | None:
    return _latex(value) if value else None


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


def bibtex_export(works: Iterable[Work]) -> str:
    """A whole .bib file: ``BIBTEX_PREAMBLE``, then each work's entry once; ends with a newline."""
    entries = to_bibtex_many(works)
    return BIBTEX_PREAMBLE + "\n\n" + entries + "\n" if entries else BIBTEX_PREAMBLE + "\n"
