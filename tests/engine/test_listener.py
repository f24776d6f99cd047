"""`Linter.run` tells a `Listener` of each file as it is done: `linted` once per file,
`ready` in report order with the file's findings sorted, the corpus findings only in
`Run.corpus`."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import FIXTURES
from newslint.engine.config import Finder, Settings
from newslint.engine.files import discover as discover_files
from newslint.engine.registry import discover
from newslint.engine.results import FileResult
from newslint.engine.run import Linter, Listener, Overrides


class Recorder(Listener):
    def __init__(self) -> None:
        self.total = -1
        self.linted_paths: list[str] = []
        self.ready_results: list[FileResult] = []

    def started(self, total: int) -> None:
        self.total = total

    def linted(self, path: str) -> None:
        self.linted_paths.append(path)

    def ready(self, result: FileResult) -> None:
        # Every file before it in report order was linted already.
        assert result.path in self.linted_paths
        self.ready_results.append(result)


@pytest.mark.parametrize("jobs", [1, 2])
def test_ready_gives_every_files_findings_in_report_order(jobs):
    rules, problems = discover()
    assert not problems
    finder = Finder(Settings(Path(os.getcwd())), search=False)
    linter = Linter(rules, finder, Overrides(select=["ALL"]))
    # Files named on the command line in reverse: input order is not the report's.
    paths = sorted(discover_files([str(FIXTURES)], finder), reverse=True)
    heard = Recorder()
    run = linter.run(paths, jobs=jobs, listener=heard)
    assert heard.total == len(paths)
    assert sorted(heard.linted_paths) == sorted(paths)
    assert [r.path for r in heard.ready_results] == sorted(paths)
    streamed = [d for r in heard.ready_results for d in r.diagnostics]
    assert run.corpus and {d.code for d in run.corpus} == {"D003"}
    assert streamed == [d for d in run.diagnostics if d not in run.corpus]
    assert sorted(streamed + run.corpus, key=lambda d: d.sort_key) == run.diagnostics
