"""Baselines: adopt the linter on an archive without fixing every old finding first.

`--write-baseline PATH` records every finding of the run; `--baseline PATH` then reports
only the findings that are not recorded. A finding is matched by its path, its rule code,
the article and field (JSON exports), and the words it flags with whitespace collapsed,
never by line or column: copy added or removed above a finding does not bring it back.
Entries are counted, so a third copy of a twice-recorded finding is new. Entries that no
finding matched any more are stale (the copy was fixed or deleted).

The file is JSON, sorted, one entry per finding, so it diffs well under version control.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from newslint.document import Document
from newslint.model import Diagnostic
from newslint.store import BaselineError as BaselineError  # raised here; defined apart

VERSION = 1
Key = tuple[str, str, str, str, str]  # path, code, article, field, flagged text


def _path(path: str) -> str:
    """Paths relative to the working folder, with forward slashes, so a baseline written
    on one machine matches on another."""
    try:
        return Path(os.path.relpath(path)).as_posix()
    except ValueError:  # another drive on Windows
        return Path(path).as_posix()


def flagged_text(diag: Diagnostic, documents: Mapping[str, Document]) -> str:
    """The copy a finding flags, read from the view (so HTML tags and Markdown syntax do
    not count) with whitespace collapsed."""
    document = documents.get(diag.key)
    if document is None:
        return ""
    return " ".join(document.view[diag.start : diag.end].split())


def key(diag: Diagnostic, documents: Mapping[str, Document]) -> Key:
    """What a baseline entry matches on: relative path, code, article, field, flagged copy."""
    return (
        _path(diag.path),
        diag.code,
        diag.article or "",
        diag.field or "",
        flagged_text(diag, documents),
    )


def write(path: Path, diagnostics: Sequence[Diagnostic], documents: Mapping[str, Document]) -> int:
    """Record every finding in `path` (JSON, sorted); returns how many. `documents` are the
    run's, by `Document.key`. Raises BaselineError when the file cannot be written."""
    entries = []
    for file, code, article, field, text in sorted(key(d, documents) for d in diagnostics):
        entry = {"path": file, "code": code, "text": text}
        if article:
            entry |= {"article": article, "field": field}
        entries.append(entry)
    data = {"newslint-baseline": VERSION, "findings": entries}
    try:
        path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    except OSError as exc:
        raise BaselineError(f"{path}: cannot write the baseline: {exc.strerror}") from None
    return len(entries)


def load(path: Path) -> Counter[Key]:
    """The entries of a baseline file, counted. Raises BaselineError when it cannot be read
    or is not a newslint baseline of this version."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise BaselineError(f"{path}: cannot read the baseline: {exc.strerror}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BaselineError(f"{path}: not a newslint baseline: {exc}") from None
    if not isinstance(data, dict) or data.get("newslint-baseline") != VERSION:
        raise BaselineError(f"{path}: not a newslint baseline (version {VERSION})")
    try:
        return Counter(
            (e["path"], e["code"], e.get("article", ""), e.get("field", ""), e["text"])
            for e in data["findings"]
        )
    except (KeyError, TypeError) as exc:
        raise BaselineError(f"{path}: malformed baseline entry: {exc}") from None


@dataclass(frozen=True)
class Filtered:
    """A run's findings after a baseline: those it does not hold, and counts of the rest."""

    new: list[Diagnostic]
    known: int  # findings the baseline holds
    stale: int  # entries for the files linted that no finding matched any more


class Matching:
    """A baseline matched against a run's findings given a few at a time, as a streaming
    run reports them: fed the findings in the order `apply` gets them, it splits them as
    `apply` does. Findings are matched in the order given; each entry matches as many
    findings as it was counted."""

    def __init__(self, baseline: Counter[Key]) -> None:
        self._left = Counter(baseline)
        self._new: list[Diagnostic] = []
        self._known = 0

    def take(
        self, diagnostics: Iterable[Diagnostic], documents: Mapping[str, Document]
    ) -> list[Diagnostic]:
        """The findings among `diagnostics` that the baseline does not hold. `documents`
        must hold theirs (by `Document.key`)."""
        new = []
        for diag in diagnostics:
            k = key(diag, documents)
            if self._left[k] > 0:
                self._left[k] -= 1
                self._known += 1
            else:
                new.append(diag)
        self._new.extend(new)
        return new

    def result(self, documents: Mapping[str, Document]) -> Filtered:
        """Every new finding so far and the counts: entries of the files of `documents`
        (the run's) that matched nothing are stale."""
        linted = {_path(d.path) for d in documents.values()}
        stale = sum(n for k, n in self._left.items() if k[0] in linted)
        return Filtered(list(self._new), self._known, stale)


def apply(
    baseline: Counter[Key], diagnostics: Sequence[Diagnostic], documents: Mapping[str, Document]
) -> Filtered:
    """Split the findings into new ones and ones the baseline holds (each entry matches
    as many findings as it was counted); entries of linted files that matched nothing
    are stale."""
    matching = Matching(baseline)
    matching.take(diagnostics, documents)
    return matching.result(documents)
