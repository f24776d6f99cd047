"""What a newsroom engineer trying newslint for the first time ran into."""

from __future__ import annotations

from pathlib import Path


def test_nothing_to_lint_is_said_not_called_clean(cli, tmp_path: Path):
    # A folder whose every file is excluded, or a named file --force-exclude drops (what
    # pre-commit passes): nothing is read, so "All clean." would vouch for copy never seen.
    (tmp_path / "pyproject.toml").write_text('[tool.newslint]\nextend-exclude = ["/archive"]\n')
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "old.txt").write_text("Experts say it is the biggest ever.\n")

    for args in (["archive"], ["--force-exclude", "archive/old.txt"]):
        result = cli("--no-cache", *args, cwd=tmp_path)
        assert result.code == 0  # as ruff: a warning, not a failure
        assert "All clean" not in result.out
        assert "no files to lint" in result.err

    # A run that lints files says nothing of the kind.
    (tmp_path / "new.txt").write_text("The council met on Monday.\n")
    result = cli("--no-cache", ".", cwd=tmp_path)
    assert result.code == 0 and "All clean." in result.out and result.err == ""


def test_no_ignore_comment_is_offered_inside_front_matter(tmp_path: Path):
    # An HTML comment inside YAML front matter silences nothing and becomes a junk
    # metadata key ('<!-- newslint') for the site generator: the editor must not offer it.
    from newslint.engine.fix import apply_edits
    from newslint.engine.registry import discover
    from newslint.server.session import Session, suppression

    session = Session(discover()[0], tmp_path)
    text = "---\ntitle: Experts say the plan is the biggest ever\n---\n\nCritics argue it fails.\n"
    outcome = session.lint(str(tmp_path / "story.md"), text)
    front = [d for d in outcome.diagnostics if d.start < text.index("\n---\n")]
    body = [d for d in outcome.diagnostics if d.start > text.index("\n---\n")]
    assert front and body
    assert all(suppression(outcome, d) is None for d in front)
    # In the body the comment still works.
    (finding,) = body
    edit = suppression(outcome, finding)
    assert edit is not None
    after = session.lint(str(tmp_path / "story.md"), apply_edits(text, [edit]))
    assert len(after.diagnostics) == len(front)


def test_html_report_heads_a_json_article_with_its_headline_field(cli, tmp_path: Path):
    # A JSON article's findings are in its body field; the editor knows the article by its
    # headline, and searches for it by that (`report.html?q=ferry`).
    (tmp_path / "feed.jsonl").write_text(
        '{"id": "a1", "headline": "Ferry delayed again", '
        '"body": "Experts say the delay is the longest ever."}\n',
        encoding="utf-8",
    )
    page = cli("--no-cache", "--isolated", "--output-format", "html", ".", cwd=tmp_path).out
    assert '<span class="headline">Ferry delayed again</span>' in page
    assert '<span class="headline">Experts say the delay' not in page
    assert '<td data-sort="Ferry delayed again">Ferry delayed again</td>' in page


FEED = (
    '{"id": "a0", "body": "The ferry sailed on time."}\n'
    '{"id": "b2", "body": "The council met.\\n\\nCritics argue the plan is flawed."}\n'
)


def test_junit_and_github_place_json_export_findings_in_the_export_file(cli, tmp_path: Path):
    # The finding is on line 3 of the body field, but the export file has two lines: a CI
    # view that opens feed.jsonl at line 3 shows nothing. SARIF and GitLab already place
    # it where the words stand in the file (line 2); JUnit and GitHub must agree.
    import xml.etree.ElementTree as ET

    (tmp_path / "feed.jsonl").write_text(FEED, encoding="utf-8")
    column = FEED.splitlines()[1].index("Critics") + 1
    junit = cli("--no-cache", "--isolated", "--output-format", "junit", ".", cwd=tmp_path).out
    (case,) = [c for c in ET.fromstring(junit).iter("testcase") if c.find("failure") is not None]
    assert case.get("line") == "2"
    github = cli("--no-cache", "--isolated", "--output-format", "github", ".", cwd=tmp_path).out
    assert f"file=feed.jsonl,line=2,col={column}," in github
    assert "(article b2, field body)" in github


