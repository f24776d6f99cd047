"""The hook other repositories use, run by real pre-commit against a local git repository.

pre-commit clones this checkout (at HEAD) and pip-installs it into a fresh environment, so
this test takes tens of seconds and needs PyPI for the dependencies.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT

DUP = FIXTURES / "duplicate-paragraph" / "must-fire" / "blank-separated.txt"
CLEAN = ROOT / "examples" / "clean" / "harbour-bridge.md"


def git(*args: str, cwd: Path) -> str:
    env = dict(
        os.environ,
        GIT_AUTHOR_NAME="t",
        GIT_AUTHOR_EMAIL="t@example.com",
        GIT_COMMITTER_NAME="t",
        GIT_COMMITTER_EMAIL="t@example.com",
    )
    return subprocess.run(
        ["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True
    ).stdout.strip()


@pytest.fixture(scope="module")
def article_repo(tmp_path_factory):
    if not (ROOT / ".git").exists() or shutil.which("git") is None:
        pytest.skip("needs this checkout as a git repository")
    rev = git("rev-parse", "HEAD", cwd=ROOT)
    repo = tmp_path_factory.mktemp("articles")
    git("init", "-q", cwd=repo)
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {ROOT}\n    rev: {rev}\n    hooks:\n      - id: newslint\n"
    )
    home = tmp_path_factory.mktemp("pre-commit-home")
    return repo, dict(os.environ, PRE_COMMIT_HOME=str(home), NO_COLOR="1")


def run_hook(
    repo: Path, env: dict[str, str], article: Path, *more: tuple[str, str]
) -> subprocess.CompletedProcess:
    """Commit `article` (and each (name, text) of `more`) alone in the article repository,
    every earlier file removed, and run the hooks on all files."""
    for old in repo.rglob("*"):
        if old.is_file() and ".git" not in old.relative_to(repo).parts:
            if old.name != ".pre-commit-config.yaml":
                old.unlink()
    shutil.copy(article, repo / article.name)
    for name, text in more:
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text, encoding="utf-8")
    git("add", "-A", cwd=repo)
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "--all-files"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_hook_fails_on_a_duplicated_paragraph(article_repo):
    repo, env = article_repo
    result = run_hook(repo, env, DUP)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "newslint" in result.stdout and "Failed" in result.stdout
    assert "blank-separated.txt:9:1: D001 [duplicate-paragraph]" in result.stdout


def test_hook_passes_a_clean_article(article_repo):
    repo, env = article_repo
    result = run_hook(repo, env, CLEAN)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Passed" in result.stdout


HTML = FIXTURES / "pipelines" / "article.html"
JSONL = FIXTURES / "pipelines" / "feed.jsonl"


def test_hook_lints_html_and_json_lines_exports(article_repo):
    repo, env = article_repo
    result = run_hook(repo, env, HTML)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "article.html:10:" in result.stdout and "C001" in result.stdout
    result = run_hook(repo, env, JSONL)
    assert "feed.jsonl" in result.stdout and "C001" in result.stdout, result.stdout


def test_hook_honours_the_config_exclude_for_the_files_it_is_given(article_repo):
    repo, env = article_repo
    config = ("pyproject.toml", '[tool.newslint]\nextend-exclude = ["drafts"]\n')
    draft = ("drafts/" + DUP.name, DUP.read_text(encoding="utf-8"))
    result = run_hook(repo, env, CLEAN, config, draft)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Passed" in result.stdout
