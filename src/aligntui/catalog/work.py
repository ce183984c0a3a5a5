"""A work of the catalog and its links, stored compactly (pure, no Textual).

A catalog of 100,000 works is mostly strings and small records, so the layout
of one work decides most of a large catalog's memory. ``Work`` keeps the
attribute names and the constructor of a named tuple of 28 fields, but holds
eight values: the id, title, authors, year, venue and type, which the tree
shows for every row; the *reference* string, in which the arXiv id, the DOI,
the source URL and every link's label and URL sit one after the other,
separated by ``REFERENCE_SEPARATOR`` (one string object instead of up to ten,
and no ``Link`` tuples until asked for); and the *rare* fields (citation
fields, notes, aliases, facts, ``authors_complete = false``) as pairs of a
field name and a value, only where a value differs from its default (``None``
for a work that has none). The reference string is stored after the title,
in the title's place, joined by ``REFERENCE_SEPARATOR`` (a string object
costs 49 bytes besides its characters: 4.9 MB of 100,000 works), so the
reference place holds None but in the rare layout below. 100,000 synthetic
works take 55 MB instead of 112.

``REFERENCE_SEPARATOR`` (U+001F) is a control character the catalog refuses in
every string, so it never occurs in a validated value; a work built elsewhere
whose references or title hold it, or whose references hold an empty string,
keeps its title alone and its references in a tuple (the rare layout), so
every value reads back exactly as given. Two more such characters stand for
the work's own arXiv URLs in the reference string: ``ARXIV_ABS`` for
``https://arxiv.org/abs/`` and ``ARXIV_PDF`` for ``https://arxiv.org/pdf/``,
each followed by the work's arXiv id (most works' source URL and Paper link;
67 of the 190 characters of a synthetic work's references, 6.6 MB of 100,000
works). They are put back whenever a URL is read; the link labels, which
``link_kinds`` reads for every work, never hold them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from itertools import chain
from operator import itemgetter
from typing import TYPE_CHECKING, Any, NamedTuple

__all__ = [
    "ARXIV_ABS",
    "ARXIV_PDF",
    "LINK_KINDS",
    "RARE_DEFAULTS",
    "REFERENCE_SEPARATOR",
    "WORK_FIELDS",
    "Link",
    "Work",
    "link_kind",
    "venue_year",
]

LINK_KINDS: Mapping[str, str] = {
    "paper": "paper",
    "data": "data",
    "project": "code",
    "code": "code",
    "checkpoint": "checkpoint",
    "leaderboard": "leaderboard",
    "blog": "blog",
    "url": "url",
}
"""Link labels (lower-cased) and the kind each stands for; any other label is of kind ``other``."""


def link_kind(label: str) -> str:
    """The kind of a link from its label: ``Project`` is ``code``; unknown labels are ``other``."""
    return LINK_KINDS.get(label.lower(), "other")


_VENUE_YEAR = re.compile(r"\b(1[5-9]\d\d|20\d\d)\s*$")


def venue_year(venue: str | None) -> int | None:
    """The year a venue name ends with (``ICLR 2022`` gives 2022), 1500-2099, else None."""
    match = _VENUE_YEAR.search(venue or "")
    return int(match.group(1)) if match else None


_TRACKING = re.compile(r"^(utm_[a-z]+|fbclid|gclid|trk|mc_cid|mc_eid)$")


class Link(NamedTuple):
    """A labelled URL of a work (``Paper``, ``Data``, ``Project``...)."""

    label: str
    url: str

    @property
    def clean_url(self) -> str:
        """The URL without tracking parameters (``?trk=...``, ``fbclid``, ``utm_*``): what to copy or open."""
        base, mark, rest = self.url.partition("?")
        query, hash_mark, fragment = rest.partition("#")
        if not mark:
            return self.url
        kept = [piece for piece in query.split("&") if not _TRACKING.match(piece.split("=", 1)[0])]
        cleaned = base + ("?" + "&".join(kept) if kept else "")
        return cleaned + hash_mark + fragment

    @property
    def kind(self) -> str:
        """What the link is, for ``has:`` queries and tree tags."""
        return link_kind(self.label)


REFERENCE_SEPARATOR = "\x1f"
"""Between the values of a work's reference string (a control character no catalog string may hold)."""

