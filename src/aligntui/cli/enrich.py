"""The ``enrich`` subcommand: a catalog's works completed from arXiv, Crossref and DBLP.

``aligntui.cli.main`` registers the parser (``add_parsers``) and the handler
(``HANDLERS``). The work is done by ``aligntui.enrich``: ``gather`` asks the
services, ``fill`` decides what each work gains, ``tomledit`` writes it into
the catalog's own text (comments and layout kept) with a ``# enriched: field
<- URL`` comment above each written field. The result is checked with the
catalog's validation, then written atomically in place (or to ``-o FILE``);
``--dry-run`` prints the change as a unified diff instead. No network at all
stops the run with one line, and nothing is written.
"""

from __future__ import annotations

import argparse
import difflib
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from aligntui.text.safe import visible, visible_line

if TYPE_CHECKING:
    from aligntui.catalog.model import Catalog
    from aligntui.enrich.fill import Plan
    from aligntui.enrich.gather import Gathered

__all__ = ["HANDLERS", "add_parsers"]

SERVICE_NAMES = ("arxiv", "crossref", "dblp")


def add_parsers(sub: Any) -> None:
    """Add ``enrich`` to the subcommands of ``aligntui`` (``sub`` is argparse's subparsers action)."""
    parser = sub.add_parser(
        "enrich",
        help="complete a catalog's works (authors, year, venue, DOI, pages, arXiv id, abstract) from arXiv, "
        "Crossref and DBLP",
        description="Fill what a catalog's works lack from public records: arXiv's API for works with an arXiv "
        "id, Crossref for DOIs, DBLP's title search for the rest. Facts already in the catalog are kept "
        "(--overwrite replaces them); each filled field gets a '# enriched: FIELD <- URL' comment naming its "
        "record. Answers are cached and the services' rate limits kept (arXiv: one request every 3 s).",
        epilog="Endpoints: ALIGNTUI_ARXIV_API, ALIGNTUI_CROSSREF_API and ALIGNTUI_DBLP_API replace "
        "http://export.arxiv.org/api/query, https://api.crossref.org and https://dblp.org/search/publ/api.",
    )
    parser.add_argument("catalog_file", metavar="CATALOG", help="the catalog to complete (rewritten in place)")
    parser.add_argument("-o", "--output", metavar="FILE", help="write the completed catalog to FILE instead")
    parser.add_argument("--force", action="store_true", help="with -o: overwrite FILE if it exists")
    parser.add_argument("--dry-run", action="store_true", help="print the changes as a diff, write nothing")
    parser.add_argument("--overwrite", action="store_true", help="replace facts the catalog already has")
    parser.add_argument("--only", metavar="ID", action="append", default=[], help="only this work (repeatable)")
    parser.add_argument(
        "--services", default=",".join(SERVICE_NAMES), help="which services to ask (default: arxiv,crossref,dblp)"
    )
    parser.add_argument("--refresh", action="store_true", help="ask again for what the cache holds")
    parser.add_argument("--mailto", metavar="EMAIL", help="your address, for Crossref's polite pool")


class _ProgressBar:
    """A one-line progress bar on standard error when it is a terminal; nothing on a pipe or a file."""

    def __init__(self, err: TextIO) -> None:
        isatty = getattr(err, "isatty", None)
        self.err, self.on = err, bool(isatty is not None and isatty())

    def show(self, done: int, total: int, label: str) -> None:
        """Redraw the bar: done of total works, and the work being asked about."""
        if self.on:
            filled = 24 * done // max(total, 1)
            line = f"\r[{'#' * filled}{'.' * (24 - filled)}] {done}/{total} {visible_line(label)[:40]}"
            self.err.write(f"{line:<80}")
            self.err.flush()

    def say(self, line: str) -> None:
        """Print a line of the report, the bar cleared first so that it stays on a line of its own."""
        self.clear()
        print(line, file=self.err)

    def clear(self) -> None:
        """Wipe the bar."""
        if self.on:
            self.err.write("\r" + " " * 80 + "\r")
            self.err.flush()


def _summary(plans: list[Plan], gathered: list[Gathered], total: int) -> str:
    fields = sum(len(p.fills) for p in plans)
    works = sum(1 for p in plans if p.fills)
    asked: dict[str, int] = {}
    for found in gathered:
        for name, count in found.asked.items():
            asked[name] = asked.get(name, 0) + count
    requests = ", ".join(f"{name} {asked.get(name, 0)}" for name in SERVICE_NAMES)
    cached = sum(found.cached for found in gathered)
    none = sum(1 for found in gathered if not found.records)
    return (
        f"filled {fields} fields in {works} of {total} works; requests: {requests}; {cached} answers from the "
        f"cache; {none} works without a record"
    )


