"""The ``marks`` and ``bib`` subcommands: list one's marks, fill and check one's own .bib file.

``aligntui.cli.main`` registers them with ``add_parsers`` and ``HANDLERS``; works
are selected by the same query path as ``aligntui list`` (``selection.select_works``),
without guessing and, as for ``cite``, only the clear best match of a word
query (``selection.select_intended``): a wrong word must not put a wrong paper,
or one more, into a bibliography.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from aligntui.browse.selection import UsageError, select_intended
from aligntui.catalog.load import load_catalog
from aligntui.catalog.model import Catalog
from aligntui.personal.errors import BibError
from aligntui.personal.marks import (
    STATUS_LABELS,
    Mark,
    MarksFileError,
    MarkStore,
    export_marks,
    marks_path,
    read_marks_file,
)
from aligntui.personal.terms import Personal
from aligntui.text.safe import escape_json, visible_line

if TYPE_CHECKING:
    from aligntui.personal.bibcheck import BibCheck

__all__ = ["HANDLERS", "add_parsers", "personal_for"]


def add_parsers(sub: Any, catalog_option: Callable[..., None]) -> None:
    """Add ``marks`` and ``bib`` to the subcommand parsers ``sub``; ``catalog_option`` adds ``--catalog``."""
    marks = sub.add_parser("marks", help="list your marks (stars, reading status, notes)")
    marks.add_argument("--orphans", action="store_true", help="only the marks whose work has left the catalog")
    marks.add_argument("--format", choices=("text", "json"), default="text")
    marks.add_argument("--path", action="store_true", help="print where the marks file is kept, and nothing else")
    carry = marks.add_mutually_exclusive_group()
    carry.add_argument("--export", metavar="FILE", help="write your marks to FILE (to carry them to another machine)")
    carry.add_argument("--import", dest="import_file", metavar="FILE", help="merge the marks of FILE into yours")
    marks.add_argument("--force", action="store_true", help="with --export: overwrite FILE if it exists")
    catalog_option(marks, top=False)

    bib = sub.add_parser("bib", help="add works to your own .bib file, or check it against the catalog")
    actions = bib.add_subparsers(dest="bib_command", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="append the BibTeX of the works matching a query (never twice)")
    add.add_argument("query", nargs="+", help="a query or a work id")
    add.add_argument("--bib", metavar="FILE", required=True, help="the .bib file to append to (created if missing)")
    add.add_argument(
        "--all",
        dest="take_all",
        action="store_true",
        help="add every work a word query matches (without it: only a clear best match, or none)",
    )
    catalog_option(add, top=False)
    checker = actions.add_parser("check", help="which entries are catalog works, and what the catalog says otherwise")
    checker.add_argument("file", metavar="FILE", help="the .bib file to check")
    catalog_option(checker, top=False)


def personal_for(catalog: Catalog, words: list[str], bib: str | None, err: TextIO) -> Personal | None:
    """One's marks (and .bib, for ``is:inbib``) when the query asks about them, else None (nothing is read).

    ``bib`` is the top-level ``--bib``, else ``bib`` in config.toml; raises
    ``UsageError`` when ``is:inbib`` has no file, ``BibError`` for a bad one.
    """
    from aligntui.search.query import parse_query, wants_bib, wants_personal  # not on the explorer's start path

    query = parse_query(" ".join(words))
    if not wants_personal(query):
        return None
    store = MarkStore.for_catalog(catalog)
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
        from aligntui.personal.bibfile import read_bib  # the .bib modules only when a .bib is read

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
        print(marks_path(catalog), file=out)
        return 0
    store = MarkStore.for_catalog(catalog)
    for warning in store.warnings:
        print(f"aligntui: {_printable(warning)}", file=err)
    if args.export is not None:
        return _export_marks(store, Path(args.export), args.force, err)
    if args.import_file is not None:
        return _import_marks(store, Path(args.import_file), catalog, err)
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


def _export_marks(store: MarkStore, path: Path, force: bool, err: TextIO) -> int:
    if path.is_dir():
        raise UsageError(f"{path} is a folder; give a file name for --export")
    if path.exists() and not force:
        raise UsageError(f"{path} exists; add --force to overwrite it")
    export_marks(store.marks, store.catalog, path)
    print(_printable(f"wrote {len(store.marks)} marks to {path}"), file=err)
    return 0


def _import_marks(store: MarkStore, path: Path, catalog: Catalog, err: TextIO) -> int:
    try:
        incoming, source = read_marks_file(path)
    except MarksFileError as error:
        print(_printable(f"aligntui: {path}: {error}; nothing imported"), file=err)
        return 1
    if source and source != store.catalog:
        print(
            _printable(f"aligntui: {path} holds the marks of another catalog ({source}); merged by work id"), file=err
        )
    saved, changed = store.import_marks(incoming)
    for warning in saved.warnings:
        print(f"aligntui: {_printable(warning)}", file=err)
    if not saved.ok:
        print(f"aligntui: {_printable(saved.message)}", file=err)
        return 1
    orphans = sum(1 for work_id in incoming if work_id not in catalog.works)
    extra = f" ({orphans} for works not in this catalog, kept as orphans)" if orphans else ""
    print(_printable(f"merged {len(incoming)} marks from {path}: {changed} works changed{extra}"), file=err)
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
    from aligntui.personal.bibfile import already_message, append_works, renamed_message

    catalog = load_catalog(args.catalog)
    path = Path(args.bib)
    personal = personal_for(catalog, args.query, args.bib, err)
    works = select_intended(catalog, args.query, err, take_all=args.take_all, personal=personal)
    if not works:
        print("aligntui: no work matches that query", file=err)
        return 1
    result = append_works(path, works)
    renamed = {item.work_id: item for item in result.renamed}
    for work_id in result.added:
        if work_id in renamed:
            message = renamed_message(path, renamed[work_id])
            print(_printable(message), file=out)
            print(f"aligntui: {_printable(message)}", file=err)
        else:
            print(f"added {work_id}", file=out)
    for present in result.present:
        line = f"{present.work_id}: {already_message(path, present.key)} (same {present.how})"
        print(_printable(line + (f"; that entry is {present.note}" if present.note else "")), file=out)
    from aligntui.cite.gaps import citation_gaps, describe_gaps

    for work in works:
        missing = citation_gaps(work) if work.id in result.added else ()
        if missing:
            print(f"aligntui: {_printable(describe_gaps(work.id, missing))}; check its entry before citing", file=err)
    clashes = f", {len(result.renamed)} under a new key (key clash)" if result.renamed else ""
    print(f"{path}: {len(result.added)} added{clashes}, {len(result.present)} already there", file=err)
    return 0


def _bib_check(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from aligntui.personal.bibcheck import check
    from aligntui.personal.bibfile import read_bib

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
        f"{len(report.unmatched)} not in the catalog; {len(report.clashes)} key clashes, "
        f"{len(report.duplicates)} works entered twice, {len(report.repeated)} repeated keys"
    )
    print(summary, file=err)
    return 0


def check_lines(name: str, report: BibCheck) -> list[str]:
    """The lines ``bib check`` prints: one per entry in file order (differences indented), then the problems."""
    rows: list[tuple[int, list[str]]] = []
    for match in report.matched:
        entry = match.entry
        head = f"{name}:{entry.line}: {entry.key}: catalog work {match.work_id} (same {match.how})"
        if match.key_differs:
            head += f"; the catalog's key is {match.work_id}"
        if entry.only:
            head += f"; {entry.where}"
        rows.append((entry.line, [head] + [f"    {difference}" for difference in match.differences]))
    for entry in report.unmatched:
        note = f"; {entry.where}" if entry.only else ""
        rows.append((entry.line, [f"{name}:{entry.line}: {entry.key}: not in the catalog{note}"]))
    lines = [line for _, group in sorted(rows, key=lambda row: row[0]) for line in group]
    lines += [clash.describe(name) for clash in report.clashes]
    for duplicate in report.duplicates:
        where = ", ".join(f"{entry.key} (line {entry.line})" for entry in duplicate.entries)
        lines.append(f"{name}:{duplicate.entries[0].line}: one work entered twice: {where}: {duplicate.reason}")
    for repeated in report.repeated:
        first, *rest = repeated.entries
        again = ", ".join(str(entry.line) for entry in rest)
        lines.append(
            f"{name}:{first.line}: repeated key {first.key} (again at line {again}): bibtex reads only the first"
        )
    return lines


Handler = Callable[[argparse.Namespace, TextIO, TextIO], int]
HANDLERS: dict[str | None, Handler] = {"marks": _marks, "bib": _bib}
"""The function that runs each subcommand of this module."""
