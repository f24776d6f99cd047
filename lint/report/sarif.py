"""SARIF 2.1.0, for GitHub code scanning and other consumers.

Files in the working folder (the checkout) have URIs relative to the base id `%SRCROOT%`,
which `originalUriBaseIds` maps to the working folder; every segment is percent-encoded
(`#`, `?`, spaces, `:`, `%`, non-ASCII as UTF-8), so each is a valid relative reference.
Files outside it get an absolute `file:` URI. Regions count characters
(`columnKind: unicodeCodePoints`), as every newslint position does.

Findings in JSON article exports point inside a field's text: their region is where the
flagged words stand in the export file (the field's text, JSON-encoded, looked up there),
else the article's line; they also carry a logical location `article/field` and the
field-relative position in `properties`.

`partialFingerprints` hash the file, rule, article and field, the flagged words and the
block (paragraph, heading...) they stand in, whitespace collapsed, plus a count of earlier
findings with the same hash in the file: unique within a file, and unchanged by edits to
other blocks. Input errors (a file that is not UTF-8) are notifications of the invocation.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import quote_from_bytes

from newslint import __version__
from newslint.engine.rule import Rule
from newslint.model import Diagnostic, FileError, Related, Severity
from newslint.report import Locator, Region, fingerprint, inside, json_safe

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
INFO_URI = "https://github.com/newslint/newslint"
BASE = "%SRCROOT%"


def artifact(path: str) -> dict[str, str]:
    """The SARIF artifactLocation of a file: `{"uri", "uriBaseId"}` relative to the
    working folder, or `{"uri"}` as an absolute `file:` URI outside it. Each path segment
    is percent-encoded from its bytes (`urllib.parse.quote_from_bytes`, only `/` kept)."""
    relative = inside(path)
    if relative is None:
        return {"uri": Path(os.path.abspath(path)).as_uri()}
    return {"uri": quote_from_bytes(os.fsencode(relative), safe="/"), "uriBaseId": BASE}


def _base_uri() -> str:
    """The working folder as an absolute `file:` URI ending in `/`."""
    return Path(os.path.abspath(os.curdir)).as_uri().rstrip("/") + "/"


def _escape(text: str) -> str:
    """Plain text for a SARIF message that holds embedded links: `\\`, `[` and `]`
    escaped, so copy holding brackets never reads as a link."""
    return text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")


def _related_place(diag: Diagnostic, rel: Related, locator: Locator) -> dict[str, Any]:
    """A related place's file and region in it: in a JSON export, where its text stands in
    the export file, as for a finding there. A place with no article of its own in the
    finding's file is in the finding's document."""
    article, field = rel.article, rel.field
    if article is None and rel.path == diag.path:
        article, field = diag.article, diag.field
    physical: dict[str, Any] = {"artifactLocation": artifact(rel.path)}
    region = locator.place_region(rel.path, article, field, rel.start, rel.end)
    if region is not None:
        physical["region"] = _sarif_region(region)
    return physical


def _sarif_region(region: Region) -> dict[str, int]:
    found = {"startLine": region.line}
    if region.column is not None and region.end_line is not None:
        found |= {"startColumn": region.column, "endLine": region.end_line}
        if region.end_column is not None:
            found["endColumn"] = region.end_column
    return found


def _rule_entry(code: str, name: str, severity: Severity, rule: Rule | None) -> dict[str, Any]:
    summary = rule.summary if rule is not None else name
    docs = rule.documentation if rule is not None else summary
    full = docs.split("\n\n## Why", 1)[0].replace("## What it does", "").strip() or summary
    return {
        "id": code,
        "name": name,
        "shortDescription": {"text": summary},
        "fullDescription": {"text": full},
        "help": {"text": docs, "markdown": docs},
        "helpUri": f"{INFO_URI}#rules",
        "defaultConfiguration": {"level": LEVEL[rule.severity if rule else severity]},
        "properties": {"fixable": bool(rule and rule.fixable)},
    }


def _location(diag: Diagnostic, locator: Locator) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": artifact(diag.path)}
    location: dict[str, Any] = {"physicalLocation": physical}
    region = locator.file_region(diag)
    if region is not None:
        physical["region"] = _sarif_region(region)
    if diag.article is not None:
        location["logicalLocations"] = [
            {
                "name": diag.field,
                "fullyQualifiedName": f"{diag.article}/{diag.field}",
                "kind": "member",
            }
        ]
    return location


def _result(diag: Diagnostic, index: int, locator: Locator, seen: Counter[str]) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": diag.code,
        "ruleIndex": index,
        "level": LEVEL[diag.severity],
        "message": {"text": diag.message},
        "locations": [_location(diag, locator)],
    }
    result["partialFingerprints"] = {"newslintBlock/v2": fingerprint(diag, locator, seen)}
    if diag.article is not None:
        line, col, end_line, end_col = locator.span(diag.key, diag.start, diag.end)
        result["properties"] = {
            "article": diag.article,
            "field": diag.field,
            "fieldRegion": {
                "startLine": line,
                "startColumn": col,
                "endLine": end_line,
                "endColumn": end_col,
            },
        }
    related = [
        {
            "id": i,
            "message": {"text": rel.message},
            "physicalLocation": _related_place(diag, rel, locator),
        }
        for i, rel in enumerate(diag.related, start=1)
    ]
    if related:
        result["relatedLocations"] = related
        # Linked from the message, so a viewer (GitHub code scanning) shows the way there.
        links = "; ".join(f"[{_escape(r['message']['text'])}]({r['id']})" for r in related)
        result["message"]["text"] = f"{_escape(diag.message)} ({links})"
    # A fix in a JSON export edits the field's text, not the file's: SARIF gets none.
    if diag.fix is not None and diag.fix.safe and diag.article is None:
        result["fixes"] = [
            {
                "description": {"text": diag.fix.message},
                "artifactChanges": [
                    {
                        "artifactLocation": artifact(diag.path),
                        "replacements": [
                            {
                                "deletedRegion": _sarif_region(
                                    Region(*locator.span(diag.key, e.start, e.end))
                                ),
                                "insertedContent": {"text": e.content},
                            }
                            for e in diag.fix.edits
                        ],
                    }
                ],
            }
        ]
    return result


def sarif(diagnostics: Sequence[Diagnostic], locator: Locator) -> dict[str, Any]:
    """The SARIF log (one run) of `diagnostics`, as JSON-ready dicts; `locator` gives
    positions, the rules' metadata and the run's input errors."""
    seen: Counter[str] = Counter()
    codes: dict[str, int] = {}
    rules: list[dict[str, Any]] = []
    for diag in sorted(diagnostics, key=lambda d: d.code):
        if diag.code not in codes:
            codes[diag.code] = len(rules)
            rules.append(
                _rule_entry(diag.code, diag.rule, diag.severity, locator.rules.get(diag.code))
            )
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "newslint",
                        "version": __version__,
                        "informationUri": INFO_URI,
                        "rules": rules,
                    }
                },
                "originalUriBaseIds": {BASE: {"uri": _base_uri()}},
                "invocations": [_invocation(locator.errors)],
                "columnKind": "unicodeCodePoints",
                "results": [_result(d, codes[d.code], locator, seen) for d in diagnostics],
            }
        ],
    }


def _invocation(errors: Sequence[FileError]) -> dict[str, Any]:
    """The run's invocation: successful unless a file could not be read or linted, each
    such problem a `toolExecutionNotifications` entry at level error naming the file."""
    return {
        "executionSuccessful": not errors,
        "toolExecutionNotifications": [
            {
                "level": "error",
                "message": {"text": error.message},
                "locations": [{"physicalLocation": {"artifactLocation": artifact(error.path)}}],
            }
            for error in errors
        ],
    }


def report(
    diagnostics: Sequence[Diagnostic], locator: Locator, out: TextIO, color: bool | None
) -> None:
    out.write(json_safe(json.dumps(sarif(diagnostics, locator), indent=2, ensure_ascii=False)))
    out.write("\n")
