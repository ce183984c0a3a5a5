"""Command-line entry point: the explorer and its subcommands.

The subcommands use the same pure core as the TUI (catalog, query, cite), so
``aligntui list QUERY`` and the TUI filter can never disagree. The TUI is
imported only when it runs.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO

from aligntui import __version__, import_cli
from aligntui.atomic import write_atomically
from aligntui.catalog import Catalog, CatalogError, Work
from aligntui.loader import load_catalog

__all__ = ["main", "work_record"]

EXPORT_FORMATS = ("bibtex", "csl-json", "markdown", "json", "list")
CITE_STYLES = ("bibtex", "key", "apa", "ieee", "markdown", "list")


class UsageError(Exception):
    """Bad usage that argparse cannot see (exit status 2)."""


def _catalog_option(parser: argparse.ArgumentParser, *, top: bool) -> None:
    parser.add_argument(
        "--catalog",
        metavar="PATH",
        default=None if top else argparse.SUPPRESS,
        help="use this catalog instead of the bundled one",
    )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for ``aligntui`` and its subcommands."""
    parser = argparse.ArgumentParser(
        prog="aligntui",
        description="Explore the papers of the survey of alignment goals for big models.",
    )
    parser.add_argument("--version", action="version", version=f"aligntui {__version__}")
    _catalog_option(parser, top=True)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    validate = sub.add_parser("validate", help="check a catalog and print every problem")
    validate.add_argument("path", nargs="?", help="the catalog to check (default: --catalog or the bundled one)")
    _catalog_option(validate, top=False)

    listing = sub.add_parser("list", help="print the works matching a query")
    listing.add_argument("query", nargs="*", help="a query (see the README); all works when empty")
    listing.add_argument("--format", choices=("text", "json"), default="text")
    _catalog_option(listing, top=False)

    cite = sub.add_parser("cite", help="print citations of the works matching a query")
    cite.add_argument("query", nargs="+", help="a query or a work id")
    cite.add_argument("--style", choices=CITE_STYLES, default="bibtex")
    _catalog_option(cite, top=False)

    export = sub.add_parser("export", help="export the catalog, or the works matching a query")
    export.add_argument("query", nargs="*", help="a query; the whole catalog when empty")
    export.add_argument("--format", choices=EXPORT_FORMATS, required=True)
    export.add_argument("-o", "--output", metavar="FILE", help="write to FILE (atomically) instead of standard output")
    export.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    _catalog_option(export, top=False)

    opener = sub.add_parser("open", help="open a work's primary link in the web browser")
    opener.add_argument("id", nargs="+", help="the work's id (its citation key), or a query that finds one work")
    _catalog_option(opener, top=False)
    import_cli.add_parsers(sub)
    return parser


def work_record(catalog: Catalog, work: Work) -> dict[str, object]:
    """The stable JSON form of a work (``list --format json``, ``export --format json``)."""
    return {
        "id": work.id,
        "title": work.title,
        "authors": list(work.authors),
        "authors_complete": work.authors_complete,
        "year": work.year,
        "published_year": work.published_year,
        "venue": work.venue,
        "type": work.type,
        "arxiv": work.arxiv,
        "doi": work.doi,
        "source": work.source,
        "sections": [list(s.path) for s in catalog.sections_of(work.id)],
        "links": [{"label": link.label, "url": link.url} for link in work.links],
    }


def _select(catalog: Catalog, words: Sequence[str], err: TextIO, *, guess: bool = True) -> list[Work]:
    """The works matching a query given as command-line words, best first.

    With ``guess`` False (cite, export), a word that matches nothing is an
    error rather than a fuzzy guess: a wrong key must not reach a paper.
    """
    from aligntui.query import SearchIndex, parse_query

    text = " ".join(words)
    query = parse_query(text)
    if query.hints:
        raise UsageError("bad query: " + "; ".join(query.hints))
    result = SearchIndex(catalog).search(query)
    if result.fuzzy and not guess:
        problems = [
            f"no work has {word!r}" + (f" (close: {', '.join(found[:3])})" if found else "")
            for word, found in result.fuzzy.items()
        ]
        raise UsageError("; ".join(problems) + " (cite, export and open do not guess: correct the query)")
    for hint in result.hints:
        print(f"aligntui: {hint}", file=err)
    return [catalog.works[i] for i in result.work_ids]


def _one_line(work: Work) -> str:
    from aligntui.names import byline

    year = str(work.published_year) if work.published_year else "----"
    authors = byline(work).removesuffix(f" {year}")
    return f"{work.id}\t{year}\t{authors or '-'}\t{work.title}"


