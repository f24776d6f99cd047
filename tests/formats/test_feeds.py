"""formats.feeds: a JSON export is one document per (article, field)."""

from __future__ import annotations

import json

from newslint.formats.feeds import documents, format_of

FIELDS = ("headline", "body")


def test_each_field_is_its_own_document_with_its_own_offsets():
    text = json.dumps([{"id": "a1", "headline": "Tolls rise", "body": "<p>Copy here.</p>"}])
    found, problems = documents("feed.json", text, "json", FIELDS, "id")
    assert problems == []
    assert [(d.article, d.field, d.format) for d in found] == [
        ("a1", "headline", "text"),
        ("a1", "body", "html"),
    ]
    assert found[0].blocks[0].kind == "heading"  # a headline field is a heading
    body = found[1]
    assert body.text[body.blocks[0].start : body.blocks[0].end] == "Copy here."


def test_an_article_without_an_id_is_named_by_position():
    text = "\n".join(json.dumps({"headline": h}) for h in ("One", "Two"))
    found, _ = documents("feed.jsonl", text, "jsonl", FIELDS, "id")
    assert [d.article for d in found] == ["line 1", "line 2"]


def test_problems_name_the_line_and_the_rest_is_read():
    text = '{"id": 1, "body": "Fine."}\n[1, 2]\n{broken\n'
    found, problems = documents("feed.jsonl", text, "jsonl", FIELDS, "id")
    assert [d.text for d in found] == ["Fine."]
    assert [p.message.split(":")[0] for p in problems] == ["line 2", "line 3"]


def test_a_body_is_read_as_html_markdown_or_text_by_what_it_holds():
    assert format_of("<p>One</p>") == "html"
    assert format_of("## Head\n\nOne") == "markdown"
    assert format_of("Just copy.") == "text"


def test_a_field_with_html_entities_but_no_tags_is_read_as_html(cli, tmp_path):
    # CMS exports strip tags but keep entities: the page shows "Experts", "ferry's".
    body = "Ex&shy;perts say the ferry&rsquo;s plan will fail. Smith &amp; Co agreed."
    assert format_of(body) == "html"
    assert format_of("AT&T and R&D rose; Q&A at 5.") == "text"  # no entity: plain text
    text = json.dumps([{"id": "a1", "headline": "Crit&shy;ics say", "body": body}])
    found, _ = documents("feed.json", text, "json", FIELDS, "id")
    assert found[0].blocks[0].kind == "heading"  # still a heading
    (tmp_path / "feed.json").write_text(text)
    result = cli("--output-format", "json", "--isolated", str(tmp_path / "feed.json"))
    messages = sorted(d["message"].split("?")[0] for d in result.json())
    assert messages == ["who are the critics", "who are the experts"]
