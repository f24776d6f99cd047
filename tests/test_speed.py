"""--jobs and the result cache change how fast, never what is found."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES
from newslint.engine.run import Linter


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    """Enough articles for two workers (the fixtures of every rule), plus a copy of the
    cross-article fixtures so a corpus rule has work."""
    root = tmp_path / "articles"
    root.mkdir()
    for i, file in enumerate(sorted(FIXTURES.rglob("*.*"))):
        if file.suffix in (".txt", ".md"):
            shutil.copy(file, root / f"{i:03}-{file.name}")
    assert len(list(root.iterdir())) >= 16
    return root


def _run(cli, root: Path, *extra: str) -> str:
    result = cli("--isolated", "--select", "ALL", "--output-format", "json", *extra, str(root))
    assert result.code == 1, result.err
    return result.out


def test_output_is_the_same_whatever_the_jobs(cli, articles):
    one = _run(cli, articles, "--no-cache", "--jobs", "1")
    two = _run(cli, articles, "--no-cache", "--jobs", "2")
    three = _run(cli, articles, "--no-cache", "--jobs", "3")
    assert one == two == three
    assert '"D003"' in one


def test_a_cache_hit_returns_the_same_findings_without_linting(
    cli, articles, tmp_path, monkeypatch
):
    cache = str(tmp_path / "cache")
    fresh = _run(cli, articles, "--cache-dir", cache, "--jobs", "1")

    def fail(*args, **kwargs):
        raise AssertionError("a cached file was linted again")

    monkeypatch.setattr(Linter, "lint_file", fail)
    assert _run(cli, articles, "--cache-dir", cache, "--jobs", "1") == fresh


def test_the_cache_key_holds_rule_options(cli, tmp_path):
    paragraph = "The vote was taken late on Monday evening.\n"
    (tmp_path / "story.txt").write_text(paragraph + "\n" + paragraph, encoding="utf-8")
    cache = str(tmp_path / "cache")
    assert cli("--cache-dir", cache, "story.txt", cwd=tmp_path).code == 1
    (tmp_path / "newslint.toml").write_text(
        "[rules.duplicate-paragraph]\nmin-words = 20\n", encoding="utf-8"
    )
    assert cli("--cache-dir", cache, "story.txt", cwd=tmp_path).code == 0


@pytest.mark.parametrize(
    "given, files, cores, workers",
    [
        (None, 1, 8, 1),  # one article: no process to start
        (None, 31, 8, 1),  # a worker must have 16 files to repay its start
        (None, 32, 8, 2),
        (None, 1000, 8, 8),  # all the cores when there is work for them
        (None, 1000, 2, 2),
        (3, 5, 8, 3),  # --jobs N is taken as asked
    ],
)
def test_default_jobs_start_a_worker_only_for_enough_files(
    monkeypatch, given, files, cores, workers
):
    import argparse

    from newslint.cli import check as cli_check

    monkeypatch.setattr(cli_check, "default_jobs", lambda: cores)
    args = argparse.Namespace(
        jobs=given, fix=False, diff=False, no_cache=True, cache_dir=None, dask_scheduler=None
    )
    assert cli_check._speed(args, None, files) == (workers, None)


@pytest.mark.parametrize("given, spread", [(None, 8), (3, 3)])
def test_a_corpus_rule_s_comparisons_use_the_cores_whatever_the_file_count(
    monkeypatch, tmp_path, cli, given, spread
):
    # One JSONL export of many articles is one file: the default --jobs is 1 for its
    # linting, yet D003's comparisons of its paragraphs may use every core.
    from newslint.cli import check as cli_check
    from newslint.engine import run

    monkeypatch.setattr(cli_check, "default_jobs", lambda: 8)
    asked: list[int] = []
    real = run.map_in_order

    def recorded(work, items, jobs, on_death=None):
        asked.append(jobs)
        return real(work, items, 1, on_death)

    monkeypatch.setattr(run, "map_in_order", recorded)
    (tmp_path / "a.txt").write_text("Title\n\nA paragraph of words.\n", encoding="utf-8")
    jobs = ("--jobs", str(given)) if given else ()
    cli("--isolated", "--no-cache", "--select", "D003", *jobs, "a.txt", cwd=tmp_path)
    assert asked == [spread]
