"""Generators of hostile input and the properties every input must keep.

Shared by tests/test_fuzz.py (a few seconds in CI) and bench/fuzz.py (a long session).
Each format is one entry of `FORMATS`: its file suffix and its strategy. A new input
format (HTML, JSON) is one more entry, and every property then covers it.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path

import regex
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from newslint.document import Document
from newslint.engine.check import check
from newslint.engine.config import Finder, Settings
from newslint.engine.fix import MAX_PASSES, apply_edits, fix_text, safe_edits
from newslint.engine.registry import discover
from newslint.engine.run import Linter, Overrides
from newslint.formats import from_text
from newslint.formats.words import INVISIBLE
from newslint.lines import LineIndex
from newslint.model import Diagnostic
from newslint.report import Locator, reporter

# The fuzz tests' budget in CI: the same examples on every run (derandomized), no deadline
# on a shared machine.
CI = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Words chosen to wake every rule and every corner of the sentence splitter: titles and
# initialisms, superlatives, puffery, attribution, quotation marks of both kinds.
VOCABULARY = (
    "the council said Mr. Dr. U.S. a.m. Jan. 5 e.g. biggest first record unprecedented "
    "iconic legendary world-class best most according to experts many believe it is "
    "widely thought 8% £5m 3.2 fares rose by in April since 1992 Reyes Northline harbour "
    "ONS Ms Lund quay strike offer vote cafe\u0301 na\u00efve \u00e9t\u00e9 \u4e2d\u6587 "
    "\U0001f600 \u200b"
).split() + ['"', "\u201c", "\u201d", "'", "\u2019", "(", ")", "--", "\u2026", "\t"]
END = st.sampled_from([".", "!", "?", "...", '."', ".\u201d", "", ":"])
BREAK = st.sampled_from(["\n", "\r\n", "\r"])
# Anything at all, line breaks of every kind and control characters included.
ANY_TEXT = st.text(max_size=300)
_BREAKS = regex.compile(r"\r\n|\r|\n")
_NO_INVISIBLE = str.maketrans(dict.fromkeys(INVISIBLE))


def _sentence() -> st.SearchStrategy[str]:
    words = st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=14)
    return st.builds(lambda ws, end: " ".join(ws).capitalize() + end, words, END)


SENTENCE = _sentence()
PARAGRAPH = st.lists(SENTENCE, min_size=1, max_size=4).map(" ".join)
DIRECTIVE = st.builds(
    "<!-- newslint: {} {} -->".format,
    st.sampled_from(["ignore", "disable", "enable"]),
    st.sampled_from(["", "D001", "duplicate-sentence", "C", "all", "D001, C001"]),
)


# Markup at a paragraph's edges that the words skip: a copy that differs only here is the
# same words, yet deleting it loses something ("+52%" against "+5.2%", another URL).
EDGES = st.sampled_from(
    [
        ("", " `+5.2%`"),
        ("", " `+52%`"),
        ("[", "](https://a.example/one)"),
        ("[", "](https://b.example/two)"),
        ("![chart](fares.png) ", ""),
        ("", " <!-- source: call at 2pm -->"),
        ("**", "**"),
        ("_", "_"),
        ("<span>", "</span>"),
    ]
)


@st.composite
def _with_repeats(draw: st.DrawFn, block: st.SearchStrategy[str], edges: bool = False) -> list[str]:
    """A run of blocks in which some appear again, exactly or changed slightly (case,
    punctuation, and with `edges` markup at either edge): the input that duplicate rules
    and their fixes work on."""
    pool = draw(st.lists(block, min_size=1, max_size=6))
    picks = draw(st.lists(st.integers(0, len(pool) - 1), min_size=1, max_size=10))
    out = []
    for i in picks:
        text = pool[i]
        change = draw(st.integers(0, 5 if not edges else 3))
        if change == 0:
            text = text.upper() if draw(st.booleans()) else text.replace(".", ",", 1)
        elif edges and change == 1:
            head, tail = draw(EDGES)
            text = f"{head}{text}{tail}"
        out.append(text)
    return out


def _joined(blocks: list[str], breaks: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.builds(
        lambda brk, sep, tail: (brk * sep).join(blocks) + (brk if tail else ""),
        breaks,
        st.integers(1, 3),
        st.booleans(),
    )


TEXT_BLOCK = st.one_of(PARAGRAPH, PARAGRAPH, DIRECTIVE, ANY_TEXT, st.just("   "))


def text_documents() -> st.SearchStrategy[str]:
    return _with_repeats(TEXT_BLOCK).flatmap(lambda blocks: _joined(blocks, BREAK))


def _inline(paragraph: str, markup: str) -> str:
    head, _, tail = paragraph.partition(" ")
    return f"{head} {markup} {tail}"


INLINE = st.sampled_from(
    [
        "`code ``x``",
        "[the report](https://example.org/a_(b)?c=1 'title')",
        "![a chart](img.png)",
        "**bold** and _em_",
        "<span>html</span>",
        "<!-- newslint: ignore D001 -->",
        "&amp; &copy; &#8212; \\* \\[",
        "<https://example.org>",
        "[ref][1]",
        "[unclosed](http://x.org",
    ]
)
MARKDOWN_BLOCK = st.one_of(
    PARAGRAPH,
    st.builds(_inline, PARAGRAPH, INLINE),
    st.builds(lambda n, p: "#" * n + " " + p, st.integers(1, 7), SENTENCE),
    st.builds(
        lambda mark, p: f"{mark} {p}", st.sampled_from(["-", "*", "1.", ">", "> -"]), PARAGRAPH
    ),
    st.builds(lambda p: f"```\n{p}\n```", PARAGRAPH),
    st.builds(lambda p: f"    {p}", PARAGRAPH),
    st.just("---\ntitle: x\n---"),
    st.just("| a | b |\n|---|---|\n| c | d |"),
    DIRECTIVE,
    ANY_TEXT,
)


def markdown_documents() -> st.SearchStrategy[str]:
    return _with_repeats(MARKDOWN_BLOCK, edges=True).flatmap(lambda blocks: _joined(blocks, BREAK))


LONG_PARAGRAPH = st.lists(st.sampled_from(VOCABULARY[:40]), min_size=8, max_size=20).map(
    lambda ws: " ".join(ws).capitalize() + "."
)


@st.composite
def edge_repeats(draw: st.DrawFn) -> str:
    """Markdown in which a long paragraph comes back with markup at one or both of its
    edges, or plain, among other blocks: the input where a fix that compares only the
    words between the first and last visible word would delete a word's worth of markup."""
    paragraph = draw(LONG_PARAGRAPH)
    copies = []
    for _ in range(draw(st.integers(2, 4))):
        head, tail = draw(EDGES) if draw(st.booleans()) else ("", "")
        copies.append(f"{head}{paragraph}{tail}")
    blocks = draw(st.permutations(copies + draw(st.lists(MARKDOWN_BLOCK, max_size=3))))
    return draw(_joined(list(blocks), BREAK))


