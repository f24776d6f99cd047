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
