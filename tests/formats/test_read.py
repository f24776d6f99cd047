"""formats.read / from_text: the one way from bytes or text to documents."""

from __future__ import annotations

import sys

import pytest

from newslint import formats
from newslint.formats import ReadOptions, SourceError, from_text, read
from newslint.formats.source import binary_kind


def test_text_markdown_and_html_are_one_document_each():
    for path, raw in [
        ("a.txt", b"One paragraph.\n"),
        ("a.md", b"# Head\n\nOne paragraph.\n"),
        ("a.html", b"<h1>Head</h1><p>One paragraph.</p>"),
    ]:
        reading = read(path, raw)
        assert len(reading.documents) == 1 and reading.problems == []


def test_a_bom_is_removed_and_remembered():
    (document,) = read("a.txt", b"\xef\xbb\xbfHello.\n").documents
    assert document.text == "Hello.\n" and document.bom


def test_a_jsonl_export_is_one_document_per_article_and_field_with_its_problems():
    raw = b'{"id": "x1", "headline": "Head", "body": "Body copy."}\nnot json\n'
    reading = read("feed.jsonl", raw)
    assert [(d.article, d.field, d.text) for d in reading.documents] == [
        ("x1", "headline", "Head"),
        ("x1", "body", "Body copy."),
    ]
    assert [p.message for p in reading.problems] == [
        "line 2: invalid JSON: Expecting value (column 1)"
    ]


def test_the_fields_and_id_come_from_the_options():
    options = ReadOptions(json_fields=("meta.text",), json_id_field="ref")
    reading = from_text("a.json", '{"ref": 7, "meta": {"text": "Copy."}, "body": "No."}', options)
    assert [(d.article, d.field, d.text) for d in reading.documents] == [
        ("7", "meta.text", "Copy.")
    ]


def test_bytes_that_are_not_text_raise_source_error():
    with pytest.raises(SourceError, match="not valid utf-8"):
        read("a.txt", b"caf\xe9\n")
    with pytest.raises(SourceError, match="PNG"):
        read("a.txt", b"\x89PNG\r\n\x1a\n....")
    (document,) = read("a.txt", b"caf\xe9\n", ReadOptions(encoding="latin-1")).documents
    assert document.text == "café\n"


def test_a_file_of_control_bytes_is_named_as_such_and_a_few_are_text() -> None:
    """Over a tenth of control bytes (not tab, line breaks, form feed, escape) is data."""
    copy = b"The mayor spoke.\n" * 10  # 170 bytes
    assert binary_kind(copy + b"\x01" * 30) == "control characters"  # 30 of 200
    assert binary_kind(copy + b"\x01" * 15) is None  # 15 of 185
    assert binary_kind(copy + b"\t\r\x0b\x0c\x1b" * 20) is None  # text controls
    assert binary_kind(b"") is None


@pytest.mark.skipif(
    sys.version_info < (3, 11),
    reason="on Python 3.10 a call's arguments stay on the caller's stack until it returns",
)
def test_read_lets_go_of_bytes_it_was_given_before_the_text_is_parsed(monkeypatch):
    # A long file's bytes are not held while its text is parsed (issue 14): bytes passed
    # without being kept are freed once decoded, neither `read` nor `Source` holding them.
    freed: list[bool] = []
    at_parse: list[bool] = []

    class Bytes(bytes):
        def __del__(self) -> None:
            freed.append(True)

    parse = formats.from_text

    def watched(*args, **kwargs):
        at_parse.append(bool(freed))
        return parse(*args, **kwargs)

    monkeypatch.setattr(formats, "from_text", watched)
    (document,) = read("a.txt", Bytes(b"\xef\xbb\xbfOne paragraph.\n")).documents
    assert at_parse == [True]
    assert document.text == "One paragraph.\n" and document.bom
