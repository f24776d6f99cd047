"""Reporters turn diagnostics into output. Only the chosen one is imported."""

from __future__ import annotations

import hashlib
import importlib
import json as jsonlib  # not `json`: the submodule report.json would shadow it
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol, TextIO

from newslint.document import Document
from newslint.engine.rule import Rule
from newslint.lines import LineIndex
from newslint.model import Diagnostic, FileError, Related

FORMATS = (
    "pretty", "concise", "json", "json-lines", "sarif", "github", "gitlab", "junit", "html",
)  # fmt: skip


@dataclass(frozen=True)
class Region:
    """A place in a file: 1-based line and character column, end exclusive. The columns
    are None when only the line is known (a JSON export's article whose text was not
    found in the file)."""

    line: int
    column: int | None = None
    end_line: int | None = None
    end_column: int | None = None


@dataclass
class Locator:
    """Line and column for offsets, from the texts of the run's documents."""

    documents: Mapping[str, Document]  # by Document.key
    # The run's rules by code, for the formats that describe them (sarif, html).
    rules: Mapping[str, Rule] = field(default_factory=dict)
    # The run's input errors (unreadable files, bad JSON lines), for the formats that
    # carry them beside the findings (sarif, junit).
    errors: Sequence[FileError] = ()
    _indexes: dict[str, LineIndex] = field(default_factory=dict)
    _exports: dict[str, LineIndex | None] = field(default_factory=dict)

    def index(self, key: str) -> LineIndex | None:
        if key not in self._indexes:
            document = self.documents.get(key)
            text = document.text if document is not None else _outside(key)
            if text is None:
                return None
            self._indexes[key] = LineIndex(text)
        return self._indexes[key]

    def span(self, key: str, start: int, end: int) -> tuple[int, int, int, int]:
        """(line, column, end_line, end_column), 1-based, end exclusive, in the document
        `key` names (a path, or a JSON article's field: see `Diagnostic.key`)."""
        index = self.index(key)
        if index is None:
            return (1, 1, 1, 1)
        line, col = index.position(start)
        end_line, end_col = index.end_position(start, end)
        return line, col, end_line, end_col

    def file_region(self, diag: Diagnostic) -> Region | None:
        """Where the finding stands in its file. For a finding in an article file, `span`.
        For one in a JSON export's field: where the flagged text stands in the export file
        (found by JSON-encoding the field's text and looking for it there), else the
        article's line with no columns; None when neither can be found."""
        if diag.article is None:
            return Region(*self.span(diag.key, diag.start, diag.end))
        document = self.documents.get(diag.key)
        export = self._export(diag.path)
        if document is None or export is None:
            return None
        found = _in_export(export.text, document.text, diag.start, diag.end, diag.article)
        if found is not None:
            line, col = export.position(found[0])
            end_line, end_col = export.end_position(*found)
            return Region(line, col, end_line, end_col)
        line = _article_line(export, diag.article)
        return Region(line) if line is not None else None

    def _export(self, path: str) -> LineIndex | None:
        """The line index of a JSON export file as it is on disk (None if unreadable)."""
        if path not in self._exports:
            text = _outside(path)
            self._exports[path] = LineIndex(text) if text is not None else None
        return self._exports[path]


def _forms(text: str) -> tuple[str, str, str, str]:
    """The ways a JSON writer may encode `text` inside a string, quotes left off: UTF-8 or
    `\\uXXXX` escapes, with or without `/` escaped as `\\/`. Always four, in this order."""
    plain = jsonlib.dumps(text, ensure_ascii=False)[1:-1]
    ascii_only = jsonlib.dumps(text)[1:-1]
    return plain, ascii_only, plain.replace("/", "\\/"), ascii_only.replace("/", "\\/")


