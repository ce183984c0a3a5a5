"""A BibTeX reader that finds each entry's key, line, fields, DOI, arXiv id and title as BibTeX and biber do (pure).

It reads entries delimited by braces or parentheses, values in braces,
quotes, numbers or ``@string`` macros joined with ``#``; ``@string`` macros are
expanded (each value bounded by ``MAX_VALUE`` characters and all of them by
``MAX_MACROS``, so macros built from each other cannot exhaust memory),
``@preamble`` and ``@comment`` skipped. Line ends may be LF, CRLF or CR (old
Mac), and a leading byte-order mark is ignored.

BibTeX and biber disagree on two things, and an entry either of them reads
holds its key (BibTeX reports a second entry with that key as "Repeated
entry" and keeps the first; Patashnik, *BibTeXing*, 1988, and ``bibtex.web``,
which compares keys ignoring case):

- ``%`` is no comment to BibTeX: outside entries it skips text only up to the
  next ``@``, so ``%@article{key, ...}`` is an entry; biber skips the line.
- ``@comment`` makes BibTeX skip only that word, so an entry inside
  ``@comment{...}`` is read; biber skips the braces.

Such entries are returned with ``only = "bibtex"``; a broken one keeps the
fields read before the break (BibTeX has stored its key by then). BibTeX
also never reads the rest of the file's last line after an entry ends
there; an entry it so skips is returned with ``only = "biber"`` (it holds its
key: the next append adds a line, and BibTeX then reads it). An ``@``
in free text (an e-mail address) is refused unless a ``%`` comes before it
on its line: biber stops there with a syntax error and reads no entry of
the file (checked with biber 2.18). Anything else that cannot be an entry raises
``BibError`` with the file and line.
Nothing here writes; ``aligntui.personal.bibfile`` does.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from aligntui.personal.errors import BibError
from aligntui.text.fold import title_key

__all__ = [
    "ARXIV_DOI",
    "MAX_MACROS",
    "MAX_VALUE",
    "BibEntry",
    "BibError",
    "count_names",
    "normalise_arxiv",
    "normalise_doi",
    "normalise_title",
    "parse_bib",
    "split_names",
]

MAX_VALUE = 100_000
"""The longest field or ``@string`` value read, in characters; a longer one is a ``BibError``."""
MAX_MACROS = 1_000_000
"""The most characters all ``@string`` macros of a file may hold together."""


@dataclass(frozen=True, slots=True)
class BibEntry:
    """One entry: its key, lower-cased type, first line (from 1) and fields (lower-cased names, macros expanded).

    ``only`` is ``"bibtex"`` for an entry BibTeX reads and biber skips (after
    ``%`` on its line, or inside ``@comment``), ``"biber"`` for one biber reads
    and BibTeX skips (after another on the file's last line), else empty.
    """

    key: str
    type: str
    line: int
    fields: Mapping[str, str] = field(default_factory=dict)
    only: str = ""

    @property
    def where(self) -> str:
        """Why only BibTeX reads the entry, for messages; empty when both read it."""
        if self.only == "bibtex":
            return "after % or inside @comment: bibtex still reads it (so its key is taken), biber skips it"
        if self.only == "biber":
            return "after another entry on the file's last line: bibtex skips it until a line follows, biber reads it"
        return ""

    @property
    def doi(self) -> str | None:
        """The DOI, lower-cased and without a resolver prefix, from ``doi`` or a doi.org URL."""
        found = normalise_doi(self.fields.get("doi", ""))
        if found:
            return found
        for name in ("url", "howpublished", "note"):
            match = _DOI_URL.search(self.fields.get(name, ""))
            if match:
                return normalise_doi(match.group(1))
        return None

    @property
    def arxiv(self) -> str | None:
        """The arXiv id without version, from ``eprint``, ``arxiv``/``arxivid``, an arxiv.org URL or ``arXiv:ID``."""
        prefix = self.fields.get("archiveprefix", self.fields.get("eprinttype", "arxiv"))
        doi = _DOI_PREFIX.sub("", self.fields.get("doi", "")).strip().lower()
        candidates = [self.fields.get("arxiv", ""), self.fields.get("arxivid", "")]
        if doi.startswith(ARXIV_DOI):
            candidates.append(doi[len(ARXIV_DOI) :])
        if prefix.strip().lower() == "arxiv":
            candidates.insert(0, self.fields.get("eprint", ""))
        for candidate in candidates:
            found = normalise_arxiv(candidate)
            if found:
                return found
        for value in self.fields.values():
            match = _ARXIV_MENTION.search(value)
            if match:
                return normalise_arxiv(match.group(1))
        return None

    @property
    def title(self) -> str:
        """The title normalised for comparison (``normalise_title``); empty when the entry has none."""
        return normalise_title(self.fields.get("title", ""))


_ARXIV_ID = r"(?:\d{4}\.\d{4,5}|[a-z][a-z.-]*(?:\.[a-z]{2})?/\d{7})(?:v\d+)?"
_ARXIV_ALONE = re.compile(rf"\s*(?:arxiv:\s*)?({_ARXIV_ID})\s*", re.IGNORECASE)
_ARXIV_MENTION = re.compile(rf"(?:arxiv\.org/(?:abs|pdf)/|arxiv:\s*)({_ARXIV_ID})", re.IGNORECASE)
_DOI_URL = re.compile(r"doi\.org/(10\.\S+)", re.IGNORECASE)
_DOI_PREFIX = re.compile(r"^\s*(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)


def normalise_arxiv(text: str) -> str | None:
    """An arXiv id as ``2203.02155`` (no version, lower case) when ``text`` is one, else None."""
    match = _ARXIV_ALONE.fullmatch(text)
    return re.sub(r"v\d+$", "", match.group(1).lower()) if match else None


def normalise_doi(text: str) -> str | None:
    """A DOI lower-cased (DOIs are case-insensitive) without ``https://doi.org/`` or ``doi:``; None if not one."""
    doi = _DOI_PREFIX.sub("", text).strip().rstrip(".").lower()
    return doi if doi.startswith("10.") and "/" in doi and not doi.startswith(ARXIV_DOI) else None


ARXIV_DOI = "10.48550/arxiv."
"""The DOI prefix arXiv gives its preprints (DBLP exports it): an arXiv id, not a publisher's DOI."""


_LATEX_LETTERS = {"ss": "ss", "o": "o", "O": "o", "l": "l", "L": "l", "ae": "ae", "AE": "ae", "oe": "oe",
                  "OE": "oe", "aa": "a", "AA": "a", "i": "i", "j": "j"}  # fmt: skip
_LATEX_COMMAND = re.compile(r"\\([A-Za-z]+)\s*|\\([^A-Za-z])")
_ACCENTS = frozenset("\"'`^~=.vuHckrdbt")
"""Accent commands (``\\"o``, ``\\v{c}``): they vanish and leave their letter; other commands leave a space."""


def _delatex(text: str) -> str:
    """LaTeX text as plain letters: ``Sch{\\"o}lkopf`` gives ``Scholkopf``, ``\\emph{x}`` gives ``x``."""

    def letter(match: re.Match[str]) -> str:
        name = match.group(1) or match.group(2)
        return _LATEX_LETTERS.get(name) or ("" if name in _ACCENTS else " ")

    return _LATEX_COMMAND.sub(letter, text).replace("{", "").replace("}", "").replace("~", " ")


def normalise_title(text: str, *, latex: bool = True) -> str:
    """A title for comparison: LaTeX undone (unless plain text), then ``aligntui.text.fold.title_key``."""
    return title_key(_delatex(text) if latex and ("\\" in text or "{" in text) else text)


_MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTHS = {name: str(number) for number, name in enumerate(_MONTH_NAMES, 1)}
_ENTRY_START = re.compile(r"@\s*([A-Za-z][\w:.+-]*)\s*([{(])")
_KEY = re.compile(r"[^\s,{}()\"#%'=]+")
_NAME = re.compile(r"[A-Za-z_][\w:.+-]*")
_WORD = re.compile(r"[\w:.+/-]+")
_SPACE = re.compile(r"(?:\s+|%[^\n]*)*")
_WHITE = re.compile(r"\s*")
_STRAY_AT = (
    "an '@' outside any entry (an e-mail address?): biber stops there with a syntax error and reads no entry "
    "of the file, and bibtex may skip the next entry; remove it, or start its line with %"
)
_AT_WORD = re.compile(r"@\s*(?:[A-Za-z][\w:.+-]*\s*)?")
_COMMANDS = ("comment", "preamble", "string")


class _Reader:
    """One pass over a .bib text (line ends already ``\\n``); ``run`` returns the entries.

    ``percent_comments``: whether ``%`` starts a comment (biber's reading) or
    is text (BibTeX's, for the entries only BibTeX reads).
    """

    def __init__(self, text: str, name: str, macros: dict[str, str] | None = None) -> None:
        self.text = text
        self.name = name
        self.pos = 0
        self.macros: dict[str, str] = dict(_MONTHS) if macros is None else macros
        self.macro_size = 0
        self.entries: list[BibEntry] = []
        self.starts: list[int] = []
        """Where each entry of ``entries`` starts (``run`` only)."""
        self.ends: list[int] = []
        """Where each entry, @string, @preamble and @comment biber reads ends."""
        self.spans: list[tuple[int, int]] = []
        """Where each entry, @string and @preamble biber reads starts and ends: BibTeX reads no entry inside."""
        self.percent_comments = True
        self._newlines = [i for i, c in enumerate(text) if c == "\n"]

    def line(self, pos: int) -> int:
        return bisect.bisect_right(self._newlines, pos - 1) + 1

    def fail(self, pos: int, message: str) -> BibError:
        return BibError(self.name, self.line(pos), message)

    def run(self) -> list[BibEntry]:
        text = self.text
        free_from = 0  # where the text outside entries began: a '%' inside the last entry's value is no comment
        while (at := text.find("@", self.pos)) >= 0:
            start = _ENTRY_START.match(text, at)
            line_start = text.rfind("\n", 0, at) + 1
            commented = "%" in text[max(line_start, free_from) : at]
            if start is None:
                if not commented:
                    raise self.fail(at, _STRAY_AT)
                # BibTeX takes the '@' for a command and stops at what follows its name: that point ends a
                # construct, for ``_mark_last_line``.
                self.ends.append(_AT_WORD.match(text, at).end())  # type: ignore[union-attr]  # matches "@" at least
                self.pos = at + 1
                continue
            if commented:
                self.pos = at + 1
                continue
            kind, opener = start.group(1).lower(), start.group(2)
            closer = "}" if opener == "{" else ")"
            self.pos = start.end()
            if kind == "comment":
                self.skip_body(at, closer, tolerant=True)
                free_from = self.pos
                self.ends.append(self.pos)
                continue
            if kind == "preamble":
                self.skip_body(at, closer, tolerant=False)
            elif kind == "string":
                self.read_string(at, closer)
            else:
                self.read_entry(at, kind, closer)
                self.starts.append(at)
            self.spans.append((at, self.pos))
            self.ends.append(self.pos)
            free_from = self.pos
        return self.entries

    def bibtex_only(self) -> list[BibEntry]:
        """The entries BibTeX reads where biber reads none: after ``%`` on a line, or inside ``@comment``."""
        found: list[BibEntry] = []
        text, spans, pos = self.text, sorted(self.spans), 0
        starts = [span[0] for span in spans]
        self.percent_comments = False
        for start in _ENTRY_START.finditer(text):
            at = start.start()
            inside = bisect.bisect_right(starts, at) - 1
            if at < pos or (inside >= 0 and spans[inside][0] <= at < spans[inside][1]):
                continue
            kind = start.group(1).lower()
            if kind in _COMMANDS:
                continue
            self.pos = start.end()
            before = len(self.entries)
            try:
                self.read_entry(at, kind, "}" if start.group(2) == "{" else ")")
            except _Broken as broken:
                self.entries.append(broken.entry)
            except BibError:
                pass  # no key: BibTeX stores nothing
            if len(self.entries) > before:
                entry = self.entries.pop()
                found.append(BibEntry(entry.key, entry.type, entry.line, entry.fields, "bibtex"))
            pos = self.pos
        return found

    def skip_space(self) -> None:
        pattern = _SPACE if self.percent_comments else _WHITE
        self.pos = pattern.match(self.text, self.pos).end()  # type: ignore[union-attr]  # matches empty too

    def skip_body(self, at: int, closer: str, *, tolerant: bool) -> None:
        depth, text = 0, self.text
        for index in range(self.pos, len(text)):
            char = text[index]
            if char == "{":
                depth += 1
            elif char == "}" and depth > 0:
                depth -= 1
            elif char == closer and depth == 0:
                self.pos = index + 1
                return
        if not tolerant:
            raise self.fail(at, f"this entry is never closed (no matching '{closer}')")
        self.pos = at + 1

    def expect(self, chars: str, message: str, at: int) -> str:
        self.skip_space()
        if self.pos < len(self.text) and self.text[self.pos] in chars:
            self.pos += 1
            return self.text[self.pos - 1]
        if self.pos >= len(self.text):
            raise self.fail(at, "this entry is never closed (the file ends inside it)")
        raise self.fail(self.pos, message)

    def read_string(self, at: int, closer: str) -> None:
        self.skip_space()
        name = _NAME.match(self.text, self.pos)
        if name is None:
            raise self.fail(self.pos, "@string without a macro name")
        self.pos = name.end()
        self.expect("=", f"expected '=' after the macro name {name.group()!r}", at)
        value = self.read_value(at)
        self.macro_size += len(value)
        if self.macro_size > MAX_MACROS:
            raise self.fail(at, f"the @string macros hold more than {MAX_MACROS:,} characters; aligntui stops here")
        self.macros[name.group().lower()] = value
        self.expect(closer, f"expected '{closer}' to close the @string that starts at line {self.line(at)}", at)

    def read_entry(self, at: int, kind: str, closer: str) -> None:
        self.skip_space()
        key = _KEY.match(self.text, self.pos)
        if key is None:
            raise self.fail(self.pos, f"@{kind} entry without a key")
        self.pos = key.end()
        fields: dict[str, str] = {}
        try:
            self._read_fields(at, key.group(), closer, fields)
        except BibError as error:
            if self.percent_comments:
                raise
            raise _Broken(BibEntry(key.group(), kind, self.line(at), fields)) from error
        self.entries.append(BibEntry(key.group(), kind, self.line(at), fields))

    def _read_fields(self, at: int, key: str, closer: str, fields: dict[str, str]) -> None:
        after = self.expect(closer + ",", f"expected ',' after the key {key!r}", at)
        while after == ",":
            self.skip_space()
            if self.text.startswith(closer, self.pos):
                self.pos += 1
                break
            name = _NAME.match(self.text, self.pos)
            if name is None:
                raise self.fail(self.pos, f"expected a field name or '{closer}' in the entry {key!r}")
            self.pos = name.end()
            self.expect("=", f"expected '=' after the field name {name.group()!r}", at)
            fields.setdefault(name.group().lower(), self.read_value(at))
            after = self.expect(closer + ",", f"expected ',' or '{closer}' after the field {name.group()!r}", at)

    def read_value(self, at: int) -> str:
        pieces: list[str] = []
        size = 0
        while True:
            self.skip_space()
            piece = self.read_piece(at)
            size += len(piece)
            if size > MAX_VALUE:
                raise self.fail(
                    at, f"a value longer than {MAX_VALUE:,} characters (@string macros built on each other?)"
                )
            pieces.append(piece)
            self.skip_space()
            if not self.text.startswith("#", self.pos):
                return "".join(pieces)
            self.pos += 1

    def read_piece(self, at: int) -> str:
        text, start = self.text, self.pos
        char = text[start] if start < len(text) else ""
        if char in ("{", '"'):
            return self.read_delimited(char)
        word = _WORD.match(text, start)
        if word is None:
            raise self.fail(start, 'expected a value: {text}, "text", a number or a macro name')
        self.pos = word.end()
        value = word.group()
        return value if value.isdigit() else self.macros.get(value.lower(), value)

    def read_delimited(self, opener: str) -> str:
        text, start, depth = self.text, self.pos, 0
        for index in range(start, len(text)):
            char = text[index]
            # BibTeX counts every brace, escaped or not, so \{ must be balanced too.
            if char == "{":
                depth += 1
            elif char == "}":
                depth -= 1
                if depth < 0:
                    raise self.fail(index, "a '}' closes a brace that was never opened")
                if depth == 0 and opener == "{":
                    self.pos = index + 1
                    return text[start + 1 : index]
            elif char == '"' and opener == '"' and depth == 0 and index > start:
                self.pos = index + 1
                return text[start + 1 : index]
        raise self.fail(start, "this value's braces or quotes are never closed")


class _Broken(Exception):
    """An entry only BibTeX reads that breaks after its key: BibTeX has stored the key, and these fields."""

    def __init__(self, entry: BibEntry) -> None:
        super().__init__(entry.key)
        self.entry = entry


def parse_bib(text: str, name: str = "<bib>") -> list[BibEntry]:
    """Every entry BibTeX or biber reads, in file order; raises ``BibError`` with the line of the first problem.

    Line ends may be LF, CRLF or CR; a leading byte-order mark is skipped.
    Entries only BibTeX reads come with ``only = "bibtex"``.
    """
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    reader = _Reader(text, name)
    entries = _mark_last_line(text, reader.run(), reader.starts, reader.ends)
    extra = reader.bibtex_only()
    if not extra:
        return entries
    return sorted(entries + extra, key=lambda entry: entry.line)


def _mark_last_line(text: str, entries: list[BibEntry], starts: list[int], ends: list[int]) -> list[BibEntry]:
    """Mark ``only = "biber"`` the entries BibTeX skips: after another construct ends on the file's last line.

    BibTeX reads a line, then processes what it holds, and stops when the
    file is at its end, so the rest of the last line after an entry,
    ``@string``, ``@preamble``, ``@comment``, or the point where an ``@`` of
    free text (``someone@example.org``) stopped being a command, is never
    read (``bibtex.web``, the ``read`` command's loop; checked with BibTeX 0.99d).
    """
    body = text[:-1] if text.endswith("\n") else text
    last = body.rfind("\n") + 1
    late = [end for end in ends if end >= last]
    if not late:
        return entries
    return [
        BibEntry(entry.key, entry.type, entry.line, entry.fields, "biber")
        if at >= last and any(end <= at for end in late)
        else entry
        for entry, at in zip(entries, starts, strict=True)
    ]


_AND = re.compile(r"\s+and\s+", re.IGNORECASE)


def split_names(value: str) -> list[str]:
    """The names of an ``author`` or ``editor`` value as BibTeX splits them (pure).

    BibTeX separates names by the word ``and`` (any case) between white space
    (a line break counts) outside braces (``bibtex.web``, ``format.name$``);
    ``{Barnes and Noble}`` is one name. ``others`` is kept as a name.
    """
    names: list[str] = []
    depth, start = 0, 0
    text = " " + " ".join(value.split()) + " "
    index = 0
    while index < len(text):
        char = text[index]
        if char == "{":
            depth += 1
        elif char == "}":
            depth = max(depth - 1, 0)
        elif depth == 0 and char.isspace():
            match = _AND.match(text, index)
            if match is not None:
                names.append(text[start:index])
                start = index = match.end()
                continue
        index += 1
    names.append(text[start:])
    return [name.strip() for name in names if name.strip()]


def count_names(value: str) -> tuple[int, bool]:
    """How many names BibTeX counts in an ``author`` value, and whether it ends in ``and others`` (incomplete)."""
    names = split_names(value)
    incomplete = bool(names) and names[-1].lower() == "others"
    return (len(names) - 1 if incomplete else len(names)), incomplete