WORK_FIELDS = (
    "id", "title", "authors", "year", "venue", "type", "links", "authors_complete", "arxiv", "doi", "source",
    "booktitle", "journal", "publisher", "list_title", "list_authors", "list_venue", "note", "volume", "number",
    "pages", "keep_case", "date", "aliases", "orgs", "other_titles", "summary", "abstract",
)  # fmt: skip
"""A work's fields, in the order of ``Work``'s constructor (that of the named tuple it was)."""

RARE_DEFAULTS: Mapping[str, Any] = {
    "authors_complete": True,
    "booktitle": None,
    "journal": None,
    "publisher": None,
    "list_title": None,
    "list_authors": None,
    "list_venue": None,
    "note": None,
    "volume": None,
    "number": None,
    "pages": None,
    "keep_case": (),
    "date": None,
    "aliases": (),
    "orgs": (),
    "other_titles": (),
    "summary": "",
    "abstract": None,
}
"""The fields a work keeps as (name, value) pairs only where they differ from these defaults."""

_RARE_NAME_ORDER = tuple(RARE_DEFAULTS)
"""The rare fields in constructor order: the pairs hold these string objects, so a lookup compares by identity first."""
_DEFAULT_VALUES = tuple(RARE_DEFAULTS.values())


ARXIV_ABS = "\x1e"
"""Stands for ``https://arxiv.org/abs/`` followed by the work's arXiv id, in a reference string."""
ARXIV_PDF = "\x1d"
"""Stands for ``https://arxiv.org/pdf/`` followed by the work's arXiv id, in a reference string."""


def _references(
    arxiv: str | None, doi: str | None, source: str | None, links: Iterable[Link], apart: bool = False
) -> Any:
    """The reference value: None, one string (the common case) or a tuple (values that hold the separator or
    a character that stands for an arXiv URL; always, when ``apart``: a title holding the separator)."""
    pairs = list(chain.from_iterable(links))
    if arxiv is None and doi is None and source is None and not pairs and not apart:
        return None
    values = [arxiv or "", doi or "", source or "", *pairs]
    joined = REFERENCE_SEPARATOR.join(values)
    if (
        not apart
        and joined.count(REFERENCE_SEPARATOR) == len(values) - 1
        and ARXIV_ABS not in joined
        and ARXIV_PDF not in joined
        and "" not in pairs
        and "" not in (arxiv, doi, source)
    ):
        if arxiv:  # _expanded undoes each replacement exactly: no value held either character
            joined = joined.replace(f"https://arxiv.org/abs/{arxiv}", ARXIV_ABS)
            joined = joined.replace(f"https://arxiv.org/pdf/{arxiv}", ARXIV_PDF)
        return joined
    return (arxiv, doi, source, tuple(map(Link, pairs[::2], pairs[1::2])))


def _expanded(text: str, arxiv: str) -> str:
    """Reference text with the arXiv URLs that ``ARXIV_ABS`` and ``ARXIV_PDF`` stand for written out again."""
    if ARXIV_ABS not in text and ARXIV_PDF not in text:
        return text
    text = text.replace(ARXIV_PDF, f"https://arxiv.org/pdf/{arxiv}")
    return text.replace(ARXIV_ABS, f"https://arxiv.org/abs/{arxiv}")


_SHARED: dict[tuple[Any, ...], tuple[Any, ...]] = {}
_SHARED_LIMIT = 4096


