"""Front matter: YAML read with PyYAML's node positions, TOML (`+++`) with tomllib."""

from __future__ import annotations

import pytest

from newslint.formats.parse import parse
from newslint.lines import LineIndex

BODY = "\nThe library opens at nine on weekdays.\n"


def copy(text: str) -> list[tuple[str, str, tuple[int, int]]]:
    """(kind, words, (line, column)) of each front-matter block of a Markdown text."""
    doc = parse("a.md", text, "markdown")
    index = LineIndex(doc.text)
    return [
        (b.kind, " ".join(doc.block_text(b).split()), index.position(b.start))
        for b in doc.blocks
        if b.start < text.index("The library opens")
    ]


def test_a_plain_value_continued_on_an_indented_line_is_read_whole():
    text = (
        "---\nlayout: story\ndescription: The council voted on Monday, and\n"
        "  critics argue the closure will hurt families.\n---\n" + BODY
    )
    assert copy(text) == [
        (
            "paragraph",
            "The council voted on Monday, and critics argue the closure will hurt families.",
            (3, 14),
        )
    ]
    doc = parse("a.md", text, "markdown")
    assert "critics argue" in doc.view and "layout" not in doc.view and "story" not in doc.view


def test_a_continued_plain_value_is_linted_where_it_stands(cli, tmp_path):
    (tmp_path / "a.md").write_text(
        "---\ndescription: The council voted on Monday, and\n"
        "  critics argue the closure will hurt families.\n---\n" + BODY
    )
    result = cli("--isolated", "--output-format", "json", "a.md", cwd=tmp_path)
    assert [(d["code"], d["line"], d["column"]) for d in result.json()] == [("A001", 3, 3)]


def test_quoted_and_block_values_and_their_positions():
    text = (
        '---\ntitle: "Night bus #7: the\n  biggest upgrade"\n'
        "summary: |\n  Riders queued.\n  Critics argue it is late.\n"
        "subtitle: >-\n    Folded text\n    here\nstandfirst: 'It''s back'\n"
        "headline: &h Anchored title\ntags: [a, b]\nother:\n  title: nested is not copy\n---\n"
        + BODY
    )
    assert copy(text) == [
        ("heading", "Night bus #7: the biggest upgrade", (2, 9)),
        ("paragraph", "Riders queued. Critics argue it is late.", (5, 3)),
        ("paragraph", "Folded text here", (8, 5)),
        ("paragraph", "It''s back", (10, 14)),
        ("heading", "Anchored title", (11, 14)),
    ]


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_line_endings(newline):
    text = newline.join(["---", "title: One", "description: >", "  Two", "  three", "---", ""])
    text += BODY.replace("\n", newline)
    assert [(kind, where) for kind, _, where in copy(text)] == [
        ("heading", (2, 8)),
        ("paragraph", (4, 3)),
    ]


def test_invalid_yaml_yields_no_copy_and_no_error():
    text = "---\ntitle: [unclosed\ndescription: Experts argue\n---\n" + BODY
    assert copy(text) == []
    doc = parse("a.md", text, "markdown")
    assert "Experts" not in doc.view


HUGO = '''+++
title = "It was the biggest ever night"
draft = false
description = 'Literal \\ text'
summary = """
Experts argue the fare rise
is unfair."""
tags = ["biggest"]

[params]
standfirst = "Critics argue inside a table"
+++
'''


def test_toml_front_matter_is_read_with_positions():
    assert copy(HUGO + BODY) == [
        ("heading", "It was the biggest ever night", (2, 10)),
        ("paragraph", "Literal \\ text", (4, 16)),
        ("paragraph", "Experts argue the fare rise is unfair.", (6, 1)),
    ]
    doc = parse("a.md", HUGO + BODY, "markdown")
    assert "draft" not in doc.view and "Critics" not in doc.view and "+++" not in doc.view
    # The body still starts after the front matter.
    assert doc.block_text(doc.blocks[-1]) == "The library opens at nine on weekdays."


def test_toml_front_matter_is_linted_in_place(cli, tmp_path):
    (tmp_path / "hugo.md").write_text(HUGO + BODY)
    result = cli("--isolated", "--output-format", "json", "hugo.md", cwd=tmp_path)
    assert [(d["code"], d["line"], d["column"]) for d in result.json()] == [
        ("C001", 2, 21),
        ("A001", 6, 1),
    ]


def test_invalid_toml_yields_no_copy():
    assert copy('+++\ntitle = "unclosed\n+++\n' + BODY) == []