HTML_INLINE = st.sampled_from(
    [
        "<em>stress</em>",
        "<a href='https://example.org/?a=1&amp;b=2'>the report</a>",
        "&amp; &rsquo; &shy; &#8212; &#xD800; &#0; &nosuchentity; &",
        "Ex&shy;perts say",
        "ferry&rsquo;s",
        "<br>",
        "<img src=x alt='a chart'>",
        "<!-- newslint: ignore D001 -->",
        "<span>unclosed",
        "</b>",
        "<script>var s = 'the biggest ever';</script>",
        "<code>x < y</code>",
    ]
)
HTML_BLOCK = st.one_of(
    st.builds("<p>{}</p>".format, PARAGRAPH),
    st.builds(lambda p, m: f"<p>{_inline(p, m)}</p>", PARAGRAPH, HTML_INLINE),
    st.builds(lambda n, p: f"<h{n}>{p}</h{n}>", st.integers(1, 6), SENTENCE),
    st.builds("<ul><li>{}</li><li>{}</li></ul>".format, PARAGRAPH, PARAGRAPH),
    st.builds("<blockquote><p>{}</p></blockquote>".format, PARAGRAPH),
    st.builds("<div>{}<div>{}</div></div>".format, PARAGRAPH, PARAGRAPH),
    st.builds("<pre>{}</pre>".format, PARAGRAPH),
    st.builds("<p>{}".format, PARAGRAPH),  # never closed
    st.just("<html><head><title>Ferry strike</title></head><body>"),
    DIRECTIVE,
    ANY_TEXT,
)


