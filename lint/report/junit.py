"""JUnit XML, for CI systems that show test reports (GitLab, Jenkins).

One test suite per linted file; one failing test case per finding, named after the rule
and placed by line and column (and article and field for JSON exports). A file with no
findings has one passing test case, so the report counts every file linted. A file that
could not be read or linted (not UTF-8, a bad JSON line) has a test case with an `error`
for each problem, counted in the suite's and the report's `errors`.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Sequence
from typing import TextIO

from newslint import regexes
from newslint.model import Diagnostic, FileError
from newslint.report import Locator, article_note, printable

# Characters XML 1.0 cannot hold at all, even escaped.
_NOT_XML = regexes.compile(r"[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\U00010000-\U0010FFFF]")


def _clean(text: str) -> str:
    """Text XML can hold, with control characters (a line break in a file name or a JSON
    id) shown escaped: the report is printed to logs, where a raw line break would begin a
    line of the copy's choosing (`::error::...`)."""
    return _NOT_XML.sub("\ufffd", printable(text))


def report(
    diagnostics: Sequence[Diagnostic], locator: Locator, out: TextIO, color: bool | None
) -> None:
    by_file: dict[str, list[Diagnostic]] = defaultdict(list)
    for document in locator.documents.values():
        by_file[document.path]  # every file linted gets a suite, findings or not
    for diag in diagnostics:
        by_file[diag.path].append(diag)
    errors: dict[str, list[FileError]] = defaultdict(list)
    for error in locator.errors:
        by_file[error.path]
        errors[error.path].append(error)
    counts = {path: len(found) + len(errors[path]) for path, found in by_file.items()}
    root = ET.Element(
        "testsuites", name="newslint", tests=str(sum(max(1, n) for n in counts.values()))
    )
    root.set("failures", str(len(diagnostics)))
    root.set("errors", str(len(locator.errors)))
    for path, found in by_file.items():
        suite = ET.SubElement(root, "testsuite", name=_clean(path), tests=str(max(1, counts[path])))
        suite.set("failures", str(len(found)))
        suite.set("errors", str(len(errors[path])))
        for error in errors[path]:
            case = ET.SubElement(suite, "testcase", name="read", classname=_clean(path))
            case.set("file", _clean(path))
            problem = ET.SubElement(
                case, "error", message=_clean(error.message), type="input error"
            )
            problem.text = _clean(f"{path}: {error.message}")
        if not found and not errors[path]:
            ET.SubElement(suite, "testcase", name="newslint", classname=_clean(path))
        for diag in found:
            line, col, _, _ = locator.span(diag.key, diag.start, diag.end)
            # The `line` a CI view opens is in the file; for a JSON export's finding the
            # text's line and column count inside the field (said with the article below).
            region = locator.file_region(diag)
            case = ET.SubElement(
                suite,
                "testcase",
                name=f"{diag.code} {diag.rule}",
                classname=_clean(path),
                file=_clean(path),
                line=str(region.line if region is not None else line),
            )
            failure = ET.SubElement(
                case, "failure", message=_clean(diag.message), type=str(diag.severity)
            )
            where = f"line {line}, column {col}{article_note(diag)}"
            failure.text = _clean(f"{where}: {diag.message}")
    ET.indent(root)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(root, encoding="unicode"))
    out.write("\n")
