"""The ``import-md`` subcommand: a Markdown paper list into a catalog, or a catalog updated from its list.

``aligntui.cli.main`` registers the parser (``add_parsers``) and the handlers
(``HANDLERS``); the work is done by the pure modules ``importer``,
``listmerge`` and ``catalog_toml``. Output is checked with the loader before it
is written, written atomically, and never over an existing file without
``--force`` (``--update`` rewrites the catalog it names: that is what it is for).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from aligntui.system.regularfile import MAX_PERSONAL_BYTES, NotText, read_regular_text
from aligntui.text.safe import clipped, visible_line

if TYPE_CHECKING:
    from aligntui.paperlist.importer import ImportResult
    from aligntui.paperlist.merge import Change

__all__ = ["HANDLERS", "add_parsers", "changes_table", "printable"]


def printable(text: str) -> str:
    """Text from a list (or a file name) made safe for a terminal: one line, ``safe.visible_line``'s escapes."""
    return visible_line(text)


def add_parsers(sub: Any) -> None:
    """Add ``import-md`` to the subcommands of ``aligntui`` (``sub`` is argparse's subparsers action)."""
    parser = sub.add_parser(
        "import-md",
        help="make a catalog from a Markdown paper list, or update a catalog from a newer list",
        description="Read a Markdown paper list (an 'awesome' list) into a catalog. Headings become sections, "
        "entries become works; every item left out is reported with its line.",
    )
    parser.add_argument("list", metavar="LIST.md", help="the Markdown paper list (a local file)")
    parser.add_argument("-o", "--output", metavar="FILE", help="write the catalog to FILE (default: standard output)")
    parser.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    parser.add_argument(
        "--update",
        metavar="CATALOG",
        help="merge the list into CATALOG, keeping what the list does not say, and rewrite it (or write -o FILE)",
    )
    parser.add_argument("--prune", action="store_true", help="with --update: remove works the list no longer has")
    parser.add_argument("--dry-run", action="store_true", help="with --update: print the changes, write nothing")
    parser.add_argument(
        "--list-url", metavar="URL", help="where the list is published: the source of works it gives no link for"
    )


def _read_list(path: Path, err: TextIO) -> str | None:
    try:
        return read_regular_text(path, MAX_PERSONAL_BYTES)
    except NotText as error:
        print(f"aligntui: {printable(str(path))}: {error}", file=err)
    except OSError as error:
        print(f"aligntui: cannot read {printable(str(path))}: {printable(error.strerror or str(error))}", file=err)
    return None


def _report_skipped(result: ImportResult, err: TextIO) -> None:
    """Every item left out (``skipped``) and every item imported with a notice (``note``), with its line."""
    items = [("skipped", item) for item in result.skipped] + [("note", item) for item in result.notices]
    for what, item in sorted(items, key=lambda pair: pair[1].line):
        text = f": {printable(item.text)}" if item.text else ""
        print(f"{printable(result.name)}:{item.line}: {what}, {clipped(item.reason, 300)}{text}", file=err)


def changes_table(changes: Sequence[Change], width: int | None = None) -> str:
    """The changes as an aligned table (change, id, detail), one line each, or a line saying there are none.

    ``width`` (a terminal's columns) cuts long details to fit; None, for a pipe
    or a file, keeps every detail whole.
    """
    if not changes:
        return "no changes"
    kind_width = max(len("change"), *(len(c.kind) for c in changes))
    id_width = min(40, max(len("id"), *(len(c.subject) for c in changes)))
    lines = [f"{'change':<{kind_width}}  {'id':<{id_width}}  detail"]
    for change in changes:
        detail = printable(change.detail)
        room = max(20, width - kind_width - id_width - 4) if width else len(detail)
        detail = detail if len(detail) <= room else detail[: room - 1] + "…"
        lines.append(f"{change.kind:<{kind_width}}  {printable(change.subject):<{id_width}}  {detail}")
    return "\n".join(lines)


def _terminal_width(out: TextIO) -> int | None:
    """The columns of the terminal ``out`` is, or None when it is a pipe or a file (nothing is cut then)."""
    import shutil

    isatty = getattr(out, "isatty", None)
    return shutil.get_terminal_size().columns if isatty is not None and isatty() else None


def _write(path: Path, text: str, *, force: bool, err: TextIO) -> int:
    """Write ``text`` to ``path`` atomically; the exit status (2: exists without ``force``, 1: no such folder)."""
    from aligntui.system.atomic import write_file

    try:
        write_file(path, text, overwrite=force)  # refuses a FIFO, a device, a read-only file; names a missing folder
    except FileExistsError:
        print(f"aligntui: {printable(str(path))} exists; add --force to overwrite it", file=err)
        return 2
    except OSError as error:
        print(f"aligntui: {printable(str(error))}", file=err)
        return 1
    return 0


def _header(list_name: str) -> str:
    name = printable(Path(list_name).name)
    return f"# Made by `aligntui import-md` from {name}. Schema: docs/catalog.md.\n"


def _import_md(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from aligntui.catalog.load import parse_catalog
    from aligntui.catalog.toml_writer import catalog_to_toml
    from aligntui.paperlist.importer import import_markdown

    if (args.prune or args.dry_run) and not args.update:
        print("aligntui: --prune and --dry-run go with --update CATALOG", file=err)
        return 2
    text = _read_list(Path(args.list), err)
    if text is None:
        return 1
    result = import_markdown(text, args.list, args.list_url)
    _report_skipped(result, err)
    if not result.catalog.works:
        print(f"aligntui: {printable(args.list)}: no paper entries found under any heading", file=err)
        return 1
    if args.update:
        return _update(args, result, out, err)
    toml = catalog_to_toml(result.catalog, _header(args.list))
    parse_catalog(toml, args.output or "<output>")
    print(printable(result.summary()), file=err)
    if not args.output:
        out.write(toml)
        return 0
    status = _write(Path(args.output), toml, force=args.force, err=err)
    if status == 0:
        print(f"wrote {printable(args.output)}", file=err)
    return status


def _update(args: argparse.Namespace, result: ImportResult, out: TextIO, err: TextIO) -> int:
    from aligntui.catalog.load import load_catalog, parse_catalog
    from aligntui.catalog.toml_writer import catalog_to_toml, header_comment
    from aligntui.paperlist.merge import merge_list

    target = Path(args.update)
    existing = load_catalog(target)
    merged = merge_list(existing, result.catalog, prune=args.prune)
    print(changes_table(merged.changes, _terminal_width(out)), file=out)
    print(printable(result.summary()), file=err)
    if args.dry_run:
        print("dry run: nothing written", file=err)
        return 0
    if not merged.modified and not args.output:
        print(f"{printable(str(target))}: nothing to change; nothing written", file=err)
        return 0
    toml = catalog_to_toml(merged.catalog, header_comment(read_regular_text(target, MAX_PERSONAL_BYTES)))
    destination = Path(args.output) if args.output else target
    parse_catalog(toml, str(destination))
    status = _write(destination, toml, force=args.force or not args.output, err=err)
    if status == 0:
        print(f"wrote {printable(str(destination))}", file=err)
    return status


HANDLERS: dict[str | None, Callable[[argparse.Namespace, TextIO, TextIO], int]] = {"import-md": _import_md}
"""The handler of each subcommand this module adds."""
