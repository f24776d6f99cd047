"""What `newslint check` shows while a run goes on: each file's findings as soon as they
are known, and a progress bar on a terminal.

Streaming: `Printer` is the run's `Listener`. It writes each file's findings (and its
input errors, on stderr) when the engine hands the file over in report order, so the
findings come out in the order the whole run would print them. The corpus rules'
findings can only be known once every file is read; they come after the last file's.

The bar: a transient `rich` progress bar on stderr, shown only when stderr is an
interactive terminal (see `bar_wanted`) and only once the run has taken `DELAY` seconds,
so the short runs of a pre-commit hook never flash one. The bar is erased before anything
is written to stdout or stderr and drawn again below it at its next tick, so on a
terminal the findings and the bar never share a line.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import TextIO

from newslint.document import Document
from newslint.engine.results import FileResult
from newslint.engine.run import Listener
from newslint.model import Diagnostic, FileError

DELAY = 1.0  # seconds a run takes before its bar appears
TICK = 0.1  # seconds between redraws of the bar (its clock moves while a file is slow)

# The formats whose output is a sequence of findings, each complete on its own, so a file's
# can be written as soon as it is known. The others are one document (a JSON list, SARIF,
# XML, a page) and are written once the run is over.
STREAMED = ("pretty", "concise", "github", "json-lines")


def bar_wanted(stream: TextIO, environ: Mapping[str, str], quiet: bool) -> bool:
    """Whether a run may show its progress bar on `stream`: only on an interactive
    terminal (not a file, a pipe, or `TERM=dumb`, which cannot move the cursor), never
    when the `CI` variable is set (some CI runners give their jobs a terminal, and a log
    full of redrawn bars helps no one), and not with `--quiet` (findings only)."""
    if quiet or environ.get("CI") or environ.get("TERM") == "dumb":
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a replaced or closed stream
        return False


class ProgressBar:
    """A one-line progress bar of `total` files on `stream` (a terminal), drawn from a
    thread of its own. It appears `DELAY` seconds after `start`, unless `close` came
    first; `paused` takes it off the screen while something else is written."""

    def __init__(self, stream: TextIO, total: int, color: bool | None) -> None:
        # rich is imported here, not at the top: most runs draw no bar (a pipe, a file, a
        # hook), and importing rich's progress bar and console is much of a short run's start.
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        console = Console(file=stream, no_color=color is False or None, highlight=False)
        self._progress = Progress(
            TextColumn("Linting"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("files"),
            TimeElapsedColumn(),
            console=console,
            transient=True,  # the bar leaves nothing behind
            auto_refresh=False,  # redrawn by this class, under its lock
            redirect_stdout=False,  # the findings go to the real stdout, not above the bar
            redirect_stderr=False,
        )
        self._task = self._progress.add_task("lint", total=total)
        self._lock = threading.Lock()
        self._done = threading.Event()
        self._shown = False  # the bar is started (it is, or will be at the next tick, drawn)
        self._drawn = False  # the bar is on the screen now
        self._thread = threading.Thread(target=self._draw, name="newslint-progress", daemon=True)

    def start(self) -> None:
        """Start the clock: the bar appears after `DELAY` seconds."""
        self._thread.start()

    def advance(self) -> None:
        """One more file is done."""
        self._progress.advance(self._task)

    def _draw(self) -> None:
        if self._done.wait(DELAY):
            return
        with self._lock:
            if self._done.is_set():
                return
            self._progress.start()
            self._shown = self._drawn = True
        while not self._done.wait(TICK):
            with self._lock:
                if self._shown:
                    self._progress.refresh()
                    self._drawn = True

    @contextmanager
    def paused(self) -> Iterator[None]:
        """The bar off the screen while the block writes. It is drawn again below at the
        next tick, not at once: redrawing after each of a thousand files' findings would
        cost more than the findings themselves."""
        with self._lock:
            if self._drawn:
                from rich.control import Control
                from rich.segment import ControlType

                # The bar is one line and the cursor stands at its end: back to the start
                # of the line and erase it; the next refresh draws it below what is written.
                self._progress.console.control(
                    Control((ControlType.CARRIAGE_RETURN,), (ControlType.ERASE_IN_LINE, 2))
                )
                self._drawn = False
            yield

    def close(self) -> None:
        """Erase the bar for good (or make sure it never appears)."""
        self._done.set()
        with self._lock:
            if self._shown:
                self._progress.stop()
                self._shown = self._drawn = False
        if self._thread.is_alive():
            self._thread.join()


# Writes a file's findings, given the file's documents by `Document.key`.
Write = Callable[[list[Diagnostic], Mapping[str, Document]], None]


class Printer(Listener):
    """The run's listener for `newslint check`: advances the bar (if any) as files are
    linted and, when `write` is given, writes each file's input errors (with
    `report_error`) and findings (with `write`, which must flush its stream before the bar
    is drawn again) as the file becomes ready. `keep` picks the findings to write from a
    file's (a baseline drops those it holds); both are given the file's documents."""

    def __init__(
        self,
        bar: ProgressBar | None,
        write: Write | None,
        report_error: Callable[[FileError], None],
        keep: Callable[[list[Diagnostic], Mapping[str, Document]], list[Diagnostic]],
    ) -> None:
        self.bar = bar
        self.write = write
        self.report_error = report_error
        self.keep = keep
        self.errors_written = 0  # the input errors this listener wrote

    def started(self, total: int) -> None:
        if self.bar is not None:
            self.bar.start()

    def linted(self, path: str) -> None:
        if self.bar is not None:
            self.bar.advance()

    def ready(self, result: FileResult) -> None:
        if self.write is None:
            return
        documents = {document.key: document for document in result.documents}
        shown = self.keep(result.diagnostics, documents)
        if not shown and not result.errors:
            return
        with self.paused():
            for error in result.errors:
                self.report_error(error)
            self.errors_written += len(result.errors)
            if shown:
                self.write(shown, documents)

    @contextmanager
    def paused(self) -> Iterator[None]:
        """The bar, if any, off the screen while the block writes."""
        if self.bar is None:
            yield
            return
        with self.bar.paused():
            yield

    def close(self) -> None:
        """Erase the bar, if any."""
        if self.bar is not None:
            self.bar.close()
