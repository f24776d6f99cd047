"""Linting a Dask bag of files: archives kept as partitions (JSON Lines files, say).

    from newslint.distributed.bag import files_bag, lint_bag, records_bag
    files = files_bag(sorted(glob("archive/*.jsonl")), npartitions=64)
    run = lint_bag(linter, files, client)      # a newslint.engine.run.Run

    # An archive kept as Parquet (or any table): its rows, as dicts, are articles.
    rows = dask.dataframe.read_parquet("archive/").to_bag(format="dict")
    run = lint_bag(linter, records_bag(rows, "archive"), client)

Each element of the bag is one file, `(path, data)`: `path` (str) names it in findings and
its extension picks how it is read, as on the command line (`.jsonl`: one JSON article per
line, `.json`: an export, `.md`, `.html`, anything else plain text); `data` is its bytes,
or None for the worker to read the file at `path` (workers must then see it there: a
shared file system). The bag's order (partitions in order, elements in order in each) is
the input order. The result is what `Linter.run` gives for the same files in that order:
findings sorted, per-file errors, every document (slim) by key.

Files are read, linted and their corpus summaries made on the workers. The summaries of
corpus rules that scale out (`CorpusRule.finish_bag`, such as duplicate-across-articles)
never leave the workers: the rule finishes on a bag of them placed by (partition, file,
document). The client gets each file's documents and findings, to report them.
"""

from __future__ import annotations

import copy
import json
import os
from collections.abc import Iterable, Sequence
from typing import Any

import dask
import dask.bag as db
from distributed import Client

from newslint.distributed.cluster import PATIENCE, DaskBackend, compute
from newslint.engine.results import FileResult
from newslint.engine.rule import CorpusRule
from newslint.engine.run import Linter, Run, finish_with
from newslint.model import Diagnostic


def files_bag(paths: Sequence[str], npartitions: int | None = None) -> db.Bag:
    """A bag of `(path, None)` for `lint_bag`: each file read by the worker that lints it."""
    return db.from_sequence([(str(p), None) for p in paths], npartitions=npartitions)


def records_bag(records: db.Bag, name: str = "records") -> db.Bag:
    """A bag of files for `lint_bag` from a bag of articles as records (dicts: a row of a
    Parquet archive, `dask.dataframe.read_parquet(...).to_bag(format="dict")`, or parsed
    JSON): each partition becomes one JSON Lines export, `(f"{name}-{p:05d}.jsonl", its
    bytes)`, read as any export is (the `json-fields` and `json-id-field` settings pick
    the copy and the id; values JSON cannot hold, such as timestamps, are written as
    text). So findings name the article by its id, in that partition's export."""
    return db.from_delayed(
        [
            dask.delayed(_as_export)(part, f"{name}-{p:05d}.jsonl")
            for p, part in enumerate(records.to_delayed())
        ]
    )


def _as_export(part: Iterable[dict[str, Any]], path: str) -> list[tuple[str, bytes]]:
    lines = (json.dumps(record, default=str, ensure_ascii=False) + "\n" for record in part)
    return [(path, "".join(lines).encode("utf-8"))]


def lint_bag(
    linter: Linter,
    files: db.Bag,
    client: Client,
    encoding: str = "utf-8",
    patience: float = PATIENCE,
) -> Run:
    """Lint the files of `files` (see the module's docstring for its shape) on the cluster
    of `client`. Raises ConfigError (before any linting) for a config that the paths'
    settings cannot use, DistributedError when workers were lost for good, cannot unpickle
    the linter's rules, or the cluster has had no worker for `patience` seconds: never a
    partial result."""
    # Settings and rules are resolved here, as `Linter.run` does, so a config error stops
    # the run before the cluster works and the corpus rules are known to this process.
    for path in compute(client, files.pluck(0), patience):
        linter.rules_for(linter.settings_for(path), path)
    backend = DaskBackend(client, patience)
    work = linter.worker(encoding, os.getcwd())
    backend.check_loadable(work)
    linted = client.persist(files.map(work))
    scaled = {
        rule.code
        for rule in linter.rules_seen()
        if isinstance(rule, CorpusRule) and rule.scales_out()
    }
    results = compute(client, linted.map(_without, scaled), patience)
    parts = linted.to_delayed()
    bags = {
        code: db.from_delayed(
            [dask.delayed(_placed)(part, p, code) for p, part in enumerate(parts)]
        )
        for code in scaled
    }
    return linter.assemble(results, _BagBackend(backend, bags))


def _without(result: FileResult, codes: set[str]) -> FileResult:
    """`result` with None for the summaries of `codes`, which stay on the workers."""
    kept = copy.copy(result)  # every field as it is, whatever fields a result gains
    kept.collected = [(c, None if c in codes else s) for c, s in result.collected]
    return kept


def _placed(part: list[FileResult], p: int, code: str) -> list[tuple[tuple[int, ...], Any]]:
    """The summaries of rule `code` in partition `p`, each placed (p, file, document)."""
    return [
        ((p, i, k), summary)
        for i, result in enumerate(part)
        for k, (c, summary) in enumerate(result.collected)
        if c == code
    ]


class _BagBackend:
    """The engine's `Finisher` for `lint_bag`: the rules that scale out finish on their
    bag of summaries, the others on the summaries gathered here."""

    def __init__(self, backend: DaskBackend, bags: dict[str, db.Bag]) -> None:
        self.backend = backend
        self.bags = bags

    def finish(self, rule: CorpusRule, collected: list[Any]) -> Iterable[Diagnostic]:
        if rule.code in self.bags:
            bag = rule.finish_bag(self.bags[rule.code])
            return compute(self.backend.client, bag, self.backend.patience)  # type: ignore[no-any-return]
        return finish_with(rule, collected, self.backend.spread)
