"""Command-line entry point: the explorer and its subcommands.

The subcommands use the same pure core as the TUI (catalog, query, cite), so
``aligntui list QUERY`` and the TUI filter can never disagree. The TUI is
imported only when it runs.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import io
import json
import os
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from types import FrameType
from typing import TextIO

from aligntui import __version__
from aligntui.browse.selection import SORTS, UsageError, select_intended, select_works, sort_works
from aligntui.catalog.load import load_catalog, start_loading
from aligntui.catalog.model import Catalog, CatalogError, Work
from aligntui.cite.style_names import STYLES
from aligntui.cli import enrich as enrich_cli
from aligntui.cli import import_md as import_cli
from aligntui.cli import personal as marks_cli
from aligntui.cli.personal import personal_for
from aligntui.personal.errors import BibError
from aligntui.system.atomic import write_file
from aligntui.text.safe import escape_json, visible, visible_line

__all__ = ["main", "work_record"]

EXPORT_FORMATS = ("bibtex", "csl-json", "markdown", "json", "list")


def _catalog_option(parser: argparse.ArgumentParser, *, top: bool) -> None:
    parser.add_argument(
        "--catalog",
        metavar="PATH",
        default=None if top else argparse.SUPPRESS,
        help="use this catalog instead of the bundled one",
    )


def _sort_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--sort",
        choices=SORTS,
        default=None,
        help="relevance (the default when the query has words), tree (the default without) or year (oldest first)",
    )


def _all_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--all",
        dest="take_all",
        action="store_true",
        help="take every work a word query matches (without it: only a clear best match, or none)",
    )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for ``aligntui`` and its subcommands."""
    parser = argparse.ArgumentParser(
        prog="aligntui",
        description="Explore the papers of the survey of alignment goals for big models.",
    )
    parser.add_argument("--version", action="version", version=f"aligntui {__version__}")
    _catalog_option(parser, top=True)
    parser.add_argument("--bib", metavar="FILE", help="your .bib file: b appends to it, is:inbib finds its works")
    parser.add_argument("--fresh", action="store_true", help="start the explorer clean, not where you left off")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    validate = sub.add_parser("validate", help="check a catalog and print every problem")
    validate.add_argument("path", nargs="?", help="the catalog to check (default: --catalog or the bundled one)")
    _catalog_option(validate, top=False)

    listing = sub.add_parser("list", help="print the works matching a query")
    listing.add_argument("query", nargs="*", help="a query (see the README); all works when empty")
    listing.add_argument("--format", choices=("text", "json"), default="text")
    _sort_option(listing)
    _catalog_option(listing, top=False)

    cite = sub.add_parser("cite", help="print citations of the works matching a query")
    cite.add_argument("query", nargs="*", help="a query or a work id")
    cite.add_argument("--style", choices=STYLES, default="bibtex")
    cite.add_argument("--survey", action="store_true", help="cite the survey the catalog comes from")
    _all_option(cite)
    _sort_option(cite)
    _catalog_option(cite, top=False)

    export = sub.add_parser("export", help="export the catalog, or the works matching a query")
    export.add_argument("query", nargs="*", help="a query; the whole catalog when empty")
    export.add_argument("--format", choices=EXPORT_FORMATS, required=True)
    export.add_argument("-o", "--output", metavar="FILE", help="write to FILE (atomically) instead of standard output")
    export.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    _sort_option(export)
    _catalog_option(export, top=False)

    opener = sub.add_parser("open", help="open a work's primary link in the web browser")
    opener.add_argument("id", nargs="+", help="the work's id (its citation key), or a query that finds one work")
    _catalog_option(opener, top=False)
    marks_cli.add_parsers(sub, _catalog_option)
    import_cli.add_parsers(sub)
    enrich_cli.add_parsers(sub)
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
        "aliases": list(work.aliases),
        "orgs": list(work.orgs),
        "other_titles": list(work.other_titles),
        "summary": work.summary,
        "abstract": work.abstract,
    }


def _say(stream: TextIO, text: str) -> None:
    """Print ``text`` with every control, bidi and stray zero-width character escaped (``safetext.visible``)."""
    print(visible(text), file=stream)


def _json(value: object) -> str:
    """JSON with non-ASCII letters kept readable and every unsafe character escaped as ``\\uNNNN``."""
    return escape_json(json.dumps(value, indent=2, ensure_ascii=False))


def _one_line(work: Work) -> str:
    from aligntui.catalog.names import byline

    year = str(work.published_year) if work.published_year else "----"
    authors = byline(work).removesuffix(f" {year}")
    return f"{work.id}\t{year}\t{visible_line(authors) or '-'}\t{visible_line(work.title)}"


