"""SARIF 2.1.0, for GitHub code scanning and other consumers.

Regions count characters (`columnKind: unicodeCodePoints`), as every newslint position
does. Findings in JSON article exports point inside a field's text, not at a place in the
file: they carry the file, a logical location `article/field`, and the field-relative
position in `properties`, but no region, so no consumer puts them on the wrong line.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from newslint import __version__
from newslint.engine.rule import Rule
from newslint.model import Diagnostic, Severity
from newslint.report import Locator, json_safe, related_key

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
INFO_URI = "https://github.com/newslint/newslint"


def _uri(path: str) -> str:
    """A relative path as a relative URI (resolved against the checkout by consumers);
    anything outside the working folder as a file URI."""
    relative = os.path.relpath(path)
    if relative.startswith(".."):
        return Path(path).resolve().as_uri()
    return "/".join(part.replace("%", "%25").replace(" ", "%20") for part in Path(relative).parts)


def _region(locator: Locator, key: str, start: int, end: int) -> dict[str, int]:
    line, col, end_line, end_col = locator.span(key, start, end)
    return {
        "startLine": line,
        "startColumn": col,
        "endLine": end_line,
        "endColumn": end_col,
    }


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
    physical: dict[str, Any] = {"artifactLocation": {"uri": _uri(diag.path)}}
    location: dict[str, Any] = {"physicalLocation": physical}
    if diag.article is None:
        physical["region"] = _region(locator, diag.key, diag.start, diag.end)
    else:
        location["logicalLocations"] = [
            {
                "name": diag.field,
                "fullyQualifiedName": f"{diag.article}/{diag.field}",
                "kind": "member",
            }
        ]
    return location


def _result(diag: Diagnostic, index: int, locator: Locator) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": diag.code,
        "ruleIndex": index,
        "level": LEVEL[diag.severity],
        "message": {"text": diag.message},
        "locations": [_location(diag, locator)],
    }
    document = locator.documents.get(diag.key)
    flagged = " ".join(document.view[diag.start : diag.end].split()) if document else ""
    # Stable across edits above the finding, like the baseline: path, rule, flagged words.
    digest = hashlib.sha256(f"{diag.path}\0{diag.code}\0{diag.article}\0{flagged}".encode())
    result["partialFingerprints"] = {"newslintFlagged/v1": digest.hexdigest()[:32]}
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
        return result
    related = [
        {
            "id": i,
            "message": {"text": rel.message},
            "physicalLocation": {
                "artifactLocation": {"uri": _uri(rel.path)},
                "region": _region(locator, related_key(diag, rel), rel.start, rel.end),
            },
        }
        for i, rel in enumerate(diag.related)
    ]
    if related:
        result["relatedLocations"] = related
    if diag.fix is not None and diag.fix.safe:
        result["fixes"] = [
            {
                "description": {"text": diag.fix.message},
                "artifactChanges": [
                    {
                        "artifactLocation": {"uri": _uri(diag.path)},
                        "replacements": [
                            {
                                "deletedRegion": _region(locator, diag.key, e.start, e.end),
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
                "columnKind": "unicodeCodePoints",
                "results": [_result(d, codes[d.code], locator) for d in diagnostics],
            }
        ],
    }


def report(
    diagnostics: Sequence[Diagnostic], locator: Locator, out: TextIO, color: bool | None
) -> None:
    out.write(json_safe(json.dumps(sarif(diagnostics, locator), indent=2, ensure_ascii=False)))
    out.write("\n")