def _enrich(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from aligntui.catalog.load import parse_catalog
    from aligntui.enrich.fetch import Offline

    use = {name.strip() for name in args.services.split(",") if name.strip()}
    if not use or use - set(SERVICE_NAMES):
        print(f"aligntui: --services takes some of {','.join(SERVICE_NAMES)}", file=err)
        return 2
    if args.mailto is not None and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", args.mailto):
        print("aligntui: --mailto takes an e-mail address (name@example.org)", file=err)
        return 2
    path = Path(args.catalog_file)
    destination = Path(args.output) if args.output else path
    if args.output and destination.exists() and not args.force and not args.dry_run:
        print(f"aligntui: {destination} exists; add --force to overwrite it", file=err)
        return 2
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        print(f"aligntui: {visible_line(str(path))}: not valid UTF-8 (byte {error.start})", file=err)
        return 1
    catalog = parse_catalog(text, str(path), path)
    works = _chosen(catalog, args.only, err)
    if works is None:
        return 2
    try:
        plans, gathered = _ask_services(args, works, use, err)
    except Offline as error:
        print(f"aligntui: {visible_line(str(error))}; stopped, nothing written", file=err)
        return 1
    return _write_result(args, text, plans, gathered, out, err)


def _ask_services(
    args: argparse.Namespace, works: list[Any], use: set[str], err: TextIO
) -> tuple[list[Plan], list[Gathered]]:
    """Each work's records and plan, problems reported as they come; ``Offline`` stops it."""
    from aligntui.enrich.fetch import Fetcher
    from aligntui.enrich.fill import plan_work
    from aligntui.enrich.gather import gather_records
    from aligntui.system.dirs import cache_dir

    fetcher = Fetcher(cache=cache_dir() / "enrich", refresh=args.refresh, mailto=args.mailto)
    bar = _ProgressBar(err)
    plans: list[Plan] = []
    gathered: list[Gathered] = []
    try:
        for done, work in enumerate(works):
            bar.show(done, len(works), work.id)
            found = gather_records(work, fetcher, use, args.mailto)
            plan = plan_work(work, found.records, overwrite=args.overwrite)
            gathered.append(found)
            plans.append(plan)
            for problem in found.problems:
                bar.say(f"{work.id}: {visible_line(problem)}")
            for record in plan.mismatched:
                bar.say(f"{work.id}: {record.service} record is titled {visible_line(record.title)!r}: not used")
    finally:
        bar.clear()
        fetcher.close()
    return plans, gathered


def _write_result(
    args: argparse.Namespace, text: str, plans: list[Plan], gathered: list[Gathered], out: TextIO, err: TextIO
) -> int:
    """Write the fills into the text, check it as a catalog, then print the diff or write the file."""
    from aligntui.catalog.load import parse_catalog
    from aligntui.catalog.model import CatalogError
    from aligntui.enrich.tomledit import apply_plans
    from aligntui.system.atomic import write_atomically

    path = Path(args.catalog_file)
    destination = Path(args.output) if args.output else path
    new_text, missing = apply_plans(text, plans)
    for work_id in missing:
        print(f"{work_id}: no [[works]] block with this id in {path}; its fields are not written", file=err)
    try:
        parse_catalog(new_text, str(destination), destination)
    except CatalogError as error:  # a service's value the catalog refuses: keep the file as it was
        for refused in error.problems:
            print(visible_line(str(refused)), file=err)
        print("aligntui: the completed catalog does not validate; nothing written", file=err)
        return 1
    print(_summary(plans, gathered, len(gathered)), file=err)
    if args.dry_run:
        diff = difflib.unified_diff(
            text.splitlines(keepends=True), new_text.splitlines(keepends=True), str(path), str(destination)
        )
        out.write(visible("".join(diff)))
        print("dry run: nothing written", file=err)
        return 0
    if new_text == text and not args.output:
        print(f"{path}: nothing to fill; nothing written", file=err)
        return 0
    write_atomically(destination, new_text)
    print(f"wrote {destination}", file=err)
    return 0


def _chosen(catalog: Catalog, only: list[str], err: TextIO) -> list[Any] | None:
    """The works to complete: all, or those named by ``--only`` (None after reporting an unknown id)."""
    if not only:
        return list(catalog.works.values())
    unknown = [work_id for work_id in only if work_id not in catalog.works]
    if unknown:
        print(f"aligntui: no work with id {', '.join(map(repr, unknown))}", file=err)
        return None
    return [catalog.works[work_id] for work_id in dict.fromkeys(only)]


HANDLERS: dict[str | None, Callable[[argparse.Namespace, TextIO, TextIO], int]] = {"enrich": _enrich}
"""The handler of each subcommand this module adds."""
