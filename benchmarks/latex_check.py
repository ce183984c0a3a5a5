"""Compile the whole BibTeX export under the common LaTeX setups and count errors and warnings.

    python benchmarks/latex_check.py                 # the bundled catalog
    python benchmarks/latex_check.py --catalog PATH  # another catalog
    python benchmarks/latex_check.py --keep DIR      # keep the .tex/.bbl/.log files in DIR

Installs nothing: it needs ``pdflatex`` and ``bibtex`` (and ``biber`` for the
biblatex setup) on the PATH (Debian: texlive-latex-base, texlive-latex-recommended,
texlive-bibtex-extra, biber; IEEEtran.bst comes with texlive-publishers) and
skips a setup whose tool or style is missing. Each setup is a one-page
article with ``\\nocite{*}``: pdflatex, bibtex or biber, pdflatex twice, all
in nonstop mode. Errors are the ``!`` lines of the last pdflatex run plus the
errors BibTeX or biber report; warnings are LaTeX, package and font warnings
(``Missing character``) of the last run plus BibTeX's or biber's warnings.
Prints a Markdown table; the exit status is 1 when any setup has an error.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import NamedTuple

from aligntui.catalog.load import load_catalog
from aligntui.cite.bibtex import bibtex_export


class Setup(NamedTuple):
    """One way an author typesets the bibliography: preamble packages and the bibliography commands."""

    name: str
    packages: str
    style: str | None  # a .bst for BibTeX; None for biblatex + biber


SETUPS = (
    Setup("plain", "", "plain"),
    Setup("plainnat", r"\usepackage{natbib}", "plainnat"),
    Setup("plainnat + url", r"\usepackage{natbib}\usepackage{url}", "plainnat"),
    Setup("IEEEtran", "", "IEEEtran"),
    Setup("natbib + hyperref backref", r"\usepackage{natbib}\usepackage[backref=page]{hyperref}", "plainnat"),
    Setup("biblatex + biber", r"\usepackage[backend=biber]{biblatex}\addbibresource{refs.bib}", None),
)
FONT = r"\usepackage[T1]{fontenc}"
"""Every setup loads T1 fontenc: OT1 has no ogonek (Trębacz), so ``\\k`` needs it."""


def _document(setup: Setup) -> str:
    """The .tex file of a setup."""
    if setup.style is None:
        bibliography = r"\printbibliography"
    else:
        bibliography = rf"\bibliographystyle{{{setup.style}}}\bibliography{{refs}}"
    return "\n".join(
        [
            r"\documentclass{article}",
            FONT,
            setup.packages,
            r"\tracinglostchars=1",
            r"\begin{document}",
            r"\nocite{*}",
            bibliography,
            r"\end{document}",
            "",
        ]
    )


def _run(command: list[str], folder: Path) -> str:
    """Run a TeX tool in the folder; its output (the tools write their own logs too)."""
    result = subprocess.run(
        command, cwd=folder, capture_output=True, text=True, errors="replace", timeout=300, check=False
    )
    return result.stdout + result.stderr


def _bib_counts(setup: Setup, folder: Path) -> tuple[int, int, list[str]]:
    """Errors, warnings and their lines from BibTeX's or biber's run."""
    if setup.style is None:
        out = _run(["biber", "--quiet", "doc"], folder)
        failures = [line for line in out.splitlines() if line.startswith("ERROR")]
        notes = [line for line in out.splitlines() if line.startswith("WARN")]
        return len(failures), len(notes), failures + notes
    out = _run(["bibtex", "doc"], folder)
    found = re.search(r"\(There (?:was|were) (\d+|one) error", out)
    errors = 0 if not found else 1 if found[1] == "one" else int(found[1])
    warnings = [line for line in out.splitlines() if line.startswith("Warning--")]
    error_lines = [line for line in out.splitlines() if "---" in line and "error" in line.lower()]
    return errors, len(warnings), error_lines + warnings


def _latex_counts(log: str) -> tuple[int, int, list[str]]:
    """Errors, warnings and their lines from a pdflatex log."""
    lines = log.splitlines()
    errors = [line for line in lines if line.startswith("! ")]
    warnings = [line for line in lines if re.match(r"(LaTeX|Package \w+|Class \w+) Warning|Missing character", line)]
    return len(errors), len(warnings), errors + warnings


def check(setup: Setup, bib: str, keep: Path | None) -> tuple[int, int, list[str]] | None:
    """(errors, warnings, the lines) for one setup, or None when its tools are missing."""
    tool = "biber" if setup.style is None else "bibtex"
    if not shutil.which("pdflatex") or not shutil.which(tool):
        return None
    if setup.style and not _run(["kpsewhich", f"{setup.style}.bst"], Path.cwd()).strip():
        return None
    with tempfile.TemporaryDirectory(prefix="aligntui-latex-") as temporary:
        folder = Path(temporary)
        (folder / "refs.bib").write_text(bib, encoding="utf-8")
        (folder / "doc.tex").write_text(_document(setup), encoding="utf-8")
        latex = ["pdflatex", "-interaction=nonstopmode", "doc.tex"]
        _run(latex, folder)
        bib_errors, bib_warnings, bib_lines = _bib_counts(setup, folder)
        _run(latex, folder)
        _run(latex, folder)
        log = (folder / "doc.log").read_text(encoding="utf-8", errors="replace")
        tex_errors, tex_warnings, tex_lines = _latex_counts(log)
        if keep is not None:
            target = keep / re.sub(r"\W+", "-", setup.name)
            shutil.copytree(folder, target, dirs_exist_ok=True)
    return bib_errors + tex_errors, bib_warnings + tex_warnings, bib_lines + tex_lines


def main(argv: list[str] | None = None) -> int:
    """Compile the export under every setup and print the table; 1 when any setup has an error."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--catalog", help="a catalog other than the bundled one")
    parser.add_argument("--keep", type=Path, help="copy each setup's files into this folder")
    parser.add_argument("--verbose", action="store_true", help="print each error and warning line")
    args = parser.parse_args(argv)
    works = list(load_catalog(args.catalog).works.values())
    bib = bibtex_export(works)
    print(f"{len(works)} works\n")
    print("| setup | errors | warnings |")
    print("|---|---:|---:|")
    failed = False
    for setup in SETUPS:
        result = check(setup, bib, args.keep)
        if result is None:
            print(f"| {setup.name} | skipped (tool or style missing) | |")
            continue
        errors, warnings, lines = result
        failed = failed or errors > 0
        print(f"| {setup.name} | {errors} | {warnings} |")
        if args.verbose:
            for line in lines:
                print(f"|   | {line[:150]} | |")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