def html_documents() -> st.SearchStrategy[str]:
    return _with_repeats(HTML_BLOCK).flatmap(lambda blocks: _joined(blocks, BREAK))


# A field's copy: plain, Markdown or HTML, as CMS exports hold it.
FIELD = st.one_of(
    PARAGRAPH,
    st.lists(PARAGRAPH, min_size=1, max_size=4).map("\n\n".join),
    st.lists(MARKDOWN_BLOCK, min_size=1, max_size=4).map("\n\n".join),
    st.lists(HTML_BLOCK, min_size=1, max_size=4).map("".join),
    ANY_TEXT,
)
ARTICLE = st.fixed_dictionaries(
    {},
    optional={
        "id": st.one_of(st.sampled_from(["a1", "a1", "b2", ""]), st.integers(0, 3), ANY_TEXT),
        "headline": FIELD,
        "body": FIELD,
        "summary": st.one_of(FIELD, st.integers(), st.none()),
        "meta": st.just({"ref": "w-1"}),
    },
)


def _dumped(value: object, ascii_only: bool) -> str:
    return json.dumps(value, ensure_ascii=ascii_only)


def json_documents() -> st.SearchStrategy[str]:
    articles = st.one_of(ARTICLE, st.lists(ARTICLE, max_size=5))
    return st.builds(_dumped, articles, st.booleans())


def jsonl_documents() -> st.SearchStrategy[str]:
    line = st.one_of(st.builds(_dumped, ARTICLE, st.booleans()), st.just("{broken"), ANY_TEXT)
    return st.builds(lambda lines, brk: brk.join(lines), st.lists(line, max_size=6), BREAK)


# format -> (file suffix, strategy of documents)
FORMATS: dict[str, tuple[str, Callable[[], st.SearchStrategy[str]]]] = {
    "text": (".txt", text_documents),
    "markdown": (".md", markdown_documents),
    "html": (".html", html_documents),
    "json": (".json", json_documents),
    "jsonl": (".jsonl", jsonl_documents),
}
# The formats `--fix` edits (`newslint.engine.fix`); the others are only linted.
FIXABLE = ("text", "markdown")


def documents(fmt: str) -> st.SearchStrategy[str]:
    """Structured documents of the format, or arbitrary Unicode read as that format."""
    return st.one_of(FORMATS[fmt][1](), ANY_TEXT)


class Harness:
    """Every installed rule, selected, with no config: the widest surface to break."""

    def __init__(self) -> None:
        rules, problems = discover()
        assert problems == []
        self.linter = Linter(rules, Finder(Settings(Path.cwd())), Overrides(select=["ALL"]))
        self.configured = self.linter.configured("story.txt")

    def lint(self, fmt: str, text: str) -> tuple[Document, list[Diagnostic]]:
        """The one document of a text, Markdown or HTML file, and its findings."""
        (linted,) = self.lint_all(fmt, text)
        return linted

    def lint_all(self, fmt: str, text: str) -> list[tuple[Document, list[Diagnostic]]]:
        """Each document of the file (a JSON export has one per article and field) with its
        findings; a JSON article that cannot be read is a problem of the reading, not a
        crash."""
        path = "story" + FORMATS[fmt][0]
        out = []
        for document in from_text(path, text).documents:
            found, failures = check(document, self.configured)
            assert failures == [], failures
            out.append((document, found))
        return out


def check_lint(harness: Harness, fmt: str, text: str) -> None:
    """Every document of the file keeps its shape, every span maps back into its text, and
    linting again gives the same findings and the same output."""
    linted = harness.lint_all(fmt, text)
    for document, found in linted:
        if fmt not in ("json", "jsonl"):
            assert document.text == text
        check_document_shape(document)
        check_spans(document.text, found)
    again = harness.lint_all(fmt, text)
    assert [f for _, f in again] == [f for _, f in linted]  # deterministic
    assert [render(*pair) for pair in again] == [render(*pair) for pair in linted]


