"""The terminal: --statistics, suggestions for mistyped subcommands and rules, options
before the subcommand, and what --output-file leaves on the terminal."""

from __future__ import annotations

import io
import json
import sys

from conftest import FIXTURES

DUP = FIXTURES / "duplicate-paragraph" / "must-fire" / "per-line.txt"


def test_statistics_prints_only_the_counts(cli):
    result = cli("--statistics", "--isolated", str(DUP))
    assert result.code == 1
    assert result.out.splitlines() == [
        "    1  D001   [*] duplicate-paragraph",
        "Found 1 finding (1 fixable with --fix).",
    ]
    result = cli("--statistics", "--output-format", "json", "--isolated", str(DUP))
    assert result.json() == [
        {"code": "D001", "name": "duplicate-paragraph", "count": 1, "fixable": 1}
    ]


def test_statistics_with_an_output_file_still_writes_the_report(cli, tmp_path):
    target = tmp_path / "out.json"
    result = cli("--statistics", "--output-format", "json", "--output-file", str(target),
                 "--isolated", str(DUP))  # fmt: skip
    assert [d["line"] for d in json.loads(target.read_text())] == [5]
    assert result.out.splitlines()[0] == "    1  D001   [*] duplicate-paragraph"


def test_a_mistyped_subcommand_is_suggested(cli, tmp_path):
    result = cli("rul", "vague-attribution", cwd=tmp_path)
    assert result.code == 2
    assert "unknown command or path 'rul' (did you mean `newslint rule`?)" in result.err
    assert "no such file" not in result.err
    # A path that exists is linted, whatever it resembles; one resembling nothing is a path.
    (tmp_path / "rul").write_text("The library opens at nine.\n")
    assert cli("--isolated", "rul", cwd=tmp_path).code == 0
    result = cli("--isolated", "harbour.md", cwd=tmp_path)
    assert result.code == 2 and "harbour.md: no such file" in result.err
    result = cli("--isolated", "chck.md", cwd=tmp_path)  # close to `check`, but a file name
    assert result.code == 2 and "chck.md: no such file" in result.err


def test_a_mistyped_rule_is_suggested(cli):
    result = cli("rule", "vague-atribution")
    assert result.code == 2
    assert "no rule named 'vague-atribution' (did you mean 'vague-attribution'?)" in result.err
    assert "(did you mean 'A001'?)" in cli("rule", "a01").err


def test_options_before_the_subcommand(cli, monkeypatch, tmp_path):
    text = DUP.read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text)))
    result = cli("--no-cache", "--isolated", "--output-format", "json", "check", "-",
                 "--stdin-filename", "s.txt", cwd=tmp_path)  # fmt: skip
    assert [(d["path"], d["line"]) for d in result.json()] == [("s.txt", 5)]
    assert (result.code, result.err) == (1, "")  # `check` was once read as a missing path
    # An option's value that is a subcommand's name stays the option's value.
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text)))
    result = cli("--stdin-filename", "check", "--isolated", "--output-format", "json", "-")
    assert [(d["path"], d["line"]) for d in result.json()] == [("check", 5)]


def test_output_file_leaves_the_pretty_findings_on_the_terminal(cli, tmp_path):
    target = tmp_path / "report.sarif"
    result = cli("--output-format", "sarif", "--output-file", str(target), "--isolated", str(DUP))
    assert json.loads(target.read_text())["version"] == "2.1.0"
    assert "D001 [duplicate-paragraph]" in result.out and "$schema" not in result.out
