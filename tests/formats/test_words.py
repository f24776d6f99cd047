"""Words as a reader sees them: soft hyphens, zero-width and joiner characters ignored,
entities decoded whole, apostrophes alike, and every finding still on the exact source
characters. docs/reliability.md names the guarantee each test holds."""

from __future__ import annotations

import pytest

from newslint.formats.parse import parse
from newslint.formats.words import rejoin
from newslint.rules._text import words


def lint(cli, tmp_path, name: str, text: str, *args: str) -> list[dict]:
    (tmp_path / name).write_text(text, encoding="utf-8")
    result = cli("--output-format", "json", "--isolated", *args, str(tmp_path / name))
    assert "internal error" not in result.err
    return result.json()


def spanned(text: str, finding: dict) -> str:
    """The source characters a finding covers, from its line and columns."""
    lines = text.split("\n")
    assert finding["line"] == finding["end_line"]
    return lines[finding["line"] - 1][finding["column"] - 1 : finding["end_column"] - 1]


def test_rejoin_moves_invisible_characters_out_of_the_word():
    view, moved = rejoin("Ex\u00adperts say; ferry\u2019s, the crews\u2019 vote")
    assert view == "Experts  say; ferry's, the crews\u2019 vote"
    (run,) = moved
    assert run.start == 0 and run.spans[2] == (3, 4)  # "p" comes from after the hyphen
    assert rejoin("plain words")[1] == ()


@pytest.mark.parametrize(
    ("name", "text", "shown"),
    [
        ("a.txt", "Ex\u00adperts say the plan will fail.\n", "Ex\u00adperts say"),
        ("a.md", "Ex\u00adperts say the plan will fail.\n", "Ex\u00adperts say"),
        ("a.html", "<p>Ex&shy;perts say the plan will fail.</p>\n", "Ex&shy;perts say"),
        ("a.html", "<p>Ex\u00adperts say the plan will fail.</p>\n", "Ex\u00adperts say"),
        ("a.txt", "Ex\u200bper\u200dts say the plan will fail.\n", "Ex\u200bper\u200dts say"),
    ],
)
def test_soft_hyphen_is_read_through_and_the_span_is_the_source(cli, tmp_path, name, text, shown):
    (finding,) = [d for d in lint(cli, tmp_path, name, text) if d["code"] == "A001"]
    assert finding["message"].startswith("who are the experts?")
    assert spanned(text, finding) == shown


@pytest.mark.parametrize("name", ["a.txt", "a.md"])
def test_zero_width_space_does_not_hide_a_cue(cli, tmp_path, name):
    text = "Critics\u200b argue the fares are too high.\n"
    (finding,) = [d for d in lint(cli, tmp_path, name, text) if d["code"] == "A001"]
    assert finding["message"].startswith("who are the critics?")
    assert spanned(text, finding).startswith("Critics\u200b")


def test_html_and_markdown_entities_keep_their_word_whole():
    for name, fmt, text in (
        ("a.html", "html", "<p>The ferry&rsquo;s crew &amp; caf&eacute; staff.</p>"),
        ("a.md", "markdown", "The ferry&rsquo;s crew &amp; caf&eacute; staff.\n"),
    ):
        document = parse(name, text, fmt)
        assert words(document.block_text(document.blocks[0])) == [
            "the", "ferrys", "crew", "café", "staff",
        ], fmt  # fmt: skip
        start = text.index("ferry")
        shown = document.view.index("ferry's")
        assert document.source_span(shown, shown + 7) == (start, start + len("ferry&rsquo;s"))


@pytest.mark.parametrize(("name", "wrap"), [("a.html", "<p>{}</p>\n"), ("a.md", "{}\n\n")])
def test_duplicate_paragraph_sees_every_apostrophe_as_one(cli, tmp_path, name, wrap):
    sentence = "The ferry{}s crew voted to strike on Monday night after the talks failed."
    text = "".join(wrap.format(sentence.format(a)) for a in ("&rsquo;", "\u2019", "'"))
    found = [d for d in lint(cli, tmp_path, name, text, "--select", "D001")]
    assert [d["line"] for d in found] == ([2, 3] if name == "a.html" else [3, 5])
    for finding in found:
        assert spanned(text, finding) == sentence.format(spanned(text, finding)[9])


def test_closing_quotation_marks_are_not_apostrophes():
    document = parse("a.txt", "\u2018We won\u2019, she said of the crews\u2019 vote.", "text")
    assert document.view.count("\u2019") == 2


@pytest.mark.parametrize(
    ("name", "text", "shown"),
    [
        ("a.md", "*Ex*perts say the plan will fail.\n", "Ex*perts say"),
        ("a.md", "**Crit**ics argue the plan will fail.\n", "Crit**ics argue"),
        ("a.md", "Ex<span>perts</span> say the plan will fail.\n", "Ex<span>perts</span> say"),
        ("a.html", "<p>Ex<b>perts</b> say the plan will fail.</p>\n", "Ex<b>perts</b> say"),
        ("a.html", "<p>It is the <i>big</i>gest ever sale.</p>\n", "big</i>gest"),
    ],
)
def test_inline_markup_inside_a_word_does_not_split_it(cli, tmp_path, name, text, shown):
    # On the page "*Ex*perts" and "Ex<b>perts</b>" read "Experts", not "who are the perts?"
    (finding,) = lint(cli, tmp_path, name, text, "--select", "A001,C001")
    assert "the perts?" not in finding["message"]
    assert not finding["message"].startswith(("'gest'", "'big'"))
    assert spanned(text, finding) == shown


@pytest.mark.parametrize(
    "text",
    [
        "<p>Sales<br>rose.</p>\n",  # a line break between the words on the page
        "<p>Sales</p><p>rose.</p>\n",
        "<ul><li>Sales</li><li>rose.</li></ul>\n",
        "<p>Sales&nbsp;rose.</p>\n",  # an entity that is a space stays a space
        "<p>Sales<b>&nbsp;</b>rose.</p>\n",
        "<p>Sales&#32;rose.</p>\n",
        "<p>Sales<sup>1</sup> rose.</p>\n",  # a footnote mark is not part of the word
        "<p>Sales<sup>a</sup> rose.</p>\n",
    ],
)
def test_markup_that_breaks_the_line_still_parts_words(text):
    document = parse("a.html", text, "html")
    assert words(document.view) in (
        ["sales", "rose"],
        ["sales", "1", "rose"],
        ["sales", "a", "rose"],
    )