def _write_export(name: str, text: str, force: bool) -> None:
    if not name:
        raise UsageError("-o needs a file name")
    path = Path(name)
    if path.is_dir():
        raise UsageError(f"{name} is a folder; give a file name for -o")
    try:
        write_file(path, text, overwrite=force)  # refuses a FIFO, a device, a read-only file; names a missing folder
    except FileExistsError:
        raise UsageError(f"{path} exists; add --force to overwrite it") from None


def _export_text(catalog: Catalog, works: list[Work], fmt: str) -> str:
    from aligntui.cite import formats as cite

    if fmt == "json":
        return _json([work_record(catalog, w) for w in works]) + "\n"
    if fmt == "csl-json":
        return _json([cite.to_csl_json(w) for w in works]) + "\n"
    if fmt == "markdown":
        return visible("".join(f"- {cite.to_markdown(w)}\n" for w in works))
    if fmt == "list":
        from aligntui.paperlist.export import to_list_markdown

        return visible(to_list_markdown(catalog, works))
    return visible(cite.bibtex_export(works))


def _report_gaps(works: Sequence[Work], err: TextIO) -> None:
    """Name on ``err`` each work whose citation lacks authors or a year (``cite.gaps.citation_gaps``)."""
    from aligntui.cite.gaps import citation_gaps, describe_gaps

    gaps = [(work, missing) for work in works if (missing := citation_gaps(work))]
    for work, missing in gaps[:20]:
        _say(err, f"aligntui: {describe_gaps(work.id, missing)} ({visible_line(work.title)})")
    if len(gaps) > 20:
        _say(err, f"aligntui: ... and {len(gaps) - 20} more works with incomplete citations")
    if gaps:
        _say(err, f"aligntui: {len(gaps)} of {len(works)} citations are incomplete; check them before citing")


