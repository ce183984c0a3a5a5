"""Reading the terminal: ill-formed UTF-8 becomes U+FFFD instead of stopping the explorer (checked with textual 8.2.8).

Textual 8.2.8's ``LinuxDriver.run_input_thread`` decodes what the terminal
sends with a strict UTF-8 decoder. One ill-formed byte sequence (a lone
surrogate from a broken paste, which arrives as the bytes ED A0 80; a terminal
set to Latin-1 that sends é as the byte E9; 8-bit Meta keys) raises
``UnicodeDecodeError`` in the input thread, the driver calls ``App.panic``
and the explorer exits with a traceback. ``ReplacingLinuxDriver`` runs the same
loop with the decoder's ``errors="replace"``, so each such sequence arrives as
U+FFFD REPLACEMENT CHARACTER (Python's codecs, "Error Handlers"), and the
note editor, the filter and the .bib dialog show it and can store it.
"""

from __future__ import annotations

import os
import selectors
from codecs import getincrementaldecoder

from textual._loop import loop_last
from textual._parser import ParseError
from textual._xterm_parser import XTermParser
from textual.driver import Driver
from textual.drivers.linux_driver import LinuxDriver

__all__ = ["ReplacingLinuxDriver", "lenient"]


class ReplacingLinuxDriver(LinuxDriver):
    """Textual's Linux and macOS driver, reading ill-formed UTF-8 as U+FFFD."""

    def run_input_thread(self) -> None:
        """Wait for input and dispatch events: Textual 8.2.8's loop, with ``errors="replace"``."""
        selector = selectors.SelectSelector()
        selector.register(self.fileno, selectors.EVENT_READ)
        fileno = self.fileno
        parser = XTermParser(self._debug)
        decode = getincrementaldecoder("utf-8")(errors="replace").decode

        def process_selector_events(
            selector_events: list[tuple[selectors.SelectorKey, int]], final: bool = False
        ) -> None:
            for last, (_selector_key, mask) in loop_last(selector_events):
                if mask & selectors.EVENT_READ:
                    unicode_data = decode(os.read(fileno, 1024 * 4), final=final and last)
                    if not unicode_data:
                        break  # stdin is a pipe that has closed
                    for event in parser.feed(unicode_data):
                        self.process_message(event)
            for event in parser.tick():
                self.process_message(event)

        try:
            while not self.exit_event.is_set():
                process_selector_events(selector.select(0.1))
            selector.unregister(self.fileno)
            process_selector_events(selector.select(0.1), final=True)
        finally:
            selector.close()
            try:
                for _event in parser.feed(""):
                    pass
            except (EOFError, ParseError):
                pass


def lenient(driver_class: type[Driver]) -> type[Driver]:
    """``driver_class``, or ``ReplacingLinuxDriver`` where it is Textual's own ``LinuxDriver``."""
    return ReplacingLinuxDriver if driver_class is LinuxDriver else driver_class
