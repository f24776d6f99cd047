"""duplicate-across-articles in JSON exports: each article of an export is an article of
its own, its findings are reported (they were dropped: the rule named the file only), and
a related place in an export names its article and, in SARIF, where its words stand in the
export file."""

from __future__ import annotations

import json

PARA = (
    "Local traders said the closure would cut footfall along the quay, and the council "
    "promised a free shuttle bus between the two banks."
)


def _feed(tmp_path):
    articles = [
        {"id": "ferry", "body": f"The ferry story opens with a long first paragraph.\n\n{PARA}"},
        {"id": "other", "body": "Nothing to see here at all today, said nobody in particular."},
        {
            "id": "bridge",
            "body": f"An opening paragraph of the bridge story, long enough.\n\n{PARA}",
        },
    ]
    (tmp_path / "feed.jsonl").write_text("".join(json.dumps(a) + "\n" for a in articles))
    return (tmp_path / "feed.jsonl").read_text().splitlines()


def test_two_articles_of_one_export_repeat_each_other(cli, tmp_path):
    _feed(tmp_path)
    result = cli(
        "--isolated", "--no-cache", "--select", "D003", "--output-format", "json", "feed.jsonl",
        cwd=tmp_path,
    )  # fmt: skip
    found = json.loads(result.out)
    assert [(f["article"], f["message"]) for f in found] == [
        ("bridge", "paragraph also appears word for word in 1 other article"),
        ("ferry", "paragraph also appears word for word in 1 other article"),
    ]
    assert [r["article"] for f in found for r in f["related"]] == ["ferry", "bridge"]


def test_an_export_is_several_articles_for_a_file_beside_it(cli, tmp_path):
    _feed(tmp_path)
    (tmp_path / "story.md").write_text(f"# Story\n\n{PARA}\n")
    result = cli(
        "--isolated", "--no-cache", "--select", "D003", "story.md", "feed.jsonl", cwd=tmp_path
    )
    assert "story.md:3:1: D003" in result.out
    assert "word for word in 2 other articles" in result.out
    # The story's twins, in file order, each named by its article.
    story = result.out[result.out.index("story.md:3:1") :]
    assert story.index("(article ferry, field body)") < story.index("(article bridge, field body)")


def test_sarif_puts_a_related_place_in_an_export_where_its_words_stand(cli, tmp_path):
    lines = _feed(tmp_path)
    (tmp_path / "story.md").write_text(f"# Story\n\n{PARA}\n")
    result = cli(
        "--isolated", "--no-cache", "--select", "D003", "--output-format", "sarif",
        "story.md", "feed.jsonl", cwd=tmp_path,
    )  # fmt: skip
    results = json.loads(result.out)["runs"][0]["results"]
    story = next(r for r in results if "properties" not in r)  # the one not in the export
    places = [
        (p["physicalLocation"]["artifactLocation"]["uri"], p["physicalLocation"]["region"])
        for p in story["relatedLocations"]
    ]
    expected = [
        ("feed.jsonl", {"startLine": n, "startColumn": lines[n - 1].index("Local traders") + 1})
        for n in (1, 3)
    ]
    assert [(uri, {k: r[k] for k in ("startLine", "startColumn")}) for uri, r in places] == (
        expected
    )
    # A finding in the export links back to the story and to its twin in the export.
    bridge = next(r for r in results if r.get("properties", {}).get("article") == "bridge")
    related = bridge["relatedLocations"]
    assert related[0]["physicalLocation"]["region"]["startLine"] == 1
    assert related[1]["physicalLocation"]["artifactLocation"]["uri"] == "story.md"
