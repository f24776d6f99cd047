"""The archive index reads files the way linting does: a JSON export by its articles."""

from __future__ import annotations

import json
import sqlite3

PUBLISHED = (
    "The county council voted on Tuesday to close the old swimming baths on Mill Lane after "
    "an engineer's report found the roof beyond repair and the pumps worn out."
)


def test_an_index_built_from_a_jsonl_export_finds_its_paragraphs_in_new_copy(cli, tmp_path):
    archive = tmp_path / "archive"
    archive.mkdir()
    articles = [
        {"id": "a-1", "headline": "Baths to close", "body": f"<p>{PUBLISHED}</p>"},
        {"id": "a-2", "headline": "Bakery wins award", "body": "<p>A loaf proved for days.</p>"},
    ]
    (archive / "export.jsonl").write_text("\n".join(json.dumps(a) for a in articles) + "\n")
    index = tmp_path / "index.sqlite"
    assert cli("index", str(archive), "--index", str(index)).code == 0

    # Paragraphs, not raw JSON lines: the stored words are the copy's.
    stored = [row[0] for row in sqlite3.connect(index).execute("SELECT words FROM paragraphs")]
    assert any(w.startswith("the county council voted") for w in stored)
    assert not any("headline" in w or "body" in w for w in stored)

    new = tmp_path / "new.md"
    new.write_text(f"# Baths\n\nA fresh intro paragraph about the pool.\n\n{PUBLISHED}\n")
    result = cli(
        "--isolated", "--no-cache", "--against", str(index), "--output-format", "json", str(new)
    )
    (finding,) = [f for f in result.json() if f["code"] == "D003"]
    assert finding["line"] == 5
    assert "already published word for word" in finding["message"]
    assert finding["related"][0]["path"].endswith("export.jsonl")
