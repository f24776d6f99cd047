"""CI formats that consumers accept: SARIF URIs, fingerprints, links and notifications,
regions for JSON exports, JUnit errors, GitLab Code Quality and JSON Lines."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

# Two vague attributions with the same flagged words, a repeated paragraph, and copy
# between them that later edits change.
STORY = """The council voted on Monday to close the Elm Street library.

Experts argue the closure will hurt families with young children.

The ferry to the north islands was cancelled again on Monday night.

The mayor said the budget left the council with no other choice.

Experts argue the savings are small next to the cost of rebuilding.

The ferry to the north islands was cancelled again on Monday night.
"""
NAMES = ["tram #1.md", "why?.md", "x:y/desk story.md", "café ünïcode.md", "100% sure.md"]


@pytest.fixture
def desk(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "checkout"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder


def sarif_of(cli, *args: str) -> dict:
    result = cli("--isolated", "--output-format", "sarif", *args)
    return json.loads(result.out)


def validate(log: dict, shared: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((shared / "formats" / "sarif-schema-2.1.0.json").read_text("utf-8"))
    jsonschema.validate(log, schema)


def test_sarif_uris_are_percent_encoded_relative_references(cli, desk, shared):
    for name in NAMES:
        (desk / name).parent.mkdir(parents=True, exist_ok=True)
        (desk / name).write_text(STORY, encoding="utf-8")
    log = sarif_of(cli, ".")
    validate(log, shared)
    run = log["runs"][0]
    base = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
    assert base == desk.as_uri() + "/"
    locations = [res["locations"][0]["physicalLocation"] for res in run["results"]]
    locations += [rel["physicalLocation"] for res in run["results"] for rel in res.get(
        "relatedLocations", [])]  # fmt: skip
    uris = set()
    for location in locations:
        artifact = location["artifactLocation"]
        assert artifact["uriBaseId"] == "%SRCROOT%"
        uri = artifact["uri"]
        parts = urlsplit(uri)
        # A relative reference with a path only: no scheme, query or fragment, and the
        # first segment holds no ':' (which would read as a scheme).
        assert (parts.scheme, parts.netloc, parts.query, parts.fragment) == ("", "", "", "")
        assert ":" not in uri and "#" not in uri and "?" not in uri and " " not in uri
        assert uri.isascii()
        uris.add(unquote(uri))
    assert uris == set(NAMES)
    assert "tram%20%231.md" in {loc["artifactLocation"]["uri"] for loc in locations}


def test_a_file_outside_the_working_folder_gets_a_file_uri(cli, desk, tmp_path):
    outside = tmp_path / "elsewhere #2.md"
    outside.write_text(STORY, encoding="utf-8")
    run = sarif_of(cli, str(outside))["runs"][0]
    artifact = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert artifact == {"uri": outside.as_uri()}
    assert "%232.md" in artifact["uri"] and "uriBaseId" not in artifact


def fingerprints(cli) -> list[tuple[int, str]]:
    run = sarif_of(cli, "story.md")["runs"][0]
    return [
        (
            res["locations"][0]["physicalLocation"]["region"]["startLine"],
            res["partialFingerprints"]["newslintBlock/v2"],
        )
        for res in run["results"]
    ]


def test_fingerprints_are_unique_in_a_file_and_survive_edits_elsewhere(cli, desk):
    (desk / "story.md").write_text(STORY, encoding="utf-8")
    before = fingerprints(cli)
    assert [line for line, _ in before] == [3, 9, 11]  # two "Experts argue", one repeat
    assert len({fp for _, fp in before}) == len(before)
    # Copy added above and a paragraph between them rewritten: every finding keeps its own.
    edited = "A new first paragraph, added later.\n\n" + STORY.replace(
        "no other choice", "little choice at all"
    )
    (desk / "story.md").write_text(edited, encoding="utf-8")
    after = fingerprints(cli)
    assert [line for line, _ in after] == [5, 11, 13]
    assert [fp for _, fp in after] == [fp for _, fp in before]


def test_identical_findings_in_identical_paragraphs_are_told_apart(cli, desk):
    twice = "Experts argue the closure will hurt families with young children.\n\n"
    (desk / "story.md").write_text("Opening line.\n\n" + twice * 3, encoding="utf-8")
    prints = [fp for _, fp in fingerprints(cli)]
    assert len(prints) == len(set(prints)) >= 3


def test_related_locations_are_linked_from_the_message(cli, desk, shared):
    (desk / "story.md").write_text(STORY, encoding="utf-8")
    log = sarif_of(cli, "story.md")
    validate(log, shared)
    (dup,) = [r for r in log["runs"][0]["results"] if r["ruleId"] == "D001"]
    assert dup["message"]["text"].endswith("([first appears here](1))")
    (related,) = dup["relatedLocations"]
    assert related["id"] == 1 and related["physicalLocation"]["region"]["startLine"] == 5


def test_brackets_in_a_linked_message_are_escaped():
    from newslint.report.sarif import _escape

    assert _escape(r"'[sic]' \ odd") == r"'\[sic\]' \\ odd"


def test_json_export_findings_have_a_region_in_the_export_file(cli, desk, shared):
    articles = [
        {"id": "a-1", "title": "Quiet day", "body": "Nothing happened at the port today."},
        {"id": "a-2", "title": "Caf\u00e9 owners say it was the biggest ever night"},
    ]
    # One export with UTF-8 text and one with \u escapes and escaped slashes.
    (desk / "plain.json").write_text(json.dumps(articles, ensure_ascii=False, indent=1))
    (desk / "escaped.jsonl").write_text(
        "\n".join(json.dumps(a).replace("/", "\\/") for a in articles) + "\n"
    )
    log = sarif_of(cli, ".")
    validate(log, shared)
    regions = {}
    for res in log["runs"][0]["results"]:
        location = res["locations"][0]
        uri = location["physicalLocation"]["artifactLocation"]["uri"]
        regions[uri] = location["physicalLocation"]["region"]
        assert location["logicalLocations"][0]["fullyQualifiedName"] == "a-2/title"
    for uri, region in regions.items():
        line = (desk / uri).read_text(encoding="utf-8").splitlines()[region["startLine"] - 1]
        assert line[region["startColumn"] - 1 : region["endColumn"] - 1] == "biggest"


def test_json_export_finding_falls_back_to_the_article_line(cli, desk):
    from newslint.model import Diagnostic, Severity
    from newslint.report import Locator, Region

    (desk / "feed.jsonl").write_text('{"id": 1}\n{"id": 2, "title": "x"}\n')
    diag = Diagnostic("C001", "r", Severity.WARNING, "m", "feed.jsonl", 0, 1, article="line 2")
    assert Locator({}).file_region(diag) is None  # the field's document is unknown
    from newslint.formats.feeds import field_document

    doc = field_document("feed.jsonl", "2", "title", "not in the file")
    found = Diagnostic("C001", "r", Severity.WARNING, "m", "feed.jsonl", 0, 3, article="2",
                       field="title")  # fmt: skip
    assert Locator({found.key: doc}).file_region(found) == Region(2)


def not_utf8(desk: Path) -> None:
    (desk / "story.md").write_text(STORY, encoding="utf-8")
    (desk / "latin #1.txt").write_bytes("Caf\u00e9 owners said it was busy.\n".encode("latin-1"))


def test_input_errors_are_sarif_notifications(cli, desk, shared):
    not_utf8(desk)
    result = cli("--isolated", "--output-format", "sarif", ".")
    assert result.code == 2
    log = json.loads(result.out)
    validate(log, shared)
    (invocation,) = log["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is False
    (note,) = invocation["toolExecutionNotifications"]
    assert note["level"] == "error" and "not valid utf-8" in note["message"]["text"]
    artifact = note["locations"][0]["physicalLocation"]["artifactLocation"]
    assert artifact == {"uri": "latin%20%231.txt", "uriBaseId": "%SRCROOT%"}
    clean = sarif_of(cli, "story.md")["runs"][0]["invocations"][0]
    assert clean == {"executionSuccessful": True, "toolExecutionNotifications": []}


def test_input_errors_are_junit_errors(cli, desk):
    not_utf8(desk)
    root = ET.fromstring(cli("--isolated", "--output-format", "junit", ".").out)
    assert root.get("errors") == "1"
    suites = {s.get("name"): s for s in root.iter("testsuite")}
    bad = suites["latin #1.txt"]
    assert (bad.get("errors"), bad.get("failures"), bad.get("tests")) == ("1", "0", "1")
    (error,) = bad.iter("error")
    assert "not valid utf-8" in error.get("message")
    assert suites["story.md"].get("errors") == "0"


def test_gitlab_code_quality(cli, desk, monkeypatch):
    (desk / "desk").mkdir()
    (desk / "desk" / "tram #1.md").write_text(STORY, encoding="utf-8")
    issues = json.loads(cli("--isolated", "--output-format", "gitlab", "desk").out)
    assert [i["location"]["positions"]["begin"]["line"] for i in issues] == [3, 9, 11]
    first = issues[0]
    assert first["check_name"] == "newslint:A001" and first["severity"] == "minor"
    assert first["description"].startswith("A001 [vague-attribution] ")
    assert first["location"]["path"] == "desk/tram #1.md"
    assert first["location"]["positions"]["begin"] == {"line": 3, "column": 1}
    assert issues[2]["severity"] == "major"
    assert len({i["fingerprint"] for i in issues}) == 3
    # Paths relative to the project GitLab checked out.
    monkeypatch.setenv("CI_PROJECT_DIR", str(desk / "desk"))
    issues = json.loads(cli("--isolated", "--output-format", "gitlab", "desk").out)
    assert issues[0]["location"]["path"] == "tram #1.md"


def test_json_lines_is_one_json_finding_per_line(cli, desk):
    (desk / "story.md").write_text(STORY, encoding="utf-8")
    result = cli("--isolated", "--output-format", "json-lines", "story.md")
    as_json = cli("--isolated", "--output-format", "json", "story.md").json()
    assert [json.loads(line) for line in result.out.splitlines()] == as_json
    assert len(result.out.splitlines()) == 3
    (desk / "clean.md").write_text("The library opens at nine.\n", encoding="utf-8")
    assert cli("--isolated", "--output-format", "json-lines", "clean.md").out == ""
