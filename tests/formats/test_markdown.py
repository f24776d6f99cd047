"""formats.markdown: CommonMark blocks at the source's offsets; syntax, code and URLs blank."""

from __future__ import annotations

from newslint.formats.markdown import markdown_blocks

TEXT = (
    "---\ntitle: A headline\n---\n"
    "# Market returns\n\n"
    "The market drew **the largest** crowd, [the council](https://example.org/x) said.\n\n"
    "- Forty stalls\n- `code span`\n\n"
    "> A quoted line.\n\n"
    "```\nexperts say in code\n```\n\n"
    "<!-- newslint: disable C001 -->\n"
)


def test_view_has_the_texts_length_and_only_copy_is_visible():
    view, _, _, _ = markdown_blocks(TEXT)
    assert len(view) == len(TEXT)
    for hidden in ("**", "https://example.org", "experts say in code", "code span", "# "):
        assert hidden not in view
    assert "the largest" in view and "the council" in view


def test_blocks_by_kind_at_source_offsets():
    view, blocks, _, _ = markdown_blocks(TEXT)
    kinds = [b.kind for b in blocks]
    assert "heading" in kinds and "paragraph" in kinds
    # The item holding only a code span has no copy, so it is no block.
    assert kinds.count("list_item") == 1 and "blockquote" in kinds
    heading = next(b for b in blocks if b.kind == "heading" and "Market" in TEXT[b.start : b.end])
    assert TEXT[heading.start : heading.end].strip() == "Market returns"


def test_front_matter_copy_is_a_block_of_its_own():
    _, blocks, _, _ = markdown_blocks(TEXT)
    assert any(TEXT[b.start : b.end] == "A headline" for b in blocks)


def test_suppression_comment_is_a_directive():
    _, _, directives, _ = markdown_blocks(TEXT)
    (directive,) = directives
    assert directive.action == "disable" and directive.rules == frozenset({"C001"})
