"""The default output, in the manner of ruff and rustc: a headline, the source line with
the words underlined, then the other places involved.

Article text goes into rich `Text` objects and is styled by offset, never through markup,
so brackets in copy print as they are.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TextIO

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from newslint.model import Diagnostic, Severity
from newslint.report import (
    Locator,
    article_note,
    printable,
    printable_map,
    related_key,
    shown_path,
)

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


def render(diag: Diagnostic, locator: Locator, width: int) -> Text:
    line, col, end_line, end_col = locator.span(diag.key, diag.start, diag.end)
    style = STYLE[diag.severity]
    out = Text()
    out.append(f"{shown_path(diag.path)}:{line}:{col}:", style="bold")
    out.append(" ")
    out.append(printable(diag.code), style=style)
    out.append(f" [{printable(diag.rule)}] ")
    out.append(printable(diag.message))
    out.append(article_note(diag), style="dim")
    out.append("\n")
    index = locator.index(diag.key)
    if index is None:
        return out
    gutter = len(str(line)) + 1
    # Control characters are shown escaped; the span moves with them.
    source, starts = printable_map(index.line_text(line))
    hi = end_col - 1 if end_line == line else len(starts) - 1
    lo, hi = starts[min(col - 1, len(starts) - 1)], starts[min(max(hi, col), len(starts) - 1)]
    shown, lo, hi = _window(source, lo, max(hi, lo + 1), max(20, width - gutter - 3))
    out.append(" " * gutter + "|\n", style="blue")
    out.append(f"{line:>{gutter - 1}} | ", style="blue")
    out.append(shown)
    out.append("\n")
    out.append(" " * gutter + "| ", style="blue")
    # Under the words in terminal columns: an emoji or a CJK character takes two.
    out.append(" " * cell_len(shown[:lo]) + "^" * max(1, cell_len(shown[lo:hi])), style=style)
    if end_line > line:
        out.append(f" (continues to line {end_line})", style="dim")
    out.append("\n")
    for rel in diag.related:
        r_line, r_col, _, _ = locator.span(related_key(diag, rel), rel.start, rel.end)
        where = f"line {r_line}, column {r_col}"
        if rel.path != diag.path:
            where = f"{printable(rel.path)}:{r_line}:{r_col}"
        if rel.article is not None and related_key(diag, rel) != diag.key:
            where += f" (article {printable(rel.article)}, field {printable(rel.field or '')})"
        out.append(" " * gutter + "= ", style="blue")
        out.append(f"{printable(rel.message)}: {where}\n")
    if diag.fix is not None:
        out.append(" " * gutter + "= ", style="blue")
        out.append(
            f"fix{'' if diag.fix.safe else ' (unsafe)'}: {printable(diag.fix.message)}\n",
            style="green",
        )
    return out


def report(
    diagnostics: Sequence[Diagnostic], locator: Locator, out: TextIO, color: bool | None
) -> None:
    stream(out, color)(diagnostics, locator)


class _Console(Console):
    """A rich console that lets a closed pipe (`newslint | head`) raise BrokenPipeError, as
    every other format's writes do, for the command to end quietly: rich's own answer is
    `SystemExit(1)`, which the command must take for plugin code calling sys.exit."""

    def on_broken_pipe(self) -> None:
        self.quiet = True  # nothing more to write to a reader that has gone
        raise BrokenPipeError


def stream(out: TextIO, color: bool | None) -> Callable[[Sequence[Diagnostic], Locator], None]:
    """A writer of findings to `out` a few at a time (a streaming run gives each file's),
    with one console for them all: a console per file would cost more than its findings."""
    console = _Console(
        file=out,
        highlight=False,
        soft_wrap=True,
        force_terminal=color if color else None,
        no_color=color is False or None,
    )

    def write(diagnostics: Sequence[Diagnostic], locator: Locator) -> None:
        width = console.width
        if console.color_system is None:
            # No colour (a file, a pipe): the text rich would write (render leaves no tab
            # or control character for it to change), without rich's rendering, which
            # cost more per finding than finding it.
            for diag in diagnostics:
                out.write(render(diag, locator, width).plain + "\n")
            return
        for diag in diagnostics:
            console.print(render(diag, locator, width), end="\n")

    return write