def _in_export(raw: str, value: str, start: int, end: int, article: str) -> tuple[int, int] | None:
    """[start, end) in the export's text `raw` of value[start:end], where `value` is a
    field's decoded text; None when the field's encoded text is not in `raw`. When it is
    there more than once, the occurrence nearest to the article's id is taken."""
    tried: set[str] = set()
    for k, encoded in enumerate(_forms(value)):
        if encoded in tried:
            continue
        tried.add(encoded)
        found = _occurrences(raw, '"' + encoded + '"')
        if not found:
            continue
        anchors = [i for form in _id_forms(article) for i in _occurrences(raw, form)]
        at = min(found, key=lambda i: min((abs(i - a) for a in anchors), default=0)) + 1
        # The prefix and the flagged words, encoded the same way, give the raw offsets.
        prefix = _forms(value[:start])[k]
        flagged = _forms(value[start:end])[k]
        return at + len(prefix), at + len(prefix) + len(flagged)
    return None


def _occurrences(text: str, needle: str) -> list[int]:
    found, i = [], text.find(needle)
    while i >= 0:
        found.append(i)
        i = text.find(needle, i + 1)
    return found


def _id_forms(article: str) -> list[str]:
    """How an article's id may be written in the export: a string, or a bare number."""
    forms = [jsonlib.dumps(article, ensure_ascii=False), jsonlib.dumps(article)]
    if article.isdigit():
        forms += [f": {article}", f":{article}"]
    return list(dict.fromkeys(forms))


def _article_line(export: LineIndex, article: str) -> int | None:
    """The article's line in an export: `line N` names it; else the line of its id."""
    if article.startswith("line ") and article[5:].isdigit():
        return int(article[5:])
    for form in _id_forms(article):
        i = export.text.find(form)
        if i >= 0:
            return export.position(i)[0]
    return None


def _context(document: Document, start: int) -> str:
    """The text of the block holding offset `start` (or of its line), whitespace collapsed."""
    for block in document.blocks:
        if block.start <= start < block.end:
            return " ".join(document.view[block.start : block.end].split())
    line_start = document.view.rfind("\n", 0, start) + 1
    line_end = document.view.find("\n", start)
    return " ".join(document.view[line_start : line_end if line_end >= 0 else None].split())


def fingerprint(diag: Diagnostic, locator: Locator, seen: Counter[str]) -> str:
    """The finding's `partialFingerprints` value: a hash of where and what (file, rule,
    article, field, flagged words, their block's text) and how many findings before it in
    the run had the same hash (`seen` counts them), so two findings never share one."""
    document = locator.documents.get(diag.key)
    flagged = context = ""
    if document is not None:
        flagged = " ".join(document.view[diag.start : diag.end].split())
        context = _context(document, diag.start)
    what = "\0".join((diag.path, diag.code, diag.article or "", diag.field or "", flagged, context))
    digest = hashlib.sha256(what.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    seen[digest] += 1
    return f"{digest}:{seen[digest]}"


def related_key(diag: Diagnostic, rel: Related) -> str:
    """The document a related place is in: the finding's own when it names the same file."""
    return diag.key if rel.path == diag.path else rel.path


def article_note(diag: Diagnostic) -> str:
    """` (article ID, field NAME)` for findings in JSON exports, else nothing."""
    return f" (article {diag.article}, field {diag.field})" if diag.article is not None else ""


def _outside(path: str) -> str | None:
    """The text of a related file that was not linted in this run (an archive article
    found by `check --against`), read as UTF-8 as it was indexed; None if unreadable."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            return handle.read()
    except (OSError, UnicodeDecodeError):
        return None


class Reporter(Protocol):
    def __call__(
        self, diagnostics: Sequence[Diagnostic], locator: Locator, out: TextIO, color: bool | None
    ) -> None: ...


def reporter(name: str) -> Reporter:
    """The `report` function of the format `name` (one of FORMATS)."""
    module = importlib.import_module(f"newslint.report.{name.replace('-', '')}")
    return module.report  # type: ignore[no-any-return]
