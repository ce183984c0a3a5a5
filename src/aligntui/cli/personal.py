"""The ``marks`` and ``bib`` subcommands: list one's marks, fill and check one's own .bib file.

``aligntui.cli.main`` registers them with ``add_parsers`` and ``HANDLERS``; works
are selected by the same query path as ``aligntui list`` (``selection.select_works``),
without guessing, as for ``cite`` and ``export``: a wrong word must not put a
wrong paper into a bibliography.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from aligntui.browse.selection import UsageError, select_works
from aligntui.catalog.load import load_catalog
from aligntui.catalog.model import Catalog
from aligntui.personal.bibfile import BibCheck, BibError, already_message, append_works, check, read_bib
from aligntui.personal.marks import STATUS_LABELS, Mark, MarkStore, marks_path
from aligntui.personal.terms import Personal, wants_bib, wants_personal
from aligntui.search.query import parse_query
from aligntui.text.safe import escape_json, visible_line

__all__ = ["HANDLERS", "add_parsers", "personal_for"]


def add_parsers(sub: Any, catalog_option: Callable[..., None]) -> None:
    """Add ``marks`` and ``bib`` to the subcommand parsers ``sub``; ``catalog_option`` adds ``--catalog``."""
    marks = sub.add_parser("marks", help="list your marks (stars, reading status, notes)")
    marks.add_argument("--orphans", action="store_true", help="only the marks whose work has left the catalog")
    marks.add_argument("--format", choices=("text", "json"), default="text")
    marks.add_argument("--path", action="store_true", help="print where the marks file is kept, and nothing else")
    catalog_option(marks, top=False)

    bib = sub.add_parser("bib", help="add works to your own .bib file, or check it against the catalog")
    actions = bib.add_subparsers(dest="bib_command", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="append the BibTeX of the works matching a query (never twice)")
    add.add_argument("query", nargs="+", help="a query or a work id")
    add.add_argument("--bib", metavar="FILE", required=True, help="the .bib file to append to (created if missing)")
    catalog_option(add, top=False)
    checker = actions.add_parser("check", help="which entries are catalog works, and what the catalog says otherwise")
    checker.add_argument("file", metavar="FILE", help="the .bib file to check")
    catalog_option(checker, top=False)


def personal_for(catalog: Catalog, words: list[str], bib: str | None, err: TextIO) -> Personal | None:
    """One's marks (and .bib, for ``is:inbib``) when the query asks about them, else None (nothing is read).

    ``bib`` is the top-level ``--bib``, else ``bib`` in config.toml; raises
    ``UsageError`` when ``is:inbib`` has no file, ``BibError`` for a bad one.
    """
    query = parse_query(" ".join(words))
    if not wants_personal(query):
        return None
    store = MarkStore.for_catalog(catalog.path)
    for warning in store.warnings:
        print(f"aligntui: {_printable(warning)}", file=err)
    bib_file = None
    if wants_bib(query):
        from aligntui.personal.settings import load_settings

        settings = load_settings()
        for warning in settings.warnings:
            print(f"aligntui: {_printable(warning)}", file=err)
        path = Path(bib) if bib else settings.bib
        if path is None:
            raise UsageError('is:inbib needs your .bib file: aligntui --bib FILE ..., or bib = "FILE" in config.toml')
        bib_file = read_bib(path)
    return Personal(store, catalog.works, bib_file)


def _printable(text: str) -> str:
    """One line of text: line breaks shown as `` / ``, other unsafe characters escaped (``safe.visible_line``)."""
    return visible_line(text.replace("\r\n", " / ").replace("\n", " / "))


def _record(work_id: str, mark: Mark, catalog: Catalog) -> dict[str, object]:
    work = catalog.works.get(work_id)
    return {
        "id": work_id,
        "starred": mark.starred,
        "status": mark.status,
        "note": mark.note,
        "title": work.title if work else None,
        "in_catalog": work is not None,
    }


def _marks(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    catalog = load_catalog(args.catalog)
    if args.path:
        print(marks_path(catalog.path), file=out)
        return 0
    store = MarkStore.for_catalog(catalog.path)
    for warning in store.warnings:
        print(f"aligntui: {_printable(warning)}", file=err)
    marks = store.orphans(catalog.works) if args.orphans else dict(sorted(store.marks.items()))
    if args.format == "json":
        records = [_record(work_id, mark, catalog) for work_id, mark in marks.items()]
        print(escape_json(json.dumps(records, indent=2, ensure_ascii=False)), file=out)
        return 0
    for work_id, mark in marks.items():
        work = catalog.works.get(work_id)
        title = work.title if work else "(no longer in the catalog)"
        star = "*" if mark.starred else "-"
        fields = (work_id, star, STATUS_LABELS[mark.status], title, mark.note)
        print("\t".join(_printable(field) for field in fields), file=out)
    if args.orphans:
        count = len(marks)
        print(f"{count} orphan mark{'s' if count != 1 else ''} (kept in {store.path})", file=err)
    return 0


def _bib(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    try:
        if args.bib_command == "add":
            return _bib_add(args, out, err)
        return _bib_check(args, out, err)
    except BibError as error:
        print(f"aligntui: {_printable(str(error))}", file=err)
        return 1


def _bib_add(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    catalog = load_catalog(args.catalog)
    path = Path(args.bib)
    personal = personal_for(catalog, args.query, args.bib, err)
    works = select_works(catalog, args.query, err, guess=False, personal=personal)
    if not works:
        print("aligntui: no work matches that query", file=err)
        return 1
    result = append_works(path, works)
    for work_id in result.added:
        print(f"added {work_id}", file=out)
    for present in result.present:
        print(_printable(f"{present.work_id}: {already_message(path, present.key)} (same {present.how})"), file=out)
    print(f"{path}: {len(result.added)} added, {len(result.present)} already there", file=err)
    return 0


def _bib_check(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    catalog = load_catalog(args.catalog)
    bib = read_bib(Path(args.file))
    report = check(bib, catalog)
    for line in check_lines(str(bib.path), report):
        print(_printable(line), file=out)
    differing = sum(1 for match in report.matched if match.differences)
    renamed = sum(1 for match in report.matched if match.key_differs)
    summary = (
        f"{bib.path}: {len(bib.entries)} entries, {len(report.matched)} catalog works "
        f"({renamed} under another key, {differing} where the catalog says otherwise), "
        f"{len(report.unmatched)} not in the catalog"
    )
    print(summary, file=err)
    return 0


def check_lines(name: str, report: BibCheck) -> list[str]:
    """The lines ``bib check`` prints: one per entry in file order, then one per difference, indented."""
    rows: list[tuple[int, list[str]]] = []
    for match in report.matched:
        entry = match.entry
        head = f"{name}:{entry.line}: {entry.key}: catalog work {match.work_id} (same {match.how})"
        if match.key_differs:
            head += f"; the catalog's key is {match.work_id}"
        rows.append((entry.line, [head] + [f"    {difference}" for difference in match.differences]))
    for entry in report.unmatched:
        rows.append((entry.line, [f"{name}:{entry.line}: {entry.key}: not in the catalog"]))
    return [line for _, lines in sorted(rows, key=lambda row: row[0]) for line in lines]


Handler = Callable[[argparse.Namespace, TextIO, TextIO], int]
HANDLERS: dict[str | None, Handler] = {"marks": _marks, "bib": _bib}
"""The function that runs each subcommand of this module."""
