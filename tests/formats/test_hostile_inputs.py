"""Inputs built to break the readers: each is that input's problem, never the run's, and
no copy is silently left unread. docs/reliability.md names the guarantee each test holds."""

from __future__ import annotations

import json
import os
from dataclasses import replace

import pytest

from newslint.formats import from_text
from newslint.formats.parse import parse


def lint_json(cli, tmp_path, name: str, content: str):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return cli("--output-format", "json", "--isolated", "--select", "ALL", str(path))


def test_json_field_with_two_quotations_lints_without_a_crash(cli, tmp_path):
    body = (
        'The mayor said "we will rebuild" on Monday. Experts say it is the biggest plan ever. '
        '"It will take years," she added.'
    )
    article = {"id": "q-1", "headline": '"Best ever" fair opens', "body": body}
    for name, content in (
        ("feed.json", json.dumps([article])),
        ("feed.jsonl", json.dumps(article) + "\n"),
    ):
        result = lint_json(cli, tmp_path, name, content)
        assert "internal error" not in result.err, result.err
        assert result.code == 1
        assert {d["field"] for d in result.json()} >= {"body"}


def test_a_derived_document_rebuilds_its_indexes():
    document = parse("a.txt", 'He said "one" and "two" then "three".', "text")
    derived = replace(replace(document, article="x"), field="y")
    assert [q.start for q in derived.quotes] == [q.start for q in document.quotes]
    assert derived.quote_at(document.quotes[2].start) == document.quotes[2]
    document.memo("k", lambda: 1)
    assert derived.memo("k", lambda: 2) == 2  # a derived document never shares analyses


def test_jsonl_reads_lines_holding_raw_line_separators(tmp_path):
    text = json.dumps({"id": "a", "body": "One\u2028two.\u0085Three."}, ensure_ascii=False)
    reading = from_text("feed.jsonl", text + "\n" + json.dumps({"id": "b", "body": "Four."}))
    assert reading.problems == []
    assert [d.article for d in reading.documents] == ["a", "b"]


def test_two_articles_with_one_id_are_two_documents(cli, tmp_path):
    first = {"id": "dup", "body": "Calm opening words.\n\nIt was the biggest ever sale."}
    second = {"id": "dup", "body": "Short."}
    reading = from_text("feed.jsonl", json.dumps(first) + "\n" + json.dumps(second) + "\n")
    assert len({d.key for d in reading.documents}) == 2
    assert [d.article for d in reading.documents] == ["dup", "dup (line 2)"]
    result = lint_json(cli, tmp_path, "feed.jsonl", json.dumps(first) + "\n" + json.dumps(second))
    (finding,) = [d for d in result.json() if d["code"] == "C001"]
    assert (finding["article"], finding["line"], finding["column"]) == ("dup", 3, 12)


def test_json_nested_too_deep_is_that_files_error(cli, tmp_path):
    (tmp_path / "deep.json").write_text("[" * 100_000 + "]" * 100_000)
    (tmp_path / "deep.jsonl").write_text('{"body": "Fine."}\n' + "[" * 100_000 + "\n")
    (tmp_path / "good.txt").write_text("It was the biggest ever sale.\n")
    result = cli("--output-format", "json", "--isolated", str(tmp_path))
    assert "deep.json: JSON nested too deeply" in result.err
    assert "deep.jsonl: line 2: JSON nested too deeply" in result.err
    assert "Traceback" not in result.err and "internal error" not in result.err
    assert [d["path"].rsplit("/", 1)[-1] for d in result.json()] == ["good.txt"]


@pytest.mark.parametrize("marker", ["> ", "- ", "1. ", "* > "])
@pytest.mark.parametrize("depth", [20, 60, 2000])
def test_deeply_nested_markdown_is_still_linted(marker, depth):
    text = "Opening words.\n\n" + marker * depth + "It was the biggest ever sale.\n"
    document = parse("story.md", text, "markdown")
    spot = text.index("biggest")
    assert document.view[spot : spot + 7] == "biggest"
    assert any(b.start <= spot < b.end for b in document.blocks)


FORMATS = ("pretty", "concise", "json", "sarif", "github", "junit", "html")


@pytest.mark.parametrize("fmt", FORMATS)
def test_lone_surrogates_in_json_reach_every_report(cli, tmp_path, fmt):
    # Raw JSON with escapes that decode to lone surrogates, in the id and in the copy.
    line = '{"id": "s\\ud800", "body": "Calm \\udc00 words. It was the biggest ever sale."}\n'
    (tmp_path / "feed.jsonl").write_text(line)
    result = cli("--isolated", "--output-format", fmt, str(tmp_path / "feed.jsonl"))
    assert result.code == 1, result.err
    assert "internal error" not in result.err
    result.out.encode("utf-8")  # writable as UTF-8: no surrogate left


def test_lone_surrogates_become_one_replacement_character_each():
    line = '{"id": "a", "body": "One \\ud800 two, biggest ever."}'
    (document,) = from_text("feed.jsonl", line).documents
    assert document.text == "One \ufffd two, biggest ever."
    assert document.view[document.text.index("biggest") :].startswith("biggest")


@pytest.mark.skipif(os.name != "posix", reason="file names are bytes on POSIX only")
@pytest.mark.parametrize("fmt", FORMATS)
def test_file_name_that_is_not_utf8_reaches_every_report(cli, tmp_path, fmt):
    name = os.fsdecode(b"caf\xe9 \xff.txt")  # Latin-1 and a byte no encoding maps
    (tmp_path / name).write_text("It was the biggest ever sale.\n")
    result = cli("--isolated", "--output-format", fmt, str(tmp_path))
    assert result.code == 1, result.err
    assert "internal error" not in result.err
    result.out.encode("utf-8")
    if fmt in ("concise", "pretty"):
        assert "caf\\xe9 \\xff.txt" in result.out


class _NoWalk(list):
    """A tag stack that refuses to be walked: every parser event must cost the same
    whatever the depth (`python bench/growth.py` measures it)."""

    def __iter__(self):
        raise AssertionError("the tag stack was walked")

    __reversed__ = __iter__

    def __contains__(self, item):
        raise AssertionError("the tag stack was searched")


def test_html_parser_never_walks_the_tag_stack():
    from newslint.formats.html import _Parser

    depth = 200
    text = (
        "<div>Intro words.\n" * depth
        + "<blockquote><p>Quoted <em>words</em>.</p></blockquote><pre>code</pre>"
        + "<ul><li>Item <b>one</li></ul><p>After.</p>"
        + "</div>\n" * depth
    )
    parser = _Parser(text)
    parser.stack = _NoWalk()
    parser.feed(text)
    parser.close()
    parser.flush()
    kinds = [(b.kind, text[b.start : b.end]) for b in parser.blocks]
    assert ("blockquote", "Quoted <em>words</em>.") in kinds
    assert ("list_item", "Item <b>one") in kinds
    assert ("paragraph", "After.") in kinds
    assert not any("code" in t for _, t in kinds)
    # And the same blocks as through the public entry.
    assert parse("a.html", text, "html").blocks == tuple(parser.blocks)