def _cells(text: str) -> int:
    """Terminal columns, computed independently: wide (W/F) characters take two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def test_pretty_underline_stands_under_the_words_after_wide_characters(cli, tmp_path: Path):
    # Emoji and CJK characters take two terminal columns: the carets must move with them.
    line = "🌊🌊 東京 The new bridge is the biggest ever built in the region."
    (tmp_path / "w.txt").write_text(line + "\n", encoding="utf-8")
    out = cli("--no-cache", "--isolated", "w.txt", cwd=tmp_path).out.splitlines()
    shown = next(i for i, text in enumerate(out) if text.startswith("1 | "))
    underline = next(text for text in out[shown + 1 :] if "^" in text)
    assert underline.index("^") == _cells("1 | " + line[: line.index("biggest")])
    assert underline.count("^") == len("biggest")


def test_force_exclude_applies_to_the_stdin_filename(cli, tmp_path: Path, monkeypatch):
    # As ruff: an editor or script that pipes a buffer with --stdin-filename and
    # --force-exclude gets nothing for an excluded path; with --fix, the text unchanged
    # (never an empty buffer).
    import io
    import sys

    (tmp_path / "pyproject.toml").write_text('[tool.newslint]\nextend-exclude = ["/archive"]\n')
    text = "Experts say it is the biggest ever.\n\nExperts say it is the biggest ever.\n"

    def run(*args: str):
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode())))
        return cli("--no-cache", *args, "--stdin-filename", "archive/old.md", "-", cwd=tmp_path)

    result = run("--force-exclude", "--output-format", "concise")
    assert result.code == 0 and "A001" not in result.out
    fixed = run("--force-exclude", "--fix", "-q")
    assert fixed.code == 0 and fixed.out == text
    # Without --force-exclude the named buffer is linted, as a named file is.
    assert run("--output-format", "concise").code == 1


def test_html_report_does_not_list_a_json_article_with_findings_as_without(cli, tmp_path):
    # Each field is linted on its own; a clean headline field of an article whose body has
    # findings is not an "article without findings".
    (tmp_path / "feed.jsonl").write_text(
        '{"id": "a1", "headline": "Ferry delayed again", '
        '"body": "Experts say the delay is the longest ever."}\n'
        '{"id": "a2", "headline": "Tram opens", "body": "The tram opened on Monday."}\n',
        encoding="utf-8",
    )
    page = cli("--no-cache", "--isolated", "--output-format", "html", ".", cwd=tmp_path).out
    assert "(article a1, field headline)</li>" not in page
    assert "(article a2, field headline)</li>" in page
    assert "findings in 1 article;" in page


def test_the_html_report_is_not_linted_as_an_article_on_the_next_run(cli, tmp_path: Path):
    # `newslint . --output-format html --output-file report.html`, run twice: the second
    # run must not report the copy quoted in the first run's report.
    (tmp_path / "story.md").write_text("Experts say the delay is the longest ever.\n")
    args = ("--no-cache", "--isolated", "--output-format", "concise", ".")
    before = cli(*args, cwd=tmp_path).out
    report = ("--output-format", "html", "--output-file", "report.html")
    cli("--no-cache", "--isolated", *report, ".", cwd=tmp_path)
    assert (tmp_path / "report.html").is_file()
    assert cli(*args, cwd=tmp_path).out == before


def test_fixable_counts_only_fixes_that_fix_writes(cli, tmp_path: Path):
    # --fix leaves HTML and JSON exports alone (README), so their repeats are not
    # "fixable with --fix": the summary, --statistics and the HTML report must not say so.
    twice = "The council approved the new budget on Tuesday after a long debate."
    (tmp_path / "d.html").write_text(f"<p>{twice}</p>\n<p>{twice}</p>\n", encoding="utf-8")
    (tmp_path / "f.jsonl").write_text(
        '{"id": "a", "body": "' + twice + "\\n\\n" + twice + '"}\n', encoding="utf-8"
    )
    result = cli("--no-cache", "--isolated", ".", cwd=tmp_path)
    assert result.code == 1 and "D001" in result.out
    assert result.out.rstrip().endswith("Found 2 findings.")
    stats = cli("--no-cache", "--isolated", "--statistics", ".", cwd=tmp_path).out
    assert "[*]" not in stats
    page = cli("--no-cache", "--isolated", "--output-format", "html", ".", cwd=tmp_path).out
    assert 'class="fix"' not in page
    # The same repeat in Markdown is fixable.
    (tmp_path / "d.md").write_text(f"{twice}\n\n{twice}\n", encoding="utf-8")
    result = cli("--no-cache", "--isolated", ".", cwd=tmp_path)
    assert result.out.rstrip().endswith("Found 3 findings (1 fixable with --fix).")


def test_show_files_does_not_list_a_missing_path(cli, tmp_path: Path):
    (tmp_path / "here.md").write_text("The council met.\n")
    result = cli("--show-files", "here.md", "nothere.md", cwd=tmp_path)
    assert result.out.splitlines() == ["here.md"]
    assert "nothere.md: no such file or folder" in result.err
    assert result.code == 2


def test_a_field_is_placed_at_its_own_key_when_another_field_holds_the_same_text(
    cli, tmp_path: Path
):
    # The headline repeats the body word for word: each finding is placed at its own
    # field in the export, not both at the first copy of the text.
    line = '{"id": "a", "body": "Critics argue it fails.", "headline": "Critics argue it fails."}'
    (tmp_path / "feed.jsonl").write_text(line + "\n", encoding="utf-8")
    out = cli("--no-cache", "--isolated", "--output-format", "github", ".", cwd=tmp_path).out
    body, headline = (line.index('"Critics', line.index(k)) + 2 for k in ('"body"', '"headline"'))
    by_field = {row.rsplit("field ", 1)[1]: row for row in out.splitlines()}
    assert f",col={body}," in by_field["body)"]
    assert f",col={headline}," in by_field["headline)"]
