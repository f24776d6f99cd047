"""Output formats (sarif, github, junit, html), --output-file, --fail-on and baselines."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, SHARED
from newslint.report.github import escape_data, escape_property

PIPE = FIXTURES / "pipelines"
DUP = FIXTURES / "duplicate-paragraph" / "must-fire" / "per-line.txt"


@pytest.fixture
def articles(tmp_path, monkeypatch) -> Path:
    """The pipeline fixtures in a folder of their own, as the working folder."""
    folder = tmp_path / "desk"
    folder.mkdir()
    for name in ("article.html", "feed.json", "frontmatter.md", "payload.txt"):
        shutil.copy(PIPE / name, folder / name)
    shutil.copy(DUP, folder / "dup.txt")
    monkeypatch.chdir(folder)
    return folder


def test_sarif_validates_against_the_schema(cli, articles):
    schema_file = SHARED / "formats" / "sarif-schema-2.1.0.json"
    if not schema_file.is_file():
        pytest.skip("../shared/formats/sarif-schema-2.1.0.json is not present")
    jsonschema = pytest.importorskip("jsonschema")
    result = cli("--output-format", "sarif", "--isolated", ".")
    assert result.code == 1
    sarif = json.loads(result.out)
    jsonschema.validate(sarif, json.loads(schema_file.read_text(encoding="utf-8")))
    run = sarif["runs"][0]
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    assert rules["D001"]["name"] == "duplicate-paragraph"
    assert rules["D001"]["defaultConfiguration"]["level"] == "error"
    assert "## Why is this bad?" in rules["D001"]["help"]["markdown"]
    assert rules["C001"]["shortDescription"]["text"].startswith("A superlative claim")
    by_uri = {}
    for res in run["results"]:
        uri = res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        by_uri.setdefault(uri, []).append(res)
    (dup,) = by_uri["dup.txt"]
    assert dup["locations"][0]["physicalLocation"]["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
    assert dup["level"] == "error"
    assert dup["locations"][0]["physicalLocation"]["region"]["startLine"] == 5
    assert dup["relatedLocations"][0]["physicalLocation"]["region"]["startLine"] == 3
    (replacement,) = dup["fixes"][0]["artifactChanges"][0]["replacements"]
    assert replacement["insertedContent"]["text"] == ""
    html = [r["locations"][0]["physicalLocation"]["region"] for r in by_uri["article.html"]]
    assert (html[0]["startLine"], html[0]["startColumn"], html[0]["endColumn"]) == (10, 33, 40)
    (feed,) = by_uri["feed.json"]
    # Where "most exciting" stands in the export file (line 2), not inside the field.
    region = feed["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"], region["endColumn"]) == (2, 42, 55)
    assert feed["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] == "#1/title"
    assert feed["properties"]["fieldRegion"]["startColumn"] == 5


def test_github_annotations_are_escaped(cli, articles):
    assert escape_data("50% off\r\nnow") == "50%25 off\\r\\nnow"  # never a line break
    assert escape_property("a:b,c%") == "a%3Ab%2Cc%25"
    (articles / "odd, name: 100%.txt").write_text(DUP.read_text(encoding="utf-8"))
    lines = cli("--output-format", "github", "--isolated", ".").out.splitlines()
    assert lines[0].startswith("::warning file=article.html,line=10,col=33,endLine=10,")
    assert "title=C001 unsupported-superlative::'longest' is a superlative" in lines[0]
    assert any(
        line.startswith("::error file=odd%2C name%3A 100%25.txt,line=5,col=1,") for line in lines
    )
    feed = next(line for line in lines if "file=feed.json" in line)
    # Where "most exciting" stands in the export file, as SARIF places it.
    assert "file=feed.json,line=2,col=42,endLine=2,endColumn=55," in feed
    assert feed.endswith("(article #1, field title)")
    assert all("\n" not in line for line in lines)


def test_junit_is_xml_with_a_case_per_finding(cli, articles):
    result = cli("--output-format", "junit", "--isolated", ".")
    root = ET.fromstring(result.out)
    suites = {s.get("name"): s for s in root.iter("testsuite")}
    assert set(suites) == {"article.html", "dup.txt", "feed.json", "frontmatter.md", "payload.txt"}
    assert root.get("failures") == str(len(list(root.iter("failure"))))
    (case,) = suites["dup.txt"].iter("testcase")
    assert (case.get("name"), case.get("line")) == ("D001 duplicate-paragraph", "5")
    assert "line 5, column 1" in case.find("failure").text
    (feed,) = suites["feed.json"].iter("failure")
    assert "(article #1, field title)" in feed.text


def test_output_file_keeps_pretty_output_on_the_terminal(cli, articles, tmp_path):
    target = tmp_path / "report.sarif"
    result = cli("--output-format", "sarif", "--output-file", str(target), "--isolated", ".")
    assert json.loads(target.read_text(encoding="utf-8"))["version"] == "2.1.0"
    assert "dup.txt:5:1: D001 [duplicate-paragraph]" in result.out
    assert "Found " in result.out and "$schema" not in result.out


def test_fail_on_threshold(cli, articles):
    assert cli("--isolated", "payload.txt").code == 1  # default: any finding fails
    assert cli("--isolated", "--fail-on", "warning", "payload.txt").code == 1
    assert cli("--isolated", "--fail-on", "error", "payload.txt").code == 0
    assert cli("--isolated", "--fail-on", "error", "dup.txt").code == 1
    assert cli("--isolated", "--fail-on", "never", "dup.txt").code == 0
    assert cli("--isolated", "--fail-on", "bogus", "dup.txt").code == 2


def test_baseline_survives_edits_above_and_counts_stale(cli, articles, tmp_path):
    base = tmp_path / "baseline.json"
    result = cli("--isolated", "--write-baseline", str(base), ".")
    assert result.code == 0
    entries = json.loads(base.read_text(encoding="utf-8"))["findings"]
    assert {"path": "feed.json", "code": "C001", "text": "most exciting", "article": "#1",
            "field": "title"} in entries  # fmt: skip
    assert cli("--isolated", "--baseline", str(base), ".").code == 0

    # Copy added above every finding moves them down; none comes back.
    page = articles / "article.html"
    page.write_text(
        page.read_text().replace("<article>", "<article>\n<p>A new first paragraph.</p>\n")
    )
    payload = articles / "payload.txt"
    payload.write_text("A new opening line.\n\n" + payload.read_text())
    result = cli("--isolated", "--baseline", str(base), ".")
    assert result.code == 0, result.out
    assert "All clean." in result.out

    # A new finding is reported; a fixed one is counted as stale.
    payload.write_text(payload.read_text().replace("unprecedented in scale", "large"))
    (articles / "new.txt").write_text("It was the finest hour of the campaign.\n")
    result = cli("--isolated", "--baseline", str(base), "--output-format", "concise", ".")
    assert result.code == 1
    assert result.out.splitlines()[0].startswith("new.txt:1:12: C001")
    assert "1 baseline entry no longer found" in result.out


def test_bad_baseline_is_an_error(cli, articles, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("[]")
    result = cli("--isolated", "--baseline", str(bad), ".")
    assert result.code == 2 and "not a newslint baseline" in result.err


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROME_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _chromium(page: Path, profile: Path, *extra: str) -> str:
    run = subprocess.run(
        [CHROMIUM, *CHROME_FLAGS, f"--user-data-dir={profile}", *extra, page.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return run.stdout


@pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium (Debian package chromium) absent")
def test_html_report_in_headless_chromium(cli, articles, tmp_path):
    page = tmp_path / "report.html"
    cli("--isolated", "--output-format", "html", "--output-file", str(page), ".")
    source = page.read_text(encoding="utf-8")
    assert "http://" not in source.replace("http-equiv", "") and "https://" not in source
    assert "<script>document.title" not in source and "<img src=x" not in source

    dom = _chromium(page, tmp_path / "profile-dom", "--virtual-time-budget=3000", "--dump-dom")
    # The payloads ran nothing: the title is ours and nothing marked the page.
    assert "<title>newslint report</title>" in dom
    assert "PWNED" not in dom.split("</title>")[0]
    assert "data-pwned" not in dom.split("<body")[1].split(">")[0]
    assert dom.count("<script") == 1 and "<img" not in dom
    assert "&lt;script&gt;document.title='PWNED'&lt;/script&gt;" in dom
    assert "onerror=\"document.body.setAttribute('data-pwned','yes')\"&gt;" in dom
    # The flagged words are highlighted, with the findings beside them.
    marks = ET.fromstring(f"<r>{_marks(dom)}</r>")
    assert {(m.text, m.get("data-rules")) for m in marks} >= {
        ("biggest", "C001"),
        ("unprecedented", "C001"),
        ("longest", "C001"),
        ("most exciting", "C001"),
    }
    assert 'class="findings"' in dom and "<li>feed.json (article #2, field title)</li>" in dom
    assert 'value="sev:error" checked' in dom and 'value="D001" checked' in dom
    assert "<td><code>D001</code></td><td>duplicate-paragraph</td>" in dom

    shot = tmp_path / "report.png"
    _chromium(page, tmp_path / "profile-shot", "--window-size=1280,1600", f"--screenshot={shot}")
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000
    keep = os.environ.get("NEWSLINT_REPORT_SCREENSHOT")  # how docs/html-report.png is made
    if keep:
        shutil.copy(shot, ROOT / keep)  # relative to the repository root


def _marks(dom: str) -> str:
    """Every <mark> element of the serialised DOM, attributes kept, title dropped."""
    import re

    found = re.findall(r'<mark class="[^"]*" data-rules="[^"]*"[^>]*>[^<]*</mark>', dom)
    return "".join(re.sub(r' (title|data-findings)="[^"]*"', "", m) for m in found)
