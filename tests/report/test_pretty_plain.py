"""The pretty report without colour is written without rich's rendering (it cost more
than linting): it must be the very text rich writes."""

from __future__ import annotations

import io
import os

import pytest
from rich.console import Console

from newslint.document import Document
from newslint.engine.check import check
from newslint.formats import from_text
from newslint.model import Diagnostic
from newslint.report import Locator
from newslint.report.pretty import colourless, off_terminal_width, render, stream
from newslint.rules import pack

COPY = (
    "Fares\n\n"
    "Experts say\tthe fares will rise, in the [bold]biggest[/bold] rise ever.\n\n"
    "\u4e2d\u6587 critics argue the line is the best in the world, \U0001f686 unprecedented.\n\n"
    "Experts say\tthe fares will rise, in the [bold]biggest[/bold] rise ever.\n"
)


def test_the_plain_writer_writes_what_rich_writes():
    [document] = from_text("fares.txt", COPY).documents
    rules = [(rule, dict(rule.options)) for rule in pack()]
    found, _ = check(document, rules)
    assert len(found) >= 4  # vague attribution, superlatives, the repeat
    locator = Locator({document.key: document}, {})
    fast = io.StringIO()
    stream(fast, None)(found, locator)
    slow = io.StringIO()
    console = Console(file=slow, highlight=False, soft_wrap=True)
    for diag in found:
        console.print(render(diag, locator, console.width), end="\n")
    assert fast.getvalue() == slow.getvalue()


@pytest.mark.parametrize("columns", [None, "37", "0", "wide"])
def test_the_width_off_a_terminal_is_rich_s(monkeypatch, columns):
    """Written without rich, the report cuts long lines at the width rich's console would
    have: COLUMNS when it is a number, else the terminal's, else 80."""
    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    out = io.StringIO()
    assert colourless(out, None)
    assert off_terminal_width()() == Console(file=out, highlight=False, soft_wrap=True).width


@pytest.mark.parametrize(
    ("variable", "value"), [("FORCE_COLOR", "1"), ("FORCE_COLOR", ""), ("TTY_COMPATIBLE", "1")]
)
def test_rich_decides_when_the_environment_may_ask_for_colour(monkeypatch, variable, value):
    monkeypatch.setenv(variable, value)
    assert not colourless(io.StringIO(), None)


def test_colour_asked_for_is_rich_s_to_write():
    assert not colourless(io.StringIO(), True)
    assert colourless(io.StringIO(), False)


def test_a_closed_stream_is_no_terminal():
    out = io.StringIO()
    out.close()
    assert colourless(out, None)


def test_the_columns_counted_without_rich_s_table_are_rich_s():
    """Every printable character `_cell_len` counts as one column without rich's table,
    rich counts as one column too; outside them, rich is asked."""
    from rich.cells import cell_len

    from newslint.report.pretty import _cell_len, _one_column

    spared = [chr(c) for c in range(0x20, 0x2100) if chr(c).isprintable() and _one_column(chr(c))]
    assert "\u00e9" in spared and "\u2019" in spared and "\u2014" in spared
    assert all(cell_len(char) == 1 for char in spared)
    mixed = ["caf\u00e9 \u201cquoted\u201d \u2013 dash", "\u4e2d\u6587", "e\u0301", "\U0001f686"]
    for text in mixed:
        assert _cell_len(text) == cell_len(text)


def _findings(path: str, text: str) -> tuple[list[Diagnostic], Document]:
    [document] = from_text(path, text).documents
    found, _ = check(document, [(rule, dict(rule.options)) for rule in pack()])
    return found, document


def test_a_line_is_mapped_once_for_all_its_findings(monkeypatch):
    """A paragraph of one line with a finding in each sentence: its line is escaped and
    mapped once, not once a finding (which took time in the square of the line's length:
    a paragraph of 2,000 sentences took 13 s to write), and each finding still shows its
    own words."""
    import newslint.report as report

    sentence = "Experts say\tthe fares will rise in the biggest rise ever. "
    found, document = _findings("fares.txt", "Fares\n\n" + sentence * 30 + "\n")
    assert len(found) >= 30
    mapped = []
    real = report.printable_map
    monkeypatch.setattr(report, "printable_map", lambda text: mapped.append(text) or real(text))
    out = io.StringIO()
    stream(out, False)(found, Locator({document.key: document}, {}))
    assert len(mapped) == len({_line_of(f, document) for f in found})
    each = io.StringIO()
    for diag in found:  # a new locator a finding: nothing kept between them
        stream(each, False)([diag], Locator({document.key: document}, {}))
    assert out.getvalue() == each.getvalue()


def _line_of(diag: Diagnostic, document: Document) -> int:
    return document.text.count("\n", 0, diag.start) + 1


def test_the_kept_line_is_of_its_own_document():
    """Two documents' findings on their line 3: each shows its own line, not the line kept
    from the other."""
    one, first = _findings("one.txt", "Fares\n\nExperts say the fares will rise.\n")
    two, second = _findings("two.txt", "Buses\n\nCritics argue the buses are the best ever.\n")
    locator = Locator({first.key: first, second.key: second}, {})
    out = io.StringIO()
    stream(out, False)(one + two, locator)
    assert "3 | Experts say the fares will rise." in out.getvalue()
    assert "3 | Critics argue the buses are the best ever." in out.getvalue()


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_a_terminal_that_changes_size_between_writes_is_asked_again(monkeypatch):
    """Asked at each write, the width follows a terminal among the standard streams as it
    changes size; streams that are not terminals are not asked."""
    import fcntl
    import struct
    import termios

    import newslint.report.pretty as pretty

    monkeypatch.delenv("COLUMNS", raising=False)
    leader, follower = os.openpty()
    not_a_terminal = os.open(os.devnull, os.O_RDONLY)
    try:
        monkeypatch.setattr(pretty, "_std_fds", lambda: [not_a_terminal, follower])

        def resize(columns: int) -> None:
            fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))

        asked: list[int] = []
        size = os.get_terminal_size

        def get_terminal_size(fd: int) -> os.terminal_size:
            asked.append(fd)
            return size(fd)

        monkeypatch.setattr(os, "get_terminal_size", get_terminal_size)
        resize(57)
        width = pretty.off_terminal_width()
        assert width() == 57
        resize(91)
        assert width() == 91
        assert asked == [follower, follower]
    finally:
        for fd in (leader, follower, not_a_terminal):
            os.close(fd)


def test_findings_before_one_the_stream_cannot_encode_are_still_written():
    """A stream that cannot encode a finding (PYTHONIOENCODING=ascii) gets the findings
    before it and the error of that finding: a writer that joined a file's findings into
    one write (tried in the fourteenth round, for about 1% of the corpus run) lost them."""
    found, document = _findings(
        "fares.txt",
        "Fares\n\nExperts say it is very unique.\n\n"
        "The \u201cfares\u201d will rise in the biggest rise ever.\n",
    )
    locator = Locator({document.key: document}, {})
    each = io.StringIO()
    stream(each, False)(found[:1], locator)
    assert each.getvalue().isascii()
    raw = io.BytesIO()
    out = io.TextIOWrapper(raw, encoding="ascii", write_through=True)
    with pytest.raises(UnicodeEncodeError) as joined:
        stream(out, False)(found, locator)
    assert raw.getvalue().decode("ascii") == each.getvalue()
    one = io.TextIOWrapper(io.BytesIO(), encoding="ascii", write_through=True)
    with pytest.raises(UnicodeEncodeError) as alone:
        stream(one, False)(found[1:2], locator)
    assert str(joined.value) == str(alone.value)
