"""HTML, JSON/JSONL exports and Markdown front matter as inputs."""

from __future__ import annotations

import shutil

from conftest import FIXTURES
from newslint.formats.feeds import format_of
from newslint.formats.parse import parse

PIPE = FIXTURES / "pipelines"


def _html():
    text = (PIPE / "article.html").read_text(encoding="utf-8")
    return text, parse("article.html", text, "html")


def test_html_blocks_skip_script_style_nav_code_pre_and_head():
    text, doc = _html()
    assert len(doc.view) == len(text)
    blocks = [(b.kind, " ".join(doc.block_text(b).split())) for b in doc.blocks]
    assert blocks == [
        ("heading", "Ferry crews vote to end the longest strike ever"),
        (
            "paragraph",
            "Crews on the Westport & Ayre ferries voted on Tuesday to end a 19-day strike, "
            "the union said.",
        ),
        (
            "paragraph",
            "The deal is unprecedented for the route, and it's due to run for three years.",
        ),
        ("blockquote", "We are glad to be back at sea, one deckhand said."),
        ("list_item", "Sailings resume on Thursday morning."),
        ("list_item", "Fares are frozen until April."),
        ("paragraph", "Use the code on the website."),
        (
            "paragraph",
            "Crews on the Westport & Ayre ferries voted on Tuesday to end a 19-day strike, "
            "the union said.",
        ),
    ]
    for hidden in ("biggest", "margin", "Home", "<p>", "timetable", "longest dispute"):
        assert hidden not in doc.view


def test_html_entity_decodes_at_its_first_offset():
    text, doc = _html()
    amp = text.index("&amp;")
    assert doc.view[amp : amp + 5] == "&    "
    # Inside a word the entity reads as one apostrophe and the word stays whole.
    quote = text.index("&rsquo;")
    assert doc.view[quote - 2 : quote + 8] == "it's      "
    assert doc.source_span(quote - 2, quote + 2) == (quote - 2, quote + 8)


def test_html_findings_point_at_the_html_source(cli):
    result = cli("--output-format", "json", "--isolated", str(PIPE / "article.html"))
    found = [(d["code"], d["line"], d["column"], d["end_column"]) for d in result.json()]
    # 'longest' in the <h1> (not the <title>), and the repeated <p> after the <script>.
    para = "Crews on the Westport &amp; Ayre ferries voted on Tuesday to end a 19-day strike, "
    para += "the union said."
    assert found == [("C001", 10, 33, 40), ("D001", 21, 4, 4 + len(para))]
    assert result.json()[1]["related"][0]["line"] == 11


def test_fix_leaves_html_alone(cli, tmp_path):
    target = tmp_path / "article.html"
    shutil.copy(PIPE / "article.html", target)
    before = target.read_bytes()
    assert cli("--fix", "--isolated", str(target)).code == 1
    assert target.read_bytes() == before


def _feeds(tmp_path):
    for name in ("feed.jsonl", "feed.json"):
        shutil.copy(PIPE / name, tmp_path / name)
    return tmp_path


def test_jsonl_names_article_and_field_and_reports_the_broken_line(cli, tmp_path):
    folder = _feeds(tmp_path)
    (folder / "newslint.toml").write_text('json-id-field = "uid"\n')
    result = cli("--output-format", "json", str(folder / "feed.jsonl"), cwd=folder)
    assert result.code == 2
    assert "feed.jsonl: line 2: invalid JSON: Expecting value (column 58)" in result.err
    found = [(d["article"], d["field"], d["line"], d["column"], d["code"]) for d in result.json()]
    # The article without an id is named by its line; lines count inside the field's text.
    assert found == [("fx-101", "body", 2, 14, "C001"), ("fx-103", "body", 3, 21, "C001")]


def test_json_fields_and_id_are_configurable(cli, tmp_path):
    folder = _feeds(tmp_path)
    (folder / "newslint.toml").write_text('json-id-field = "meta.ref"\njson-fields = ["text"]\n')
    assert cli("--output-format", "json", "feed.json", cwd=folder).json() == []
    (folder / "newslint.toml").write_text('json-id-field = "meta.ref"\n')
    (finding,) = cli("--output-format", "json", "feed.json", cwd=folder).json()
    assert (finding["article"], finding["field"], finding["column"]) == ("w-1", "title", 5)


def test_json_keys_only_for_json_inputs(cli):
    result = cli("--output-format", "json", "--isolated", str(PIPE / "payload.txt"))
    assert all("article" not in d and "field" not in d for d in result.json())


def test_body_format_detection():
    assert format_of("<p>One.</p>") == "html"
    assert format_of("## Head\n\nText.") == "markdown"
    assert format_of("See [the report](https://example.com).") == "markdown"
    assert format_of("Just words, 3 < 4.") == "text"


def test_concise_and_pretty_name_the_article(cli, tmp_path):
    folder = _feeds(tmp_path)
    out = cli("--output-format", "concise", "feed.json", cwd=folder).out
    assert "feed.json:1:5: C001 [unsupported-superlative]" in out
    assert "(article #1, field title)" in out
    assert "(article #1, field title)" in cli("feed.json", cwd=folder).out


def test_front_matter_title_and_description_are_linted_in_place(cli):
    result = cli("--output-format", "json", "--isolated", str(PIPE / "frontmatter.md"))
    assert [(d["code"], d["line"], d["column"]) for d in result.json()] == [
        ("C001", 2, 31),
        ("A001", 5, 3),  # "Riders say": an unnamed group, by the shape of its noun
        ("C001", 6, 3),
    ]
    text = (PIPE / "frontmatter.md").read_text(encoding="utf-8")
    doc = parse("f.md", text, "markdown")
    blocks = [(b.kind, " ".join(doc.block_text(b).split())) for b in doc.blocks][:2]
    assert blocks == [
        ("heading", "Night bus #7 gets the biggest upgrade ever"),
        ("paragraph", "Riders say the new seats are unprecedented in comfort."),
    ]
    assert "transport" not in doc.view and "story" not in doc.view


def test_front_matter_title_repeated_as_the_h1_is_linted_once():
    text = "---\ntitle: 'Ferry strike ends'\n---\n\n# Ferry strike ends\n\nCrews voted.\n"
    doc = parse("f.md", text, "markdown")
    assert [doc.block_text(b) for b in doc.blocks] == ["Ferry strike ends", "Crews voted."]
    assert doc.blocks[0].start == text.index("# F") + 2
