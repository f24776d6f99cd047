"""The default output, in the manner of ruff and rustc: a headline, the source line with
the words underlined, then the other places involved.

A finding is rendered as pieces of text, each with its style. In colour they go into rich
`Text` objects, styled by piece, never through markup, so brackets in copy print as they
are. Without colour (a file, a pipe) the pieces are joined as they are, and rich is not
imported at all when it is plain that rich would write without colour: importing rich's
console was a large part of a one-article run's start.
"""

from __future__ import annotations

import builtins
import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TextIO

from newslint.model import Diagnostic, Severity
from newslint.report import (
    Locator,
    article_note,
    printable,
    related_key,
    shown_path,
)

if TYPE_CHECKING:
    from rich.text import Text

STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "bold yellow", Severity.INFO: "bold cyan"}
_CONTEXT = 12  # characters shown before the span when a long line must be cut


def _window(line: str, lo: int, hi: int, width: int) -> tuple[str, int, int]:
    """Cut a long line to `width` around [lo, hi); returns the text and the span within it."""
    if len(line) <= width:
        return line, lo, hi
    start = max(0, min(lo - _CONTEXT, len(line) - width))
    shown = line[start : start + width]
    lead = "\u2026" if start > 0 else ""
    tail = "\u2026" if start + width < len(line) else ""
    if lead:
        shown = lead + shown[1:]
    if tail:
        shown = shown[:-1] + tail
    return shown, max(lo - start, len(lead)), min(hi - start, len(shown) - len(tail))


# A piece of a rendered finding: its text and its rich style (None: unstyled).
Piece = tuple[str, "str | None"]


def _one_column(char: str) -> bool:
    """Whether rich gives the printable `char` one column without looking in its table:
    Latin letters and signs below the combining marks (U+0300), and the dashes and
    quotation marks of U+2010-U+2027, which news copy is full of."""
    return char < "\u0300" or "\u2010" <= char <= "\u2027"


def _cell_len(text: str) -> int:
    """Terminal columns of `text`, as rich counts them (an emoji or a CJK character takes
    two). Printable Latin text and typographic punctuation take one column a character in
    rich's table, so only other text loads the table (importing it is a few milliseconds
    of a one-article run)."""
    if text.isprintable() and (text.isascii() or all(map(_one_column, text))):
        return len(text)
    from rich.cells import cell_len

    return cell_len(text)


def render(diag: Diagnostic, locator: Locator, width: int) -> Text:
    """The finding as a rich `Text` of `width` columns at most for the source line."""
    from rich.text import Text

    out = Text()
    for text, style in pieces(diag, locator, width):
        out.append(text, style=style)
    return out


def pieces(diag: Diagnostic, locator: Locator, width: int) -> list[Piece]:
    """The finding as (text, style) pieces; joined, they are `render`'s plain text."""
    line, col, end_line, end_col = locator.span(diag.key, diag.start, diag.end)
    style = STYLE[diag.severity]
    out: list[Piece] = []

    def add(text: str, style: str | None = None) -> None:
        out.append((text, style))

    add(f"{shown_path(diag.path)}:{line}:{col}:", style="bold")
    add(" ")
    add(printable(diag.code), style=style)
    add(f" [{printable(diag.rule)}] ")
    add(printable(diag.message))
    add(article_note(diag), style="dim")
    add("\n")
    index = locator.index(diag.key)
    if index is None:
        return out
    gutter = len(str(line)) + 1
    # Control characters are shown escaped; the span moves with them.
    source, starts = locator.printable_line(index, diag.key, line)
    hi = end_col - 1 if end_line == line else len(starts) - 1
    lo, hi = starts[min(col - 1, len(starts) - 1)], starts[min(max(hi, col), len(starts) - 1)]
    shown, lo, hi = _window(source, lo, max(hi, lo + 1), max(20, width - gutter - 3))
    add(" " * gutter + "|\n", style="blue")
    add(f"{line:>{gutter - 1}} | ", style="blue")
    add(shown)
    add("\n")
    add(" " * gutter + "| ", style="blue")
    # Under the words in terminal columns: an emoji or a CJK character takes two.
    add(" " * _cell_len(shown[:lo]) + "^" * max(1, _cell_len(shown[lo:hi])), style=style)
    if end_line > line:
        add(f" (continues to line {end_line})", style="dim")
    add("\n")
    for rel in diag.related:
        r_line, r_col, _, _ = locator.span(related_key(diag, rel), rel.start, rel.end)
        where = f"line {r_line}, column {r_col}"
        if rel.path != diag.path:
            where = f"{printable(rel.path)}:{r_line}:{r_col}"
        if rel.article is not None and related_key(diag, rel) != diag.key:
            where += f" (article {printable(rel.article)}, field {printable(rel.field or '')})"
        add(" " * gutter + "= ", style="blue")
        add(f"{printable(rel.message)}: {where}\n")
    if diag.fix is not None:
        add(" " * gutter + "= ", style="blue")
        add(
            f"fix{'' if diag.fix.safe else ' (unsafe)'}: {printable(diag.fix.message)}\n",
            style="green",
        )
    return out