def _shared_pairs(pairs: tuple[Any, ...]) -> tuple[Any, ...]:
    """One tuple object for equal rare fields (a booktitle or journal that thousands of works share)."""
    try:
        found = _SHARED.get(pairs)
    except TypeError:  # a value that is not hashable (a list given by a caller)
        return pairs
    if found is not None:
        return found
    if len(_SHARED) < _SHARED_LIMIT and len(pairs) == 2:  # single fields recur; whole records rarely do
        _SHARED[pairs] = pairs
    return pairs


def _title(work: Work) -> str:
    """A work's title: its text up to the first ``REFERENCE_SEPARATOR`` (the whole text in the rare layout)."""
    text: str = tuple.__getitem__(work, 1)
    if tuple.__getitem__(work, 6) is not None:
        return text
    end = text.find(REFERENCE_SEPARATOR)
    return text if end < 0 else text[:end]


def _stored_references(work: Work) -> Any:
    """A work's references as ``_references`` made them: None, the reference string, or the rare tuple."""
    kept = tuple.__getitem__(work, 6)
    if kept is not None:
        return kept
    text: str = tuple.__getitem__(work, 1)
    end = text.find(REFERENCE_SEPARATOR)
    return None if end < 0 else text[end + 1 :]


def _reference(work: Work, position: int) -> str | None:
    """The arXiv id (0), DOI (1) or source URL (2) of a work."""
    references: Any = _stored_references(work)
    if references is None:
        return None
    if type(references) is str:
        values = references.split(REFERENCE_SEPARATOR, 3)
        value: str = values[position] if position < 2 else _expanded(values[2], values[0])
        return value or None
    found: str | None = references[position]
    return found


def _rare(work: Work, name: str) -> Any:
    """A rare field's value: its pair's, else its default."""
    pairs = tuple.__getitem__(work, 7)
    if pairs is not None:
        for at in range(0, len(pairs), 2):
            if pairs[at] is name or pairs[at] == name:
                return pairs[at + 1]
    return RARE_DEFAULTS[name]