def _write_export(path: Path, text: str, force: bool) -> None:
    if path.exists() and not force:
        raise UsageError(f"{path} exists; add --force to overwrite it")
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise OSError(f"cannot write {path}: the folder {directory} does not exist")
    write_atomically(path, text)


def _export_text(catalog: Catalog, works: list[Work], fmt: str) -> str:
    from aligntui import cite

    if fmt == "json":
        return json.dumps([work_record(catalog, w) for w in works], indent=2, ensure_ascii=False) + "\n"
    if fmt == "csl-json":
        return json.dumps([cite.to_csl_json(w) for w in works], indent=2, ensure_ascii=False) + "\n"
    if fmt == "markdown":
        return "".join(f"- {cite.to_markdown(w)}\n" for w in works)
    if fmt == "list":
        from aligntui.listexport import to_list_markdown

        return to_list_markdown(catalog, works)
    return cite.to_bibtex_many(works) + "\n"


def _validate(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    catalog = load_catalog(args.path or args.catalog)
    print(f"{catalog.path}: ok ({len(catalog.works)} works, {catalog.membership_count} section entries)", file=out)
    return 0


def _explore(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    catalog = load_catalog(args.catalog)
    from aligntui.app import make_app

    # The catalog lives as long as the app: keep the collector from rescanning it.
    gc.freeze()
    make_app(catalog).run()
    return 0


def _list(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    catalog = load_catalog(args.catalog)
    works = _select(catalog, args.query, err)
    if args.format == "json":
        print(json.dumps([work_record(catalog, w) for w in works], indent=2, ensure_ascii=False), file=out)
    else:
        for work in works:
            print(_one_line(work), file=out)
    return 0


def _cite(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from aligntui.cite import render_many

    catalog = load_catalog(args.catalog)
    works = _select(catalog, args.query, err, guess=False)
    if not works:
        print("aligntui: no work matches that query", file=err)
        return 1
    print(render_many(works, args.style), file=out)
    return 0


def _export(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    catalog = load_catalog(args.catalog)
    works = _select(catalog, args.query, err, guess=False) if args.query else list(catalog.works.values())
    text = _export_text(catalog, works, args.format)
    if args.output:
        _write_export(Path(args.output), text, args.force)
        print(f"wrote {len(works)} works to {args.output}", file=err)
    else:
        out.write(text)
    return 0


def _open_command(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    return _open(load_catalog(args.catalog), " ".join(args.id), out, err)


Handler = Callable[[argparse.Namespace, TextIO, TextIO], int]
HANDLERS: dict[str | None, Handler] = {
    None: _explore,
    "validate": _validate,
    "list": _list,
    "cite": _cite,
    "export": _export,
    "open": _open_command,
    **import_cli.HANDLERS,
}
"""The function that runs each subcommand (None: the explorer)."""


def run(argv: Sequence[str] | None, out: TextIO, err: TextIO) -> int:
    """Run the command line with ``argv``; return the exit status."""
    args = build_parser().parse_args(argv)
    if not hasattr(args, "catalog"):
        args.catalog = None
    try:
        return HANDLERS[args.command](args, out, err)
    except CatalogError as error:
        for problem in error.problems:
            print(problem, file=err)
        count = len(error.problems)
        print(f"aligntui: the catalog has {count} problem{'s' if count != 1 else ''}", file=err)
        return 1
    except UsageError as error:
        print(f"aligntui: {error}", file=err)
        return 2
    except OSError as error:
        print(f"aligntui: {error}", file=err)
        return 1


def _open(catalog: Catalog, work_id: str, out: TextIO, err: TextIO) -> int:
    from aligntui.links import open_url

    work = catalog.works.get(work_id)
    if work is None:
        found = _select(catalog, [work_id], err, guess=False)
        if len(found) != 1:
            listing = "".join(f"\n  {w.id}  {w.title}" for w in found[:10])
            raise UsageError(f"{work_id!r} is no work's id and finds {len(found)} works; give one id:{listing}")
        work = found[0]
    link = work.primary_link
    if link is None:
        print(f"aligntui: {work_id} has no link", file=err)
        return 1
    outcome = open_url(link.clean_url)
    if outcome.opened:
        print(f"opened {link.clean_url}", file=out)
        return 0
    print(f"aligntui: {outcome.message}; the link is:\n{link.clean_url}", file=err)
    return 1


def main(argv: Sequence[str] | None = None) -> int:
    """The ``aligntui`` console script."""
    try:
        return run(argv, sys.stdout, sys.stderr)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # Output piped into `head` and the like: not an error of ours.
        sys.stderr.close()
        return 0