def report(
    diagnostics: Sequence[Diagnostic], locator: Locator, out: TextIO, color: bool | None
) -> None:
    stream(out, color)(diagnostics, locator)


def _std_fds() -> list[int]:
    """The descriptors rich asks for the terminal's size: those of the process's standard
    streams, as they were at start (0, 1 and 2 when one has none)."""
    fds = []
    for default, std in ((0, sys.__stdin__), (1, sys.__stdout__), (2, sys.__stderr__)):
        try:
            fds.append(std.fileno())  # type: ignore[union-attr]
        except Exception:  # noqa: BLE001 - rich falls back on any failure too
            fds.append(default)
    return fds


def colourless(out: TextIO, color: bool | None) -> bool:
    """Whether it is plain, without asking rich, that rich's console would write no colour
    to `out`: `out` is not a terminal and nothing (`--color`, FORCE_COLOR, TTY_COMPATIBLE,
    a Jupyter kernel, Windows) may make rich think otherwise. False means: ask rich."""
    environ = os.environ
    if (
        color
        or sys.platform == "win32"
        or "FORCE_COLOR" in environ
        or "TTY_COMPATIBLE" in environ
        or hasattr(builtins, "get_ipython")
    ):
        return False
    isatty = getattr(out, "isatty", None)
    try:
        return isatty is None or not isatty()
    except ValueError:  # a closed stream: rich takes it for no terminal too
        return True


def off_terminal_width() -> Callable[[], int]:
    """The width (columns) of rich's console when it writes to something that is not a
    terminal, to ask at each write of a run (a terminal can change size between files):
    COLUMNS if it is a number, else the width of the first of the standard streams that
    is a terminal, else 80. COLUMNS is read once, as rich's console reads it once when it
    is made; only the standard streams that are terminals are asked for their size: one
    that is not a terminal does not become one, and asking each of them at each write was
    three failing system calls a file."""
    columns = os.environ.get("COLUMNS")
    if columns is not None and columns.isdigit():
        fixed = int(columns)
        return lambda: fixed
    terminals = [fd for fd in _std_fds() if os.isatty(fd)]

    def width() -> int:
        for fd in terminals:
            try:
                return os.get_terminal_size(fd).columns or 80
            except (AttributeError, ValueError, OSError):
                continue
        return 80

    return width


def stream(out: TextIO, color: bool | None) -> Callable[[Sequence[Diagnostic], Locator], None]:
    """A writer of findings to `out` a few at a time (a streaming run gives each file's),
    with one console for them all: a console per file would cost more than its findings."""
    if colourless(out, color):
        return _plain_writer(out, off_terminal_width())
    from rich.console import Console

    class _Console(Console):
        """A rich console that lets a closed pipe (`newslint | head`) raise BrokenPipeError,
        as every other format's writes do, for the command to end quietly: rich's own answer
        is `SystemExit(1)`, which the command must take for plugin code calling sys.exit."""

        def on_broken_pipe(self) -> None:
            self.quiet = True  # nothing more to write to a reader that has gone
            raise BrokenPipeError

    console = _Console(
        file=out,
        highlight=False,
        soft_wrap=True,
        force_terminal=color if color else None,
        no_color=color is False or None,
    )
    if console.color_system is None:
        # No colour after all (TERM=dumb, an empty FORCE_COLOR, ...): the text rich would
        # write (render leaves no tab or control character for it to change), without
        # rich's rendering, which cost more per finding than finding it.
        return _plain_writer(out, lambda: console.width)

    def write(diagnostics: Sequence[Diagnostic], locator: Locator) -> None:
        for diag in diagnostics:
            console.print(render(diag, locator, console.width), end="\n")

    return write


def _plain_writer(
    out: TextIO, width: Callable[[], int]
) -> Callable[[Sequence[Diagnostic], Locator], None]:
    """A writer of the findings' plain text; `width()` is asked at each write, as rich's
    console asks the terminal's size at each (a terminal can change size)."""

    def write(diagnostics: Sequence[Diagnostic], locator: Locator) -> None:
        shown = width()
        for diag in diagnostics:
            out.write("".join(text for text, _ in pieces(diag, locator, shown)) + "\n")

    return write
