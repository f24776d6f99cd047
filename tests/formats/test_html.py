"""formats.html: the HTML source's own offsets, copy visible, everything else blank."""

from __future__ import annotations

from newslint.formats.html import html_blocks

PAGE = (
    "<html><head><title>Not copy</title><style>p {}</style></head><body>"
    "<nav>Home</nav><h1>Harbour tolls</h1>"
    "<p>Tolls rise <em>again</em>, the port said.</p>"
    "<!-- newslint: ignore A001 -->"
    "<ul><li>One stall</li></ul><script>var x = 'experts say';</script>"
    "<blockquote>A quoted line.</blockquote></body></html>"
)


def test_the_view_keeps_the_length_and_shows_only_copy():
    view, blocks, _, _ = html_blocks(PAGE)
    assert len(view) == len(PAGE)
    assert [(b.kind, " ".join(view[b.start : b.end].split())) for b in blocks] == [
        ("heading", "Harbour tolls"),
        ("paragraph", "Tolls rise again , the port said."),
        ("list_item", "One stall"),
        ("blockquote", "A quoted line."),
    ]
    for hidden in ("Not copy", "Home", "experts say", "p {}"):
        assert hidden not in view


def test_a_block_is_located_in_the_source():
    view, blocks, _, _ = html_blocks(PAGE)
    heading = blocks[0]
    assert PAGE[heading.start : heading.end] == "Harbour tolls"


def test_suppression_comments_are_read_at_their_offset():
    _, _, directives, _ = html_blocks(PAGE)
    (directive,) = directives
    assert PAGE.startswith("<!-- newslint: ignore A001", directive.offset)
    assert directive.action == "ignore"


def test_an_entity_is_decoded_at_its_first_character_and_its_tail_is_glue():
    text = "<p>Caf&eacute; life</p>"
    view, _, _, glue = html_blocks(text)
    at = text.index("&eacute;")
    assert view[at] == "é"
    assert set(range(at + 1, at + len("&eacute;"))) <= set(glue)