def check_document_shape(document: Document) -> None:
    text, view = document.text, document.view
    assert len(view) == len(text)
    for t, v in zip(text, view, strict=True):
        # Line breaks are kept where they are and made nowhere else; anything else is kept,
        # blanked, or (an entity decoded, a word rejoined) a visible character.
        if t in "\r\n" or v in "\r\n":
            assert v == t, (t, v)
        else:
            assert v == t or v == " " or not (t.isspace() or v.isspace()), (t, v)
    for block in document.blocks:
        assert 0 <= block.start <= block.end <= len(text)
    for sentence in document.sentences:
        block = document.blocks[sentence.block]
        assert block.start <= sentence.start < sentence.end <= block.end
    for quote in document.quotes:
        assert 0 <= quote.start < quote.end <= len(text)
    for run in document.moved:  # words rejoined: each view character maps to source in order
        ends = [run.start] + [end for _, end in run.spans]
        starts = [start for start, _ in run.spans] + [len(text)]
        assert all(a <= b for a, b in zip(ends, starts, strict=True)), run
        assert all(s < e for s, e in run.spans), run


def _back(index: LineIndex, line: int, column: int) -> int:
    return index.line_start(line - 1) + column - 1


def check_spans(text: str, found: list[Diagnostic]) -> None:
    """Every span lies inside the text, and its line and column lead back to it."""
    index = LineIndex(text)
    for diag in found:
        spans = [(diag.start, diag.end)] + [(r.start, r.end) for r in diag.related]
        if diag.fix is not None:
            spans += [(e.start, e.end) for e in diag.fix.edits]
        for start, end in spans:
            assert 0 <= start <= end <= len(text), (diag, start, end)
            line, column = index.position(start)
            assert _back(index, line, column) == start
            assert column - 1 <= len(index.line_text(line))
            end_line, end_column = index.end_position(start, end)
            back = _back(index, end_line, end_column)
            assert back == end or text[back:end] in ("\n", "\r", "\r\n"), (start, end, back)


def render(document: Document, found: list[Diagnostic]) -> str:
    """Every reporter's output, concatenated: they must not crash on any text."""
    out = io.StringIO()
    locator = Locator({document.key: document})
    for name in ("json", "concise", "pretty"):
        reporter(name)(found, locator, out, False)
    return out.getvalue()


def _line_start(text: str, offset: int) -> int:
    return max(text.rfind("\n", 0, offset), text.rfind("\r", 0, offset)) + 1


def _line_end(text: str, offset: int) -> int:
    ends = [i for i in (text.find("\n", offset), text.find("\r", offset)) if i >= 0]
    return min(ends, default=len(text))


def _squash(text: str) -> str:
    return " ".join(text.translate(_NO_INVISIBLE).split())


def check_fixes(harness: Harness, fmt: str, text: str) -> None:
    """Apply all safe fixes pass by pass, as --fix does. Each pass may only delete, what
    it deletes beyond spacing is exactly a span a fixed finding reported, that span is an
    exact copy of its related span, and the related span stays. Then a second --fix
    changes nothing, and no new kind of line break appears."""
    current = text
    for _ in range(MAX_PASSES):
        found = harness.lint(fmt, current)[1]
        edits, count = safe_edits(found)
        if not count:
            break
        taken = set(edits)
        for diag in found:
            mine = [e for e in diag.fix.edits if e in taken] if diag.fix else []
            for edit in mine:
                assert edit.content == ""
                assert edit.start <= diag.start and diag.end <= edit.end
                # What is deleted, spacing aside, is the kept copy's lines: no markup at
                # the edges, no case or punctuation the kept copy lacks.
                for rel in diag.related:
                    kept = current[_line_start(current, rel.start) : _line_end(current, rel.end)]
                    assert _squash(current[edit.start : edit.end]) == _squash(kept), (
                        current[edit.start : edit.end],
                        kept,
                    )
                    assert all(rel.end <= e.start or e.end <= rel.start for e in taken)
        current = apply_edits(current, edits)
    fixed, _ = fix_text(text, lambda t: harness.lint(fmt, t)[1])
    assert fixed == current
    assert fix_text(fixed, lambda t: harness.lint(fmt, t)[1]) == (fixed, 0)
    assert _breaks(fixed) <= _breaks(text)


def _breaks(text: str) -> set[str]:
    return set(_BREAKS.findall(text))
