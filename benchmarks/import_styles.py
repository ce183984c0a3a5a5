"""How well ``import-md`` reads each list style, and how fast it imports a long list.

    python benchmarks/import_styles.py              # the style table and the speed of 1,300 entries
    python benchmarks/import_styles.py --entries 5000

The styles are the synthetic lists of ``tests/data/lists/`` (one style each; the
first line of each says how many papers it lists). For each the table gives the
papers listed, the works imported, the items reported as skipped, and whether
every work has a title, a link or an arXiv id, and a source. The speed line
imports a list of N entries in the survey's own style, spread over 40 sections
(median of 5 runs, after one warm-up, in this interpreter).
"""

from __future__ import annotations

import argparse
import re
import statistics
import time
from pathlib import Path

from aligntui.paperlist.importer import import_markdown

LISTS = Path(__file__).resolve().parents[1] / "tests" / "data" / "lists"


def style_table() -> str:
    """The Markdown table of works found against papers listed, one row a style."""
    rows = [
        "| style | papers listed | works found | skipped items | notes | works with a link | result |",
        "|---|---|---|---|---|---|---|",
    ]
    total_listed = total_found = 0
    for path in sorted(LISTS.glob("*.md")):
        if path.name == "README.md":
            continue
        text = path.read_text(encoding="utf-8")
        match = re.search(r"<!-- papers: (\d+) -->", text)
        listed = int(match.group(1)) if match else 0
        result = import_markdown(text, path.name)
        works = result.catalog.works.values()
        linked = sum(1 for w in works if w.links or w.arxiv)
        found = len(result.catalog.works)
        total_listed += listed
        total_found += found
        verdict = "ok" if found == listed else ("missing" if found < listed else "extra")
        notices = len(result.notices)
        rows.append(f"| {path.stem} | {listed} | {found} | {len(result.skipped)} | {notices} | {linked} | {verdict} |")
    rows.append(f"| **all** | {total_listed} | {total_found} | | | | |")
    return "\n".join(rows)


def long_list(entries: int) -> str:
    """A list in the survey's style with ``entries`` entries over 40 sections (synthetic words)."""
    words = ["reward", "policy", "preference", "value", "safety", "honesty", "feedback", "critique", "debate"]
    lines = ["# A Long List", ""]
    for n in range(entries):
        if n % max(1, entries // 40) == 0:
            lines += ["", f"## Section {n // max(1, entries // 40) + 1}"]
        title = " ".join(words[(n * k) % len(words)].title() for k in (1, 3, 7)) + f" {n}"
        lines.append(
            f"{n % 30 + 1}. **{title}**. *Ann Author{n % 17} et al.* arXiv {2015 + n % 10}. "
            f"[[Paper](https://arxiv.org/abs/24{n % 12 + 1:02d}.{n:05d})][[Code](https://github.com/x/p{n})]"
        )
    return "\n".join(lines) + "\n"


def speed(entries: int) -> str:
    """One line: the median time to import a list of ``entries`` entries."""
    text = long_list(entries)
    import_markdown(text, "long.md")
    times = []
    for _ in range(5):
        start = time.perf_counter()
        result = import_markdown(text, "long.md")
        times.append(time.perf_counter() - start)
    return (
        f"import of {entries:,} entries ({len(result.catalog.works):,} works): "
        f"median {statistics.median(times):.2f} s, worst {max(times):.2f} s (target: under 3 s)"
    )


def main() -> None:
    """Print the style table and the speed line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--entries", type=int, default=1300, help="entries in the long list (default 1300)")
    args = parser.parse_args()
    print(style_table())
    print()
    print(speed(args.entries))


if __name__ == "__main__":
    main()
