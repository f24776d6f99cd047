from __future__ import annotations

import re

import pytest

from conftest import ROOT


def test_rule_table_in_readme_is_generated_from_the_rules(cli):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(
        r"<!-- rules-table:start[^>]*-->\n(.*?)\n<!-- rules-table:end -->", readme, re.S
    )
    assert block is not None
    generated = cli("rules", "--format", "markdown", cwd=ROOT).out.strip()
    assert block.group(1) == generated, "regenerate with: python scripts/readme_table.py"


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "pip install -e '.[test]' && python -m pytest -q" in readme
    assert "pip install --quiet -e '.[test]'" in ci and "python -m pytest -q" in ci


def test_clean_examples_are_clean_and_the_others_are_not(cli):
    assert cli("--isolated", str(ROOT / "examples" / "clean")).code == 0
    result = cli("--isolated", "--output-format", "json", str(ROOT / "examples" / "needs-work"))
    assert {d["rule"] for d in result.json()} >= {"duplicate-paragraph", "duplicate-sentence"}


def test_readme_names_no_release_tag_that_does_not_exist():
    """pre-commit's `rev:` and pip's `@ref` must name something that exists: a version tag
    the README names must be a tag of this repository."""
    import shutil
    import subprocess

    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("needs this checkout as a git repository")

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", *args], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout

    tags = set(git("tag", "--list").split())
    if not tags and git("rev-parse", "--is-shallow-repository").strip() == "true":
        pytest.skip("a shallow clone without tags cannot tell")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    named = re.findall(r"rev:\s*(v\d[\w.\-]*)", readme)
    named += re.findall(r"github\.com/newslint/newslint@(v\d[\w.\-]*)", readme)
    assert [ref for ref in named if ref not in tags] == []
