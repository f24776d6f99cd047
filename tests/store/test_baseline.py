"""Baselines match findings by path, code and flagged words, never by line."""

from __future__ import annotations

import json

import pytest

from newslint.formats import from_text
from newslint.model import Diagnostic, Severity
from newslint.store import baseline
from newslint.store.baseline import BaselineError


def _finding(document, words: str) -> Diagnostic:
    start = document.text.index(words)
    return Diagnostic(
        "A001", "vague-attribution", Severity.WARNING, "who?", document.path, start,
        start + len(words),
    )  # fmt: skip


def _run(path: str, text: str):
    (document,) = from_text(path, text).documents
    return document, {document.key: document}


def test_a_recorded_finding_stays_known_when_copy_moves_above_it(tmp_path):
    store = tmp_path / "baseline.json"
    doc, docs = _run("story.txt", "Experts say the bridge is unsafe.\n")
    assert baseline.write(store, [_finding(doc, "Experts say")], docs) == 1

    moved, moved_docs = _run(
        "story.txt", "A new first line.\n\nExperts say the bridge is unsafe.\n"
    )
    result = baseline.apply(baseline.load(store), [_finding(moved, "Experts say")], moved_docs)
    assert (result.new, result.known, result.stale) == ([], 1, 0)


def test_a_third_copy_is_new_and_a_fixed_finding_is_stale(tmp_path):
    store = tmp_path / "baseline.json"
    doc, docs = _run("story.txt", "Experts say one thing. Experts say another.\n")
    first = _finding(doc, "Experts say")
    baseline.write(store, [first, first], docs)

    result = baseline.apply(baseline.load(store), [first, first, first], docs)
    assert (len(result.new), result.known) == (1, 2)
    result = baseline.apply(baseline.load(store), [], docs)
    assert (result.new, result.known, result.stale) == ([], 0, 2)


def test_the_file_is_sorted_json_that_names_the_flagged_words(tmp_path):
    store = tmp_path / "baseline.json"
    doc, docs = _run("story.txt", "Critics argue   it is late. Experts say it is not.\n")
    baseline.write(store, [_finding(doc, "Experts say"), _finding(doc, "Critics argue")], docs)
    data = json.loads(store.read_text())
    assert data["newslint-baseline"] == baseline.VERSION
    assert [e["text"] for e in data["findings"]] == ["Critics argue", "Experts say"]


@pytest.mark.parametrize(
    "content",
    [
        "not json",
        '{"newslint-baseline": 99, "findings": []}',
        '{"newslint-baseline": 1, "findings": [{}]}',
    ],
)
def test_a_file_that_is_not_a_baseline_is_named(tmp_path, content):
    store = tmp_path / "baseline.json"
    store.write_text(content)
    with pytest.raises(BaselineError, match="baseline.json"):
        baseline.load(store)


def test_an_unwritable_baseline_is_named(tmp_path):
    with pytest.raises(BaselineError, match="cannot write the baseline"):
        baseline.write(tmp_path / "missing" / "b.json", [], {})