class Work(tuple[Any, ...]):
    """One distinct work of the catalog: a paper, book, data set or web resource.

    Immutable, typed, compared and hashed by value, and built like the named
    tuple of ``WORK_FIELDS`` it replaced (``Work("id", "Title", year=2020)``,
    ``work._replace(title=...)``, ``Work._fields``); see the module for how
    the values are kept. Iterating or indexing a work gives its stored layout,
    not its fields: read fields by name.
    """

    __slots__ = ()

    _fields = WORK_FIELDS

    if TYPE_CHECKING:

        @property
        def id(self) -> str:
            """The work's id (its cite key)."""

        @property
        def title(self) -> str:
            """The title, as the public record gives it."""

        @property
        def authors(self) -> tuple[str, ...]:
            """The authors as written ("Given Family")."""

        @property
        def year(self) -> int | None:
            """The year of the first version."""

        @property
        def venue(self) -> str | None:
            """Where the work appeared, as the tree shows it (``ICLR 2022``)."""

        @property
        def type(self) -> str:
            """One of ``model.WORK_TYPES``."""

    else:
        # itemgetter properties run in C: the tree reads these for every row it shows.
        id = property(itemgetter(0), doc="The work's id (its cite key).")
        title = property(_title, doc="The title, as the public record gives it.")
        authors = property(itemgetter(2), doc='The authors as written ("Given Family").')
        year = property(itemgetter(3), doc="The year of the first version.")
        venue = property(itemgetter(4), doc="Where the work appeared, as the tree shows it (``ICLR 2022``).")
        type = property(itemgetter(5), doc="One of ``model.WORK_TYPES``.")

    def __new__(
        cls,
        id: str,
        title: str,
        authors: tuple[str, ...] = (),
        year: int | None = None,
        venue: str | None = None,
        type: str = "paper",
        links: tuple[Link, ...] = (),
        authors_complete: bool = True,
        arxiv: str | None = None,
        doi: str | None = None,
        source: str | None = None,
        booktitle: str | None = None,
        journal: str | None = None,
        publisher: str | None = None,
        list_title: str | None = None,
        list_authors: str | None = None,
        list_venue: str | None = None,
        note: str | None = None,
        volume: str | None = None,
        number: str | None = None,
        pages: str | None = None,
        keep_case: tuple[str, ...] = (),
        date: str | None = None,
        aliases: tuple[str, ...] = (),
        orgs: tuple[str, ...] = (),
        other_titles: tuple[str, ...] = (),
        summary: str = "",
        abstract: str | None = None,
    ) -> Work:
        rare = (
            authors_complete, booktitle, journal, publisher, list_title, list_authors, list_venue, note,
            volume, number, pages, keep_case, date, aliases, orgs, other_titles, summary, abstract,
        )  # fmt: skip
        pairs: tuple[Any, ...] | None = None
        if rare != _DEFAULT_VALUES:
            changed = zip(_RARE_NAME_ORDER, rare, _DEFAULT_VALUES, strict=True)
            pairs = tuple([item for name, value, default in changed if value != default for item in (name, value)])
            pairs = _shared_pairs(pairs)
        # A title holding the separator (never in a validated catalog) keeps its references apart, in the tuple.
        references = _references(arxiv, doi, source, links, apart=REFERENCE_SEPARATOR in title)
        if isinstance(references, str):  # the common case: one string object for title and references
            title, references = f"{title}{REFERENCE_SEPARATOR}{references}", None
        return tuple.__new__(cls, (id, title, authors, year, venue, type, references, pairs))

    @classmethod
    def from_layout(cls, layout: Iterable[Any]) -> Work:
        """A work from its stored layout (``tuple(work)``), as the parse cache keeps it; no check is made."""
        return tuple.__new__(cls, layout)

    @classmethod
    def _make(cls, values: Iterable[Any]) -> Work:
        """A work from its field values in ``WORK_FIELDS`` order (as a named tuple's ``_make``)."""
        return cls(*values)

    def _asdict(self) -> dict[str, Any]:
        """The fields by name, in ``WORK_FIELDS`` order."""
        return {name: getattr(self, name) for name in WORK_FIELDS}

    def _replace(self, **changes: Any) -> Work:
        """A copy with some fields changed (as a named tuple's ``_replace``)."""
        unknown = changes.keys() - set(WORK_FIELDS)
        if unknown:
            raise ValueError(f"Got unexpected field names: {sorted(unknown)!r}")
        return Work(**{**self._asdict(), **changes})

    def __repr__(self) -> str:
        return "Work(" + ", ".join(f"{name}={getattr(self, name)!r}" for name in WORK_FIELDS) + ")"

    def __reduce__(self) -> tuple[Any, ...]:
        return (Work.from_layout, (tuple(self),))

    def __getnewargs__(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in WORK_FIELDS)

    @property
    def links(self) -> tuple[Link, ...]:
        """The work's labelled URLs, in the catalog's order."""
        references: Any = _stored_references(self)
        if references is None:
            return ()
        if type(references) is not str:
            links: tuple[Link, ...] = references[3]
            return links
        values = _expanded(references, references.partition(REFERENCE_SEPARATOR)[0]).split(REFERENCE_SEPARATOR)
        return tuple(map(Link, values[3::2], values[4::2]))

    @property
    def arxiv(self) -> str | None:
        """The arXiv id (``2110.08207``), without a version unless the record gives one."""
        return _reference(self, 0)

    @property
    def doi(self) -> str | None:
        """The DOI (``10.18653/v1/2022.acl-long.1``)."""
        return _reference(self, 1)

    @property
    def source(self) -> str | None:
        """The URL of the public record the work's facts come from."""
        return _reference(self, 2)

    @property
    def authors_complete(self) -> bool:
        """False when the record lists only some of the authors (``et al.``)."""
        complete: bool = _rare(self, "authors_complete")
        return complete

    @property
    def booktitle(self) -> str | None:
        """The proceedings' title, for a paper in a conference."""
        return _optional(self, "booktitle")

    @property
    def journal(self) -> str | None:
        """The journal's name, for a journal article."""
        return _optional(self, "journal")

    @property
    def publisher(self) -> str | None:
        """The publisher, for a book."""
        return _optional(self, "publisher")

    @property
    def list_title(self) -> str | None:
        """How the survey's list writes the title, where it differs."""
        return _optional(self, "list_title")

    @property
    def list_authors(self) -> str | None:
        """How the survey's list writes the authors, where it differs."""
        return _optional(self, "list_authors")

    @property
    def list_venue(self) -> str | None:
        """How the survey's list writes the venue, where it differs."""
        return _optional(self, "list_venue")

    @property
    def note(self) -> str | None:
        """The catalog's note on the work (may span lines)."""
        return _optional(self, "note")

    @property
    def volume(self) -> str | None:
        """The volume, for a citation."""
        return _optional(self, "volume")

    @property
    def number(self) -> str | None:
        """The issue number, for a citation."""
        return _optional(self, "number")

    @property
    def pages(self) -> str | None:
        """The pages, for a citation."""
        return _optional(self, "pages")

    @property
    def keep_case(self) -> tuple[str, ...]:
        """Words or phrases of the title whose capitals sentence-case styles must keep (proper nouns)."""
        return _strings(self, "keep_case")

    @property
    def date(self) -> str | None:
        """The full date of publication, ``YYYY-MM-DD`` or ``YYYY-MM``, where the record gives one."""
        return _optional(self, "date")

    @property
    def aliases(self) -> tuple[str, ...]:
        """Names the work goes by in the field (model, data set, benchmark or method names its own record gives)."""
        return _strings(self, "aliases")

    @property
    def orgs(self) -> tuple[str, ...]:
        """The labs, companies and universities of the authors, as the paper's own record names them."""
        return _strings(self, "orgs")

    @property
    def other_titles(self) -> tuple[str, ...]:
        """Every other title the work was published under (an arXiv version's title, a venue's)."""
        return _strings(self, "other_titles")

    @property
    def summary(self) -> str:
        """One or two sentences, in the catalog's own words, on what the work introduces and finds."""
        summary: str = _rare(self, "summary")
        return summary

    @property
    def abstract(self) -> str | None:
        """The abstract its public record gives (arXiv, Crossref), on one line; filled by ``aligntui enrich``."""
        return _optional(self, "abstract")

    @property
    def first_author(self) -> str:
        """The first author as written, or an empty string."""
        authors = self.authors
        return authors[0] if authors else ""

    @property
    def published_year(self) -> int | None:
        """The year to cite: the venue's year when the venue names one, else ``year``."""
        year = venue_year(self.venue)
        if year is not None and (self.booktitle or self.journal or self.type == "book"):
            return year
        return self.year

    @property
    def primary_link(self) -> Link | None:
        """The Paper link, else the first link, else None."""
        links = self.links
        for link in links:
            if link.kind == "paper":
                return link
        return links[0] if links else None

    @property
    def citation_url(self) -> str | None:
        """The URL a citation points to: the arXiv abstract page, else the primary link."""
        arxiv = self.arxiv
        if arxiv:
            return f"https://arxiv.org/abs/{arxiv}"
        link = self.primary_link
        return link.clean_url if link else None

    @property
    def link_kinds(self) -> frozenset[str]:
        """The kinds of link this work has."""
        references: Any = _stored_references(self)
        if type(references) is str:  # the labels alone (never holding ARXIV_ABS or ARXIV_PDF), without the links
            return frozenset(map(link_kind, references.split(REFERENCE_SEPARATOR)[3::2]))
        return frozenset(link.kind for link in self.links)


def _optional(work: Work, name: str) -> str | None:
    value: str | None = _rare(work, name)
    return value


def _strings(work: Work, name: str) -> tuple[str, ...]:
    value: tuple[str, ...] = _rare(work, name)
    return value
