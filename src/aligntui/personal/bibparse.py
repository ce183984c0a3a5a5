"""A tolerant BibTeX reader that finds each entry's key, line, fields, DOI, arXiv id and title (pure).

It reads what BibTeX and biber read: entries delimited by braces or
parentheses, values in braces, quotes, numbers or ``@string`` macros joined
with ``#``; ``@string`` macros are expanded, ``@preamble`` and ``@comment``
skipped, and text outside entries (comments, notes) ignored, including a
commented-out entry on a line starting with ``%``. An ``@`` not followed by a
type and an opening brace is text (an e-mail address). Anything else that
cannot be an entry raises ``BibError`` with the file and line of the problem.
Nothing here writes; ``aligntui.personal.bibfile`` does.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from aligntui.text.fold import fold

__all__ = ["BibEntry", "BibError", "normalise_arxiv", "normalise_doi", "normalise_title", "parse_bib"]


class BibError(Exception):
    """A .bib file that cannot be read or written; ``file`` and ``line`` (0: the whole file) say where."""

    def __init__(self, file: str, line: int, message: str) -> None:
        self.file = file
        self.line = line
        self.message = message
        super().__init__(f"{file}:{line}: {message}" if line > 0 else f"{file}: {message}")


@dataclass(frozen=True, slots=True)
class BibEntry:
    """One entry: its key, lower-cased type, first line (from 1) and fields (lower-cased names, macros expanded)."""

    key: str
    type: str
    line: int
    fields: Mapping[str, str] = field(default_factory=dict)

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
        candidates = [self.fields.get("arxiv", ""), self.fields.get("arxivid", "")]
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
    return doi if doi.startswith("10.") and "/" in doi else None


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


_NOT_ALNUM = re.compile(r"[\W_]+")
# The dotless j, which BibTeX spells {\j}, is the one letter aligntui.text.fold leaves as it is.


def normalise_title(text: str, *, latex: bool = True) -> str:
    """A title for comparison: LaTeX undone (unless plain text), case and accents folded, only letters and digits."""
    plain = fold(_delatex(text) if latex and ("\\" in text or "{" in text) else text).replace("\u0237", "j")
    return _NOT_ALNUM.sub(" ", plain).strip()


_MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTHS = {name: str(number) for number, name in enumerate(_MONTH_NAMES, 1)}
_ENTRY_START = re.compile(r"@\s*([A-Za-z][\w:.+-]*)\s*([{(])")
_KEY = re.compile(r"[^\s,{}()\"#%'=]+")
_NAME = re.compile(r"[A-Za-z_][\w:.+-]*")
_SPACE = re.compile(r"(?:\s+|%[^\n]*)*")


class _Reader:
    """One pass over a .bib text; ``entries`` filled by ``run``."""

    def __init__(self, text: str, name: str) -> None:
        self.text = text
        self.name = name
        self.pos = 0
        self.macros: dict[str, str] = dict(_MONTHS)
        self.entries: list[BibEntry] = []
        self._newlines = [i for i, c in enumerate(text) if c == "\n"]

    def line(self, pos: int) -> int:
        return bisect.bisect_right(self._newlines, pos - 1) + 1

    def fail(self, pos: int, message: str) -> BibError:
        return BibError(self.name, self.line(pos), message)

    def run(self) -> list[BibEntry]:
        text = self.text
        while (at := text.find("@", self.pos)) >= 0:
            start = _ENTRY_START.match(text, at)
            line_start = text.rfind("\n", 0, at) + 1
            if start is None or text[line_start:at].lstrip().startswith("%"):
                self.pos = at + 1
                continue
            kind, opener = start.group(1).lower(), start.group(2)
            closer = "}" if opener == "{" else ")"
            self.pos = start.end()
            if kind in ("comment", "preamble"):
                self.skip_body(at, closer, tolerant=kind == "comment")
            elif kind == "string":
                self.read_string(at, closer)
            else:
                self.read_entry(at, kind, closer)
        return self.entries

    def skip_space(self) -> None:
        self.pos = _SPACE.match(self.text, self.pos).end()  # type: ignore[union-attr]  # matches empty too

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
        self.macros[name.group().lower()] = self.read_value(at)
        self.expect(closer, f"expected '{closer}' to close the @string that starts at line {self.line(at)}", at)

    def read_entry(self, at: int, kind: str, closer: str) -> None:
        self.skip_space()
        key = _KEY.match(self.text, self.pos)
        if key is None:
            raise self.fail(self.pos, f"@{kind} entry without a key")
        self.pos = key.end()
        fields: dict[str, str] = {}
        after = self.expect(closer + ",", f"expected ',' after the key {key.group()!r}", at)
        while after == ",":
            self.skip_space()
            if self.text.startswith(closer, self.pos):
                self.pos += 1
                break
            name = _NAME.match(self.text, self.pos)
            if name is None:
                raise self.fail(self.pos, f"expected a field name or '{closer}' in the entry {key.group()!r}")
            self.pos = name.end()
            self.expect("=", f"expected '=' after the field name {name.group()!r}", at)
            fields.setdefault(name.group().lower(), self.read_value(at))
            after = self.expect(closer + ",", f"expected ',' or '{closer}' after the field {name.group()!r}", at)
        self.entries.append(BibEntry(key.group(), kind, self.line(at), fields))

    def read_value(self, at: int) -> str:
        pieces: list[str] = []
        while True:
            self.skip_space()
            pieces.append(self.read_piece(at))
            self.skip_space()
            if not self.text.startswith("#", self.pos):
                return "".join(pieces)
            self.pos += 1

    def read_piece(self, at: int) -> str:
        text, start = self.text, self.pos
        char = text[start] if start < len(text) else ""
        if char in ("{", '"'):
            return self.read_delimited(char)
        word = re.compile(r"[\w:.+/-]+").match(text, start)
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


def parse_bib(text: str, name: str = "<bib>") -> list[BibEntry]:
    """Every entry of a .bib text, in file order; raises ``BibError`` with the line of the first problem."""
    return _Reader(text, name).run()
