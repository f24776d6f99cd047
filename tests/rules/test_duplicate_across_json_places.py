"""Recorded, not fixed (rules/ is being changed elsewhere): a D003 repeat of a paragraph
of a JSON export, within one run, points its "also here" at the field's offsets read as
offsets of the export file: a wrong line and column, often inside another article.
`Related` names a path only, and the rule builds it from the summary's path and the
paragraph's offsets in the field's decoded text."""

from __future__ import annotations

import json

import pytest

PARA = (
    "Local traders said the closure would cut footfall along the quay, and the council "
    "promised a free shuttle bus between the two banks."
)


@pytest.mark.xfail(strict=True, reason="D003 related places in JSON exports use field offsets")
def test_also_here_in_a_json_export_names_the_paragraph_place(cli, tmp_path):
    articles = [
        {"id": "other", "body": "Nothing to see here at all today, said nobody in particular."},
        {
            "id": "bridge",
            "body": f"An opening paragraph of the bridge story, long enough.\n\n{PARA}",
        },
    ]
    (tmp_path / "feed.jsonl").write_text("".join(json.dumps(a) + "\n" for a in articles))
    (tmp_path / "story.md").write_text(f"# Story\n\n{PARA}\n")
    result = cli(
        "--isolated", "--no-cache", "--select", "D003", "story.md", "feed.jsonl", cwd=tmp_path
    )
    line = (tmp_path / "feed.jsonl").read_text().splitlines()[1]
    column = line.index("Local traders") + 1
    assert f"also here: feed.jsonl:2:{column}" in result.out
