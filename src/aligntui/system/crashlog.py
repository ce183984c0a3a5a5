"""Crash reports: the full traceback of an unexpected error, kept in a file for a bug report (pure)."""

from __future__ import annotations

import time
import traceback
from pathlib import Path

from aligntui import __version__
from aligntui.system.atomic import write_atomically
from aligntui.system.dirs import state_dir

__all__ = ["summary", "write_crash_report"]


def write_crash_report(error: BaseException) -> Path | None:
    """Write the traceback to ``crash-YYYYMMDD-HHMMSS.txt`` in the state folder; None if it cannot be written."""
    folder = state_dir()
    path = folder / time.strftime("crash-%Y%m%d-%H%M%S.txt")
    text = f"aligntui {__version__}\n" + "".join(traceback.format_exception(type(error), error, error.__traceback__))
    try:
        folder.mkdir(parents=True, exist_ok=True)
        write_atomically(path, text)
    except OSError:
        return None
    return path


def summary(error: BaseException, report: Path | None) -> str:
    """The one line a person sees after a crash: what went wrong and where the full traceback is."""
    where = f"the full traceback is in {report}" if report else "the traceback could not be saved"
    first = str(error).splitlines()[0] if str(error) else ""
    return f"aligntui: the explorer stopped on an unexpected error ({type(error).__name__}: {first}); {where}"