def _validate(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    catalog = load_catalog(args.path if args.path is not None else args.catalog)
    _say(out, f"{catalog.path}: ok ({len(catalog.works)} works, {catalog.membership_count} section entries)")
    from aligntui.personal.marks import MarkStore

    orphans = len(MarkStore.for_catalog(catalog).orphans(catalog.works))
    if orphans:
        _say(out, f"{orphans} of your marks are for works no longer in it (kept; aligntui marks --orphans)")
    return 0


def _explore(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    # The catalog lives as long as the app: the collector never scans it. Paused until it is frozen, or the
    # first allocation after the load would start a full collection over every object of it (0.1 s at 100k).
    # Textual's modules too are imported with it paused (12-14 ms of passes over objects that live as long as the
    # process); the App pauses it again from its start to its first frame (aligntui.tui.collector).
    gc.disable()
    try:
        # The file is hashed (the parse cache's key) on a thread while Textual is imported; a first open stores the
        # parse cache after the first paint, not before it.
        finish_loading = start_loading(args.catalog)
        from aligntui.tui.app import make_app

        catalog, store_cache = finish_loading()
        gc.freeze()
    finally:
        gc.enable()

    app = make_app(catalog, bib=Path(args.bib) if args.bib else None, fresh=args.fresh, store_cache=store_cache)
    app.run()
    app.store_parse_cache()  # a run that ended before the index was ready: the next open still finds the cache
    if app.return_code:
        if app.crash_report is not None or app._exception is not None:
            from aligntui.system.crashlog import summary

            error = app._exception or RuntimeError("unknown error")
            print(summary(error, app.crash_report), file=err)
        return app.return_code
    return 0


def _list(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    catalog = load_catalog(args.catalog)
    works = select_works(
        catalog, args.query, err, sort=args.sort, personal=personal_for(catalog, args.query, args.bib, err)
    )
    if args.format == "json":
        print(_json([work_record(catalog, w) for w in works]), file=out)
    else:
        for work in works:
            print(_one_line(work), file=out)
    if not works:
        # As grep does: nothing found is exit status 1, said on stderr so that a script's output stays empty.
        _say(err, "aligntui: no work matches that query")
        return 1
    return 0


def _cite(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from aligntui.cite.formats import render_many, survey_citation

    catalog = load_catalog(args.catalog)
    if args.survey or not args.query:
        if args.query:
            raise UsageError("cite --survey takes no query")
        if not args.survey:
            raise UsageError("cite needs a query, or --survey for the survey itself")
        print(survey_citation(catalog, args.style), file=out)
        return 0
    personal = personal_for(catalog, args.query, args.bib, err)
    works = select_intended(catalog, args.query, err, take_all=args.take_all, sort=args.sort, personal=personal)
    if not works:
        print("aligntui: no work matches that query", file=err)
        return 1
    _report_gaps(works, err)
    _say(out, render_many(works, args.style))
    return 0


def _export(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    catalog = load_catalog(args.catalog)
    if args.query:
        personal = personal_for(catalog, args.query, args.bib, err)
        # export takes every match: the query names a set (cite and bib add take what a query means, one work).
        works = select_works(catalog, args.query, err, guess=False, sort=args.sort, personal=personal)
    else:
        works = sort_works(catalog, list(catalog.works.values()), args.sort or "tree")
    if args.format in ("bibtex", "csl-json", "markdown"):
        _report_gaps(works, err)
    text = _export_text(catalog, works, args.format)
    if args.output is not None:
        _write_export(args.output, text, args.force)
        _say(err, f"wrote {len(works)} works to {args.output}")
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
    **marks_cli.HANDLERS,
    **import_cli.HANDLERS,
    **enrich_cli.HANDLERS,
}
"""The function that runs each subcommand (None: the explorer)."""


def _terminated(number: int, frame: FrameType | None) -> None:
    """Turn SIGTERM or SIGHUP into ``SystemExit``, so ``finally`` blocks run (a half-written export is removed)."""
    raise SystemExit(128 + number)


@contextlib.contextmanager
def _exit_cleanly_on_signals() -> Iterator[None]:
    """While a subcommand runs, SIGTERM and SIGHUP exit through Python's unwinding, as SIGINT does (143, 129)."""
    wanted = [getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)]
    try:
        previous = {number: signal.signal(number, _terminated) for number in wanted}
    except ValueError:  # not the main thread: leave the signals alone
        yield
        return
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def run(argv: Sequence[str] | None, out: TextIO, err: TextIO) -> int:
    """Run the command line with ``argv``; return the exit status."""
    args = build_parser().parse_args(argv)
    if not hasattr(args, "catalog"):
        args.catalog = None
    try:
        if args.command is None:  # the explorer restores the terminal on signals itself
            return HANDLERS[None](args, out, err)
        with _exit_cleanly_on_signals():
            return HANDLERS[args.command](args, out, err)
    except CatalogError as error:
        for problem in error.problems:
            _say(err, visible_line(str(problem)))  # one line each, whatever the file's name holds
        count = len(error.problems)
        _say(err, f"aligntui: the catalog has {count} problem{'s' if count != 1 else ''}")
        return 1
    except UsageError as error:
        _say(err, f"aligntui: {error}")
        return 2
    except BibError as error:  # the .bib named for is:inbib does not parse or cannot be read
        _say(err, f"aligntui: {visible_line(str(error))}")
        return 1
    except BrokenPipeError:
        raise  # a reader that stopped reading (`| head`): main() makes it silent
    except OSError as error:
        _say(err, f"aligntui: {error}")
        return 1


def _open(catalog: Catalog, work_id: str, out: TextIO, err: TextIO) -> int:
    from aligntui.system.browser import open_url

    work = catalog.works.get(work_id)
    if work is None:
        found = select_works(catalog, [work_id], err, guess=False)
        if len(found) != 1:
            listing = "".join(f"\n  {w.id}  {visible_line(w.title)}" for w in found[:10])
            raise UsageError(f"{work_id!r} is no work's id and finds {len(found)} works; give one id:{listing}")
        work = found[0]
    link = work.primary_link
    if link is None:
        _say(err, f"aligntui: {work_id} has no link")
        return 1
    outcome = open_url(link.clean_url)
    if outcome.opened:
        _say(out, f"opened {link.clean_url}")
        return 0
    _say(err, f"aligntui: {visible_line(outcome.message)}; the link is:\n{visible_line(link.clean_url)}")
    return 1


def main(argv: Sequence[str] | None = None) -> int:
    """The ``aligntui`` console script."""
    for stream in (sys.stdout, sys.stderr):
        # A character the terminal's encoding lacks is written as an escape, not a UnicodeEncodeError.
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
    try:
        status = run(argv, sys.stdout, sys.stderr)
        sys.stdout.flush()  # inside the try: the last buffered output may meet a closed pipe too
        return status
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # Output piped into `head` and the like: not an error of ours. As the signal module's documentation
        # advises (note on SIGPIPE), point stdout at devnull so the flush at exit cannot fail again.
        _silence_stdout()
        return 0


def _silence_stdout() -> None:
    """Send what is left of standard output to the null device (when stdout is a real file descriptor)."""
    try:
        descriptor = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, descriptor)
    os.close(devnull)
